#pragma once
// Everything cvdd needs to decide about one untrusted message, short of cryptography:
// the parsed fields, the MIME structure, where OpenPGP data sits (with the exact bytes to
// verify), attached keys, what kind of mail it is (report, auto-reply, bounce, list), and
// which limits it went over. Pure: bytes in, values out; never throws, never hangs.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "parsers/limits.hpp"
#include "parsers/parsed_message.hpp"

namespace cvdd::parsers {

struct PartInfo {
  std::string path;         // "1", "1.2" (IMAP-style), "" for a single-part message
  std::string contentType;  // lower-case "type/subtype"
  std::string charset;      // lower-case, "" when none
  std::string filename;     // decoded UTF-8 (RFC 2231 / RFC 2047), "" when none
  std::string disposition;  // "inline", "attachment", ""
  std::string transferEncoding;
  std::size_t encodedBytes = 0;
  std::size_t decodedBytes = 0;
  std::size_t depth = 0;
  std::size_t begin = 0;  // [begin, end): the whole part, header section included, as
  std::size_t end = 0;    // byte offsets into the raw message
};

enum class PgpKind {
  None,
  PgpMimeSigned,     // RFC 3156 multipart/signed, protocol application/pgp-signature
  PgpMimeEncrypted,  // RFC 3156 multipart/encrypted, protocol application/pgp-encrypted
  InlineSigned,      // "-----BEGIN PGP SIGNED MESSAGE-----" in a text part
  InlineEncrypted,   // "-----BEGIN PGP MESSAGE-----" in a text part
  // S/MIME (RFC 8551) signatures sit where PGP/MIME ones do and are verified by gpgsm.
  SmimeSigned,        // multipart/signed, protocol application/(x-)pkcs7-signature
  SmimeOpaqueSigned,  // application/(x-)pkcs7-mime; smime-type=signed-data
};

std::string_view pgpKindName(PgpKind kind);

/// The outermost OpenPGP structure of the message (only at the top level, or as the first
/// part of a top-level multipart/mixed — an encrypted part deeper inside is NOT decrypted,
/// see the Thunderbird corpus notes).
struct PgpStructure {
  PgpKind kind = PgpKind::None;
  std::string path;               // part path of the multipart/signed|encrypted or the text part
  std::string signedBytes;        // PgpMimeSigned, SmimeSigned: the first body part exactly as
                                  // received, headers included, line ends canonicalised to CRLF
  std::string signature;          // PgpMimeSigned: the application/pgp-signature part, decoded;
                                  // SmimeSigned: the pkcs7-signature part (DER);
                                  // SmimeOpaqueSigned: the signed-data object (DER)
  std::string ciphertext;         // PgpMimeEncrypted / InlineEncrypted: the armored block
  std::string armoredText;        // InlineSigned: the whole cleartext-signed block
  bool missingPart = false;       // multipart/signed without a signature part, etc.: counts as bad
  bool repairedExchange = false;  // MS-Exchange "mixed-up" encrypted form, repaired
  bool partial = false;           // the message holds content the signature or encryption does
                                  // not cover: text around the armored block, a part beside the
                                  // signed or encrypted one, a third part in multipart/signed
  std::string uncovered;          // where the first such content is ("part 2"), when partial
};

struct AutocryptHeader {
  std::string address;  // addr= attribute, lower-case
  std::string keyData;  // keydata= decoded from base64 (binary OpenPGP)
  bool preferEncrypt = false;
};

enum class MailKind {
  Normal,
  AutoReply,    // RFC 3834 Auto-Submitted other than "no", X-Autoreply, out-of-office
  Bounce,       // RFC 3464 DSN (multipart/report; report-type=delivery-status) or a
                // recognisable non-standard bounce (MAILER-DAEMON, empty return path)
  MailingList,  // List-Id / List-Unsubscribe / Precedence: list|bulk|junk
};

std::string_view mailKindName(MailKind kind);

/// One per-recipient block of a message/delivery-status part (RFC 3464 §2.3).
struct DsnRecipient {
  std::string finalRecipient;     // address, lower-case
  std::string originalRecipient;  // address, lower-case, "" when absent
  std::string action;             // lower-case: failed, delayed, delivered, relayed, expanded
  std::string status;             // e.g. "5.1.1"
  std::string diagnostic;         // Diagnostic-Code without its type ("smtp;")
};

struct DeliveryStatus {
  std::vector<std::string> failedRecipients;  // Final-Recipient / Original-Recipient with
                                              // Action: failed (lower-case addresses)
  std::string originalMessageId;              // of the returned message, without <>
  std::string status;                         // e.g. "5.1.1"
  std::string diagnostic;                     // Diagnostic-Code text
  std::vector<DsnRecipient> recipients;       // every per-recipient block, in order
};

struct MessageAnalysis {
  ParsedMessage message;
  std::vector<std::string> cc;          // lower-case addresses (message.cc has the names)
  std::vector<std::string> bcc;         // lower-case addresses (message.bcc has the names)
  std::optional<core::Timestamp> date;  // the Date field; nullopt when absent or invalid
  std::chrono::minutes dateOffset{0};   // the zone the Date field was written in
  std::vector<PartInfo> parts;
  PgpStructure pgp;
  std::vector<std::string> attachedKeys;  // decoded application/pgp-keys parts
  std::optional<AutocryptHeader> autocrypt;
  MailKind kind = MailKind::Normal;
  std::string kindReason;  // the header or structure that decided kind
  std::optional<DeliveryStatus> deliveryStatus;
  std::vector<LimitViolation> limitHits;
  std::vector<std::string> deliveredTo;  // envelope recipients seen (Delivered-To, X-Original-To)
};

/// Analyses a whole message within the limits. A limit hit stops the walk where it
/// happened and is reported; what was read until then is still returned.
MessageAnalysis analyzeMessage(std::string_view raw, const Limits& limits = {});

/// The inline OpenPGP block of a text (a decrypted inline message): its kind, its armored
/// text, and whether text lies around it (partial); kind None when there is none.
PgpStructure inlinePgpStructure(std::string_view text);

/// The transfer-decoded body of the leaf part at `path` (as in PartInfo::path), walked
/// within the same limits; nullopt when there is no such leaf.
std::optional<std::string> decodedPart(std::string_view raw, std::string_view path,
                                       const Limits& limits = {});

}  // namespace cvdd::parsers
