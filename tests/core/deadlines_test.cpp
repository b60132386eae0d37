#include "core/deadlines.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/core/workflow_fixture.hpp"

using namespace cvdd::core;
using namespace cvdd::core::testing;
using namespace std::chrono;

namespace {

Timestamp utc(CivilDate date, hours hour = hours{0}) {
  return sys_days{date} + hour;
}

std::vector<std::string> keys(const std::vector<Deadline>& deadlines) {
  std::vector<std::string> out;
  for (const auto& d : deadlines) out.push_back(d.key());
  return out;
}

const Deadline* find(const std::vector<Deadline>& deadlines, DeadlineKind kind,
                     const std::string& vendorId = "acme") {
  for (const auto& d : deadlines) {
    if (d.kind == kind && d.vendorId == vendorId) return &d;
  }
  return nullptr;
}

// Fires every due deadline in order, as the daemon's timer would after downtime.
struct Fired {
  CaseWorkflow workflow;
  std::vector<std::string> keys;
  std::vector<std::string> alerts;
  std::vector<std::string> alertTexts;
  std::vector<std::string> notices;
};

Fired fireAllDue(CaseWorkflow wf, Timestamp now, const TimeZone& tz = tokyo()) {
  Fired out;
  for (int guard = 0; guard < 100; ++guard) {
    const auto due = dueDeadlines(wf, defaultPolicy(), tz, now);
    if (due.empty()) break;
    auto t = step(wf, command::DeadlineFired{due.front()}, now, tz);
    EXPECT_TRUE(t.has_value()) << due.front().key() << ": " << (t ? "" : t.error().what);
    if (!t) break;
    out.keys.push_back(due.front().key());
    for (auto& a : alertCodes(*t)) out.alerts.push_back(a);
    for (auto& a : effectsOf<effect::AlertOperator>(*t)) out.alertTexts.push_back(a.text);
    for (auto& n : noticeNames(*t)) out.notices.push_back(n);
    wf = std::move(t->workflow);
  }
  out.workflow = std::move(wf);
  return out;
}

TEST(Deadlines, VendorStartedOnNovember30InTokyo) {
  const auto wf = summarySent();  // summary at 2025-11-30 10:00 JST
  const auto all = deadlinesFor(wf, defaultPolicy(), tokyo());
  EXPECT_EQ(keys(all), (std::vector<std::string>{
                           "unresponsive-reminder/acme/2025-12-07",
                           "unresponsive-reminder/acme/2025-12-14",
                           "unresponsive-reminder/acme/2025-12-30",
                           "unreachable-warning/acme/2026-02-21",
                           "unreachable/acme/2026-02-28",
                           "non-disclosure-warning//2026-11-23",
                           "non-disclosure-end//2026-11-30",
                       }));
  // Each falls due at the start of the local day: 15:00Z the previous day.
  const auto* unreachable = find(all, DeadlineKind::Unreachable);
  ASSERT_NE(unreachable, nullptr);
  EXPECT_EQ(unreachable->date, CivilDate{2026y / 2 / 28});
  EXPECT_EQ(unreachable->due, utc(2026y / 2 / 27, hours{15}));
  const auto withDetails = deadlinesFor(detailsSent(), defaultPolicy(), tokyo());
  ASSERT_NE(find(withDetails, DeadlineKind::PublicationTarget), nullptr);
  EXPECT_EQ(find(withDetails, DeadlineKind::PublicationTarget)->due,
            utc(2026y / 1 / 13, hours{15}));
  EXPECT_EQ(find(all, DeadlineKind::NonDisclosureEnd, "")->due, utc(2026y / 11 / 29, hours{15}));
}

TEST(Deadlines, LeapYearUnreachableDate) {
  const auto wf = run(identified(), {command::SendSummary{"acme"}}, jst(2027y / 11 / 30));
  const auto all = deadlinesFor(wf, defaultPolicy(), tokyo());
  EXPECT_EQ(find(all, DeadlineKind::Unreachable)->date, CivilDate{2028y / 2 / 29});
  const auto aug = run(identified(), {command::SendSummary{"acme"}}, jst(2027y / 8 / 31));
  const auto unreachable = run(aug, {}, jst(2027y / 8 / 31));
  EXPECT_EQ(
      find(deadlinesFor(unreachable, defaultPolicy(), tokyo()), DeadlineKind::Unreachable)->date,
      CivilDate{2027y / 11 / 30});
}

TEST(Deadlines, DueAtLocalMidnightAcrossADstChange) {
  // Berlin rules without the system database: footer only.
  auto rule = parsePosixTz("CET-1CEST,M3.5.0,M10.5.0/3");
  ASSERT_TRUE(rule);
  auto berlin = TimeZone::fromTransitions("Europe/Berlin", hours{1}, {}, *rule);
  ASSERT_TRUE(berlin);
  // First contact on 2025-12-30 at 10:00 CET: the details, straight away.
  const auto wf = run(identified(), {command::SendDetails{"acme", true}},
                      utc(2025y / 12 / 30, hours{9}), *berlin);
  const auto all = deadlinesFor(wf, defaultPolicy(), *berlin);
  // Winter: a reminder on 2026-01-06 falls due at 23:00Z the day before.
  EXPECT_EQ(find(all, DeadlineKind::UnresponsiveReminder)->due, utc(2026y / 1 / 5, hours{23}));
  // 2026-03-29 is the change to CEST: the 30th begins at 22:00Z on the 29th.
  const auto* unreachable = find(all, DeadlineKind::Unreachable);
  ASSERT_NE(unreachable, nullptr);
  EXPECT_EQ(unreachable->date, CivilDate{2026y / 3 / 30});
  EXPECT_EQ(unreachable->due, utc(2026y / 3 / 29, hours{22}));
  EXPECT_EQ(find(all, DeadlineKind::PublicationTarget)->date, CivilDate{2026y / 2 / 13});
  EXPECT_EQ(find(all, DeadlineKind::PublicationTarget)->due, utc(2026y / 2 / 12, hours{23}));
}

TEST(Deadlines, SendingTheSummarySchedulesTheVendorClocks) {
  auto t = step(identified(), command::SendSummary{"acme"}, day0());
  ASSERT_TRUE(t);
  std::vector<std::string> scheduled;
  for (const auto& s : effectsOf<effect::ScheduleDeadline>(*t))
    scheduled.push_back(s.deadline.key());
  EXPECT_EQ(scheduled, keys(deadlinesFor(t->workflow, defaultPolicy(), tokyo())));
  EXPECT_TRUE(effectsOf<effect::CancelDeadlines>(*t).empty());
}

TEST(Deadlines, AVendorReplyCancelsItsUnreachableClocks) {
  auto t = step(summarySent(), command::VendorRequestedDetails{"acme"}, jst(2025y / 12 / 3));
  ASSERT_TRUE(t);
  const auto cancels = effectsOf<effect::CancelDeadlines>(*t);
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].vendorId, "acme");
  EXPECT_EQ(cancels[0].kinds,
            (std::vector<DeadlineKind>{DeadlineKind::UnreachableWarning, DeadlineKind::Unreachable,
                                       DeadlineKind::UnresponsiveReminder}));
  EXPECT_EQ(cancels[0].keys,
            (std::vector<std::string>{
                "unreachable-warning/acme/2026-02-21", "unreachable/acme/2026-02-28",
                "unresponsive-reminder/acme/2025-12-07", "unresponsive-reminder/acme/2025-12-14",
                "unresponsive-reminder/acme/2025-12-30"}));
  EXPECT_TRUE(effectsOf<effect::ScheduleDeadline>(*t).empty());
  // The reporter's year remains (no target: acme has not been given the details yet).
  EXPECT_EQ(keys(deadlinesFor(t->workflow, defaultPolicy(), tokyo())),
            (std::vector<std::string>{"non-disclosure-warning//2026-11-23",
                                      "non-disclosure-end//2026-11-30"}));
}

TEST(Deadlines, CatchUpAfterDowntimeFiresEveryOneThatFellDue) {
  // The daemon was down from the summary until 2026-06-01; acme never answered and only
  // mail was tried.
  const auto wf = summarySent();
  const Timestamp now = jst(2026y / 6 / 1);
  EXPECT_EQ(keys(dueDeadlines(wf, defaultPolicy(), tokyo(), now)),
            (std::vector<std::string>{
                "unresponsive-reminder/acme/2025-12-07", "unresponsive-reminder/acme/2025-12-14",
                "unresponsive-reminder/acme/2025-12-30", "unreachable-warning/acme/2026-02-21",
                "unreachable/acme/2026-02-28"}));
  const auto fired = fireAllDue(wf, now);
  EXPECT_EQ(fired.keys.size(), 5u);
  EXPECT_EQ(fired.notices, (std::vector<std::string>{"reminder", "reminder", "reminder"}));
  // Not every channel was tried: the operator is told to try the rest, the vendor is not
  // yet unreachable. The warning came too late to warn: its mark speaks for itself.
  EXPECT_EQ(fired.alerts, (std::vector<std::string>{"UNREACHABLE_CHANNELS_UNTRIED"}));
  EXPECT_EQ(fired.workflow.vendor("acme")->reachability, Reachability::Unresponsive);
  EXPECT_TRUE(dueDeadlines(fired.workflow, defaultPolicy(), tokyo(), now).empty());
  // Firing one again is refused: exactly once.
  auto again =
      step(fired.workflow,
           command::DeadlineFired{*find(deadlinesFor(fired.workflow, defaultPolicy(), tokyo()),
                                        DeadlineKind::Unreachable)},
           now);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::Duplicate);
}

TEST(Deadlines, UnreachableOnceEveryChannelWasTriedThenCoordinationImpossible) {
  const auto wf = run(
      summarySent(), {command::ContactAttempt{"acme", "phone:+81-3-0000", ContactResult::NoAnswer}},
      jst(2025y / 12 / 20));
  const Timestamp listedAt = jst(2026y / 2 / 28);
  const auto listed = fireAllDue(wf, listedAt);
  EXPECT_EQ(listed.keys,
            (std::vector<std::string>{
                "unresponsive-reminder/acme/2025-12-07", "unresponsive-reminder/acme/2025-12-14",
                "unresponsive-reminder/acme/2025-12-30", "unreachable-warning/acme/2026-02-21",
                "unreachable/acme/2026-02-28"}));
  // Fired together, the warning is superseded by its mark: no DEADLINE_APPROACHING.
  EXPECT_EQ(listed.alerts, (std::vector<std::string>{"VENDOR_UNREACHABLE"}));
  EXPECT_EQ(listed.workflow.vendor("acme")->unreachableSince, listedAt);
  // Unreachable on 2026-02-28 makes coordination-impossible current, three months after
  // the listing (003 §7-2); a catch-up on 2026-06-01 fires it, its warning superseded.
  const auto fired = fireAllDue(listed.workflow, jst(2026y / 6 / 1));
  EXPECT_EQ(fired.keys, (std::vector<std::string>{"coordination-impossible-warning/acme/2026-05-21",
                                                  "coordination-impossible/acme/2026-05-28"}));
  EXPECT_EQ(fired.alerts, (std::vector<std::string>{"COORDINATION_IMPOSSIBLE"}));
  const auto& acme = *fired.workflow.vendor("acme");
  EXPECT_EQ(acme.reachability, Reachability::Unreachable);
  EXPECT_EQ(acme.state(), VendorState::Unreachable);
  EXPECT_TRUE(acme.coordinationImpossible);
}

// A vendor of the case, reached on every channel without an answer for six months.
CaseWorkflow coordinationImpossibleFrom(CaseWorkflow wf) {
  wf = run(std::move(wf),
           {command::ContactAttempt{"acme", "phone:+81-3-0000", ContactResult::NoAnswer}},
           jst(2025y / 12 / 20));
  return fireAllDue(fireAllDue(std::move(wf), jst(2026y / 2 / 28)).workflow, jst(2026y / 6 / 1))
      .workflow;
}

TEST(Deadlines, CoordinationImpossibleAlertNamesTheCommitteesCourseOnceAssessed) {
  struct Row {
    Impact impact;
    bool verifiable;
    std::string course;
  };
  for (const auto& row : std::vector<Row>{
           {Impact::Priority, true,
            "impact priority, verifiable: the publication committee decides"},
           {Impact::Priority, false, "considering the cost of verification"},
           {Impact::Normal, true, "impact normal, verifiable: the publication committee decides"},
           {Impact::Normal, false, "handling ends and the vendor is removed"},
           {Impact::Simple, true, "handling ends and the vendor is removed"}}) {
    auto wf = run(summarySent(), {command::Assess{Assessment{row.impact, row.verifiable}}},
                  jst(2025y / 12 / 1));
    ASSERT_TRUE(wf.assessment);
    EXPECT_EQ(wf.history.back().command, "assess");
    EXPECT_NE(wf.history.back().detail.find(
                  committeeDecisionName(committeeDecision(row.impact, row.verifiable))),
              std::string::npos)
        << wf.history.back().detail;
    wf = run(std::move(wf),
             {command::ContactAttempt{"acme", "phone:+81-3-0000", ContactResult::NoAnswer}},
             jst(2025y / 12 / 20));
    const auto fired = fireAllDue(fireAllDue(wf, jst(2026y / 2 / 28)).workflow, jst(2026y / 6 / 1));
    ASSERT_EQ(fired.alerts.back(), "COORDINATION_IMPOSSIBLE");
    EXPECT_NE(fired.alertTexts.back().find(row.course), std::string::npos)
        << fired.alertTexts.back();
  }
}

TEST(Deadlines, UnassessedCaseAlertAsksForTheAssessmentWhichThenNamesTheCourse) {
  const auto wf = coordinationImpossibleFrom(summarySent());
  ASSERT_TRUE(wf.vendor("acme")->coordinationImpossible);
  EXPECT_NE(wf.history.back().detail.find("coordination-impossible"), std::string::npos);

  auto t = step(wf, command::Assess{Assessment{Impact::Normal, false}}, jst(2026y / 6 / 2));
  ASSERT_TRUE(t) << t.error().what;
  EXPECT_EQ(alertCodes(*t), std::vector<std::string>{"COMMITTEE_DECISION"});
  const auto alert = effectsOf<effect::AlertOperator>(*t).front().text;
  EXPECT_NE(alert.find("vendor acme"), std::string::npos) << alert;
  EXPECT_NE(alert.find("handling ends"), std::string::npos) << alert;
  EXPECT_EQ(t->workflow.assessment, (Assessment{Impact::Normal, false}));
}

TEST(Deadlines, AssessingWithoutAnImpossibleVendorAlertsNobodyAndAClosedCaseRefuses) {
  auto t =
      step(summarySent(), command::Assess{Assessment{Impact::Priority, true}}, jst(2025y / 12 / 1));
  ASSERT_TRUE(t);
  EXPECT_TRUE(alertCodes(*t).empty());
  EXPECT_TRUE(t->effects.empty());  // no deadline changes either

  auto refused =
      step(closed(), command::Assess{Assessment{Impact::Priority, true}}, jst(2026y / 6 / 2));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::IllegalTransition);
  EXPECT_NE(refused.error().what.find("closed"), std::string::npos) << refused.error().what;
}

TEST(Deadlines, LastChannelTriedAfterTheThreeMonthsMakesTheVendorUnreachable) {
  const auto late = fireAllDue(summarySent(), jst(2026y / 3 / 1));
  EXPECT_EQ(late.workflow.vendor("acme")->reachability, Reachability::Unresponsive);
  auto t = step(late.workflow,
                command::ContactAttempt{"acme", "phone:+81-3-0000", ContactResult::NoAnswer},
                jst(2026y / 3 / 2));
  ASSERT_TRUE(t);
  EXPECT_EQ(alertCodes(*t), std::vector<std::string>{"VENDOR_UNREACHABLE"});
  EXPECT_EQ(t->workflow.vendor("acme")->reachability, Reachability::Unreachable);
  // Its coordination-impossible clock is scheduled now.
  const auto scheduled = effectsOf<effect::ScheduleDeadline>(*t);
  ASSERT_EQ(scheduled.size(), 2u);
  EXPECT_EQ(scheduled[0].deadline.key(), "coordination-impossible-warning/acme/2026-05-26");
  EXPECT_EQ(scheduled[1].deadline.key(), "coordination-impossible/acme/2026-06-02");
  // Before the three months, the same attempt changes nothing.
  auto early = step(summarySent(),
                    command::ContactAttempt{"acme", "phone:+81-3-0000", ContactResult::NoAnswer},
                    jst(2026y / 2 / 27));
  ASSERT_TRUE(early);
  EXPECT_EQ(early->workflow.vendor("acme")->reachability, Reachability::NotYetAnswered);
}

TEST(Deadlines, AnUnreachableVendorThatAnswersResumes) {
  const auto wf =
      run(summarySent(),
          {command::ContactAttempt{"acme", "phone:+81-3-0000", ContactResult::NoAnswer}});
  const auto unreachable = fireAllDue(wf, jst(2026y / 3 / 1)).workflow;
  ASSERT_EQ(unreachable.vendor("acme")->reachability, Reachability::Unreachable);
  auto t = step(unreachable, command::VendorRequestedDetails{"acme"}, jst(2026y / 4 / 1));
  ASSERT_TRUE(t);
  const auto& acme = *t->workflow.vendor("acme");
  EXPECT_EQ(acme.reachability, Reachability::Resumed);
  EXPECT_EQ(acme.state(), VendorState::Resumed);
  EXPECT_EQ(acme.phase, VendorPhase::DetailsRequested);
  EXPECT_EQ(alertCodes(*t), (std::vector<std::string>{"VENDOR_RESUMED", "DETAILS_REQUESTED"}));
  const auto cancels = effectsOf<effect::CancelDeadlines>(*t);
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].keys,
            (std::vector<std::string>{"coordination-impossible-warning/acme/2026-05-25",
                                      "coordination-impossible/acme/2026-06-01"}));
  EXPECT_TRUE(dueDeadlines(t->workflow, defaultPolicy(), tokyo(), jst(2026y / 9 / 1)).empty());
  // A later reply keeps it resumed (for the operating figures: resumed, then completed).
  auto details = step(t->workflow, command::SendDetails{"acme"}, jst(2026y / 4 / 2));
  ASSERT_TRUE(details);
  EXPECT_EQ(details->workflow.vendor("acme")->reachability, Reachability::Resumed);
}

TEST(Deadlines, PublicationDateRemindersAndDue) {
  // acme has the details and has stated nothing yet: its target runs.
  auto t = step(detailsSent(), command::SetPublicationDate{2026y / 1 / 20}, day0());
  ASSERT_TRUE(t);
  const auto all = deadlinesFor(t->workflow, defaultPolicy(), tokyo());
  EXPECT_EQ(keys(all),
            (std::vector<std::string>{
                "publication-target-warning/acme/2026-01-07", "publication-reminder//2026-01-13",
                "publication-target/acme/2026-01-14", "publication-reminder//2026-01-19",
                "publication-due//2026-01-20", "non-disclosure-warning//2026-11-23",
                "non-disclosure-end//2026-11-30"}));
  // A date on or before the target cancels the target: it has been met.
  auto moved = step(t->workflow, command::MovePublicationDate{2026y / 1 / 10, "vendor ready"},
                    jst(2025y / 12 / 1));
  ASSERT_TRUE(moved);
  const auto cancels = effectsOf<effect::CancelDeadlines>(*moved);
  std::vector<std::string> cancelled;
  for (const auto& c : cancels) cancelled.insert(cancelled.end(), c.keys.begin(), c.keys.end());
  std::sort(cancelled.begin(), cancelled.end());
  EXPECT_EQ(cancelled,
            (std::vector<std::string>{
                "publication-due//2026-01-20", "publication-reminder//2026-01-13",
                "publication-reminder//2026-01-19", "publication-target-warning/acme/2026-01-07",
                "publication-target/acme/2026-01-14"}));
  std::vector<std::string> scheduled;
  for (const auto& s : effectsOf<effect::ScheduleDeadline>(*moved))
    scheduled.push_back(s.deadline.key());
  EXPECT_EQ(scheduled, (std::vector<std::string>{"publication-reminder//2026-01-03",
                                                 "publication-reminder//2026-01-09",
                                                 "publication-due//2026-01-10"}));
  // Reminders go to vendors with the details, confidentially; the due date alerts.
  const auto fired = fireAllDue(moved->workflow, jst(2026y / 1 / 10));
  EXPECT_EQ(fired.notices,
            (std::vector<std::string>{"publication-reminder", "publication-reminder"}));
  EXPECT_EQ(fired.alerts, std::vector<std::string>{"PUBLICATION_DUE"});
}

TEST(Deadlines, NoReminderForADayAlreadyPastWhenTheDateWasSet) {
  auto t = step(statementGiven(), command::SetPublicationDate{2025y / 12 / 1}, day0());
  ASSERT_TRUE(t);
  const auto all = deadlinesFor(t->workflow, defaultPolicy(), tokyo());
  EXPECT_EQ(find(all, DeadlineKind::PublicationReminder, ""), nullptr);
  auto nextDay = step(statementGiven(), command::SetPublicationDate{2025y / 12 / 2}, day0());
  ASSERT_TRUE(nextDay);
  EXPECT_EQ(keys(deadlinesFor(nextDay->workflow, defaultPolicy(), tokyo())),
            (std::vector<std::string>{
                "publication-reminder//2025-12-01", "publication-due//2025-12-02",
                "non-disclosure-warning//2026-11-23", "non-disclosure-end//2026-11-30"}));
}

TEST(Deadlines, NoneOncePublishedCancelledStoppedOrClosed) {
  EXPECT_TRUE(deadlinesFor(published(), defaultPolicy(), tokyo()).empty());
  EXPECT_TRUE(deadlinesFor(cancelled(), defaultPolicy(), tokyo()).empty());
  EXPECT_TRUE(deadlinesFor(stopped(), defaultPolicy(), tokyo()).empty());
  EXPECT_TRUE(deadlinesFor(closed(), defaultPolicy(), tokyo()).empty());
  EXPECT_TRUE(deadlinesFor(identified(), defaultPolicy(), tokyo()).empty());  // nobody contacted
  // Publishing cancels whatever was pending.
  auto t = step(scheduled(), command::Publish{}, jst(2026y / 1 / 14));
  ASSERT_TRUE(t);
  std::vector<std::string> cancelled;
  for (const auto& c : effectsOf<effect::CancelDeadlines>(*t)) {
    cancelled.insert(cancelled.end(), c.keys.begin(), c.keys.end());
  }
  EXPECT_FALSE(cancelled.empty());
  EXPECT_TRUE(effectsOf<effect::ScheduleDeadline>(*t).empty());
}

TEST(Deadlines, ReporterYearRunsFromTheFirstVendorStart) {
  const auto wf = run(twoVendors(), {command::SendSummary{"beta"}}, jst(2026y / 1 / 10));
  const auto all = deadlinesFor(wf, defaultPolicy(), tokyo());
  const auto* year = find(all, DeadlineKind::NonDisclosureEnd, "");
  ASSERT_NE(year, nullptr);
  EXPECT_EQ(year->date, CivilDate{2026y / 11 / 30});
  EXPECT_EQ(find(all, DeadlineKind::Unreachable, "beta")->date, CivilDate{2026y / 4 / 10});
  auto fired = fireAllDue(wf, jst(2026y / 11 / 30, hours{0}));
  EXPECT_NE(std::find(fired.notices.begin(), fired.notices.end(), "non-disclosure-withdrawable"),
            fired.notices.end());
  EXPECT_NE(std::find(fired.alerts.begin(), fired.alerts.end(), "NON_DISCLOSURE_YEAR"),
            fired.alerts.end());
}

TEST(Deadlines, ProposedPublicationDateGivesEveryVendorItsDays) {
  EXPECT_EQ(proposedPublicationDate(identified(), defaultPolicy(), tokyo()), std::nullopt);
  EXPECT_EQ(proposedPublicationDate(summarySent(), defaultPolicy(), tokyo()),
            CivilDate{2026y / 1 / 14});
  const auto wf = run(twoVendors(), {command::SendSummary{"beta"}}, jst(2025y / 12 / 10));
  EXPECT_EQ(proposedPublicationDate(wf, defaultPolicy(), tokyo()), CivilDate{2026y / 1 / 24});
}

TEST(Deadlines, PolicyIsConfigurableAndDuplicatesCollapse) {
  DeadlinePolicy policy;
  policy.unresponsiveReminderDays = {3, 3, 10};
  policy.publicationTargetDays = 30;
  const auto all = deadlinesFor(summarySent(), policy, tokyo());
  EXPECT_EQ(keys(all),
            (std::vector<std::string>{
                "unresponsive-reminder/acme/2025-12-03", "unresponsive-reminder/acme/2025-12-10",
                "unreachable-warning/acme/2026-02-21", "unreachable/acme/2026-02-28",
                "non-disclosure-warning//2026-11-23", "non-disclosure-end//2026-11-30"}));
  EXPECT_EQ(
      find(deadlinesFor(detailsSent(), policy, tokyo()), DeadlineKind::PublicationTarget)->date,
      CivilDate{2025y / 12 / 30});
}

TEST(Deadlines, KeysAreStableAcrossRecomputation) {
  const auto wf = summarySent();
  EXPECT_EQ(keys(deadlinesFor(wf, defaultPolicy(), tokyo())),
            keys(deadlinesFor(run(wf, {command::Note{"x"}}), defaultPolicy(), tokyo())));
  EXPECT_EQ((Deadline{DeadlineKind::Unreachable, "acme", 2026y / 2 / 28, {}}).key(),
            "unreachable/acme/2026-02-28");
}

// --- issue 13: clocks that start and stop as the seeds say -----------------------------

TEST(Clocks, TheRegistrationRequestIsTheFirstContactAttempt) {
  // 003 §2-3: the request to register starts the start date (起算日), the reminders and
  // the unreachable clock; nothing technical goes out, so no publication target.
  auto t =
      step(accepted(), command::AddVendor{"newco", {"mail:info@newco.example"}, false}, day0());
  ASSERT_TRUE(t);
  const auto& newco = *t->workflow.vendor("newco");
  ASSERT_EQ(newco.attempts.size(), 1u);
  EXPECT_EQ(newco.attempts[0].channel, "mail:info@newco.example");
  EXPECT_EQ(newco.attempts[0].result, ContactResult::Sent);
  EXPECT_EQ(startDate(newco, tokyo()), CivilDate{2025y / 11 / 30});
  EXPECT_EQ(keys(deadlinesFor(t->workflow, defaultPolicy(), tokyo())),
            (std::vector<std::string>{
                "unresponsive-reminder/newco/2025-12-07", "unresponsive-reminder/newco/2025-12-14",
                "unresponsive-reminder/newco/2025-12-30", "unreachable-warning/newco/2026-02-21",
                "unreachable/newco/2026-02-28", "non-disclosure-warning//2026-11-23",
                "non-disclosure-end//2026-11-30"}));
  EXPECT_EQ(effectsOf<effect::ScheduleDeadline>(*t).size(), 7u);
  // A registered vendor starts nothing until the summary; nor does one without a channel.
  const auto registered = run(accepted(), {command::AddVendor{"acme", acmeChannels(), true}});
  EXPECT_EQ(startDate(*registered.vendor("acme"), tokyo()), std::nullopt);
  const auto nowhere = run(accepted(), {command::AddVendor{"ghost", {}, false}});
  EXPECT_TRUE(nowhere.vendor("ghost")->attempts.empty());

  // It registers (an answer: the clocks stop), then gets the summary: the start date stays
  // the request's, and the summary left unanswered starts the silence clock.
  const auto answered = run(t->workflow, {command::VendorRegistered{"newco"}}, jst(2025y / 12 / 5));
  EXPECT_EQ(keys(deadlinesFor(answered, defaultPolicy(), tokyo())),
            (std::vector<std::string>{"non-disclosure-warning//2026-11-23",
                                      "non-disclosure-end//2026-11-30"}));
  const auto summary = run(answered, {command::SendSummary{"newco"}}, jst(2025y / 12 / 8));
  EXPECT_EQ(startDate(*summary.vendor("newco"), tokyo()), CivilDate{2025y / 11 / 30});
  const auto all = deadlinesFor(summary, defaultPolicy(), tokyo());
  EXPECT_EQ(find(all, DeadlineKind::Unreachable, "newco")->date, CivilDate{2026y / 3 / 8});
  EXPECT_EQ(find(all, DeadlineKind::UnresponsiveReminder, "newco"), nullptr);
}

TEST(Clocks, NoChannelOrUnknownDeveloperIsUnreachableAtOnce) {
  for (const auto reason : kUnreachableReasons) {
    const auto wf = run(accepted(), {command::AddVendor{"ghost", {}, true}});
    auto t = step(wf, command::MarkUnreachable{"ghost", reason}, day0());
    ASSERT_TRUE(t) << t.error().what;
    const auto& ghost = *t->workflow.vendor("ghost");
    EXPECT_EQ(ghost.reachability, Reachability::Unreachable);
    EXPECT_EQ(ghost.unreachableSince, day0());
    EXPECT_EQ(ghost.startedAt, day0());
    EXPECT_EQ(ghost.unreachableReason, reason);
    EXPECT_EQ(alertCodes(*t), std::vector<std::string>{"VENDOR_UNREACHABLE"});
    const auto text = effectsOf<effect::AlertOperator>(*t).front().text;
    EXPECT_NE(text.find("vendor ghost"), std::string::npos) << text;
    EXPECT_NE(text.find(std::string(unreachableReasonName(reason))), std::string::npos) << text;
    EXPECT_EQ(t->event.command, "mark-unreachable");
    // No reminders and no target for it; coordination impossible 3 months after listing.
    EXPECT_EQ(keys(deadlinesFor(t->workflow, defaultPolicy(), tokyo())),
              (std::vector<std::string>{"coordination-impossible-warning/ghost/2026-02-21",
                                        "coordination-impossible/ghost/2026-02-28",
                                        "non-disclosure-warning//2026-11-23",
                                        "non-disclosure-end//2026-11-30"}));
    auto twice = step(t->workflow, command::MarkUnreachable{"ghost", reason}, day0());
    ASSERT_FALSE(twice);
    EXPECT_NE(twice.error().what.find("already unreachable"), std::string::npos);
  }
  EXPECT_EQ(unreachableReasonName(UnreachableReason::NoChannel), "no-channel");
  EXPECT_EQ(unreachableReasonName(UnreachableReason::UnknownDeveloper), "unknown-developer");
  auto early =
      step(received(), command::MarkUnreachable{"acme", UnreachableReason::NoChannel}, day0());
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, Errc::IllegalTransition);
  auto unknown =
      step(identified(), command::MarkUnreachable{"nobody", UnreachableReason::NoChannel}, day0());
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Errc::NotFound);
}

// acme asked for the details on 12-01 (an answer) and got them on 12-02 (a request).
CaseWorkflow silentAfterDetails() {
  auto wf = run(summarySent(), {command::VendorRequestedDetails{"acme"}}, jst(2025y / 12 / 1));
  return run(wf, {command::SendDetails{"acme", false}}, jst(2025y / 12 / 2));
}

TEST(Clocks, AVendorSilentAfterARequestGetsItsClockAgain) {
  const auto wf = silentAfterDetails();
  EXPECT_EQ(silentSince(*wf.vendor("acme"), tokyo()), CivilDate{2025y / 12 / 2});
  const auto all = deadlinesFor(wf, defaultPolicy(), tokyo());
  EXPECT_EQ(find(all, DeadlineKind::Unreachable)->date, CivilDate{2026y / 3 / 2});
  EXPECT_EQ(find(all, DeadlineKind::UnreachableWarning)->date, CivilDate{2026y / 2 / 23});
  EXPECT_EQ(find(all, DeadlineKind::UnresponsiveReminder), nullptr);  // it did answer once
  // silence_months is its own setting.
  DeadlinePolicy two;
  two.silenceMonths = 2;
  EXPECT_EQ(find(deadlinesFor(wf, two, tokyo()), DeadlineKind::Unreachable)->date,
            CivilDate{2026y / 2 / 2});
  // Its answer stops the clock again.
  auto t = step(
      wf,
      command::VendorStatement{"acme", PublicStatus::AffectedInvestigating, "", "", false, false},
      jst(2026y / 1 / 20));
  ASSERT_TRUE(t);
  std::vector<std::string> cancelled;
  for (const auto& c : effectsOf<effect::CancelDeadlines>(*t))
    cancelled.insert(cancelled.end(), c.keys.begin(), c.keys.end());
  EXPECT_NE(std::find(cancelled.begin(), cancelled.end(), "unreachable/acme/2026-03-02"),
            cancelled.end());
  EXPECT_EQ(find(deadlinesFor(t->workflow, defaultPolicy(), tokyo()), DeadlineKind::Unreachable),
            nullptr);
  // An answer with nothing asked since: no clock.
  EXPECT_EQ(unreachableDate(*detailsRequested().vendor("acme"), defaultPolicy(), tokyo()),
            std::nullopt);
}

TEST(Clocks, TheSilenceClockMakesTheVendorUnreachableByTheSameChannelRule) {
  // Only mail was tried: the operator is told to try the phone first.
  const auto untried = fireAllDue(silentAfterDetails(), jst(2026y / 3 / 2));
  EXPECT_EQ(untried.alerts.back(), "UNREACHABLE_CHANNELS_UNTRIED");
  EXPECT_NE(untried.alertTexts.back().find("has not answered since 2025-12-02"), std::string::npos)
      << untried.alertTexts.back();
  EXPECT_NE(untried.workflow.vendor("acme")->reachability, Reachability::Unreachable);
  // The phone, tried after the date, makes it unreachable at once.
  auto t = step(untried.workflow,
                command::ContactAttempt{"acme", "phone:+81-3-0000", ContactResult::NoAnswer},
                jst(2026y / 3 / 3));
  ASSERT_TRUE(t);
  EXPECT_EQ(alertCodes(*t), std::vector<std::string>{"VENDOR_UNREACHABLE"});
  EXPECT_NE(effectsOf<effect::AlertOperator>(*t).front().text.find("request of 2025-12-02"),
            std::string::npos);
  // With the phone tried before, the deadline itself makes it unreachable.
  const auto tried =
      run(silentAfterDetails(),
          {command::ContactAttempt{"acme", "phone:+81-3-0000", ContactResult::NoAnswer}},
          jst(2025y / 12 / 10));
  const auto fired = fireAllDue(tried, jst(2026y / 3 / 9));
  EXPECT_EQ(fired.workflow.vendor("acme")->reachability, Reachability::Unreachable);
  EXPECT_NE(std::find(fired.alerts.begin(), fired.alerts.end(), "VENDOR_UNREACHABLE"),
            fired.alerts.end());
}

TEST(Clocks, ThePublicationTargetIsOnlyForVendorsWithDetailsAndNoStatus) {
  auto target = [](const CaseWorkflow& wf) {
    return find(deadlinesFor(wf, defaultPolicy(), tokyo()), DeadlineKind::PublicationTarget) !=
           nullptr;
  };
  EXPECT_FALSE(target(summarySent()));
  EXPECT_FALSE(target(detailsRequested()));
  EXPECT_FALSE(target(noAffectedProduct()));
  EXPECT_TRUE(target(detailsSent()));
  EXPECT_FALSE(target(statementGiven()));
  const auto unreachable =
      run(detailsSent(), {command::MarkUnreachable{"acme", UnreachableReason::NoChannel}});
  EXPECT_FALSE(target(unreachable));
}

TEST(Clocks, CoordinationImpossibleCountsFromTheListing) {
  // Declared unreachable late (every channel tried only on 2026-04-10): three more months.
  const auto late = fireAllDue(summarySent(), jst(2026y / 3 / 1)).workflow;
  auto t = step(late, command::ContactAttempt{"acme", "phone:+81-3-0000", ContactResult::NoAnswer},
                jst(2026y / 4 / 10));
  ASSERT_TRUE(t);
  EXPECT_EQ(alertCodes(*t), std::vector<std::string>{"VENDOR_UNREACHABLE"});
  EXPECT_EQ(find(deadlinesFor(t->workflow, defaultPolicy(), tokyo()),
                 DeadlineKind::CoordinationImpossible)
                ->date,
            CivilDate{2026y / 7 / 10});
  // Not on the unreachable alert's day: three months later, its warning a week before.
  const auto warned = fireAllDue(t->workflow, jst(2026y / 7 / 3));
  EXPECT_EQ(warned.alerts, std::vector<std::string>{"DEADLINE_APPROACHING"});
  const auto fired = fireAllDue(warned.workflow, jst(2026y / 7 / 10));
  EXPECT_EQ(fired.alerts, std::vector<std::string>{"COORDINATION_IMPOSSIBLE"});
}

TEST(Clocks, OperatorsAreWarnedBeforeEachMarkWithItsDate) {
  const auto wf = run(
      detailsSent(), {command::ContactAttempt{"acme", "phone:+81-3-0000", ContactResult::NoAnswer}},
      jst(2025y / 12 / 1));
  const auto silent = run(
      summarySent(), {command::ContactAttempt{"acme", "phone:+81-3-0000", ContactResult::NoAnswer}},
      jst(2025y / 12 / 1));
  const auto warned = fireAllDue(silent, jst(2026y / 2 / 21));
  ASSERT_EQ(warned.alerts.back(), "DEADLINE_APPROACHING");
  const auto text = warned.alertTexts.back();
  EXPECT_NE(text.find("case CVD#00000042"), std::string::npos) << text;
  EXPECT_NE(text.find("vendor acme"), std::string::npos) << text;
  EXPECT_NE(text.find("unreachable mark"), std::string::npos) << text;
  EXPECT_NE(text.find("on 2026-02-28"), std::string::npos) << text;
  EXPECT_EQ(text.find(" days"), std::string::npos) << text;  // a date, never "in N days"
  EXPECT_EQ(warned.keys.back(), "unreachable-warning/acme/2026-02-21");

  // The publication target's warning, and the case-wide year's.
  const auto target = fireAllDue(wf, jst(2026y / 1 / 7));
  ASSERT_FALSE(target.alertTexts.empty());
  EXPECT_NE(target.alertTexts.back().find("publication target"), std::string::npos);
  EXPECT_NE(target.alertTexts.back().find("on 2026-01-14"), std::string::npos);
  const auto year = fireAllDue(statementGiven(), jst(2026y / 11 / 23));
  ASSERT_EQ(year.alerts, std::vector<std::string>{"DEADLINE_APPROACHING"});
  EXPECT_NE(year.alertTexts[0].find("non-disclosure year"), std::string::npos);
  EXPECT_NE(year.alertTexts[0].find("on 2026-11-30"), std::string::npos);
  // ... and coordination impossible's.
  const auto listed = fireAllDue(silent, jst(2026y / 2 / 28)).workflow;
  const auto impossible = fireAllDue(listed, jst(2026y / 5 / 21));
  ASSERT_EQ(impossible.alerts, std::vector<std::string>{"DEADLINE_APPROACHING"});
  EXPECT_NE(impossible.alertTexts[0].find("coordination-impossible mark"), std::string::npos);
  EXPECT_NE(impossible.alertTexts[0].find("on 2026-05-28"), std::string::npos);

  // A warning that falls due only with its mark (downtime) is superseded by the mark.
  const auto caughtUp = fireAllDue(silent, jst(2026y / 3 / 1));
  EXPECT_EQ(std::count(caughtUp.alerts.begin(), caughtUp.alerts.end(), "DEADLINE_APPROACHING"), 0);
  EXPECT_NE(
      std::find(caughtUp.keys.begin(), caughtUp.keys.end(), "unreachable-warning/acme/2026-02-21"),
      caughtUp.keys.end());
  // 0 days: no warnings at all.
  DeadlinePolicy none;
  none.operatorWarningDays = 0;
  for (const auto& d : deadlinesFor(silent, none, tokyo())) {
    EXPECT_FALSE(markKindOf(d.kind).has_value()) << d.key();
  }
  EXPECT_EQ(deadlineKindName(DeadlineKind::UnreachableWarning), "unreachable-warning");
  EXPECT_EQ(deadlineKindName(DeadlineKind::CoordinationImpossibleWarning),
            "coordination-impossible-warning");
  EXPECT_EQ(deadlineKindName(DeadlineKind::NonDisclosureWarning), "non-disclosure-warning");
  EXPECT_EQ(deadlineKindName(DeadlineKind::PublicationTargetWarning), "publication-target-warning");
}

TEST(Clocks, EveryAutomaticReminderIsARecordedContactAttempt) {
  const auto reminded = fireAllDue(summarySent(), jst(2025y / 12 / 7));
  const auto& acme = *reminded.workflow.vendor("acme");
  ASSERT_EQ(acme.attempts.size(), 2u);
  EXPECT_EQ(acme.attempts[1].channel, "mail:psirt@acme.example");
  EXPECT_EQ(acme.attempts[1].at, jst(2025y / 12 / 7));
  // A publication reminder: an attempt on each informed vendor, which starts its silence.
  auto scheduledWf =
      run(statementGiven(), {command::SetPublicationDate{2026y / 2 / 20}}, jst(2025y / 12 / 1));
  const auto pub = fireAllDue(scheduledWf, jst(2026y / 2 / 13));
  EXPECT_EQ(pub.notices, std::vector<std::string>{"publication-reminder"});
  const auto& informed = *pub.workflow.vendor("acme");
  EXPECT_EQ(informed.attempts.back().at, jst(2026y / 2 / 13));
  EXPECT_EQ(unreachableDate(informed, defaultPolicy(), tokyo()), CivilDate{2026y / 5 / 13});
}

TEST(Clocks, ARequestedPublicationDateAlertsTheOperatorAndIsAnAnswer) {
  auto t = step(silentAfterDetails(), command::VendorRequestedDate{"acme", 2026y / 3 / 1},
                jst(2025y / 12 / 20));
  ASSERT_TRUE(t) << t.error().what;
  EXPECT_EQ(alertCodes(*t), std::vector<std::string>{"PUBLICATION_DATE_REQUESTED"});
  const auto text = effectsOf<effect::AlertOperator>(*t).front().text;
  EXPECT_NE(text.find("vendor acme"), std::string::npos) << text;
  EXPECT_NE(text.find("2026-03-01"), std::string::npos) << text;
  EXPECT_EQ(t->event.command, "vendor-requested-date");
  EXPECT_EQ(t->workflow.vendor("acme")->lastResponseAt, jst(2025y / 12 / 20));
  EXPECT_EQ(find(deadlinesFor(t->workflow, defaultPolicy(), tokyo()), DeadlineKind::Unreachable),
            nullptr);
  auto invalid =
      step(silentAfterDetails(), command::VendorRequestedDate{"acme", 2026y / 2 / 30}, day0());
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().code, Errc::InvalidConfig);
}

struct CommitteeRow {
  Impact impact;
  bool verifiable;
  CommitteeDecision expected;
};

TEST(CommitteeDecision, FollowsTable4_2) {
  const std::vector<CommitteeRow> table{
      {Impact::Priority, true, CommitteeDecision::CommitteeDecides},
      {Impact::Priority, false, CommitteeDecision::CommitteeDecidesConsideringCost},
      {Impact::Normal, true, CommitteeDecision::CommitteeDecides},
      {Impact::Normal, false, CommitteeDecision::HandlingEnds},
      {Impact::Simple, true, CommitteeDecision::HandlingEnds},
      {Impact::Simple, false, CommitteeDecision::HandlingEnds},
  };
  for (const auto& row : table) {
    EXPECT_EQ(committeeDecision(row.impact, row.verifiable), row.expected)
        << static_cast<int>(row.impact) << "/" << row.verifiable;
  }
  EXPECT_EQ(committeeDecisionName(CommitteeDecision::CommitteeDecidesConsideringCost),
            "committee-decides-considering-cost");
}

}  // namespace
