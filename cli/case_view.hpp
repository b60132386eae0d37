#pragma once
// How cvdctl presents cases: JSON for scripts, text for people.

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "core/case.hpp"
#include "core/lifecycle.hpp"
#include "store/records.hpp"

namespace cvdd::cli {

nlohmann::json caseSummaryJson(const store::CaseSummary& c);
/// Appends caseSummaryJson(c).dump(2) with every line after the first indented by two
/// more spaces, byte for byte, without building the JSON value: `case list --json` over
/// 100 000 cases spends its time here.
void appendCaseSummaryJson(std::string& out, const store::CaseSummary& c);
nlohmann::json caseDetailJson(const core::Case& c);

/// The coordination side of a case: the workflow (stage, vendors, history), its pending
/// deadlines from the index, and the report record.
struct CoordinationView {
  std::optional<core::CaseWorkflow> workflow;
  std::vector<store::ScheduledDeadline> deadlines;
  std::optional<store::CaseReport> report;
};

/// One entry of the deadline index: kind, vendor, local date, due time, key, and "retry"
/// (attempts, retry_at, last_error) or null. With the case ID when withCase.
nlohmann::json scheduledDeadlineJson(const store::ScheduledDeadline& d, bool withCase);
/// "  (firing failed N time(s), next try T: error)", or "" for a deadline that never failed.
std::string failedFiringText(const store::ScheduledDeadline& d);

nlohmann::json coordinationJson(const CoordinationView& view);
void printCoordination(std::ostream& out, const CoordinationView& view);

void printCaseTable(std::ostream& out, const std::vector<store::CaseSummary>& cases);
void printCaseDetail(std::ostream& out, const core::Case& c);

}  // namespace cvdd::cli
