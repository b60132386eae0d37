// Key bindings, quarantine, sent-message threading, counters and the new case fields.
#include <gtest/gtest.h>

#include "store/store.hpp"
#include "tests/store/older_store.hpp"
#include "tests/store/temp_dir.hpp"

namespace cvdd::store {
namespace {

using namespace std::chrono;
using test::TempDir;

const core::Timestamp kAt{sys_days{2026y / 11 / 22} + hours{2}};

TEST(StoreTrust, CaseParticipantsAndTimelineTrustRoundTrip) {
  TempDir dir;
  auto store = Store::open(dir.path() / "db", 64 << 20);
  core::Case c;
  c.id = "CVD#00000001";
  c.reporter = "alice@reporter.example";
  c.receivedAt = kAt;
  c.participants = {
      {"alice@reporter.example", core::ParticipantRole::Reporter, "Alice",
       std::string("ABCDEF0123456789ABCDEF0123456789ABCDEF01")},
      {"psirt@vendor.example", core::ParticipantRole::Vendor, "Vendor", std::nullopt}};
  core::TimelineEntry entry{
      kAt, core::Direction::Inbound, core::MessageRole::Reply, "k",
      "m", "mallory@evil.example",   "vendors@cert.example",   "Re: [CVD#00000001]"};
  entry.authenticated = false;
  entry.signature = "bad";
  entry.signerFingerprint = "FFFF";
  entry.encrypted = true;
  entry.note = "quarantined: sender is not a participant";
  c.timeline.push_back(entry);
  {
    auto txn = store.write();
    txn.putCase(c);
    txn.commit();
  }
  auto back = store.read().getCase(c.id);
  ASSERT_TRUE(back);
  ASSERT_EQ(back->participants.size(), 2u);
  EXPECT_EQ(back->participants[0].keyFingerprint, c.participants[0].keyFingerprint);
  EXPECT_EQ(back->participants[1].role, core::ParticipantRole::Vendor);
  EXPECT_FALSE(back->participants[1].keyFingerprint);
  const auto& e = back->timeline.at(0);
  EXPECT_FALSE(e.authenticated);
  EXPECT_EQ(e.signature, "bad");
  EXPECT_EQ(e.signerFingerprint, "FFFF");
  EXPECT_TRUE(e.encrypted);
  EXPECT_EQ(e.note, "quarantined: sender is not a participant");
}

TEST(StoreTrust, KeyBindingsAreKeyedByAddress) {
  TempDir dir;
  auto store = Store::open(dir.path() / "db", 64 << 20);
  {
    auto txn = store.write();
    txn.putKeyBinding({"alice@reporter.example", "AAAA", "attached-key", "tofu", kAt, "CVD#1", ""});
    txn.putKeyBinding({"bob@vendor.example", "BBBB", "operator", "operator", kAt, "", "carol"});
    txn.commit();
  }
  auto txn = store.read();
  EXPECT_EQ(txn.getKeyBinding("alice@reporter.example")->fingerprint, "AAAA");
  EXPECT_EQ(txn.getKeyBinding("alice@reporter.example")->trust, "tofu");
  EXPECT_EQ(txn.getKeyBinding("alice@reporter.example")->boundBy, "");
  EXPECT_EQ(txn.getKeyBinding("bob@vendor.example")->boundBy, "carol");
  EXPECT_FALSE(txn.getKeyBinding("carol@example.org"));
  EXPECT_EQ(txn.listKeyBindings().size(), 2u);
}

TEST(StoreTrust, QuarantineKeepsAPendingIndex) {
  TempDir dir;
  auto store = Store::open(dir.path() / "db", 64 << 20);
  std::uint64_t first = 0, second = 0;
  {
    auto txn = store.write();
    first = txn.addQuarantine({0, "maildir:1", "CVD#1", "not a participant", kAt, "m@evil.example",
                               "Re: [CVD#1]", QuarantineState::Pending, "", std::nullopt, ""});
    second = txn.addQuarantine({0, "maildir:2", "", "over a limit", kAt, "x@y.example", "big",
                                QuarantineState::Pending, "", std::nullopt, ""});
    txn.commit();
  }
  EXPECT_EQ(first, 1u);
  EXPECT_EQ(second, 2u);
  EXPECT_EQ(store.read().listQuarantine(true).size(), 2u);
  {
    auto txn = store.write();
    auto item = *txn.getQuarantine(first);
    item.state = QuarantineState::Rejected;
    item.decidedBy = "operator";
    item.decidedAt = kAt;
    txn.putQuarantine(item);
    QuarantineItem unknown;
    unknown.id = 99;
    EXPECT_THROW(txn.putQuarantine(unknown), StoreError);
    txn.commit();
  }
  auto txn = store.read();
  ASSERT_EQ(txn.listQuarantine(true).size(), 1u);
  EXPECT_EQ(txn.listQuarantine(true)[0].id, second);
  EXPECT_EQ(txn.listQuarantine(false).size(), 2u);
  EXPECT_EQ(txn.getQuarantine(first)->state, QuarantineState::Rejected);
  EXPECT_EQ(txn.getQuarantine(first)->decidedAt, kAt);
}

TEST(StoreTrust, SentMessageIdsThreadToTheirCaseAndHeldEntriesAreNotDue) {
  TempDir dir;
  auto store = Store::open(dir.path() / "db", 64 << 20);
  {
    auto txn = store.write();
    OutboxEntry ack;
    ack.caseId = "CVD#00000001";
    ack.messageId = "CVD-00000001.acknowledgement@cert.example";
    ack.nextAttemptAt = kAt;
    txn.enqueueOutbox(ack);
    OutboxEntry held = ack;
    held.messageId = "CVD-00000001.details@cert.example";
    held.state = OutboxState::Held;
    held.confidential = true;
    held.lastError = "no usable key for psirt@vendor.example";
    txn.enqueueOutbox(held);
    txn.commit();
  }
  auto txn = store.read();
  EXPECT_EQ(txn.caseForSentMessage("CVD-00000001.acknowledgement@cert.example"), "CVD#00000001");
  EXPECT_FALSE(txn.caseForSentMessage("someone@else.example"));
  EXPECT_EQ(txn.pendingOutboxCount(), 1u);
  auto held = txn.heldOutbox();
  ASSERT_EQ(held.size(), 1u);
  EXPECT_TRUE(held[0].confidential);
  EXPECT_EQ(held[0].state, OutboxState::Held);
}

// `cvdctl todo` lists held notices from their own index, since sent entries stay in the
// outbox for good: releasing one takes it off; a store written before the index gets it
// the first time a writer opens it.
TEST(StoreTrust, HeldEntriesAreIndexedReleasedAndIndexedInOlderStores) {
  TempDir dir;
  std::uint64_t first = 0;
  std::uint64_t second = 0;
  {
    auto store = Store::open(dir.path() / "db", 64 << 20);
    auto txn = store.write();
    OutboxEntry sent;
    sent.caseId = "CVD#00000001";
    sent.messageId = "CVD-00000001.ack@cert.example";
    sent.nextAttemptAt = kAt;
    txn.markSent(txn.enqueueOutbox(sent), kAt);
    OutboxEntry held = sent;
    held.state = OutboxState::Held;
    held.messageId = "CVD-00000001.details.0@cert.example";
    first = txn.enqueueOutbox(held);
    held.messageId = "CVD-00000001.details.1@cert.example";
    second = txn.enqueueOutbox(held);
    txn.commit();
    auto held2 = store.read().heldOutbox();
    ASSERT_EQ(held2.size(), 2u);
    EXPECT_EQ(held2[0].seq, first);
    EXPECT_EQ(held2[1].seq, second);
    auto release = store.write();
    release.releaseHeld(first, "raw", kAt, "released in clear by operator:alice");
    release.commit();
    auto left = store.read().heldOutbox();
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].seq, second);
  }
  // As a version before the index left it: no outbox_held, a schema-1 store not marked
  // outbox_held_index (a schema-2 store keeps no marker).
  test::dropDatabases(dir.path() / "db", {"outbox_held"});
  auto store = test::openUpgrading(dir.path() / "db", 64 << 20);
  auto held = store.read().heldOutbox();
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].seq, second);
  EXPECT_EQ(held[0].state, OutboxState::Held);
}

TEST(StoreTrust, CountersCountAndPrune) {
  TempDir dir;
  auto store = Store::open(dir.path() / "db", 64 << 20);
  {
    auto txn = store.write();
    EXPECT_EQ(txn.bumpCounter("ack/a@x/2026112201"), 1u);
    EXPECT_EQ(txn.bumpCounter("ack/a@x/2026112201"), 2u);
    EXPECT_EQ(txn.bumpCounter("ack/a@x/2026112302"), 1u);
    txn.pruneCounters("ack/a@x/", "ack/a@x/2026112300");
    txn.commit();
  }
  auto txn = store.read();
  EXPECT_EQ(txn.counter("ack/a@x/2026112201"), 0u);
  EXPECT_EQ(txn.counter("ack/a@x/2026112302"), 1u);
}

}  // namespace
}  // namespace cvdd::store
