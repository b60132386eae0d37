#include "core/lifecycle.hpp"

#include <gtest/gtest.h>

#include "tests/core/workflow_fixture.hpp"

using namespace cvdd::core;
using namespace cvdd::core::testing;
using namespace std::chrono;

namespace {

std::string testName(const std::string& label) {
  std::string name;
  for (char ch : label) name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return name;
}

// --- every allowed transition --------------------------------------------------------------

struct Allowed {
  std::string label;
  std::function<CaseWorkflow()> from;
  Command command;
  CaseStage stage;                       // case stage afterwards
  std::optional<VendorPhase> acmePhase;  // acme's phase afterwards
  std::vector<std::string> notices;      // SendNotice names, in order
  Timestamp now = day0();
};

std::vector<Allowed> allowedTransitions() {
  using namespace command;
  return {
      {"accept", received, Accept{}, CaseStage::Accepted, std::nullopt, {"case-accepted"}},
      {"stop",
       received,
       Stop{StopReason::NotVulnerabilityInformation, "spam"},
       CaseStage::Stopped,
       std::nullopt,
       {"case-not-accepted"}},
      {"add first vendor",
       accepted,
       AddVendor{"acme", acmeChannels(), true},
       CaseStage::VendorsIdentified,
       VendorPhase::NotContacted,
       {}},
      {"add vendor while coordinating",
       summarySent,
       AddVendor{"beta", {}, false},
       CaseStage::Coordinating,
       VendorPhase::SummarySent,
       {}},
      {"add vendor after the date is set",
       scheduled,
       AddVendor{"beta", {}, true},
       CaseStage::PublicationScheduled,
       VendorPhase::StatementGiven,
       {}},
      {"vendor without a channel marked unreachable",
       identified,
       MarkUnreachable{"acme", UnreachableReason::NoChannel},
       CaseStage::VendorsIdentified,
       VendorPhase::NotContacted,
       {}},
      {"vendor requests a publication date",
       detailsSent,
       VendorRequestedDate{"acme", 2026y / 2 / 1},
       CaseStage::Coordinating,
       VendorPhase::DetailsSent,
       {}},
      {"send summary",
       identified,
       SendSummary{"acme"},
       CaseStage::Coordinating,
       VendorPhase::SummarySent,
       {"vulnerability-summary"}},
      {"send details, summary skipped",
       identified,
       SendDetails{"acme", true},
       CaseStage::Coordinating,
       VendorPhase::DetailsSent,
       {"vulnerability-details"}},
      {"vendor requests details",
       summarySent,
       VendorRequestedDetails{"acme"},
       CaseStage::Coordinating,
       VendorPhase::DetailsRequested,
       {}},
      {"vendor changes its mind after no affected product",
       noAffectedProduct,
       VendorRequestedDetails{"acme"},
       CaseStage::Coordinating,
       VendorPhase::DetailsRequested,
       {}},
      {"vendor has no affected product",
       summarySent,
       VendorNoAffectedProduct{"acme"},
       CaseStage::Coordinating,
       VendorPhase::NoAffectedProduct,
       {}},
      {"no affected product after requesting details",
       detailsRequested,
       VendorNoAffectedProduct{"acme"},
       CaseStage::Coordinating,
       VendorPhase::NoAffectedProduct,
       {}},
      {"send requested details",
       detailsRequested,
       SendDetails{"acme", false},
       CaseStage::Coordinating,
       VendorPhase::DetailsSent,
       {"vulnerability-details"}},
      {"vendor statement",
       detailsSent,
       VendorStatement{"acme", PublicStatus::AffectedInvestigating, "", "", false, false},
       CaseStage::Coordinating,
       VendorPhase::StatementGiven,
       {}},
      {"second vendor statement",
       statementGiven,
       VendorStatement{"acme", PublicStatus::Affected, "v2", "", true, false},
       CaseStage::Coordinating,
       VendorPhase::StatementGiven,
       {}},
      {"statement after publication amends",
       published,
       VendorStatement{"acme", PublicStatus::Affected, "also 1.x", "", true, false},
       CaseStage::Published,
       VendorPhase::StatementGiven,
       {},
       jst(2026y / 2 / 1)},
      {"set publication date",
       statementGiven,
       SetPublicationDate{2026y / 1 / 14},
       CaseStage::PublicationScheduled,
       VendorPhase::StatementGiven,
       {"publication-date", "publication-date"}},
      {"move publication date",
       scheduled,
       MovePublicationDate{2026y / 2 / 1, "vendor asks"},
       CaseStage::PublicationScheduled,
       VendorPhase::StatementGiven,
       {"publication-date-moved", "publication-date-moved"}},
      {"pull the date forward after a leak",
       scheduled,
       MovePublicationDate{2025y / 12 / 2, "leak"},
       CaseStage::PublicationScheduled,
       VendorPhase::StatementGiven,
       {"publication-date-moved", "publication-date-moved"}},
      {"reporter reports exploitation",
       received,
       MarkExploited{"", "seen in the wild"},
       CaseStage::Received,
       std::nullopt,
       {}},
      {"vendor reports exploitation",
       detailsSent,
       MarkExploited{"acme", ""},
       CaseStage::Coordinating,
       VendorPhase::DetailsSent,
       {}},
      {"priority provision",
       scheduled,
       ProvidePriority{false},
       CaseStage::PublicationScheduled,
       VendorPhase::StatementGiven,
       {"priority-advisory"}},
      {"publish on the date",
       scheduled,
       Publish{},
       CaseStage::Published,
       VendorPhase::StatementGiven,
       {"published", "published"},
       jst(2026y / 1 / 14, hours{0})},
      {"publish after the date",
       scheduled,
       Publish{},
       CaseStage::Published,
       VendorPhase::StatementGiven,
       {"published", "published"},
       jst(2026y / 1 / 20)},
      {"publish early after a leak",
       scheduled,
       Publish{true, "leaked on a forum"},
       CaseStage::Published,
       VendorPhase::StatementGiven,
       {"published", "published"}},
      {"cancel: not a vulnerability",
       detailsSent,
       Cancel{CancelReason::NotAVulnerability, "acme"},
       CaseStage::PublicationCancelled,
       VendorPhase::DetailsSent,
       {"publication-cancelled", "publication-cancelled"}},
      {"cancel: no impact",
       statementGiven,
       Cancel{CancelReason::NoImpact, ""},
       CaseStage::PublicationCancelled,
       VendorPhase::StatementGiven,
       {"publication-cancelled", "publication-cancelled"}},
      {"cancel: low impact",
       summarySent,
       Cancel{CancelReason::LowImpact, "acme"},
       CaseStage::PublicationCancelled,
       VendorPhase::SummarySent,
       {"publication-cancelled"}},
      {"cancel: already published",
       scheduled,
       Cancel{CancelReason::AlreadyPublished, "acme"},
       CaseStage::PublicationCancelled,
       VendorPhase::StatementGiven,
       {"publication-cancelled", "publication-cancelled"}},
      {"cancel: vendor notifies all users",
       accepted,
       Cancel{CancelReason::VendorNotifiesAllUsers, ""},
       CaseStage::PublicationCancelled,
       std::nullopt,
       {"publication-cancelled"}},
      {"close published",
       published,
       Close{},
       CaseStage::Closed,
       VendorPhase::StatementGiven,
       {},
       jst(2026y / 1 / 15)},
      {"close cancelled", cancelled, Close{}, CaseStage::Closed, VendorPhase::DetailsSent, {}},
      {"close stopped", stopped, Close{}, CaseStage::Closed, std::nullopt, {}},
      {"note",
       detailsSent,
       Note{"called their PSIRT"},
       CaseStage::Coordinating,
       VendorPhase::DetailsSent,
       {}},
      {"note on a published case",
       published,
       Note{"CVE assigned"},
       CaseStage::Published,
       VendorPhase::StatementGiven,
       {},
       jst(2026y / 1 / 15)},
      {"contact attempt",
       summarySent,
       ContactAttempt{"acme", "phone:+81-3-0000", ContactResult::NoAnswer},
       CaseStage::Coordinating,
       VendorPhase::SummarySent,
       {}},
      {"contact attempt on a new channel",
       identified,
       ContactAttempt{"acme", "post:Tokyo", ContactResult::Sent},
       CaseStage::VendorsIdentified,
       VendorPhase::NotContacted,
       {}},
      {"register a vendor",
       [] {
         return run(accepted(), {command::AddVendor{"new", {"mail:a@new.example"}, false}});
       },
       VendorRegistered{"new"},
       CaseStage::VendorsIdentified,
       std::nullopt,
       {}},
  };
}

class AllowedTransition : public ::testing::TestWithParam<Allowed> {};

TEST_P(AllowedTransition, ChangesStateAndEmitsNotices) {
  const auto& c = GetParam();
  const CaseWorkflow before = c.from();
  auto t = step(before, c.command, c.now);
  ASSERT_TRUE(t.has_value()) << t.error().where << ": " << t.error().what;
  EXPECT_EQ(t->workflow.stage, c.stage) << caseStageName(t->workflow.stage);
  if (c.acmePhase) {
    ASSERT_NE(t->workflow.vendor("acme"), nullptr);
    EXPECT_EQ(t->workflow.vendor("acme")->phase, *c.acmePhase)
        << vendorPhaseName(t->workflow.vendor("acme")->phase);
  }
  EXPECT_EQ(noticeNames(*t), c.notices);
  // History: exactly one event, the command's name, who and when.
  ASSERT_EQ(t->workflow.history.size(), before.history.size() + 1);
  EXPECT_EQ(t->workflow.history.back().command, commandName(c.command));
  EXPECT_EQ(t->workflow.history.back().actor, "operator:test");
  EXPECT_EQ(t->workflow.history.back().at, c.now);
  EXPECT_EQ(t->event.command, t->workflow.history.back().command);
}

INSTANTIATE_TEST_SUITE_P(Table, AllowedTransition, ::testing::ValuesIn(allowedTransitions()),
                         [](const auto& param) { return testName(param.param.label); });

// --- every refusal ---------------------------------------------------------------------------

struct Refused {
  std::string label;
  std::function<CaseWorkflow()> from;
  Command command;
  Errc code;
  std::string what;  // a substring of Error::what
  Timestamp now = day0();
};

std::vector<Refused> refusals() {
  using namespace command;
  const auto bad = Errc::IllegalTransition;
  return {
      {"accept twice", accepted, Accept{}, bad, "cannot accept: the case is accepted"},
      {"stop after publication", published, Stop{StopReason::LowImpact, ""}, bad,
       "cannot stop: the case is published", jst(2026y / 1 / 15)},
      {"add vendor before acceptance", received, AddVendor{"acme", {}, true}, bad,
       "cannot add vendor acme: the case is received"},
      {"add vendor after publication", published, AddVendor{"beta", {}, true}, bad,
       "the case is published", jst(2026y / 1 / 15)},
      {"add vendor twice", identified, AddVendor{"acme", {}, true}, Errc::Duplicate,
       "vendor acme is already in the case"},
      {"add vendor without id", accepted, AddVendor{"", {}, true}, Errc::InvalidConfig,
       "without an id"},
      {"register a registered vendor", identified, VendorRegistered{"acme"}, bad,
       "already registered"},
      {"mark unreachable after publication", published,
       MarkUnreachable{"acme", UnreachableReason::UnknownDeveloper}, bad, "the case is published",
       jst(2026y / 1 / 15)},
      {"requested date after publication", published, VendorRequestedDate{"acme", 2026y / 3 / 1},
       bad, "the case is published", jst(2026y / 1 / 15)},
      {"register before vendors", accepted, VendorRegistered{"acme"}, bad, "the case is accepted"},
      {"register an unknown vendor", identified, VendorRegistered{"nobody"}, Errc::NotFound,
       "no vendor \"nobody\""},
      {"summary before vendors", accepted, SendSummary{"acme"}, bad, "the case is accepted"},
      {"summary to an unknown vendor", identified, SendSummary{"nobody"}, Errc::NotFound,
       "no vendor"},
      {"summary twice", summarySent, SendSummary{"acme"}, bad, "it is summary-sent"},
      {"details unrequested", identified, SendDetails{"acme", false}, bad,
       "cannot send details to vendor acme: it has not requested them and the summary was not "
       "skipped"},
      {"details after summary, unanswered", summarySent, SendDetails{"acme", false}, bad,
       "it has not requested them (summary sent"},
      {"skip flag after the summary went out", summarySent, SendDetails{"acme", true}, bad,
       "it has not requested them"},
      {"details after no affected product", noAffectedProduct, SendDetails{"acme", false}, bad,
       "no affected product"},
      {"details twice", detailsSent, SendDetails{"acme", false}, bad, "already sent"},
      {"details to an unregistered vendor",
       [] {
         return run(accepted(), {command::AddVendor{"new", {}, false}});
       },
       SendDetails{"new", true}, bad, "not registered"},
      {"details after publication", published, SendDetails{"acme", false}, bad,
       "the case is published", jst(2026y / 1 / 15)},
      {"request before the summary", identified, VendorRequestedDetails{"acme"}, bad,
       "it has not been sent the summary"},
      {"request twice", detailsRequested, VendorRequestedDetails{"acme"}, bad, "already requested"},
      {"request after details", detailsSent, VendorRequestedDetails{"acme"}, bad,
       "already has them"},
      {"no affected product before the summary", identified, VendorNoAffectedProduct{"acme"}, bad,
       "it is not-contacted"},
      {"no affected product after details", detailsSent, VendorNoAffectedProduct{"acme"}, bad,
       "use vendor-statement"},
      {"statement before details", summarySent,
       VendorStatement{"acme", PublicStatus::NotAffected, "", "", false, false}, bad,
       "it has not been sent the details"},
      {"statement after cancellation", cancelled,
       VendorStatement{"acme", PublicStatus::NotAffected, "", "", false, false}, bad,
       "the case is publication-cancelled"},
      {"date before any details", summarySent, SetPublicationDate{2026y / 1 / 14}, bad,
       "no vendor has received the details yet"},
      {"date before vendors", accepted, SetPublicationDate{2026y / 1 / 14}, bad,
       "the case is accepted"},
      {"date twice", scheduled, SetPublicationDate{2026y / 1 / 20}, bad, "move it instead"},
      {"date in the past", statementGiven, SetPublicationDate{2025y / 11 / 29}, bad,
       "2025-11-29 is before today (2025-11-30)"},
      {"invalid date", statementGiven, SetPublicationDate{2026y / 2 / 30}, Errc::InvalidConfig,
       "not a valid date"},
      {"move without a date", statementGiven, MovePublicationDate{2026y / 2 / 1, "x"}, bad,
       "no date is set yet"},
      {"move without a reason", scheduled, MovePublicationDate{2026y / 2 / 1, ""},
       Errc::InvalidConfig, "a reason is required"},
      {"move to the same date", scheduled, MovePublicationDate{2026y / 1 / 14, "x"}, bad,
       "it is already 2026-01-14"},
      {"move into the past", scheduled, MovePublicationDate{2025y / 11 / 1, "x"}, bad,
       "is before today"},
      {"exploitation on a stopped case", stopped, MarkExploited{"", ""}, bad,
       "the case is stopped"},
      {"exploitation by an unknown vendor", detailsSent, MarkExploited{"nobody", ""},
       Errc::NotFound, "no vendor"},
      {"priority before the date", statementGiven, ProvidePriority{false}, bad,
       "once the date is decided"},
      {"priority with leak risk", scheduled, ProvidePriority{true}, bad, "risks a leak"},
      {"priority without a fix",
       [] { return run(detailsSent(), {command::SetPublicationDate{2026y / 1 / 14}}); },
       ProvidePriority{false}, bad, "no vendor has reported a fix or workaround"},
      {"publish without a date", statementGiven, Publish{}, bad, "no publication date is set"},
      {"publish before the date", scheduled, Publish{}, bad,
       "the publication date is 2026-01-14; publish earlier only with force",
       jst(2026y / 1 / 13, hours{23})},
      {"force without a reason", scheduled, Publish{true, ""}, Errc::InvalidConfig,
       "needs a reason"},
      {"publish twice", published, Publish{}, bad, "the case is published", jst(2026y / 1 / 15)},
      {"cancel a received report", received, Cancel{CancelReason::LowImpact, ""}, bad,
       "cannot cancel publication: the case is received"},
      {"cancel after publication", published, Cancel{CancelReason::LowImpact, ""}, bad,
       "the case is published", jst(2026y / 1 / 15)},
      {"cancel naming an unknown vendor", detailsSent, Cancel{CancelReason::NoImpact, "x"},
       Errc::NotFound, "no vendor"},
      {"close while coordinating", detailsSent, Close{}, bad,
       "a case closes once stopped, published or cancelled"},
      {"close a received report", received, Close{}, bad, "cannot close"},
      {"empty note", detailsSent, Note{""}, Errc::InvalidConfig, "an empty note"},
      {"attempt without a channel", summarySent, ContactAttempt{"acme", "", ContactResult::Sent},
       Errc::InvalidConfig, "no channel"},
      {"attempt on an unknown vendor", summarySent,
       ContactAttempt{"x", "phone", ContactResult::Sent}, Errc::NotFound, "no vendor"},
      {"attempt after publication", published, ContactAttempt{"acme", "phone", ContactResult::Sent},
       bad, "the case is published", jst(2026y / 1 / 15)},
      {"note on a closed case", closed, Note{"x"}, bad, "cannot note: the case is closed",
       jst(2026y / 2 / 1)},
      {"anything on a closed case", closed, AddVendor{"x", {}, true}, bad,
       "the case is closed (terminal)", jst(2026y / 2 / 1)},
      {"deadline not yet due", summarySent,
       DeadlineFired{Deadline{DeadlineKind::UnresponsiveReminder, "acme", 2025y / 12 / 7, {}}}, bad,
       "is not due until 2025-12-06T15:00:00Z", jst(2025y / 12 / 6, hours{23})},
      {"deadline no longer current", detailsRequested,
       DeadlineFired{Deadline{DeadlineKind::Unreachable, "acme", 2026y / 2 / 28, {}}},
       Errc::NotFound, "deadline unreachable/acme/2026-02-28 is no longer current",
       jst(2026y / 3 / 1)},
      {"deadline of another date", summarySent,
       DeadlineFired{Deadline{DeadlineKind::Unreachable, "acme", 2026y / 3 / 1, {}}},
       Errc::NotFound, "no longer current", jst(2026y / 3 / 2)},
  };
}

class RefusedTransition : public ::testing::TestWithParam<Refused> {};

TEST_P(RefusedTransition, ReturnsAnErrorNamingTheState) {
  const auto& c = GetParam();
  const CaseWorkflow before = c.from();
  auto t = step(before, c.command, c.now);
  ASSERT_FALSE(t.has_value()) << c.label;
  EXPECT_EQ(t.error().code, c.code) << t.error().what;
  EXPECT_NE(t.error().what.find(c.what), std::string::npos) << t.error().what;
  EXPECT_EQ(t.error().where.rfind("case CVD#00000042 (", 0), 0u) << t.error().where;
}

INSTANTIATE_TEST_SUITE_P(Table, RefusedTransition, ::testing::ValuesIn(refusals()),
                         [](const auto& param) { return testName(param.param.label); });

// --- rules in detail ---------------------------------------------------------------------------

TEST(Lifecycle, StartDateIsTheFirstContactAttempt) {
  const auto wf = run(
      identified(), {command::ContactAttempt{"acme", "phone:+81-3-0000", ContactResult::NoAnswer}},
      jst(2025y / 11 / 20));
  const auto later = run(wf, {command::SendSummary{"acme"}});
  EXPECT_EQ(startDate(*later.vendor("acme"), tokyo()), CivilDate{2025y / 11 / 20});
  EXPECT_EQ(later.vendor("acme")->attempts.size(), 2u);
  EXPECT_EQ(startDate(*identified().vendor("acme"), tokyo()), std::nullopt);
}

TEST(Lifecycle, StartDateIsLocalToTheCaseTimeZone) {
  // 2025-11-29T16:00Z is already the 30th in Tokyo.
  const auto wf =
      run(identified(), {command::SendSummary{"acme"}}, sys_days{2025y / 11 / 29} + hours{16});
  EXPECT_EQ(startDate(*wf.vendor("acme"), tokyo()), CivilDate{2025y / 11 / 30});
  EXPECT_EQ(startDate(*wf.vendor("acme"), TimeZone::utc()), CivilDate{2025y / 11 / 29});
}

TEST(Lifecycle, DetailsMakeInformationProvidedTheDefaultStatus) {
  const auto wf = detailsSent();
  EXPECT_EQ(wf.vendor("acme")->publicStatus, PublicStatus::InformationProvided);
  EXPECT_EQ(wf.vendor("acme")->state(), VendorState::InformationProvided);
  const auto skipped = run(identified(), {command::SendDetails{"acme", true}});
  EXPECT_TRUE(skipped.vendor("acme")->summarySkipped);
  EXPECT_EQ(skipped.vendor("acme")->publicStatus, PublicStatus::InformationProvided);
}

TEST(Lifecycle, DetailNoticesAreConfidentialSummariesAreNot) {
  auto summary = step(identified(), command::SendSummary{"acme"}, day0());
  ASSERT_TRUE(summary);
  EXPECT_EQ(effectsOf<effect::SendNotice>(*summary).at(0),
            (effect::SendNotice{"vulnerability-summary", NoticeRecipient::Vendor, "acme", false}));
  auto details = step(detailsRequested(), command::SendDetails{"acme"}, day0());
  ASSERT_TRUE(details);
  EXPECT_EQ(effectsOf<effect::SendNotice>(*details).at(0),
            (effect::SendNotice{"vulnerability-details", NoticeRecipient::Vendor, "acme", true}));
}

TEST(Lifecycle, DateNoticesGoOnlyToVendorsWithDetailsAndToTheReporter) {
  const auto wf = run(statementGiven(), {command::AddVendor{"beta", {"mail:b@x"}, true},
                                         command::SendSummary{"beta"}});
  auto t = step(wf, command::SetPublicationDate{2026y / 1 / 14}, day0());
  ASSERT_TRUE(t);
  const auto notices = effectsOf<effect::SendNotice>(*t);
  ASSERT_EQ(notices.size(), 2u);
  EXPECT_EQ(notices[0],
            (effect::SendNotice{"publication-date", NoticeRecipient::Vendor, "acme", true}));
  EXPECT_EQ(notices[1],
            (effect::SendNotice{"publication-date", NoticeRecipient::Reporter, "", true}));
}

TEST(Lifecycle, AnyReplyMarksTheVendorAnswered) {
  for (const Command& reply : std::vector<Command>{
           command::VendorRequestedDetails{"acme"}, command::VendorNoAffectedProduct{"acme"},
           command::ContactAttempt{"acme", "phone:+81-3-0000", ContactResult::Answered},
           command::MarkExploited{"acme", ""}}) {
    auto t = step(summarySent(), reply, jst(2025y / 12 / 2));
    ASSERT_TRUE(t) << commandName(reply);
    EXPECT_EQ(t->workflow.vendor("acme")->reachability, Reachability::Answered)
        << commandName(reply);
    EXPECT_EQ(t->workflow.vendor("acme")->lastResponseAt, jst(2025y / 12 / 2));
  }
  auto noAnswer = step(summarySent(),
                       command::ContactAttempt{"acme", "phone:+81-3-0000", ContactResult::NoAnswer},
                       jst(2025y / 12 / 2));
  ASSERT_TRUE(noAnswer);
  EXPECT_FALSE(noAnswer->workflow.vendor("acme")->lastResponseAt.has_value());
}

TEST(Lifecycle, BounceAlertsWithTheUntriedChannels) {
  auto t = step(summarySent(),
                command::ContactAttempt{"acme", "mail:psirt@acme.example", ContactResult::Bounced},
                jst(2025y / 12 / 1));
  ASSERT_TRUE(t);
  const auto alerts = effectsOf<effect::AlertOperator>(*t);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].code, "CONTACT_FAILED");
  EXPECT_NE(alerts[0].text.find("untried: phone:+81-3-0000"), std::string::npos);
}

TEST(Lifecycle, AllVendorsNotAffectedIsReported) {
  auto t = step(summarySent(), command::VendorNoAffectedProduct{"acme"}, day0());
  ASSERT_TRUE(t);
  EXPECT_EQ(alertCodes(*t), std::vector<std::string>{"ALL_VENDORS_NOT_AFFECTED"});
  auto partial = step(twoVendors(), command::VendorNoAffectedProduct{"acme"}, day0());
  ASSERT_TRUE(partial);
  EXPECT_TRUE(alertCodes(*partial).empty());
}

TEST(Lifecycle, StatementAfterPublicationAsksForAnAmendment) {
  auto t = step(published(),
                command::VendorStatement{"acme", PublicStatus::Affected, "1.x too", "", true, true},
                jst(2026y / 2 / 1));
  ASSERT_TRUE(t);
  EXPECT_EQ(alertCodes(*t),
            (std::vector<std::string>{"EXPLOITATION_REPORTED", "ADVISORY_AMENDMENT"}));
  EXPECT_TRUE(t->workflow.exploitationReported);
  EXPECT_EQ(t->workflow.vendor("acme")->comment, "1.x too");
}

TEST(Lifecycle, ExploitationAlertNeverCarriesTheDetail) {
  auto t = step(detailsSent(), command::MarkExploited{"", "secret PoC at http://x"}, day0());
  ASSERT_TRUE(t);
  const auto alerts = effectsOf<effect::AlertOperator>(*t);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].text.find("secret"), std::string::npos);
  EXPECT_TRUE(t->workflow.exploitationReported);
}

TEST(Lifecycle, ForcedPublicationIsRecordedAndAlerted) {
  auto t = step(scheduled(), command::Publish{true, "leak"}, jst(2025y / 12 / 20));
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->workflow.publishedBeforeDate);
  EXPECT_EQ(t->workflow.publishedAt, jst(2025y / 12 / 20));
  EXPECT_EQ(alertCodes(*t), std::vector<std::string>{"PUBLISHED_BEFORE_DATE"});
}

TEST(Lifecycle, PublicationDayIsTheLocalDay) {
  // 2026-01-13T15:00Z is 2026-01-14 00:00 in Tokyo: allowed; one second earlier is not.
  EXPECT_TRUE(step(scheduled(), command::Publish{}, sys_days{2026y / 1 / 13} + hours{15}));
  EXPECT_FALSE(
      step(scheduled(), command::Publish{}, sys_days{2026y / 1 / 13} + hours{15} - seconds{1}));
}

TEST(Lifecycle, InputWorkflowIsUnchanged) {
  const CaseWorkflow before = summarySent();
  const auto historySize = before.history.size();
  auto t = step(before, command::VendorRequestedDetails{"acme"}, day0());
  ASSERT_TRUE(t);
  EXPECT_EQ(before.vendor("acme")->phase, VendorPhase::SummarySent);
  EXPECT_EQ(before.history.size(), historySize);
}

TEST(Lifecycle, StoppedReasonAndCancelReasonAreKept) {
  EXPECT_EQ(stopped().stopReason, StopReason::OutOfScope);
  EXPECT_EQ(cancelled().cancelReason, CancelReason::NoImpact);
}

TEST(Names, AreStable) {
  EXPECT_EQ(caseStageName(CaseStage::PublicationScheduled), "publication-scheduled");
  EXPECT_EQ(stopReasonName(StopReason::VendorNotifiesUsers), "vendor-notifies-users");
  EXPECT_EQ(cancelReasonName(CancelReason::VendorNotifiesAllUsers), "vendor-notifies-all-users");
  EXPECT_EQ(commandName(command::SendDetails{}), "send-details");
  EXPECT_EQ(commandName(command::MarkUnreachable{}), "mark-unreachable");
  EXPECT_EQ(commandName(command::VendorRequestedDate{}), "vendor-requested-date");
  EXPECT_EQ(publicStatusName(PublicStatus::NotAffectedInvestigating), "not-affected-investigating");
  EXPECT_EQ(publicStatusLabelJa(PublicStatus::InformationProvided), "脆弱性情報提供済み");
  for (auto s :
       {PublicStatus::Affected, PublicStatus::AffectedInvestigating, PublicStatus::NotAffected,
        PublicStatus::NotAffectedInvestigating, PublicStatus::InformationProvided}) {
    EXPECT_EQ(publicStatusFromName(publicStatusName(s)), s);
  }
  EXPECT_EQ(publicStatusFromName("bogus"), std::nullopt);
}

struct StateCase {
  VendorPhase phase;
  Reachability reachability;
  std::optional<PublicStatus> status;
  VendorState expected;
};

TEST(VendorState, CombinesPhaseReachabilityAndStatus) {
  const std::vector<StateCase> table{
      {VendorPhase::NotContacted, Reachability::NotYetAnswered, std::nullopt,
       VendorState::NotContacted},
      {VendorPhase::SummarySent, Reachability::NotYetAnswered, std::nullopt,
       VendorState::SummarySent},
      {VendorPhase::SummarySent, Reachability::Unresponsive, std::nullopt,
       VendorState::Unresponsive},
      {VendorPhase::SummarySent, Reachability::Unreachable, std::nullopt, VendorState::Unreachable},
      {VendorPhase::SummarySent, Reachability::Resumed, std::nullopt, VendorState::Resumed},
      {VendorPhase::DetailsRequested, Reachability::Answered, std::nullopt,
       VendorState::DetailsRequested},
      {VendorPhase::DetailsSent, Reachability::Answered, std::nullopt,
       VendorState::InformationProvided},
      {VendorPhase::DetailsSent, Reachability::Answered, PublicStatus::InformationProvided,
       VendorState::InformationProvided},
      {VendorPhase::NoAffectedProduct, Reachability::Answered, PublicStatus::NotAffected,
       VendorState::NotAffected},
      {VendorPhase::StatementGiven, Reachability::Answered, PublicStatus::Affected,
       VendorState::Affected},
      {VendorPhase::StatementGiven, Reachability::Resumed, PublicStatus::AffectedInvestigating,
       VendorState::AffectedInvestigating},
      {VendorPhase::StatementGiven, Reachability::Answered, PublicStatus::NotAffectedInvestigating,
       VendorState::NotAffectedInvestigating},
  };
  for (const auto& c : table) {
    EXPECT_EQ(vendorState(c.phase, c.reachability, c.status), c.expected)
        << vendorPhaseName(c.phase) << "/" << reachabilityName(c.reachability);
  }
}

}  // namespace
