// Ending and stopping (issue 13 item 5): handling stopped after acceptance (000 7)
// 受理後の対応), 調整不能 (イ) recorded by the operator, and the publication committee's
// outcome for such a vendor (000 3.(2), 付録5).

#include <gtest/gtest.h>

#include <algorithm>

#include "core/deadlines.hpp"
#include "core/lifecycle.hpp"
#include "tests/core/workflow_fixture.hpp"

using namespace cvdd::core;
using namespace cvdd::core::testing;
using namespace std::chrono;

namespace {

using Notices = std::vector<std::pair<std::string, std::string>>;  // (notice, vendor or "")

Notices noticesTo(const Transition& t) {
  Notices out;
  for (const auto& n : effectsOf<effect::SendNotice>(t))
    out.emplace_back(n.notice, n.recipient == NoticeRecipient::Reporter ? "" : n.vendorId);
  return out;
}

// The ending notices carry nothing embargoed: they go out unencrypted, never held.
void expectNothingConfidential(const Transition& t) {
  for (const auto& n : effectsOf<effect::SendNotice>(t)) EXPECT_FALSE(n.confidential) << n.notice;
}

std::string alertText(const Transition& t, const std::string& code) {
  for (const auto& a : effectsOf<effect::AlertOperator>(t))
    if (a.code == code) return a.text;
  return {};
}

Transition applied(const CaseWorkflow& wf, const Command& command, Timestamp now = day0()) {
  auto t = step(wf, command, now);
  EXPECT_TRUE(t) << commandName(command) << ": " << (t ? "" : t.error().what);
  return t ? *t : Transition{wf, {}, {}};
}

Error refused(const CaseWorkflow& wf, const Command& command, Timestamp now = day0()) {
  auto t = step(wf, command, now);
  EXPECT_FALSE(t) << commandName(command) << " was allowed";
  return t ? Error{} : t.error();
}

bool hasDeadlineFor(const CaseWorkflow& wf, const std::string& vendorId) {
  const auto all = deadlinesFor(wf, defaultPolicy(), tokyo());
  return std::any_of(all.begin(), all.end(),
                     [&](const Deadline& d) { return d.vendorId == vendorId; });
}

// acme and beta have the details, gamma was never contacted.
CaseWorkflow threeVendors() {
  return run(twoVendors(), {command::VendorRequestedDetails{"acme"},
                            command::SendDetails{"acme", false}, command::SendDetails{"beta", true},
                            command::AddVendor{"gamma", {"mail:sec@gamma.example"}, true}});
}

// acme: no agreement on publication is reachable (調整不能 (イ)).
CaseWorkflow acmeImpossible(CaseWorkflow wf = threeVendors()) {
  return run(std::move(wf), {command::CoordinationImpossible{
                                "acme", CoordinationImpossibleReason::NoAgreement, "refuses"}});
}

// --- stopping after acceptance ---------------------------------------------------------------

TEST(StopAfterAcceptance, IsAllowedInEveryStageBeforePublicationAndTellsWhoKnowsOfTheCase) {
  struct Row {
    std::string label;
    std::function<CaseWorkflow()> from;
    Notices notices;
  };
  for (const auto& row :
       std::vector<Row>{{"accepted", accepted, {{"handling-stopped", ""}}},
                        {"vendors identified, none told", identified, {{"handling-stopped", ""}}},
                        {"coordinating, acme told, beta not",
                         twoVendors,
                         {{"handling-stopped", ""}, {"coordination-ended", "acme"}}},
                        {"publication scheduled",
                         scheduled,
                         {{"handling-stopped", ""}, {"coordination-ended", "acme"}}},
                        {"no affected product is told too",
                         noAffectedProduct,
                         {{"handling-stopped", ""}, {"coordination-ended", "acme"}}}}) {
    SCOPED_TRACE(row.label);
    const CaseWorkflow before = row.from();
    const auto t = applied(before, command::Stop{StopReason::OutOfScope, "not a product"});
    EXPECT_EQ(t.workflow.stage, CaseStage::Stopped);
    EXPECT_EQ(t.workflow.stopReason, StopReason::OutOfScope);
    EXPECT_EQ(noticesTo(t), row.notices);
    expectNothingConfidential(t);
    EXPECT_EQ(t.event.command, "stop");
    EXPECT_EQ(t.event.actor, "operator:test");
    EXPECT_NE(t.event.detail.find("after acceptance"), std::string::npos) << t.event.detail;
    EXPECT_NE(t.event.detail.find("out-of-scope (not a product)"), std::string::npos);
    // No deadline remains, and every one pending before is cancelled in the index.
    EXPECT_TRUE(deadlinesFor(t.workflow, defaultPolicy(), tokyo()).empty());
    std::vector<std::string> cancelled;
    for (const auto& c : effectsOf<effect::CancelDeadlines>(t))
      cancelled.insert(cancelled.end(), c.keys.begin(), c.keys.end());
    std::vector<std::string> pending;
    for (const auto& d : pendingDeadlines(before, defaultPolicy(), tokyo()))
      pending.push_back(d.key());
    std::sort(cancelled.begin(), cancelled.end());
    std::sort(pending.begin(), pending.end());
    EXPECT_EQ(cancelled, pending);
    EXPECT_TRUE(effectsOf<effect::ScheduleDeadline>(t).empty());
  }
}

TEST(StopAfterAcceptance, EveryReasonIsAcceptedAndKept) {
  for (const StopReason reason : kStopReasons) {
    const auto t = applied(detailsSent(), command::Stop{reason, ""});
    EXPECT_EQ(t.workflow.stopReason, reason);
    EXPECT_NE(t.event.detail.find(stopReasonName(reason)), std::string::npos);
  }
}

TEST(StopAfterAcceptance, BeforeAcceptanceTheReportIsStillNotAccepted) {
  const auto t = applied(received(), command::Stop{StopReason::LowImpact, ""});
  EXPECT_EQ(t.workflow.stage, CaseStage::Stopped);
  EXPECT_EQ(noticesTo(t), (Notices{{"case-not-accepted", ""}}));
}

TEST(StopAfterAcceptance, IsRefusedOncePublishedCancelledOrStopped) {
  for (const auto& from : std::vector<std::function<CaseWorkflow()>>{cancelled, stopped}) {
    const auto e = refused(from(), command::Stop{StopReason::LowImpact, ""});
    EXPECT_EQ(e.code, Errc::IllegalTransition);
    EXPECT_NE(e.what.find("cannot stop"), std::string::npos) << e.what;
  }
  const auto e = refused(published(), command::Stop{StopReason::LowImpact, ""}, jst(2026y / 2 / 1));
  EXPECT_NE(e.what.find("cannot stop: the case is published"), std::string::npos) << e.what;
}

TEST(StopAfterAcceptance, AStoppedCaseCloses) {
  const auto wf = run(detailsSent(), {command::Stop{StopReason::AlreadyPublished, ""}});
  EXPECT_EQ(applied(wf, command::Close{}).workflow.stage, CaseStage::Closed);
}

// --- 調整不能 (イ): no agreement reachable -----------------------------------------------------

TEST(CoordinationImpossible, NoAgreementIsRecordedWithItsReasonAndAlertsWithTheCommitteeCourse) {
  const auto t = applied(
      threeVendors(), command::CoordinationImpossible{
                          "acme", CoordinationImpossibleReason::NoAgreement, "refuses any date"});
  const auto& acme = *t.workflow.vendor("acme");
  EXPECT_TRUE(acme.coordinationImpossible);
  EXPECT_EQ(acme.impossibleReason, CoordinationImpossibleReason::NoAgreement);
  EXPECT_FALSE(t.workflow.vendor("beta")->coordinationImpossible);
  EXPECT_EQ(alertCodes(t), std::vector<std::string>{"COORDINATION_IMPOSSIBLE"});
  const std::string alert = alertText(t, "COORDINATION_IMPOSSIBLE");
  EXPECT_NE(alert.find("vendor acme"), std::string::npos) << alert;
  EXPECT_NE(alert.find("no agreement on publication"), std::string::npos) << alert;
  EXPECT_NE(alert.find("cvdctl case assess"), std::string::npos) << alert;  // unassessed
  EXPECT_TRUE(noticesTo(t).empty());
  EXPECT_EQ(t.event.command, "coordination-impossible");
  EXPECT_EQ(t.event.actor, "operator:test");
  EXPECT_NE(t.event.detail.find("coordination impossible (no-agreement): refuses any date"),
            std::string::npos);

  // Assessed first: the alert names table 4-2's course, as the deadline path does.
  const auto assessed = run(threeVendors(), {command::Assess{Assessment{Impact::Simple, true}}});
  const auto a = applied(assessed, command::CoordinationImpossible{
                                       "acme", CoordinationImpossibleReason::NoAgreement, ""});
  EXPECT_NE(alertText(a, "COORDINATION_IMPOSSIBLE").find("handling ends"), std::string::npos)
      << alertText(a, "COORDINATION_IMPOSSIBLE");
}

TEST(CoordinationImpossible, IsRefusedWhereNoAgreementCanHaveBeenSought) {
  using R = CoordinationImpossibleReason;
  struct Row {
    std::string label;
    CaseWorkflow from;
    command::CoordinationImpossible command;
    Errc code;
    std::string what;
  };
  for (const auto& row : std::vector<Row>{{"never told",
                                           threeVendors(),
                                           {"gamma", R::NoAgreement, ""},
                                           Errc::IllegalTransition,
                                           "it has not been told of the case"},
                                          {"twice",
                                           acmeImpossible(),
                                           {"acme", R::NoAgreement, ""},
                                           Errc::IllegalTransition,
                                           "it already is (no-agreement)"},
                                          {"the deadline's reason",
                                           threeVendors(),
                                           {"acme", R::UnreachableSixMonths, ""},
                                           Errc::IllegalTransition,
                                           "recorded by its deadline"},
                                          {"unknown vendor",
                                           threeVendors(),
                                           {"nobody", R::NoAgreement, ""},
                                           Errc::NotFound,
                                           "no vendor"},
                                          {"no vendors yet",
                                           accepted(),
                                           {"acme", R::NoAgreement, ""},
                                           Errc::IllegalTransition,
                                           "the case is accepted"}}) {
    SCOPED_TRACE(row.label);
    const auto e = refused(row.from, row.command);
    EXPECT_EQ(e.code, row.code);
    EXPECT_NE(e.what.find(row.what), std::string::npos) << e.what;
  }
}

TEST(CoordinationImpossible, TheSixMonthDeadlineRecordsItsOwnReason) {
  CaseWorkflow wf = run(
      summarySent(), {command::ContactAttempt{"acme", "phone:+81-3-0000", ContactResult::NoAnswer}},
      jst(2025y / 12 / 20));
  // Everything fires at `now`, so the listing is today and coordination becomes impossible
  // three months later (003 §7-2): fire what is due at each of the two instants.
  const Timestamp listed = jst(2026y / 7 / 1);
  for (auto due = dueDeadlines(wf, defaultPolicy(), tokyo(), listed); !due.empty();
       due = dueDeadlines(wf, defaultPolicy(), tokyo(), listed)) {
    wf = applied(wf, command::DeadlineFired{due.front()}, listed).workflow;
  }
  const Timestamp now = jst(2026y / 10 / 1);
  for (auto due = dueDeadlines(wf, defaultPolicy(), tokyo(), now); !due.empty();
       due = dueDeadlines(wf, defaultPolicy(), tokyo(), now)) {
    wf = applied(wf, command::DeadlineFired{due.front()}, now).workflow;
  }
  ASSERT_TRUE(wf.vendor("acme")->coordinationImpossible);
  EXPECT_EQ(wf.vendor("acme")->impossibleReason,
            CoordinationImpossibleReason::UnreachableSixMonths);
}

// --- the publication committee's outcome ------------------------------------------------------

TEST(CommitteeOutcome, IsRefusedForAVendorWhoseCoordinationIsNotImpossible) {
  const auto e = refused(threeVendors(),
                         command::RecordCommitteeOutcome{"beta", CommitteeOutcome::Publish, ""});
  EXPECT_EQ(e.code, Errc::IllegalTransition);
  EXPECT_NE(e.what.find("coordination with it is not impossible"), std::string::npos) << e.what;
  EXPECT_EQ(refused(threeVendors(),
                    command::RecordCommitteeOutcome{"nobody", CommitteeOutcome::Publish, ""})
                .code,
            Errc::NotFound);
}

TEST(CommitteeOutcome, PublishAndContinueAreRecordedAndAlerted) {
  const auto wf =
      run(acmeImpossible(), {command::VendorStatement{"acme", PublicStatus::AffectedInvestigating,
                                                      "", "", false, false}});
  const auto publish = applied(
      wf, command::RecordCommitteeOutcome{"acme", CommitteeOutcome::Publish, "hearing held"});
  EXPECT_EQ(publish.workflow.vendor("acme")->committeeOutcome, CommitteeOutcome::Publish);
  EXPECT_FALSE(publish.workflow.vendor("acme")->handlingEnded);
  EXPECT_EQ(alertCodes(publish), std::vector<std::string>{"COMMITTEE_PUBLISH"});
  const std::string text = alertText(publish, "COMMITTEE_PUBLISH");
  EXPECT_NE(text.find("decided to publish with vendor acme's status as it stands"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("affected-investigating"), std::string::npos) << text;
  EXPECT_TRUE(noticesTo(publish).empty());
  EXPECT_EQ(publish.event.command, "committee-outcome");
  EXPECT_EQ(publish.event.actor, "operator:test");
  EXPECT_NE(publish.event.detail.find("vendor acme: publish (hearing held)"), std::string::npos);

  const auto goOn =
      applied(wf, command::RecordCommitteeOutcome{"acme", CommitteeOutcome::Continue, ""});
  EXPECT_EQ(goOn.workflow.vendor("acme")->committeeOutcome, CommitteeOutcome::Continue);
  EXPECT_EQ(alertCodes(goOn), std::vector<std::string>{"COMMITTEE_CONTINUE"});
  EXPECT_NE(alertText(goOn, "COMMITTEE_CONTINUE").find("coordination with vendor acme continues"),
            std::string::npos);
  // A later ruling replaces an earlier one.
  const auto later = applied(
      goOn.workflow, command::RecordCommitteeOutcome{"acme", CommitteeOutcome::Publish, ""});
  EXPECT_EQ(later.workflow.vendor("acme")->committeeOutcome, CommitteeOutcome::Publish);
}

TEST(CommitteeOutcome, EndHandlingEndsThatVendorsPartAndTellsTheReporterAndTheOtherToldVendors) {
  const CaseWorkflow before = acmeImpossible();
  ASSERT_TRUE(hasDeadlineFor(before, "acme"));
  const auto t =
      applied(before, command::RecordCommitteeOutcome{"acme", CommitteeOutcome::EndHandling, ""});
  const auto& acme = *t.workflow.vendor("acme");
  EXPECT_TRUE(acme.handlingEnded);
  EXPECT_EQ(acme.committeeOutcome, CommitteeOutcome::EndHandling);
  // beta was told, gamma never was; acme itself hears nothing more.
  EXPECT_EQ(noticesTo(t),
            (Notices{{"committee-handling-ended", ""}, {"committee-handling-ended", "beta"}}));
  expectNothingConfidential(t);
  EXPECT_TRUE(alertCodes(t).empty());
  EXPECT_EQ(t.workflow.stage, before.stage);
  // Its clocks are gone from the index; the others' stay.
  EXPECT_FALSE(hasDeadlineFor(t.workflow, "acme"));
  EXPECT_TRUE(hasDeadlineFor(t.workflow, "beta"));
  const auto cancels = effectsOf<effect::CancelDeadlines>(t);
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels.front().vendorId, "acme");
  EXPECT_NE(t.event.detail.find("end-handling"), std::string::npos);
}

TEST(CommitteeOutcome, AVendorWhoseHandlingEndedGetsNoFurtherNoticesOrSends) {
  const auto ended =
      run(acmeImpossible(),
          {command::RecordCommitteeOutcome{"acme", CommitteeOutcome::EndHandling, ""}});
  // Shared notices skip it.
  const auto date = applied(ended, command::SetPublicationDate{2026y / 1 / 14});
  EXPECT_EQ(noticesTo(date), (Notices{{"publication-date", "beta"}, {"publication-date", ""}}));
  // Stopping the case tells the vendors still taking part, not it.
  const auto stop = applied(ended, command::Stop{StopReason::OutOfScope, ""});
  EXPECT_EQ(noticesTo(stop), (Notices{{"handling-stopped", ""}, {"coordination-ended", "beta"}}));
  // The operator cannot send it anything (others still can), nor rule on it again.
  EXPECT_TRUE(step(ended, command::SendSummary{"gamma"}, day0()));
  auto e = refused(ended, command::SendDetails{"acme", false});
  EXPECT_NE(e.what.find("the publication committee ended its handling"), std::string::npos)
      << e.what;
  e = refused(ended, command::RecordCommitteeOutcome{"acme", CommitteeOutcome::Continue, ""});
  EXPECT_NE(e.what.find("its handling has already ended"), std::string::npos) << e.what;
  e = refused(ended, command::CoordinationImpossible{
                         "acme", CoordinationImpossibleReason::NoAgreement, ""});
  EXPECT_NE(e.what.find("ended its handling"), std::string::npos) << e.what;
  // Re-assessing names the course only for vendors still taking part.
  EXPECT_TRUE(
      alertCodes(applied(ended, command::Assess{Assessment{Impact::Normal, true}})).empty());
}

TEST(CommitteeOutcome, WhenEveryVendorsHandlingHasEndedTheOperatorIsToldToStopOrClose) {
  CaseWorkflow wf = run(detailsSent(), {command::AddVendor{"beta", {"mail:sec@beta.example"}, true},
                                        command::SendDetails{"beta", true}});
  wf = run(wf,
           {command::CoordinationImpossible{"acme", CoordinationImpossibleReason::NoAgreement, ""},
            command::CoordinationImpossible{"beta", CoordinationImpossibleReason::NoAgreement, ""},
            command::RecordCommitteeOutcome{"acme", CommitteeOutcome::EndHandling, ""}});
  const auto last =
      applied(wf, command::RecordCommitteeOutcome{"beta", CommitteeOutcome::EndHandling, ""});
  EXPECT_EQ(alertCodes(last), std::vector<std::string>{"ALL_VENDORS_HANDLING_ENDED"});
  EXPECT_NE(alertText(last, "ALL_VENDORS_HANDLING_ENDED").find("cvdctl case stop"),
            std::string::npos);
  // Only the reporter is left to tell.
  EXPECT_EQ(noticesTo(last), (Notices{{"committee-handling-ended", ""}}));
  // Vendor clocks are gone; the reporter's one-year clock (and its warning) stays.
  for (const auto& d : deadlinesFor(last.workflow, defaultPolicy(), tokyo())) {
    EXPECT_TRUE(d.kind == DeadlineKind::NonDisclosureEnd ||
                d.kind == DeadlineKind::NonDisclosureWarning)
        << d.key();
    EXPECT_TRUE(d.vendorId.empty()) << d.key();
  }
}

TEST(CaseEndingNames, AreStable) {
  EXPECT_EQ(committeeOutcomeName(CommitteeOutcome::Publish), "publish");
  EXPECT_EQ(committeeOutcomeName(CommitteeOutcome::EndHandling), "end-handling");
  EXPECT_EQ(committeeOutcomeName(CommitteeOutcome::Continue), "continue");
  EXPECT_EQ(coordinationImpossibleReasonName(CoordinationImpossibleReason::UnreachableSixMonths),
            "unreachable-six-months");
  EXPECT_EQ(coordinationImpossibleReasonName(CoordinationImpossibleReason::NoAgreement),
            "no-agreement");
  EXPECT_EQ(commandName(command::CoordinationImpossible{}), "coordination-impossible");
  EXPECT_EQ(commandName(command::RecordCommitteeOutcome{}), "committee-outcome");
}

}  // namespace
