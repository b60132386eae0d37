// The site's stamp (daemon/site_publisher.hpp): a restarted cvdd goes on from the site its
// predecessor rendered, only when that site was rendered whole, by this version, under
// these settings, and is still there.

#include "daemon/site_publisher.hpp"

#include <gtest/gtest.h>

#include "store/site_changes.hpp"
#include "temp_dir.hpp"

namespace cvdd::daemon {
namespace {

using namespace std::chrono;

Config configIn(const test::TempDir& dir, std::string_view name) {
  const std::string toml = "[coordinator]\nname = \"" + std::string(name) +
                           "\"\nintake = \"vendors@cert.example\"\ntimezone = \"UTC\"\n"
                           "[source]\nurl = \"maildir:in\"\n[smtp]\nurl = \"maildir:out\"\n"
                           "[state]\ndir = \"state\"\n[publication]\ndir = \"www/site\"\n";
  auto config = parseConfig(toml, dir.path() / "cvdd.toml");
  if (!config)
    throw std::runtime_error(config.error().front().where + ": " + config.error().front().what);
  return *config;
}

void putPublished(store::Store& store, const std::string& id) {
  core::CaseWorkflow wf;
  wf.caseId = id;
  wf.stage = core::CaseStage::Published;
  wf.publishedAt = core::Timestamp{sys_days{2026y / 3 / 2}};
  core::Case c;
  c.id = id;
  c.receivedAt = core::Timestamp{sys_days{2026y / 3 / 1}};
  auto txn = store.write();
  txn.putCase(c);
  txn.putWorkflow(wf);
  txn.commit();
}

TEST(SiteStamp, ARestartGoesOnFromAWholeRenderUnderTheSameSettingsOnly) {
  test::TempDir dir;
  const auto config = configIn(dir, "Example CERT");
  const auto zone = core::TimeZone::utc();
  auto store = store::Store::open(dir.path() / "state");
  putPublished(store, "CVD#00000001");
  const core::Timestamp now{sys_days{2026y / 3 / 3}};

  EXPECT_FALSE(siteRenderedAt(config, zone)) << "nothing rendered yet";
  ASSERT_TRUE(publishSite(store, config, zone, now));
  EXPECT_EQ(siteRenderedAt(config, zone), 1u);

  putPublished(store, "CVD#00000002");
  ASSERT_TRUE(publishSite(store, config, zone, now, "CVD#00000002"));
  EXPECT_EQ(siteRenderedAt(config, zone), 1u) << "one case's update says nothing of others";
  const auto changed = publishSiteChanges(store, config, zone, now, 1);
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->changes, 2u);
  EXPECT_EQ(siteRenderedAt(config, zone), 2u);

  EXPECT_FALSE(siteRenderedAt(configIn(dir, "Other CERT"), zone)) << "other settings";
  std::filesystem::remove_all(*config.publication.dir);
  EXPECT_FALSE(siteRenderedAt(config, zone)) << "the site is gone";
  // And the changes-only path rebuilds a missing site whole.
  ASSERT_TRUE(publishSiteChanges(store, config, zone, now, 2));
  EXPECT_TRUE(std::filesystem::exists(*config.publication.dir / "index.html"));
  EXPECT_TRUE(
      std::filesystem::exists(*config.publication.dir / "advisories/CVD-00000001/index.html"));
}

}  // namespace
}  // namespace cvdd::daemon
