#include "core/key_offer.hpp"

#include <gtest/gtest.h>

using namespace cvdd::core;

namespace {

constexpr const char* kKey = "AAAA1111BBBB2222CCCC3333DDDD4444EEEE5555";

KeyOffer offerSignedBy(std::string signer, SignatureEvidence::Status status) {
  KeyOffer offer;
  offer.sender = "reporter@example.org";
  offer.offered = true;
  offer.imported = {kKey};
  offer.signature = {status, std::move(signer)};
  return offer;
}

}  // namespace

TEST(DecideReporterKey, AReportSignedByTheKeyItOffersBindsItForItsReporter) {
  auto d = decideReporterKey(offerSignedBy(kKey, SignatureEvidence::Status::Good));
  EXPECT_EQ(d.fingerprint, kKey);
  EXPECT_NE(d.note.find("signed by the key it offered"), std::string::npos) << d.note;
}

TEST(DecideReporterKey, AnUnsignedOrOtherwiseSignedReportBindsNothing) {
  using S = SignatureEvidence::Status;
  auto unsignedReport = decideReporterKey(offerSignedBy("", S::Unsigned));
  EXPECT_FALSE(unsignedReport.fingerprint);
  EXPECT_EQ(unsignedReport.note, "offered key not bound: the report is not signed");
  // Signed, but by another key (one the keyring already had): the offer proves nothing.
  auto other = decideReporterKey(offerSignedBy("9999", S::Good));
  EXPECT_FALSE(other.fingerprint);
  EXPECT_EQ(other.note, "offered key not bound: the report is not signed by an offered key");
  for (auto status : {S::Bad, S::UnknownKey, S::ExpiredKey, S::RevokedKey, S::Error})
    EXPECT_FALSE(decideReporterKey(offerSignedBy(kKey, status)).fingerprint);
}

TEST(DecideReporterKey, ATakenAddressNeverGetsAKeyByMail) {
  auto offer = offerSignedBy(kKey, SignatureEvidence::Status::Good);
  offer.protectedRole = "vendor acme";
  auto d = decideReporterKey(offer);
  EXPECT_FALSE(d.fingerprint);
  EXPECT_NE(d.note.find("is the address of vendor acme"), std::string::npos) << d.note;
}

TEST(DecideReporterKey, AnOperatorsBindingWinsOverAnyOffer) {
  auto offer = offerSignedBy(kKey, SignatureEvidence::Status::Good);
  offer.operatorKey = "1234";
  EXPECT_EQ(decideReporterKey(offer).fingerprint, "1234");
  KeyOffer quiet;
  quiet.operatorKey = "1234";
  auto d = decideReporterKey(quiet);
  EXPECT_EQ(d.fingerprint, "1234");
  EXPECT_TRUE(d.note.empty());
}

TEST(DecideReporterKey, RefusedOffersAreNamed) {
  KeyOffer offer;
  offer.sender = "reporter@example.org";
  offer.offered = true;
  offer.refusals = {"attached-key: 4 keys offered, at most 3 are taken from one message"};
  auto d = decideReporterKey(offer);
  EXPECT_FALSE(d.fingerprint);
  EXPECT_EQ(d.note,
            "offered key not bound: no offered key was imported (attached-key: 4 keys offered, "
            "at most 3 are taken from one message)");
}

TEST(DecideReporterKey, NothingOfferedNothingSaid) {
  KeyOffer offer;
  offer.sender = "reporter@example.org";
  auto d = decideReporterKey(offer);
  EXPECT_FALSE(d.fingerprint);
  EXPECT_TRUE(d.note.empty());
}
