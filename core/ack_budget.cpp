#include "core/ack_budget.hpp"

#include "core/participant.hpp"

namespace cvdd::core {

std::optional<std::string> ackRefusal(const AckCounts& counts, const AckBudget& budget,
                                      std::string_view sender) {
  // The sender's own budget reads as before ("... for <sender>"), so an operator sees which
  // flood it was.
  if (counts.sender >= budget.perSender)
    return "acknowledgement rate limit reached for " + std::string(sender);
  if (counts.domain >= budget.perDomain)
    return "acknowledgement rate limit reached for domain " + senderDomain(sender);
  if (counts.overall >= budget.overall) return "acknowledgement rate limit reached for all senders";
  return std::nullopt;
}

std::string senderDomain(std::string_view address) {
  const std::string normal = normalizeAddress(address);
  const std::size_t at = normal.rfind('@');
  return at == std::string::npos ? std::string() : normal.substr(at + 1);
}

}  // namespace cvdd::core
