#include <gtest/gtest.h>

#include <thread>

#include "daemon/maildir.hpp"
#include "temp_dir.hpp"

using namespace cvdd;

TEST(MaildirSource, ListsNewMessagesInNameOrderAndMovesAcceptedOnesToCur) {
  test::TempDir dir;
  auto store = store::Store::open(dir.path() / "db", 64 << 20);
  daemon::MaildirSource source(dir.path() / "in");
  dir.write("in/new/200.b", "Subject: second\r\n\r\n");
  dir.write("in/new/100.a", "Subject: first\r\n\r\n");
  dir.write("in/new/.hidden", "ignored");

  auto refs = source.listNew(store.read());
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].key, "maildir:100.a");
  EXPECT_EQ(source.fetch(refs[0]), "Subject: first\r\n\r\n");

  EXPECT_TRUE(source.markAccepted("maildir:100.a"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "in/cur/100.a:2,S"));
  EXPECT_TRUE(source.markAccepted("maildir:100.a"));  // idempotent
  EXPECT_FALSE(source.markAccepted("imap:x"));
  EXPECT_EQ(source.listNew(store.read()).size(), 1u);
}

TEST(MaildirSource, AcceptedButUnmovedMessageIsMovedNotListed) {
  test::TempDir dir;
  auto store = store::Store::open(dir.path() / "db", 64 << 20);
  daemon::MaildirSource source(dir.path() / "in");
  dir.write("in/new/100.a", "Subject: first\r\n\r\n");
  {
    auto txn = store.write();
    txn.putInbox({"maildir:100.a", "digest", core::Timestamp{}, "CVD#00000001", false});
    txn.commit();
  }
  EXPECT_TRUE(source.listNew(store.read()).empty());
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "in/cur/100.a:2,S"));
}

TEST(MaildirSource, ListsEachMessageWithItsSize) {
  test::TempDir dir;
  auto store = store::Store::open(dir.path() / "db", 64 << 20);
  daemon::MaildirSource source(dir.path() / "in");
  dir.write("in/new/100.a", "Subject: first\r\n\r\nbody\r\n");
  auto refs = source.listNew(store.read());
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].size, 24u);
}

TEST(MaildirSource, FetchHeaderStopsAtTheBlankLine) {
  test::TempDir dir;
  daemon::MaildirSource source(dir.path() / "in");
  dir.write("in/new/100.a",
            "From: a@example.org\r\nSubject: big\r\n\r\n" + std::string(1 << 20, 'x'));
  dir.write("in/new/200.b", "Subject: lf\n\nbody\n\nmore\n");
  EXPECT_EQ(source.fetchHeader({"maildir:100.a", 0, "100.a", 0}),
            "From: a@example.org\r\nSubject: big\r\n\r\n");
  EXPECT_EQ(source.fetchHeader({"maildir:200.b", 0, "200.b", 0}), "Subject: lf\n\n");
}

TEST(MaildirSource, FetchHeaderOfAMessageWithoutABlankLineIsBounded) {
  test::TempDir dir;
  daemon::MaildirSource source(dir.path() / "in");
  dir.write("in/new/100.a", "Subject: " + std::string(3 << 20, 'x'));
  EXPECT_EQ(source.fetchHeader({"maildir:100.a", 0, "100.a", 0}).size(), std::size_t{1} << 20);
}

TEST(MaildirSource, ADeliveryEndsTheWait) {
  test::TempDir dir;
  daemon::MaildirSource source(dir.path() / "in");
  const auto start = std::chrono::steady_clock::now();
  std::thread delivery([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    daemon::deliverToMaildir(dir.path() / "in", "Subject: pushed\r\n\r\n");
  });
  source.waitForChange(start + std::chrono::seconds(60));
  delivery.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  auto store = store::Store::open(dir.path() / "db", 64 << 20);
  EXPECT_EQ(source.listNew(store.read()).size(), 1u);
}

TEST(MaildirSource, InterruptFromAnotherThreadEndsTheWait) {
  test::TempDir dir;
  daemon::MaildirSource source(dir.path() / "in");
  const auto start = std::chrono::steady_clock::now();
  std::thread other([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    source.interrupt();
  });
  source.waitForChange(start + std::chrono::seconds(60));
  other.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
}

TEST(MaildirSource, AnInterruptBeforeTheWaitIsNotLostAndIsUsedOnce) {
  test::TempDir dir;
  daemon::MaildirSource source(dir.path() / "in");
  source.interrupt();
  const auto start = std::chrono::steady_clock::now();
  source.waitForChange(start + std::chrono::seconds(60));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  // Used up: the next wait runs to its end.
  const auto second = std::chrono::steady_clock::now();
  source.waitForChange(second + std::chrono::milliseconds(300));
  EXPECT_GE(std::chrono::steady_clock::now() - second, std::chrono::milliseconds(250));
}
