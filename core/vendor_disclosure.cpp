#include "core/vendor_disclosure.hpp"

namespace cvdd::core {

Disclosure disclosureFor(Reader reader, const ReportProvenance& p) {
  switch (reader) {
    case Reader::Reporter:
    case Reader::Coordinator:
      return {true, true, true, true, true, true};
    case Reader::ThirdParty:
      break;
  }
  Disclosure d;
  d.reporterIdentity = p.identityConsented;
  // The subject is the reporter's own words, often the vulnerability itself: never.
  d.originalSubject = false;
  d.product = p.productByOperator || p.identityConsented;
  d.details = detailsReleasable(p).has_value();
  // Credit is governed by (オ), not (ウ): with it, the name is in the public advisory.
  d.credit = p.creditConsented;
  // (エ) alone is no leave to pass the address: (ウ) governs passing (ア)(イ) at all.
  d.reporterDirectContact = p.identityConsented && p.directContactConsented;
  return d;
}

Result<void> detailsReleasable(const ReportProvenance& p) {
  switch (p.details) {
    case DetailsSource::Operator:
      return {};
    case DetailsSource::ReportConfirmed:
      if (p.identityConsented) return {};
      return fail(Errc::InvalidConfig, "details",
                  "the reporter's text was confirmed as the details, but the reporter does not "
                  "consent to passing it on; write the vendors' details with `cvdctl case edit "
                  "ID --details-file FILE`");
    case DetailsSource::None:
      break;
  }
  return fail(Errc::InvalidConfig, "details",
              std::string("the vendors' vulnerability details are not written yet: write them "
                          "with `cvdctl case edit ID --details-file FILE`") +
                  (p.identityConsented
                       ? ", or confirm the reporter's text as is with `--details-from-report`"
                       : " (the reporter did not consent to passing on their own text)"));
}

Result<void> mayConfirmReportText(const ReportProvenance& p) {
  if (p.identityConsented) return {};
  return fail(Errc::IllegalTransition, "details",
              "the reporter did not consent to passing their name, address or text to "
              "vendors (share identity is not \"yes\"): write the vendors' details with "
              "--details or --details-file");
}

bool noticeCarriesDetails(std::string_view notice) {
  return notice == "vulnerability-details" || notice == "priority-advisory" ||
         notice == "related-organisation-details";
}

std::string_view detailsSourceName(DetailsSource source) {
  switch (source) {
    case DetailsSource::None:
      return "none";
    case DetailsSource::Operator:
      return "operator";
    case DetailsSource::ReportConfirmed:
      return "report-confirmed";
  }
  return "none";
}

}  // namespace cvdd::core
