#pragma once
// The CSAF 2.0 `csaf_security_advisory` of a published case (OASIS CSAF 2.0, §4.5 profile
// "Security Advisory"), built from the case's public data only: the operator's texts, the
// CVE IDs and the CVSS vector, the statements of the vendors that were given the details,
// and the organisations and products of the vendor registry. Nothing here reads the
// details, the reporter's report text or any notice; a reporter is named only with consent.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/language.hpp"
#include "core/lifecycle.hpp"
#include "core/time.hpp"
#include "publication/published_case.hpp"
#include "store/records.hpp"

namespace cvdd::publication {

/// One entry of tracking.revision_history.
struct CsafRevision {
  int number = 1;  // 1, 2, ... with no gap: CSAF 6.1.21
  core::Timestamp date;
  std::string summary;
};

/// Who publishes (document.publisher, category "coordinator").
struct CsafPublisher {
  std::string name;          // the coordinator's name
  std::string namespaceUrl;  // e.g. "https://cvd.example.org"
  // Where the provider serves the documents, e.g. "https://cvd.example.org/csaf": when set,
  // the document names its own canonical URL <base>/<year>/<file name> (CSAF 2.0 §7.1.9,
  // the year of its initial release); "" leaves it out.
  std::string documentBaseUrl;
};

/// The file name CSAF 2.0 §5.1 derives from a tracking ID: lower case, every run of
/// characters other than "+", "-", a-z and 0-9 replaced by "_", then ".json"
/// ("CVD#20260001" -> "cvd_20260001.json").
std::string csafFileName(std::string_view trackingId);

/// What the document is built from.
using CsafSource = PublishedCase;

/// The revisions of a document at `version` (>= 1): revision 1 at publication, then one at
/// each later vendor statement (statusChanges, ascending), then at `now` for the rest.
std::vector<CsafRevision> csafRevisions(core::Timestamp publishedAt, int version,
                                        const std::vector<core::Timestamp>& statusChanges,
                                        core::Timestamp now);

/// The times of the vendor statements recorded after publication, ascending.
std::vector<core::Timestamp> statusChangesAfterPublication(const core::CaseWorkflow& workflow);

/// The document. IllegalTransition when the case is not published; InvalidConfig when the
/// title or summary is not written, the publisher is incomplete, or the revisions are not
/// numbered 1..N in date order starting at the publication.
core::Result<nlohmann::json> csafDocument(const CsafSource& source, const CsafPublisher& publisher,
                                          const std::vector<CsafRevision>& revisions);

}  // namespace cvdd::publication
