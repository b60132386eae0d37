// Deleting quarantine items: their raw bytes go unless something else refers to them, and
// the pages they took are written again without growing the map.

#include <gtest/gtest.h>

#include <string>

#include "store/store.hpp"
#include "tests/store/temp_dir.hpp"

namespace cvdd::store {
namespace {

using test::TempDir;

QuarantineItem quarantined(std::string inboxKey, std::string caseId = "",
                           QuarantineState state = QuarantineState::Rejected) {
  QuarantineItem item;
  item.inboxKey = std::move(inboxKey);
  item.caseId = std::move(caseId);
  item.reason = "sender is not a participant";
  item.state = state;
  return item;
}

/// A message quarantined as the daemon does it: inbox item, quarantine item, raw bytes.
std::uint64_t quarantine(WriteTxn& txn, const std::string& key, const std::string& raw,
                         std::string caseId = "",
                         QuarantineState state = QuarantineState::Rejected) {
  txn.putInbox({key, "sha-" + key, core::Timestamp{}, caseId, true});
  const auto id = txn.addQuarantine(quarantined(key, std::move(caseId), state));
  txn.putRawMessage(key, raw);
  return id;
}

TEST(StoreQuarantineRemoval, DeletesTheItemAndTheBytesOnlyItReferences) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  std::uint64_t id = 0;
  {
    auto txn = store.write();
    id = quarantine(txn, "maildir:1", "spam", "", QuarantineState::Pending);
    txn.commit();
  }
  EXPECT_EQ(store.read().quarantinedBytes(), 4u);
  {
    auto txn = store.write();
    const auto removal = txn.deleteQuarantine(id);
    ASSERT_TRUE(removal);
    EXPECT_EQ(removal->item.inboxKey, "maildir:1");
    EXPECT_EQ(removal->freedBytes, 4u);
    EXPECT_EQ(removal->rawKeptBecause, "");
    EXPECT_FALSE(txn.deleteQuarantine(id));  // gone: nothing more to delete
    EXPECT_THROW(txn.putQuarantine(removal->item), StoreError);
    txn.commit();
  }
  auto txn = store.read();
  EXPECT_FALSE(txn.getQuarantine(id));
  EXPECT_TRUE(txn.listQuarantine(true).empty());
  EXPECT_TRUE(txn.listQuarantine(false).empty());
  EXPECT_FALSE(txn.getRawMessage("maildir:1"));
  EXPECT_TRUE(txn.getInbox("maildir:1"));  // a refetch of it stays a no-op
  EXPECT_EQ(txn.rawMessageBytes(), 0u);
  EXPECT_EQ(txn.quarantinedBytes(), 0u);
}

TEST(StoreQuarantineRemoval, UnknownItemIsNullopt) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto txn = store.write();
  EXPECT_FALSE(txn.deleteQuarantine(1));
  EXPECT_FALSE(txn.deleteQuarantine(0));
}

TEST(StoreQuarantineRemoval, BytesAnotherMessageSharesStay) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto txn = store.write();
  const auto first = quarantine(txn, "maildir:1", "the same flood");
  const auto second = quarantine(txn, "maildir:2", "the same flood");
  EXPECT_EQ(txn.rawMessageBytes(), 14u);
  EXPECT_EQ(txn.quarantinedBytes(), 28u);  // each item counts its message
  auto removal = txn.deleteQuarantine(first);
  ASSERT_TRUE(removal);
  EXPECT_EQ(removal->freedBytes, 0u);
  EXPECT_EQ(removal->rawKeptBecause, "another message has the same bytes");
  EXPECT_FALSE(txn.getRawMessage("maildir:1"));
  EXPECT_EQ(txn.getRawMessage("maildir:2"), "the same flood");
  removal = txn.deleteQuarantine(second);
  ASSERT_TRUE(removal);
  EXPECT_EQ(removal->freedBytes, 14u);
  EXPECT_EQ(txn.rawMessageBytes(), 0u);
  EXPECT_EQ(txn.quarantinedBytes(), 0u);
}

TEST(StoreQuarantineRemoval, BytesAnotherItemNamesStay) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto txn = store.write();
  const auto first = quarantine(txn, "maildir:1", "twice quarantined");
  const auto second = txn.addQuarantine(quarantined("maildir:1"));
  EXPECT_EQ(txn.quarantinedBytes(), 34u);
  auto removal = txn.deleteQuarantine(first);
  ASSERT_TRUE(removal);
  EXPECT_EQ(removal->freedBytes, 0u);
  EXPECT_EQ(removal->rawKeptBecause, "1 other quarantine item refers to it");
  EXPECT_EQ(txn.quarantinedBytes(), 17u);
  EXPECT_EQ(txn.deleteQuarantine(second)->freedBytes, 17u);
}

TEST(StoreQuarantineRemoval, AMessageItsCaseCountsAsAuthenticatedStays) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto txn = store.write();
  core::Case c;
  c.id = "CVD#00000001";
  for (const char* key : {"maildir:accepted", "maildir:rejected"}) {
    core::TimelineEntry entry{};
    entry.direction = core::Direction::Inbound;
    entry.role = core::MessageRole::Reply;
    entry.messageKey = key;
    entry.authenticated = std::string(key) == "maildir:accepted";  // as decided by an operator
    c.timeline.push_back(entry);
  }
  txn.putCase(c);
  const auto accepted =
      quarantine(txn, "maildir:accepted", "vendor's answer", c.id, QuarantineState::Accepted);
  const auto rejected = quarantine(txn, "maildir:rejected", "forged answer", c.id);
  auto removal = txn.deleteQuarantine(accepted);
  ASSERT_TRUE(removal);
  EXPECT_EQ(removal->freedBytes, 0u);
  EXPECT_EQ(removal->rawKeptBecause, "case CVD#00000001 counts it as an authenticated message");
  EXPECT_EQ(txn.getRawMessage("maildir:accepted"), "vendor's answer");
  removal = txn.deleteQuarantine(rejected);
  ASSERT_TRUE(removal);
  EXPECT_EQ(removal->freedBytes, 13u);
  EXPECT_FALSE(txn.getRawMessage("maildir:rejected"));
  EXPECT_EQ(txn.quarantinedBytes(), 0u);
  EXPECT_EQ(txn.rawMessageBytes(), 15u);
}

TEST(StoreQuarantineRemoval, PurgedPagesAreWrittenAgainWithoutGrowingTheMap) {
  TempDir tmp;
  constexpr std::size_t kMap = std::size_t{1} << 20;
  Store store = Store::open(tmp.storeDir(), kMap);
  auto messageOf = [](int n) {
    std::string raw(std::size_t{48} << 10, static_cast<char>('a' + n % 26));
    const std::string header = "spam " + std::to_string(n) + "\n";
    return raw.replace(0, header.size(), header);
  };
  int n = 0;
  for (;; ++n) {
    ASSERT_LT(n, 1000) << "the map never filled";
    try {
      auto txn = store.write();
      quarantine(txn, "maildir:" + std::to_string(n), messageOf(n));
      txn.commit();
    } catch (const StoreFullError& e) {
      ASSERT_EQ(e.kind(), StoreFullError::Kind::MapFull) << e.what();
      break;
    }
  }
  ASSERT_GT(n, 5);
  std::uint64_t freed = 0;
  {
    auto txn = store.write();
    for (const auto& item : txn.listQuarantine(false))
      freed += txn.deleteQuarantine(item.id)->freedBytes;
    txn.commit();
  }
  EXPECT_EQ(freed, static_cast<std::uint64_t>(n) * (std::size_t{48} << 10));
  const QuarantinePurge record{core::Timestamp{}, "carol", "state rejected",
                               static_cast<std::uint64_t>(n), freed};
  {
    auto txn = store.write();
    txn.putQuarantinePurge(record);
    txn.commit();
  }
  EXPECT_EQ(store.read().lastQuarantinePurge(), record);
  {
    auto txn = store.write();
    quarantine(txn, "maildir:after-purge", messageOf(n));
    txn.commit();
  }
  EXPECT_EQ(store.mapSize(), kMap);
  EXPECT_EQ(store.read().getRawMessage("maildir:after-purge"), messageOf(n));
  EXPECT_GT(store.usage().freeBytes, 0u);
}

}  // namespace
}  // namespace cvdd::store
