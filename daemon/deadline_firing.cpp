#include "daemon/deadline_firing.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "daemon/crash_point.hpp"

namespace cvdd::daemon {

namespace {

struct FiredDeadline {
  std::string caseId;
  std::string key;
  bool applied = false;
  std::size_t notices = 0;
  std::string dropReason;  // why a stale entry was dropped
};

/// Fires up to n due deadlines in one transaction and commits it. Throws, committing
/// nothing, when any of them fails; `current` then holds the one that failed.
std::vector<FiredDeadline> fireInOneCommit(store::Store& store, const CoordinationEnvironment& env,
                                           core::Timestamp now, std::size_t n,
                                           std::optional<store::ScheduledDeadline>& current) {
  std::vector<FiredDeadline> fired;
  auto txn = store.write();
  // One index read per deadline: firing one may schedule another that is already due.
  while (fired.size() < n) {
    auto due = txn.dueDeadlines(now, 1);
    if (due.empty()) break;
    current = std::move(due.front());
    const auto& entry = *current;
    FiredDeadline f;
    f.caseId = entry.caseId;
    f.key = entry.deadline.key();
    auto outcome = applyCaseCommand(txn, env, entry.caseId,
                                    core::command::DeadlineFired{entry.deadline}, "deadline", now);
    txn.removeDueDeadline(entry.caseId, f.key);
    f.applied = outcome.has_value();
    if (outcome)
      f.notices = outcome->queued.size();
    else
      f.dropReason = outcome.error().what;
    fired.push_back(std::move(f));
  }
  if (fired.empty()) return fired;
  txn.commit();
  crashPoint("after-deadline-commit");
  return fired;
}

void count(const std::vector<FiredDeadline>& fired, FiringTick& tick) {
  for (const auto& f : fired) {
    if (f.applied) {
      ++tick.fired;
      spdlog::info("DEADLINE_FIRED case={} deadline={} notices={}", f.caseId, f.key, f.notices);
    } else {
      // The case moved on (answered, published, closed) or it fired before: the index
      // entry is stale. Dropping it is the only way forward; the reason is logged.
      ++tick.stale;
      spdlog::info("DEADLINE_DROPPED case={} deadline={} reason=\"{}\"", f.caseId, f.key,
                   f.dropReason);
    }
  }
}

/// Mails the operators about a deadline that could not fire. Best effort: the cause (an
/// OpenPGP engine failure, say) may well stop this notice too; the log has it anyway.
void alertOperators(store::Store& store, const CoordinationEnvironment& env,
                    const store::ScheduledDeadline& entry, const std::string& error,
                    core::Timestamp now) {
  const auto& operators = env.config->coordinator.operators;
  if (operators.empty()) return;
  try {
    auto txn = store.write();
    NoticeExtras extras;
    extras.alertCode = "DEADLINE_FAILED";
    extras.alertText = "deadline " + entry.deadline.key() + " of case " + entry.caseId +
                       " could not be fired and will be retried: " + error;
    for (const auto& address : operators) {
      auto queued = queueNotice(txn, env, entry.caseId, "operator-alert",
                                {NoticeAudience::Operator, address, ""}, extras, now);
      if (!queued) return;
    }
    txn.commit();
  } catch (const std::exception& e) {
    spdlog::error("OPERATOR_ALERT_FAILED case={} code=DEADLINE_FAILED error=\"{}\"", entry.caseId,
                  e.what());
  }
}

/// Moves a deadline whose firing just failed with `error` to its retry time. Its own
/// transaction: the failed one left nothing behind.
void defer(store::Store& store, const CoordinationEnvironment& env, core::Timestamp now,
           const store::ScheduledDeadline& failed, const std::string& error) {
  std::optional<store::ScheduledDeadline> entry;
  store::DeadlineRetry retry;
  {
    auto txn = store.write();
    // Read afresh: another writer (cvdctl) may have moved or cancelled it meanwhile.
    for (auto& scheduled : txn.deadlinesOfCase(failed.caseId))
      if (scheduled.deadline.key() == failed.deadline.key()) entry = std::move(scheduled);
    if (!entry) return;
    retry.attempts = entry->retry ? entry->retry->attempts + 1 : 1;
    retry.retryAt = now + deadlineRetryDelay(retry.attempts);
    retry.lastError = error;
    txn.deferDeadline(entry->caseId, entry->deadline.key(), retry);
    txn.commit();
  }
  spdlog::error("DEADLINE_FAILED case={} deadline={} attempts={} retry_at={} error=\"{}\"",
                entry->caseId, entry->deadline.key(), retry.attempts,
                core::formatIso8601(retry.retryAt), error);
  if (retry.attempts == 1) alertOperators(store, env, *entry, error, now);
}

}  // namespace

std::chrono::seconds deadlineRetryDelay(std::uint32_t attempts) {
  constexpr std::chrono::seconds first{60};
  constexpr std::chrono::seconds most{3600};
  if (attempts <= 1) return first;
  const std::uint32_t doublings = std::min<std::uint32_t>(attempts - 1, 6);  // 60 s << 6 > 1 h
  return std::min(most, first * (std::int64_t{1} << doublings));
}

FiringTick fireDueDeadlines(store::Store& store, const CoordinationEnvironment& env,
                            core::Timestamp now, std::size_t limit, std::size_t perCommit) {
  FiringTick tick;
  perCommit = std::max<std::size_t>(perCommit, 1);
  while (tick.handled() < limit) {
    const std::size_t batch = std::min(perCommit, limit - tick.handled());
    std::vector<FiredDeadline> fired;
    std::optional<store::ScheduledDeadline> current;
    try {
      fired = fireInOneCommit(store, env, now, batch, current);
    } catch (const std::exception&) {
      // Nothing of the batch was kept. Fire its deadlines one per transaction so that
      // only the failing one is set aside.
      const std::size_t before = tick.handled();
      while (tick.handled() - before < batch) {
        current.reset();
        try {
          auto one = fireInOneCommit(store, env, now, 1, current);
          if (one.empty()) break;
          count(one, tick);
        } catch (const std::exception& e) {
          if (!current) throw;  // the store failed before any deadline was read
          defer(store, env, now, *current, e.what());
          ++tick.deferred;
        }
      }
      if (tick.handled() == before) break;
      continue;
    }
    if (fired.empty()) break;
    count(fired, tick);
  }
  return tick;
}

}  // namespace cvdd::daemon
