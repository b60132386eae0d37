#pragma once
// A deadline as a value: what falls due, for whom, when. The engine is core/deadlines.hpp.

#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/time.hpp"

namespace cvdd::core {

enum class DeadlineKind {
  PublicationTarget,       // start + 45 days while the details await a status
  UnresponsiveReminder,    // start + 7/14/30 days without any answer: remind the vendor
  Unreachable,             // start + 3 calendar months without any answer, or silence
                           // months after an unanswered request: 連絡不能
  CoordinationImpossible,  // listed unreachable + (6 − 3) months: 調整不能, committee
  NonDisclosureEnd,        // case's first start date + 1 year: reporter may withdraw
  PublicationReminder,     // 7 and 1 days before the publication date
  PublicationDue,          // the publication date itself
  // The operator's warnings, operatorWarningDays before each mark while it is pending:
  UnreachableWarning,             // before Unreachable (3 months)
  CoordinationImpossibleWarning,  // before CoordinationImpossible (6 months)
  NonDisclosureWarning,           // before NonDisclosureEnd (1 year)
  PublicationTargetWarning,       // before PublicationTarget (45 days)
  // Listed unreachable + productDisclosureMonths: the product name and version go on the
  // unreachable-vendors list (003 §7-1, figure 4).
  ProductDisclosure,
};

/// Stable names ("unresponsive-reminder"), part of Deadline::key().
std::string_view deadlineKindName(DeadlineKind kind);

struct Deadline {
  DeadlineKind kind = DeadlineKind::PublicationTarget;
  std::string vendorId;  // empty for case-wide deadlines
  CivilDate date;        // the computed civil date, in the case's time zone
  Timestamp due;         // the UTC instant where that local date begins

  /// "<kind>/<vendorId>/<YYYY-MM-DD>": unique within a case and stable across
  /// recomputation, so a store can index by it and fire each deadline once.
  std::string key() const;

  friend bool operator==(const Deadline&, const Deadline&) = default;
};

/// Every clock length is a named setting with the domain's default.
struct DeadlinePolicy {
  int publicationTargetDays = 45;                        // 003 §4-1
  std::vector<int> unresponsiveReminderDays{7, 14, 30};  // after the start date
  int unreachableMonths = 3;                             // 003 §2-3, §4-5
  int coordinationImpossibleMonths = 6;                  // 000 ch.5 (ア)
  int nonDisclosureMonths = 12;                          // 003 §4-5: one year
  std::vector<int> publicationReminderDaysBefore{7, 1};  // before the publication date
  int silenceMonths = 3;            // 003 §4-5: a vendor silent since an unanswered request
  int operatorWarningDays = 7;      // the operator's warning before each mark; 0: none
  int productDisclosureMonths = 3;  // 003 §7-1: listed by name, then the products
  // 003 §7-2: the contact deadline put on the listing when coordination becomes impossible
  // lies this many months after that day; the committee deliberates after it.
  int contactDeadlineMonths = 3;

  friend bool operator==(const DeadlinePolicy&, const DeadlinePolicy&) = default;
};

}  // namespace cvdd::core
