// The daemon and cvdctl are separate processes on one environment: fork() stands in.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <optional>
#include <string>

#include "store/store.hpp"
#include "tests/store/older_store.hpp"
#include "tests/store/temp_dir.hpp"

namespace cvdd::store {
namespace {

using test::TempDir;

core::Case caseWithId(std::string id) {
  core::Case c;
  c.id = std::move(id);
  c.subject = "子プロセスから";
  return c;
}

/// Runs body in a child process with its own Store (an environment must never be used
/// across fork) and returns its exit status: 0 when body returned true.
int inChild(const std::function<bool()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::alarm(10);  // a child stuck on a lock fails the test instead of hanging it
    int code = 2;
    try {
      code = body() ? 0 : 1;
    } catch (...) {
    }
    ::_exit(code);
  }
  if (pid < 0) return -1;
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST(StoreProcesses, ChildCommitIsVisibleToParentsNextReadTxnOnly) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto before = store.read();
  ASSERT_EQ(inChild([&] {
              Store child = Store::open(tmp.storeDir());
              auto txn = child.write();
              txn.putCase(caseWithId("CVD#00000001"));
              txn.commit();
              return true;
            }),
            0);
  EXPECT_FALSE(before.hasCase("CVD#00000001"));  // its snapshot predates the commit
  const auto after = store.read().getCase("CVD#00000001");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->subject, "子プロセスから");
}

TEST(StoreProcesses, OpenAdoptsEnvironmentCreatedByAnotherProcess) {
  TempDir tmp;
  ASSERT_EQ(inChild([&] {
              Store child = Store::open(tmp.storeDir());
              auto txn = child.write();
              txn.putCase(caseWithId("CVD#00000002"));
              OutboxEntry entry;
              entry.messageId = "m@x";
              txn.enqueueOutbox(entry);
              txn.commit();
              return true;
            }),
            0);
  Store store = Store::open(tmp.storeDir());
  EXPECT_TRUE(store.read().hasCase("CVD#00000002"));
  auto txn = store.write();
  OutboxEntry entry;
  entry.messageId = "n@x";
  EXPECT_EQ(txn.enqueueOutbox(entry), 2u);  // the counter carried over
}

TEST(StoreProcesses, ReaderProcessOpensAndReadsWhileAWriteIsOpen) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  {
    auto txn = store.write();
    txn.putCase(caseWithId("CVD#00000003"));
    txn.commit();
  }
  auto open = store.write();
  open.putCase(caseWithId("CVD#00000004"));
  // cvdctl must neither wait for the daemon's writer nor see its uncommitted writes.
  EXPECT_EQ(inChild([&] {
              Store child = Store::open(tmp.storeDir());
              auto txn = child.read();
              return txn.hasCase("CVD#00000003") && !txn.hasCase("CVD#00000004");
            }),
            0);
  open.commit();
}

// cvdctl meeting a store cvdd has not upgraded yet (an older cvdd still writing to it)
// refuses at once from its read transaction: it neither waits for the writer nor writes.
TEST(StoreProcesses, AnOlderStoreIsRefusedWithoutWaitingForTheWriter) {
  TempDir tmp;
  { Store::open(tmp.storeDir()); }
  test::setSchema(tmp.storeDir(), "1");
  MDB_env* env = nullptr;
  ASSERT_EQ(mdb_env_create(&env), 0);
  mdb_env_set_maxdbs(env, 32);
  ASSERT_EQ(mdb_env_open(env, tmp.storeDir().c_str(), MDB_NOTLS, 0600), 0);
  MDB_txn* writer = nullptr;
  ASSERT_EQ(mdb_txn_begin(env, nullptr, 0, &writer), 0);  // the older cvdd's
  EXPECT_EQ(inChild([&] {
              try {
                Store::open(tmp.storeDir());
              } catch (const StoreSchemaError& e) {
                return e.kind() == StoreSchemaError::Kind::Older;
              }
              return false;
            }),
            0);
  mdb_txn_abort(writer);
  mdb_env_close(env);
}

TEST(StoreProcesses, MapGrownByAnotherProcessIsAdoptedOnceNoTxnIsOpen) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir(), std::size_t{256} << 10);
  std::optional<ReadTxn> pinned = store.read();
  const std::string big(std::size_t{1} << 20, 'x');
  ASSERT_EQ(inChild([&] {
              Store child = Store::open(tmp.storeDir(), std::size_t{8} << 20);
              auto txn = child.write();
              txn.putRawMessage("maildir:big", big);
              txn.commit();
              return true;
            }),
            0);
  // The file now extends past our mapping; remapping under an open txn would pull the
  // pages from under it, so that is refused ...
  EXPECT_THROW(store.read(), StoreError);
  pinned.reset();
  // ... and done once nothing of ours is open.
  EXPECT_EQ(store.read().getRawMessage("maildir:big"), big);
  auto txn = store.write();
  txn.putRawMessage("maildir:small", "s");
  txn.commit();
}

}  // namespace
}  // namespace cvdd::store
