// The advisory's texts on the case report and the vendor comment's publicity (issue 12):
// they round-trip, and records written before them decode with the defaults.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "store/record_codec.hpp"

namespace cvdd::store {
namespace {

CaseReport advisoryReport() {
  CaseReport r;
  r.caseId = "CVD#20260042";
  r.title = "AcmeRouter におけるクロスサイトスクリプティング";
  r.summary = "A cross-site scripting flaw in the login page";
  r.description = "The login page reflects a parameter unescaped.\n詳細情報";
  r.impact = "A remote attacker may run a script in the user's browser.";
  r.references = {"https://nvd.example/CVE-2026-0001", "JVN#00000042 https://jvn.example/42/"};
  r.coordinatorNotes = "JPCERT/CC-like note: 補足情報";
  return r;
}

TEST(StoreAdvisoryFields, TheAdvisoryTextsRoundTrip) {
  const CaseReport r = advisoryReport();
  EXPECT_TRUE(codec::decodeReport(codec::encodeReport(r)) == r);
}

TEST(StoreAdvisoryFields, ARecordWrittenBeforeTheAdvisoryTextsHasNone) {
  auto json = nlohmann::json::parse(codec::encodeReport(advisoryReport()));
  for (const char* key : {"description", "impact", "references", "coordinatorNotes"})
    json.erase(key);
  const CaseReport old = codec::decodeReport(json.dump());
  EXPECT_EQ(old.description, "");
  EXPECT_EQ(old.impact, "");
  EXPECT_TRUE(old.references.empty());
  EXPECT_EQ(old.coordinatorNotes, "");
  EXPECT_EQ(old.summary, advisoryReport().summary);
}

core::CaseWorkflow withComment(bool commentPublic) {
  core::CaseWorkflow wf;
  wf.caseId = "CVD#20260042";
  core::VendorParticipant v;
  v.vendorId = "acme";
  v.phase = core::VendorPhase::StatementGiven;
  v.publicStatus = core::PublicStatus::Affected;
  v.comment = "for the coordinator only";
  v.commentPublic = commentPublic;
  wf.vendors.push_back(v);
  return wf;
}

TEST(StoreAdvisoryFields, ANonPublicCommentStaysNonPublic) {
  const auto decoded = codec::decodeWorkflow(codec::encodeWorkflow(withComment(false)));
  ASSERT_EQ(decoded.vendors.size(), 1u);
  EXPECT_FALSE(decoded.vendors[0].commentPublic);
  EXPECT_EQ(decoded.vendors[0].comment, "for the coordinator only");
  EXPECT_TRUE(
      codec::decodeWorkflow(codec::encodeWorkflow(withComment(true))).vendors[0].commentPublic);
}

TEST(StoreAdvisoryFields, ACommentRecordedBeforeThePublicityFlagIsPublic) {
  auto json = nlohmann::json::parse(codec::encodeWorkflow(withComment(false)));
  json["vendors"][0].erase("commentPublic");
  EXPECT_TRUE(codec::decodeWorkflow(json.dump()).vendors[0].commentPublic);
}

}  // namespace
}  // namespace cvdd::store
