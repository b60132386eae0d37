#pragma once
// The clock the process runs on: the system's, or — in a build with the CMake option
// CVDD_TEST_HOOKS, for tests that must live through a year of deadlines in minutes — the
// epoch seconds written in $CVDD_TEST_CLOCK_FILE. An installed daemon ignores that variable.

#include "core/time.hpp"

namespace cvdd::daemon {

/// Now, in whole seconds. Test builds only: with CVDD_TEST_CLOCK_FILE set, the file's first
/// number (epoch seconds) is "now"; an unreadable file falls back to the system clock.
core::Timestamp currentTime();

}  // namespace cvdd::daemon
