#pragma once
// Private: the parts of analyzeMessage that read one aspect of a walked message.

#include <optional>
#include <string>
#include <vector>

#include "parsers/message_analysis.hpp"
#include "parsers/mime_walk.hpp"

namespace cvdd::parsers::detail {

/// The transfer-decoded body of a node.
std::string decodedBody(const MimeNode& node);

/// Bare LF → CRLF; nothing else changes (RFC 3156 §5 canonical form for verification).
std::string crlfCanonical(std::string_view bytes);

/// The message's OpenPGP structure (RFC 3156 at the top or as the first part of a
/// top-level multipart/mixed; the Exchange "mixed-up" form; inline armor in the body
/// text part). textNode is the chosen body part or kNoNode.
PgpStructure findPgpStructure(const MimeTree& tree, std::size_t textNode,
                              std::vector<std::string>* warnings);

/// The inline armored block in a text and whether text lies around it (partial).
PgpStructure inlinePgpIn(std::string_view text);

struct MailKindResult {
  MailKind kind = MailKind::Normal;
  std::string reason;
  std::optional<DeliveryStatus> deliveryStatus;
};

/// Bounce > AutoReply > MailingList > Normal, from the top header section and structure.
MailKindResult classifyMail(const MimeTree& tree, const ParsedMessage& message);

/// The Autocrypt header for the From address (Autocrypt Level 1 §2.1): exactly one valid
/// header for that address, else nullopt.
std::optional<AutocryptHeader> autocryptHeader(const std::vector<HeaderField>& fields,
                                               const ParsedMessage& message);

}  // namespace cvdd::parsers::detail
