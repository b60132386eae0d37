#include "core/time.hpp"

#include <gtest/gtest.h>

using namespace cvdd::core;
using namespace std::chrono;

TEST(FormatIso8601, PrintsUtcSeconds) {
  Timestamp t = sys_days{2026y / 11 / 22} + 2h + 1min + 56s;
  EXPECT_EQ(formatIso8601(t), "2026-11-22T02:01:56Z");
  EXPECT_EQ(formatIso8601(Timestamp{}), "1970-01-01T00:00:00Z");
}

TEST(FormatRfc5322, PrintsWeekdayMonthAndUtcOffset) {
  Timestamp t = sys_days{2026y / 11 / 22} + 2h + 1min + 56s;
  EXPECT_EQ(formatRfc5322(t), "Sun, 22 Nov 2026 02:01:56 +0000");
  EXPECT_EQ(formatRfc5322(sys_days{2024y / 2 / 29}), "Thu, 29 Feb 2024 00:00:00 +0000");
}
