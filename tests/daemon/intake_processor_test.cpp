#include "daemon/intake_processor.hpp"

#include <gtest/gtest.h>

#include "crypto/bounce_token.hpp"
#include "daemon/message_ids.hpp"
#include "temp_dir.hpp"
#include "tests/core/workflow_fixture.hpp"

using namespace cvdd;
using namespace std::chrono_literals;

namespace {

const core::Timestamp kNow{std::chrono::sys_days{2026y / 11 / 22} + 2h};

class IntakeTest : public ::testing::Test {
 protected:
  IntakeTest() : store_(store::Store::open(dir_.path() / "db", 64 << 20)) {
    config_.coordinator = {"Example CERT", "vendors@cert.example", "CVD",
                           "Asia/Tokyo",   "cert.example",         {}};
    config_.state.dir = dir_.path();
  }

  daemon::IntakeOutcome accept(const std::string& key, const std::string& raw,
                               std::optional<store::SourcePosition> position = std::nullopt) {
    daemon::IntakeEnvironment env{&config_,
                                  &store_,
                                  [] { return kNow; },
                                  [this] { return numbers_.at(next_++ % numbers_.size()); },
                                  daemon::OutboundSigner{},
                                  &tokens_};
    return daemon::acceptMessage(env, "maildir:test", {key, 0, key}, position, raw);
  }

  test::TempDir dir_;
  store::Store store_;
  daemon::Config config_;
  std::vector<std::uint32_t> numbers_{12345678, 87654321, 11111111};
  std::size_t next_ = 0;
  crypto::ReplyTokenKey tokens_{std::string(32, 'k')};

  /// The acknowledgement's Message-ID: it carries alice's reply token for the case.
  std::string ackId() const {
    return daemon::caseMessageId("CVD#12345678", "acknowledgement", &tokens_,
                                 "alice@reporter.example", "cert.example");
  }
};

const std::string kReport =
    "From: Alice <alice@reporter.example>\r\n"
    "To: vendors@cert.example\r\n"
    "Subject: SQL injection in ExampleShop\r\n"
    "Message-ID: <r1@reporter.example>\r\n"
    "\r\n"
    "The login form is injectable.\r\n";

}  // namespace

TEST_F(IntakeTest, AReportOpensACaseAndQueuesItsAcknowledgementInOneCommit) {
  auto outcome = accept("maildir:1", kReport);
  EXPECT_EQ(outcome.result, daemon::IntakeResult::CaseOpened);
  EXPECT_EQ(outcome.caseId, "CVD#12345678");
  ASSERT_TRUE(outcome.outboxSeq);

  auto txn = store_.read();
  auto c = txn.getCase("CVD#12345678");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->reporter, "alice@reporter.example");
  EXPECT_EQ(c->subject, "SQL injection in ExampleShop");
  EXPECT_EQ(c->receivedAt, kNow);
  EXPECT_EQ(c->language, core::Language::English);
  ASSERT_EQ(c->timeline.size(), 2u);
  EXPECT_EQ(c->timeline[0].role, core::MessageRole::Report);
  EXPECT_EQ(c->timeline[1].role, core::MessageRole::Acknowledgement);
  EXPECT_EQ(c->timeline[1].subject, "[CVD#12345678] SQL injection in ExampleShop");

  auto ack = txn.getOutbox(*outcome.outboxSeq);
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->recipients, std::vector<std::string>{"alice@reporter.example"});
  // Its own bounce address: the case's digits, then an HMAC of this entry, lower-case.
  EXPECT_EQ(ack->envelopeFrom,
            "vendors+b-" +
                crypto::bounceTokenFor(tokens_, "CVD#12345678", ackId(), "alice@reporter.example") +
                "@cert.example");
  EXPECT_EQ(ack->messageId, "CVD-12345678.acknowledgement.rt-" +
                                tokens_.tokenFor("CVD#12345678", "alice@reporter.example") +
                                "@cert.example");
  EXPECT_EQ(ack->messageId, ackId());
  EXPECT_NE(ack->raw.find("In-Reply-To: <r1@reporter.example>"), std::string::npos);
  EXPECT_NE(ack->raw.find("Auto-Submitted: auto-replied"), std::string::npos);
  EXPECT_EQ(txn.getRawMessage("maildir:1"), kReport);
  EXPECT_EQ(txn.getInbox("maildir:1")->caseId, "CVD#12345678");
}

TEST_F(IntakeTest, AReplyToTheAcknowledgementJoinsTheCaseWithoutAnotherAcknowledgement) {
  accept("maildir:1", kReport);
  auto outcome = accept("maildir:2",
                        "From: alice@reporter.example\r\n"
                        "Subject: Re: [CVD#12345678] SQL injection in ExampleShop\r\n"
                        "In-Reply-To: <" +
                            ackId() + ">\r\n\r\nMore details.\r\n");
  EXPECT_EQ(outcome.result, daemon::IntakeResult::ReplyAttached);
  EXPECT_EQ(outcome.caseId, "CVD#12345678");
  EXPECT_FALSE(outcome.outboxSeq);
  auto txn = store_.read();
  EXPECT_EQ(txn.listCases().size(), 1u);
  EXPECT_EQ(txn.pendingOutboxCount(), 1u);
  EXPECT_EQ(txn.getCase("CVD#12345678")->timeline.back().role, core::MessageRole::Reply);
  EXPECT_TRUE(txn.getCase("CVD#12345678")->timeline.back().authenticated);
}

TEST_F(IntakeTest, TheCaseIdAloneFromAKeylessParticipantIsQuarantinedNotApplied) {
  accept("maildir:1", kReport);
  // The reporter's own address and the case ID: what anyone who saw the subject can write.
  auto outcome = accept("maildir:2",
                        "From: alice@reporter.example\r\n"
                        "Subject: Re: [CVD#12345678] SQL injection in ExampleShop\r\n"
                        "\r\nMore details.\r\n");
  EXPECT_EQ(outcome.result, daemon::IntakeResult::Quarantined);
  EXPECT_EQ(outcome.caseId, "CVD#12345678");
  auto txn = store_.read();
  EXPECT_FALSE(txn.getCase("CVD#12345678")->timeline.back().authenticated);
  EXPECT_NE(txn.listQuarantine(true).at(0).reason.find("no valid reply token"), std::string::npos);
  // A guessed Message-ID without the token proves nothing either.
  auto guessed = accept("maildir:3",
                        "From: alice@reporter.example\r\n"
                        "Subject: Re: [CVD#12345678] more\r\n"
                        "In-Reply-To: <CVD-12345678.acknowledgement@cert.example>\r\n\r\nx\r\n");
  EXPECT_EQ(guessed.result, daemon::IntakeResult::Quarantined);
  // Nor does another participant's token in a Message-ID.
  auto other = accept("maildir:4",
                      "From: alice@reporter.example\r\n"
                      "Subject: Re: [CVD#12345678] more\r\n"
                      "In-Reply-To: <" +
                          daemon::caseMessageId("CVD#12345678", "acknowledgement", &tokens_,
                                                "bob@reporter.example", "cert.example") +
                          ">\r\n\r\nx\r\n");
  EXPECT_EQ(other.result, daemon::IntakeResult::Quarantined);
}

TEST_F(IntakeTest, AnEncodedJapaneseReplyPrefixStillFindsTheCase) {
  accept("maildir:1", kReport);
  // "返信: [CVD#12345678] 追加情報" in ISO-2022-JP, as Japanese mail clients send it; sent to
  // the tagged address of the acknowledgement's Reply-To.
  auto outcome = accept(
      "maildir:2",
      "From: alice@reporter.example\r\n"
      "To: vendors+" +
          tokens_.tokenFor("CVD#12345678", "alice@reporter.example") +
          "@cert.example\r\n"
          "Subject: =?ISO-2022-JP?B?GyRCSlY/LhsoQjogW0NWRCMxMjM0NTY3OF0gGyRCRElDXz5wSnMbKEI=?=\r\n"
          "\r\nbody\r\n");
  EXPECT_EQ(outcome.result, daemon::IntakeResult::ReplyAttached);
}

TEST_F(IntakeTest, TheSameKeyIsNeverProcessedTwice) {
  accept("maildir:1", kReport);
  auto again = accept("maildir:1", kReport);
  EXPECT_EQ(again.result, daemon::IntakeResult::AlreadyAccepted);
  EXPECT_EQ(store_.read().listCases().size(), 1u);
  EXPECT_EQ(store_.read().pendingOutboxCount(), 1u);
}

TEST_F(IntakeTest, TheSameBytesUnderANewKeyAreADuplicate) {
  accept("imap:v1:1", kReport, store::SourcePosition{1, 1});
  auto renumbered = accept("imap:v2:1", kReport, store::SourcePosition{2, 1});
  EXPECT_EQ(renumbered.result, daemon::IntakeResult::Duplicate);
  EXPECT_EQ(renumbered.caseId, "CVD#12345678");
  auto txn = store_.read();
  EXPECT_EQ(txn.listCases().size(), 1u);
  EXPECT_EQ(txn.getSourcePosition("maildir:test")->uidValidity, 2u);
}

TEST_F(IntakeTest, AutomaticMailForNoCaseIsQuarantinedAndNeverAnswered) {
  auto outcome = accept("maildir:1",
                        "From: mailer@reporter.example\r\n"
                        "Subject: Out of office\r\n"
                        "Auto-Submitted: auto-replied\r\n\r\nAway.\r\n");
  EXPECT_EQ(outcome.result, daemon::IntakeResult::Quarantined);
  EXPECT_FALSE(outcome.outboxSeq);
  auto txn = store_.read();
  EXPECT_EQ(txn.pendingOutboxCount(), 0u);
  EXPECT_TRUE(txn.listCases().empty());
  ASSERT_EQ(txn.listQuarantine(true).size(), 1u);
  EXPECT_NE(txn.listQuarantine(true)[0].reason.find("automatic mail"), std::string::npos);
}

TEST_F(IntakeTest, AnAutoReplyToOurAcknowledgementJoinsTheCaseWithoutAnswer) {
  accept("maildir:1", kReport);
  auto outcome = accept("maildir:2",
                        "From: alice@reporter.example\r\n"
                        "Subject: Auto: [CVD#12345678] SQL injection in ExampleShop\r\n"
                        "In-Reply-To: <" +
                            ackId() +
                            ">\r\n"
                            "Auto-Submitted: auto-replied\r\n\r\nI am away.\r\n");
  EXPECT_EQ(outcome.result, daemon::IntakeResult::ReplyAttached);
  EXPECT_EQ(store_.read().pendingOutboxCount(), 1u);  // only the first acknowledgement
}

TEST_F(IntakeTest, ARepliedReferenceThreadsEvenWithoutTheCaseIdInTheSubject) {
  accept("maildir:1", kReport);
  auto outcome = accept("maildir:2",
                        "From: alice@reporter.example\r\n"
                        "Subject: more details\r\n"
                        "In-Reply-To: <" +
                            ackId() + ">\r\n\r\nx\r\n");
  EXPECT_EQ(outcome.result, daemon::IntakeResult::ReplyAttached);
  EXPECT_NE(outcome.detail.find("matched by references"), std::string::npos) << outcome.detail;
}

TEST_F(IntakeTest, AReplyFromAStrangerWithTheCaseIdIsQuarantinedAndChangesNothing) {
  accept("maildir:1", kReport);
  auto outcome = accept("maildir:2",
                        "From: mallory@evil.example\r\n"
                        "Subject: Re: [CVD#12345678] please publish now\r\n\r\nx\r\n");
  EXPECT_EQ(outcome.result, daemon::IntakeResult::Quarantined);
  EXPECT_EQ(outcome.caseId, "CVD#12345678");
  auto txn = store_.read();
  auto c = txn.getCase("CVD#12345678");
  EXPECT_FALSE(c->timeline.back().authenticated);
  EXPECT_EQ(txn.listQuarantine(true).at(0).reason,
            "sender mallory@evil.example is not a registered participant of the case");
}

TEST_F(IntakeTest, AForgedReplyTokenIsQuarantinedEvenFromTheRightAddress) {
  accept("maildir:1", kReport);
  auto outcome = accept("maildir:2",
                        "From: alice@reporter.example\r\n"
                        "To: vendors+12345678aaaaaaaaaaaaaaaaaaaaaaaaaa@cert.example\r\n"
                        "Subject: Re: [CVD#12345678] x\r\n\r\nx\r\n");
  EXPECT_EQ(outcome.result, daemon::IntakeResult::Quarantined);
  EXPECT_NE(outcome.detail.find("reply token"), std::string::npos) << outcome.detail;
}

TEST_F(IntakeTest, AGenuineReplyTokenThreadsTheReply) {
  accept("maildir:1", kReport);
  const std::string token = tokens_.tokenFor("CVD#12345678", "alice@reporter.example");
  auto outcome = accept("maildir:2",
                        "From: alice@reporter.example\r\n"
                        "To: vendors+" +
                            token +
                            "@cert.example\r\n"
                            "Subject: no case id here\r\n\r\nx\r\n");
  EXPECT_EQ(outcome.result, daemon::IntakeResult::ReplyAttached);
  EXPECT_NE(outcome.detail.find("matched by reply-token"), std::string::npos) << outcome.detail;
}

TEST_F(IntakeTest, AMessageOverALimitIsKeptRawAndQuarantined) {
  config_.limits.parsing.maxMessageBytes = 1024;
  std::string big = kReport + std::string(4096, 'x') + "\r\n";
  auto outcome = accept("maildir:1", big);
  EXPECT_EQ(outcome.result, daemon::IntakeResult::Quarantined);
  EXPECT_NE(outcome.detail.find("message_size"), std::string::npos) << outcome.detail;
  auto txn = store_.read();
  EXPECT_EQ(txn.getRawMessage("maildir:1"), big);
  EXPECT_TRUE(txn.listCases().empty());
}

TEST_F(IntakeTest, TheAcknowledgementRateLimitStopsAFloodFromGrowingTheOutbox) {
  config_.limits.acksPerSenderPerHour = 2;
  numbers_ = {1, 2, 3, 4, 5};
  for (int i = 0; i < 5; ++i)
    accept("maildir:" + std::to_string(i), "From: flood@reporter.example\r\nSubject: report " +
                                               std::to_string(i) + "\r\n\r\nx\r\n");
  auto txn = store_.read();
  EXPECT_EQ(txn.listCases().size(), 5u);
  EXPECT_EQ(txn.pendingOutboxCount(), 2u);
}

TEST_F(IntakeTest, ADomainFloodGetsAtMostTheDomainBudgetOfAcknowledgements) {
  config_.limits.acksPerDomainPerHour = 3;
  numbers_.clear();
  for (std::uint32_t i = 0; i < 8; ++i) numbers_.push_back(100 + i);
  for (int i = 0; i < 6; ++i)
    accept("maildir:" + std::to_string(i),
           "From: user" + std::to_string(i) + "@flood.example\r\nSubject: report\r\n\r\nx\r\n");
  // Another domain still has its own budget.
  const auto other =
      accept("maildir:other", "From: a@elsewhere.example\r\nSubject: r\r\n\r\nx\r\n");
  EXPECT_TRUE(other.outboxSeq);
  auto txn = store_.read();
  EXPECT_EQ(txn.listCases().size(), 7u);
  EXPECT_EQ(txn.pendingOutboxCount(), 4u);
  const auto last = txn.getCase(txn.getInbox("maildir:5")->caseId);
  EXPECT_NE(last->timeline.back().note.find("rate limit reached for domain flood.example"),
            std::string::npos)
      << last->timeline.back().note;
}

TEST_F(IntakeTest, TheOverallBudgetCapsAcknowledgementsToAllSenders) {
  config_.limits.acksPerHour = 2;
  numbers_ = {1, 2, 3, 4};
  for (const char* from : {"a@one.example", "b@two.example", "c@three.example"})
    accept(std::string("maildir:") + from,
           std::string("From: ") + from + "\r\nSubject: report\r\n\r\nx\r\n");
  auto txn = store_.read();
  EXPECT_EQ(txn.listCases().size(), 3u);
  EXPECT_EQ(txn.pendingOutboxCount(), 2u);
}

TEST_F(IntakeTest, AnUnsignedReportsAcknowledgementQuotesOnlyAShortenedSubject) {
  const std::string subject =
      "Stored XSS in ExampleShop admin panel via product description field CLICK "
      "http://spam.example/buy-now";
  auto outcome = accept("maildir:1", "From: alice@reporter.example\r\nSubject: " + subject +
                                         "\r\n\r\nSPAM-BODY-TEXT visit http://spam.example\r\n");
  ASSERT_TRUE(outcome.outboxSeq);
  auto txn = store_.read();
  const auto ack = txn.getOutbox(*outcome.outboxSeq);
  const std::string shortened = subject.substr(0, 59) + "…";
  EXPECT_EQ(txn.getCase(outcome.caseId)->timeline.back().subject,
            "[" + outcome.caseId + "] " + shortened);
  EXPECT_EQ(ack->raw.find("spam.example"), std::string::npos);
  EXPECT_EQ(ack->raw.find("SPAM-BODY-TEXT"), std::string::npos);
  EXPECT_NE(ack->raw.find(outcome.caseId), std::string::npos);
  // The case keeps the whole subject: only what goes back out is cut.
  EXPECT_EQ(txn.getCase(outcome.caseId)->subject, subject);
}

TEST_F(IntakeTest, AnUnsignedFormReportIsAskedForWhatItLacksWithoutItsOwnWords) {
  auto outcome = accept("maildir:1",
                        "From: BUY-PILLS-DISPLAY <victim@reporter.example>\r\n"
                        "Subject: report\r\n\r\n"
                        "Name: BUY-PILLS-NAME at http://spam.example\r\n"
                        "Contact: victim@reporter.example\r\n"
                        "Vulnerability: the login form is injectable\r\n");
  EXPECT_EQ(outcome.detail, "missing information requested");
  auto txn = store_.read();
  std::size_t notices = 0;
  for (std::uint64_t seq = 1; auto e = txn.getOutbox(seq); ++seq) {
    ++notices;
    EXPECT_EQ(e->raw.find("BUY-PILLS"), std::string::npos) << e->messageId;
    EXPECT_EQ(e->raw.find("spam.example"), std::string::npos) << e->messageId;
  }
  EXPECT_EQ(notices, 2u);  // the acknowledgement and the request for the product
  // The case keeps what the reporter wrote, for the operator.
  EXPECT_EQ(txn.getReport(outcome.caseId)->reporterName, "BUY-PILLS-NAME at http://spam.example");
}

TEST_F(IntakeTest, AnAutoReplyToABounceAddressIsNoForgedReplyToken) {
  auto report = accept("maildir:1", kReport);
  const auto ack = store_.read().getOutbox(*report.outboxSeq);
  // Out-of-office replies go to the envelope sender: the acknowledgement's bounce address.
  auto outcome = accept("maildir:2", "Delivered-To: " + ack->envelopeFrom +
                                         "\r\nFrom: alice@reporter.example\r\n"
                                         "To: " +
                                         ack->envelopeFrom +
                                         "\r\nSubject: Out of office\r\n"
                                         "Auto-Submitted: auto-replied\r\n"
                                         "In-Reply-To: <" +
                                         ack->messageId + ">\r\n\r\nAway until Monday.\r\n");
  EXPECT_EQ(outcome.result, daemon::IntakeResult::ReplyAttached) << outcome.detail;
  EXPECT_EQ(outcome.caseId, report.caseId);
}

TEST_F(IntakeTest, CaseIdsAreUniqueWhenTheRandomSourceRepeats) {
  numbers_ = {42, 42, 42, 7};
  EXPECT_EQ(accept("maildir:1", kReport).caseId, "CVD#00000042");
  auto second = accept("maildir:2", "From: bob@reporter.example\r\nSubject: other\r\n\r\nx\r\n");
  EXPECT_EQ(second.caseId, "CVD#00000007");
}

TEST_F(IntakeTest, AJapaneseReportIsDecodedAndAnsweredInJapanese) {
  // Subject "脆弱性の報告" in ISO-2022-JP; body "製品に脆弱性があります。".
  std::string body = "\x1b$B@=IJ$K@H<e@-$,$\"$j$^$9!#\x1b(B\r\n";
  auto outcome = accept("maildir:1",
                        "From: taro@reporter.example\r\n"
                        "Subject: =?ISO-2022-JP?B?GyRCQEg8ZUAtJE5KczlwGyhC?=\r\n"
                        "Content-Type: text/plain; charset=ISO-2022-JP\r\n\r\n" +
                            body);
  auto c = store_.read().getCase(outcome.caseId);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->subject, "脆弱性の報告");
  EXPECT_EQ(c->language, core::Language::Japanese);
  EXPECT_EQ(c->timeline[1].subject, "[" + c->id + "] 脆弱性の報告");
}

TEST_F(IntakeTest, BytesWithoutHeadersAreKeptWithoutACase) {
  auto outcome = accept("maildir:1", std::string("\0\0garbage", 9));
  EXPECT_EQ(outcome.result, daemon::IntakeResult::Quarantined);
  EXPECT_EQ(store_.read().getRawMessage("maildir:1"), std::string("\0\0garbage", 9));
  EXPECT_TRUE(store_.read().listCases().empty());
}

TEST_F(IntakeTest, HostileBytesInAClassifyingHeaderAreQuarantinedNotWedged) {
  // Found by fuzz_inspect: raw 0xED bytes in Auto-Submitted once reached a JSON record.
  auto outcome = accept("maildir:1",
                        "From: a@reporter.example\r\n"
                        "Subject: x\r\n"
                        "Auto-Submitted: Auto-Repli\xed\xed\xed\r\n\r\nbody\r\n");
  EXPECT_EQ(outcome.result, daemon::IntakeResult::Quarantined);
  auto items = store_.read().listQuarantine(true);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_NE(items[0].reason.find("automatic mail"), std::string::npos);
}

TEST_F(IntakeTest, APoisonMessageIsStoredRawInQuarantineAndTheSourceMovesOn) {
  daemon::IntakeEnvironment env{
      &config_, &store_, [] { return kNow; }, [] { return 1u; }, daemon::OutboundSigner{},
      &tokens_};
  auto outcome = daemon::quarantineUnprocessed(
      env, "imap:test", {"imap:v1:7", 7, "", 0}, store::SourcePosition{1, 7}, kReport,
      "processing failed repeatedly: engine exploded", false);
  EXPECT_EQ(outcome.result, daemon::IntakeResult::Quarantined);
  auto txn = store_.read();
  EXPECT_EQ(txn.getRawMessage("imap:v1:7"), kReport);
  EXPECT_EQ(txn.getSourcePosition("imap:test")->lastUid, 7u);
  ASSERT_EQ(txn.listQuarantine(true).size(), 1u);
  EXPECT_EQ(txn.listQuarantine(true)[0].reason, "processing failed repeatedly: engine exploded");
  // And the normal path then sees it as already accepted.
  EXPECT_EQ(accept("imap:v1:7", kReport).result, daemon::IntakeResult::AlreadyAccepted);
}

TEST_F(IntakeTest, AnOversizedMessageIsQuarantinedByItsHeaderWithFromAndSubject) {
  daemon::IntakeEnvironment env{
      &config_, &store_, [] { return kNow; }, [] { return 1u; }, daemon::OutboundSigner{},
      &tokens_};
  const std::string header =
      "From: Big Sender <big@reporter.example>\r\nSubject: =?UTF-8?B?5aSn44GN44GE?=\r\n\r\n";
  auto outcome = daemon::quarantineUnprocessed(env, "imap:test", {"imap:v1:8", 8, "", 99'000'000},
                                               store::SourcePosition{1, 8}, header,
                                               "over [limits] message_size", true);
  EXPECT_EQ(outcome.result, daemon::IntakeResult::Quarantined);
  auto txn = store_.read();
  auto items = txn.listQuarantine(true);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].from, "big@reporter.example");
  EXPECT_EQ(items[0].subject, "大きい");
  EXPECT_EQ(items[0].reason, "over [limits] message_size");
  EXPECT_EQ(txn.getRawMessage("imap:v1:8"), header);
  EXPECT_EQ(txn.getSourcePosition("imap:test")->lastUid, 8u);
  EXPECT_TRUE(txn.listCases().empty());
}

// Issue 12 item 4: mail with only a DID# inquiry number in its subject, as the unreachable-
// vendors list tells a vendor to write, never opens a report case.
TEST_F(IntakeTest, AnUnknownInquiryNumberIsQuarantinedWithoutACaseOrAnswer) {
  auto outcome = accept("maildir:1",
                        "From: someone@elsewhere.example\r\n"
                        "Subject: Re: DID#00001\r\n"
                        "\r\nWe are the developer.\r\n");
  EXPECT_EQ(outcome.result, daemon::IntakeResult::Quarantined);
  EXPECT_EQ(outcome.caseId, "");
  EXPECT_NE(outcome.detail.find("DID#00001"), std::string::npos) << outcome.detail;
  auto txn = store_.read();
  EXPECT_TRUE(txn.listCases().empty());
  EXPECT_EQ(txn.pendingOutboxCount(), 0u);
  EXPECT_EQ(txn.listQuarantine(true).size(), 1u);
}

TEST_F(IntakeTest, AnUnauthenticatedAnswerToAListedVendorsInquiryWaitsOnItsCase) {
  accept("maildir:1", kReport);
  {
    auto wf = core::testing::summarySent();
    wf.caseId = "CVD#12345678";
    wf = core::testing::run(wf, {core::command::MarkUnreachable{"acme", {}}});
    auto txn = store_.write();
    txn.putWorkflow(wf);
    txn.commit();
  }
  ASSERT_EQ(store_.read().inquiryTarget("DID#00001"),
            (store::InquiryTarget{"CVD#12345678", "acme"}));
  auto outcome = accept("maildir:2",
                        "From: psirt@acme.example\r\n"
                        "Subject: Re: DID#00001\r\n"
                        "\r\nWe are Acme, DID#00001.\r\n");
  EXPECT_EQ(outcome.result, daemon::IntakeResult::Quarantined);
  EXPECT_EQ(outcome.caseId, "CVD#12345678");
  EXPECT_NE(outcome.detail.find("answer to inquiry DID#00001 (vendor acme"), std::string::npos)
      << outcome.detail;
  auto txn = store_.read();
  EXPECT_EQ(txn.listCases().size(), 1u);
  EXPECT_EQ(txn.pendingOutboxCount(), 1u);  // the report's acknowledgement only
  const auto wf = txn.getWorkflow("CVD#12345678");
  EXPECT_EQ(wf->vendor("acme")->reachability, core::Reachability::Unreachable);
  EXPECT_EQ(txn.getCase("CVD#12345678")->timeline.back().role, core::MessageRole::Reply);
  EXPECT_FALSE(txn.getCase("CVD#12345678")->timeline.back().authenticated);
}
