#include "core/intake.hpp"

#include <gtest/gtest.h>

using namespace cvdd::core;

TEST(DecideIntake, ANewReportOpensAnAcknowledgedCase) {
  auto decision = decideIntake(IntakeFacts{});
  ASSERT_TRUE(std::holds_alternative<OpenCase>(decision));
  EXPECT_TRUE(std::get<OpenCase>(decision).acknowledge);
}

TEST(DecideIntake, AMatchedCaseIsJoined) {
  IntakeFacts facts;
  facts.matchedCase = "CVD#12345678";
  auto decision = decideIntake(facts);
  ASSERT_TRUE(std::holds_alternative<AttachToCase>(decision));
  EXPECT_EQ(std::get<AttachToCase>(decision).caseId, "CVD#12345678");
}

TEST(DecideIntake, OverALimitIsQuarantinedEvenForAKnownCase) {
  IntakeFacts facts;
  facts.matchedCase = "CVD#12345678";
  facts.limitViolation = "message_size 30000000 > 26214400";
  auto decision = decideIntake(facts);
  ASSERT_TRUE(std::holds_alternative<Quarantine>(decision));
  EXPECT_EQ(std::get<Quarantine>(decision).reason,
            "over a limit: message_size 30000000 > 26214400");
  EXPECT_EQ(std::get<Quarantine>(decision).caseId, "CVD#12345678");
}

TEST(DecideIntake, ABounceAtAVerifiedBounceAddressIsAFailedContactAttempt) {
  IntakeFacts facts;
  facts.mailClass = MailClass::Bounce;
  facts.bouncedCase = "CVD#00000001";
  facts.matchedCase = "CVD#00000001";
  facts.bounceAddressVerified = true;
  facts.bouncedRecipient = "psirt@acme.example";
  auto decision = decideIntake(facts);
  ASSERT_TRUE(std::holds_alternative<RecordBounce>(decision));
  EXPECT_EQ(std::get<RecordBounce>(decision).caseId, "CVD#00000001");
  EXPECT_EQ(std::get<RecordBounce>(decision).recipient, "psirt@acme.example");
}

TEST(DecideIntake, ABounceThatOnlyQuotesOurMessageIdIsKeptOnTheCaseNotApplied) {
  IntakeFacts facts;
  facts.mailClass = MailClass::Bounce;
  facts.bouncedCase = "CVD#00000001";  // by the returned Message-ID: anyone can quote it
  facts.bounceAddressVerified = false;
  facts.bounceAddressReason = "not delivered to a bounce address of cvdd";
  auto decision = decideIntake(facts);
  ASSERT_TRUE(std::holds_alternative<Quarantine>(decision));
  EXPECT_EQ(std::get<Quarantine>(decision).caseId, "CVD#00000001");
  EXPECT_EQ(std::get<Quarantine>(decision).reason,
            "bounce not believed: not delivered to a bounce address of cvdd");
}

TEST(DecideIntake, ABounceOfSomethingElseIsQuarantinedNeverAnswered) {
  IntakeFacts facts;
  facts.mailClass = MailClass::Bounce;
  facts.mailClassReason = "multipart/report delivery-status";
  auto decision = decideIntake(facts);
  ASSERT_TRUE(std::holds_alternative<Quarantine>(decision));
}

TEST(DecideIntake, AutomaticMailForNoCaseOpensNothing) {
  for (auto kind : {MailClass::AutoReply, MailClass::MailingList}) {
    IntakeFacts facts;
    facts.mailClass = kind;
    facts.mailClassReason = "Auto-Submitted: auto-replied";
    auto decision = decideIntake(facts);
    ASSERT_TRUE(std::holds_alternative<Quarantine>(decision));
    EXPECT_NE(std::get<Quarantine>(decision).reason.find("automatic mail"), std::string::npos);
  }
}

TEST(DecideIntake, AutomaticMailForACaseIsAttachedButTheAttachmentIsNeverAnswered) {
  IntakeFacts facts;
  facts.mailClass = MailClass::AutoReply;
  facts.matchedCase = "CVD#12345678";
  EXPECT_TRUE(std::holds_alternative<AttachToCase>(decideIntake(facts)));
}

TEST(DecideIntake, NoSenderIsQuarantined) {
  IntakeFacts facts;
  facts.hasSender = false;
  EXPECT_TRUE(std::holds_alternative<Quarantine>(decideIntake(facts)));
}
