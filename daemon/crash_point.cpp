#include "daemon/crash_point.hpp"

#ifdef CVDD_TEST_HOOKS
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <string>
#endif

namespace cvdd::daemon {

#ifdef CVDD_TEST_HOOKS

namespace {

bool configured(std::string_view point) {
  static const char* value = std::getenv("CVDD_TEST_CRASH_AT");
  return value != nullptr && point == value;
}

[[noreturn]] void crash() {
  static constexpr char kMessage[] = "TEST_CRASH_POINT reached: killing the process\n";
  [[maybe_unused]] auto written = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  ::kill(::getpid(), SIGKILL);
  std::abort();
}

}  // namespace

bool testHooksCompiledIn() {
  return true;
}

void crashPoint(std::string_view point) {
  if (configured(point)) crash();
}

void crashPointForMessage(std::string_view point, std::string_view raw) {
  if (!configured(point)) return;
  const std::string marker = "X-Cvdd-Test-Crash: " + std::string(point);
  if (raw.find(marker) != std::string_view::npos) crash();
}

#else

bool testHooksCompiledIn() {
  return false;
}
void crashPoint(std::string_view) {}
void crashPointForMessage(std::string_view, std::string_view) {}

#endif

}  // namespace cvdd::daemon
