#include "publication/csaf.hpp"

#include <gtest/gtest.h>

#include <set>

#include "tests/publication/csaf_cases.hpp"

namespace cvdd::publication {
namespace {

using namespace testing;
using nlohmann::json;

json documentOf(const CsafSource& source, int version = 1) {
  auto doc = csafDocument(
      source, kPublisher,
      csafRevisions(*source.workflow.publishedAt, version,
                    statusChangesAfterPublication(source.workflow), kPublishedAt + hours{24 * 30}));
  EXPECT_TRUE(doc) << (doc ? "" : doc.error().what);
  return doc ? *doc : json();
}

/// The product ids of one vendor's products (CSAFPID-<vendor>-<n>).
std::set<std::string> idsIn(const json& status, const std::string& group) {
  std::set<std::string> ids;
  if (status.contains(group))
    for (const auto& id : status[group]) ids.insert(id.get<std::string>());
  return ids;
}

TEST(CsafDocument, IsASecurityAdvisoryOfTheCoordinator) {
  const json doc = documentOf(multiVendorCase());
  const auto& d = doc["document"];
  EXPECT_EQ(d["category"], "csaf_security_advisory");
  EXPECT_EQ(d["csaf_version"], "2.0");
  EXPECT_EQ(d["lang"], "en");
  EXPECT_EQ(d["publisher"]["category"], "coordinator");
  EXPECT_EQ(d["publisher"]["name"], "Example Coordination Center");
  EXPECT_EQ(d["publisher"]["namespace"], "https://cvd.example.org");
  EXPECT_EQ(d["title"], "Cross-site scripting in the Example Router web interface");
  EXPECT_EQ(d["distribution"]["tlp"]["label"], "WHITE");  // CSAF 2.0's name for TLP:CLEAR
  EXPECT_NE(d["distribution"]["text"].get<std::string>().find("TLP:CLEAR"), std::string::npos);
  EXPECT_EQ(d["notes"][0]["category"], "summary");
  EXPECT_EQ(d["notes"][1]["text"],
            "Update the firmware to the version named in the vendor's advisory.");
}

TEST(CsafDocument, MapsEachVendorStatusToItsProductStatusGroup) {
  const json doc = documentOf(multiVendorCase());
  ASSERT_EQ(doc["vulnerabilities"].size(), 1u);  // no CVE: one vulnerability without one
  const auto& status = doc["vulnerabilities"][0]["product_status"];
  EXPECT_EQ(idsIn(status, "fixed"),
            (std::set<std::string>{"CSAFPID-acme-1", "CSAFPID-acme-2"}));  // affected + fix
  EXPECT_EQ(idsIn(status, "known_affected"),
            (std::set<std::string>{"CSAFPID-zeta-1", "CSAFPID-zeta-2"}));
  EXPECT_EQ(idsIn(status, "known_not_affected"),
            (std::set<std::string>{"CSAFPID-beta-1", "CSAFPID-eta-1"}));
  EXPECT_EQ(idsIn(status, "under_investigation"),
            (std::set<std::string>{"CSAFPID-gamma-1", "CSAFPID-delta-1", "CSAFPID-epsilon-1",
                                   "CSAFPID-theta-1"}));
  EXPECT_FALSE(doc["vulnerabilities"][0].contains("cve"));
}

TEST(CsafDocument, NamesVendorsByOrganisationWithTheirProducts) {
  const json doc = documentOf(multiVendorCase());
  const auto& branches = doc["product_tree"]["branches"];
  ASSERT_EQ(branches.size(), 8u);
  EXPECT_EQ(branches[0]["category"], "vendor");
  EXPECT_EQ(branches[0]["name"], "Acme Networks");
  EXPECT_EQ(branches[0]["branches"][1]["name"], "Example Router X2");
  EXPECT_EQ(branches[0]["branches"][1]["product"]["name"], "Acme Networks Example Router X2");
  EXPECT_EQ(branches[0]["branches"][1]["product"]["product_id"], "CSAFPID-acme-2");
  // A vendor with no registered product states its status for its products as a whole.
  EXPECT_EQ(branches[6]["name"], "Eta Corporation");
  EXPECT_EQ(branches[6]["branches"][0]["product"]["name"],
            "Eta Corporation Products of Eta Corporation");
}

TEST(CsafDocument, RemediatesOnlyWhereAVendorStatesAFix) {
  const json doc = documentOf(multiVendorCase());
  const auto& remediations = doc["vulnerabilities"][0]["remediations"];
  // acme (fixed); gamma, delta, epsilon (under investigation); zeta (affected); theta.
  ASSERT_EQ(remediations.size(), 6u);
  EXPECT_EQ(remediations[0]["category"], "vendor_fix");
  EXPECT_EQ(remediations[0]["product_ids"], json({"CSAFPID-acme-1", "CSAFPID-acme-2"}));
  EXPECT_EQ(remediations[0]["url"], "https://acme.example/psirt/2026-01");
  // An affected vendor that stated no fix: none available, said so (CSAF 6.2.2).
  EXPECT_EQ(remediations[4]["category"], "none_available");
  EXPECT_EQ(remediations[4]["product_ids"], json({"CSAFPID-zeta-1", "CSAFPID-zeta-2"}));
  EXPECT_EQ(remediations[4]["details"], "Zeta Works has not stated that a fix is available.");
  EXPECT_FALSE(remediations[4].contains("url"));
  EXPECT_EQ(remediations[1]["product_ids"], json({"CSAFPID-gamma-1"}));
  EXPECT_EQ(remediations[1]["category"], "none_available");
  for (const auto& r : remediations)  // nothing for the vendors that are not affected
    for (const auto& id : r["product_ids"])
      EXPECT_TRUE(id != "CSAFPID-beta-1" && id != "CSAFPID-eta-1") << r.dump();
}

TEST(CsafDocument, QuotesEachVendorsStatementAndReferencesItsAdvisory) {
  const json doc = documentOf(multiVendorCase());
  const auto& notes = doc["vulnerabilities"][0]["notes"];
  EXPECT_EQ(notes[0]["category"], "description");
  EXPECT_EQ(notes[1]["title"], "Statement of Acme Networks");
  EXPECT_EQ(notes[1]["text"], "Affected. A fix is available.\nFirmware 2.4 fixes it.");
  EXPECT_EQ(notes[3]["text"], "Affected (under investigation).\nWe are checking our models.");
  EXPECT_EQ(notes[8]["title"], "Statement of Theta Inc.");
  EXPECT_EQ(notes[8]["text"], "Information provided.");
  const auto& refs = doc["document"]["references"];
  ASSERT_EQ(refs.size(), 3u);
  EXPECT_EQ(refs[0]["category"], "self");
  EXPECT_EQ(refs[0]["url"],
            "https://cvd.example.org/.well-known/csaf/white/2026/cvd_20260002.json");
  EXPECT_EQ(refs[1]["summary"], "Advisory of Acme Networks");
  EXPECT_EQ(refs[1]["category"], "external");
  EXPECT_EQ(refs[2]["url"], "https://zeta.example/advisories/1");
}

TEST(CsafDocument, CarriesCveCvssExploitationAndCreditWithConsent) {
  const json doc = documentOf(creditedCase());
  EXPECT_EQ(doc["document"]["lang"], "ja");
  ASSERT_EQ(doc["vulnerabilities"].size(), 2u);
  EXPECT_EQ(doc["vulnerabilities"][0]["cve"], "CVE-2026-10001");
  EXPECT_EQ(doc["vulnerabilities"][1]["cve"], "CVE-2026-10002");
  const auto& score = doc["vulnerabilities"][0]["scores"][0];
  EXPECT_EQ(score["cvss_v3"]["vectorString"], "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N");
  EXPECT_EQ(score["cvss_v3"]["baseScore"], 6.1);
  EXPECT_EQ(score["cvss_v3"]["baseSeverity"], "MEDIUM");
  EXPECT_EQ(score["cvss_v3"]["version"], "3.1");
  // Zeta's affected product; neither Acme's fixed ones nor Beta's unaffected one.
  EXPECT_EQ(score["products"], json({"CSAFPID-zeta-1"}));
  EXPECT_EQ(doc["vulnerabilities"][0]["threats"][0]["category"], "exploit_status");
  EXPECT_EQ(doc["vulnerabilities"][0]["threats"][0]["details"],
            "Attacks exploiting this vulnerability have been observed.");
  EXPECT_EQ(doc["document"]["acknowledgments"][0]["names"],
            json({"Hanako Yamada (Example Security Lab)"}));
  EXPECT_EQ(doc["document"]["references"][1]["url"],
            "https://cvd.example.org/advisories/CVD-20260004/");
}

TEST(CsafDocument, ScoresNothingWhenNoProductIsStillExposed) {
  auto source = creditedCase();
  source.workflow.vendors.pop_back();  // only Acme (fixed) and Beta (not affected) remain
  EXPECT_FALSE(documentOf(source)["vulnerabilities"][0].contains("scores"));
}

TEST(CsafFileName, FollowsSection5) {
  EXPECT_EQ(csafFileName("CVD#20260001"), "cvd_20260001.json");
  EXPECT_EQ(csafFileName("JVN#1234+x--Y  z"), "jvn_1234+x--y_z.json");
}

TEST(CsafDocument, CreditsTheReporterByNameWhenConsentedWithoutACreditLine) {
  auto source = creditedCase();
  source.report.credit.clear();
  EXPECT_EQ(documentOf(source)["document"]["acknowledgments"][0]["names"], json({"Hanako Yamada"}));
}

TEST(CsafDocument, SaysNothingOfExploitationCvssOrCveUnlessSet) {
  const json doc = documentOf(plantedSecretsCase());
  const auto& v = doc["vulnerabilities"][0];
  EXPECT_FALSE(v.contains("threats"));  // the reporter's exploitationObserved is not used
  EXPECT_FALSE(v.contains("scores"));
  EXPECT_FALSE(v.contains("cve"));
  EXPECT_FALSE(doc["document"].contains("acknowledgments"));
}

TEST(CsafDocument, LeaksNothingConfidential) {
  for (const auto& source : {plantedSecretsCase(), multiVendorCase(), noAffectedProductCase()}) {
    const std::string text = documentOf(source).dump();
    EXPECT_EQ(text.find("SECRET"), std::string::npos) << source.caseId << ": " << text;
    // Our internal registry ids of vendors without the details do not appear either.
    for (const std::string id : {"ghost", "asked", "nothing", "unrelated"}) {
      EXPECT_EQ(text.find("CSAFPID-" + id), std::string::npos) << id;
      EXPECT_EQ(text.find("\"" + id + "\""), std::string::npos) << id;
    }
  }
}

TEST(CsafDocument, NamesNoReporterWithoutConsent) {
  for (const char* answer : {"no", "unknown"}) {
    auto source = creditedCase();
    source.report.publishName = answer;
    const std::string text = documentOf(source).dump();
    EXPECT_EQ(text.find("Hanako"), std::string::npos) << answer;
    EXPECT_EQ(text.find("acknowledgments"), std::string::npos) << answer;
  }
}

TEST(CsafDocument, RefusesAnUnpublishedCase) {
  for (auto stage : {core::CaseStage::Coordinating, core::CaseStage::PublicationScheduled,
                     core::CaseStage::PublicationCancelled, core::CaseStage::Closed}) {
    auto source = multiVendorCase();
    source.workflow.stage = stage;
    source.workflow.publishedAt.reset();  // never published (Closed: stopped, cancelled)
    const auto doc =
        csafDocument(source, kPublisher, csafRevisions(kPublishedAt, 1, {}, kPublishedAt));
    ASSERT_FALSE(doc) << core::caseStageName(stage);
    EXPECT_EQ(doc.error().code, core::Errc::IllegalTransition);
  }
  auto scheduled = multiVendorCase();  // a publication time alone does not make it public
  scheduled.workflow.stage = core::CaseStage::PublicationScheduled;
  EXPECT_FALSE(
      csafDocument(scheduled, kPublisher, csafRevisions(kPublishedAt, 1, {}, kPublishedAt)));
}

TEST(CsafDocument, RefusesWithoutTitleSummaryPublisherOrAVendorWithTheDetails) {
  auto untitled = multiVendorCase();
  untitled.report.title.clear();
  const auto revisions = csafRevisions(kPublishedAt, 1, {}, kPublishedAt);
  EXPECT_EQ(csafDocument(untitled, kPublisher, revisions).error().code, core::Errc::InvalidConfig);
  auto unsummarised = multiVendorCase();
  unsummarised.report.summary.clear();
  EXPECT_FALSE(csafDocument(unsummarised, kPublisher, revisions));
  EXPECT_FALSE(csafDocument(multiVendorCase(), {"X", "http://insecure.example", ""}, revisions));
  EXPECT_FALSE(csafDocument(multiVendorCase(), {"", "https://cvd.example.org", ""}, revisions));
  EXPECT_FALSE(csafDocument(multiVendorCase(),
                            {"X", "https://cvd.example.org", "http://cvd.example.org/csaf"},
                            revisions));
  auto nobody = plantedSecretsCase();
  nobody.workflow.vendors.resize(0);
  EXPECT_FALSE(csafDocument(nobody, kPublisher, revisions));
}

TEST(CsafTracking, VersionIsTheLastRevisionNumberedWithoutGaps) {
  const auto source = multiVendorCase();
  const json doc = documentOf(source, 3);
  const auto& t = doc["document"]["tracking"];
  EXPECT_EQ(t["id"], "CVD#20260002");
  EXPECT_EQ(t["status"], "final");
  EXPECT_EQ(t["version"], "3");
  EXPECT_EQ(t["initial_release_date"], "2026-03-02T01:00:00Z");
  ASSERT_EQ(t["revision_history"].size(), 3u);
  EXPECT_EQ(t["revision_history"][0]["number"], "1");
  // Revision 2 is the vendor statement after publication, 3 the regeneration.
  EXPECT_EQ(t["revision_history"][1]["date"], "2026-03-07T01:00:00Z");
  EXPECT_EQ(t["revision_history"][2]["date"], "2026-04-01T01:00:00Z");
  EXPECT_EQ(t["current_release_date"], "2026-04-01T01:00:00Z");
}

TEST(CsafTracking, RefusesRevisionsOutOfOrderOrWithGaps) {
  const auto source = multiVendorCase();
  std::vector<CsafRevision> gap{{1, kPublishedAt, "a"}, {3, kPublishedAt, "b"}};
  EXPECT_FALSE(csafDocument(source, kPublisher, gap));
  std::vector<CsafRevision> backwards{{1, kPublishedAt + hours{5}, "a"}, {2, kPublishedAt, "b"}};
  EXPECT_FALSE(csafDocument(source, kPublisher, backwards));
  std::vector<CsafRevision> beforePublication{{1, kPublishedAt - hours{1}, "a"}};
  EXPECT_FALSE(csafDocument(source, kPublisher, beforePublication));
  EXPECT_FALSE(csafDocument(source, kPublisher, {}));
}

}  // namespace
}  // namespace cvdd::publication
