#pragma once
// An io_context that one thread blocks on with deadlines, and that any other thread can
// cut short with interrupt(): how the intake worker waits on IMAP without ever being
// stuck there when the daemon wants to stop or reload.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>

namespace cvdd::daemon {

/// Threading contract: everything but interrupt() is called by the one thread that drives
/// the owner (the intake worker); interrupt() may be called from any thread at any time
/// while the object lives. The interrupt request is sticky: it stays set until the owner
/// calls clearInterrupt(), so one that arrives while nobody waits ends the next wait.
class InterruptibleIo {
 public:
  using Clock = std::chrono::steady_clock;
  enum class RunEnd { Done, Deadline, Interrupted };

  InterruptibleIo() = default;
  InterruptibleIo(const InterruptibleIo&) = delete;
  InterruptibleIo& operator=(const InterruptibleIo&) = delete;

  boost::asio::io_context& context() { return io_; }

  /// Thread-safe: requests an interrupt and wakes a running runUntil().
  void interrupt();
  /// Whether an interrupt was requested and not yet cleared.
  bool interrupted() const { return interrupted_.load(); }
  /// Forgets a requested interrupt (when a wait returns).
  void clearInterrupt() { interrupted_.store(false); }

  /// Runs the context's handlers until done() holds (Done), the deadline passes
  /// (Deadline) or, when interruptible, an interrupt is requested (Interrupted). done()
  /// is checked before each handler, so it sees every handler's effect. Asynchronous
  /// operations still pending at Deadline or Interrupted stay pending.
  RunEnd runUntil(const std::function<bool()>& done, Clock::time_point deadline,
                  bool interruptible);

  /// Sleeps until the deadline or an interrupt; returns which.
  RunEnd sleepUntil(Clock::time_point deadline);

 private:
  boost::asio::io_context io_;
  std::atomic<bool> interrupted_{false};
};

}  // namespace cvdd::daemon
