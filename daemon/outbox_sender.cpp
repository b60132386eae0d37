#include "daemon/outbox_sender.hpp"

#include <spdlog/spdlog.h>

#include "daemon/crash_point.hpp"

namespace cvdd::daemon {

std::chrono::seconds retryDelay(int attempts, std::chrono::seconds initial,
                                std::chrono::seconds max) {
  std::chrono::seconds delay = initial;
  for (int i = 0; i < attempts && delay < max; ++i) delay *= 2;
  return std::min(delay, max);
}

SendResult sendOneDue(store::Store& store, Transport& transport, const SmtpConfig& config,
                      core::Timestamp now, std::uint64_t afterSeq) {
  std::optional<store::OutboxEntry> entry;
  {
    auto txn = store.read();
    for (auto& due : txn.dueOutbox(now, 64)) {
      if (due.seq > afterSeq) {
        entry = std::move(due);
        break;
      }
    }
  }
  if (!entry) return SendResult::NothingDue;

  SendOutcome outcome = transport.send(*entry);
  if (outcome.sent) {
    crashPoint("after-send");
    auto txn = store.write();
    txn.markSent(entry->seq, now);
    txn.commit();
    spdlog::info("OUTBOX_SENT seq={} case={} message_id=<{}> recipients={}", entry->seq,
                 entry->caseId, entry->messageId, entry->recipients.size());
    return SendResult::Sent;
  }
  auto delay = outcome.permanent
                   ? config.retryMax
                   : retryDelay(entry->attempts, config.retryInitial, config.retryMax);
  auto txn = store.write();
  txn.rescheduleOutbox(entry->seq, now + delay, outcome.error);
  txn.commit();
  spdlog::warn("OUTBOX_RETRY seq={} case={} attempt={} retry_in={}s permanent={} error=\"{}\"",
               entry->seq, entry->caseId, entry->attempts + 1, delay.count(), outcome.permanent,
               outcome.error);
  return SendResult::Retry;
}

}  // namespace cvdd::daemon
