#pragma once
// Test-only fault injection: CVDD_TEST_CRASH_AT=<point> makes the process SIGKILL itself
// when it reaches that point, so tests can prove nothing is lost or doubled. Compiled in
// only with the CMake option CVDD_TEST_HOOKS (the test build); otherwise these do nothing,
// so nobody who can set the installed daemon's environment can make it crash.

#include <string_view>

namespace cvdd::daemon {

/// True when this binary was built with the test hooks (logged at start).
bool testHooksCompiledIn();

/// Points: "after-fetch", "after-commit", "after-flag", "after-send",
/// "after-deadline-commit", "in-store-upgrade" (a schema upgrade's work done, not committed).
void crashPoint(std::string_view point);

/// "in-parser": fires only while processing a message whose raw bytes carry the line
/// "X-Cvdd-Test-Crash: <point>", so one poison message crashes and the others pass.
void crashPointForMessage(std::string_view point, std::string_view raw);

}  // namespace cvdd::daemon
