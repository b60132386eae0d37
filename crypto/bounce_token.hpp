#pragma once
// Bounce addresses (VERP): every outgoing message leaves with the envelope sender
// local+b-<token>@domain, where the token is an HMAC under the reply-token key over the
// outbox entry it carries (case, Message-ID, recipient). A delivery status notification
// comes back to that address, so one that arrives there with a token that verifies, for
// that entry's recipient, was caused by cvdd's own message. The Message-ID alone proves
// nothing: it is predictable and seen by every hop.

#include <optional>
#include <string>
#include <string_view>

#include "crypto/reply_token.hpp"

namespace cvdd::crypto {

/// The token for one outbox entry: the case's 8 digits, then 26 base32 characters of the
/// tag; lower-case [a-z0-9] only, so it survives mail systems that fold case. Throws
/// std::invalid_argument when caseId is not a case ID.
std::string bounceTokenFor(const ReplyTokenKey& key, std::string_view caseId,
                           std::string_view messageId, std::string_view recipient);

/// The case a token's digits name ("CVD#12345678"), unverified: only where to look for the
/// entry. nullopt for a token of the wrong shape.
std::optional<std::string> bounceTokenCase(std::string_view token, std::string_view casePrefix);

/// True when token was made by bounceTokenFor for exactly this entry (compared in constant
/// time, the token's case ignored).
bool bounceTokenMatches(const ReplyTokenKey& key, std::string_view token, std::string_view caseId,
                        std::string_view messageId, std::string_view recipient);

/// "local+b-<token>@domain" from the intake address "local@domain".
std::string bounceAddress(std::string_view intake, std::string_view token);

/// The token of a bounce address of this intake address (case-insensitive), or nullopt
/// when the address is not one.
std::optional<std::string> bounceTokenInAddress(std::string_view address, std::string_view intake);

}  // namespace cvdd::crypto
