#pragma once
// The hourly acknowledgement budgets (core/ack_budget) kept in the store's counters.

#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"
#include "daemon/config.hpp"
#include "store/store.hpp"

namespace cvdd::daemon {

/// Spends one acknowledgement to sender from this hour's budgets ([limits] acks_per_hour,
/// acks_per_domain_per_hour, acks_per_sender_per_hour) in txn's counters. Returns nullopt
/// when it was spent, else why none is left, having spent nothing.
std::optional<std::string> spendAcknowledgement(store::WriteTxn& txn, const LimitsConfig& limits,
                                                std::string_view sender, core::Timestamp now);

}  // namespace cvdd::daemon
