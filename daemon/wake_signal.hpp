#pragma once
// A sticky, thread-safe "wake up" for a thread blocked in poll(2): an eventfd that another
// thread raises. Raised while nobody waits, it stays raised until the next wait clears it,
// so a wake-up that races with the start of a wait is never lost.

#include <chrono>
#include <initializer_list>

namespace cvdd::daemon {

class WakeSignal {
 public:
  WakeSignal();  // throws std::system_error when no eventfd can be made
  ~WakeSignal();
  WakeSignal(const WakeSignal&) = delete;
  WakeSignal& operator=(const WakeSignal&) = delete;

  /// Any thread: ends the current or next wait.
  void raise();

  enum class Woken { Raised, Readable, TimedOut };

  /// Blocks until raise(), until one of fds is readable, or until `until`; clears the
  /// raised state when it reports Raised. EINTR restarts the wait.
  Woken wait(std::initializer_list<int> fds, std::chrono::steady_clock::time_point until);

 private:
  int fd_;
};

}  // namespace cvdd::daemon
