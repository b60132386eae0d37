#include "core/outbound_policy.hpp"

#include <gtest/gtest.h>

using namespace cvdd::core;

TEST(ProtectionFor, ConfidentialMailIsNeverSentInClear) {
  EXPECT_EQ(protectionFor({true, false, true}), Protection::Held);
  EXPECT_EQ(protectionFor({true, false, false}), Protection::Held);
  EXPECT_EQ(protectionFor({true, true, true}), Protection::SignedEncrypted);
  // cvdd never encrypts without signing (one sign-and-encrypt operation); without a
  // signing key it is held.
  EXPECT_EQ(protectionFor({true, true, false}), Protection::Held);
}

TEST(ProtectionFor, OrdinaryMailIsEncryptedWhenItCanBeAndSignedOtherwise) {
  EXPECT_EQ(protectionFor({false, true, true}), Protection::SignedEncrypted);
  EXPECT_EQ(protectionFor({false, false, true}), Protection::Signed);
  EXPECT_EQ(protectionFor({false, false, false}), Protection::Plain);
  EXPECT_EQ(protectionName(Protection::SignedEncrypted), "signed+encrypted");
}

TEST(ProtectionFor, ACertificateEncryptsWhenThereIsNoOpenPgpKey) {
  // {confidential, key, canSign, certificate}
  EXPECT_EQ(protectionFor({true, false, true, true}), Protection::SmimeEncrypted);
  // S/MIME encryption does not depend on the coordinator's OpenPGP signing key.
  EXPECT_EQ(protectionFor({true, false, false, true}), Protection::SmimeEncrypted);
  EXPECT_EQ(protectionFor({false, false, true, true}), Protection::SmimeEncrypted);
  // An OpenPGP key comes first.
  EXPECT_EQ(protectionFor({true, true, true, true}), Protection::SignedEncrypted);
  EXPECT_EQ(protectionName(Protection::SmimeEncrypted), "smime-encrypted");
}
