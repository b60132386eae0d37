#pragma once
// The Message-IDs cvdd writes on mail about a case.

#include <string>
#include <string_view>

#include "crypto/reply_token.hpp"

namespace cvdd::daemon {

/// "CVD-12345678.<what>[.rt-<token>]@host". Deterministic, so composing the same mail twice
/// gives the same ID and the outbox keeps it once. With a token key, the ID carries the
/// reply token of (case, recipient): a reply that references it proves it answers mail
/// sent to that recipient on that case. The case ID alone proves nothing; the token does.
std::string caseMessageId(std::string_view caseId, std::string_view what,
                          const crypto::ReplyTokenKey* tokens, std::string_view recipient,
                          std::string_view host);

}  // namespace cvdd::daemon
