// A full map is a StoreFullError the caller acts on: grow() and the same transaction fits;
// another process (cvdctl) goes on reading after the growth.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "store/store.hpp"
#include "tests/store/temp_dir.hpp"

namespace cvdd::store {
namespace {

using test::TempDir;

constexpr std::size_t kMiB = std::size_t{1} << 20;
constexpr std::size_t kMessage = std::size_t{64} << 10;

/// A message of its own bytes (the store keeps equal bytes once).
std::string message(int n) {
  std::string bytes(kMessage, static_cast<char>('a' + n % 26));
  const std::string header = "message " + std::to_string(n) + "\n";
  return bytes.replace(0, header.size(), header);
}

std::string keyOf(int n) {
  return "maildir:" + std::to_string(n);
}

/// One message's transaction, as the daemon's intake writes it.
void accept(Store& store, int n) {
  auto txn = store.write();
  txn.putInbox({keyOf(n), "sha-" + std::to_string(n), core::Timestamp{}, "", false});
  txn.putRawMessage(keyOf(n), message(n));
  txn.commit();
}

/// Accepts messages until the map is full; returns the one that did not fit.
int fillUntilFull(Store& store) {
  for (int n = 0; n < 1000; ++n) {
    try {
      accept(store, n);
    } catch (const StoreFullError& e) {
      EXPECT_EQ(e.kind(), StoreFullError::Kind::MapFull) << e.what();
      EXPECT_NE(std::string(e.what()).find("MDB_MAP_FULL"), std::string::npos) << e.what();
      return n;
    }
  }
  ADD_FAILURE() << "1000 messages of 64 KiB fitted";
  return -1;
}

TEST(StoreCapacity, MapFullKeepsNothingOfTheTxnAndGrowLetsTheSameTxnSucceed) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir(), kMiB);
  const int failed = fillUntilFull(store);
  ASSERT_GT(failed, 0);
  {
    auto txn = store.read();
    EXPECT_FALSE(txn.getInbox(keyOf(failed)));  // written before the raw bytes, dropped too
    EXPECT_FALSE(txn.getRawMessage(keyOf(failed)));
    EXPECT_EQ(txn.getRawMessage(keyOf(failed - 1)), message(failed - 1));
    EXPECT_EQ(txn.rawMessageBytes(), kMessage * static_cast<std::size_t>(failed));
  }
  EXPECT_EQ(store.mapSize(), kMiB);
  ASSERT_TRUE(store.grow(4 * kMiB));
  EXPECT_EQ(store.mapSize(), 2 * kMiB);
  accept(store, failed);
  EXPECT_EQ(store.read().getRawMessage(keyOf(failed)), message(failed));
}

TEST(StoreCapacity, DeadTxnRefusesEverythingAfterMapFull) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir(), kMiB);
  auto txn = store.write();
  EXPECT_THROW(txn.putRawMessage("maildir:big", std::string(2 * kMiB, 'x')), StoreFullError);
  EXPECT_THROW(txn.putRawMessage("maildir:small", "s"), StoreError);
  EXPECT_THROW(store.grow(4 * kMiB), StoreError);  // the dead txn is still open
  EXPECT_THROW(txn.commit(), StoreError);
  EXPECT_TRUE(store.grow(4 * kMiB));  // a failed commit ended it
  EXPECT_FALSE(store.read().getRawMessage("maildir:small"));
}

TEST(StoreCapacity, GrowDoublesUpToTheCapRoundedToPages) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir(), kMiB);
  const auto page = store.usage().pageSize;
  ASSERT_GT(page, 0u);
  EXPECT_FALSE(store.grow(kMiB));  // already there
  EXPECT_FALSE(store.grow(kMiB / 2));
  EXPECT_TRUE(store.grow(3 * kMiB + 100));
  EXPECT_EQ(store.mapSize(), 2 * kMiB);
  EXPECT_TRUE(store.grow(3 * kMiB + 100));
  EXPECT_EQ(store.mapSize(), 3 * kMiB);  // the cap, rounded down to a page
  EXPECT_EQ(store.mapSize() % page, 0u);
  EXPECT_FALSE(store.grow(3 * kMiB + 100));
  EXPECT_EQ(store.mapSize(), 3 * kMiB);
}

TEST(StoreCapacity, ReopeningKeepsAGrownMap) {
  TempDir tmp;
  {
    Store store = Store::open(tmp.storeDir(), kMiB);
    fillUntilFull(store);
    ASSERT_TRUE(store.grow(4 * kMiB));
    accept(store, 999);  // the commit records the new size in the file
  }
  // The daemon restarted with its configured size: it must not begin at a full map.
  EXPECT_EQ(Store::open(tmp.storeDir(), kMiB).mapSize(), 2 * kMiB);
  EXPECT_EQ(Store::open(tmp.storeDir(), 8 * kMiB).mapSize(), 8 * kMiB);
}

TEST(StoreCapacity, GrowIsRefusedWhileItsOwnTxnStaysOpen) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir(), kMiB);
  {
    auto txn = store.read();
    EXPECT_THROW(store.grow(4 * kMiB), StoreError);
  }
  EXPECT_TRUE(store.grow(4 * kMiB));
}

TEST(StoreCapacity, GrowWaitsForAnotherThreadsTxnToEnd) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir(), kMiB);
  std::atomic<bool> begun{false};
  std::thread reader([&] {
    auto txn = store.read();
    begun = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  });
  while (!begun) std::this_thread::yield();
  EXPECT_TRUE(store.grow(4 * kMiB));
  reader.join();
  EXPECT_EQ(store.mapSize(), 2 * kMiB);
}

TEST(StoreCapacity, UsageCountsPagesUpToTheHighWaterMark) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir(), 4 * kMiB);
  const auto before = store.usage();
  EXPECT_EQ(before.mapSize, 4 * kMiB);
  accept(store, 1);
  const auto after = store.usage();
  EXPECT_GE(after.usedBytes, before.usedBytes + kMessage);
  EXPECT_LT(after.usedBytes, after.mapSize);
  EXPECT_EQ(after.usedBytes % after.pageSize, 0u);
  EXPECT_LT(after.freeBytes, after.usedBytes);
}

/// One byte each way over a pipe: the child waits for the parent at the points that matter.
struct Signal {
  Signal() {
    if (::pipe(fds) != 0) ADD_FAILURE() << "pipe";
  }
  ~Signal() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
  void post() const { EXPECT_EQ(::write(fds[1], "x", 1), 1); }
  bool wait() const {
    char c = 0;
    return ::read(fds[0], &c, 1) == 1;
  }
  int fds[2] = {-1, -1};
};

TEST(StoreCapacity, AnotherProcessReadsOnAfterTheMapGrew) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir(), kMiB);
  accept(store, 0);
  const Signal opened;
  const Signal grown;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::alarm(20);  // a stuck child fails the test instead of hanging it
    bool ok = false;
    try {
      // cvdctl: opened before the daemon grew the map, with the configured 1 MiB.
      Store cvdctl = Store::open(tmp.storeDir(), kMiB);
      ok = cvdctl.read().getRawMessage(keyOf(0)) == message(0);
      opened.post();
      ok = grown.wait() && ok;
      auto txn = cvdctl.read();
      for (int n = 0; ok && txn.getRawMessage(keyOf(n)); ++n)
        ok = txn.getRawMessage(keyOf(n)) == message(n);
      ok = ok && txn.rawMessageBytes() > kMiB;
    } catch (...) {
      ok = false;
    }
    ::_exit(ok ? 0 : 1);
  }
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(opened.wait());
  // The daemon: fills the map, grows it and writes past the child's mapping.
  for (int round = 0; round < 2; ++round) {
    const int failed = fillUntilFull(store);
    ASSERT_TRUE(store.grow(8 * kMiB));
    accept(store, failed);
  }
  grown.post();
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace cvdd::store
