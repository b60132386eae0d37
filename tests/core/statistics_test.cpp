// The operating figures: one test per figure, on workflows built through apply() (and a
// few fields set by hand where reaching them takes months of deadlines), in Tokyo.

#include "core/statistics.hpp"

#include <gtest/gtest.h>

#include "tests/core/workflow_fixture.hpp"

namespace cvdd::core {
namespace {

using namespace testing;

std::size_t stopIndex(StopReason r) {
  return static_cast<std::size_t>(std::find(kStopReasons.begin(), kStopReasons.end(), r) -
                                  kStopReasons.begin());
}
std::size_t cancelIndex(CancelReason r) {
  return static_cast<std::size_t>(std::find(kCancelReasons.begin(), kCancelReasons.end(), r) -
                                  kCancelReasons.begin());
}

CaseWorkflow acceptedAt(Timestamp at) {
  return run(received(), {command::Accept{}}, at);
}

/// A case accepted at `accepted` and published at `published` (a date set just before).
CaseWorkflow publishedAt(Timestamp accepted, Timestamp published) {
  auto wf =
      run(acceptedAt(accepted),
          {command::AddVendor{"acme", acmeChannels(), true}, command::SendDetails{"acme", true},
           command::VendorStatement{"acme", PublicStatus::Affected, "", "", true, false}},
          accepted);
  return run(run(wf, {command::SetPublicationDate{localDate(published, tokyo())}}, accepted),
             {command::Publish{}}, published);
}

/// The workflows' cases were received long before any period here; `received` adds cases
/// without a workflow.
OperatingStatistics stats(const std::vector<CaseWorkflow>& workflows, StatisticsPeriod period,
                          const std::vector<Timestamp>& received = {}) {
  std::vector<StatisticsCase> cases;
  for (const auto& wf : workflows) cases.push_back({jst(2000y / 1 / 1), &wf});
  for (const auto& at : received) cases.push_back({at, nullptr});
  return operatingStatistics(cases, period, tokyo(), defaultPolicy());
}

std::size_t stageIndex(CaseStage stage) {
  return static_cast<std::size_t>(std::find(kCaseStages.begin(), kCaseStages.end(), stage) -
                                  kCaseStages.begin());
}

const StatisticsPeriod k2026{2026y / 1 / 1, 2027y / 1 / 1};

TEST(Statistics, AnEmptyPeriodHasNoBucketsAndZeroFigures) {
  const auto s = stats({published()}, {2026y / 1 / 1, 2026y / 1 / 1}, {day0()});
  EXPECT_TRUE(s.quarters.empty());
  EXPECT_TRUE(s.years.empty());
  EXPECT_EQ(s.total.received, 0u);
  EXPECT_EQ(s.total.published, 0u);
  EXPECT_FALSE(s.total.shareWithinTarget());
  ASSERT_EQ(s.histogram.size(), 8u);
  for (const auto& bin : s.histogram) EXPECT_EQ(bin.cases, 0u);
}

TEST(Statistics, APeriodWithoutCasesHasEveryQuarterAtZero) {
  const auto s = stats({}, k2026);
  ASSERT_EQ(s.quarters.size(), 4u);
  ASSERT_EQ(s.years.size(), 1u);
  EXPECT_EQ(s.quarters[0].label, "2026-Q1");
  EXPECT_EQ(s.quarters[3].label, "2026-Q4");
  EXPECT_EQ(s.quarters[1].from, 2026y / 4 / 1);
  EXPECT_EQ(s.quarters[1].to, 2026y / 7 / 1);
  EXPECT_EQ(s.years[0].label, "2026");
  EXPECT_EQ(s.total.received + s.total.accepted + s.total.openPastTarget, 0u);
}

TEST(Statistics, BucketsAreClippedToThePeriod) {
  const auto s = stats({}, {2025y / 11 / 15, 2026y / 2 / 10});
  ASSERT_EQ(s.quarters.size(), 2u);
  EXPECT_EQ(s.quarters[0].label, "2025-Q4");
  EXPECT_EQ(s.quarters[0].from, 2025y / 11 / 15);
  EXPECT_EQ(s.quarters[1].to, 2026y / 2 / 10);
  ASSERT_EQ(s.years.size(), 2u);
  EXPECT_EQ(s.years[1].label, "2026");
  EXPECT_EQ(s.years[1].from, 2026y / 1 / 1);
}

TEST(Statistics, ReceivedCountsByTheTokyoQuarterNotTheUtcOne) {
  // 2026-03-31 23:30 JST and 2026-04-01 00:30 JST are both March 31 in UTC.
  const Timestamp lateQ1 = jst(2026y / 3 / 31, hours{23}) + minutes{30};
  const Timestamp earlyQ2 = jst(2026y / 4 / 1, hours{0}) + minutes{30};
  ASSERT_EQ(localDate(earlyQ2, TimeZone::utc()), 2026y / 3 / 31);
  const Timestamp beforePeriod = jst(2025y / 12 / 31, hours{23});
  const auto s = stats({}, k2026, {lateQ1, earlyQ2, earlyQ2, beforePeriod});
  EXPECT_EQ(s.quarters[0].received, 1u);
  EXPECT_EQ(s.quarters[1].received, 2u);
  EXPECT_EQ(s.years[0].received, 3u);
  EXPECT_EQ(s.total.received, 3u);
}

TEST(Statistics, ReceivedCasesCountByTheirStageNow) {
  const auto pub = published();
  const auto stop = stopped();
  const auto acc = accepted();
  const Timestamp q2 = jst(2026y / 4 / 2);
  const std::vector<StatisticsCase> cases{{jst(2026y / 1 / 2), &pub},
                                          {jst(2026y / 1 / 3), &stop},
                                          {jst(2026y / 1 / 4), &acc},
                                          {jst(2026y / 1 / 5), nullptr},
                                          {q2, &pub}};
  const auto s = operatingStatistics(cases, k2026, tokyo(), defaultPolicy());
  EXPECT_EQ(s.quarters[0].received, 4u);
  EXPECT_EQ(s.quarters[0].byStage[stageIndex(CaseStage::Published)], 1u);
  EXPECT_EQ(s.quarters[0].byStage[stageIndex(CaseStage::Stopped)], 1u);
  EXPECT_EQ(s.quarters[0].byStage[stageIndex(CaseStage::Accepted)], 1u);
  EXPECT_EQ(s.quarters[0].byStage[stageIndex(CaseStage::Received)], 1u);
  EXPECT_EQ(s.quarters[1].byStage[stageIndex(CaseStage::Published)], 1u);
  EXPECT_EQ(s.total.byStage[stageIndex(CaseStage::Published)], 2u);
}

TEST(Statistics, AcceptedCountsAtTheAcceptEvent) {
  const auto s = stats({acceptedAt(jst(2026y / 3 / 31, hours{23})),
                        acceptedAt(jst(2026y / 4 / 1, hours{0})), received()},
                       k2026);
  EXPECT_EQ(s.quarters[0].accepted, 1u);
  EXPECT_EQ(s.quarters[1].accepted, 1u);
  EXPECT_EQ(s.total.accepted, 2u);
}

TEST(Statistics, StoppedCountsByReason) {
  const Timestamp at = jst(2026y / 5 / 1);
  const auto s = stats({run(received(), {command::Stop{StopReason::OutOfScope, ""}}, at),
                        run(received(), {command::Stop{StopReason::OutOfScope, ""}}, at),
                        run(received(), {command::Stop{StopReason::LowImpact, ""}}, at)},
                       k2026);
  EXPECT_EQ(s.quarters[1].stopped[stopIndex(StopReason::OutOfScope)], 2u);
  EXPECT_EQ(s.quarters[1].stopped[stopIndex(StopReason::LowImpact)], 1u);
  EXPECT_EQ(s.quarters[1].stoppedTotal(), 3u);
  EXPECT_EQ(s.quarters[0].stoppedTotal(), 0u);
  EXPECT_EQ(s.total.stopped[stopIndex(StopReason::AlreadyPublished)], 0u);
}

TEST(Statistics, CancelledCountsByReasonAtTheCancelEvent) {
  auto wf = run(detailsSent(), {command::Cancel{CancelReason::AlreadyPublished, "acme"}},
                jst(2026y / 7 / 2));
  const auto s = stats({wf, cancelled()}, k2026);  // cancelled(): 2025, outside
  EXPECT_EQ(s.quarters[2].cancelled[cancelIndex(CancelReason::AlreadyPublished)], 1u);
  EXPECT_EQ(s.total.cancelledTotal(), 1u);
  EXPECT_EQ(s.total.cancelled[cancelIndex(CancelReason::NoImpact)], 0u);
}

TEST(Statistics, DaysToPublicationRunFromTheAcceptDateToThePublishedDate) {
  const Timestamp accepted = jst(2026y / 1 / 5);
  const auto s = stats({publishedAt(accepted, jst(2026y / 2 / 19)),  // 45 days: within
                        publishedAt(accepted, jst(2026y / 2 / 20)),  // 46 days
                        publishedAt(accepted, jst(2026y / 1 / 5)),   // the same day: 0
                        publishedAt(accepted, jst(2026y / 6 / 1))},  // 147 days, Q2
                       k2026);
  EXPECT_EQ(s.quarters[0].published, 3u);
  EXPECT_EQ(s.quarters[0].daysToPublication, (std::vector<int>{0, 45, 46}));
  EXPECT_EQ(s.quarters[0].publishedWithinTarget, 2u);
  EXPECT_DOUBLE_EQ(*s.quarters[0].shareWithinTarget(), 2.0 / 3.0);
  EXPECT_EQ(s.quarters[1].daysToPublication, (std::vector<int>{147}));
  EXPECT_EQ(s.total.daysToPublication, (std::vector<int>{0, 45, 46, 147}));
  EXPECT_DOUBLE_EQ(*s.total.medianDaysToPublication(), 45.5);
  EXPECT_DOUBLE_EQ(*s.total.shareWithinTarget(), 0.5);
  EXPECT_EQ(s.histogram[0].cases, 1u);  // 0-15
  EXPECT_EQ(s.histogram[2].cases, 1u);  // 31-45
  EXPECT_EQ(s.histogram[3].cases, 1u);  // 46-60
  EXPECT_EQ(s.histogram[5].cases, 1u);  // 91-180
}

TEST(Statistics, TheFixturesPublishedCaseTakesExactlyTheTarget) {
  // Accepted 2025-11-30, published 2026-01-14: 45 days, counted in 2026 Q1.
  const auto s = stats({published()}, k2026);
  EXPECT_EQ(s.quarters[0].published, 1u);
  EXPECT_EQ(s.quarters[0].accepted, 0u);
  EXPECT_EQ(s.total.daysToPublication, (std::vector<int>{45}));
  EXPECT_EQ(s.total.publishedWithinTarget, 1u);
}

TEST(Statistics, OpenPastTargetIsAStockAtEachBucketsEnd) {
  const auto old = acceptedAt(jst(2026y / 1 / 10));    // Q1 end (Mar 31): 80 days
  const auto recent = acceptedAt(jst(2026y / 3 / 1));  // Q1 end: 30 days; Q2 end: 121
  const auto done = publishedAt(jst(2026y / 1 / 10), jst(2026y / 3 / 30));
  const auto stopped =
      run(received(), {command::Stop{StopReason::LowImpact, ""}}, jst(2026y / 1 / 2));
  const auto s = stats({old, recent, done, stopped}, k2026);
  EXPECT_EQ(s.quarters[0].openPastTarget, 1u);
  EXPECT_EQ(s.quarters[1].openPastTarget, 2u);
  EXPECT_EQ(s.years[0].openPastTarget, 2u);
  EXPECT_EQ(s.total.openPastTarget, 2u);
  // Exactly 45 days at the last day is not past it: accepted Feb 14, Q1 ends Mar 31.
  const auto edge = stats({acceptedAt(jst(2026y / 2 / 14))}, {2026y / 1 / 1, 2026y / 4 / 1});
  EXPECT_EQ(edge.total.openPastTarget, 0u);
  const auto dayAfter = stats({acceptedAt(jst(2026y / 2 / 14))}, {2026y / 1 / 1, 2026y / 4 / 2});
  EXPECT_EQ(dayAfter.total.openPastTarget, 1u);
}

TEST(Statistics, UnreachableVendorsListedResumedAndOpen) {
  const auto listedAt = jst(2026y / 2 / 1);
  auto stillOpen = run(summarySent(), {command::MarkUnreachable{"acme"}}, listedAt);
  auto resumed = run(stillOpen, {command::VendorRequestedDetails{"acme"}}, jst(2026y / 5 / 3));
  ASSERT_EQ(resumed.vendors[0].reachability, Reachability::Resumed);
  auto ended = stillOpen;
  ended.vendors[0].handlingEnded = true;
  const auto s = stats({stillOpen, resumed, ended}, k2026);
  EXPECT_EQ(s.quarters[0].unreachable.listed, 3u);
  EXPECT_EQ(s.quarters[0].unreachable.open, 2u);  // the ended one is not open
  EXPECT_EQ(s.quarters[1].unreachable.resumed, 1u);
  EXPECT_EQ(s.quarters[1].unreachable.open, 1u);  // resumed in Q2: only stillOpen
  EXPECT_EQ(s.total.unreachable.listed, 3u);
  EXPECT_EQ(s.total.unreachable.resumed, 1u);
  EXPECT_EQ(s.total.unreachable.open, 1u);
}

TEST(Statistics, ProductDisclosuresCountWhenMadeAndStayCountedAfterTheVendorResumes) {
  auto disclosed = run(summarySent(), {command::MarkUnreachable{"acme"}}, jst(2026y / 2 / 1));
  disclosed.vendors[0].productsDisclosedAt = jst(2026y / 5 / 1);  // the stage's only effect
  const auto resumed =
      run(disclosed, {command::VendorRequestedDetails{"acme"}}, jst(2026y / 8 / 3));
  ASSERT_EQ(resumed.vendors[0].reachability, Reachability::Resumed);
  const auto s = stats({disclosed, resumed}, k2026);
  EXPECT_EQ(s.quarters[0].unreachable.productsDisclosed, 0u);
  EXPECT_EQ(s.quarters[1].unreachable.productsDisclosed, 2u);
  EXPECT_EQ(s.total.unreachable.productsDisclosed, 2u);
  EXPECT_EQ(s.total.unreachable.resumed, 1u);
}

TEST(Statistics, PublishedAfterTheCommitteeCountsAtPublication) {
  auto wf = publishedAt(jst(2026y / 1 / 5), jst(2026y / 8 / 3));
  // Reaching the committee takes months of deadlines; the fields are what it leaves.
  wf.vendors[0].unreachableSince = jst(2026y / 2 / 1);
  wf.vendors[0].reachability = Reachability::Unreachable;
  wf.vendors[0].coordinationImpossible = true;
  wf.vendors[0].committeeOutcome = CommitteeOutcome::Publish;
  const auto s = stats({wf}, k2026);
  EXPECT_EQ(s.quarters[2].unreachable.publishedAfterCommittee, 1u);
  EXPECT_EQ(s.quarters[0].unreachable.listed, 1u);
  EXPECT_EQ(s.quarters[1].unreachable.open, 1u);  // still unpublished at the end of Q2
  EXPECT_EQ(s.quarters[2].unreachable.open, 0u);  // the case ended in Q3
}

TEST(Statistics, PriorityProvisionsCountEachProvision) {
  auto wf = scheduled();
  wf = run(wf, {command::ProvidePriority{false}}, jst(2026y / 1 / 6));
  wf = run(wf, {command::ProvidePriority{false}}, jst(2026y / 1 / 7));
  const auto s = stats({wf, run(scheduled(), {command::ProvidePriority{false}}, day0())}, k2026);
  EXPECT_EQ(s.quarters[0].priorityProvisions, 2u);
  EXPECT_EQ(s.total.priorityProvisions, 2u);
}

TEST(Statistics, YearsAddUpTheirQuarters) {
  std::vector<CaseWorkflow> workflows;
  std::vector<Timestamp> received;
  for (int m = 1; m <= 12; ++m) {
    const Timestamp at = jst(2026y / month{static_cast<unsigned>(m)} / 15);
    workflows.push_back(acceptedAt(at));
    received.push_back(at);
  }
  const auto s = stats(workflows, {2025y / 10 / 1, 2027y / 4 / 1}, received);
  ASSERT_EQ(s.quarters.size(), 6u);
  ASSERT_EQ(s.years.size(), 3u);
  std::uint64_t sum = 0;
  for (const auto& q : s.quarters) sum += q.accepted;
  EXPECT_EQ(sum, 12u);
  EXPECT_EQ(s.years[1].accepted, 12u);
  EXPECT_EQ(s.years[1].received, 12u);
  EXPECT_EQ(s.quarters[2].accepted, 3u);
}

TEST(Statistics, HistogramBinsCoverEveryDay) {
  const std::vector<int> days{0, 15, 16, 45, 46, 90, 365, 366, 4000};
  const auto bins = daysHistogram(days);
  std::uint64_t sum = 0;
  for (const auto& b : bins) sum += b.cases;
  EXPECT_EQ(sum, days.size());
  EXPECT_EQ(bins[2].to, 45);
  EXPECT_EQ(bins[7].cases, 2u);
  EXPECT_FALSE(bins[7].to);
}

}  // namespace
}  // namespace cvdd::core
