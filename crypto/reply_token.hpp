#pragma once
// Reply tokens: intake+<token>@domain, an HMAC over case and participant, so a reply can
// be tied to the notice it answers without trusting the subject.

#include <optional>
#include <string>
#include <string_view>

namespace cvdd::crypto {

struct ReplyTokenClaim {
  std::string caseId;       // "CVD#12345678"
  std::string participant;  // the participant's address, lower-case
};

class ReplyTokenKey {
 public:
  /// Reads the key file, creating it (32 random bytes, mode 0600) when missing.
  /// Throws std::runtime_error when it can neither read nor create it.
  static ReplyTokenKey loadOrCreate(const std::string& path);
  explicit ReplyTokenKey(std::string secret);

  /// A token for the local part: lower-case [a-z0-9] only, so it survives mail systems
  /// that fold case. It carries the case number and an HMAC tag over case+participant.
  std::string tokenFor(std::string_view caseId, std::string_view participant) const;

  /// Checks a token against the claimed participant (the From address): returns the case
  /// when the tag matches, nullopt for a forged, truncated or other participant's token.
  std::optional<std::string> caseFor(std::string_view token, std::string_view casePrefix,
                                     std::string_view participant) const;

  /// The reference of one notice's reply form: an HMAC over the case, the participant,
  /// the notice's name and how many notices of that name went to that participant on the
  /// case before it. 16 characters [a-z2-7]. A signed reply quoting it names the notice it
  /// answers, and only cvdd can tell which one.
  std::string noticeReference(std::string_view caseId, std::string_view participant,
                              std::string_view notice, std::size_t ordinal) const;

  /// An HMAC-SHA256 tag under this key over label, NUL, message: the first 128 bits as 26
  /// lower-case base32 characters. The label keeps tags of one kind (e.g. bounce
  /// addresses) from ever passing for tags of another; a reply token's tag has none.
  std::string labelledTag(std::string_view label, std::string_view message) const;

 private:
  std::string secret_;
};

/// Splits "intake+token@domain" for this intake address: returns the token, or nullopt
/// when the address is not a tagged form of the intake address.
std::optional<std::string> tokenInAddress(std::string_view address, std::string_view intake);

/// "local+token@domain" from the intake address "local@domain".
std::string taggedAddress(std::string_view intake, std::string_view token);

/// "<base>.rt-<token>@<host>": a Message-ID that carries its recipient's reply token, so a
/// reply that references the message proves what a reply to the tagged address proves.
/// Only the recipient (and the mail hops) see it; the rest of the ID stays readable.
std::string tokenedMessageId(std::string_view base, std::string_view token, std::string_view host);

/// The token of a Message-ID made by tokenedMessageId (with or without <>), or nullopt.
std::optional<std::string> tokenInMessageId(std::string_view messageId);

}  // namespace cvdd::crypto
