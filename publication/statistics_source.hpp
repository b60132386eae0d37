#pragma once
// What the operating statistics are computed from, read from the store the same way by
// `cvdctl stats` and by the site's statistics page.

#include <optional>
#include <vector>

#include "core/statistics.hpp"
#include "store/store.hpp"

namespace cvdd::publication {

/// Every case's reception time paired with its workflow.
struct StatisticsCases {
  std::vector<store::CaseSummary> summaries;  // every case, by case ID
  std::vector<core::CaseWorkflow> workflows;  // every workflow, by case ID
  std::vector<core::StatisticsCase> cases;    // summaries[i]; workflow points into `workflows`
  std::optional<core::Timestamp> earliest;    // the first reception, if any case

  StatisticsCases() = default;
  // A copy would point into the original; a move keeps the vectors' elements where they are.
  StatisticsCases(const StatisticsCases&) = delete;
  StatisticsCases& operator=(const StatisticsCases&) = delete;
  StatisticsCases(StatisticsCases&&) = default;
  StatisticsCases& operator=(StatisticsCases&&) = default;
};

/// Every case summary and every workflow, read once each from txn.
StatisticsCases readStatisticsCases(const store::ReadTxn& txn);

/// The first day of the date's quarter.
core::CivilDate quarterStart(core::CivilDate date);

/// The default period: from the start of the quarter of the first case (of today when there
/// is none) up to and including today.
core::StatisticsPeriod defaultStatisticsPeriod(std::optional<core::Timestamp> earliest,
                                               core::Timestamp now, const core::TimeZone& zone);

}  // namespace cvdd::publication
