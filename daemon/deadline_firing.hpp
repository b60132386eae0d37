#pragma once
// Fires the due deadlines of the LMDB due-time index: each one is applied to its case
// (core::command::DeadlineFired) and removed from the index in the same transaction, so
// a crash fires none twice and loses none. Several share one transaction (one fsync);
// a deadline whose firing fails is deferred with a backoff, so it holds back no other.

#include <chrono>
#include <cstddef>
#include <cstdint>

#include "core/time.hpp"
#include "daemon/coordination.hpp"
#include "store/store.hpp"

namespace cvdd::daemon {

struct FiringTick {
  std::size_t fired = 0;     // applied as DeadlineFired
  std::size_t stale = 0;     // no longer current or already fired: removed from the index
  std::size_t deferred = 0;  // firing failed: kept, moved to a later retry time

  std::size_t handled() const { return fired + stale + deferred; }
};

/// The wait before retrying a deadline after its n-th failed firing (n >= 1): a minute,
/// doubling, at most an hour. Long enough not to flood the log, short enough that a fixed
/// template or a restarted gpg-agent takes effect soon.
std::chrono::seconds deadlineRetryDelay(std::uint32_t attempts);

/// Fires due deadlines (index time <= now), oldest first, at most `limit`, `perCommit` to a
/// transaction. Firing one can make another due (unreachable → coordination impossible):
/// it is fired in the same tick. When a batch throws (a template, OpenPGP engine or store
/// failure), nothing of it is kept and its deadlines are fired one per transaction; the
/// one that fails is deferred (store::WriteTxn::deferDeadline), logged as DEADLINE_FAILED
/// and, on its first failure, reported to the operators by mail. Throws only when the
/// store itself fails.
FiringTick fireDueDeadlines(store::Store& store, const CoordinationEnvironment& env,
                            core::Timestamp now, std::size_t limit, std::size_t perCommit = 1);

}  // namespace cvdd::daemon
