#include "core/replay.hpp"

#include <gtest/gtest.h>

using namespace cvdd::core;
using namespace std::chrono_literals;

namespace {

const Timestamp kNotice{std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 2h};

SignedReplyFacts fresh() {
  SignedReplyFacts facts;
  facts.caseId = "CVD#12345678";
  facts.signedContentNamesCase = true;
  facts.signedAt = kNotice + 1h;
  facts.firstMailToSender = kNotice;
  return facts;
}

}  // namespace

TEST(ReplayRefusal, AFreshSignedReplyNamingTheCaseCounts) {
  EXPECT_EQ(replayRefusal(fresh()), std::nullopt);
  auto unasked = fresh();  // a participant cvdd never wrote to on this case
  unasked.firstMailToSender.reset();
  EXPECT_EQ(replayRefusal(unasked), std::nullopt);
}

TEST(ReplayRefusal, AReplyToAnotherCaseIsRefused) {
  auto facts = fresh();
  facts.signedContentNamesCase = false;
  auto refusal = replayRefusal(facts);
  ASSERT_TRUE(refusal);
  EXPECT_NE(refusal->find("does not name CVD#12345678"), std::string::npos) << *refusal;
}

TEST(ReplayRefusal, TheSameSignatureTwiceIsRefused) {
  auto facts = fresh();
  facts.appliedBefore = true;
  EXPECT_EQ(replayRefusal(facts),
            "replayed: this signed reply was already applied to CVD#12345678");
}

TEST(ReplayRefusal, ASignatureOlderThanTheFirstMailToItsSignerIsRefused) {
  auto facts = fresh();
  facts.signedAt = kNotice - 1s;
  auto refusal = replayRefusal(facts);
  ASSERT_TRUE(refusal);
  EXPECT_NE(refusal->find("older than the first mail"), std::string::npos) << *refusal;
  facts.signedAt = kNotice;  // the same second still counts
  EXPECT_EQ(replayRefusal(facts), std::nullopt);
  facts.signedAt.reset();
  EXPECT_TRUE(replayRefusal(facts));
}

TEST(ReplayRefusal, AQuotedNoticeReferenceNamesTheCaseAndDatesTheNotice) {
  auto facts = fresh();
  facts.signedContentNamesCase = false;  // the case line deleted, the reference kept
  facts.referencedNotice = kNotice + 2h;
  facts.signedAt = kNotice + 3h;
  EXPECT_EQ(replayRefusal(facts), std::nullopt);
  // Newer than the first mail, but older than the notice it claims to answer: a replay.
  facts.signedAt = kNotice + 1h;
  auto refusal = replayRefusal(facts);
  ASSERT_TRUE(refusal);
  EXPECT_NE(refusal->find("older than the notice it answers"), std::string::npos) << *refusal;
}
