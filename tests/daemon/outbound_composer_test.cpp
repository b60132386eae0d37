// The outbound protection policy applied with a real keyring (throwaway GNUPGHOME).
#include "daemon/outbound_composer.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <utility>

#include "gpg_spawn_log.hpp"
#include "temp_dir.hpp"

using namespace cvdd;

namespace {

class OutboundComposerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto keyring = crypto::Keyring::open(dir_.path() / "gnupg");
    ASSERT_TRUE(keyring) << keyring.error().what;
    keyring_.emplace(std::move(*keyring));
    auto coordinator = keyring_->generateKey("Example CERT", "vendors@cert.example");
    ASSERT_TRUE(coordinator) << coordinator.error().what;
    coordinator_ = *coordinator;
    auto vendor = keyring_->generateKey("Vendor PSIRT", "psirt@vendor.example");
    ASSERT_TRUE(vendor) << vendor.error().what;
    vendor_ = *vendor;
  }
  void TearDown() override {
    keyring_.reset();
    const std::string kill =
        "gpgconf --homedir '" + (dir_.path() / "gnupg").string() + "' --kill all >/dev/null 2>&1";
    [[maybe_unused]] int rc = std::system(kill.c_str());
  }

  daemon::OutboundRequest request(std::string recipient, bool confidential) const {
    daemon::OutboundRequest r;
    r.message.from = {"Example CERT", "vendors@cert.example"};
    r.message.to = {{"", recipient}};
    r.message.subject = "[CVD#00000001] Details: heap overflow in parser";
    r.message.messageId = "CVD-00000001.details@cert.example";
    r.message.date = "Sun, 22 Nov 2026 02:00:00 +0000";
    r.message.bodyText = "The overflow is in parse_header().\n";
    r.caseId = "CVD#00000001";
    r.envelopeFrom = "vendors@cert.example";
    r.recipient = std::move(recipient);
    r.confidential = confidential;
    return r;
  }

  void bindVendorKey() {
    auto txn = store_.write();
    txn.putKeyBinding({"psirt@vendor.example", vendor_, "operator", "operator", {}, "", "alice"});
    txn.commit();
  }

  test::TempDir dir_;
  store::Store store_ = store::Store::open(dir_.path() / "db", 64 << 20);
  std::optional<crypto::Keyring> keyring_;
  std::string coordinator_;
  std::string vendor_;
};

}  // namespace

TEST_F(OutboundComposerTest, OrdinaryMailWithoutARecipientKeyIsSignedInClear) {
  core::Protection applied{};
  auto entry = daemon::composeOutbound(request("psirt@vendor.example", false), store_.read(),
                                       {&*keyring_, coordinator_}, &applied);
  EXPECT_EQ(applied, core::Protection::Signed);
  EXPECT_EQ(entry.state, store::OutboxState::Pending);
  EXPECT_NE(entry.raw.find("multipart/signed"), std::string::npos);
  EXPECT_NE(entry.raw.find("-----BEGIN PGP SIGNATURE-----"), std::string::npos);
}

TEST_F(OutboundComposerTest, ConfidentialMailWithoutAKeyIsHeldAndNothingOfItCanBeSent) {
  core::Protection applied{};
  auto entry = daemon::composeOutbound(request("psirt@vendor.example", true), store_.read(),
                                       {&*keyring_, coordinator_}, &applied);
  EXPECT_EQ(applied, core::Protection::Held);
  EXPECT_EQ(entry.state, store::OutboxState::Held);
  EXPECT_TRUE(entry.raw.empty());
  EXPECT_EQ(entry.raw.find("parse_header"), std::string::npos);
  EXPECT_NE(entry.lastError.find("no usable OpenPGP key or S/MIME certificate"), std::string::npos);
  // Kept as composed, for an operator's release in clear; never as sendable bytes.
  EXPECT_NE(entry.heldNotice.find("parse_header"), std::string::npos);
  // A held entry is never due: the sender cannot pick it up.
  {
    auto txn = store_.write();
    txn.enqueueOutbox(entry);
    txn.commit();
  }
  EXPECT_EQ(store_.read().pendingOutboxCount(), 0u);
  EXPECT_EQ(store_.read().heldOutbox().size(), 1u);
}

TEST_F(OutboundComposerTest, ABoundKeyMeansSignedAndEncryptedWithTheSubjectMasked) {
  bindVendorKey();
  for (bool confidential : {false, true}) {
    core::Protection applied{};
    auto entry = daemon::composeOutbound(request("psirt@vendor.example", confidential),
                                         store_.read(), {&*keyring_, coordinator_}, &applied);
    EXPECT_EQ(applied, core::Protection::SignedEncrypted);
    EXPECT_NE(entry.raw.find("multipart/encrypted"), std::string::npos);
    EXPECT_NE(entry.raw.find("Subject: [CVD#00000001]\r\n"), std::string::npos);
    EXPECT_EQ(entry.raw.find("heap overflow"), std::string::npos);
    EXPECT_EQ(entry.raw.find("parse_header"), std::string::npos);
    // The coordinator can read its own sent mail, and it is signed inside the OpenPGP
    // message (RFC 3156 §6.2): the decrypted entity is the text part itself.
    auto start = entry.raw.find("-----BEGIN PGP MESSAGE-----");
    auto end = entry.raw.find("-----END PGP MESSAGE-----");
    ASSERT_NE(start, std::string::npos);
    auto plain = keyring_->decrypt(entry.raw.substr(start, end + 25 - start));
    ASSERT_TRUE(plain) << plain.error().what;
    EXPECT_NE(plain->plaintext.find("heap overflow"), std::string::npos);
    EXPECT_NE(plain->plaintext.find("\r\nContent-Type: text/plain; charset=UTF-8;\r\n "
                                    "protected-headers=\"v1\"\r\n"),
              std::string::npos)
        << plain->plaintext;
    EXPECT_EQ(plain->plaintext.find("multipart/signed"), std::string::npos);
    EXPECT_EQ(plain->signature.status, crypto::SignatureStatus::Good);
    EXPECT_EQ(plain->signature.fingerprint, coordinator_);
  }
}

TEST_F(OutboundComposerTest, EachNoticeCostsOneGpgProcessSignedOrSignedAndEncrypted) {
  bindVendorKey();
  // A Keyring on the same home opened while the logging wrapper is GPGME's engine.
  crypto::test::GpgSpawnLog log(dir_.path());
  auto counted = crypto::Keyring::open(dir_.path() / "gnupg");
  ASSERT_TRUE(counted) << counted.error().what;
  const daemon::OutboundSigner signer{&*counted, coordinator_};
  const auto compose = [&](const std::string& recipient) {
    core::Protection applied{};
    daemon::composeOutbound(request(recipient, false), store_.read(), signer, &applied);
    return applied;
  };
  // Warm: the coordinator's and the vendor's keys are listed once, then cached.
  ASSERT_EQ(compose("psirt@vendor.example"), core::Protection::SignedEncrypted);
  ASSERT_EQ(compose("other@vendor.example"), core::Protection::Signed);
  constexpr std::size_t kRounds = 3;
  for (const auto& [recipient, protection] :
       {std::pair{"psirt@vendor.example", core::Protection::SignedEncrypted},
        std::pair{"other@vendor.example", core::Protection::Signed}}) {
    const std::size_t before = log.count();
    for (std::size_t i = 0; i < kRounds; ++i) EXPECT_EQ(compose(recipient), protection);
    const auto starts = log.starts();
    std::string lines;
    for (std::size_t i = before; i < starts.size(); ++i) lines += starts[i] + "\n";
    EXPECT_EQ(starts.size() - before, kRounds) << recipient << ":\n" << lines;
  }
}

TEST_F(OutboundComposerTest, WithoutASigningKeyOrdinaryMailIsPlainAndConfidentialIsHeld) {
  bindVendorKey();
  core::Protection applied{};
  auto plain = daemon::composeOutbound(request("psirt@vendor.example", false), store_.read(),
                                       {&*keyring_, ""}, &applied);
  EXPECT_EQ(applied, core::Protection::Plain);
  EXPECT_NE(plain.raw.find("Content-Type: text/plain"), std::string::npos);
  auto held = daemon::composeOutbound(request("psirt@vendor.example", true), store_.read(),
                                      {&*keyring_, ""}, &applied);
  EXPECT_EQ(applied, core::Protection::Held);
  EXPECT_TRUE(held.raw.empty());
}
