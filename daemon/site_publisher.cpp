#include "daemon/site_publisher.hpp"

#include "store/site_changes.hpp"

namespace cvdd::daemon {

publication::SiteSettings siteSettings(const Config& config, const core::TimeZone& zone) {
  return {
      config.coordinator.name, config.publication.baseUrl, config.publication.csafNamespace, &zone,
      config.deadlines,        config.coordinator.intake};
}

core::Result<SitePublication> publishSite(store::Store& store, const Config& config,
                                          const core::TimeZone& zone, core::Timestamp now,
                                          std::optional<std::string> onlyCase) {
  if (!config.publication.dir)
    return core::fail(core::Errc::InvalidConfig, "[publication] dir",
                      "not set: there is no site to publish into");
  const auto settings = siteSettings(config, zone);
  SitePublication out;
  publication::SiteBuild build;
  {
    // One read transaction: the site is one consistent state, and the counter read here
    // is the one it reflects.
    auto txn = store.read();
    out.changes = txn.counter(store::kSiteChangesCounter);
    if (onlyCase) {
      auto partial = publication::buildCaseSite(txn, settings, *onlyCase, now);
      if (!partial) return tl::unexpected(partial.error());
      build = std::move(*partial);
    } else {
      build = publication::buildSite(txn, settings, now);
    }
  }
  out.publishedCases = build.publishedCases;
  out.problems = std::move(build.problems);
  out.write = publication::writeSiteAtomically(*config.publication.dir, build.site);
  return out;
}

}  // namespace cvdd::daemon
