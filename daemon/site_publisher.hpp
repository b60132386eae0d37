#pragma once
// Renders the published site from the state and writes it into [publication] dir: what
// `cvdctl publish` runs, and what the daemon runs after a cycle in which the store's
// site-change counter (store/site_changes.hpp) moved.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time_zone.hpp"
#include "daemon/config.hpp"
#include "publication/site.hpp"
#include "publication/site_writer.hpp"
#include "store/store.hpp"

namespace cvdd::daemon {

/// The site settings of a config ([coordinator] name, [publication], [deadlines]).
publication::SiteSettings siteSettings(const Config& config, const core::TimeZone& zone);

/// What one publication did.
struct SitePublication {
  std::size_t publishedCases = 0;
  publication::SiteWrite write;
  std::vector<std::string> problems;  // files left out (publication::SiteBuild::problems)
  std::uint64_t changes = 0;          // the site-change counter the site was rendered at
};

/// Builds the whole site (or, with onlyCase, that case's files and the site-wide ones over
/// the current site) from one read transaction and writes it atomically into
/// [publication] dir. Errors (nothing written): InvalidConfig when no dir is configured;
/// buildCaseSite's NotFound and IllegalTransition. Throws on an I/O failure
/// (writeSiteAtomically), leaving the current site as it was.
core::Result<SitePublication> publishSite(store::Store& store, const Config& config,
                                          const core::TimeZone& zone, core::Timestamp now,
                                          std::optional<std::string> onlyCase = std::nullopt);

/// The counter value the site in [publication] dir was last rendered at, whole, by this
/// version of cvdd with these settings (a stamp beside the site, written after each whole
/// render and each publishSiteChanges); nullopt when there is none, it was written by
/// another version or under other settings, or the site directory is missing. Lets a
/// restarted daemon go on from there instead of rendering every advisory again.
std::optional<std::uint64_t> siteRenderedAt(const Config& config, const core::TimeZone& zone);

/// What the daemon runs once it has rendered the site at counter value renderedAt: the
/// cases changed since (ReadTxn::siteCasesChangedAfter) and the site-wide files, updated
/// in place over the current site (buildCasesSite, writeSiteAtomically's partial path).
/// InvalidConfig without a dir; throws on an I/O failure like publishSite.
core::Result<SitePublication> publishSiteChanges(store::Store& store, const Config& config,
                                                 const core::TimeZone& zone, core::Timestamp now,
                                                 std::uint64_t renderedAt);

}  // namespace cvdd::daemon
