// Inquiry numbers of the unreachable-vendors list: given by putWorkflow in the transaction
// that first writes a vendor listed, unique across the store, never reused, the same for a
// vendor listed again; routed back to the case and vendor; the new workflow fields decode
// from records written before them.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/lifecycle.hpp"
#include "store/record_codec.hpp"
#include "store/store.hpp"
#include "tests/core/workflow_fixture.hpp"
#include "tests/store/temp_dir.hpp"

namespace cvdd::store {
namespace {

using namespace std::chrono;
using core::testing::day0;
using core::testing::jst;
using core::testing::run;

core::CaseWorkflow listedCase(const std::string& caseId) {
  auto wf = core::testing::summarySent();
  wf.caseId = caseId;
  return run(wf, {core::command::MarkUnreachable{"acme", core::UnreachableReason::NoChannel}});
}

std::string numberOf(const Store& store, const std::string& caseId) {
  return store.read().getWorkflow(caseId)->vendor("acme")->inquiryNumber;
}

TEST(InquiryNumbers, AListedVendorIsNumberedWhenWrittenAndRoutesBack) {
  test::TempDir dir;
  auto store = Store::open(dir.storeDir());
  {
    auto txn = store.write();
    txn.putWorkflow(core::testing::summarySent());  // nobody listed: no number
    txn.commit();
  }
  EXPECT_EQ(numberOf(store, "CVD#00000042"), "");
  {
    auto txn = store.write();
    txn.putWorkflow(listedCase("CVD#00000042"));
    txn.putWorkflow(listedCase("CVD#00000043"));
    txn.commit();
  }
  EXPECT_EQ(numberOf(store, "CVD#00000042"), "DID#00001");
  EXPECT_EQ(numberOf(store, "CVD#00000043"), "DID#00002");
  EXPECT_EQ(store.read().inquiryTarget("DID#00002"), (InquiryTarget{"CVD#00000043", "acme"}));
  EXPECT_FALSE(store.read().inquiryTarget("DID#00003"));

  // The caller's copy (without the number) written again keeps the number.
  {
    auto txn = store.write();
    txn.putWorkflow(listedCase("CVD#00000042"));
    txn.commit();
  }
  EXPECT_EQ(numberOf(store, "CVD#00000042"), "DID#00001");
}

TEST(InquiryNumbers, AResumedVendorListedAgainKeepsItsNumberAndAbortsGiveNoneAway) {
  test::TempDir dir;
  auto store = Store::open(dir.storeDir());
  {
    auto txn = store.write();
    txn.putWorkflow(listedCase("CVD#00000042"));
    txn.commit();
  }
  auto wf = *store.read().getWorkflow("CVD#00000042");
  wf = run(wf, {core::command::InquiryAnswered{"acme", "DID#00001", ""}}, jst(2026y / 1 / 5));
  ASSERT_EQ(wf.vendor("acme")->reachability, core::Reachability::Resumed);
  {
    auto txn = store.write();
    txn.putWorkflow(wf);
    txn.commit();
  }
  // Listed again (the caller dropped the number): the same number, no new one spent.
  wf = run(wf, {core::command::MarkUnreachable{"acme", core::UnreachableReason::UnknownDeveloper}},
           jst(2026y / 3 / 1));
  for (auto& v : wf.vendors) v.inquiryNumber.clear();
  {
    auto txn = store.write();
    txn.putWorkflow(wf);
    txn.commit();
  }
  EXPECT_EQ(numberOf(store, "CVD#00000042"), "DID#00001");

  // A transaction that numbered a vendor and aborted spends nothing.
  {
    auto txn = store.write();
    txn.putWorkflow(listedCase("CVD#00000050"));
  }
  EXPECT_FALSE(store.read().inquiryTarget("DID#00002"));
  {
    auto txn = store.write();
    txn.putWorkflow(listedCase("CVD#00000051"));
    txn.commit();
  }
  EXPECT_EQ(numberOf(store, "CVD#00000051"), "DID#00002");
}

TEST(InquiryNumbers, ListingFieldsRoundTripAndOlderRecordsWithoutThemDecode) {
  auto wf = listedCase("CVD#00000042");
  auto& v = wf.vendors[0];
  v.inquiryNumber = "DID#00009";
  v.productsDisclosedAt = jst(2026y / 3 / 1);
  v.contactDeadlineAddedAt = jst(2026y / 6 / 1);
  v.contactDeadline = core::CivilDate{2026y / 9 / 1};
  const auto j = nlohmann::json::parse(codec::encodeWorkflow(wf));
  const auto back = codec::decodeWorkflow(j.dump()).vendors[0];
  EXPECT_EQ(back.inquiryNumber, "DID#00009");
  EXPECT_EQ(back.productsDisclosedAt, v.productsDisclosedAt);
  EXPECT_EQ(back.contactDeadlineAddedAt, v.contactDeadlineAddedAt);
  EXPECT_EQ(back.contactDeadline, v.contactDeadline);
  auto older = j;  // written before the unreachable-vendors list
  for (const char* key :
       {"inquiryNumber", "productsDisclosedAt", "contactDeadlineAddedAt", "contactDeadline"})
    older["vendors"][0].erase(key);
  const auto old = codec::decodeWorkflow(older.dump()).vendors[0];
  EXPECT_EQ(old.inquiryNumber, "");
  EXPECT_FALSE(old.productsDisclosedAt);
  EXPECT_FALSE(old.contactDeadlineAddedAt);
  EXPECT_FALSE(old.contactDeadline);
  EXPECT_EQ(old.reachability, core::Reachability::Unreachable);
}

TEST(InquiryNumbers, TheVendorsLinkRoundTripsAndOlderRecordsHaveNone) {
  VendorRecord v;
  v.id = "acme";
  v.organisation = "Acme";
  v.contacts = {VendorContact{"psirt@acme.example", "", std::nullopt}};
  v.link = "https://acme.example/products";
  auto j = nlohmann::json::parse(codec::encodeVendor(v));
  EXPECT_EQ(codec::decodeVendor(j.dump()).link, "https://acme.example/products");
  j.erase("link");  // written before the unreachable-vendors list
  EXPECT_EQ(codec::decodeVendor(j.dump()).link, "");
}

}  // namespace
}  // namespace cvdd::store
