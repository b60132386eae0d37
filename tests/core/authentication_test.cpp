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

TEST(AuthenticateSender, RegisteredAddressWithoutKeySuffices) {
  auto d = authenticateSender(kParticipants, from("Alice@Reporter.Example"));
  EXPECT_TRUE(d.authenticated) << d.reason;
  ASSERT_NE(d.participant, nullptr);
  EXPECT_EQ(d.participant->role, ParticipantRole::Reporter);
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
  EXPECT_FALSE(authenticateSender(kParticipants, forged).authenticated);
  auto two = from("alice@reporter.example");
  two.fromCount = 2;
  EXPECT_FALSE(authenticateSender(kParticipants, two).authenticated);
}

TEST(AuthenticateSender, PartiallySignedMessageSaysSo) {
  auto d = authenticateSender(
      kParticipants,
      from("psirt@vendor.example", SignatureEvidence::Status::PartiallySigned, "ABCD1234"));
  EXPECT_FALSE(d.authenticated);
  EXPECT_NE(d.reason.find("only partially signed"), std::string::npos) << d.reason;
}
