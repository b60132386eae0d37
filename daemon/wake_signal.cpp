#include "daemon/wake_signal.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <system_error>
#include <vector>

namespace cvdd::daemon {

WakeSignal::WakeSignal() : fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
}

WakeSignal::~WakeSignal() {
  ::close(fd_);
}

void WakeSignal::raise() {
  const std::uint64_t one = 1;
  // EAGAIN only when the counter is saturated: it is raised already.
  [[maybe_unused]] auto written = ::write(fd_, &one, sizeof one);
}

WakeSignal::Woken WakeSignal::wait(std::initializer_list<int> fds,
                                   std::chrono::steady_clock::time_point until) {
  std::vector<pollfd> polled{{fd_, POLLIN, 0}};
  for (int fd : fds) polled.push_back({fd, POLLIN, 0});
  for (;;) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    const int timeout = static_cast<int>(std::clamp<long long>(left.count(), 0, 1 << 30));
    const int ready = ::poll(polled.data(), polled.size(), timeout);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return Woken::TimedOut;
    if (polled[0].revents != 0) {
      std::uint64_t count = 0;
      [[maybe_unused]] auto read = ::read(fd_, &count, sizeof count);
      return Woken::Raised;
    }
    return Woken::Readable;
  }
}

}  // namespace cvdd::daemon
