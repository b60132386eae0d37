#include <gtest/gtest.h>

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
