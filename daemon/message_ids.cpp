#include "daemon/message_ids.hpp"

#include "core/participant.hpp"

namespace cvdd::daemon {

std::string caseMessageId(std::string_view caseId, std::string_view what,
                          const crypto::ReplyTokenKey* tokens, std::string_view recipient,
                          std::string_view host) {
  std::string base(caseId);
  for (char& ch : base)
    if (ch == '#') ch = '-';  // '#' is legal in a Message-ID, but clients quote it oddly
  base += ".";
  base += what;
  if (tokens == nullptr) return base + "@" + std::string(host);
  return crypto::tokenedMessageId(base, tokens->tokenFor(caseId, core::normalizeAddress(recipient)),
                                  host);
}

}  // namespace cvdd::daemon
