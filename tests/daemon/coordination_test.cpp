// The lifecycle run against a real LMDB store: commands, their notices in the outbox,
// the deadline index, the firing tick, and what mail from vendors and reporters does.
// No OpenPGP here (plain notices; confidential ones are held): the encrypted path runs
// in tests/integration/test_coordination_e2e.py with real gpg.

#include "daemon/coordination.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/deadlines.hpp"
#include "daemon/deadline_firing.hpp"
#include "daemon/intake_processor.hpp"
#include "daemon/notice_data.hpp"
#include "daemon/notice_preview.hpp"
#include "daemon/vendor_reply_commands.hpp"
#include "parsers/report_form.hpp"
#include "temp_dir.hpp"

using namespace cvdd;
using namespace std::chrono_literals;

namespace {

const core::Timestamp kStart{std::chrono::sys_days{2026y / 11 / 22} + 2h};

const std::string kFormReport =
    "From: Hanako Yamada <hanako@reporter.example>\r\n"
    "To: vendors@cert.example\r\n"
    "Subject: Report: FooCMS\r\n"
    "Message-ID: <r1@reporter.example>\r\n"
    "Content-Type: text/plain; charset=UTF-8\r\n"
    "\r\n"
    "Name: Hanako Yamada\r\n"
    "Contact: hanako@reporter.example\r\n"
    "Share my name and contact with the vendor: no\r\n"
    "Product: FooCMS 2.1\r\n"
    "Vulnerability: SECRET-STEPS send a crafted X-Foo header to /admin\r\n";

class CoordinationTest : public ::testing::Test {
 protected:
  CoordinationTest() : store_(store::Store::open(dir_.path() / "db", 64 << 20)) {
    config_.coordinator = {"Example CERT", "vendors@cert.example", "CVD",
                           "Asia/Tokyo",   "cert.example",         {"ops@cert.example"}};
    config_.state.dir = dir_.path();
    auto txn = store_.write();
    txn.putVendor(vendor("acme", "psirt@acme.example"));
    txn.putVendor(vendor("bolt", "security@bolt.example"));
    txn.commit();
  }

  static store::VendorRecord vendor(const std::string& id, const std::string& address) {
    store::VendorRecord v;
    v.id = id;
    v.organisation = id + " Corp.";
    v.contacts = {{address, "PSIRT", std::nullopt}};
    v.language = "en";
    return v;
  }

  daemon::CoordinationEnvironment env() { return {&config_, &tz_, {}, &tokens_}; }

  /// From and To of a participant's reply to the tagged Reply-To of a notice it received:
  /// a keyless participant's mail counts only with its reply token for the case.
  std::string replyHeader(const std::string& address) const {
    return "From: " + address + "\r\nTo: vendors+" + tokens_.tokenFor(kCase, address) +
           "@cert.example\r\n";
  }

  daemon::IntakeOutcome receive(const std::string& key, const std::string& raw) {
    daemon::IntakeEnvironment intake{
        &config_, &store_, [this] { return now_; }, [] { return 12345678u; }, {}, &tokens_, &tz_};
    return daemon::acceptMessage(intake, "maildir:test", {key, 0, key}, std::nullopt, raw);
  }

  core::Result<daemon::CommandOutcome> apply(const core::Command& command) {
    auto txn = store_.write();
    auto outcome = daemon::applyCaseCommand(txn, env(), kCase, command, "operator:alice", now_);
    if (outcome) txn.commit();
    return outcome;
  }

  void addVendor(const std::string& id) {
    core::Result<core::command::AddVendor> command = [&] {
      auto txn = store_.read();
      return daemon::addVendorCommand(txn, id);
    }();
    ASSERT_TRUE(command);
    ASSERT_TRUE(apply(*command));
  }

  /// The form report received and accepted, each vendor added and sent the summary.
  void summariesSent(std::initializer_list<const char*> vendorIds) {
    receive("m1", kFormReport);
    ASSERT_TRUE(apply(core::command::Accept{}));
    for (const char* id : vendorIds) addVendor(id);
    for (const char* id : vendorIds) ASSERT_TRUE(apply(core::command::SendSummary{id}));
  }

  std::vector<store::OutboxEntry> outboxTo(const std::string& address) {
    std::vector<store::OutboxEntry> out;
    auto txn = store_.read();
    for (std::uint64_t seq = 1; auto e = txn.getOutbox(seq); ++seq)
      if (e->recipients == std::vector<std::string>{address}) out.push_back(*e);
    return out;
  }

  /// What `cvdctl case edit --details` stores.
  void writeDetails(const std::string& text) {
    auto txn = store_.write();
    auto report = txn.getReport(kCase).value();
    report.details = text;
    report.detailsSource = "operator";
    report.detailsBy = "operator:alice";
    txn.putReport(report);
    txn.commit();
  }

  /// The one preview of notice for vendor ("" : the reporter), as `cvdctl case preview`.
  daemon::NoticePreview previewOne(const std::string& notice, const std::string& vendor) {
    auto txn = store_.read();
    auto previews = daemon::previewNotice(txn, env(), kCase, notice, vendor, now_);
    EXPECT_TRUE(previews) << (previews ? "" : previews.error().what);
    EXPECT_EQ(previews->size(), 1u);
    return previews->front();
  }

  static bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
  }

  static constexpr const char* kCase = "CVD#12345678";
  test::TempDir dir_;
  store::Store store_;
  daemon::Config config_;
  core::TimeZone tz_ = core::TimeZone::fixed("Asia/Tokyo", 9h);
  crypto::ReplyTokenKey tokens_{std::string(32, 'k')};
  core::Timestamp now_ = kStart;
};

}  // namespace

TEST_F(CoordinationTest, AReportStartsAReceivedWorkflowWithTheReportersFields) {
  ASSERT_EQ(receive("m1", kFormReport).result, daemon::IntakeResult::CaseOpened);
  auto txn = store_.read();
  auto wf = txn.getWorkflow(kCase);
  ASSERT_TRUE(wf);
  EXPECT_EQ(wf->stage, core::CaseStage::Received);
  ASSERT_EQ(wf->history.size(), 1u);
  EXPECT_EQ(wf->history[0].command, "report-received");
  EXPECT_EQ(wf->history[0].actor, "reporter:hanako@reporter.example");
  auto report = txn.getReport(kCase);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->product, "FooCMS 2.1");
  EXPECT_EQ(report->reporterName, "Hanako Yamada");
  EXPECT_EQ(report->shareIdentityWithVendor, "no");
  EXPECT_TRUE(contains(report->vulnerability, "SECRET-STEPS"));
  EXPECT_TRUE(report->missing.empty());
  // The acknowledgement gives the time of receipt as the coordinator's clock shows it.
  const auto acks = outboxTo("hanako@reporter.example");
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_TRUE(contains(acks[0].raw, "2026-11-22 11:00 +09:00 (Asia/Tokyo)")) << acks[0].raw;
}

TEST_F(CoordinationTest, AFormReportLackingTheProductAsksTheReporterAndAReplyCompletesIt) {
  std::string lacking = kFormReport;
  lacking.replace(lacking.find("Product: FooCMS 2.1\r\n"), 21, "");
  receive("m1", lacking);
  auto requests = outboxTo("hanako@reporter.example");
  ASSERT_EQ(requests.size(), 2u);  // the acknowledgement and the request
  EXPECT_TRUE(contains(requests[1].raw, "Further information needed"));
  EXPECT_TRUE(contains(requests[1].raw, "product name and version"));
  EXPECT_EQ(store_.read().getReport(kCase)->missing, std::vector<std::string>{"product"});

  auto outcome = receive("m2", replyHeader("hanako@reporter.example") +
                                   ""
                                   "Subject: Re: [CVD#12345678] Further information needed\r\n\r\n"
                                   "Product: FooCMS 2.1\r\nVersion: 2.1\r\n");
  EXPECT_EQ(outcome.result, daemon::IntakeResult::ReplyAttached);
  auto report = store_.read().getReport(kCase);
  EXPECT_EQ(report->product, "FooCMS 2.1");
  EXPECT_TRUE(report->missing.empty());
}

TEST_F(CoordinationTest, OperatorStepsQueueTheirNoticesAndKeepTheReporterAnonymous) {
  receive("m1", kFormReport);
  auto accepted = apply(core::command::Accept{});
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->stage, core::CaseStage::Accepted);
  EXPECT_EQ(accepted->event.actor, "operator:alice");
  ASSERT_EQ(accepted->queued.size(), 1u);
  EXPECT_TRUE(contains(outboxTo("hanako@reporter.example").back().raw, "accepted"));

  addVendor("acme");
  {
    auto c = store_.read().getCase(kCase);
    const auto* p = core::findParticipant(c->participants, "psirt@acme.example");
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->role, core::ParticipantRole::Vendor);
  }
  auto summary = apply(core::command::SendSummary{"acme"});
  ASSERT_TRUE(summary);
  EXPECT_GT(summary->deadlinesScheduled, 0u);
  auto toAcme = outboxTo("psirt@acme.example");
  ASSERT_EQ(toAcme.size(), 1u);
  EXPECT_TRUE(contains(toAcme[0].raw, "[CVD#12345678]"));
  EXPECT_EQ(toAcme[0].state, store::OutboxState::Pending);
  EXPECT_FALSE(contains(toAcme[0].raw, "SECRET-STEPS"));  // a summary holds no details
  EXPECT_FALSE(contains(toAcme[0].raw, "Hanako"));        // no consent (ウ)
  EXPECT_FALSE(contains(toAcme[0].raw, "hanako@reporter.example"));
  // Replies come back tagged to this case and this vendor's address.
  EXPECT_TRUE(contains(toAcme[0].raw, "Reply-To:"));

  ASSERT_TRUE(apply(core::command::VendorRequestedDetails{"acme"}));
  // Not before the operator has written the vendors' details: refused, nothing queued.
  const auto queuedBefore = store_.read().pendingOutboxCount();
  auto early = apply(core::command::SendDetails{"acme", false});
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, core::Errc::InvalidConfig);
  EXPECT_NE(early.error().what.find("--details-file"), std::string::npos) << early.error().what;
  EXPECT_EQ(store_.read().pendingOutboxCount(), queuedBefore);
  EXPECT_EQ(store_.read().getWorkflow(kCase)->vendor("acme")->phase,
            core::VendorPhase::DetailsRequested);
  writeDetails("Operator text: a header reaches a shell.");
  auto details = apply(core::command::SendDetails{"acme", false});
  ASSERT_TRUE(details);
  // No key for acme and none to sign with: the confidential notice is held, not sent.
  ASSERT_EQ(details->held.size(), 1u);
  auto held = store_.read().getOutbox(details->held[0]);
  EXPECT_EQ(held->state, store::OutboxState::Held);
  EXPECT_FALSE(contains(held->raw, "SECRET-STEPS"));
  // The operators are told, by alert and mail, how to get it out; never what it says.
  ASSERT_EQ(details->alerts.size(), 1u);
  EXPECT_EQ(details->alerts[0].code, "NOTICE_HELD");
  EXPECT_TRUE(contains(details->alerts[0].text,
                       "cvdctl outbox release " + std::to_string(details->held[0])));
  std::size_t mailed = 0;
  for (const auto& e : outboxTo("ops@cert.example")) {
    mailed += contains(e.raw, "NOTICE_HELD");
    EXPECT_FALSE(contains(e.raw, "SECRET-STEPS"));
  }
  EXPECT_EQ(mailed, 1u);
}

TEST_F(CoordinationTest, ARefusedCommandChangesNothing) {
  receive("m1", kFormReport);
  auto before = store_.read().pendingOutboxCount();
  auto refused = apply(core::command::SendSummary{"acme"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::Errc::IllegalTransition);
  EXPECT_EQ(store_.read().pendingOutboxCount(), before);
  EXPECT_EQ(store_.read().getWorkflow(kCase)->history.size(), 1u);
  auto unknown = [&] {
    auto txn = store_.write();
    return daemon::applyCaseCommand(txn, env(), "CVD#00000000", core::command::Accept{}, "x", now_);
  }();
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, core::Errc::NotFound);
}

TEST_F(CoordinationTest, RemindersFireOnceEachAndTheUnreachableVendorAlertsTheOperator) {
  receive("m1", kFormReport);
  ASSERT_TRUE(apply(core::command::Accept{}));
  addVendor("bolt");
  ASSERT_TRUE(apply(core::command::SendSummary{"bolt"}));

  // Nothing is due yet.
  EXPECT_EQ(daemon::fireDueDeadlines(store_, env(), now_, 100).fired, 0u);

  // Down for four months: every missed deadline fires once, in order, in one catch-up,
  // three to a transaction.
  now_ = kStart + std::chrono::days(125);
  auto tick = daemon::fireDueDeadlines(store_, env(), now_, 1000, 3);
  EXPECT_GE(tick.fired, 4u);
  auto again = daemon::fireDueDeadlines(store_, env(), now_, 1000);
  EXPECT_EQ(again.fired, 0u);
  EXPECT_EQ(again.stale, 0u);

  std::size_t reminders = 0;
  for (const auto& e : outboxTo("security@bolt.example"))
    reminders += contains(e.raw, "Reminder") || contains(e.raw, "reminder") ? 1 : 0;
  EXPECT_EQ(reminders, 3u);  // 7, 14 and 30 days

  auto wf = store_.read().getWorkflow(kCase);
  EXPECT_EQ(wf->vendors[0].reachability, core::Reachability::Unreachable);
  auto ops = outboxTo("ops@cert.example");
  ASSERT_FALSE(ops.empty());
  bool unreachableMail = false;
  for (const auto& e : ops) unreachableMail |= contains(e.raw, "Vendor unreachable");
  EXPECT_TRUE(unreachableMail);

  // Every index entry left is still pending by the engine's own reckoning.
  auto txn = store_.read();
  auto pending = core::pendingDeadlines(*wf, config_.deadlines, tz_);
  EXPECT_EQ(txn.deadlinesOfCase(kCase).size(), pending.size());
  for (const auto& d : txn.deadlinesOfCase(kCase)) EXPECT_GT(d.deadline.due, now_);
}

TEST_F(CoordinationTest, AVendorNoticeCarriesThatVendorsOwnStartDateNeverAnothers) {
  summariesSent({"acme"});  // acme's start date: 2026-11-22
  {
    auto txn = store_.write();
    auto newco = vendor("newco", "info@newco.example");
    newco.registration = store::RegistrationKind::Unregistered;
    txn.putVendor(newco);
    txn.commit();
  }
  // 003 §2-3: the registration request is newco's first contact attempt, its start date.
  now_ = kStart + std::chrono::days(5);
  addVendor("newco");
  const auto request = previewOne("registration-request", "newco").built.request.message;
  EXPECT_TRUE(contains(request.bodyText, "(2026-11-27)")) << request.bodyText;
  EXPECT_FALSE(contains(request.bodyText, "2026-11-22")) << request.bodyText;
  ASSERT_EQ(outboxTo("info@newco.example").size(), 1u);
  // A vendor not contacted yet reads no start date at all.
  addVendor("bolt");
  const auto reminder = previewOne("reminder", "bolt").built.request.message;
  EXPECT_FALSE(contains(reminder.bodyText, "2026-11-22")) << reminder.bodyText;
  EXPECT_FALSE(contains(reminder.bodyText, " since 20")) << reminder.bodyText;
}

TEST_F(CoordinationTest, AFailingDeadlineIsDeferredAndHoldsBackNoOther) {
  receive("m1", kFormReport);
  ASSERT_TRUE(apply(core::command::Accept{}));
  addVendor("bolt");
  ASSERT_TRUE(apply(core::command::SendSummary{"bolt"}));
  // An operator's override of the reminder that does not render.
  const auto overrides = dir_.path() / "templates";
  std::filesystem::create_directories(overrides);
  std::ofstream(overrides / "reminder.en.mustache") << "no subject line here\n";
  config_.templates.overrideDir = overrides;

  // 86 days on: the reminders of days 7, 14 and 30 fail; the operator's warning behind
  // them (a week before the three months: day 82 to 85) fires all the same, in the same tick.
  now_ = kStart + std::chrono::days(86);
  auto tick = daemon::fireDueDeadlines(store_, env(), now_, 1000, 32);
  EXPECT_EQ(tick.deferred, 3u);
  EXPECT_EQ(tick.fired, 1u);
  const auto reminders = [this] {
    std::size_t n = 0;
    for (const auto& e : outboxTo("security@bolt.example")) n += contains(e.raw, "eminder");
    return n;
  };
  EXPECT_EQ(reminders(), 0u);
  {
    auto txn = store_.read();
    std::size_t deferred = 0;
    for (const auto& d : txn.deadlinesOfCase(kCase)) {
      if (!d.retry) continue;
      ++deferred;
      EXPECT_EQ(d.deadline.kind, core::DeadlineKind::UnresponsiveReminder);
      EXPECT_EQ(d.retry->attempts, 1u);
      EXPECT_EQ(d.retry->retryAt, now_ + 60s);
      EXPECT_TRUE(contains(d.retry->lastError, "reminder")) << d.retry->lastError;
    }
    EXPECT_EQ(deferred, 3u);
  }
  // The operators hear of each once, by mail.
  std::size_t alerts = 0;
  for (const auto& e : outboxTo("ops@cert.example")) alerts += contains(e.raw, "DEADLINE_FAILED");
  EXPECT_EQ(alerts, 3u);

  // Not retried before their time; retried after it, with a longer wait and no new mail.
  EXPECT_EQ(daemon::fireDueDeadlines(store_, env(), now_ + 59s, 1000, 32).handled(), 0u);
  tick = daemon::fireDueDeadlines(store_, env(), now_ + 60s, 1000, 32);
  EXPECT_EQ(tick.deferred, 3u);
  EXPECT_EQ(tick.fired, 0u);
  EXPECT_EQ(store_.read().nextDeadline(), now_ + 60s + 120s);
  alerts = 0;
  for (const auto& e : outboxTo("ops@cert.example")) alerts += contains(e.raw, "DEADLINE_FAILED");
  EXPECT_EQ(alerts, 3u);

  // Mended: each fires once.
  config_.templates.overrideDir.reset();
  tick = daemon::fireDueDeadlines(store_, env(), now_ + 180s, 1000, 32);
  EXPECT_EQ(tick.fired, 3u);
  EXPECT_EQ(tick.deferred, 0u);
  EXPECT_EQ(reminders(), 3u);
  for (const auto& d : store_.read().deadlinesOfCase(kCase)) EXPECT_FALSE(d.retry);
  EXPECT_EQ(daemon::fireDueDeadlines(store_, env(), now_ + 180s, 1000, 32).handled(), 0u);
}

TEST(DeadlineRetryDelay, AMinuteDoublingToAnHour) {
  EXPECT_EQ(daemon::deadlineRetryDelay(1), 60s);
  EXPECT_EQ(daemon::deadlineRetryDelay(2), 120s);
  EXPECT_EQ(daemon::deadlineRetryDelay(3), 240s);
  EXPECT_EQ(daemon::deadlineRetryDelay(6), 1920s);
  EXPECT_EQ(daemon::deadlineRetryDelay(7), 3600s);
  EXPECT_EQ(daemon::deadlineRetryDelay(1000), 3600s);
}

TEST_F(CoordinationTest, ADeadlineTheCaseOutgrewIsDroppedNotFired) {
  receive("m1", kFormReport);
  ASSERT_TRUE(apply(core::command::Accept{}));
  addVendor("bolt");
  ASSERT_TRUE(apply(core::command::SendSummary{"bolt"}));
  // A stale entry, as an older version or a crash between index and workflow could leave.
  {
    auto txn = store_.write();
    core::Deadline bogus{core::DeadlineKind::UnresponsiveReminder, "bolt",
                         core::CivilDate{std::chrono::year{2026} / 11 / 23}, kStart + 1h};
    txn.scheduleDeadline(kCase, bogus);
    txn.commit();
  }
  now_ = kStart + 2h;
  auto tick = daemon::fireDueDeadlines(store_, env(), now_, 100);
  EXPECT_EQ(tick.fired, 0u);
  EXPECT_EQ(tick.stale, 1u);
  EXPECT_EQ(store_.read().dueDeadlines(now_, 10).size(), 0u);
}

TEST_F(CoordinationTest, AnAuthenticatedVendorReplyMovesItsStateAndAStrangerChangesNothing) {
  receive("m1", kFormReport);
  ASSERT_TRUE(apply(core::command::Accept{}));
  addVendor("acme");
  ASSERT_TRUE(apply(core::command::SendSummary{"acme"}));

  auto stranger = receive("m2",
                          "From: mallory@evil.example\r\n"
                          "Subject: Re: [CVD#12345678] summary\r\n\r\n[x] Request details\r\n");
  EXPECT_EQ(stranger.result, daemon::IntakeResult::Quarantined);
  EXPECT_EQ(store_.read().getWorkflow(kCase)->vendors[0].phase, core::VendorPhase::SummarySent);

  auto reply = receive("m3", replyHeader("psirt@acme.example") +
                                 ""
                                 "Subject: Re: [CVD#12345678] summary\r\n\r\n"
                                 "[x] Request details\r\n");
  EXPECT_EQ(reply.result, daemon::IntakeResult::ReplyAttached);
  auto wf = store_.read().getWorkflow(kCase);
  EXPECT_EQ(wf->vendors[0].phase, core::VendorPhase::DetailsRequested);
  EXPECT_EQ(wf->history.back().actor, "vendor:acme");
  EXPECT_TRUE(contains(reply.detail, "vendor-requested-details applied"));
}

TEST_F(CoordinationTest, ARelatedOrganisationAVendorNamesIsAskedToRegisterOnce) {
  receive("m1", kFormReport);
  ASSERT_TRUE(apply(core::command::Accept{}));
  addVendor("acme");
  ASSERT_TRUE(apply(core::command::SendSummary{"acme"}));
  const std::string shareForm =
      replyHeader("psirt@acme.example") +
      ""
      "Subject: Re: [CVD#12345678] summary\r\n"
      "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
      "Related organisation: Bar Systems Ltd.\r\n"
      "Related organisation contact person: Taro Suzuki\r\n"
      "Related organisation contact address (e-mail, phone): +81-3-0000-0000, "
      "Taro.Suzuki@Bar.example\r\n";
  const auto share = [&shareForm](const std::string& messageId) {
    return "Message-ID: <" + messageId + "@acme.example>\r\n" + shareForm;
  };
  auto reply = receive("m2", share("r1"));
  EXPECT_EQ(reply.result, daemon::IntakeResult::ReplyAttached);
  EXPECT_TRUE(contains(reply.detail,
                       "registration request queued to related organisation "
                       "taro.suzuki@bar.example"))
      << reply.detail;
  auto asked = outboxTo("taro.suzuki@bar.example");
  ASSERT_EQ(asked.size(), 1u);
  const std::string& mail = asked[0].raw;
  EXPECT_TRUE(contains(mail, "Please register a contact point")) << mail;
  EXPECT_TRUE(contains(mail, "Bar Systems Ltd.")) << mail;
  EXPECT_TRUE(contains(mail, "acme Corp.")) << mail;  // who asked for it
  // Nothing of the vulnerability or the reporter reaches an unregistered organisation.
  for (const char* secret : {"SECRET-STEPS", "Hanako", "hanako@reporter.example", "FooCMS"})
    EXPECT_FALSE(contains(mail, secret)) << secret;

  // The same request again (a second reply with the form) asks no second time.
  auto again = receive("m3", share("r2"));
  EXPECT_TRUE(contains(again.detail, "was asked to register before")) << again.detail;
  EXPECT_EQ(outboxTo("taro.suzuki@bar.example").size(), 1u);

  // A registered participant's address needs no request; a phone number alone is no address.
  const auto naming = [this](const std::string& organisation, const std::string& address) {
    return replyHeader("psirt@acme.example") +
           "Subject: Re: [CVD#12345678] summary\r\n\r\n"
           "Related organisation: " +
           organisation + "\r\nRelated organisation contact address: " + address + "\r\n";
  };
  auto registered = receive("m4", naming("Bolt", "security@bolt.example"));
  EXPECT_TRUE(contains(registered.detail, "is registered as bolt")) << registered.detail;
  EXPECT_TRUE(outboxTo("security@bolt.example").empty());
  auto phoneOnly = receive("m5", naming("Qux", "03-0000-0000"));
  EXPECT_TRUE(contains(phoneOnly.detail, "Qux: no usable mail address")) << phoneOnly.detail;
}

namespace {

/// A DSN as a receiving MTA returns it: delivered to `to` (Delivered-To and To), naming
/// `failed` as failed (its Final-Recipient; `original`, if given, its Original-Recipient)
/// and quoting `messageId` as the returned message's.
std::string dsn(const std::string& to, const std::string& failed, const std::string& messageId,
                const std::string& original = "") {
  return "Delivered-To: " + to +
         "\r\n"
         "From: MAILER-DAEMON@mx.example\r\n"
         "To: " +
         to +
         "\r\n"
         "Subject: Undelivered Mail Returned to Sender\r\n"
         "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n"
         "\r\n--b\r\nContent-Type: text/plain\r\n\r\nfailed\r\n"
         "--b\r\nContent-Type: message/delivery-status\r\n\r\n"
         "Reporting-MTA: dns; mx.example\r\n\r\n"
         "Final-Recipient: rfc822; " +
         failed + "\r\n" +
         (original.empty() ? "" : "Original-Recipient: rfc822; " + original + "\r\n") +
         "Action: failed\r\n"
         "Status: 5.1.1\r\n\r\n"
         "--b\r\nContent-Type: text/rfc822-headers\r\n\r\n"
         "Message-ID: <" +
         messageId + ">\r\nSubject: [CVD#12345678] x\r\n\r\n--b--\r\n";
}

}  // namespace

TEST_F(CoordinationTest, EveryNoticeLeavesWithItsOwnBounceAddress) {
  summariesSent({"acme", "bolt"});
  const auto acme = outboxTo("psirt@acme.example").at(0);
  const auto bolt = outboxTo("security@bolt.example").at(0);
  const auto ack = outboxTo("hanako@reporter.example").at(0);
  for (const auto& e : {acme, bolt, ack}) {
    EXPECT_TRUE(e.envelopeFrom.starts_with("vendors+b-12345678")) << e.envelopeFrom;
    EXPECT_TRUE(e.envelopeFrom.ends_with("@cert.example")) << e.envelopeFrom;
    for (char c : e.envelopeFrom.substr(0, e.envelopeFrom.find('@')))
      EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-')
          << e.envelopeFrom;
  }
  EXPECT_NE(acme.envelopeFrom, bolt.envelopeFrom);
  EXPECT_NE(acme.envelopeFrom, ack.envelopeFrom);
}

TEST_F(CoordinationTest, ABounceAtTheNoticesBounceAddressIsAFailedContactAttemptOnce) {
  summariesSent({"bolt"});
  const auto sent = outboxTo("security@bolt.example").at(0);
  const auto outcome =
      receive("m2", dsn(sent.envelopeFrom, "security@bolt.example", sent.messageId));
  EXPECT_EQ(outcome.result, daemon::IntakeResult::BounceRecorded) << outcome.detail;
  auto wf = store_.read().getWorkflow(kCase);
  ASSERT_EQ(wf->vendors[0].attempts.size(), 2u);
  EXPECT_EQ(wf->vendors[0].attempts[1].result, core::ContactResult::Bounced);
  EXPECT_EQ(wf->vendors[0].attempts[1].channel, "mail:security@bolt.example");
  // Case folding on the way back does not matter; the same DSN again is a duplicate.
  std::string upper = sent.envelopeFrom;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(receive("m3", dsn(sent.envelopeFrom, "security@bolt.example", sent.messageId)).result,
            daemon::IntakeResult::Duplicate);
  EXPECT_EQ(receive("m4", dsn(upper, "SECURITY@bolt.example", sent.messageId)).result,
            daemon::IntakeResult::BounceRecorded);
}

TEST_F(CoordinationTest, ABounceOfAnAliasExpansionCountsForTheAddressCvddSentTo) {
  summariesSent({"bolt"});
  const auto sent = outboxTo("security@bolt.example").at(0);
  // bolt's server expanded its address to a person who has left: Final-Recipient is that
  // person, Original-Recipient the address cvdd sent to.
  const auto outcome = receive("m2", dsn(sent.envelopeFrom, "left@internal.bolt.example",
                                         sent.messageId, "security@bolt.example"));
  EXPECT_EQ(outcome.result, daemon::IntakeResult::BounceRecorded) << outcome.detail;
  auto wf = store_.read().getWorkflow(kCase);
  ASSERT_EQ(wf->vendors[0].attempts.size(), 2u);
  EXPECT_EQ(wf->vendors[0].attempts[1].channel, "mail:security@bolt.example");
}

TEST_F(CoordinationTest, AForgedBounceIsKeptOnTheCaseAndNeverApplied) {
  summariesSent({"acme", "bolt"});
  const auto bolt = outboxTo("security@bolt.example").at(0);
  const auto acme = outboxTo("psirt@acme.example").at(0);
  const auto ack = outboxTo("hanako@reporter.example").at(0);
  std::string wrongToken = bolt.envelopeFrom;
  wrongToken[wrongToken.find('@') - 1] = wrongToken[wrongToken.find('@') - 1] == 'a' ? 'b' : 'a';
  const struct {
    std::string raw;
    std::string reason;
  } forgeries[] = {
      // The notice's real Message-ID, at the plain intake address.
      {dsn("vendors@cert.example", "security@bolt.example", bolt.messageId),
       "not delivered to a bounce address"},
      // A bounce address whose token does not verify.
      {dsn(wrongToken, "security@bolt.example", bolt.messageId), "verifies for no message"},
      // The reporter's own acknowledgement's bounce address, naming a vendor.
      {dsn(ack.envelopeFrom, "security@bolt.example", bolt.messageId),
       "failed recipient security@bolt.example is not the recipient"},
      // Another vendor's bounce address.
      {dsn(acme.envelopeFrom, "security@bolt.example", bolt.messageId),
       "is not the recipient of <" + acme.messageId + ">"},
  };
  int n = 0;
  for (const auto& forgery : forgeries) {
    const std::string key = "f" + std::to_string(++n);
    const auto outcome = receive(key, forgery.raw);
    EXPECT_EQ(outcome.result, daemon::IntakeResult::Quarantined) << key;
    EXPECT_EQ(outcome.caseId, kCase) << key;
    EXPECT_TRUE(outcome.detail.starts_with("bounce not believed: "))
        << key << ": " << outcome.detail;
    EXPECT_TRUE(contains(outcome.detail, forgery.reason)) << key << ": " << outcome.detail;
    auto txn = store_.read();
    EXPECT_TRUE(txn.getRawMessage(key)) << key;
    const auto c = txn.getCase(kCase);
    EXPECT_EQ(c->timeline.back().messageKey, key);
    EXPECT_FALSE(c->timeline.back().authenticated);
  }
  auto wf = store_.read().getWorkflow(kCase);
  for (const auto& v : wf->vendors) {
    ASSERT_EQ(v.attempts.size(), 1u) << v.vendorId;
    EXPECT_NE(v.attempts[0].result, core::ContactResult::Bounced);
  }
  EXPECT_EQ(store_.read().listQuarantine(true).size(), 4u);
}

TEST(VendorReplyCommands, EachAnswerBecomesItsCommandAndEveryReplyCountsAsAnAnswer) {
  parsers::VendorReply none;
  auto commands = daemon::commandsForVendorReply(none, "acme", "mail:psirt@acme.example");
  ASSERT_EQ(commands.size(), 1u);
  const auto* attempt = std::get_if<core::command::ContactAttempt>(&commands[0]);
  ASSERT_NE(attempt, nullptr);
  EXPECT_EQ(attempt->result, core::ContactResult::Answered);

  parsers::VendorReply statement;
  statement.action = parsers::VendorAction::Statement;
  statement.status = core::PublicStatus::Affected;
  statement.advisoryUrl = "https://acme.example/sa/1";
  statement.exploitationObserved = parsers::Consent::Yes;
  statement.requestedPublicationDate = core::CivilDate{std::chrono::year{2027} / 1 / 15};
  statement.fixPlan = "2.1 in March";
  commands = daemon::commandsForVendorReply(statement, "acme", "mail:psirt@acme.example");
  ASSERT_EQ(commands.size(), 3u);
  const auto* s = std::get_if<core::command::VendorStatement>(&commands[0]);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->status, core::PublicStatus::Affected);
  EXPECT_TRUE(s->exploitationReported);
  EXPECT_EQ(s->advisoryUrl, "https://acme.example/sa/1");
  // The requested date is a command of its own (an operator alert, 003 §4-2), not a note.
  const auto* date = std::get_if<core::command::VendorRequestedDate>(&commands[1]);
  ASSERT_NE(date, nullptr);
  EXPECT_EQ(date->vendorId, "acme");
  EXPECT_EQ(date->date, (core::CivilDate{std::chrono::year{2027} / 1 / 15}));
  const auto* note = std::get_if<core::command::Note>(&commands[2]);
  ASSERT_NE(note, nullptr);
  EXPECT_NE(note->text.find("2.1 in March"), std::string::npos);
  EXPECT_EQ(note->text.find("2027-01-15"), std::string::npos);
}

TEST_F(CoordinationTest, WithoutConsentVendorsReadOnlyTheOperatorsTexts) {
  receive("m1", kFormReport);  // consent "no"; SECRET-STEPS only in the reporter's text
  ASSERT_TRUE(apply(core::command::Accept{}));
  addVendor("acme");
  writeDetails("The admin page trusts a request header. (operator's words)");
  const auto preview = previewOne("vulnerability-details", "acme");
  const auto& body = preview.built.request.message.bodyText;
  EXPECT_TRUE(contains(body, "The admin page trusts a request header. (operator's words)")) << body;
  for (const char* leak :
       {"SECRET-STEPS", "Hanako", "hanako@reporter.example", "Report: FooCMS", "FooCMS 2.1"})
    EXPECT_FALSE(contains(body + preview.built.request.message.subject, leak)) << leak << body;
  EXPECT_TRUE(preview.built.request.confidential);
  EXPECT_EQ(preview.protection.protection, core::Protection::Held);  // no key, nothing signs
  EXPECT_EQ(preview.built.request.message.to.front().address, "psirt@acme.example");

  // The product the operator writes is the operator's: it may go.
  {
    auto txn = store_.write();
    auto report = txn.getReport(kCase).value();
    report.product = "FooCMS 2.x";
    report.productByOperator = true;
    txn.putReport(report);
    txn.commit();
  }
  EXPECT_TRUE(contains(previewOne("vulnerability-summary", "acme").built.request.message.bodyText,
                       "FooCMS 2.x"));
}

TEST_F(CoordinationTest, WithConsentTheReporterIsNamedAndTheirConfirmedTextMayGo) {
  std::string consenting = kFormReport;
  const std::string no = "Share my name and contact with the vendor: no";
  consenting.replace(consenting.find(no), no.size(),
                     "Share my name and contact with the vendor: yes");
  receive("m1", consenting);
  ASSERT_TRUE(apply(core::command::Accept{}));
  addVendor("acme");
  ASSERT_TRUE(apply(core::command::SendSummary{"acme"}));
  ASSERT_TRUE(apply(core::command::VendorRequestedDetails{"acme"}));
  // Consent does not release unconfirmed details.
  auto early = apply(core::command::SendDetails{"acme", false});
  ASSERT_FALSE(early);
  EXPECT_NE(early.error().what.find("--details-from-report"), std::string::npos);
  {
    auto txn = store_.write();
    auto report = txn.getReport(kCase).value();
    report.details = report.vulnerability;
    report.detailsSource = "report-confirmed";
    txn.putReport(report);
    txn.commit();
  }
  const auto preview = previewOne("vulnerability-details", "acme");
  const auto& body = preview.built.request.message.bodyText;
  EXPECT_TRUE(contains(body, "SECRET-STEPS")) << body;
  EXPECT_TRUE(contains(body, "Hanako Yamada")) << body;
  // (エ) unanswered: the vendor is named the reporter but not given their address.
  EXPECT_FALSE(contains(body, "hanako@reporter.example")) << body;
  EXPECT_TRUE(contains(body, "FooCMS 2.1")) << body;
  EXPECT_FALSE(contains(body, "Report: FooCMS")) << body;  // the subject: never
  ASSERT_TRUE(apply(core::command::SendDetails{"acme", false}));
}

TEST_F(CoordinationTest, APreviewIsTheQueuedNoticeAndChangesNothing) {
  receive("m1", kFormReport);
  ASSERT_TRUE(apply(core::command::Accept{}));
  addVendor("acme");
  const auto outboxBefore = store_.read().pendingOutboxCount();
  const auto historyBefore = store_.read().getWorkflow(kCase)->history.size();
  const auto timelineBefore = store_.read().getCase(kCase)->timeline.size();
  const auto preview = previewOne("vulnerability-summary", "acme");
  EXPECT_EQ(store_.read().pendingOutboxCount(), outboxBefore);
  EXPECT_EQ(store_.read().getWorkflow(kCase)->history.size(), historyBefore);
  EXPECT_EQ(store_.read().getCase(kCase)->timeline.size(), timelineBefore);

  auto sent = apply(core::command::SendSummary{"acme"});
  ASSERT_TRUE(sent);
  const auto queued = store_.read().getOutbox(sent->queued.front());
  // Plain (nothing signs here): the body is in the entry as composed from the same text.
  templates::OutgoingMessage message = preview.built.request.message;
  EXPECT_TRUE(contains(queued->raw, "Subject: " + message.subject)) << queued->raw;
  EXPECT_EQ(preview.protection.protection, core::Protection::Plain);
  message.messageId = queued->messageId;
  EXPECT_EQ(templates::composeMime(message), queued->raw);
}

TEST_F(CoordinationTest, APreviewNamesItsRecipientOrIsRefused) {
  receive("m1", kFormReport);
  auto txn = store_.read();
  auto noVendor = daemon::previewNotice(txn, env(), kCase, "vulnerability-details", "", now_);
  ASSERT_FALSE(noVendor);
  EXPECT_EQ(noVendor.error().code, core::Errc::InvalidConfig);
  auto unknownNotice = daemon::previewNotice(txn, env(), kCase, "acknowledgement", "", now_);
  ASSERT_FALSE(unknownNotice);
  EXPECT_EQ(unknownNotice.error().code, core::Errc::NotFound);
  auto unknownVendor = daemon::previewNotice(txn, env(), kCase, "reminder", "nobody", now_);
  ASSERT_FALSE(unknownVendor);
  EXPECT_EQ(unknownVendor.error().code, core::Errc::NotFound);
  auto reporter = daemon::previewNotice(txn, env(), kCase, "case-accepted", "", now_);
  ASSERT_TRUE(reporter);
  EXPECT_EQ(reporter->front().built.request.message.to.front().address, "hanako@reporter.example");
}

// Issue 13 item 5: stopping after acceptance and the committee's end of a vendor's handling,
// as queued: who gets which notice, with which names and reasons.
TEST_F(CoordinationTest,
       StoppingAfterAcceptanceTellsTheReporterWhyAndTheToldVendorsOnlyThatItEnded) {
  summariesSent({"acme"});
  addVendor("bolt");  // never told of the case
  ASSERT_FALSE(store_.read().deadlinesOfCase(kCase).empty());
  const auto stopped = apply(core::command::Stop{core::StopReason::VendorNotifiesUsers, ""});
  ASSERT_TRUE(stopped) << stopped.error().what;
  EXPECT_EQ(stopped->stage, core::CaseStage::Stopped);
  EXPECT_EQ(stopped->queued.size(), 2u);
  EXPECT_TRUE(stopped->held.empty());
  EXPECT_TRUE(store_.read().deadlinesOfCase(kCase).empty());
  EXPECT_TRUE(contains(outboxTo("hanako@reporter.example").back().raw,
                       "Handling of your report has stopped"));
  EXPECT_TRUE(
      contains(outboxTo("psirt@acme.example").back().raw, "Coordination of this case has ended"));
  EXPECT_TRUE(outboxTo("security@bolt.example").empty());
  // (オ) as the seed words it: the vendor notifies every user, through system integrators too.
  const std::string reporterText =
      previewOne("handling-stopped", "").built.request.message.bodyText;
  EXPECT_TRUE(contains(reporterText,
                       "the vendor notifies all users of the product (including "
                       "notification through system integrators)"))
      << reporterText;
  const std::string vendorText =
      previewOne("coordination-ended", "acme").built.request.message.bodyText;
  EXPECT_TRUE(contains(vendorText, "acme Corp.")) << vendorText;
  EXPECT_FALSE(contains(vendorText, "system integrators")) << vendorText;
  EXPECT_FALSE(contains(vendorText, "FooCMS")) << vendorText;
}

TEST_F(CoordinationTest, TheCommitteeEndingAVendorsHandlingNamesItsOrganisationToTheOthers) {
  summariesSent({"acme", "bolt"});
  ASSERT_TRUE(apply(core::command::CoordinationImpossible{
      "bolt", core::CoordinationImpossibleReason::NoAgreement, ""}));
  const auto boltBefore = outboxTo("security@bolt.example").size();
  const auto ended =
      apply(core::command::RecordCommitteeOutcome{"bolt", core::CommitteeOutcome::EndHandling, ""});
  ASSERT_TRUE(ended) << ended.error().what;
  EXPECT_EQ(ended->queued.size(), 2u);
  for (const char* to : {"hanako@reporter.example", "psirt@acme.example"}) {
    const std::string raw = outboxTo(to).back().raw;
    EXPECT_TRUE(contains(raw, "Handling ended for one vendor of this case")) << to;
    EXPECT_TRUE(contains(raw, "bolt Corp.")) << raw;
    EXPECT_FALSE(contains(raw, "SECRET-STEPS")) << raw;
  }
  EXPECT_EQ(outboxTo("security@bolt.example").size(), boltBefore);
  for (const auto& d : store_.read().deadlinesOfCase(kCase))
    EXPECT_NE(d.deadline.vendorId, "bolt") << d.deadline.key();
  // A ruling on a vendor whose coordination is not impossible is refused, nothing queued.
  const auto refused =
      apply(core::command::RecordCommitteeOutcome{"acme", core::CommitteeOutcome::Publish, ""});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::Errc::IllegalTransition);
}

// ---- issue 13: consents (ウ)(エ)(オ) that change, and the reporter's exploitation (コ) ----

namespace {

/// kFormReport with its identity consent answered `identity` and these lines added.
std::string formReportWith(const std::string& identity, const std::string& extraLines) {
  std::string report = kFormReport;
  const std::string no = "Share my name and contact with the vendor: no\r\n";
  report.replace(report.find(no), no.size(),
                 "Share my name and contact with the vendor: " + identity + "\r\n" + extraLines);
  return report;
}

}  // namespace

TEST_F(CoordinationTest,
       TheReportersAuthenticatedReplyChangesDirectContactAndTheNextNoticeHonoursIt) {
  receive("m1", formReportWith("yes", "May the vendor contact me directly: no\r\n"));
  ASSERT_TRUE(apply(core::command::Accept{}));
  addVendor("acme");
  const std::string before =
      previewOne("vulnerability-summary", "acme").built.request.message.bodyText;
  EXPECT_TRUE(contains(before, "Hanako Yamada")) << before;
  EXPECT_FALSE(contains(before, "hanako@reporter.example")) << before;
  EXPECT_TRUE(contains(before, "talk to us before contacting")) << before;

  // A mail that only claims to be the reporter's (no token, no signature): quarantined,
  // nothing applied.
  const auto forged =
      receive("m2",
              "From: hanako@reporter.example\r\nTo: vendors@cert.example\r\n"
              "Subject: Re: [CVD#12345678] consent\r\n\r\n"
              "May the vendor contact me directly: yes\r\nExploitation observed: yes\r\n");
  EXPECT_EQ(forged.result, daemon::IntakeResult::Quarantined);
  EXPECT_EQ(store_.read().getReport(kCase)->vendorMayContactDirectly, "no");
  EXPECT_FALSE(store_.read().getWorkflow(kCase)->exploitationReported);

  const auto historyBefore = store_.read().getWorkflow(kCase)->history.size();
  const auto genuine = receive("m3", replyHeader("hanako@reporter.example") +
                                         "Subject: Re: [CVD#12345678] consent\r\n\r\n"
                                         "May the vendor contact me directly: yes\r\n");
  EXPECT_EQ(genuine.result, daemon::IntakeResult::ReplyAttached);
  EXPECT_TRUE(contains(genuine.detail, "consent (エ) contact no -> yes")) << genuine.detail;
  EXPECT_EQ(store_.read().getReport(kCase)->vendorMayContactDirectly, "yes");
  const auto wf = store_.read().getWorkflow(kCase);
  ASSERT_EQ(wf->history.size(), historyBefore + 1);
  EXPECT_EQ(wf->history.back().actor, "reporter:hanako@reporter.example");
  EXPECT_EQ(wf->history.back().detail, "consent (エ) contact no -> yes");

  const std::string after =
      previewOne("vulnerability-summary", "acme").built.request.message.bodyText;
  EXPECT_TRUE(contains(after, "hanako@reporter.example")) << after;
  EXPECT_TRUE(contains(after, "you contact them directly")) << after;
}

TEST_F(CoordinationTest, DirectContactWithoutIdentityConsentGivesAVendorNothingOfTheReporter) {
  receive("m1", formReportWith("no", "May the vendor contact me directly: yes\r\n"));
  ASSERT_TRUE(apply(core::command::Accept{}));
  addVendor("acme");
  const std::string body =
      previewOne("vulnerability-summary", "acme").built.request.message.bodyText;
  EXPECT_FALSE(contains(body, "hanako@reporter.example")) << body;
  EXPECT_FALSE(contains(body, "Hanako")) << body;
}

TEST_F(CoordinationTest, AReportStatingExploitationMarksTheCaseAndAlertsTheOperatorsOnce) {
  receive("m1", formReportWith("no", "Exploitation observed: yes\r\n"));
  auto wf = store_.read().getWorkflow(kCase);
  EXPECT_TRUE(wf->exploitationReported);
  EXPECT_EQ(wf->stage, core::CaseStage::Received);
  ASSERT_EQ(wf->history.size(), 2u);
  EXPECT_EQ(wf->history[1].command, "mark-exploited");
  EXPECT_EQ(wf->history[1].actor, "reporter:hanako@reporter.example");
  auto alerts = outboxTo("ops@cert.example");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_TRUE(contains(alerts[0].raw, "EXPLOITATION_REPORTED")) << alerts[0].raw;

  // The reporter says it again later: already marked, no second alert.
  receive("m2", replyHeader("hanako@reporter.example") +
                    "Subject: Re: [CVD#12345678] more\r\n\r\nExploitation observed: yes\r\n");
  EXPECT_EQ(outboxTo("ops@cert.example").size(), 1u);
}

TEST_F(CoordinationTest, ALaterAuthenticatedReporterMailStatingExploitationMarksTheCase) {
  receive("m1", kFormReport);
  EXPECT_FALSE(store_.read().getWorkflow(kCase)->exploitationReported);
  EXPECT_TRUE(outboxTo("ops@cert.example").empty());
  const auto outcome = receive("m2", replyHeader("hanako@reporter.example") +
                                         "Subject: Re: [CVD#12345678] news\r\n\r\n"
                                         "Exploitation observed: yes, attacks since May\r\n");
  EXPECT_TRUE(contains(outcome.detail, "exploitation reported")) << outcome.detail;
  EXPECT_TRUE(store_.read().getWorkflow(kCase)->exploitationReported);
  EXPECT_EQ(store_.read().getReport(kCase)->exploitationObserved, "yes");
  const auto alerts = outboxTo("ops@cert.example");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_TRUE(contains(alerts[0].raw, "EXPLOITATION_REPORTED"));
  // The alert says who, never what: the reporter's words stay in the report.
  EXPECT_FALSE(contains(alerts[0].raw, "attacks since May"));
}

TEST_F(CoordinationTest, TheMissingInformationRequestAsksForUnansweredConsents) {
  std::string lacking = kFormReport;  // (ウ) answered "no"; (エ)(オ) unanswered
  lacking.replace(lacking.find("Product: FooCMS 2.1\r\n"), 21, "");
  receive("m1", lacking);
  const auto requests = outboxTo("hanako@reporter.example");
  ASSERT_EQ(requests.size(), 2u);
  const std::string& request = requests[1].raw;
  EXPECT_TRUE(contains(request, "May vendors contact you directly (yes/no):")) << request;
  EXPECT_TRUE(contains(request, "May we publish your name in the advisory as credit")) << request;
  EXPECT_FALSE(contains(request, "May we pass on your name")) << request;  // answered
}

TEST_F(CoordinationTest, TheExploitationStatementIsTheOperatorsAgreedTextNeverTheReporters) {
  receive("m1", formReportWith("no", "Exploitation observed: yes, REPORTER-SAW-ATTACKS\r\n"));
  ASSERT_TRUE(apply(core::command::Accept{}));
  addVendor("acme");
  const std::string without = previewOne("published", "acme").built.request.message.bodyText;
  EXPECT_FALSE(contains(without, "REPORTER-SAW-ATTACKS")) << without;
  EXPECT_FALSE(contains(without, "\nExploitation\n")) << without;  // the statement's heading
  {
    auto txn = store_.write();
    auto report = txn.getReport(kCase).value();
    report.exploitationStatement = "AGREED: attacks exploiting this have been observed.";
    txn.putReport(report);
    txn.commit();
  }
  const std::string with = previewOne("published", "acme").built.request.message.bodyText;
  EXPECT_TRUE(contains(with, "AGREED: attacks exploiting this have been observed.")) << with;
  EXPECT_FALSE(contains(with, "REPORTER-SAW-ATTACKS")) << with;
}

TEST(MissingConsentsText, EachLineIsReadBackAsItsConsentInBothLanguages) {
  store::CaseReport report;  // every consent unknown
  for (const auto& [language, yes, no] :
       {std::tuple{"en", "yes", "no"}, std::tuple{"ja", "可", "不可"}}) {
    const std::string form = daemon::missingConsentsText(report, language);
    std::string answered;
    int line = 0;
    for (std::size_t at = 0; at < form.size();) {
      const auto end = std::min(form.find('\n', at), form.size());
      answered += form.substr(at, end - at) + " " + (line++ == 1 ? no : yes) + "\n";
      at = end + 1;
    }
    ASSERT_EQ(line, 3) << form;
    const auto fields = parsers::extractReportFields(answered);
    EXPECT_EQ(fields.shareIdentityWithVendor, parsers::Consent::Yes) << language << answered;
    EXPECT_EQ(fields.vendorMayContactDirectly, parsers::Consent::No) << language << answered;
    EXPECT_EQ(fields.publishName, parsers::Consent::Yes) << language << answered;
  }
  report.shareIdentityWithVendor = "no";
  report.vendorMayContactDirectly = "yes";
  report.publishName = "no";
  EXPECT_EQ(daemon::missingConsentsText(report, "en"), "");
}
