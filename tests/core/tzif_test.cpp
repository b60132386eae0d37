#include "core/tzif.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace cvdd::core;
using namespace std::chrono;

namespace {

// The test, not core/, reads the system's tz database (Debian's tzdata package).
std::optional<std::string> zoneinfo(const std::string& name) {
  std::ifstream in("/usr/share/zoneinfo/" + name, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

TimeZone loadZone(const std::string& name) {
  auto bytes = zoneinfo(name);
  if (!bytes) throw std::runtime_error("tzdata missing: " + name);
  auto tz = parseTzif(name, *bytes);
  if (!tz) throw std::runtime_error(tz.error().where + ": " + tz.error().what);
  return *tz;
}

#define REQUIRE_ZONE(name)                                                \
  if (!zoneinfo(name)) GTEST_SKIP() << "no /usr/share/zoneinfo/" << name; \
  const TimeZone tz = loadZone(name)

Timestamp utc(CivilDate date, seconds timeOfDay = seconds{0}) {
  return sys_days{date} + timeOfDay;
}

TEST(Tzif, TokyoIsNineHoursAhead) {
  REQUIRE_ZONE("Asia/Tokyo");
  EXPECT_EQ(tz.name(), "Asia/Tokyo");
  EXPECT_EQ(tz.offsetAt(utc(2026y / 2 / 28)), hours{9});
  EXPECT_EQ(tz.offsetAt(utc(2090y / 7 / 1)), hours{9});  // footer "JST-9"
  EXPECT_EQ(startOfLocalDay(2026y / 2 / 28, tz), utc(2026y / 2 / 27, hours{15}));
  EXPECT_EQ(localDate(utc(2025y / 11 / 29, hours{15}), tz), CivilDate{2025y / 11 / 30});
  EXPECT_EQ(localDate(utc(2025y / 11 / 29, hours{14} + minutes{59}), tz),
            CivilDate{2025y / 11 / 29});
  // Japan kept DST from 1948 to 1951: the table says so.
  EXPECT_EQ(tz.offsetAt(utc(1949y / 7 / 1)), hours{10});
}

TEST(Tzif, BerlinAroundTheDstChanges) {
  REQUIRE_ZONE("Europe/Berlin");
  // 2025-03-30 01:00Z: 02:00 CET becomes 03:00 CEST.
  EXPECT_EQ(tz.offsetAt(utc(2025y / 3 / 30, hours{1}) - seconds{1}), hours{1});
  EXPECT_EQ(tz.offsetAt(utc(2025y / 3 / 30, hours{1})), hours{2});
  EXPECT_EQ(toLocal(utc(2025y / 3 / 30, hours{1}), tz), (LocalDateTime{2025y / 3 / 30, hours{3}}));
  EXPECT_EQ(startOfLocalDay(2025y / 3 / 30, tz), utc(2025y / 3 / 29, hours{23}));
  EXPECT_EQ(startOfLocalDay(2025y / 3 / 31, tz), utc(2025y / 3 / 30, hours{22}));
  // 02:30 on the 30th does not exist: the first instant after it is 03:00 CEST.
  EXPECT_EQ(firstInstantAtOrAfter({2025y / 3 / 30, hours{2} + minutes{30}}, tz),
            utc(2025y / 3 / 30, hours{1}));
  // 2025-10-26 01:00Z: 03:00 CEST becomes 02:00 CET; 02:30 happens twice, the first wins.
  EXPECT_EQ(tz.offsetAt(utc(2025y / 10 / 26, hours{1})), hours{1});
  EXPECT_EQ(firstInstantAtOrAfter({2025y / 10 / 26, hours{2} + minutes{30}}, tz),
            utc(2025y / 10 / 26, minutes{30}));
  EXPECT_EQ(startOfLocalDay(2025y / 10 / 27, tz), utc(2025y / 10 / 26, hours{23}));
}

TEST(Tzif, BerlinBeyondTheTableFollowsTheFooter) {
  REQUIRE_ZONE("Europe/Berlin");
  EXPECT_EQ(tz.offsetAt(utc(2040y / 3 / 25, hours{1}) - seconds{1}), hours{1});
  EXPECT_EQ(tz.offsetAt(utc(2040y / 3 / 25, hours{1})), hours{2});
  EXPECT_EQ(tz.offsetAt(utc(2040y / 10 / 28, hours{1})), hours{1});
  EXPECT_EQ(startOfLocalDay(2040y / 7 / 1, tz), utc(2040y / 6 / 30, hours{22}));
}

TEST(Tzif, NewYorkAroundTheDstChanges) {
  REQUIRE_ZONE("America/New_York");
  EXPECT_EQ(tz.offsetAt(utc(2026y / 3 / 8, hours{7}) - seconds{1}), -hours{5});
  EXPECT_EQ(tz.offsetAt(utc(2026y / 3 / 8, hours{7})), -hours{4});
  EXPECT_EQ(tz.offsetAt(utc(2026y / 11 / 1, hours{6})), -hours{5});
  EXPECT_EQ(startOfLocalDay(2026y / 3 / 8, tz), utc(2026y / 3 / 8, hours{5}));
  EXPECT_EQ(startOfLocalDay(2026y / 3 / 9, tz), utc(2026y / 3 / 9, hours{4}));
  EXPECT_EQ(localDate(utc(2026y / 3 / 9, hours{3} + minutes{59}), tz), CivilDate{2026y / 3 / 8});
  // Far beyond the table (fat files end in 2037): 2060 changes from the footer.
  EXPECT_EQ(tz.offsetAt(utc(2060y / 3 / 14, hours{7})), -hours{4});
  EXPECT_EQ(tz.offsetAt(utc(2060y / 11 / 7, hours{6})), -hours{5});
}

TEST(Tzif, SantiagoSkipsLocalMidnight) {
  REQUIRE_ZONE("America/Santiago");
  // 2025-09-07 00:00 local does not exist (clocks go 24:00 → 01:00).
  EXPECT_EQ(startOfLocalDay(2025y / 9 / 7, tz), utc(2025y / 9 / 7, hours{4}));
  EXPECT_EQ(toLocal(utc(2025y / 9 / 7, hours{4}), tz), (LocalDateTime{2025y / 9 / 7, hours{1}}));
  // 2025-04-06: clocks go back from 24:00 to 23:00, so the 6th begins at 04:00Z.
  EXPECT_EQ(startOfLocalDay(2025y / 4 / 6, tz), utc(2025y / 4 / 6, hours{4}));
}

// A minimal hand-made v1 file: one transition, two types.
std::string v1File() {
  auto be32 = [](std::uint32_t v) {
    return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                       static_cast<char>(v >> 8), static_cast<char>(v)};
  };
  std::string out = "TZif";
  out += std::string(16, '\0');  // version 1 + reserved
  out += be32(0) + be32(0) + be32(0) + be32(1) + be32(2) + be32(8);
  out += be32(1'000'000'000);                   // 2001-09-09T01:46:40Z
  out += std::string(1, '\1');                  // → type 1
  out += be32(3600) + std::string{'\0', '\0'};  // type 0: +1h "AAA"
  out += be32(7200) + std::string{'\0', '\4'};  // type 1: +2h "BBB"
  out += std::string("AAA\0BBB\0", 8);
  return out;
}

TEST(Tzif, ReadsVersionOneFiles) {
  auto tz = parseTzif("Test/V1", v1File());
  ASSERT_TRUE(tz.has_value()) << tz.error().where << ": " << tz.error().what;
  EXPECT_EQ(tz->offsetAt(Timestamp{seconds{999'999'999}}), hours{1});
  EXPECT_EQ(tz->offsetAt(Timestamp{seconds{1'000'000'000}}), hours{2});
  EXPECT_EQ(tz->offsetAt(utc(2100y / 1 / 1)), hours{2});  // no footer: last offset forever
}

struct BadTzif {
  std::string label;
  std::string bytes;
  Errc code;
  std::string where;
};

std::vector<BadTzif> badFiles() {
  const std::string good = v1File();
  std::vector<BadTzif> out;
  out.push_back({"empty", "", Errc::InvalidConfig, "TZif Test/Bad @ byte 0"});
  out.push_back(
      {"no magic", "TZiF" + good.substr(4), Errc::InvalidConfig, "TZif Test/Bad @ byte 0"});
  out.push_back({"truncated", good.substr(0, good.size() - 3), Errc::InvalidConfig,
                 "TZif Test/Bad @ byte 44"});
  std::string badIndex = good;
  badIndex[48] = '\7';
  out.push_back({"type index", badIndex, Errc::InvalidConfig, "TZif Test/Bad @ byte 48"});
  std::string badVersion = good;
  badVersion[4] = '1';
  out.push_back({"version", badVersion, Errc::InvalidConfig, "TZif Test/Bad @ byte 4"});
  std::string leap = good;
  leap[31] = '\1';
  out.push_back({"leap seconds", leap, Errc::InvalidConfig, "TZif Test/Bad @ byte 28"});
  std::string huge = good + std::string(kMaxTzifBytes, '\0');
  out.push_back({"too big", huge, Errc::LimitExceeded, "TZif Test/Bad @ byte 0"});
  std::string noFooter = good;
  noFooter[4] = '2';  // claims v2 but has no second header
  out.push_back(
      {"v2 without a second header", noFooter, Errc::InvalidConfig, "TZif Test/Bad @ byte 69"});
  return out;
}

TEST(Tzif, RefusesMalformedFilesWithAPlace) {
  for (const auto& bad : badFiles()) {
    auto tz = parseTzif("Test/Bad", bad.bytes);
    ASSERT_FALSE(tz.has_value()) << bad.label;
    EXPECT_EQ(tz.error().code, bad.code) << bad.label;
    EXPECT_EQ(tz.error().where, bad.where) << bad.label << ": " << tz.error().what;
  }
}

TEST(Tzif, RefusesABadFooter) {
  auto bytes = zoneinfo("Europe/Berlin");
  if (!bytes) GTEST_SKIP();
  const auto footer = bytes->rfind("CET-1CEST");
  ASSERT_NE(footer, std::string::npos);
  std::string broken = *bytes;
  broken[footer + 3] = '!';
  auto tz = parseTzif("Europe/Berlin", broken);
  ASSERT_FALSE(tz.has_value());
  EXPECT_EQ(tz.error().code, Errc::InvalidConfig);
  EXPECT_NE(tz.error().what.find("footer"), std::string::npos);
}

}  // namespace

namespace {

// Every prefix of a real file is refused with an error, and no single corrupted byte
// makes the reader crash or read out of bounds (run under ASan in build-core-asan).
TEST(Tzif, TruncatedAndCorruptedBytesNeverCrash) {
  auto bytes = zoneinfo("Europe/Berlin");
  if (!bytes) GTEST_SKIP();
  for (std::size_t length = 0; length < bytes->size(); ++length) {
    EXPECT_FALSE(parseTzif("Europe/Berlin", bytes->substr(0, length)).has_value()) << length;
  }
  for (std::size_t i = 0; i < bytes->size(); ++i) {
    for (char value : {'\0', '\x7f', '\xff'}) {
      std::string corrupted = *bytes;
      corrupted[i] = value;
      (void)parseTzif("Europe/Berlin", corrupted);
    }
  }
}

}  // namespace
