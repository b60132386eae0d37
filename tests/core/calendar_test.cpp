#include "core/calendar.hpp"

#include <gtest/gtest.h>

using namespace cvdd::core;
using namespace std::chrono;

namespace {

struct MonthsCase {
  CivilDate from;
  int months;
  CivilDate expected;
};

class AddCalendarMonths : public ::testing::TestWithParam<MonthsCase> {};

TEST_P(AddCalendarMonths, ClampsToMonthEnd) {
  const auto& c = GetParam();
  EXPECT_EQ(addCalendarMonths(c.from, c.months), c.expected)
      << formatDate(c.from) << " + " << c.months << " months";
}

INSTANTIATE_TEST_SUITE_P(
    Table, AddCalendarMonths,
    ::testing::Values(MonthsCase{2025y / 11 / 30, 3, 2026y / 2 / 28},  // domain.md's example
                      MonthsCase{2023y / 11 / 30, 3, 2024y / 2 / 29},  // leap year
                      MonthsCase{2027y / 11 / 30, 3, 2028y / 2 / 29},  // leap year
                      MonthsCase{2099y / 11 / 30, 3, 2100y / 2 / 28},  // 2100 is not leap
                      MonthsCase{2399y / 11 / 30, 3, 2400y / 2 / 29},  // 2400 is
                      MonthsCase{2025y / 8 / 31, 6, 2026y / 2 / 28},
                      MonthsCase{2023y / 8 / 31, 6, 2024y / 2 / 29},
                      MonthsCase{2025y / 1 / 31, 1, 2025y / 2 / 28},
                      MonthsCase{2024y / 1 / 31, 1, 2024y / 2 / 29},
                      MonthsCase{2025y / 1 / 31, 3, 2025y / 4 / 30},
                      MonthsCase{2025y / 3 / 31, -1, 2025y / 2 / 28},
                      MonthsCase{2024y / 2 / 29, 12, 2025y / 2 / 28},  // one year
                      MonthsCase{2024y / 2 / 29, 48, 2028y / 2 / 29},
                      MonthsCase{2025y / 12 / 15, 1, 2026y / 1 / 15},  // year wrap
                      MonthsCase{2025y / 5 / 10, 0, 2025y / 5 / 10},
                      MonthsCase{2025y / 5 / 10, -17, 2023y / 12 / 10}));

TEST(AddCalendarMonths, LeavesInvalidDatesAlone) {
  const CivilDate bad = 2025y / 2 / 30;
  EXPECT_EQ(addCalendarMonths(bad, 1), bad);
  EXPECT_EQ(addDays(bad, 1), bad);
}

TEST(AddDays, CrossesMonthsYearsAndLeapDays) {
  EXPECT_EQ(addDays(2025y / 11 / 30, 45), 2026y / 1 / 14);
  EXPECT_EQ(addDays(2024y / 2 / 28, 1), 2024y / 2 / 29);
  EXPECT_EQ(addDays(2100y / 2 / 28, 1), 2100y / 3 / 1);
  EXPECT_EQ(addDays(2028y / 2 / 28, 1), 2028y / 2 / 29);
  EXPECT_EQ(addDays(2026y / 1 / 1, -1), 2025y / 12 / 31);
  EXPECT_EQ(addDays(2026y / 1 / 14, -45), 2025y / 11 / 30);
}

TEST(DaysBetween, IsSigned) {
  EXPECT_EQ(daysBetween(2025y / 11 / 30, 2026y / 1 / 14), 45);
  EXPECT_EQ(daysBetween(2026y / 1 / 14, 2025y / 11 / 30), -45);
  EXPECT_EQ(daysBetween(2024y / 1 / 1, 2025y / 1 / 1), 366);
}

TEST(FormatDate, IsIso8601) {
  EXPECT_EQ(formatDate(2026y / 2 / 28), "2026-02-28");
  EXPECT_EQ(formatDate(987y / 1 / 5), "0987-01-05");
}

TEST(ParseDate, AcceptsOnlyValidIsoDates) {
  EXPECT_EQ(parseDate("2024-02-29"), CivilDate{2024y / 2 / 29});
  EXPECT_EQ(parseDate("2025-02-29"), std::nullopt);
  EXPECT_EQ(parseDate("2025-13-01"), std::nullopt);
  EXPECT_EQ(parseDate("2025-1-01"), std::nullopt);
  EXPECT_EQ(parseDate("2025/01/01"), std::nullopt);
  EXPECT_EQ(parseDate("2025-01-0x"), std::nullopt);
  EXPECT_EQ(parseDate(""), std::nullopt);
}

}  // namespace
