#include "publication/statistics_source.hpp"

#include "core/calendar.hpp"
#include "core/time_zone.hpp"

namespace cvdd::publication {

StatisticsCases readStatisticsCases(const store::ReadTxn& txn) {
  StatisticsCases out;
  out.summaries = txn.listCaseSummaries();
  out.workflows = txn.listWorkflows();
  out.cases.reserve(out.summaries.size());
  // Both lists are ordered by case ID: pair each case with its workflow in one pass.
  auto wf = out.workflows.begin();
  for (const auto& summary : out.summaries) {
    while (wf != out.workflows.end() && wf->caseId < summary.id) ++wf;
    const bool has = wf != out.workflows.end() && wf->caseId == summary.id;
    out.cases.push_back({summary.receivedAt, has ? &*wf : nullptr});
    if (!out.earliest || summary.receivedAt < *out.earliest) out.earliest = summary.receivedAt;
  }
  return out;
}

core::CivilDate quarterStart(core::CivilDate date) {
  const unsigned first = (unsigned{date.month()} - 1) / 3 * 3 + 1;
  return date.year() / std::chrono::month{first} / 1;
}

core::StatisticsPeriod defaultStatisticsPeriod(std::optional<core::Timestamp> earliest,
                                               core::Timestamp now, const core::TimeZone& zone) {
  const core::CivilDate today = core::localDate(now, zone);
  return {quarterStart(earliest ? core::localDate(*earliest, zone) : today),
          core::addDays(today, 1)};
}

}  // namespace cvdd::publication
