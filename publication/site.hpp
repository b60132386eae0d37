#pragma once
// The published site (issue 12 item 1) as files in memory, built from the state in one read
// transaction. Only published cases are read (core::isPublished): a stopped, cancelled or
// scheduled case is never looked at, so nothing of it can reach a page.
//
// Each kind of page is one function that adds its files to a Site (site.cpp): a new kind is
// one more call there. The layout is in site_paths.hpp; writing to disk in site_writer.hpp.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/deadline.hpp"
#include "core/error.hpp"
#include "core/time_zone.hpp"
#include "publication/csaf.hpp"
#include "publication/published_case.hpp"
#include "store/store.hpp"

namespace cvdd::publication {

/// The files of a site by path relative to its directory ("csaf/2026/cvd_1.json").
struct Site {
  std::map<std::string, std::string> files;
  // A partial site (one case regenerated): every file of the current site is kept as it is
  // unless `files` has its path or `replaced` names it: a path ("csaf/2026/x.json") or a
  // directory ending in '/' ("advisories/X/", replaced whole), so a file no longer rendered
  // goes away.
  bool keepCurrent = false;
  std::vector<std::string> replaced;
};

/// What the pages need besides the state: from [coordinator] and [publication].
struct SiteSettings {
  std::string coordinatorName;
  std::string baseUrl;                       // the site's public URL, https://, no trailing slash
  std::string csafNamespace;                 // document.publisher.namespace
  const core::TimeZone* timeZone = nullptr;  // local dates, the statistics' days
  core::DeadlinePolicy deadlines;            // the statistics' publication target
  // Where a listed vendor writes with its inquiry number in the subject ([coordinator]
  // intake): shown on the unreachable-vendors list.
  std::string contactAddress;
};

/// A published case as the indexes list it.
struct AdvisoryListing {
  std::string caseId;
  std::string title;  // the operator's neutral title; the case ID when none is written
  core::Timestamp publishedAt;
  std::string csafPath;           // csafDocumentPath
  core::Timestamp csafUpdatedAt;  // its document's tracking.current_release_date
  bool operator==(const AdvisoryListing&) const = default;
};

/// A built site and what could not be rendered (each entry names the case and why; that
/// file is missing from the site, the rest is complete).
struct SiteBuild {
  Site site;
  std::vector<std::string> problems;
  std::size_t publishedCases = 0;
};

/// The publisher of the site's CSAF documents; their canonical URLs are under
/// <baseUrl>/csaf.
CsafPublisher sitePublisher(const SiteSettings& settings);

/// The CSAF revisions of a published case as the site renders them: one at publication and
/// one per vendor statement since, so a document changes only when its case does.
std::vector<CsafRevision> siteCsafRevisions(const core::CaseWorkflow& workflow);

/// Every file of the site. Total; problems lists what was left out.
SiteBuild buildSite(const store::ReadTxn& txn, const SiteSettings& settings, core::Timestamp now);

/// What these cases change: the files of each published one among them (an unpublished
/// case has none) plus every site-wide file, as a partial site over the current one; what
/// the daemon renders for the cases changed since its last render. Total.
SiteBuild buildCasesSite(const store::ReadTxn& txn, const SiteSettings& settings,
                         const std::vector<std::string>& caseIds, core::Timestamp now);

/// What one case changes: its own pages and documents plus every site-wide file (indexes,
/// CSAF provider files, statistics), as a partial site over the current one. NotFound for
/// an unknown case; IllegalTransition for a case that is not published.
core::Result<SiteBuild> buildCaseSite(const store::ReadTxn& txn, const SiteSettings& settings,
                                      std::string_view caseId, core::Timestamp now);

}  // namespace cvdd::publication
