// Raw messages are stored once per SHA-256; stores of the first layout still read; the
// byte totals and the quotas checked against them.

#include <gtest/gtest.h>

#include <string>

#include "store/byte_size.hpp"
#include "store/store.hpp"
#include "tests/store/older_store.hpp"
#include "tests/store/temp_dir.hpp"

namespace cvdd::store {
namespace {

using test::TempDir;

constexpr std::uint64_t kKiB = 1024;

std::string bytesOf(char fill, std::size_t size) {
  return std::string(size, fill);
}

QuarantineItem quarantined(std::string inboxKey, std::string caseId = "") {
  QuarantineItem item;
  item.inboxKey = std::move(inboxKey);
  item.caseId = std::move(caseId);
  item.reason = "sender is not a participant";
  return item;
}

TEST(StoreRawMessages, SameBytesUnderTwoKeysAreStoredOnce) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  const std::string report = bytesOf('r', 10 * kKiB);
  {
    auto txn = store.write();
    // UIDVALIDITY renumbering: the same message under its old and new key.
    txn.putRawMessage("imap:INBOX:1:7", report);
    txn.putRawMessage("imap:INBOX:2:1", report);
    txn.putRawMessage("maildir:other", "other");
    txn.commit();
  }
  auto txn = store.read();
  EXPECT_EQ(txn.getRawMessage("imap:INBOX:1:7"), report);
  EXPECT_EQ(txn.getRawMessage("imap:INBOX:2:1"), report);
  EXPECT_EQ(txn.rawMessageBytes(), report.size() + 5);
}

TEST(StoreRawMessages, PuttingTheSameBytesAgainChangesNothing) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  for (int i = 0; i < 2; ++i) {
    auto txn = store.write();
    txn.putRawMessage("maildir:1", "same");
    txn.commit();
  }
  EXPECT_EQ(store.read().rawMessageBytes(), 4u);
  EXPECT_EQ(store.read().getRawMessage("maildir:1"), "same");
}

TEST(StoreRawMessages, NewBytesForAKeyReleaseItsOldOnes) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto txn = store.write();
  txn.putRawMessage("maildir:1", "first");
  txn.putRawMessage("maildir:2", "first");
  txn.putRawMessage("maildir:1", "second!");
  EXPECT_EQ(txn.getRawMessage("maildir:1"), "second!");
  EXPECT_EQ(txn.getRawMessage("maildir:2"), "first");  // still held by the other key
  EXPECT_EQ(txn.rawMessageBytes(), 5u + 7u);
  txn.putRawMessage("maildir:2", "second!");
  EXPECT_EQ(txn.rawMessageBytes(), 7u);
}

TEST(StoreRawMessages, AnAbortedPutLeavesNeitherBytesNorTotals) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  {
    auto txn = store.write();
    txn.putRawMessage("maildir:1", "lost");
    txn.addQuarantine(quarantined("maildir:1"));
  }
  auto txn = store.read();
  EXPECT_FALSE(txn.getRawMessage("maildir:1"));
  EXPECT_EQ(txn.rawMessageBytes(), 0u);
  EXPECT_EQ(txn.quarantinedBytes(), 0u);
}

TEST(StoreRawMessages, FirstLayoutStoreReadsAndIsCounted) {
  TempDir tmp;
  const std::string oldReport = bytesOf('o', 3 * kKiB);
  const std::string oldSpam = bytesOf('s', 2 * kKiB);
  std::uint64_t spamItem = 0;
  {
    Store store = Store::open(tmp.storeDir());
    auto txn = store.write();
    spamItem = txn.addQuarantine(quarantined("maildir:spam"));
    txn.commit();
  }
  test::writeFirstLayoutRaw(tmp.storeDir(),
                            {{"maildir:report", oldReport}, {"maildir:spam", oldSpam}});
  Store store = test::openUpgrading(tmp.storeDir());
  {
    auto txn = store.read();
    EXPECT_EQ(txn.getRawMessage("maildir:report"), oldReport);
    EXPECT_EQ(txn.getRawMessage("maildir:spam"), oldSpam);
    EXPECT_EQ(txn.rawMessageBytes(), oldReport.size() + oldSpam.size());
    EXPECT_EQ(txn.quarantinedBytes(), oldSpam.size());
  }
  auto txn = store.write();
  // The same bytes under a new key go to the new layout; the old entry is left as it is.
  txn.putRawMessage("maildir:report-again", oldReport);
  EXPECT_EQ(txn.rawMessageBytes(), 2 * oldReport.size() + oldSpam.size());
  const auto removal = txn.deleteQuarantine(spamItem);
  ASSERT_TRUE(removal);
  EXPECT_EQ(removal->freedBytes, oldSpam.size());
  EXPECT_FALSE(txn.getRawMessage("maildir:spam"));
  // Rewriting a first-layout key moves it to the new layout, once.
  txn.putRawMessage("maildir:report", oldReport);
  EXPECT_EQ(txn.getRawMessage("maildir:report"), oldReport);
  EXPECT_EQ(txn.rawMessageBytes(), oldReport.size());
  EXPECT_EQ(txn.quarantinedBytes(), 0u);
  txn.commit();
}

TEST(StoreQuotas, RawQuotaRefusesNewBytesOnly) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  store.setQuotas({100 * kKiB, 0});
  EXPECT_EQ(store.quotas(), (StoreQuotas{100 * kKiB, 0}));
  auto txn = store.write();
  txn.putRawMessage("maildir:1", bytesOf('a', 60 * kKiB));
  txn.putRawMessage("maildir:2", bytesOf('a', 60 * kKiB));  // the same bytes: no more room
  try {
    txn.putRawMessage("maildir:3", bytesOf('b', 60 * kKiB));
    FAIL() << "120 KiB under a 100 KiB quota";
  } catch (const StoreFullError& e) {
    EXPECT_EQ(e.kind(), StoreFullError::Kind::RawQuota);
    const std::string what = e.what();
    EXPECT_NE(what.find("putRawMessage: raw message quota 100 KiB reached"), std::string::npos)
        << what;
  }
  // Refused before any write: the transaction goes on without it.
  EXPECT_FALSE(txn.getRawMessage("maildir:3"));
  txn.putRawMessage("maildir:4", bytesOf('c', 40 * kKiB));
  txn.commit();
  EXPECT_EQ(store.read().rawMessageBytes(), 100 * kKiB);
}

TEST(StoreQuotas, QuarantineQuotaCountsItemsWhicheverComesFirst) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  store.setQuotas({0, 100 * kKiB});
  auto txn = store.write();
  // The daemon's order: the item, then the raw bytes.
  txn.addQuarantine(quarantined("maildir:1"));
  txn.putRawMessage("maildir:1", bytesOf('a', 60 * kKiB));
  EXPECT_EQ(txn.quarantinedBytes(), 60 * kKiB);
  txn.addQuarantine(quarantined("maildir:2"));
  try {
    txn.putRawMessage("maildir:2", bytesOf('b', 60 * kKiB));
    FAIL() << "120 KiB quarantined under a 100 KiB quota";
  } catch (const StoreFullError& e) {
    EXPECT_EQ(e.kind(), StoreFullError::Kind::QuarantineQuota);
    EXPECT_NE(std::string(e.what()).find("quarantine quota 100 KiB reached"), std::string::npos)
        << e.what();
  }
  // The other order: bytes that are no one's quarantine take none of it, until an item.
  txn.putRawMessage("maildir:3", bytesOf('c', 60 * kKiB));
  EXPECT_EQ(txn.quarantinedBytes(), 60 * kKiB);
  EXPECT_THROW(txn.addQuarantine(quarantined("maildir:3")), StoreFullError);
  EXPECT_EQ(txn.listQuarantine(false).size(), 2u);  // the refused one was not added
  store.setQuotas({});
  txn.addQuarantine(quarantined("maildir:3"));
  EXPECT_EQ(txn.quarantinedBytes(), 120 * kKiB);
  txn.commit();
}

TEST(StoreQuotas, ByteSizesReadAsAnOperatorWritesThem) {
  EXPECT_EQ(formatByteSize(0), "0 bytes");
  EXPECT_EQ(formatByteSize(1), "1 byte");
  EXPECT_EQ(formatByteSize(1023), "1023 bytes");
  EXPECT_EQ(formatByteSize(64 * kKiB), "64 KiB");
  EXPECT_EQ(formatByteSize(std::uint64_t{64} << 20), "64 MiB");
  EXPECT_EQ(formatByteSize(std::uint64_t{3} << 29), "1.5 GiB");
  EXPECT_EQ(formatByteSize(std::uint64_t{5} << 40), "5 TiB");
}

}  // namespace
}  // namespace cvdd::store
