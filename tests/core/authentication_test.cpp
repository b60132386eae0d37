#include "core/authentication.hpp"

#include <gtest/gtest.h>

using namespace cvdd::core;

namespace {

const std::vector<Participant> kParticipants = {
    {"alice@reporter.example", ParticipantRole::Reporter, "Alice", std::nullopt},
    {"psirt@vendor.example", ParticipantRole::Vendor, "Vendor", std::string("ABCD1234")},
};

SenderEvidence from(std::string address, SignatureEvidence::Status status = {},
                    std::string fingerprint = {}) {
  SenderEvidence e;
  e.fromAddress = std::move(address);
  e.signature = {status, std::move(fingerprint)};
  return e;
}

}  // namespace

TEST(AuthenticateSender, KeylessParticipantNeedsAReplyTokenForTheCase) {
  // Issue 11: the From address and the case ID in the subject are not proof; anyone can
  // write both.
  auto bare = authenticateSender(kParticipants, from("Alice@Reporter.Example"));
  EXPECT_FALSE(bare.authenticated);
  EXPECT_EQ(bare.reason,
            "reporter alice@reporter.example has no registered key and the message carries no "
            "valid reply token for this case (neither in the address it was sent to nor in a "
            "notice it answers)");
  // Not even with a good signature by some key: nothing is bound to check it against.
  auto signedBare = authenticateSender(
      kParticipants, from("alice@reporter.example", SignatureEvidence::Status::Good, "EEEE0000"));
  EXPECT_FALSE(signedBare.authenticated);

  for (auto proof : {TokenProof::RecipientAddress, TokenProof::References}) {
    auto evidence = from("Alice@Reporter.Example");
    evidence.token = proof;
    auto d = authenticateSender(kParticipants, evidence);
    EXPECT_TRUE(d.authenticated) << d.reason;
    ASSERT_NE(d.participant, nullptr);
    EXPECT_EQ(d.participant->role, ParticipantRole::Reporter);
    EXPECT_NE(d.reason.find(tokenProofName(proof)), std::string::npos) << d.reason;
  }
}

TEST(AuthenticateSender, ATokenNeverReplacesTheRegisteredKeysSignature) {
  auto evidence = from("psirt@vendor.example");
  evidence.token = TokenProof::RecipientAddress;
  auto d = authenticateSender(kParticipants, evidence);
  EXPECT_FALSE(d.authenticated);
  EXPECT_NE(d.reason.find("has registered key ABCD1234"), std::string::npos) << d.reason;
}

TEST(AuthenticateSender, UnknownAddressIsRefused) {
  auto d = authenticateSender(kParticipants, from("mallory@evil.example"));
  EXPECT_FALSE(d.authenticated);
  EXPECT_EQ(d.reason, "sender mallory@evil.example is not a registered participant of the case");
}

TEST(AuthenticateSender, RegisteredKeyRequiresAGoodSignatureByThatKey) {
  using S = SignatureEvidence::Status;
  EXPECT_TRUE(authenticateSender(kParticipants, from("psirt@vendor.example", S::Good, "ABCD1234"))
                  .authenticated);
  for (auto status : {S::Unsigned, S::Bad, S::UnknownKey, S::ExpiredKey, S::RevokedKey, S::Error,
                      S::PartiallySigned}) {
    auto d = authenticateSender(kParticipants, from("psirt@vendor.example", status, "ABCD1234"));
    EXPECT_FALSE(d.authenticated);
    EXPECT_NE(d.reason.find("has registered key ABCD1234"), std::string::npos) << d.reason;
  }
  auto other = authenticateSender(kParticipants, from("psirt@vendor.example", S::Good, "FFFF0000"));
  EXPECT_FALSE(other.authenticated);
  EXPECT_NE(other.reason.find("signed by FFFF0000"), std::string::npos);
}

TEST(AuthenticateSender, ForgedTokenOrSeveralFromAddressesNeverAuthenticate) {
  auto forged = from("alice@reporter.example");
  forged.forgedReplyToken = true;
  forged.token = TokenProof::References;  // a good token elsewhere does not excuse it
  EXPECT_FALSE(authenticateSender(kParticipants, forged).authenticated);
  auto two = from("alice@reporter.example");
  two.fromCount = 2;
  two.token = TokenProof::RecipientAddress;
  EXPECT_FALSE(authenticateSender(kParticipants, two).authenticated);
}

TEST(AuthenticateSender, PartiallySignedMessageSaysSo) {
  auto d = authenticateSender(
      kParticipants,
      from("psirt@vendor.example", SignatureEvidence::Status::PartiallySigned, "ABCD1234"));
  EXPECT_FALSE(d.authenticated);
  EXPECT_NE(d.reason.find("only partially signed"), std::string::npos) << d.reason;
}
