#pragma once
// The published cases of the advisory tests, each built through the real coordination
// lifecycle (core::apply, deadlines fired by core::dueDeadlines) so that the histories the
// pages read are the ones cvdd writes. Confidential fields carry marked strings
// ("SECRET-…") that no page may show.

#include <chrono>
#include <string>
#include <vector>

#include "core/deadlines.hpp"
#include "publication/advisory.hpp"
#include "tests/core/workflow_fixture.hpp"
#include "tests/publication/csaf_cases.hpp"

namespace cvdd::publication::advisory_testing {

using namespace std::chrono;
using core::PublicStatus;
using core::testing::jst;
using core::testing::tokyo;
namespace command = core::command;

/// Applies commands at `now`, failing the test on a refusal.
inline core::CaseWorkflow at(core::CaseWorkflow wf, core::Timestamp now,
                             const std::vector<core::Command>& commands) {
  return core::testing::run(std::move(wf), commands, now);
}

/// Fires every deadline due by `now`, as the daemon's cycle does after downtime.
inline core::CaseWorkflow catchUp(core::CaseWorkflow wf, core::Timestamp now) {
  for (int round = 0; round < 100; ++round) {
    const auto due = core::dueDeadlines(wf, core::testing::defaultPolicy(), tokyo(), now);
    if (due.empty()) break;
    wf = core::testing::run(std::move(wf), {command::DeadlineFired{due.front()}}, due.front().due);
  }
  return wf;
}

// The registry entries (contacts and keywords planted) of the CSAF tests.
using cvdd::publication::testing::registryEntry;

inline command::AddVendor add(const std::string& id) {
  return {id, {"mail:psirt-SECRET-CHANNEL@" + id + ".example"}, true};
}

/// The CSAF tests' report (every confidential field planted, no consent to credit) with
/// the advisory's own public texts written.
inline store::CaseReport plantedReport(const std::string& caseId) {
  store::CaseReport r = cvdd::publication::testing::plantedSecretsCase().report;
  r.caseId = caseId;
  r.description =
      "The login page of the web interface inserts the value of a request parameter into the "
      "page without escaping it.\n\nAll firmware before 2.4 is affected.";
  r.impact =
      "A remote attacker may run a script in the browser of a user who opens a crafted "
      "link.";
  r.solution = "Update the firmware to the version named in each vendor's advisory.";
  r.references = {"https://cwe.mitre.org/data/definitions/79.html",
                  "Vendor FAQ https://acme.example/faq?a=1&b=2", "JVN-like note without a link"};
  r.coordinatorNotes = "This advisory is published in coordination with the vendors below.";
  return r;
}

inline const core::Timestamp kDay0 = jst(2026y / 1 / 5);
inline const core::CivilDate kPublicationDate = 2026y / 2 / 16;

/// (a) Five vendors given the details, one per public status, one with a non-public
/// comment; one that got the summary only and never answered, one that answered the summary
/// "no affected product"; a related organisation. zeta, whose comments are for the
/// coordinator only, states a fix after publication.
inline PublishedCase multiVendorCase() {
  PublishedCase c;
  c.caseId = "CVD#20260101";
  c.report = plantedReport(c.caseId);
  c.report.cves = {"CVE-2026-10001"};
  c.report.cvssVector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N";
  core::CaseWorkflow wf = core::testing::received();
  wf.caseId = c.caseId;
  const std::vector<std::string> informed{"acme", "beta", "gamma", "delta", "epsilon", "zeta"};
  std::vector<core::Command> start{command::Accept{}};
  for (const auto& id : informed) start.push_back(add(id));
  start.push_back(add("ghost"));
  start.push_back(add("nothing"));
  for (const auto& id : informed) start.push_back(command::SendSummary{id});
  start.push_back(command::SendSummary{"ghost"});
  start.push_back(command::SendSummary{"nothing"});
  wf = at(std::move(wf), kDay0, start);
  std::vector<core::Command> asked{command::VendorNoAffectedProduct{"nothing"}};
  for (const auto& id : informed) asked.push_back(command::VendorRequestedDetails{id});
  wf = at(std::move(wf), kDay0 + days{1}, asked);
  std::vector<core::Command> sent;
  for (const auto& id : informed) sent.push_back(command::SendDetails{id, false});
  wf = at(std::move(wf), kDay0 + days{2}, sent);
  wf = at(std::move(wf), kDay0 + days{3},
          {command::AddRelatedOrganisation{"oem", "acme", {"mail:SECRET-OEM@oem.example"}}});
  wf = at(std::move(wf), kDay0 + days{9},
          {command::VendorStatement{"acme", PublicStatus::Affected,
                                    "Firmware 2.4 fixes it. See <our advisory> & notes | here.",
                                    "https://acme.example/psirt/2026-01?x=1&y=2", true, false},
           command::VendorStatement{"beta", PublicStatus::NotAffected,
                                    "We do not use the *component*.", "", false, false},
           command::VendorStatement{"gamma", PublicStatus::AffectedInvestigating,
                                    "We are checking our models.", "javascript:alert('not a link')",
                                    false, false},
           command::VendorStatement{"delta", PublicStatus::NotAffectedInvestigating, "",
                                    "ftp://delta.example/not-http", false, false},
           command::VendorStatement{"zeta", PublicStatus::AffectedInvestigating,
                                    "SECRET-NONPUBLIC-COMMENT: our patch ships on 2026-03-01", "",
                                    false, false, false}});
  wf = at(std::move(wf), kDay0 + days{10}, {command::SetPublicationDate{kPublicationDate}});
  wf = at(std::move(wf), jst(kPublicationDate), {command::Publish{}});
  wf = at(std::move(wf), jst(kPublicationDate) + days{5},
          {command::VendorStatement{"zeta", PublicStatus::Affected,
                                    "SECRET-NONPUBLIC-COMMENT-2: the fix breaks model B",
                                    "https://zeta.example/advisories/1", true, false, false}});
  c.workflow = std::move(wf);
  c.registry = {registryEntry("acme", "Acme Networks", {"Example Router X1", "Example Router X2"}),
                registryEntry("beta", "Beta Systems", {"Beta Gateway"}),
                registryEntry("gamma", "Gamma Devices", {"Gamma Cam 3"}),
                registryEntry("delta", "Delta Soft", {"Delta Suite 9"}),
                registryEntry("epsilon", "Epsilon Labs <R&D>", {"Epsilon Hub"}),
                registryEntry("zeta", "Zeta Works", {"Zeta NAS"}),
                registryEntry("ghost", "SECRET-GHOST-ORG", {"SECRET-GHOST-PRODUCT"}),
                registryEntry("nothing", "SECRET-NOTHING-ORG", {"SECRET-NOTHING-PRODUCT"}),
                registryEntry("oem", "SECRET-OEM-ORG", {"SECRET-OEM-PRODUCT"})};
  return c;
}

/// (b) An affected vendor and one that states it has no affected product and has none
/// registered; the reporter consented to credit; the operator set the product name.
inline PublishedCase noAffectedProductCase() {
  PublishedCase c;
  c.caseId = "CVD#20260102";
  c.language = core::Language::Japanese;
  c.report = plantedReport(c.caseId);
  c.report.title = "Example Router におけるクロスサイトスクリプティングの脆弱性";
  c.report.summary =
      "Example Router の管理画面には、クロスサイトスクリプティングの脆弱性が存在します。";
  c.report.publishName = "yes";
  c.report.reporterName = "Hanako Yamada";
  c.report.credit = "Hanako Yamada (Example Security Lab)";
  c.report.product = "Example Router firmware 2.3 and earlier";
  c.report.productByOperator = true;
  c.report.exploitationStatement = "Attacks exploiting this vulnerability have been observed.";
  core::CaseWorkflow wf = core::testing::received();
  wf.caseId = c.caseId;
  wf = at(std::move(wf), kDay0,
          {command::Accept{}, add("acme"), add("eta"), command::SendDetails{"acme", true},
           command::SendDetails{"eta", true}});
  wf = at(
      std::move(wf), kDay0 + days{4},
      {command::VendorStatement{"acme", PublicStatus::Affected, "Fixed in firmware 2.4.",
                                "https://acme.example/psirt/2026-02", true, false},
       command::VendorStatement{"eta", PublicStatus::NotAffected,
                                "No product of ours contains the component.", "", false, false}});
  wf = at(std::move(wf), kDay0 + days{5}, {command::SetPublicationDate{kPublicationDate}});
  wf = at(std::move(wf), jst(kPublicationDate), {command::Publish{}});
  c.workflow = std::move(wf);
  c.registry = {registryEntry("acme", "Acme Networks", {"Example Router X1"}),
                registryEntry("eta", "Eta Corporation", {})};
  return c;
}

/// (c) Figure 6: "omega" got the summary and never answered; it became unreachable, its
/// coordination impossible, and the publication committee decided to publish. acme
/// coordinated normally.
inline PublishedCase committeeCase() {
  PublishedCase c;
  c.caseId = "CVD#20260103";
  c.report = plantedReport(c.caseId);
  c.report.coordinatorNotes = "";
  c.report.product = "Omega Viewer 3.x";
  c.report.productByOperator = true;
  core::CaseWorkflow wf = core::testing::received();
  wf.caseId = c.caseId;
  wf = at(std::move(wf), kDay0,
          {command::Accept{}, add("acme"), add("omega"), command::SendDetails{"acme", true},
           command::SendSummary{"omega"}});
  wf = at(std::move(wf), kDay0 + days{3},
          {command::VendorStatement{"acme", PublicStatus::NotAffected, "", "", false, false},
           command::Assess{core::Assessment{core::Impact::Priority, true}}});
  wf = catchUp(std::move(wf), jst(2026y / 7 / 10));
  const core::CivilDate date = 2026y / 7 / 21;
  wf = at(std::move(wf), jst(2026y / 7 / 14),
          {command::RecordCommitteeOutcome{"omega", core::CommitteeOutcome::Publish, ""},
           command::SetPublicationDate{date}});
  wf = catchUp(std::move(wf), jst(date));
  wf = at(std::move(wf), jst(date), {command::Publish{}});
  c.workflow = std::move(wf);
  c.registry = {registryEntry("acme", "Acme Networks", {"Example Router X1"}),
                registryEntry("omega", "Omega Software", {"Omega Viewer 3.2"})};
  return c;
}

/// The revisions the site would pass: one at publication, one per later statement.
inline std::vector<CsafRevision> revisionsOf(const PublishedCase& c) {
  const auto changes = statusChangesAfterPublication(c.workflow);
  return csafRevisions(*c.workflow.publishedAt, 1 + static_cast<int>(changes.size()), changes,
                       *c.workflow.publishedAt);
}

}  // namespace cvdd::publication::advisory_testing
