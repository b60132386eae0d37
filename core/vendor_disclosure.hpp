#pragma once
// What a party other than the reporter may read of a case (000 ch.5 (ウ), (オ)). Without
// the reporter's consent nothing the reporter wrote reaches a vendor verbatim: not their
// name, address or subject, not the product or the steps as they wrote them. Vendors read
// the operator's title, summary and details instead, and the details go out only once the
// operator has written them, or confirmed the reporter's own text (which needs consent).
// Pure: daemon/notice_data.cpp applies it to every notice, daemon/coordination.cpp
// refuses a command whose notices would carry details not yet released.

#include <string_view>

#include "core/error.hpp"

namespace cvdd::core {

/// Who reads a notice, as far as the reporter's texts are concerned.
enum class Reader {
  Reporter,     // their own words
  Coordinator,  // the operators: they hold the report anyway
  ThirdParty,   // a vendor, a related organisation, a priority recipient
};

/// Where the details text for vendors comes from.
enum class DetailsSource {
  None,             // not written yet: the details cannot be sent
  Operator,         // written by the operator (cvdctl case edit --details)
  ReportConfirmed,  // the reporter's text, confirmed as is by the operator
};

/// What the case's report record says about its texts' origin and the reporter's consents.
struct ReportProvenance {
  bool identityConsented = false;  // (ウ) "yes": name and address may go to vendors
  bool creditConsented = false;    // (オ) "yes": the name may be published
  bool productByOperator = false;  // the product text is the operator's, not the reporter's
  DetailsSource details = DetailsSource::None;
  bool directContactConsented = false;  // (エ) "yes": the vendor may contact the reporter
};

/// The case texts a reader may see. The operator's title and summary are always allowed;
/// everything here is the reporter's, or depends on what the reporter agreed to.
struct Disclosure {
  bool reporterIdentity = false;  // the reporter's name (the address: reporterDirectContact)
  bool originalSubject = false;   // the subject of the reporter's mail
  bool product = false;           // the product text (see productByOperator)
  bool details = false;           // the details text, when there is one (see detailsReleasable)
  bool credit = false;            // the credit line: public with the advisory once agreed
  // The reporter's address, with leave to contact them directly: (エ) "yes" and, since the
  // address is part of (ア)(イ), (ウ) "yes" too. Without it no address reaches a vendor.
  bool reporterDirectContact = false;

  friend bool operator==(const Disclosure&, const Disclosure&) = default;
};

/// The fields reader may see of a case with this provenance.
Disclosure disclosureFor(Reader reader, const ReportProvenance& provenance);

/// Whether the details text may go to a third party now: written by the operator, or the
/// reporter's text confirmed while the reporter consents to (ウ). Otherwise an
/// InvalidConfig error that says what the operator must do.
Result<void> detailsReleasable(const ReportProvenance& provenance);

/// Whether the operator may confirm the reporter's own text as the vendors' details: only
/// with the reporter's consent (ウ); otherwise an IllegalTransition error saying why.
Result<void> mayConfirmReportText(const ReportProvenance& provenance);

/// Whether a notice (template name) carries the details text to its third-party readers.
bool noticeCarriesDetails(std::string_view notice);

/// Stable names: "none", "operator", "report-confirmed".
std::string_view detailsSourceName(DetailsSource source);

}  // namespace cvdd::core
