#include "core/intake.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace cvdd::core;

namespace {
const std::set<std::string, std::less<>> kKnown = {"CVD#12345678"};
bool known(std::string_view id) {
  return kKnown.contains(id);
}

InboundMessage withSubject(std::string subject) {
  InboundMessage m;
  m.fromAddress = "reporter@example.org";
  m.subject = std::move(subject);
  return m;
}
}  // namespace

TEST(DecideIntake, SubjectWithKnownCaseIdJoinsThatCase) {
  auto decision = decideIntake(withSubject("Re: [CVD#12345678] report"), "CVD", known);
  ASSERT_TRUE(std::holds_alternative<AttachToCase>(decision));
  EXPECT_EQ(std::get<AttachToCase>(decision).caseId, "CVD#12345678");
}

TEST(DecideIntake, UnknownCaseIdOpensANewAcknowledgedCase) {
  auto decision = decideIntake(withSubject("Re: [CVD#99999999] guessed"), "CVD", known);
  ASSERT_TRUE(std::holds_alternative<OpenCase>(decision));
  EXPECT_TRUE(std::get<OpenCase>(decision).acknowledge);
}

TEST(DecideIntake, AutomaticMailOpensACaseWithoutAnswer) {
  auto message = withSubject("Out of office");
  message.autoSubmitted = true;
  auto decision = decideIntake(message, "CVD", known);
  ASSERT_TRUE(std::holds_alternative<OpenCase>(decision));
  EXPECT_FALSE(std::get<OpenCase>(decision).acknowledge);
}
