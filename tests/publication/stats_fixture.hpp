#pragma once
// A year of statistics in Tokyo from workflows built through apply(): the publication
// tests read them back from the page and the JSON.

#include <deque>

#include "core/statistics.hpp"
#include "tests/core/workflow_fixture.hpp"

namespace cvdd::publication::testing {

using namespace cvdd::core;
using namespace cvdd::core::testing;

/// Workflows live here so the StatisticsCase pointers stay valid.
struct StatsFixture {
  std::deque<CaseWorkflow> workflows;
  std::vector<StatisticsCase> cases;

  void add(Timestamp received, CaseWorkflow wf) {
    workflows.push_back(std::move(wf));
    cases.push_back({received, &workflows.back()});
  }

  static CaseWorkflow publishedAfter(Timestamp accepted, int days) {
    auto wf =
        run(run(received(), {command::Accept{}}, accepted),
            {command::AddVendor{"acme", acmeChannels(), true}, command::SendDetails{"acme", true},
             command::VendorStatement{"acme", PublicStatus::Affected, "", "", true, false}},
            accepted);
    const CivilDate date = addDays(localDate(accepted, tokyo()), days);
    wf = run(wf, {command::SetPublicationDate{date}}, accepted);
    return run(wf, {command::Publish{}}, jst(date));
  }

  /// 2026: published after 10, 40, 45, 50 and 200 days; two stopped; one accepted and
  /// left open; Q1, Q2 and Q3 receive cases.
  OperatingStatistics year2026() {
    const Timestamp q1 = jst(2026y / 1 / 10);
    const Timestamp q2 = jst(2026y / 4 / 10);
    for (int days : {10, 40, 45}) add(q1, publishedAfter(q1, days));
    add(q1, publishedAfter(q1, 200));
    add(q2, publishedAfter(q2, 50));
    add(q2, run(received(), {command::Stop{StopReason::OutOfScope, ""}}, q2));
    add(q2, run(received(), {command::Stop{StopReason::LowImpact, ""}}, q2));
    add(jst(2026y / 7 / 1), run(received(), {command::Accept{}}, jst(2026y / 7 / 1)));
    return operatingStatistics(cases, {2026y / 1 / 1, 2027y / 1 / 1}, tokyo(), defaultPolicy());
  }
};

}  // namespace cvdd::publication::testing
