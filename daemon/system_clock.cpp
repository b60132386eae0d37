#include "daemon/system_clock.hpp"

#ifdef CVDD_TEST_HOOKS
#include <cstdlib>
#include <fstream>
#endif

namespace cvdd::daemon {

core::Timestamp currentTime() {
#ifdef CVDD_TEST_HOOKS
  if (const char* file = std::getenv("CVDD_TEST_CLOCK_FILE"); file != nullptr && *file != '\0') {
    std::ifstream in(file);
    long long seconds = 0;
    if (in >> seconds) return core::Timestamp{std::chrono::seconds{seconds}};
  }
#endif
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace cvdd::daemon
