#pragma once
// What an operator must see of a case without opening it: how many vendors the case waits
// for, and which decisions are due (`cvdctl case list`, `cvdctl todo`). Pure.

#include <cstddef>
#include <string>
#include <vector>

#include "core/lifecycle.hpp"

namespace cvdd::core {

/// Vendors the case waits for: contacted (a start date) and neither answered the summary
/// nor, once given the details, stated a status. Related organisations never count.
std::size_t vendorsWaiting(const CaseWorkflow& workflow);

/// The decisions due now that depend on the workflow alone, each a stable text
/// "KIND[:VENDOR]": "send-details:V" (V requested the details, not sent yet),
/// "committee:V" (V's coordination is impossible: the publication committee's course is
/// for the operator to carry out), "assess" (an unassessed case with such a vendor, whose
/// course table 4-2 cannot name yet). Empty for a case no longer in coordination.
std::vector<std::string> dueDecisions(const CaseWorkflow& workflow);

/// Whether a case scheduled for publication on publicationDate is overdue on today.
bool publicationOverdue(CaseStage stage, const CivilDate& publicationDate, const CivilDate& today);

}  // namespace cvdd::core
