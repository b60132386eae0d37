#include "daemon/ack_budget.hpp"

#include "core/ack_budget.hpp"

namespace cvdd::daemon {

namespace {

constexpr std::string_view kPrefix = "ack/";

std::string hourBucket(core::Timestamp now) {
  auto iso = core::formatIso8601(now);              // "2026-11-22T02:01:56Z"
  return std::string(kPrefix) + iso.substr(0, 13);  // "ack/2026-11-22T02"
}

}  // namespace

std::optional<std::string> spendAcknowledgement(store::WriteTxn& txn, const LimitsConfig& limits,
                                                std::string_view sender, core::Timestamp now) {
  // One hour's keys: "ack/<hour>" for all senders, "ack/<hour>/@<domain>" for a domain
  // (no address starts with "@"), "ack/<hour>/<address>" for one sender.
  const std::string hour = hourBucket(now);
  const std::string overallKey = hour;
  const std::string domainKey = hour + "/@" + core::senderDomain(sender);
  const std::string senderKey = hour + "/" + std::string(sender);
  const core::AckCounts counts{txn.counter(senderKey), txn.counter(domainKey),
                               txn.counter(overallKey)};
  const core::AckBudget budget{limits.acksPerSenderPerHour, limits.acksPerDomainPerHour,
                               limits.acksPerHour};
  if (auto refusal = core::ackRefusal(counts, budget, sender)) return refusal;
  if (txn.bumpCounter(overallKey) == 1) {
    // The hour's first acknowledgement: drop the buckets of hours more than a day old.
    txn.pruneCounters(kPrefix, hourBucket(now - std::chrono::hours(24)));
  }
  txn.bumpCounter(domainKey);
  txn.bumpCounter(senderKey);
  return std::nullopt;
}

}  // namespace cvdd::daemon
