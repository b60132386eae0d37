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
/// then key: per contacted vendor the publication target while it has the details without
/// a status, the unresponsive reminders while it never answered, the unreachable deadline
/// while unreachableDate() runs, coordination-impossible (from the listing) while it is
/// unreachable, and the listing's product disclosure while it is listed with its products
/// undisclosed; case-wide the reporter's non-disclosure year and, with a publication date,
/// the reminders before it and the date itself. Each of the four marks comes with its
/// operator warning policy.operatorWarningDays before it (none at 0). Empty once published,
/// stopped, cancelled or closed. Each falls due at the start of its local date in tz. Never fails.
std::vector<Deadline> deadlinesFor(const CaseWorkflow& workflow, const DeadlinePolicy& policy,
                                   const TimeZone& tz);

/// The operator's warning before a mark (UnreachableWarning for Unreachable), or nullopt
/// for a kind without one; markKindOf() is its inverse.
std::optional<DeadlineKind> warningKindOf(DeadlineKind mark);
std::optional<DeadlineKind> markKindOf(DeadlineKind warning);

/// Since when the vendor has been silent: its start date while it never answered, else the
/// local date of the first contact attempt after its last answer; nullopt when neither
/// (not contacted, or nothing asked of it since it answered).
std::optional<CivilDate> silentSince(const VendorParticipant& vendor, const TimeZone& tz);

/// The date the vendor becomes unreachable (連絡不能) if it stays silent: silentSince +
/// unreachableMonths while it never answered, + silenceMonths after an answer; nullopt
/// while no clock runs or once it is unreachable.
std::optional<CivilDate> unreachableDate(const VendorParticipant& vendor,
                                         const DeadlinePolicy& policy, const TimeZone& tz);

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

}  // namespace cvdd::core
