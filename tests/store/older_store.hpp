#pragma once
// Makes a store look as one written by an earlier version: the named databases are gone,
// or raw messages are stored as the first layout stored them; each such store records
// schema 1, as every release before schema 2 did, so only an opener holding the state lock
// (openUpgrading, as cvdd) opens it.

#include <gtest/gtest.h>
#include <lmdb.h>

#include <filesystem>
#include <functional>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "store/state_lock.hpp"
#include "store/store.hpp"

namespace cvdd::store::test {

/// Runs fn on a plain LMDB write transaction of the closed store in dir, as another
/// version would, and commits it.
template <class Fn>
void withRawLmdb(const std::filesystem::path& dir, Fn fn) {
  MDB_env* env = nullptr;
  ASSERT_EQ(mdb_env_create(&env), 0);
  mdb_env_set_maxdbs(env, 32);
  ASSERT_EQ(mdb_env_open(env, dir.c_str(), MDB_NOTLS, 0600), 0);
  MDB_txn* txn = nullptr;
  ASSERT_EQ(mdb_txn_begin(env, nullptr, 0, &txn), 0);
  fn(txn);
  ASSERT_EQ(mdb_txn_commit(txn), 0);
  mdb_env_close(env);
}

/// Writes text as the schema meta records in the closed store in dir.
inline void setSchema(const std::filesystem::path& dir, const std::string& text) {
  withRawLmdb(dir, [&](MDB_txn* txn) {
    MDB_dbi meta = 0;
    ASSERT_EQ(mdb_dbi_open(txn, "meta", 0, &meta), 0);
    MDB_val key{6, const_cast<char*>("schema")};
    MDB_val value{text.size(), const_cast<char*>(text.data())};
    ASSERT_EQ(mdb_put(txn, meta, &key, &value, 0), 0);
  });
}

/// Opens the store in dir as cvdd does: holding the lock of its state dir (dir's parent),
/// so an older store is upgraded; afterStep as in SchemaUpgrade.
inline Store openUpgrading(const std::filesystem::path& dir,
                           std::size_t mapSize = std::size_t{1} << 32,
                           std::function<void(unsigned)> afterStep = {}) {
  auto lock = StateLock::tryAcquire(dir.parent_path());
  if (!lock)
    throw std::runtime_error("the state lock of " + dir.parent_path().string() + " is held");
  return Store::open(dir, mapSize, SchemaUpgrade{&*lock, std::move(afterStep), {}});
}

/// Drops the databases (with plain LMDB) from the closed store in dir, which then records
/// schema 1.
inline void dropDatabases(const std::filesystem::path& dir,
                          std::initializer_list<const char*> names) {
  setSchema(dir, "1");
  withRawLmdb(dir, [&](MDB_txn* txn) {
    for (const char* name : names) {
      MDB_dbi dbi = 0;
      ASSERT_EQ(mdb_dbi_open(txn, name, 0, &dbi), 0) << name;
      ASSERT_EQ(mdb_drop(txn, dbi, 1), 0) << name;
    }
  });
}

/// Rewrites the closed store in dir as the first layout left it: the raw bytes under each
/// inbox key in "raw", no per-digest databases, no byte totals, schema 1.
inline void writeFirstLayoutRaw(const std::filesystem::path& dir,
                                const std::vector<std::pair<std::string, std::string>>& raw) {
  dropDatabases(dir, {"raw_blobs", "raw_keys", "raw_refs", "quarantine_refs"});
  withRawLmdb(dir, [&](MDB_txn* txn) {
    MDB_dbi rawDb = 0;
    MDB_dbi meta = 0;
    ASSERT_EQ(mdb_dbi_open(txn, "raw", 0, &rawDb), 0);
    ASSERT_EQ(mdb_dbi_open(txn, "meta", 0, &meta), 0);
    for (const auto& [key, bytes] : raw) {
      MDB_val k{key.size(), const_cast<char*>(key.data())};
      MDB_val v{bytes.size(), const_cast<char*>(bytes.data())};
      ASSERT_EQ(mdb_put(txn, rawDb, &k, &v, 0), 0) << key;
    }
    for (const std::string name : {"raw_bytes", "quarantine_bytes"}) {
      MDB_val k{name.size(), const_cast<char*>(name.data())};
      // A new store has no totals until something is counted.
      const int rc = mdb_del(txn, meta, &k, nullptr);
      ASSERT_TRUE(rc == 0 || rc == MDB_NOTFOUND) << name;
    }
  });
}

}  // namespace cvdd::store::test
