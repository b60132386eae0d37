#include "core/bounce_address.hpp"

#include <gtest/gtest.h>

using namespace cvdd::core;

namespace {

const SentMessage kSent{"CVD#00000001", "CVD-00000001.3.vulnerability-summary.0@cert.example",
                        "psirt@acme.example"};

BounceAddressEvidence evidence(bool toBounceAddress, std::optional<SentMessage> sent,
                               std::vector<std::string> failed) {
  return {toBounceAddress, std::move(sent), std::move(failed)};
}

}  // namespace

TEST(JudgeBounce, AtAVerifiedAddressForItsOwnRecipientItIsBelieved) {
  const auto verdict = judgeBounce(evidence(true, kSent, {"PSIRT@acme.example"}));
  EXPECT_TRUE(verdict.verified);
  EXPECT_EQ(verdict.caseId, "CVD#00000001");
  EXPECT_EQ(verdict.recipient, "psirt@acme.example");
}

TEST(JudgeBounce, EverythingElseIsNotBelieved) {
  const struct {
    BounceAddressEvidence evidence;
    std::string reason;
  } rows[] = {
      {evidence(false, std::nullopt, {"psirt@acme.example"}),
       "not delivered to a bounce address of cvdd"},
      {evidence(true, std::nullopt, {"psirt@acme.example"}),
       "the bounce address token verifies for no message cvdd sent"},
      {evidence(true, kSent, {}), "names no failed recipient of <" + kSent.messageId + ">"},
      {evidence(true, kSent, {"security@bolt.example"}),
       "failed recipient security@bolt.example is not the recipient of <" + kSent.messageId + ">"},
      // One right recipient does not carry a second, wrong one along.
      {evidence(true, kSent, {"psirt@acme.example", "security@bolt.example"}),
       "failed recipient security@bolt.example is not the recipient of <" + kSent.messageId + ">"},
  };
  for (const auto& row : rows) {
    const auto verdict = judgeBounce(row.evidence);
    EXPECT_FALSE(verdict.verified) << row.reason;
    EXPECT_EQ(verdict.reason, row.reason);
    // Where a token verified, the case is known, so the bounce is kept on that case.
    EXPECT_EQ(verdict.caseId.has_value(), row.evidence.sent.has_value()) << row.reason;
  }
}
