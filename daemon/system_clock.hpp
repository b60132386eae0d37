#pragma once
// The clock the process runs on: the system's, or — for tests that must live through a
// year of deadlines in minutes — the epoch seconds written in $CVDD_TEST_CLOCK_FILE.

#include "core/time.hpp"

namespace cvdd::daemon {

/// Now, in whole seconds. With CVDD_TEST_CLOCK_FILE set, the file's first number (epoch
/// seconds) is "now"; an unreadable file falls back to the system clock.
core::Timestamp currentTime();

}  // namespace cvdd::daemon
