#pragma once
// Drains the durable outbox: one attempt per entry and call, exponential backoff on failure.

#include <optional>

#include "core/time.hpp"
#include "daemon/config.hpp"
#include "daemon/transport.hpp"
#include "store/store.hpp"

namespace cvdd::daemon {

/// Delay before attempt number `attempts + 1`: initial * 2^attempts, capped at max.
std::chrono::seconds retryDelay(int attempts, std::chrono::seconds initial,
                                std::chrono::seconds max);

enum class SendResult { Sent, Retry, NothingDue };

/// Sends the oldest due entry once and records the outcome in its own transaction.
/// A crash after the server's acceptance and before that commit resends the same bytes
/// with the same Message-ID on restart: the one duplicate SMTP cannot rule out.
SendResult sendOneDue(store::Store& store, Transport& transport, const SmtpConfig& config,
                      core::Timestamp now, std::uint64_t afterSeq = 0);

}  // namespace cvdd::daemon
