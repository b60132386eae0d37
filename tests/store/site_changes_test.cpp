// The site-change counter (store/site_changes.hpp): moved by every write that may change the
// published site, and by no other, whichever process writes.

#include "store/site_changes.hpp"

#include <gtest/gtest.h>

#include "core/public_site.hpp"
#include "store/store.hpp"
#include "temp_dir.hpp"

namespace cvdd::store {
namespace {

using namespace std::chrono;

core::CaseWorkflow workflow(core::CaseStage stage) {
  core::CaseWorkflow wf;
  wf.caseId = "CVD#00000001";
  wf.stage = stage;
  if (stage == core::CaseStage::Published || stage == core::CaseStage::Closed)
    wf.publishedAt = core::Timestamp{sys_days{2026y / 3 / 2}};
  return wf;
}

TEST(PublicSite, OnlyAPublishedCaseIsPublic) {
  for (const auto stage :
       {core::CaseStage::Received, core::CaseStage::Stopped, core::CaseStage::Coordinating,
        core::CaseStage::PublicationScheduled, core::CaseStage::PublicationCancelled})
    EXPECT_FALSE(core::isPublished(workflow(stage))) << static_cast<int>(stage);
  EXPECT_TRUE(core::isPublished(workflow(core::CaseStage::Published)));
  EXPECT_TRUE(core::isPublished(workflow(core::CaseStage::Closed)));  // closed after it
  auto closedUnpublished = workflow(core::CaseStage::Closed);
  closedUnpublished.publishedAt.reset();  // closed after being stopped
  EXPECT_FALSE(core::isPublished(closedUnpublished));
}

TEST(SiteChanges, MovesForPublishedCasesAndTheUnreachableListOnly) {
  test::TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  const auto changes = [&] { return store.read().counter(kSiteChangesCounter); };
  const auto put = [&](const core::CaseWorkflow& wf) {
    auto txn = store.write();
    txn.putWorkflow(wf);
    txn.commit();
  };
  const auto putReport = [&] {
    auto txn = store.write();
    CaseReport report;
    report.caseId = "CVD#00000001";
    report.title = "A title";
    txn.putReport(report);
    txn.commit();
  };

  auto wf = workflow(core::CaseStage::Coordinating);
  wf.vendors.push_back({});
  wf.vendors[0].vendorId = "acme";
  put(wf);
  putReport();
  EXPECT_EQ(changes(), 0u);  // an embargoed case: the site cannot change

  wf.vendors[0].reachability = core::Reachability::Unreachable;
  wf.vendors[0].unreachableSince = core::Timestamp{sys_days{2026y / 6 / 1}};
  put(wf);  // listed as unreachable
  EXPECT_EQ(changes(), 1u);
  putReport();
  EXPECT_EQ(changes(), 1u);  // the report of an unpublished case is never on the site
  wf.vendors[0].reachability = core::Reachability::Resumed;
  put(wf);  // off the list again
  EXPECT_EQ(changes(), 2u);

  auto published = workflow(core::CaseStage::Published);
  put(published);
  EXPECT_EQ(changes(), 3u);
  putReport();  // a published case's title changes
  EXPECT_EQ(changes(), 4u);
  {
    auto txn = store.write();
    txn.putWorkflow(workflow(core::CaseStage::Closed));
  }  // aborted: nothing moved
  EXPECT_EQ(changes(), 4u);
}

TEST(SiteChanges, NameTheCasesChangedAfterARenderedValue) {
  test::TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  const auto put = [&](std::string id, core::CaseStage stage) {
    auto wf = workflow(stage);
    wf.caseId = std::move(id);
    auto txn = store.write();
    txn.putWorkflow(wf);
    txn.commit();
  };
  put("CVD#00000001", core::CaseStage::Published);
  put("CVD#00000002", core::CaseStage::Published);
  put("CVD#00000003", core::CaseStage::Coordinating);  // not on the site: never named
  const auto rendered = store.read().counter(kSiteChangesCounter);
  EXPECT_EQ(rendered, 2u);
  EXPECT_EQ(store.read().siteCasesChangedAfter(0),
            (std::vector<std::string>{"CVD#00000001", "CVD#00000002"}));
  EXPECT_TRUE(store.read().siteCasesChangedAfter(rendered).empty());
  put("CVD#00000001", core::CaseStage::Published);  // e.g. a statement after publication
  EXPECT_EQ(store.read().siteCasesChangedAfter(rendered), std::vector<std::string>{"CVD#00000001"});
}

}  // namespace
}  // namespace cvdd::store
