#include "daemon/crash_point.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdlib>

namespace cvdd::daemon {

void crashPoint(std::string_view point) {
  static const char* configured = std::getenv("CVDD_TEST_CRASH_AT");
  if (configured == nullptr || point != configured) return;
  static constexpr char kMessage[] = "TEST_CRASH_POINT reached: killing the process\n";
  [[maybe_unused]] auto written = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  ::kill(::getpid(), SIGKILL);
}

}  // namespace cvdd::daemon
