#pragma once
// The deadline engine: every clock of a case, computed from its workflow alone. Pure: the
// time zone and `now` are passed in. The caller keeps the pending set in a due-time index
// and feeds each due one back as command::DeadlineFired; apply() records it as fired, so
// every deadline fires exactly once even after downtime.

#include <optional>
#include <vector>

#include "core/calendar.hpp"
#include "core/deadline.hpp"
#include "core/lifecycle.hpp"
#include "core/time_zone.hpp"

namespace cvdd::core {

/// Every deadline the case has in its current state, fired or not, ordered by due time
/// then key: per contacted vendor the publication target, the unresponsive reminders and
/// the unreachable deadline while it never answered, coordination-impossible while it is
/// unreachable; case-wide the reporter's non-disclosure year and, with a publication date,
/// the reminders before it and the date itself. Empty once published, stopped, cancelled
/// or closed. Each falls due at the start of its local date in tz. Never fails.
std::vector<Deadline> deadlinesFor(const CaseWorkflow& workflow, const DeadlinePolicy& policy,
                                   const TimeZone& tz);

/// deadlinesFor() without those already fired (CaseWorkflow::firedDeadlines).
std::vector<Deadline> pendingDeadlines(const CaseWorkflow& workflow, const DeadlinePolicy& policy,
                                       const TimeZone& tz);

/// The pending deadlines with due <= now, oldest first: after downtime, all that fell due
/// meanwhile. Firing one may make another due (unreachable → coordination impossible):
/// call again until empty.
std::vector<Deadline> dueDeadlines(const CaseWorkflow& workflow, const DeadlinePolicy& policy,
                                   const TimeZone& tz, Timestamp now);

/// The date to propose for publication: the latest vendor start date + the target days,
/// so every vendor gets its 45 days (003 §4-1); nullopt before any vendor is contacted.
std::optional<CivilDate> proposedPublicationDate(const CaseWorkflow& workflow,
                                                 const DeadlinePolicy& policy, const TimeZone& tz);

/// How much the vulnerability matters (000 付録4).
enum class Impact { Priority, Normal, Simple };

/// What becomes of a coordination-impossible case (000 table 4-2).
enum class CommitteeDecision {
  CommitteeDecides,                 // 公表判定委員会で判定
  CommitteeDecidesConsideringCost,  // 検証に掛かるコストを考慮し適宜判定
  HandlingEnds,                     // 取扱終了, removed from the list; committee is told
};

/// Table 4-2: priority+verifiable and normal+verifiable → the committee decides;
/// priority+not verifiable → decides considering the cost of verification; normal+not
/// verifiable and simple either way → handling ends. Total.
CommitteeDecision committeeDecision(Impact impact, bool verifiable);

/// Stable names ("committee-decides-considering-cost").
std::string_view committeeDecisionName(CommitteeDecision decision);

}  // namespace cvdd::core
