#include "daemon/interruptible_io.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

namespace cvdd::daemon {

void InterruptibleIo::interrupt() {
  // Flag first, then wake: the waiting thread checks the flag after every handler, so
  // the empty handler makes run_one_until return and the flag is seen. post() on an
  // io_context is safe from any thread; when nobody runs the context, the handler waits
  // for the next run and does nothing then.
  interrupted_.store(true);
  boost::asio::post(io_, [] {});
}

InterruptibleIo::RunEnd InterruptibleIo::runUntil(const std::function<bool()>& done,
                                                  Clock::time_point deadline, bool interruptible) {
  // With outstanding work the context never stops for lack of it, so run_one_until
  // blocks until a handler ran or the deadline passed, rather than returning at once.
  auto work = boost::asio::make_work_guard(io_);
  if (io_.stopped()) io_.restart();
  for (;;) {
    if (done()) return RunEnd::Done;
    if (interruptible && interrupted()) return RunEnd::Interrupted;
    if (Clock::now() >= deadline) return RunEnd::Deadline;
    io_.run_one_until(deadline);
  }
}

InterruptibleIo::RunEnd InterruptibleIo::sleepUntil(Clock::time_point deadline) {
  return runUntil([] { return false; }, deadline, true);
}

}  // namespace cvdd::daemon
