#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "store/store.hpp"
#include "tests/store/temp_dir.hpp"

namespace cvdd::store {
namespace {

using namespace std::chrono;
using test::TempDir;

const core::Timestamp kT0 = sys_days{2026y / 11 / 22};

OutboxEntry entry(std::string messageId, core::Timestamp next) {
  OutboxEntry e;
  e.caseId = "CVD#01234567";
  e.messageId = std::move(messageId);
  e.envelopeFrom = "cvd@example.org";
  e.recipients = {"reporter@example.jp", "security@vendor.example"};
  e.raw = "From: cvd@example.org\r\nSubject: =?UTF-8?B?5Y+X5LuY?=\r\n\r\n\xe5\x8f\x97\r\n";
  e.nextAttemptAt = next;
  return e;
}

std::vector<std::uint64_t> seqs(const std::vector<OutboxEntry>& entries) {
  std::vector<std::uint64_t> out;
  for (const auto& e : entries) out.push_back(e.seq);
  return out;
}

class Outbox : public ::testing::Test {
 protected:
  TempDir tmp_;
  Store store_ = Store::open(tmp_.storeDir());
};

TEST_F(Outbox, EnqueueAssignsIncreasingSeqAndRoundTrips) {
  std::uint64_t first = 0;
  std::uint64_t second = 0;
  {
    auto txn = store_.write();
    first = txn.enqueueOutbox(entry("CVD#01234567.1@cvd.example.org", kT0));
    second = txn.enqueueOutbox(entry("CVD#01234567.2@cvd.example.org", kT0));
    txn.commit();
  }
  EXPECT_EQ(first, 1u);
  EXPECT_EQ(second, 2u);
  auto txn = store_.read();
  const auto got = txn.getOutbox(first);
  ASSERT_TRUE(got);
  const auto want = entry("CVD#01234567.1@cvd.example.org", kT0);
  EXPECT_EQ(got->seq, first);
  EXPECT_EQ(got->caseId, want.caseId);
  EXPECT_EQ(got->messageId, want.messageId);
  EXPECT_EQ(got->envelopeFrom, want.envelopeFrom);
  EXPECT_EQ(got->recipients, want.recipients);
  EXPECT_EQ(got->raw, want.raw);
  EXPECT_EQ(got->state, OutboxState::Pending);
  EXPECT_EQ(got->attempts, 0);
  EXPECT_EQ(got->nextAttemptAt, kT0);
  EXPECT_FALSE(got->sentAt);
  EXPECT_EQ(got->lastError, "");
  EXPECT_FALSE(txn.getOutbox(3));
  EXPECT_FALSE(txn.getOutbox(0));
  EXPECT_EQ(txn.pendingOutboxCount(), 2u);
}

TEST_F(Outbox, SeqKeepsIncreasingAcrossReopenAndAbortedTxnsDoNotConsumeIt) {
  {
    auto txn = store_.write();
    EXPECT_EQ(txn.enqueueOutbox(entry("a@x", kT0)), 1u);
    txn.commit();
  }
  {
    auto txn = store_.write();
    EXPECT_EQ(txn.enqueueOutbox(entry("b@x", kT0)), 2u);
  }  // aborted
  store_ = Store::open(tmp_.storeDir());
  auto txn = store_.write();
  EXPECT_EQ(txn.enqueueOutbox(entry("c@x", kT0)), 2u);
  EXPECT_EQ(txn.enqueueOutbox(entry("d@x", kT0)), 3u);
  txn.commit();
}

TEST_F(Outbox, SameMessageIdIsStoredOnceAndReturnsTheExistingSeq) {
  {
    auto txn = store_.write();
    EXPECT_EQ(txn.enqueueOutbox(entry("CVD#1.1@h", kT0)), 1u);
    EXPECT_EQ(txn.enqueueOutbox(entry("CVD#1.1@h", kT0 + hours{1})), 1u);  // same txn
    txn.commit();
  }
  {
    auto txn = store_.write();
    EXPECT_EQ(txn.enqueueOutbox(entry("CVD#1.1@h", kT0 + hours{2})), 1u);  // later txn
    EXPECT_EQ(txn.enqueueOutbox(entry("CVD#1.2@h", kT0)), 2u);
    txn.commit();
  }
  auto txn = store_.read();
  EXPECT_EQ(txn.pendingOutboxCount(), 2u);
  EXPECT_EQ(txn.getOutbox(1)->nextAttemptAt, kT0);  // the duplicate changed nothing
}

TEST_F(Outbox, DueIsOrderedByTimeThenSeqAndBoundedByNowAndLimit) {
  {
    auto txn = store_.write();
    txn.enqueueOutbox(entry("late@x", kT0 + hours{3}));                 // 1
    txn.enqueueOutbox(entry("early@x", kT0 + hours{1}));                // 2
    txn.enqueueOutbox(entry("tie@x", kT0 + hours{1}));                  // 3
    txn.enqueueOutbox(entry("past@x", kT0 - days{400}));                // 4
    txn.enqueueOutbox(entry("prehistory@x", sys_days{1960y / 1 / 1}));  // 5: negative epoch
    txn.commit();
  }
  auto txn = store_.read();
  EXPECT_EQ(seqs(txn.dueOutbox(kT0 + hours{1}, 10)), (std::vector<std::uint64_t>{5, 4, 2, 3}));
  EXPECT_EQ(seqs(txn.dueOutbox(kT0 + hours{1} - seconds{1}, 10)),
            (std::vector<std::uint64_t>{5, 4}));
  EXPECT_EQ(seqs(txn.dueOutbox(kT0 + hours{5}, 2)), (std::vector<std::uint64_t>{5, 4}));
  EXPECT_TRUE(txn.dueOutbox(kT0 + hours{5}, 0).empty());
  EXPECT_TRUE(txn.dueOutbox(sys_days{1950y / 1 / 1}, 10).empty());
  EXPECT_EQ(txn.nextOutboxAttempt(), sys_days{1960y / 1 / 1});
  EXPECT_EQ(txn.pendingOutboxCount(), 5u);
  ASSERT_EQ(txn.dueOutbox(kT0, 10).size(), 2u);
  EXPECT_EQ(txn.dueOutbox(kT0, 10)[1].raw, entry("x", kT0).raw);
}

TEST_F(Outbox, EmptyOutboxHasNothingDue) {
  auto txn = store_.read();
  EXPECT_TRUE(txn.dueOutbox(kT0, 10).empty());
  EXPECT_FALSE(txn.nextOutboxAttempt());
  EXPECT_EQ(txn.pendingOutboxCount(), 0u);
}

TEST_F(Outbox, RescheduleMovesTheEntryInTheDueIndex) {
  {
    auto txn = store_.write();
    txn.enqueueOutbox(entry("a@x", kT0));             // 1
    txn.enqueueOutbox(entry("b@x", kT0 + hours{1}));  // 2
    txn.commit();
  }
  {
    auto txn = store_.write();
    txn.rescheduleOutbox(1, kT0 + hours{2}, "451 4.7.1 try again later");
    txn.commit();
  }
  auto txn = store_.read();
  EXPECT_TRUE(txn.dueOutbox(kT0, 10).empty());
  EXPECT_EQ(seqs(txn.dueOutbox(kT0 + hours{2}, 10)), (std::vector<std::uint64_t>{2, 1}));
  EXPECT_EQ(txn.nextOutboxAttempt(), kT0 + hours{1});
  EXPECT_EQ(txn.pendingOutboxCount(), 2u);
  const auto e = txn.getOutbox(1);
  EXPECT_EQ(e->attempts, 1);
  EXPECT_EQ(e->nextAttemptAt, kT0 + hours{2});
  EXPECT_EQ(e->lastError, "451 4.7.1 try again later");
  EXPECT_EQ(e->state, OutboxState::Pending);
}

TEST_F(Outbox, RescheduleTwiceCountsAttemptsAndKeepsOneIndexEntry) {
  {
    auto txn = store_.write();
    txn.enqueueOutbox(entry("a@x", kT0));
    txn.rescheduleOutbox(1, kT0 + minutes{5}, "first");
    txn.rescheduleOutbox(1, kT0 + minutes{30}, "second");
    txn.commit();
  }
  auto txn = store_.read();
  EXPECT_EQ(txn.pendingOutboxCount(), 1u);
  EXPECT_EQ(txn.getOutbox(1)->attempts, 2);
  EXPECT_EQ(txn.getOutbox(1)->lastError, "second");
  EXPECT_EQ(txn.nextOutboxAttempt(), kT0 + minutes{30});
}

TEST_F(Outbox, ServerErrorTextThatIsNotUtf8IsKeptReadable) {
  auto txn = store_.write();
  txn.enqueueOutbox(entry("a@x", kT0));
  txn.rescheduleOutbox(1, kT0 + minutes{5}, "550 \xff\xfe bad");
  const auto e = txn.getOutbox(1);
  EXPECT_EQ(e->lastError.substr(0, 4), "550 ");
  EXPECT_NE(e->lastError.find("bad"), std::string::npos);
}

TEST_F(Outbox, MarkSentLeavesTheDueIndex) {
  {
    auto txn = store_.write();
    txn.enqueueOutbox(entry("a@x", kT0));
    txn.enqueueOutbox(entry("b@x", kT0 + hours{1}));
    txn.commit();
  }
  {
    auto txn = store_.write();
    txn.markSent(1, kT0 + seconds{3});
    txn.commit();
  }
  auto txn = store_.read();
  EXPECT_EQ(txn.pendingOutboxCount(), 1u);
  EXPECT_EQ(seqs(txn.dueOutbox(kT0 + hours{9}, 10)), (std::vector<std::uint64_t>{2}));
  EXPECT_EQ(txn.nextOutboxAttempt(), kT0 + hours{1});
  const auto e = txn.getOutbox(1);
  EXPECT_EQ(e->state, OutboxState::Sent);
  EXPECT_EQ(e->sentAt, kT0 + seconds{3});
  EXPECT_EQ(e->raw, entry("a@x", kT0).raw);  // kept: the case history refers to it
}

TEST_F(Outbox, SentEntriesStaySentAndDedupeStillApplies) {
  auto txn = store_.write();
  txn.enqueueOutbox(entry("a@x", kT0));
  txn.markSent(1, kT0 + seconds{3});
  txn.markSent(1, kT0 + seconds{9});             // the first sentAt stands
  txn.rescheduleOutbox(1, kT0 + hours{1}, "x");  // never re-queues a delivered message
  EXPECT_EQ(txn.enqueueOutbox(entry("a@x", kT0)), 1u);
  EXPECT_EQ(txn.getOutbox(1)->sentAt, kT0 + seconds{3});
  EXPECT_EQ(txn.getOutbox(1)->attempts, 0);
  EXPECT_EQ(txn.pendingOutboxCount(), 0u);
  EXPECT_FALSE(txn.nextOutboxAttempt());
}

TEST_F(Outbox, EnqueueOfAnAlreadySentEntryIsNotDue) {
  auto txn = store_.write();
  OutboxEntry sent = entry("a@x", kT0);
  sent.state = OutboxState::Sent;
  sent.sentAt = kT0;
  txn.enqueueOutbox(sent);
  EXPECT_EQ(txn.pendingOutboxCount(), 0u);
  EXPECT_EQ(txn.getOutbox(1)->state, OutboxState::Sent);
}

TEST_F(Outbox, UnknownSeqThrows) {
  auto txn = store_.write();
  EXPECT_THROW(txn.markSent(42, kT0), StoreError);
  EXPECT_THROW(txn.rescheduleOutbox(42, kT0, "x"), StoreError);
}

}  // namespace
}  // namespace cvdd::store
