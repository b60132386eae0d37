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
                           "publication-target/acme/2026-01-14",
                           "unreachable/acme/2026-02-28",
                           "non-disclosure-end//2026-11-30",
                       }));
  // Each falls due at the start of the local day: 15:00Z the previous day.
  const auto* unreachable = find(all, DeadlineKind::Unreachable);
  ASSERT_NE(unreachable, nullptr);
  EXPECT_EQ(unreachable->date, CivilDate{2026y / 2 / 28});
  EXPECT_EQ(unreachable->due, utc(2026y / 2 / 27, hours{15}));
  EXPECT_EQ(find(all, DeadlineKind::PublicationTarget)->due, utc(2026y / 1 / 13, hours{15}));
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
  // First contact on 2025-12-30 at 10:00 CET.
  const auto wf =
      run(identified(), {command::SendSummary{"acme"}}, utc(2025y / 12 / 30, hours{9}), *berlin);
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
  EXPECT_EQ(cancels[0].kinds, (std::vector<DeadlineKind>{DeadlineKind::Unreachable,
                                                         DeadlineKind::UnresponsiveReminder}));
  EXPECT_EQ(cancels[0].keys,
            (std::vector<std::string>{
                "unreachable/acme/2026-02-28", "unresponsive-reminder/acme/2025-12-07",
                "unresponsive-reminder/acme/2025-12-14", "unresponsive-reminder/acme/2025-12-30"}));
  EXPECT_TRUE(effectsOf<effect::ScheduleDeadline>(*t).empty());
  // The publication target and the reporter's year remain.
  EXPECT_EQ(keys(deadlinesFor(t->workflow, defaultPolicy(), tokyo())),
            (std::vector<std::string>{"publication-target/acme/2026-01-14",
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
                "unresponsive-reminder/acme/2025-12-30", "publication-target/acme/2026-01-14",
                "unreachable/acme/2026-02-28"}));
  const auto fired = fireAllDue(wf, now);
  EXPECT_EQ(fired.keys.size(), 5u);
  EXPECT_EQ(fired.notices, (std::vector<std::string>{"reminder", "reminder", "reminder"}));
  // Not every channel was tried: the operator is told to try the rest, the vendor is not
  // yet unreachable.
  EXPECT_EQ(fired.alerts, (std::vector<std::string>{"PUBLICATION_TARGET_REACHED",
                                                    "UNREACHABLE_CHANNELS_UNTRIED"}));
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
  const Timestamp now = jst(2026y / 6 / 1);
  const auto fired = fireAllDue(wf, now);
  // Unreachable at 2026-02-28 makes coordination-impossible (2026-05-30) current, and it
  // is already due: both fire in the same catch-up.
  EXPECT_EQ(fired.keys,
            (std::vector<std::string>{
                "unresponsive-reminder/acme/2025-12-07", "unresponsive-reminder/acme/2025-12-14",
                "unresponsive-reminder/acme/2025-12-30", "publication-target/acme/2026-01-14",
                "unreachable/acme/2026-02-28", "coordination-impossible/acme/2026-05-30"}));
  EXPECT_EQ(fired.alerts,
            (std::vector<std::string>{"PUBLICATION_TARGET_REACHED", "VENDOR_UNREACHABLE",
                                      "COORDINATION_IMPOSSIBLE"}));
  const auto& acme = *fired.workflow.vendor("acme");
  EXPECT_EQ(acme.reachability, Reachability::Unreachable);
  EXPECT_EQ(acme.state(), VendorState::Unreachable);
  EXPECT_TRUE(acme.coordinationImpossible);
  EXPECT_EQ(acme.unreachableSince, now);
}

// A vendor of the case, reached on every channel without an answer for six months.
CaseWorkflow coordinationImpossibleFrom(CaseWorkflow wf) {
  wf = run(std::move(wf),
           {command::ContactAttempt{"acme", "phone:+81-3-0000", ContactResult::NoAnswer}},
           jst(2025y / 12 / 20));
  return fireAllDue(std::move(wf), jst(2026y / 6 / 1)).workflow;
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
    const auto fired = fireAllDue(wf, jst(2026y / 6 / 1));
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
  ASSERT_EQ(scheduled.size(), 1u);
  EXPECT_EQ(scheduled[0].deadline.key(), "coordination-impossible/acme/2026-05-30");
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
  EXPECT_EQ(cancels[0].keys, std::vector<std::string>{"coordination-impossible/acme/2026-05-30"});
  EXPECT_TRUE(dueDeadlines(t->workflow, defaultPolicy(), tokyo(), jst(2026y / 9 / 1)).empty());
  // A later reply keeps it resumed (for the operating figures: resumed, then completed).
  auto details = step(t->workflow, command::SendDetails{"acme"}, jst(2026y / 4 / 2));
  ASSERT_TRUE(details);
  EXPECT_EQ(details->workflow.vendor("acme")->reachability, Reachability::Resumed);
}

TEST(Deadlines, PublicationDateRemindersAndDue) {
  auto t = step(statementGiven(), command::SetPublicationDate{2026y / 1 / 20}, day0());
  ASSERT_TRUE(t);
  const auto all = deadlinesFor(t->workflow, defaultPolicy(), tokyo());
  EXPECT_EQ(keys(all), (std::vector<std::string>{
                           "publication-reminder//2026-01-13", "publication-target/acme/2026-01-14",
                           "publication-reminder//2026-01-19", "publication-due//2026-01-20",
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
                "publication-reminder//2026-01-19", "publication-target/acme/2026-01-14"}));
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
  EXPECT_EQ(
      keys(deadlinesFor(nextDay->workflow, defaultPolicy(), tokyo())),
      (std::vector<std::string>{"publication-reminder//2025-12-01", "publication-due//2025-12-02",
                                "non-disclosure-end//2026-11-30"}));
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
                "publication-target/acme/2025-12-30", "unreachable/acme/2026-02-28",
                "non-disclosure-end//2026-11-30"}));
}

TEST(Deadlines, KeysAreStableAcrossRecomputation) {
  const auto wf = summarySent();
  EXPECT_EQ(keys(deadlinesFor(wf, defaultPolicy(), tokyo())),
            keys(deadlinesFor(run(wf, {command::Note{"x"}}), defaultPolicy(), tokyo())));
  EXPECT_EQ((Deadline{DeadlineKind::Unreachable, "acme", 2026y / 2 / 28, {}}).key(),
            "unreachable/acme/2026-02-28");
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
