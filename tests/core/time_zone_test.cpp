#include "core/time_zone.hpp"

#include <gtest/gtest.h>

using namespace cvdd::core;
using namespace std::chrono;

namespace {

Timestamp utc(CivilDate date, seconds timeOfDay = seconds{0}) {
  return sys_days{date} + timeOfDay;
}

TEST(FixedTimeZone, TokyoDayStartsAt1500ZThePreviousDay) {
  const auto tokyo = TimeZone::fixed("Asia/Tokyo", hours{9});
  EXPECT_EQ(tokyo.name(), "Asia/Tokyo");
  EXPECT_EQ(startOfLocalDay(2026y / 2 / 28, tokyo), utc(2026y / 2 / 27, hours{15}));
  EXPECT_EQ(localDate(utc(2026y / 2 / 27, hours{15}), tokyo), CivilDate{2026y / 2 / 28});
  EXPECT_EQ(localDate(utc(2026y / 2 / 27, hours{15}) - seconds{1}, tokyo),
            CivilDate{2026y / 2 / 27});
  EXPECT_EQ(toLocal(utc(2025y / 12 / 31, hours{20} + minutes{30}), tokyo),
            (LocalDateTime{2026y / 1 / 1, hours{5} + minutes{30}}));
}

TEST(FixedTimeZone, UtcAndNegativeOffsets) {
  EXPECT_EQ(startOfLocalDay(2025y / 1 / 1, TimeZone::utc()), utc(2025y / 1 / 1));
  const auto honolulu = TimeZone::fixed("Pacific/Honolulu", -hours{10});
  EXPECT_EQ(startOfLocalDay(2025y / 1 / 1, honolulu), utc(2025y / 1 / 1, hours{10}));
  EXPECT_EQ(localDate(utc(2025y / 1 / 1, hours{9}), honolulu), CivilDate{2024y / 12 / 31});
}

TEST(FormatLocalTime, ShowsTheWallClockTheOffsetAndTheZone) {
  const auto tokyo = TimeZone::fixed("Asia/Tokyo", hours{9});
  EXPECT_EQ(formatLocalTime(utc(2026y / 11 / 22, hours{15} + minutes{5} + seconds{59}), tokyo),
            "2026-11-23 00:05 +09:00 (Asia/Tokyo)");
  EXPECT_EQ(formatLocalTime(utc(2026y / 1 / 1), TimeZone::utc()),
            "2026-01-01 00:00 +00:00 (" + TimeZone::utc().name() + ")");
  const auto stJohns = TimeZone::fixed("America/St_Johns", -(hours{3} + minutes{30}));
  EXPECT_EQ(formatLocalTime(utc(2026y / 1 / 1, hours{2}), stJohns),
            "2025-12-31 22:30 -03:30 (America/St_Johns)");
}

// A zone that springs forward at local midnight (+1 → +2 at 23:00Z) and falls back across
// midnight (+2 → +1 at 22:30Z, local 00:30 → 23:30 of the previous day).
TimeZone midnightZone() {
  auto tz = TimeZone::fromTransitions(
      "Test/Midnight", hours{1},
      {OffsetTransition{utc(2025y / 3 / 29, hours{23}), hours{2}},
       OffsetTransition{utc(2025y / 10 / 25, hours{22} + minutes{30}), hours{1}}});
  EXPECT_TRUE(tz.has_value());
  return *tz;
}

TEST(FormatLocalTime, TheOffsetFollowsDaylightSavingTime) {
  const auto tz = midnightZone();
  EXPECT_EQ(formatLocalTime(utc(2025y / 3 / 29, hours{22} + minutes{59}), tz),
            "2025-03-29 23:59 +01:00 (Test/Midnight)");
  EXPECT_EQ(formatLocalTime(utc(2025y / 3 / 29, hours{23}), tz),
            "2025-03-30 01:00 +02:00 (Test/Midnight)");
}

TEST(TransitionTable, OffsetAtFollowsTheTable) {
  const auto tz = midnightZone();
  EXPECT_EQ(tz.offsetAt(utc(2000y / 1 / 1)), hours{1});
  EXPECT_EQ(tz.offsetAt(utc(2025y / 3 / 29, hours{23}) - seconds{1}), hours{1});
  EXPECT_EQ(tz.offsetAt(utc(2025y / 3 / 29, hours{23})), hours{2});
  EXPECT_EQ(tz.offsetAt(utc(2030y / 1 / 1)), hours{1});  // no footer: last offset continues
}

TEST(TransitionTable, DayWhoseMidnightIsSkippedStartsAtTheEndOfTheGap) {
  const auto tz = midnightZone();
  // Local 2025-03-30 00:00 does not exist; the day begins at 01:00 local = 23:00Z.
  EXPECT_EQ(startOfLocalDay(2025y / 3 / 30, tz), utc(2025y / 3 / 29, hours{23}));
  EXPECT_EQ(toLocal(utc(2025y / 3 / 29, hours{23}), tz), (LocalDateTime{2025y / 3 / 30, hours{1}}));
  EXPECT_EQ(startOfLocalDay(2025y / 3 / 29, tz), utc(2025y / 3 / 28, hours{23}));
  // A wall-clock time inside the gap maps to the end of the gap.
  EXPECT_EQ(firstInstantAtOrAfter({2025y / 3 / 30, minutes{30}}, tz),
            utc(2025y / 3 / 29, hours{23}));
}

TEST(TransitionTable, DayReachedTwiceStartsAtTheFirstMidnight) {
  const auto tz = midnightZone();
  // Local 2025-10-26 00:00 first occurs at 22:00Z (+2); at 22:30Z clocks go back to 23:30
  // of the 25th and reach the 26th again at 23:00Z.
  EXPECT_EQ(startOfLocalDay(2025y / 10 / 26, tz), utc(2025y / 10 / 25, hours{22}));
  EXPECT_EQ(localDate(utc(2025y / 10 / 25, hours{22} + minutes{45}), tz),
            CivilDate{2025y / 10 / 25});
  EXPECT_EQ(startOfLocalDay(2025y / 10 / 27, tz), utc(2025y / 10 / 26, hours{23}));
}

TEST(TransitionTable, RefusesUnorderedOrImplausibleTables) {
  auto unordered = TimeZone::fromTransitions("Bad/Order", hours{0},
                                             {OffsetTransition{utc(2025y / 2 / 1), hours{1}},
                                              OffsetTransition{utc(2025y / 1 / 1), hours{0}}});
  ASSERT_FALSE(unordered.has_value());
  EXPECT_EQ(unordered.error().code, Errc::InvalidConfig);
  EXPECT_EQ(unordered.error().where, "time zone Bad/Order transition 1");
  auto huge = TimeZone::fromTransitions("Bad/Offset", hours{30}, {});
  ASSERT_FALSE(huge.has_value());
  EXPECT_EQ(huge.error().code, Errc::InvalidConfig);
}

TEST(PosixTz, ParsesNamesOffsetsAndRules) {
  auto berlin = parsePosixTz("CET-1CEST,M3.5.0,M10.5.0/3");
  ASSERT_TRUE(berlin.has_value()) << berlin.error().what;
  EXPECT_EQ(berlin->standardName, "CET");
  EXPECT_EQ(berlin->standardOffset, hours{1});
  ASSERT_TRUE(berlin->dst.has_value());
  EXPECT_EQ(berlin->dst->name, "CEST");
  EXPECT_EQ(berlin->dst->offset, hours{2});
  EXPECT_EQ(berlin->dst->startTime, hours{2});
  EXPECT_EQ(berlin->dst->endTime, hours{3});
  const auto y2040 = berlin->transitionsIn(year{2040});
  ASSERT_EQ(y2040.size(), 2u);
  EXPECT_EQ(y2040[0], (OffsetTransition{utc(2040y / 3 / 25, hours{1}), hours{2}}));
  EXPECT_EQ(y2040[1], (OffsetTransition{utc(2040y / 10 / 28, hours{1}), hours{1}}));

  auto tokyo = parsePosixTz("JST-9");
  ASSERT_TRUE(tokyo.has_value());
  EXPECT_EQ(tokyo->standardOffset, hours{9});
  EXPECT_FALSE(tokyo->dst.has_value());

  auto quoted = parsePosixTz("<+0530>-5:30");
  ASSERT_TRUE(quoted.has_value());
  EXPECT_EQ(quoted->standardName, "+0530");
  EXPECT_EQ(quoted->standardOffset, hours{5} + minutes{30});
}

TEST(PosixTz, SouthernHemisphereAndHour24Rules) {
  // Santiago: DST from the first Saturday of September at 24:00 to the first Saturday of
  // April at 24:00; 2025-09-07 local midnight is skipped.
  auto santiago = parsePosixTz("<-04>4<-03>,M9.1.6/24,M4.1.6/24");
  ASSERT_TRUE(santiago.has_value()) << santiago.error().what;
  const auto y2025 = santiago->transitionsIn(year{2025});
  ASSERT_EQ(y2025.size(), 2u);
  EXPECT_EQ(y2025[0], (OffsetTransition{utc(2025y / 4 / 6, hours{3}), -hours{4}}));
  EXPECT_EQ(y2025[1], (OffsetTransition{utc(2025y / 9 / 7, hours{4}), -hours{3}}));
  EXPECT_EQ(santiago->offsetAt(utc(2025y / 1 / 1)), -hours{3});
  EXPECT_EQ(santiago->offsetAt(utc(2025y / 7 / 1)), -hours{4});
}

TEST(PosixTz, JulianDayForms) {
  // Jn never counts Feb 29; n counts it from zero.
  PosixRuleDate j60{PosixRuleDate::Kind::JulianNoLeap, 60, 1, 1, 0};
  EXPECT_EQ(j60.in(year{2024}), CivilDate{2024y / 3 / 1});
  EXPECT_EQ(j60.in(year{2025}), CivilDate{2025y / 3 / 1});
  PosixRuleDate n59{PosixRuleDate::Kind::ZeroBased, 59, 1, 1, 0};
  EXPECT_EQ(n59.in(year{2024}), CivilDate{2024y / 2 / 29});
  EXPECT_EQ(n59.in(year{2025}), CivilDate{2025y / 3 / 1});
  auto rule = parsePosixTz("XXX3YYY,J60/1,300/-2:30");
  ASSERT_TRUE(rule.has_value()) << rule.error().what;
  EXPECT_EQ(rule->dst->offset, -hours{2});
  EXPECT_EQ(rule->dst->endTime, -(hours{2} + minutes{30}));
}

TEST(PosixTz, RefusesMalformedStrings) {
  for (const char* bad :
       {"", "CE-1", "CET", "CET-1CEST", "CET-1CEST,M3.5.0", "CET-1CEST,M13.5.0,M10.5.0",
        "CET-1CEST,M3.6.0,M10.5.0", "CET-1CEST,M3.5.7,M10.5.0", "CET-1CEST,J0,J100",
        "CET-1CEST,M3.5.0,M10.5.0/168", "<+09-9", "CET-1x"}) {
    auto rule = parsePosixTz(bad);
    EXPECT_FALSE(rule.has_value()) << bad;
    if (!rule) {
      EXPECT_EQ(rule.error().code, Errc::InvalidConfig) << bad;
    }
  }
}

TEST(TransitionTable, FooterGovernsInstantsAfterTheTable) {
  auto rule = parsePosixTz("CET-1CEST,M3.5.0,M10.5.0/3");
  ASSERT_TRUE(rule.has_value());
  auto tz = TimeZone::fromTransitions(
      "Test/Berlin", hours{1}, {OffsetTransition{utc(2037y / 10 / 25, hours{1}), hours{1}}}, *rule);
  ASSERT_TRUE(tz.has_value());
  EXPECT_EQ(tz->offsetAt(utc(2040y / 3 / 25, hours{1}) - seconds{1}), hours{1});
  EXPECT_EQ(tz->offsetAt(utc(2040y / 3 / 25, hours{1})), hours{2});
  EXPECT_EQ(tz->offsetAt(utc(2040y / 10 / 28, hours{1})), hours{1});
  const auto changes = tz->transitionsBetween(utc(2040y / 1 / 1), utc(2041y / 1 / 1));
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].at, utc(2040y / 3 / 25, hours{1}));
}

}  // namespace
