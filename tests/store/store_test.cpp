#include "store/store.hpp"

#include <gtest/gtest.h>
#include <lmdb.h>
#include <sys/stat.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "tests/store/older_store.hpp"
#include "tests/store/temp_dir.hpp"

namespace cvdd::store {
namespace {

using namespace std::chrono;
using test::TempDir;

core::Timestamp at(year_month_day day, hours h = hours{0}) {
  return sys_days{day} + h;
}

core::Case japaneseCase() {
  core::Case c;
  c.id = "CVD#01234567";
  c.reporter = "reporter@example.jp";
  c.subject = "脆弱性の報告：ログイン画面のXSS";
  c.receivedAt = at(2026y / 11 / 22, hours{2});
  c.language = core::Language::Japanese;
  c.timeline.push_back(core::TimelineEntry{at(2026y / 11 / 22, hours{2}), core::Direction::Inbound,
                                           core::MessageRole::Report, "imap:INBOX:1700000000:42",
                                           "abc@example.jp", "reporter@example.jp",
                                           "cvd@example.org", "脆弱性の報告：ログイン画面のXSS"});
  c.timeline.push_back(core::TimelineEntry{
      at(2026y / 11 / 22, hours{3}), core::Direction::Outbound, core::MessageRole::Acknowledgement,
      "CVD#01234567.1@cvd.example.org", "CVD#01234567.1@cvd.example.org", "cvd@example.org",
      "reporter@example.jp", "Re: 脆弱性の報告 [CVD#01234567]"});
  c.timeline.push_back(core::TimelineEntry{at(2026y / 11 / 23), core::Direction::Inbound,
                                           core::MessageRole::Reply, "maildir:1763.M1P2.host",
                                           "def@example.jp", "reporter@example.jp",
                                           "cvd@example.org", "ありがとうございます"});
  return c;
}

void expectSameCase(const core::Case& a, const core::Case& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.state, b.state);
  EXPECT_EQ(a.reporter, b.reporter);
  EXPECT_EQ(a.subject, b.subject);
  EXPECT_EQ(a.receivedAt, b.receivedAt);
  EXPECT_EQ(a.language, b.language);
  ASSERT_EQ(a.timeline.size(), b.timeline.size());
  for (std::size_t i = 0; i < a.timeline.size(); ++i) {
    const auto& x = a.timeline[i];
    const auto& y = b.timeline[i];
    EXPECT_EQ(x.at, y.at) << i;
    EXPECT_EQ(x.direction, y.direction) << i;
    EXPECT_EQ(x.role, y.role) << i;
    EXPECT_EQ(x.messageKey, y.messageKey) << i;
    EXPECT_EQ(x.messageId, y.messageId) << i;
    EXPECT_EQ(x.from, y.from) << i;
    EXPECT_EQ(x.to, y.to) << i;
    EXPECT_EQ(x.subject, y.subject) << i;
  }
}

InboxItem inboxItem(std::string key, std::string sha, bool flagged = false) {
  return InboxItem{std::move(key), std::move(sha), at(2026y / 11 / 22), "CVD#01234567", flagged};
}

// ---------------------------------------------------------------------------------------
// Opening

TEST(StoreOpen, CreatesDirectoryOwnerOnlyWithPrivateFiles) {
  TempDir tmp;
  const auto dir = tmp.path() / "a" / "state";
  { Store store = Store::open(dir, std::size_t{1} << 20); }
  struct stat st {};
  ASSERT_EQ(::stat(dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  for (const char* file : {"data.mdb", "lock.mdb"}) {
    ASSERT_EQ(::stat((dir / file).c_str(), &st), 0) << file;
    EXPECT_EQ(st.st_mode & 0077, 0u) << file;
  }
}

TEST(StoreOpen, ReopenSeesCommittedState) {
  TempDir tmp;
  {
    Store store = Store::open(tmp.storeDir());
    auto txn = store.write();
    txn.putCase(japaneseCase());
    txn.putRawMessage("imap:INBOX:1:1", "raw bytes");
    txn.putSourcePosition("imap:INBOX", SourcePosition{7, 99});
    txn.commit();
  }
  Store store = Store::open(tmp.storeDir());
  auto txn = store.read();
  ASSERT_TRUE(txn.getCase("CVD#01234567"));
  expectSameCase(*txn.getCase("CVD#01234567"), japaneseCase());
  EXPECT_EQ(txn.getRawMessage("imap:INBOX:1:1"), "raw bytes");
  ASSERT_TRUE(txn.getSourcePosition("imap:INBOX"));
  EXPECT_EQ(txn.getSourcePosition("imap:INBOX")->lastUid, 99u);
}

TEST(StoreOpen, RefusesANewerSchemaVersion) {
  TempDir tmp;
  { Store::open(tmp.storeDir()); }
  {
    // Rewrite meta/schema behind the store's back, as a future version would.
    MDB_env* env = nullptr;
    ASSERT_EQ(mdb_env_create(&env), 0);
    mdb_env_set_maxdbs(env, 16);
    ASSERT_EQ(mdb_env_open(env, tmp.storeDir().c_str(), MDB_NOTLS, 0600), 0);
    MDB_txn* txn = nullptr;
    ASSERT_EQ(mdb_txn_begin(env, nullptr, 0, &txn), 0);
    MDB_dbi meta = 0;
    ASSERT_EQ(mdb_dbi_open(txn, "meta", 0, &meta), 0);
    MDB_val key{6, const_cast<char*>("schema")};
    MDB_val value{1, const_cast<char*>("3")};
    ASSERT_EQ(mdb_put(txn, meta, &key, &value, 0), 0);
    ASSERT_EQ(mdb_txn_commit(txn), 0);
    mdb_env_close(env);
  }
  try {
    Store::open(tmp.storeDir());
    FAIL() << "opened a schema-3 store";
  } catch (const StoreSchemaError& e) {
    EXPECT_EQ(e.kind(), StoreSchemaError::Kind::Newer);
    EXPECT_NE(std::string(e.what()).find("schema 3"), std::string::npos) << e.what();
  }
}

TEST(StoreOpen, FailsWithStoreErrorWhenDirIsAFile) {
  TempDir tmp;
  const auto file = tmp.path() / "file";
  {
    std::FILE* f = std::fopen(file.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fclose(f);
  }
  EXPECT_THROW(Store::open(file / "state"), StoreError);
}

TEST(StoreOpen, StoreIsMovable) {
  TempDir tmp;
  Store a = Store::open(tmp.storeDir());
  Store b = std::move(a);
  {
    auto txn = b.write();
    txn.putCase(japaneseCase());
    txn.commit();
  }
  Store c = Store::open(tmp.path() / "other");
  c = std::move(b);
  EXPECT_TRUE(c.read().hasCase("CVD#01234567"));
  EXPECT_THROW(a.read(), StoreError);  // NOLINT(bugprone-use-after-move): the contract
}

TEST(StoreOpen, TransactionKeepsEnvironmentAliveAfterStoreIsGone) {
  TempDir tmp;
  std::optional<ReadTxn> txn;
  {
    Store store = Store::open(tmp.storeDir());
    auto w = store.write();
    w.putCase(japaneseCase());
    w.commit();
    txn.emplace(store.read());
  }
  EXPECT_TRUE(txn->hasCase("CVD#01234567"));
}

// ---------------------------------------------------------------------------------------
// Cases

TEST(StoreCases, JapaneseCaseWithTimelineRoundTrips) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  {
    auto txn = store.write();
    txn.putCase(japaneseCase());
    // A write transaction reads its own writes.
    ASSERT_TRUE(txn.getCase("CVD#01234567"));
    txn.commit();
  }
  auto txn = store.read();
  const auto got = txn.getCase("CVD#01234567");
  ASSERT_TRUE(got);
  expectSameCase(*got, japaneseCase());
  EXPECT_TRUE(txn.hasCase("CVD#01234567"));
}

TEST(StoreCases, MissingCaseIsNullopt) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto txn = store.read();
  EXPECT_FALSE(txn.getCase("CVD#99999999"));
  EXPECT_FALSE(txn.hasCase("CVD#99999999"));
  // Keys LMDB cannot hold are simply not there.
  EXPECT_FALSE(txn.getCase(""));
  EXPECT_FALSE(txn.getCase(std::string(4096, 'x')));
  EXPECT_TRUE(txn.listCases().empty());
}

TEST(StoreCases, PutReplacesAndListIsOrderedById) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  {
    auto txn = store.write();
    for (const char* id : {"CVD#00000003", "CVD#00000001", "CVD#00000002"}) {
      core::Case c;
      c.id = id;
      c.subject = "first";
      txn.putCase(c);
    }
    core::Case replaced;
    replaced.id = "CVD#00000002";
    replaced.subject = "second";
    txn.putCase(replaced);
    txn.commit();
  }
  const auto cases = store.read().listCases();
  ASSERT_EQ(cases.size(), 3u);
  EXPECT_EQ(cases[0].id, "CVD#00000001");
  EXPECT_EQ(cases[1].id, "CVD#00000002");
  EXPECT_EQ(cases[1].subject, "second");
  EXPECT_EQ(cases[2].id, "CVD#00000003");
}

TEST(StoreCases, SummariesFollowPutCaseInIdOrder) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  core::Case jp = japaneseCase();
  core::Case other;
  other.id = "CVD#00000001";
  other.subject = "first";
  {
    auto txn = store.write();
    txn.putCase(jp);
    txn.putCase(other);
    txn.commit();
  }
  other.subject = "second";
  other.timeline.push_back(jp.timeline.front());
  {
    auto txn = store.write();
    txn.putCase(other);
    txn.commit();
  }
  const auto summaries = store.read().listCaseSummaries();
  ASSERT_EQ(summaries.size(), 2u);
  EXPECT_EQ(summaries[0], summaryOf(other));
  EXPECT_EQ(summaries[0].subject, "second");
  EXPECT_EQ(summaries[0].messages, 1u);
  EXPECT_EQ(summaries[1], summaryOf(jp));
  EXPECT_EQ(summaries[1].language, core::Language::Japanese);
  EXPECT_EQ(summaries[1].messages, jp.timeline.size());
}

TEST(StoreCases, OpeningAStoreWrittenBeforeSummariesFillsThem) {
  TempDir tmp;
  {
    Store store = Store::open(tmp.storeDir());
    auto txn = store.write();
    txn.putCase(japaneseCase());
    txn.commit();
  }
  // As a store written before case_summaries existed: the database is not there.
  test::dropDatabases(tmp.storeDir(), {"case_summaries"});
  Store store = test::openUpgrading(tmp.storeDir());
  const auto summaries = store.read().listCaseSummaries();
  ASSERT_EQ(summaries.size(), 1u);
  EXPECT_EQ(summaries[0], summaryOf(japaneseCase()));
}

TEST(StoreCases, InvalidUtf8IsAStoreErrorNotACorruptRecord) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto txn = store.write();
  core::Case c = japaneseCase();
  c.subject = "\xff\xfe broken";
  EXPECT_THROW(txn.putCase(c), StoreError);
  EXPECT_FALSE(txn.hasCase(c.id));
}

TEST(StoreCases, StoredFormatIsNamedJsonWithEpochSecondsAndEnumNames) {
  TempDir tmp;
  {
    Store store = Store::open(tmp.storeDir());
    auto txn = store.write();
    txn.putCase(japaneseCase());
    txn.commit();
  }
  // Read the bytes with plain LMDB, as cvdctl or mdb_dump would.
  MDB_env* env = nullptr;
  ASSERT_EQ(mdb_env_create(&env), 0);
  mdb_env_set_maxdbs(env, 16);
  ASSERT_EQ(mdb_env_open(env, tmp.storeDir().c_str(), MDB_NOTLS | MDB_RDONLY, 0600), 0);
  MDB_txn* txn = nullptr;
  ASSERT_EQ(mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn), 0);
  MDB_dbi cases = 0;
  ASSERT_EQ(mdb_dbi_open(txn, "cases", 0, &cases), 0);
  MDB_val key{12, const_cast<char*>("CVD#01234567")};
  MDB_val value{};
  ASSERT_EQ(mdb_get(txn, cases, &key, &value), 0);
  const auto j =
      nlohmann::json::parse(std::string(static_cast<char*>(value.mv_data), value.mv_size));
  mdb_txn_abort(txn);
  mdb_env_close(env);

  EXPECT_EQ(j.at("id"), "CVD#01234567");
  EXPECT_EQ(j.at("state"), "received");
  EXPECT_EQ(j.at("language"), "ja");
  EXPECT_EQ(j.at("subject"), "脆弱性の報告：ログイン画面のXSS");
  EXPECT_EQ(j.at("receivedAt"), 1795312800);  // 2026-11-22T02:00:00Z
  const auto& timeline = j.at("timeline");
  ASSERT_EQ(timeline.size(), 3u);
  EXPECT_EQ(timeline[0].at("direction"), "in");
  EXPECT_EQ(timeline[0].at("role"), "report");
  EXPECT_EQ(timeline[1].at("direction"), "out");
  EXPECT_EQ(timeline[1].at("role"), "acknowledgement");
  EXPECT_EQ(timeline[2].at("role"), "reply");
  EXPECT_EQ(timeline[2].at("messageKey"), "maildir:1763.M1P2.host");
}

// ---------------------------------------------------------------------------------------
// Transactions

TEST(StoreTxn, AbortedTransactionLeavesNothing) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  {
    auto txn = store.write();
    txn.putCase(japaneseCase());
    txn.putInbox(inboxItem("imap:INBOX:1:1", "aa"));
    txn.putRawMessage("imap:INBOX:1:1", "raw");
    txn.putSourcePosition("imap:INBOX", SourcePosition{1, 1});
    OutboxEntry entry;
    entry.messageId = "m@x";
    txn.enqueueOutbox(entry);
    // no commit: the destructor aborts
  }
  auto txn = store.read();
  EXPECT_TRUE(txn.listCases().empty());
  EXPECT_FALSE(txn.getInbox("imap:INBOX:1:1"));
  EXPECT_FALSE(txn.findInboxBySha256("aa"));
  EXPECT_TRUE(txn.unflaggedInbox().empty());
  EXPECT_FALSE(txn.getRawMessage("imap:INBOX:1:1"));
  EXPECT_FALSE(txn.getSourcePosition("imap:INBOX"));
  EXPECT_FALSE(txn.getOutbox(1));
  EXPECT_EQ(txn.pendingOutboxCount(), 0u);
  EXPECT_FALSE(txn.nextOutboxAttempt());
}

TEST(StoreTxn, ExceptionUnwindingAbortsTheTransaction) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  try {
    auto txn = store.write();
    txn.putCase(japaneseCase());
    throw std::runtime_error("handler failed");
  } catch (const std::runtime_error&) {
  }
  EXPECT_FALSE(store.read().hasCase("CVD#01234567"));
  // And the writer lock was released: another write transaction begins and commits.
  auto txn = store.write();
  txn.putCase(japaneseCase());
  txn.commit();
  EXPECT_TRUE(store.read().hasCase("CVD#01234567"));
}

TEST(StoreTxn, UseAfterCommitThrows) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto txn = store.write();
  txn.putCase(japaneseCase());
  txn.commit();
  EXPECT_THROW(txn.commit(), StoreError);
  EXPECT_THROW(txn.putCase(japaneseCase()), StoreError);
  EXPECT_THROW(txn.getCase("CVD#01234567"), StoreError);
  EXPECT_THROW(txn.listCases(), StoreError);
}

TEST(StoreTxn, MovedTransactionCarriesTheWrites) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto first = store.write();
  first.putCase(japaneseCase());
  WriteTxn second = std::move(first);
  EXPECT_THROW(first.putCase(japaneseCase()), StoreError);  // NOLINT(bugprone-use-after-move)
  second.commit();
  EXPECT_TRUE(store.read().hasCase("CVD#01234567"));
}

TEST(StoreTxn, ReadSnapshotDoesNotSeeLaterCommits) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto before = store.read();
  {
    auto txn = store.write();
    txn.putCase(japaneseCase());
    txn.commit();
  }
  EXPECT_FALSE(before.hasCase("CVD#01234567"));
  EXPECT_TRUE(store.read().hasCase("CVD#01234567"));
}

TEST(StoreTxn, SecondWriteOnSameThreadThrowsInsteadOfDeadlocking) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto txn = store.write();
  EXPECT_THROW(store.write(), StoreError);
  txn.commit();
  EXPECT_NO_THROW(store.write());
}

TEST(StoreTxn, ReadTxnMayBeUsedOnAnotherThread) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  {
    auto txn = store.write();
    txn.putCase(japaneseCase());
    txn.commit();
  }
  auto txn = store.read();
  bool seen = false;
  std::thread reader([&] { seen = txn.hasCase("CVD#01234567"); });
  reader.join();
  EXPECT_TRUE(seen);
}

TEST(StoreTxn, WriterOnAnotherThreadWaitsForTheFirst) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto txn = store.write();
  txn.putCase(japaneseCase());
  bool sawCase = false;
  std::thread other([&] {
    auto second = store.write();  // blocks until the first commits
    sawCase = second.hasCase("CVD#01234567");
    second.commit();
  });
  std::this_thread::sleep_for(milliseconds(50));
  txn.commit();
  other.join();
  EXPECT_TRUE(sawCase);
}

TEST(StoreTxn, MapFullIsAStoreErrorAndTheStoreStaysUsable) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir(), std::size_t{256} << 10);
  {
    auto txn = store.write();
    txn.putCase(japaneseCase());
    txn.commit();
  }
  try {
    auto txn = store.write();
    txn.putRawMessage("imap:INBOX:1:1", std::string(std::size_t{1} << 20, 'x'));
    txn.commit();
    FAIL() << "1 MiB fitted into a 256 KiB map";
  } catch (const StoreError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("putRawMessage"), std::string::npos) << what;
    EXPECT_NE(what.find("MDB_MAP_FULL"), std::string::npos) << what;
  }
  auto txn = store.read();
  EXPECT_TRUE(txn.hasCase("CVD#01234567"));
  EXPECT_FALSE(txn.getRawMessage("imap:INBOX:1:1"));
  auto w = store.write();
  w.putRawMessage("imap:INBOX:1:2", "small");
  w.commit();
  EXPECT_EQ(store.read().getRawMessage("imap:INBOX:1:2"), "small");
}

// ---------------------------------------------------------------------------------------
// Positions, inbox, raw

TEST(StorePositions, PutGetReplace) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto txn = store.write();
  EXPECT_FALSE(txn.getSourcePosition("imap:INBOX"));
  txn.putSourcePosition("imap:INBOX", SourcePosition{1700000000, 41});
  txn.putSourcePosition("imap:INBOX", SourcePosition{1700000000, 42});
  txn.putSourcePosition("imap:Other", SourcePosition{std::uint64_t{1} << 40, 1});
  txn.commit();
  auto r = store.read();
  ASSERT_TRUE(r.getSourcePosition("imap:INBOX"));
  EXPECT_EQ(r.getSourcePosition("imap:INBOX")->uidValidity, 1700000000u);
  EXPECT_EQ(r.getSourcePosition("imap:INBOX")->lastUid, 42u);
  EXPECT_EQ(r.getSourcePosition("imap:Other")->uidValidity, std::uint64_t{1} << 40);
}

TEST(StoreInbox, PutGetAndDuplicateKeyIsFalseAndChangesNothing) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  {
    auto txn = store.write();
    EXPECT_TRUE(txn.putInbox(inboxItem("imap:INBOX:1:1", "aa")));
    InboxItem other = inboxItem("imap:INBOX:1:1", "bb", true);
    other.caseId = "CVD#00000009";
    EXPECT_FALSE(txn.putInbox(other));
    txn.commit();
  }
  auto txn = store.read();
  const auto item = txn.getInbox("imap:INBOX:1:1");
  ASSERT_TRUE(item);
  EXPECT_EQ(item->sha256, "aa");
  EXPECT_EQ(item->caseId, "CVD#01234567");
  EXPECT_EQ(item->receivedAt, at(2026y / 11 / 22));
  EXPECT_FALSE(item->flagged);
  EXPECT_FALSE(txn.findInboxBySha256("bb"));
  EXPECT_FALSE(txn.getInbox("imap:INBOX:1:2"));
  EXPECT_FALSE(txn.getInbox(""));
}

TEST(StoreInbox, FindBySha256ReturnsTheFirstItemWithThoseBytes) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto txn = store.write();
  txn.putInbox(inboxItem("imap:INBOX:1:7", "cafe"));
  // After a UIDVALIDITY reset the same bytes arrive under a new key.
  txn.putInbox(inboxItem("imap:INBOX:2:1", "cafe"));
  txn.putInbox(inboxItem("imap:INBOX:2:2", "beef"));
  txn.putInbox(inboxItem("maildir:nosha", ""));
  txn.commit();
  auto r = store.read();
  ASSERT_TRUE(r.findInboxBySha256("cafe"));
  EXPECT_EQ(r.findInboxBySha256("cafe")->key, "imap:INBOX:1:7");
  EXPECT_EQ(r.findInboxBySha256("beef")->key, "imap:INBOX:2:2");
  EXPECT_FALSE(r.findInboxBySha256("0000"));
  EXPECT_FALSE(r.findInboxBySha256(""));
}

TEST(StoreInbox, UnflaggedIndexFollowsMarkFlagged) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  {
    auto txn = store.write();
    txn.putInbox(inboxItem("imap:INBOX:1:3", "c"));
    txn.putInbox(inboxItem("imap:INBOX:1:1", "a"));
    txn.putInbox(inboxItem("imap:INBOX:1:2", "b", /*flagged=*/true));
    txn.commit();
  }
  {
    const auto unflagged = store.read().unflaggedInbox();
    ASSERT_EQ(unflagged.size(), 2u);
    EXPECT_EQ(unflagged[0].key, "imap:INBOX:1:1");
    EXPECT_EQ(unflagged[1].key, "imap:INBOX:1:3");
  }
  {
    auto txn = store.write();
    txn.markFlagged("imap:INBOX:1:1");
    txn.markFlagged("imap:INBOX:1:1");  // idempotent
    txn.markFlagged("imap:INBOX:1:2");  // already flagged at put
    txn.commit();
  }
  auto txn = store.read();
  const auto unflagged = txn.unflaggedInbox();
  ASSERT_EQ(unflagged.size(), 1u);
  EXPECT_EQ(unflagged[0].key, "imap:INBOX:1:3");
  EXPECT_TRUE(txn.getInbox("imap:INBOX:1:1")->flagged);
}

TEST(StoreInbox, MarkFlaggedOfUnknownKeyThrows) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto txn = store.write();
  EXPECT_THROW(txn.markFlagged("imap:INBOX:9:9"), StoreError);
}

TEST(StoreRaw, BytesRoundTripExactly) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  std::string raw = "Subject: =?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=\r\n\r\n";
  raw.push_back('\0');
  raw += "\x82\xa0\xff 8-bit body\r\n";  // Shift_JIS and junk: not UTF-8, kept as is
  {
    auto txn = store.write();
    txn.putRawMessage("maildir:1.M2.host", raw);
    txn.commit();
  }
  auto txn = store.read();
  EXPECT_EQ(txn.getRawMessage("maildir:1.M2.host"), raw);
  EXPECT_FALSE(txn.getRawMessage("maildir:other"));
}

}  // namespace
}  // namespace cvdd::store
