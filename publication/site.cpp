#include "publication/site.hpp"

#include <algorithm>
#include <set>

#include "core/public_site.hpp"
#include "publication/advisory.hpp"
#include "publication/csaf_provider.hpp"
#include "publication/site_index.hpp"
#include "publication/site_paths.hpp"
#include "publication/statistics_source.hpp"
#include "publication/stats_json.hpp"
#include "publication/stats_page.hpp"
#include "publication/unreachable_page.hpp"
#include "publication/unreachable_source.hpp"

namespace cvdd::publication {

namespace {

using core::Language;

struct SiteContext {
  const SiteSettings& settings;
  CsafPublisher publisher;
  core::Timestamp now;
};

/// A published case's listing entry, with whether its CSAF document is on the site.
struct Listed {
  AdvisoryListing listing;
  bool hasCsaf = false;
};

PublishedCase readPublishedCase(const store::ReadTxn& txn, const store::CaseSummary& summary,
                                const core::CaseWorkflow& workflow) {
  PublishedCase c{summary.id,
                  summary.language,
                  txn.getReport(summary.id).value_or(store::CaseReport{}),
                  workflow,
                  {}};
  for (const auto& v : workflow.vendors)
    if (auto record = txn.getVendor(v.vendorId)) c.registry.push_back(std::move(*record));
  return c;
}

/// revisions: siteCsafRevisions(c.workflow), computed once per case for every use below.
AdvisoryListing listingOf(const PublishedCase& c, const std::vector<CsafRevision>& revisions) {
  const auto publishedAt = *c.workflow.publishedAt;
  return {c.caseId, c.report.title.empty() ? c.caseId : c.report.title, publishedAt,
          csafDocumentPath(c.caseId, publishedAt), revisions.back().date};
}

core::Result<nlohmann::json> renderCsaf(const PublishedCase& c,
                                        const std::vector<CsafRevision>& revisions,
                                        const SiteContext& ctx) {
  return csafDocument(c, ctx.publisher, revisions);
}

// ---------------------------------------------------------------------------------------
// The page kinds. Each adds its files to the site; a new kind is one more call in
// addCaseFiles (files of one case) or addSiteWideFiles (files over every published case).

/// csaf/<year>/<file>.json. False, with the reason in problems, when it cannot be rendered.
bool addCsafDocument(const PublishedCase& c, const std::vector<CsafRevision>& revisions,
                     const SiteContext& ctx, Site& site, std::vector<std::string>& problems) {
  const auto doc = renderCsaf(c, revisions, ctx);
  if (!doc) {
    problems.push_back(c.caseId + ": no CSAF document: " + doc.error().what);
    return false;
  }
  site.files[csafDocumentPath(c.caseId, *c.workflow.publishedAt)] = doc->dump(2) + "\n";
  return true;
}

/// advisories/<dir>/index.html, index.ja.html, index.md, index.ja.md and
/// vendors/<file>.html (.ja.html): the advisory in both languages, with its revision
/// history the same as its CSAF document's.
void addAdvisoryPages(const PublishedCase& c, const std::vector<CsafRevision>& revisions,
                      const SiteContext& ctx, Site& site) {
  const auto& zone = *ctx.settings.timeZone;
  const std::string dir = advisoryDir(c.caseId);
  for (const auto language : {Language::English, Language::Japanese}) {
    site.files[advisoryPage(c.caseId, language)] = renderAdvisoryHtml(c, revisions, language, zone);
    site.files[dir + (language == Language::Japanese ? "index.ja.md" : "index.md")] =
        renderAdvisoryMarkdown(c, revisions, language, zone);
    for (auto& page : renderVendorPages(c, language, zone))
      site.files[dir + "vendors/" + page.fileName] = std::move(page.html);
  }
}

/// Every file of one published case; true when its CSAF document is among them.
bool addCaseFiles(const PublishedCase& c, const std::vector<CsafRevision>& revisions,
                  const SiteContext& ctx, Site& site, std::vector<std::string>& problems) {
  const bool csaf = addCsafDocument(c, revisions, ctx, site, problems);
  addAdvisoryPages(c, revisions, ctx, site);
  return csaf;
}

/// index.html, index.ja.html.
void addAdvisoryIndex(const std::vector<Listed>& listed, const SiteContext& ctx, Site& site) {
  std::vector<AdvisoryListing> advisories;
  for (const auto& l : listed) advisories.push_back(l.listing);
  for (const auto language : {Language::English, Language::Japanese})
    site.files[pageName(language)] = renderAdvisoryIndex(advisories, ctx.settings.coordinatorName,
                                                         *ctx.settings.timeZone, language);
}

/// csaf/provider-metadata.json, csaf/index.txt, csaf/changes.csv.
void addCsafProviderFiles(const std::vector<Listed>& listed, const SiteContext& ctx, Site& site) {
  std::vector<CsafEntry> entries;
  // last_updated moves only when a document does: an unchanged site stays byte-identical.
  std::optional<core::Timestamp> lastUpdated;
  for (const auto& l : listed) {
    if (!l.hasCsaf) continue;
    entries.push_back(
        {l.listing.csafPath.substr(std::string_view("csaf/").size()), l.listing.csafUpdatedAt});
    lastUpdated = std::max(lastUpdated.value_or(l.listing.csafUpdatedAt), l.listing.csafUpdatedAt);
  }
  site.files["csaf/provider-metadata.json"] =
      csafProviderMetadata(ctx.publisher, ctx.settings.baseUrl, lastUpdated.value_or(ctx.now))
          .dump(2) +
      "\n";
  site.files["csaf/index.txt"] = csafIndexTxt(entries);
  site.files["csaf/changes.csv"] = csafChangesCsv(entries);
}

/// stats/index.html, index.ja.html, stats.json.
void addStatistics(const core::OperatingStatistics& stats, Site& site) {
  for (const auto language : {Language::English, Language::Japanese})
    site.files["stats/" + pageName(language)] = renderStatisticsPage(stats, language);
  site.files["stats/stats.json"] = statisticsJson(stats).dump(2) + "\n";
}

/// unreachable/index.html, index.ja.html, unreachable.json: the vendors listed now, of
/// any case (the list names vendors, never a case or its vulnerability).
void addUnreachableList(const store::ReadTxn& txn, const std::vector<core::CaseWorkflow>& workflows,
                        const SiteContext& ctx, Site& site) {
  const auto entries = unreachableEntries(txn, workflows, *ctx.settings.timeZone);
  const auto& contact = ctx.settings.contactAddress;
  for (const auto language : {Language::English, Language::Japanese})
    site.files["unreachable/" + pageName(language)] =
        renderUnreachablePage(entries, language, contact);
  site.files["unreachable/unreachable.json"] = unreachableJson(entries, contact).dump(2) + "\n";
}

/// workflows: every workflow, as the build read them (the list spans unpublished cases).
void addSiteWideFiles(const store::ReadTxn& txn, const std::vector<core::CaseWorkflow>& workflows,
                      const std::vector<Listed>& listed, const core::OperatingStatistics& stats,
                      const SiteContext& ctx, Site& site) {
  addAdvisoryIndex(listed, ctx, site);
  addCsafProviderFiles(listed, ctx, site);
  addStatistics(stats, site);
  addUnreachableList(txn, workflows, ctx, site);
}

// ---------------------------------------------------------------------------------------

/// Reads the state once and builds; `only` set: those cases' files and the site-wide ones.
SiteBuild build(const store::ReadTxn& txn, const SiteSettings& settings, core::Timestamp now,
                const std::optional<std::set<std::string, std::less<>>>& only) {
  const SiteContext ctx{settings, sitePublisher(settings), now};
  const auto read = readStatisticsCases(txn);
  const auto stats = core::operatingStatistics(
      read.cases, defaultStatisticsPeriod(read.earliest, now, *settings.timeZone),
      *settings.timeZone, settings.deadlines);
  SiteBuild out;
  std::vector<Listed> listed;
  for (std::size_t i = 0; i < read.cases.size(); ++i) {
    const auto* workflow = read.cases[i].workflow;
    // The confidentiality rule: nothing of a case that is not published is read further.
    if (workflow == nullptr || !core::isPublished(*workflow)) continue;
    const auto c = readPublishedCase(txn, read.summaries[i], *workflow);
    const auto revisions = siteCsafRevisions(c.workflow);
    ++out.publishedCases;
    bool hasCsaf = false;
    if (!only || only->contains(c.caseId)) {
      hasCsaf = addCaseFiles(c, revisions, ctx, out.site, out.problems);
    } else {
      // Kept from the current site; rendered only to know the index may list it.
      hasCsaf = renderCsaf(c, revisions, ctx).has_value();
    }
    listed.push_back({listingOf(c, revisions), hasCsaf});
  }
  addSiteWideFiles(txn, read.workflows, listed, stats, ctx, out.site);
  return out;
}

}  // namespace

CsafPublisher sitePublisher(const SiteSettings& settings) {
  return {settings.coordinatorName, settings.csafNamespace, settings.baseUrl + "/csaf"};
}

std::vector<CsafRevision> siteCsafRevisions(const core::CaseWorkflow& workflow) {
  const auto changes = statusChangesAfterPublication(workflow);
  return csafRevisions(*workflow.publishedAt, 1 + static_cast<int>(changes.size()), changes,
                       *workflow.publishedAt);
}

SiteBuild buildSite(const store::ReadTxn& txn, const SiteSettings& settings, core::Timestamp now) {
  return build(txn, settings, now, std::nullopt);
}

SiteBuild buildCasesSite(const store::ReadTxn& txn, const SiteSettings& settings,
                         const std::vector<std::string>& caseIds, core::Timestamp now) {
  auto out =
      build(txn, settings, now, std::set<std::string, std::less<>>(caseIds.begin(), caseIds.end()));
  out.site.keepCurrent = true;
  for (const auto& id : caseIds) {
    const auto workflow = txn.getWorkflow(id);
    // An unpublished case has no files of its own: its change shows in the site-wide ones
    // (the unreachable-vendors list) only.
    if (!workflow || !core::isPublished(*workflow)) continue;
    out.site.replaced.push_back(advisoryDir(id));
    out.site.replaced.push_back(csafDocumentPath(id, *workflow->publishedAt));
  }
  return out;
}

core::Result<SiteBuild> buildCaseSite(const store::ReadTxn& txn, const SiteSettings& settings,
                                      std::string_view caseId, core::Timestamp now) {
  if (!txn.hasCase(caseId))
    return core::fail(core::Errc::NotFound, std::string(caseId), "no such case");
  const auto workflow = txn.getWorkflow(caseId);
  if (!workflow || !core::isPublished(*workflow))
    return core::fail(core::Errc::IllegalTransition, std::string(caseId),
                      "the case is not published: it has no pages");
  return buildCasesSite(txn, settings, {std::string(caseId)}, now);
}

}  // namespace cvdd::publication
