#pragma once
// Makes a store look as one written by an earlier version: the named databases are gone.

#include <gtest/gtest.h>
#include <lmdb.h>

#include <filesystem>
#include <initializer_list>

namespace cvdd::store::test {

/// Drops the databases (with plain LMDB) from the closed store in dir.
inline void dropDatabases(const std::filesystem::path& dir,
                          std::initializer_list<const char*> names) {
  MDB_env* env = nullptr;
  ASSERT_EQ(mdb_env_create(&env), 0);
  mdb_env_set_maxdbs(env, 32);
  ASSERT_EQ(mdb_env_open(env, dir.c_str(), MDB_NOTLS, 0600), 0);
  MDB_txn* txn = nullptr;
  ASSERT_EQ(mdb_txn_begin(env, nullptr, 0, &txn), 0);
  for (const char* name : names) {
    MDB_dbi dbi = 0;
    ASSERT_EQ(mdb_dbi_open(txn, name, 0, &dbi), 0) << name;
    ASSERT_EQ(mdb_drop(txn, dbi, 1), 0) << name;
  }
  ASSERT_EQ(mdb_txn_commit(txn), 0);
  mdb_env_close(env);
}

}  // namespace cvdd::store::test
