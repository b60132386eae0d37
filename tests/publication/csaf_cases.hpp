#pragma once
// The published cases the CSAF tests build documents from: the unit tests check the
// mapping on them, csaf_fixtures writes them for the BSI validator. Every confidential
// field carries a marked string ("SECRET-…") that must never reach a document.

#include <chrono>
#include <string>
#include <vector>

#include "publication/csaf.hpp"

namespace cvdd::publication::testing {

using namespace std::chrono;

inline core::Timestamp at(core::CivilDate day, hours hour = hours{1}) {
  return sys_days{day} + hour;
}

inline const core::Timestamp kPublishedAt = at(2026y / 3 / 2);

inline store::VendorRecord registryEntry(std::string id, std::string organisation,
                                         std::vector<std::string> products) {
  store::VendorRecord r;
  r.id = std::move(id);
  r.organisation = std::move(organisation);
  r.products = std::move(products);
  r.contacts = {{"psirt-SECRET-CONTACT@" + r.id + ".example", "SECRET-MANAGER", std::nullopt}};
  r.keywords = {"SECRET-KEYWORD"};
  return r;
}

inline core::VendorParticipant stated(std::string id, core::PublicStatus status,
                                      std::string comment = "", std::string url = "",
                                      bool fix = false) {
  core::VendorParticipant v;
  v.vendorId = std::move(id);
  v.phase = core::VendorPhase::StatementGiven;
  v.reachability = core::Reachability::Answered;
  v.publicStatus = status;
  v.comment = std::move(comment);
  v.advisoryUrl = std::move(url);
  v.fixAvailable = fix;
  v.channels = {"mail:psirt-SECRET-CHANNEL@example.com"};
  return v;
}

/// A published case whose reporter did not consent to credit, with secrets planted in every
/// confidential field, a vendor that never got the details and one that answered the
/// summary only.
inline CsafSource plantedSecretsCase() {
  CsafSource s;
  s.caseId = "CVD#20260001";
  s.language = core::Language::English;
  auto& r = s.report;
  r.caseId = s.caseId;
  r.reporterName = "SECRET-REPORTER-NAME";
  r.reporterContact = "SECRET-REPORTER@reporter.example";
  r.shareIdentityWithVendor = "yes";
  r.publishName = "no";
  r.credit = "SECRET-CREDIT-WITHOUT-CONSENT";
  r.product = "SECRET-REPORTED-PRODUCT 1.0";
  r.vulnerability = "SECRET-REPORT-TEXT: the login form echoes next= unescaped";
  r.personalData = "SECRET-PERSONAL-DATA";
  r.otherOrganisations = "SECRET-OTHER-ORGANISATIONS";
  r.otherFacts = "SECRET-OTHER-FACTS";
  r.exploitationObserved = "yes";
  r.details = "SECRET-DETAILS: send a 4097-byte next= parameter";
  r.detailsSource = "operator";
  r.detailsBy = "operator:SECRET-OPERATOR";
  r.title = "Cross-site scripting in the Example Router web interface";
  r.summary = "The web interface of the Example Router reflects a request parameter unescaped.";
  r.solution = "Update the firmware to the version named in the vendor's advisory.";
  auto& wf = s.workflow;
  wf.caseId = s.caseId;
  wf.stage = core::CaseStage::Published;
  wf.publishedAt = kPublishedAt;
  wf.vendors = {stated("acme", core::PublicStatus::Affected, "Firmware 2.4 fixes it.",
                       "https://acme.example/psirt/2026-01", true),
                stated("beta", core::PublicStatus::NotAffected, "We do not use the component.")};
  core::VendorParticipant ghost;  // summary sent, never answered: must not be named
  ghost.vendorId = "ghost";
  ghost.phase = core::VendorPhase::SummarySent;
  ghost.comment = "SECRET-GHOST-COMMENT";
  ghost.advisoryUrl = "https://SECRET-GHOST-URL.example/";
  wf.vendors.push_back(ghost);
  core::VendorParticipant asked;  // asked for the details, never got them
  asked.vendorId = "asked";
  asked.phase = core::VendorPhase::DetailsRequested;
  asked.publicStatus = core::PublicStatus::Affected;
  asked.comment = "SECRET-ASKED-COMMENT";
  wf.vendors.push_back(asked);
  core::VendorParticipant nothing;  // answered the summary: no affected product, no details
  nothing.vendorId = "nothing";
  nothing.phase = core::VendorPhase::NoAffectedProduct;
  wf.vendors.push_back(nothing);
  wf.history = {
      {kPublishedAt - hours{48}, "operator:SECRET-OPERATOR", "note", "SECRET-HISTORY-NOTE"},
      {kPublishedAt, "operator:alice", "publish", "published"}};
  s.registry = {registryEntry("acme", "Acme Networks", {"Example Router X1", "Example Router X2"}),
                registryEntry("beta", "Beta Systems", {"Beta Gateway"}),
                registryEntry("ghost", "SECRET-GHOST-ORG", {"SECRET-GHOST-PRODUCT"}),
                registryEntry("asked", "SECRET-ASKED-ORG", {"SECRET-ASKED-PRODUCT"}),
                registryEntry("nothing", "SECRET-NOTHING-ORG", {"SECRET-NOTHING-PRODUCT"}),
                registryEntry("unrelated", "SECRET-UNRELATED-ORG", {"SECRET-UNRELATED-PRODUCT"})};
  return s;
}

/// Five vendors given the details, one per public status (one more with a stated fix),
/// and one that states no product of its is affected and has none registered.
inline CsafSource multiVendorCase() {
  CsafSource s = plantedSecretsCase();
  s.caseId = "CVD#20260002";
  s.report.caseId = s.caseId;
  s.workflow.caseId = s.caseId;
  s.workflow.stage = core::CaseStage::Closed;  // published, then closed: still public
  s.workflow.vendors = {
      stated("acme", core::PublicStatus::Affected, "Firmware 2.4 fixes it.",
             "https://acme.example/psirt/2026-01", true),
      stated("beta", core::PublicStatus::NotAffected, "We do not use the component."),
      stated("gamma", core::PublicStatus::AffectedInvestigating, "We are checking our models."),
      stated("delta", core::PublicStatus::NotAffectedInvestigating),
      stated("epsilon", core::PublicStatus::InformationProvided),
      stated("zeta", core::PublicStatus::Affected, "An update is planned.",
             "https://zeta.example/advisories/1"),
      stated("eta", core::PublicStatus::NotAffected, "No product of ours is affected."),
  };
  core::VendorParticipant sent;  // details sent, no statement yet: information provided
  sent.vendorId = "theta";
  sent.phase = core::VendorPhase::DetailsSent;
  s.workflow.vendors.push_back(sent);
  s.workflow.history.push_back(
      {kPublishedAt + hours{24 * 5}, "vendor:gamma", "vendor-statement", "affected-investigating"});
  s.registry.push_back(registryEntry("gamma", "Gamma Devices", {"Gamma Cam 3"}));
  s.registry.push_back(registryEntry("delta", "Delta Soft", {"Delta Suite 9"}));
  s.registry.push_back(registryEntry("epsilon", "Epsilon Labs", {"Epsilon Hub"}));
  s.registry.push_back(registryEntry("zeta", "Zeta Works", {"Zeta NAS", "Zeta NAS Pro"}));
  s.registry.push_back(registryEntry("eta", "Eta Corporation", {}));
  s.registry.push_back(registryEntry("theta", "Theta Inc.", {"Theta Switch"}));
  return s;
}

/// One vendor, not affected, with no product registered.
inline CsafSource noAffectedProductCase() {
  CsafSource s = plantedSecretsCase();
  s.caseId = "CVD#20260003";
  s.report.caseId = s.caseId;
  s.workflow.caseId = s.caseId;
  s.workflow.vendors = {
      stated("eta", core::PublicStatus::NotAffected, "No product of ours contains the component.")};
  s.registry = {registryEntry("eta", "Eta Corporation", {})};
  return s;
}

/// CVE IDs, a CVSS vector, an agreed exploitation statement and the reporter's consent.
inline CsafSource creditedCase() {
  CsafSource s = plantedSecretsCase();
  s.caseId = "CVD#20260004";
  s.language = core::Language::Japanese;
  s.report.caseId = s.caseId;
  s.workflow.caseId = s.caseId;
  s.report.publishName = "yes";
  s.report.reporterName = "Hanako Yamada";
  s.report.credit = "Hanako Yamada (Example Security Lab)";
  s.report.cves = {"CVE-2026-10001", "CVE-2026-10002"};
  s.report.cvssVector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N";
  s.report.exploitationStatement = "Attacks exploiting this vulnerability have been observed.";
  s.report.advisoryUrl = "https://cvd.example.org/advisories/CVD-20260004/";
  s.report.title = "Example Router におけるクロスサイトスクリプティングの脆弱性";
  s.workflow.vendors.push_back(stated("zeta", core::PublicStatus::Affected));  // no fix yet
  s.registry.push_back(registryEntry("zeta", "Zeta Works", {"Zeta NAS"}));
  return s;
}

inline const CsafPublisher kPublisher{"Example Coordination Center", "https://cvd.example.org",
                                      "https://cvd.example.org/.well-known/csaf/white"};

}  // namespace cvdd::publication::testing
