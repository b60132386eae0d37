#include "core/deadlines.hpp"

#include <algorithm>
#include <set>

namespace cvdd::core {

std::string_view deadlineKindName(DeadlineKind kind) {
  switch (kind) {
    case DeadlineKind::PublicationTarget:
      return "publication-target";
    case DeadlineKind::UnresponsiveReminder:
      return "unresponsive-reminder";
    case DeadlineKind::Unreachable:
      return "unreachable";
    case DeadlineKind::CoordinationImpossible:
      return "coordination-impossible";
    case DeadlineKind::NonDisclosureEnd:
      return "non-disclosure-end";
    case DeadlineKind::PublicationReminder:
      return "publication-reminder";
    case DeadlineKind::PublicationDue:
      return "publication-due";
  }
  return "unknown";
}

std::string Deadline::key() const {
  return std::string(deadlineKindName(kind)) + "/" + vendorId + "/" + formatDate(date);
}

namespace {

bool hasDeadlines(CaseStage stage) {
  switch (stage) {
    case CaseStage::Accepted:
    case CaseStage::VendorsIdentified:
    case CaseStage::Coordinating:
    case CaseStage::PublicationScheduled:
      return true;
    case CaseStage::Received:
    case CaseStage::Stopped:
    case CaseStage::Published:
    case CaseStage::PublicationCancelled:
    case CaseStage::Closed:
      return false;
  }
  return false;
}

// Offsets listed twice in a policy would give the same key twice: keep each date once.
std::vector<int> distinct(std::vector<int> values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

}  // namespace

std::vector<Deadline> deadlinesFor(const CaseWorkflow& workflow, const DeadlinePolicy& policy,
                                   const TimeZone& tz) {
  std::vector<Deadline> out;
  if (!hasDeadlines(workflow.stage)) return out;
  auto add = [&](DeadlineKind kind, const std::string& vendorId, CivilDate date) {
    out.push_back(Deadline{kind, vendorId, date, startOfLocalDay(date, tz)});
  };

  std::optional<CivilDate> firstStart;
  for (const auto& vendor : workflow.vendors) {
    const auto start = startDate(vendor, tz);
    if (!start) continue;
    if (!firstStart || *start < *firstStart) firstStart = start;
    // The committee ended this vendor's handling: it has no clocks any more (the reporter's
    // year still counts from the case's first contact).
    if (vendor.handlingEnded) continue;

    // The target is only worth reporting while no agreed date already meets it.
    const CivilDate target = addDays(*start, policy.publicationTargetDays);
    if (!workflow.publicationDate || *workflow.publicationDate > target) {
      add(DeadlineKind::PublicationTarget, vendor.vendorId, target);
    }
    // Any answer by any channel stops the vendor's reminder and unreachable clocks.
    if (!vendor.lastResponseAt) {
      for (int days : distinct(policy.unresponsiveReminderDays)) {
        add(DeadlineKind::UnresponsiveReminder, vendor.vendorId, addDays(*start, days));
      }
      if (vendor.reachability != Reachability::Unreachable) {
        add(DeadlineKind::Unreachable, vendor.vendorId,
            addCalendarMonths(*start, policy.unreachableMonths));
      }
    }
    if (vendor.reachability == Reachability::Unreachable) {
      add(DeadlineKind::CoordinationImpossible, vendor.vendorId,
          addCalendarMonths(*start, policy.coordinationImpossibleMonths));
    }
  }

  if (firstStart) {
    add(DeadlineKind::NonDisclosureEnd, "",
        addCalendarMonths(*firstStart, policy.nonDisclosureMonths));
  }

  if (workflow.publicationDate) {
    // A reminder for a day already past when the date was set would only repeat the
    // date notice itself.
    const std::optional<CivilDate> setOn =
        workflow.publicationDateSetAt
            ? std::optional<CivilDate>{localDate(*workflow.publicationDateSetAt, tz)}
            : std::nullopt;
    for (int days : distinct(policy.publicationReminderDaysBefore)) {
      const CivilDate date = addDays(*workflow.publicationDate, -days);
      if (!setOn || date > *setOn) add(DeadlineKind::PublicationReminder, "", date);
    }
    add(DeadlineKind::PublicationDue, "", *workflow.publicationDate);
  }

  std::sort(out.begin(), out.end(), [](const Deadline& a, const Deadline& b) {
    return a.due != b.due ? a.due < b.due : a.key() < b.key();
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Deadline& a, const Deadline& b) { return a.key() == b.key(); }),
            out.end());
  return out;
}

std::vector<Deadline> pendingDeadlines(const CaseWorkflow& workflow, const DeadlinePolicy& policy,
                                       const TimeZone& tz) {
  const std::set<std::string> fired(workflow.firedDeadlines.begin(), workflow.firedDeadlines.end());
  auto all = deadlinesFor(workflow, policy, tz);
  std::erase_if(all, [&](const Deadline& d) { return fired.contains(d.key()); });
  return all;
}

std::vector<Deadline> dueDeadlines(const CaseWorkflow& workflow, const DeadlinePolicy& policy,
                                   const TimeZone& tz, Timestamp now) {
  auto pending = pendingDeadlines(workflow, policy, tz);
  std::erase_if(pending, [&](const Deadline& d) { return d.due > now; });
  return pending;
}

std::optional<CivilDate> proposedPublicationDate(const CaseWorkflow& workflow,
                                                 const DeadlinePolicy& policy, const TimeZone& tz) {
  std::optional<CivilDate> latest;
  for (const auto& vendor : workflow.vendors) {
    const auto start = startDate(vendor, tz);
    if (start && (!latest || *start > *latest)) latest = start;
  }
  if (!latest) return std::nullopt;
  return addDays(*latest, policy.publicationTargetDays);
}

}  // namespace cvdd::core
