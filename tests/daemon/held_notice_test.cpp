// A held confidential notice: kept as composed, never sendable, released in clear only on
// an operator's word, recorded on the case. Real keyring and store in a temp dir.
#include "daemon/held_notice.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "temp_dir.hpp"

using namespace cvdd;

namespace {

class HeldNoticeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto keyring = crypto::Keyring::open(dir_.path() / "gnupg");
    ASSERT_TRUE(keyring) << keyring.error().what;
    keyring_.emplace(std::move(*keyring));
    auto coordinator = keyring_->generateKey("Example CERT", "vendors@cert.example");
    ASSERT_TRUE(coordinator) << coordinator.error().what;
    coordinator_ = *coordinator;
    core::Case c;
    c.id = "CVD#00000001";
    c.reporter = "reporter@example.org";
    auto txn = store_.write();
    txn.putCase(c);
    txn.commit();
  }
  void TearDown() override {
    keyring_.reset();
    const std::string kill =
        "gpgconf --homedir '" + (dir_.path() / "gnupg").string() + "' --kill all >/dev/null 2>&1";
    [[maybe_unused]] int rc = std::system(kill.c_str());
  }

  std::uint64_t holdDetails() {
    daemon::OutboundRequest r;
    r.message.from = {"Example CERT", "vendors@cert.example"};
    r.message.to = {{"", "psirt@keyless.example"}};
    r.message.subject = "[CVD#00000001] Details";
    r.message.messageId = "CVD-00000001.3.vulnerability-details.0@cert.example";
    r.message.date = "Sun, 22 Nov 2026 02:00:00 +0000";
    r.message.bodyText = "The overflow is in parse_header().\n";
    r.caseId = "CVD#00000001";
    r.envelopeFrom = "vendors@cert.example";
    r.recipient = "psirt@keyless.example";
    r.confidential = true;
    r.now = heldAt_;
    auto txn = store_.write();
    auto entry = daemon::composeOutbound(r, txn, signer());
    EXPECT_EQ(entry.state, store::OutboxState::Held);
    const auto seq = txn.enqueueOutbox(std::move(entry));
    txn.commit();
    return seq;
  }

  daemon::OutboundSigner signer() { return {&*keyring_, coordinator_}; }

  test::TempDir dir_;
  store::Store store_ = store::Store::open(dir_.path() / "db", 64 << 20);
  std::optional<crypto::Keyring> keyring_;
  std::string coordinator_;
  const core::Timestamp heldAt_ = core::Timestamp(std::chrono::seconds(1'795'000'000));
  const core::Timestamp releasedAt_ = heldAt_ + std::chrono::hours(50);
};

}  // namespace

TEST_F(HeldNoticeTest, TheNoticeRoundTripsThroughItsEncoding) {
  templates::OutgoingMessage m;
  m.from = {"CERT", "vendors@cert.example"};
  m.to = {{"日本語", "a@b.example"}};
  m.replyTo = {{"", "vendors+tok@cert.example"}};
  m.subject = "件名";
  m.references = {"x@y"};
  m.bodyText = "line\n";
  m.extraHeaders = {{"X-A", "b"}};
  auto back = daemon::decodeHeldNotice(daemon::encodeHeldNotice(m));
  ASSERT_TRUE(back) << back.error().what;
  EXPECT_EQ(back->to.front().displayName, "日本語");
  EXPECT_EQ(back->subject, "件名");
  EXPECT_EQ(back->extraHeaders, m.extraHeaders);
  EXPECT_FALSE(daemon::decodeHeldNotice("{").has_value());
}

TEST_F(HeldNoticeTest, AHeldEntryIsNeverDueUntilReleasedThenSignedInClearAndRecorded) {
  const auto seq = holdDetails();
  EXPECT_EQ(store_.read().pendingOutboxCount(), 0u);
  EXPECT_TRUE(store_.read().getOutbox(seq)->raw.empty());

  auto txn = store_.write();
  auto released =
      daemon::releaseHeldInClear(txn, signer(), seq, "alice", "vendor asked by phone", releasedAt_);
  ASSERT_TRUE(released) << released.error().what;
  txn.commit();
  EXPECT_EQ(released->recipient, "psirt@keyless.example");

  const auto entry = store_.read().getOutbox(seq);
  EXPECT_EQ(entry->state, store::OutboxState::Pending);
  EXPECT_TRUE(entry->heldNotice.empty());
  EXPECT_NE(entry->raw.find("multipart/signed"), std::string::npos);
  EXPECT_NE(entry->raw.find("-----BEGIN PGP SIGNATURE-----"), std::string::npos);
  EXPECT_EQ(entry->raw.find("multipart/encrypted"), std::string::npos);
  EXPECT_EQ(store_.read().dueOutbox(releasedAt_, 10).size(), 1u);

  const auto c = store_.read().getCase("CVD#00000001");
  ASSERT_FALSE(c->timeline.empty());
  const auto& note = c->timeline.back().note;
  EXPECT_NE(note.find("released in clear by alice: vendor asked by phone"), std::string::npos);
  EXPECT_NE(note.find("held since"), std::string::npos);
  EXPECT_EQ(c->timeline.back().signature, "signed");
}

TEST_F(HeldNoticeTest, ReleaseIsRefusedWithoutAReasonAndForEntriesThatAreNotHeld) {
  const auto seq = holdDetails();
  {
    auto txn = store_.write();
    auto refused = daemon::releaseHeldInClear(txn, signer(), seq, "alice", "  ", releasedAt_);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, core::Errc::InvalidConfig);
    auto missing = daemon::releaseHeldInClear(txn, signer(), seq + 100, "alice", "r", releasedAt_);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, core::Errc::NotFound);
  }
  EXPECT_EQ(store_.read().getOutbox(seq)->state, store::OutboxState::Held);
  {
    auto txn = store_.write();
    ASSERT_TRUE(daemon::releaseHeldInClear(txn, signer(), seq, "alice", "r", releasedAt_));
    txn.commit();
  }
  auto txn = store_.write();
  auto twice = daemon::releaseHeldInClear(txn, signer(), seq, "bob", "again", releasedAt_);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, core::Errc::IllegalTransition);
}
