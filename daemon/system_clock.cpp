#include "daemon/system_clock.hpp"

#include <cstdlib>
#include <fstream>

namespace cvdd::daemon {

core::Timestamp currentTime() {
  if (const char* file = std::getenv("CVDD_TEST_CLOCK_FILE"); file != nullptr && *file != '\0') {
    std::ifstream in(file);
    long long seconds = 0;
    if (in >> seconds) return core::Timestamp{std::chrono::seconds{seconds}};
  }
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace cvdd::daemon
