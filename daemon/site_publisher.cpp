#include "daemon/site_publisher.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "store/site_changes.hpp"

namespace cvdd::daemon {

namespace {

core::Error noDir() {
  return core::Error{core::Errc::InvalidConfig, "[publication] dir",
                     "not set: there is no site to publish into"};
}

namespace fs = std::filesystem;

/// ".<name>.rendered" beside the site (with its lock file, outside what is served).
fs::path stampPath(const fs::path& dir) {
  const fs::path parent = dir.parent_path().empty() ? fs::path(".") : dir.parent_path();
  return parent / ("." + dir.filename().string() + ".rendered");
}

/// Everything besides the state that the pages depend on: another version of cvdd or
/// other settings render other pages, so a stamp written under them says nothing.
std::string renderedWith(const Config& config, const core::TimeZone& zone) {
  const auto s = siteSettings(config, zone);
  return std::string("cvdd ") + CVDD_VERSION + "\n" + s.coordinatorName + "\n" + s.baseUrl + "\n" +
         s.csafNamespace + "\n" + s.contactAddress + "\n" + zone.name() + "\n" +
         std::to_string(s.deadlines.publicationTargetDays) + "\n";
}

/// Records that the whole site now reflects the state at counter value `changes`. Best
/// effort: a stamp lost or stale only makes the next start render the whole site again.
void writeStamp(const Config& config, const core::TimeZone& zone, std::uint64_t changes) {
  const fs::path stamp = stampPath(*config.publication.dir);
  const fs::path tmp = stamp.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << changes << "\n" << renderedWith(config, zone);
    if (!out) return;
  }
  std::error_code ec;
  fs::rename(tmp, stamp, ec);
}

/// Writes what was built (the read transaction is closed by now) and says what it did;
/// `whole`: the site reflects the state at `changes` everywhere, so the stamp says so.
SitePublication write(const Config& config, const core::TimeZone& zone, std::uint64_t changes,
                      publication::SiteBuild build, bool whole) {
  SitePublication out;
  out.changes = changes;
  out.publishedCases = build.publishedCases;
  out.problems = std::move(build.problems);
  out.write = publication::writeSiteAtomically(*config.publication.dir, build.site);
  if (whole) writeStamp(config, zone, changes);
  return out;
}

}  // namespace

publication::SiteSettings siteSettings(const Config& config, const core::TimeZone& zone) {
  return {
      config.coordinator.name, config.publication.baseUrl, config.publication.csafNamespace, &zone,
      config.deadlines,        config.coordinator.intake};
}

core::Result<SitePublication> publishSite(store::Store& store, const Config& config,
                                          const core::TimeZone& zone, core::Timestamp now,
                                          std::optional<std::string> onlyCase) {
  if (!config.publication.dir) return tl::unexpected(noDir());
  const auto settings = siteSettings(config, zone);
  std::uint64_t changes = 0;
  publication::SiteBuild build;
  {
    // One read transaction: the site is one consistent state, and the counter read here
    // is the one it reflects.
    auto txn = store.read();
    changes = txn.counter(store::kSiteChangesCounter);
    if (onlyCase) {
      auto partial = publication::buildCaseSite(txn, settings, *onlyCase, now);
      if (!partial) return tl::unexpected(partial.error());
      build = std::move(*partial);
    } else {
      build = publication::buildSite(txn, settings, now);
    }
  }
  // A single case's update leaves the other cases changed since the stamp undone.
  return write(config, zone, changes, std::move(build), !onlyCase);
}

std::optional<std::uint64_t> siteRenderedAt(const Config& config, const core::TimeZone& zone) {
  if (!config.publication.dir || !fs::is_directory(*config.publication.dir)) return std::nullopt;
  std::ifstream in(stampPath(*config.publication.dir));
  std::uint64_t changes = 0;
  if (!(in >> changes)) return std::nullopt;
  in.ignore(1);
  std::ostringstream rest;
  rest << in.rdbuf();
  if (rest.str() != renderedWith(config, zone)) return std::nullopt;
  return changes;
}

core::Result<SitePublication> publishSiteChanges(store::Store& store, const Config& config,
                                                 const core::TimeZone& zone, core::Timestamp now,
                                                 std::uint64_t renderedAt) {
  if (!config.publication.dir) return tl::unexpected(noDir());
  // The site is gone (removed by hand): only a whole one can stand in for it.
  if (!fs::is_directory(*config.publication.dir)) return publishSite(store, config, zone, now);
  std::uint64_t changes = 0;
  publication::SiteBuild build;
  {
    auto txn = store.read();
    changes = txn.counter(store::kSiteChangesCounter);
    build = publication::buildCasesSite(txn, siteSettings(config, zone),
                                        txn.siteCasesChangedAfter(renderedAt), now);
  }
  return write(config, zone, changes, std::move(build), true);
}

}  // namespace cvdd::daemon
