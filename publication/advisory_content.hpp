#pragma once
// The public content of an advisory, picked from a PublishedCase in one place and in plain
// text: the HTML, Markdown and vendor-page renderers format this and read nothing else, so
// what must never be published is kept out here once (see advisory.hpp).

#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/cvss.hpp"
#include "core/language.hpp"
#include "core/time_zone.hpp"
#include "core/vendor_status.hpp"
#include "publication/csaf.hpp"
#include "publication/published_case.hpp"

namespace cvdd::publication {

/// One dated line of a history or timeline, in the page's language.
struct AdvisoryEvent {
  core::CivilDate date;
  std::string text;
};

/// A vendor on the table.
struct AdvisoryVendor {
  std::string vendorId;  // only for the page's file name; never shown as a name
  std::string organisation;
  std::vector<std::string> products;         // from the registry
  std::optional<core::PublicStatus> status;  // nullopt: no statement (figure 6 「なし」)
  std::string statusName;                    // data-status: a status name or "no-statement"
  std::string statusLabel;                   // ja or en label
  std::optional<core::CivilDate> lastChange;
  std::string comment;                           // the public comment only
  std::string advisoryUrl;                       // as given; a link only when linkUrl() accepts it
  std::vector<AdvisoryEvent> history;            // its page: details given, statements
  std::vector<AdvisoryEvent> committeeTimeline;  // figure 6; empty unless published so
};

/// What the pages show, in the page's language.
struct AdvisoryContent {
  std::string caseId;
  core::Language language = core::Language::English;
  std::string title;
  std::string overview;
  std::vector<std::string> affectedProducts;
  std::string description;
  std::string impact;
  std::string solution;
  std::vector<AdvisoryVendor> vendors;
  std::string exploitationStatement;
  std::optional<core::CvssV31> cvss;
  std::vector<std::string> cves;
  std::string credit;  // "" without the reporter's consent
  std::vector<std::string> references;
  std::string coordinatorNotes;
  core::CivilDate publishedOn;
  std::vector<AdvisoryEvent> revisions;  // "Revision N: summary"
};

/// The content; the case must be public (advisoryIsPublic).
AdvisoryContent advisoryContent(const PublishedCase& c, const std::vector<CsafRevision>& revisions,
                                core::Language language, const core::TimeZone& timeZone);

/// One vendor's part of it, or nullopt when it is not on the table.
std::optional<AdvisoryVendor> advisoryVendor(const PublishedCase& c, std::string_view vendorId,
                                             core::Language language,
                                             const core::TimeZone& timeZone);

}  // namespace cvdd::publication
