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
    case DeadlineKind::UnreachableWarning:
      return "unreachable-warning";
    case DeadlineKind::CoordinationImpossibleWarning:
      return "coordination-impossible-warning";
    case DeadlineKind::NonDisclosureWarning:
      return "non-disclosure-warning";
    case DeadlineKind::PublicationTargetWarning:
      return "publication-target-warning";
    case DeadlineKind::ProductDisclosure:
      return "product-disclosure";
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

std::optional<DeadlineKind> warningKindOf(DeadlineKind mark) {
  switch (mark) {
    case DeadlineKind::Unreachable:
      return DeadlineKind::UnreachableWarning;
    case DeadlineKind::CoordinationImpossible:
      return DeadlineKind::CoordinationImpossibleWarning;
    case DeadlineKind::NonDisclosureEnd:
      return DeadlineKind::NonDisclosureWarning;
    case DeadlineKind::PublicationTarget:
      return DeadlineKind::PublicationTargetWarning;
    default:
      return std::nullopt;
  }
}

std::optional<DeadlineKind> markKindOf(DeadlineKind warning) {
  for (DeadlineKind mark : {DeadlineKind::Unreachable, DeadlineKind::CoordinationImpossible,
                            DeadlineKind::NonDisclosureEnd, DeadlineKind::PublicationTarget}) {
    if (warningKindOf(mark) == warning) return mark;
  }
  return std::nullopt;
}

std::optional<CivilDate> silentSince(const VendorParticipant& vendor, const TimeZone& tz) {
  if (!vendor.lastResponseAt) return startDate(vendor, tz);
  // Attempts are recorded in time order: the first after the answer is the earliest.
  for (const auto& attempt : vendor.attempts) {
    if (attempt.at > *vendor.lastResponseAt) return localDate(attempt.at, tz);
  }
  return std::nullopt;
}

std::optional<CivilDate> unreachableDate(const VendorParticipant& vendor,
                                         const DeadlinePolicy& policy, const TimeZone& tz) {
  if (vendor.reachability == Reachability::Unreachable) return std::nullopt;
  const auto since = silentSince(vendor, tz);
  if (!since) return std::nullopt;
  // 003 §2-3 counts from the start date; 003 §4-5 (「報告がなく、…応答もないまま」) also
  // covers a vendor that answered once and then left a request of ours unanswered.
  return addCalendarMonths(*since,
                           vendor.lastResponseAt ? policy.silenceMonths : policy.unreachableMonths);
}

std::vector<Deadline> deadlinesFor(const CaseWorkflow& workflow, const DeadlinePolicy& policy,
                                   const TimeZone& tz) {
  std::vector<Deadline> out;
  if (!hasDeadlines(workflow.stage)) return out;
  auto add = [&](DeadlineKind kind, const std::string& vendorId, CivilDate date) {
    out.push_back(Deadline{kind, vendorId, date, startOfLocalDay(date, tz)});
  };

  // A mark and, operatorWarningDays before it, the operator's warning: both exist only
  // while the mark applies, so whatever cancels the mark cancels its warning.
  auto mark = [&](DeadlineKind kind, const std::string& vendorId, CivilDate date) {
    add(kind, vendorId, date);
    if (const auto warning = warningKindOf(kind); warning && policy.operatorWarningDays > 0) {
      add(*warning, vendorId, addDays(date, -policy.operatorWarningDays));
    }
  };

  std::optional<CivilDate> firstStart;
  for (const auto& vendor : workflow.vendors) {
    const auto start = startDate(vendor, tz);
    if (!start) continue;
    if (!firstStart || *start < *firstStart) firstStart = start;
    // The committee ended this vendor's handling: it has no clocks any more (the reporter's
    // year still counts from the case's first contact).
    if (vendor.handlingEnded) continue;
    const bool unreachable = vendor.reachability == Reachability::Unreachable;

    // The target concerns a vendor that has the details and has not stated a status yet,
    // and is only worth reporting while no agreed date already meets it.
    const CivilDate target = addDays(*start, policy.publicationTargetDays);
    if (vendor.phase == VendorPhase::DetailsSent && !unreachable &&
        (!workflow.publicationDate || *workflow.publicationDate > target)) {
      mark(DeadlineKind::PublicationTarget, vendor.vendorId, target);
    }
    // Any answer by any channel stops the vendor's reminders; a vendor without a channel or
    // developer is not reminded at all.
    if (!vendor.lastResponseAt && !vendor.unreachableReason) {
      for (int days : distinct(policy.unresponsiveReminderDays)) {
        add(DeadlineKind::UnresponsiveReminder, vendor.vendorId, addDays(*start, days));
      }
    }
    if (const auto date = unreachableDate(vendor, policy, tz)) {
      mark(DeadlineKind::Unreachable, vendor.vendorId, *date);
    }
    // 003 §7-2: three more months after the listing (the six months of 000 ch.5 on the
    // normal course), so a vendor declared unreachable late never reaches both marks on
    // one day.
    if (unreachable) {
      const CivilDate listed = vendor.unreachableSince
                                   ? localDate(*vendor.unreachableSince, tz)
                                   : addCalendarMonths(*start, policy.unreachableMonths);
      const CivilDate impossible =
          addCalendarMonths(listed, policy.coordinationImpossibleMonths - policy.unreachableMonths);
      mark(DeadlineKind::CoordinationImpossible, vendor.vendorId, impossible);
      // 003 §7-1: listed by name first; the products follow while the vendor stays listed.
      // Due no earlier than coordination impossible (as with the defaults), they go on the
      // list with the contact deadline instead: one clock, not two on one day.
      const CivilDate products = addCalendarMonths(listed, policy.productDisclosureMonths);
      if (!productsDisclosed(vendor) && listedUnreachable(workflow, vendor) &&
          products < impossible) {
        add(DeadlineKind::ProductDisclosure, vendor.vendorId, products);
      }
    }
  }

  if (firstStart) {
    mark(DeadlineKind::NonDisclosureEnd, "",
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
