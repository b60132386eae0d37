#include "daemon/site_publisher.hpp"

#include "store/site_changes.hpp"

namespace cvdd::daemon {

namespace {

core::Error noDir() {
  return core::Error{core::Errc::InvalidConfig, "[publication] dir",
                     "not set: there is no site to publish into"};
}

/// Writes what was built (the read transaction is closed by now) and says what it did.
SitePublication write(const Config& config, std::uint64_t changes, publication::SiteBuild build) {
  SitePublication out;
  out.changes = changes;
  out.publishedCases = build.publishedCases;
  out.problems = std::move(build.problems);
  out.write = publication::writeSiteAtomically(*config.publication.dir, build.site);
  return out;
}

}  // namespace

publication::SiteSettings siteSettings(const Config& config, const core::TimeZone& zone) {
  return {config.coordinator.name,
          config.publication.baseUrl,
          config.publication.csafNamespace,
          &zone,
          config.deadlines,
          config.coordinator.intake};
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
  return write(config, changes, std::move(build));
}

core::Result<SitePublication> publishSiteChanges(store::Store& store, const Config& config,
                                                 const core::TimeZone& zone, core::Timestamp now,
                                                 std::uint64_t renderedAt) {
  if (!config.publication.dir) return tl::unexpected(noDir());
  std::uint64_t changes = 0;
  publication::SiteBuild build;
  {
    auto txn = store.read();
    changes = txn.counter(store::kSiteChangesCounter);
    build = publication::buildCasesSite(txn, siteSettings(config, zone),
                                        txn.siteCasesChangedAfter(renderedAt), now);
  }
  return write(config, changes, std::move(build));
}

}  // namespace cvdd::daemon
