// Hot backups while a writer goes on, checking them, the state lock, and restoring.

#include "store/backup.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <string>
#include <thread>

#include "store/state_lock.hpp"
#include "store/store.hpp"
#include "tests/store/temp_dir.hpp"

namespace cvdd::store {
namespace {

using namespace std::chrono;
using test::TempDir;

const core::Timestamp kNow{sys_days{2026y / 11 / 22} + hours{11}};

std::string caseId(int n) {
  std::string digits = std::to_string(n);
  return "CVD#" + std::string(8 - digits.size(), '0') + digits;
}

/// One transaction of two records that belong together: a case and its raw report.
void writePair(Store& store, int n) {
  core::Case c;
  c.id = caseId(n);
  c.subject = "report " + std::to_string(n);
  c.timeline.push_back({});
  c.timeline.back().messageKey = "maildir:" + std::to_string(n);
  auto txn = store.write();
  txn.putCase(c);
  txn.putRawMessage("maildir:" + std::to_string(n), std::string(4096, 'r') + std::to_string(n));
  txn.commit();
}

/// A backup file opened as a store of its own (LMDB wants data.mdb in a directory).
Store openCopy(const std::filesystem::path& backup, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(backup, dir / "data.mdb");
  return Store::open(dir);
}

std::string readFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(StoreBackup, CopyDuringWritesHoldsEveryRecordUpToSomeCommitAndNothingHalf) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  for (int n = 1; n <= 50; ++n) writePair(store, n);
  std::atomic<int> committed{50};
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int n = 51; !stop; ++n) {
      writePair(store, n);
      committed = n;
    }
  });
  const int before = committed;
  const auto file = tmp.path() / "cvdd.backup";
  const auto bytes = store.backupTo(file, false);
  const int after = committed;
  stop = true;
  writer.join();

  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);  // it holds embargoed reports
  EXPECT_EQ(static_cast<std::uint64_t>(st.st_size), bytes);
  EXPECT_FALSE(std::filesystem::exists(tmp.path() / "cvdd.backup.tmp"));
  EXPECT_EQ(checkBackup(file).bytes, bytes);

  Store copy = openCopy(file, tmp.path() / "copy");
  auto txn = copy.read();
  const auto cases = txn.listCases();
  const int held = static_cast<int>(cases.size());
  EXPECT_GE(held, before);
  EXPECT_LE(held, after + 1);  // a commit may land between copying and reading `committed`
  for (int n = 1; n <= held; ++n) {
    ASSERT_EQ(cases[static_cast<std::size_t>(n - 1)].id, caseId(n));  // a prefix, no gaps
    EXPECT_EQ(txn.getRawMessage("maildir:" + std::to_string(n)),
              std::string(4096, 'r') + std::to_string(n))
        << n;  // and each case's pair
  }
  EXPECT_FALSE(txn.getRawMessage("maildir:" + std::to_string(held + 1)));
}

TEST(StoreBackup, RefusesToReplaceAFileUnlessAsked) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  writePair(store, 1);
  const auto file = tmp.path() / "cvdd.backup";
  { std::ofstream(file) << "precious"; }
  try {
    store.backupTo(file, false);
    FAIL() << "replaced an existing file";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("exists"), std::string::npos) << e.what();
  }
  EXPECT_EQ(readFile(file), "precious");
  EXPECT_FALSE(std::filesystem::exists(tmp.path() / "cvdd.backup.tmp"));
  store.backupTo(file, true);
  EXPECT_EQ(checkBackup(file).cases, 1u);
  EXPECT_THROW(store.backupTo(tmp.storeDir() / "data.mdb", true), StoreError);
  EXPECT_THROW(store.backupTo(tmp.storeDir() / "copy", false), StoreError);
}

TEST(StoreBackup, CheckRefusesWhatIsNotACompleteStore) {
  TempDir tmp;
  const auto garbage = tmp.path() / "garbage";
  { std::ofstream(garbage) << std::string(16384, 'g'); }
  EXPECT_THROW(checkBackup(garbage), StoreError);
  EXPECT_THROW(checkBackup(tmp.path() / "missing"), StoreError);
  EXPECT_THROW(checkBackup(tmp.path()), StoreError);  // a directory

  Store store = Store::open(tmp.storeDir());
  for (int n = 1; n <= 20; ++n) writePair(store, n);
  const auto good = tmp.path() / "good";
  const auto size = store.backupTo(good, false);
  EXPECT_EQ(checkBackup(good).cases, 20u);
  const auto truncated = tmp.path() / "truncated";
  std::filesystem::copy_file(good, truncated);
  std::filesystem::resize_file(truncated, size / 2);
  try {
    checkBackup(truncated);
    FAIL() << "a truncated backup passed";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(tmp.path() / "good-lock"));  // no lock file left
}

TEST(StateLock, IsExclusiveAndReleasedWithItsHolder) {
  TempDir tmp;
  auto first = StateLock::tryAcquire(tmp.path());
  ASSERT_TRUE(first);
  EXPECT_EQ(StateLock::holder(tmp.path()), ::getpid());
  EXPECT_FALSE(StateLock::tryAcquire(tmp.path()));  // even within one process
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(StateLock::tryAcquire(tmp.path()) ? 1 : 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_EQ(WEXITSTATUS(status), 0) << "another process took a held lock";
  struct stat st {};
  ASSERT_EQ(::stat((tmp.path() / "cvdd.lock").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  first.reset();
  EXPECT_TRUE(StateLock::tryAcquire(tmp.path()));
}

TEST(StoreRestore, ReplacesTheEnvironmentWithExactlyTheBackup) {
  TempDir tmp;
  const auto dbDir = tmp.storeDir();
  const auto file = tmp.path() / "cvdd.backup";
  {
    Store store = Store::open(dbDir);
    for (int n = 1; n <= 3; ++n) writePair(store, n);
    store.backupTo(file, false);
    writePair(store, 4);  // after the backup: the restore takes it away
    auto txn = store.write();
    txn.putRawMessage("maildir:1", "changed after the backup");
    txn.commit();
  }
  const auto replaced = readFile(dbDir / "data.mdb");
  auto lock = StateLock::tryAcquire(tmp.path());
  ASSERT_TRUE(lock);
  const auto result = restoreBackup(*lock, dbDir, file, true, kNow);
  EXPECT_EQ(result.backup.cases, 3u);
  EXPECT_EQ(result.keptAs, dbDir / "data.mdb.before-restore-20261122T110000Z");
  EXPECT_EQ(readFile(result.keptAs), replaced);
  EXPECT_FALSE(std::filesystem::exists(dbDir / "lock.mdb"));
  EXPECT_FALSE(std::filesystem::exists(dbDir / "data.mdb.tmp"));
  struct stat st {};
  ASSERT_EQ(::stat((dbDir / "data.mdb").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);

  Store store = Store::open(dbDir);
  auto txn = store.read();
  const auto cases = txn.listCases();
  ASSERT_EQ(cases.size(), 3u);
  for (int n = 1; n <= 3; ++n) EXPECT_EQ(cases[static_cast<std::size_t>(n - 1)].id, caseId(n));
  EXPECT_EQ(txn.getRawMessage("maildir:1"), std::string(4096, 'r') + "1");
  EXPECT_FALSE(txn.getRawMessage("maildir:4"));
  EXPECT_EQ(txn.rawMessageBytes(), 3 * 4097u);
}

TEST(StoreRestore, SecondRestoreOfASecondKeepsBothAndNoKeepKeepsNone) {
  TempDir tmp;
  const auto dbDir = tmp.storeDir();
  const auto file = tmp.path() / "cvdd.backup";
  {
    Store store = Store::open(dbDir);
    writePair(store, 1);
    store.backupTo(file, false);
  }
  auto lock = StateLock::tryAcquire(tmp.path());
  ASSERT_TRUE(lock);
  EXPECT_EQ(restoreBackup(*lock, dbDir, file, true, kNow).keptAs.filename(),
            "data.mdb.before-restore-20261122T110000Z");
  EXPECT_EQ(restoreBackup(*lock, dbDir, file, true, kNow).keptAs.filename(),
            "data.mdb.before-restore-20261122T110000Z-2");
  EXPECT_TRUE(restoreBackup(*lock, dbDir, file, false, kNow).keptAs.empty());
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dbDir)) ++files;
  EXPECT_EQ(files, 3);  // data.mdb and the two kept
  EXPECT_EQ(Store::open(dbDir).read().listCases().size(), 1u);
}

TEST(StoreRestore, IntoAStateThatNeverRanAndRefusingABadFileTouchesNothing) {
  TempDir tmp;
  const auto file = tmp.path() / "cvdd.backup";
  {
    Store store = Store::open(tmp.path() / "elsewhere");
    writePair(store, 7);
    store.backupTo(file, false);
  }
  const auto stateDir = tmp.path() / "fresh";
  std::filesystem::create_directory(stateDir);
  auto lock = StateLock::tryAcquire(stateDir);
  ASSERT_TRUE(lock);
  const auto result = restoreBackup(*lock, stateDir / "db", file, true, kNow);
  EXPECT_TRUE(result.keptAs.empty());
  EXPECT_TRUE(Store::open(stateDir / "db").read().hasCase(caseId(7)));

  const auto garbage = tmp.path() / "garbage";
  { std::ofstream(garbage) << "not lmdb"; }
  const auto before = readFile(stateDir / "db" / "data.mdb");
  EXPECT_THROW(restoreBackup(*lock, stateDir / "db", garbage, true, kNow), StoreError);
  EXPECT_EQ(readFile(stateDir / "db" / "data.mdb"), before);
}

}  // namespace
}  // namespace cvdd::store
