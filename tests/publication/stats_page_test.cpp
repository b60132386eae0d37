// The statistics page read back as XML: one bar per histogram bin and per quarter, the
// 45-day line, the numbers of the statistics, both languages, every text escaped, no script.

#include "publication/stats_page.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/publication/stats_fixture.hpp"
#include "tests/publication/xml_tree.hpp"

namespace cvdd::publication {
namespace {

using namespace std::chrono;

using testing::parseXml;
using testing::StatsFixture;
using testing::XmlElement;

std::uint64_t number(const XmlElement* e, const std::string& attr) {
  return std::stoull(e->attr(attr));
}

class StatsPage : public ::testing::Test {
 protected:
  StatsFixture fixture;
  core::OperatingStatistics stats = fixture.year2026();
  std::string html = renderStatisticsPage(stats, core::Language::English);
  std::unique_ptr<XmlElement> doc = parseXml(html);
};

TEST_F(StatsPage, IsOneWellFormedDocumentWithoutScript) {
  ASSERT_EQ(doc->children.size(), 1u);
  EXPECT_EQ(doc->children[0]->name, "html");
  EXPECT_EQ(doc->children[0]->attr("lang"), "en");
  EXPECT_TRUE(doc->all("script").empty());
  EXPECT_TRUE(doc->all("img").empty());
  EXPECT_TRUE(doc->all("link").empty());
  for (const auto* a : doc->all("a")) {
    EXPECT_TRUE(a->attr("href") == "stats.json" || a->attr("href") == "index.ja.html")
        << a->attr("href");
  }
  EXPECT_EQ(html.find(" on"), std::string::npos);  // no event handler attributes
}

TEST_F(StatsPage, HistogramHasOneBarPerBinWithItsCases) {
  const auto* svg = doc->byId("days-histogram");
  ASSERT_NE(svg, nullptr);
  EXPECT_EQ(svg->name, "svg");
  const auto bars = svg->all("rect", "bar");
  ASSERT_EQ(bars.size(), stats.histogram.size());
  std::uint64_t drawn = 0;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    EXPECT_EQ(number(bars[i], "data-from"), static_cast<std::uint64_t>(stats.histogram[i].from));
    EXPECT_EQ(number(bars[i], "data-cases"), stats.histogram[i].cases);
    drawn += number(bars[i], "data-cases");
  }
  EXPECT_EQ(drawn, stats.total.daysToPublication.size());
  // Heights are proportional: the 31-45 bin (2 cases: 40 and 45 days) is twice 0-15's.
  EXPECT_EQ(number(bars[2], "data-cases"), 2u);
  EXPECT_EQ(number(bars[2], "height"), 2 * number(bars[0], "height"));
  EXPECT_EQ(number(bars[4], "height"), 0u);  // 61-90: nothing
}

TEST_F(StatsPage, TheTargetLineStandsAtTheEndOfThe45DayBin) {
  const auto* svg = doc->byId("days-histogram");
  const auto lines = svg->all("line", "target-line");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]->attr("data-days"), "45");
  EXPECT_EQ(lines[0]->attr("x1"), lines[0]->attr("x2"));  // vertical
  const auto bars = svg->all("rect", "bar");
  const double x = std::stod(lines[0]->attr("x1"));
  const double end45 = std::stod(bars[2]->attr("x")) + std::stod(bars[2]->attr("width"));
  const double start46 = std::stod(bars[3]->attr("x"));
  EXPECT_GE(x, end45);
  EXPECT_LE(x, start46);
}

TEST_F(StatsPage, StagesChartHasOneStackedBarPerQuarter) {
  const auto* svg = doc->byId("stages-by-quarter");
  ASSERT_NE(svg, nullptr);
  const auto groups = svg->all("g", "bar");
  ASSERT_EQ(groups.size(), stats.quarters.size());
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const auto& q = stats.quarters[i];
    EXPECT_EQ(groups[i]->attr("data-label"), q.label);
    EXPECT_EQ(number(groups[i], "data-received"), q.received);
    std::uint64_t stacked = 0;
    for (const auto* segment : groups[i]->all("rect", "segment")) {
      stacked += number(segment, "data-cases");
    }
    EXPECT_EQ(stacked, q.received) << q.label;
  }
  // Q2: one published case and two stopped.
  const auto q2 = groups[1]->all("rect", "segment");
  ASSERT_EQ(q2.size(), 2u);
  EXPECT_EQ(q2[0]->attr("data-stage"), "stopped");
  EXPECT_EQ(number(q2[0], "data-cases"), 2u);
  EXPECT_EQ(q2[1]->attr("data-stage"), "published");
  EXPECT_TRUE(groups[3]->all("rect", "segment").empty());  // Q4 received nothing
}

TEST_F(StatsPage, TheTableShowsTheFiguresOfEveryBucket) {
  const auto rows = doc->all("tr");
  std::vector<const XmlElement*> figureRows;
  for (const auto* row : rows) {
    if (!row->attr("data-label").empty()) figureRows.push_back(row);
  }
  ASSERT_EQ(figureRows.size(), stats.quarters.size() + stats.years.size() + 1);
  const auto* total = figureRows.back();
  EXPECT_EQ(total->attr("class"), "total");
  const auto cells = total->all("td");
  ASSERT_GE(cells.size(), 12u);
  EXPECT_EQ(cells[0]->allText(), std::to_string(stats.total.received));
  EXPECT_EQ(cells[1]->allText(), std::to_string(stats.total.accepted));
  EXPECT_EQ(cells[2]->allText(), std::to_string(stats.total.stoppedTotal()));
  EXPECT_EQ(cells[3]->allText(), std::to_string(stats.total.published));
  EXPECT_EQ(cells[5]->allText(), "3 / 5 (60%)");
  EXPECT_EQ(cells[6]->allText(), std::to_string(stats.total.openPastTarget));
}

TEST(StatsPageLanguages, TheJapanesePageLinksItsEnglishTwin) {
  StatsFixture fixture;
  const auto doc = parseXml(renderStatisticsPage(fixture.year2026(), core::Language::Japanese));
  EXPECT_EQ(doc->children[0]->attr("lang"), "ja");
  const auto text = doc->allText();
  EXPECT_NE(text.find("運用状況の統計"), std::string::npos);
  EXPECT_NE(text.find("45 日"), std::string::npos);
  bool twin = false;
  for (const auto* a : doc->all("a")) twin = twin || a->attr("href") == "index.html";
  EXPECT_TRUE(twin);
  EXPECT_EQ(doc->byId("days-histogram")->all("rect", "bar").size(), 8u);
}

TEST(StatsPageEscaping, EveryTextIsEscaped) {
  // The zone's name comes from the configuration; a hostile one must stay text.
  const std::string hostile = "<script>alert('x')</script>&\"";
  auto tz = core::TimeZone::fixed(hostile, std::chrono::hours{9});
  const auto stats = core::operatingStatistics({}, {2026y / 1 / 1, 2026y / 4 / 1}, tz,
                                               core::testing::defaultPolicy());
  const std::string html = renderStatisticsPage(stats, core::Language::English);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  const auto doc = parseXml(html);  // throws on a raw '<' or '&'
  EXPECT_TRUE(doc->all("script").empty());
  EXPECT_NE(doc->allText().find(hostile), std::string::npos);
}

TEST(StatsPageEmpty, AnEmptyPeriodStillRendersBothCharts) {
  const auto stats = core::operatingStatistics(
      {}, {2026y / 1 / 1, 2026y / 1 / 1}, core::testing::tokyo(), core::testing::defaultPolicy());
  const auto doc = parseXml(renderStatisticsPage(stats, core::Language::English));
  const auto bars = doc->byId("days-histogram")->all("rect", "bar");
  ASSERT_EQ(bars.size(), 8u);
  for (const auto* bar : bars) EXPECT_EQ(bar->attr("height"), "0");
  EXPECT_TRUE(doc->byId("stages-by-quarter")->all("g", "bar").empty());
  EXPECT_EQ(doc->byId("days-histogram")->all("line", "target-line").size(), 1u);
}

}  // namespace
}  // namespace cvdd::publication
