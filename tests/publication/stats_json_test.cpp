// stats.json: its keys are stable and its figures are the statistics'.

#include "publication/stats_json.hpp"

#include <gtest/gtest.h>

#include "tests/publication/stats_fixture.hpp"

namespace cvdd::publication {
namespace {

using namespace std::chrono;

using testing::StatsFixture;

std::vector<std::string> keysOf(const nlohmann::json& object) {
  std::vector<std::string> out;
  for (const auto& [key, value] : object.items()) out.push_back(key);
  return out;
}

TEST(StatsJson, KeysAreStable) {
  StatsFixture fixture;
  const auto j = statisticsJson(fixture.year2026());
  EXPECT_EQ(keysOf(j),
            (std::vector<std::string>{"days_to_publication_histogram", "period",
                                      "publication_target_days", "quarters", "total", "years"}));
  EXPECT_EQ(keysOf(j["period"]), (std::vector<std::string>{"from", "time_zone", "to"}));
  EXPECT_EQ(keysOf(j["total"]),
            (std::vector<std::string>{"accepted", "by_stage", "cancelled", "days_to_publication",
                                      "from", "label", "open_past_target", "priority_provisions",
                                      "published", "received", "stopped", "to", "unreachable"}));
  EXPECT_EQ(
      keysOf(j["total"]["days_to_publication"]),
      (std::vector<std::string>{"cases", "max", "median", "share_within_target", "within_target"}));
  EXPECT_EQ(keysOf(j["total"]["unreachable"]),
            (std::vector<std::string>{"listed", "open", "products_disclosed",
                                      "published_after_committee", "resumed"}));
  EXPECT_EQ(
      keysOf(j["total"]["stopped"]["by_reason"]),
      (std::vector<std::string>{"already-published", "low-impact", "not-vulnerability-information",
                                "out-of-scope", "vendor-notifies-users"}));
  EXPECT_EQ(j["total"]["cancelled"]["by_reason"].size(), core::kCancelReasons.size());
  EXPECT_EQ(j["total"]["by_stage"].size(), core::kCaseStages.size());
  EXPECT_EQ(keysOf(j["days_to_publication_histogram"][0]),
            (std::vector<std::string>{"cases", "from", "to"}));
}

TEST(StatsJson, FiguresAreTheStatistics) {
  StatsFixture fixture;
  const auto stats = fixture.year2026();
  const auto j = statisticsJson(stats);
  EXPECT_EQ(j["period"]["from"], "2026-01-01");
  EXPECT_EQ(j["period"]["to"], "2027-01-01");
  EXPECT_EQ(j["period"]["time_zone"], "Asia/Tokyo");
  EXPECT_EQ(j["publication_target_days"], 45);
  EXPECT_EQ(j["quarters"].size(), 4u);
  EXPECT_EQ(j["quarters"][0]["label"], "2026-Q1");
  EXPECT_EQ(j["quarters"][1]["to"], "2026-07-01");
  const auto& total = j["total"];
  EXPECT_EQ(total["received"], 8);
  EXPECT_EQ(total["accepted"], 6);
  EXPECT_EQ(total["published"], 5);
  EXPECT_EQ(total["stopped"]["total"], 2);
  EXPECT_EQ(total["stopped"]["by_reason"]["out-of-scope"], 1);
  EXPECT_EQ(total["days_to_publication"]["cases"], 5);
  EXPECT_EQ(total["days_to_publication"]["within_target"], 3);
  EXPECT_DOUBLE_EQ(total["days_to_publication"]["share_within_target"].get<double>(), 0.6);
  EXPECT_EQ(total["days_to_publication"]["median"], 45.0);
  EXPECT_EQ(total["days_to_publication"]["max"], 200);
  EXPECT_EQ(total["by_stage"]["published"], 5);
  EXPECT_EQ(total["by_stage"]["stopped"], 2);
  EXPECT_EQ(total["by_stage"]["accepted"], 1);
  EXPECT_EQ(total["open_past_target"], 1);             // accepted Jul 1, open on Dec 31
  EXPECT_EQ(j["quarters"][0]["open_past_target"], 1);  // the 200-day case on Mar 31
  EXPECT_EQ(j["quarters"][2]["open_past_target"], 1);  // Jul 1 to Sep 30: 91 days
  std::uint64_t binned = 0;
  for (const auto& bin : j["days_to_publication_histogram"])
    binned += bin["cases"].get<std::uint64_t>();
  EXPECT_EQ(binned, 5u);
  EXPECT_TRUE(j["days_to_publication_histogram"].back()["to"].is_null());
}

TEST(StatsJson, NothingPublishedGivesNullsNotZeros) {
  const auto stats = core::operatingStatistics(
      {}, {2026y / 1 / 1, 2026y / 4 / 1}, core::testing::tokyo(), core::testing::defaultPolicy());
  const auto j = statisticsJson(stats);
  EXPECT_TRUE(j["total"]["days_to_publication"]["share_within_target"].is_null());
  EXPECT_TRUE(j["total"]["days_to_publication"]["median"].is_null());
  EXPECT_TRUE(j["total"]["days_to_publication"]["max"].is_null());
  EXPECT_EQ(j["total"]["days_to_publication"]["cases"], 0);
}

}  // namespace
}  // namespace cvdd::publication
