#pragma once
// Test-only fault injection: CVDD_TEST_CRASH_AT=<point> makes the process SIGKILL itself
// the first time it reaches that point, so tests can prove nothing is lost or doubled.

#include <string_view>

namespace cvdd::daemon {

/// Points: "after-fetch", "after-commit", "after-flag", "after-send".
void crashPoint(std::string_view point);

}  // namespace cvdd::daemon
