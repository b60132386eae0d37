#pragma once
// The variables of a notice (templates/notices/README.md), from the case, its report
// record and its workflow, for one recipient. Pure. The rule that matters most is applied
// here: what core::disclosureFor allows this reader is all a template rendered for it is
// handed. Without the reporter's consent (000 ch.5 (ウ)) nothing the reporter wrote —
// name, address, subject, product, steps — reaches a vendor; the details vendors read are
// the operator's text.

#include <chrono>
#include <optional>
#include <string>

#include "core/case.hpp"
#include "core/deadline.hpp"
#include "core/lifecycle.hpp"
#include "core/time_zone.hpp"
#include "core/vendor_disclosure.hpp"
#include "store/records.hpp"
#include "templates/notice.hpp"

namespace cvdd::daemon {

/// Who reads the notice, as far as the template variables care.
enum class NoticeAudience { Reporter, Vendor, PriorityRecipient, Operator, RelatedOrganisation };

struct NoticeContext {
  const core::Case* caseRecord = nullptr;
  const store::CaseReport* report = nullptr;
  const core::CaseWorkflow* workflow = nullptr;  // after the transition
  const core::CaseWorkflow* before = nullptr;    // before it (previous publication date)
  const core::TimeZone* timeZone = nullptr;
  const core::DeadlinePolicy* policy = nullptr;
  std::string coordinatorName;
  std::string intakeAddress;
  core::Timestamp now;
  std::string language;        // "ja" or "en": picks the texts built here
  std::string replyReference;  // this notice's reference in its reply form, if it has one
  // [coordinator] publication_time: the 一般公表日時's time of day; unset: the date alone.
  std::optional<std::chrono::minutes> publicationTime = std::nullopt;
};

struct NoticeRecipientInfo {
  NoticeAudience audience = NoticeAudience::Reporter;
  const store::VendorRecord* vendor = nullptr;  // for Vendor (and the vendor concerned
                                                // in an operator's vendor-unreachable)
  bool confidential = false;                    // vulnerability details only ever go into these
};

/// Extra values a command carries that the workflow does not keep.
struct NoticeExtras {
  std::string moveReason;
  std::string stopNote;
  std::string alertCode;
  std::string alertText;
  std::string relatedOrganisationName;
  std::string relatedOrganisationContact;
  std::string requestingVendorName;
  // The reporter has not authenticated (an unsigned first report): the notice must not
  // carry its words (the name it gave, its display name) back to the address in From.
  bool unauthenticatedReporter = false;
  // The organisation whose handling the publication committee ended (committee-handling-ended).
  std::string endedVendorName;
};

templates::NoticeData noticeData(const NoticeContext& context, const NoticeRecipientInfo& recipient,
                                 const NoticeExtras& extras);

/// The neutral title: the operator's, else "<product> の脆弱性" / "Vulnerability in
/// <product>" (product: as this reader may see it, may be empty), else the case ID.
/// Never the reporter's subject (it may hold details).
std::string caseTitle(const core::Case& c, const store::CaseReport& report,
                      const std::string& product, const std::string& language);

/// The origin of the report's texts and the reporter's consents, as the disclosure rule
/// (core/vendor_disclosure.hpp) reads them.
core::ReportProvenance provenanceOf(const store::CaseReport& report);

/// Who reads a notice to this audience, for the disclosure rule.
core::Reader readerOf(NoticeAudience audience);

/// The 一般公表日時 as notices give it: with a configured publication time, that wall-clock
/// time on `date` in tz ("2028-12-15 10:00 +09:00 (Asia/Tokyo)"); without one, the date
/// ("2028-12-15"). Total.
std::string publicationDateText(core::CivilDate date, const core::TimeZone& tz,
                                std::optional<std::chrono::minutes> publicationTime);

/// "- product name and version" lines for the missing-information notice.
std::string missingFieldsText(const std::vector<std::string>& missing, const std::string& language);

/// The consent questions (ウ)(エ)(オ) the reporter has not answered, one form line each
/// ("label (yes/no):"), for the missing-information notice; "" when all are answered.
std::string missingConsentsText(const store::CaseReport& report, const std::string& language);

}  // namespace cvdd::daemon
