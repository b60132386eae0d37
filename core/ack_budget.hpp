#pragma once
// Hourly budgets for acknowledgements: a flood of reports, from one address, from many
// addresses of one domain, or from everywhere, must not turn cvdd into a source of
// backscatter. Pure: the counts are read from the store by the caller.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cvdd::core {

/// Acknowledgements allowed per hour.
struct AckBudget {
  std::uint64_t perSender = 5;
  std::uint64_t perDomain = 20;
  std::uint64_t overall = 200;
};

/// Acknowledgements already sent in the current hour.
struct AckCounts {
  std::uint64_t sender = 0;
  std::uint64_t domain = 0;
  std::uint64_t overall = 0;
};

/// nullopt when one more acknowledgement to sender fits every budget; else the reason,
/// naming the budget that is spent (the narrowest first).
std::optional<std::string> ackRefusal(const AckCounts& counts, const AckBudget& budget,
                                      std::string_view sender);

/// The domain of an address, lower-case ("" when it has none).
std::string senderDomain(std::string_view address);

}  // namespace cvdd::core
