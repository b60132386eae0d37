#pragma once
// Stores from checked-in `mdb_dump -a` text (tests/store/dumps/), loaded with the real
// mdb_load, and every record of a closed store read with plain LMDB, to compare stores
// byte for byte.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <lmdb.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "tests/store/older_store.hpp"

#ifndef CVDD_STORE_DUMP_DIR
#error "CVDD_STORE_DUMP_DIR must name tests/store/dumps (tests/store/CMakeLists.txt)"
#endif
#ifndef CVDD_MDB_LOAD
#error "CVDD_MDB_LOAD must name mdb_load (lmdb-utils; tests/store/CMakeLists.txt)"
#endif

namespace cvdd::store::test {

inline std::filesystem::path dumpFile(const std::string& name) {
  return std::filesystem::path(CVDD_STORE_DUMP_DIR) / name;
}

/// Loads the dump into dir (created) with mdb_load, as an administrator would; fails the
/// test when mdb_load is missing or refuses the dump.
inline void loadDump(const std::filesystem::path& dump, const std::filesystem::path& dir) {
  ASSERT_TRUE(std::filesystem::is_regular_file(dump)) << dump;
  std::filesystem::create_directories(dir);
  // What mdb_load says (it warns of every header keyword it does not know) is shown only
  // when it fails.
  const auto said = dir.parent_path() / "mdb_load.stderr";
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int err = ::open(said.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (err >= 0) ::dup2(err, STDERR_FILENO);
    ::execl(CVDD_MDB_LOAD, CVDD_MDB_LOAD, "-f", dump.c_str(), dir.c_str(), nullptr);
    ::_exit(127);
  }
  ASSERT_GT(pid, 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  std::ifstream in(said);
  const std::string stderrText((std::istreambuf_iterator<char>(in)), {});
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << CVDD_MDB_LOAD << " -f " << dump << " " << dir << " failed (status " << status
      << "; 127: not installed, scripts/install-deps installs lmdb-utils):\n"
      << stderrText;
}

/// database name -> key -> value: every record of a store.
using Records = std::map<std::string, std::map<std::string, std::string>>;

/// Every record of every named database of the closed store in dir, read with plain LMDB.
/// Empty, the test failed, when dir holds no environment.
inline Records readAllRecords(const std::filesystem::path& dir) {
  Records out;
  MDB_env* env = nullptr;
  if (mdb_env_create(&env) != 0) {
    ADD_FAILURE() << "mdb_env_create";
    return out;
  }
  mdb_env_set_maxdbs(env, 64);
  MDB_txn* txn = nullptr;
  if (mdb_env_open(env, dir.c_str(), MDB_NOTLS | MDB_RDONLY, 0600) != 0 ||
      mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn) != 0) {
    ADD_FAILURE() << "no LMDB environment in " << dir;
    mdb_env_close(env);
    return out;
  }
  auto all = [&](MDB_dbi dbi, auto fn) {
    MDB_cursor* cursor = nullptr;
    EXPECT_EQ(mdb_cursor_open(txn, dbi, &cursor), 0);
    MDB_val key{}, value{};
    for (int rc = mdb_cursor_get(cursor, &key, &value, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cursor, &key, &value, MDB_NEXT)) {
      fn(std::string(static_cast<const char*>(key.mv_data), key.mv_size),
         std::string(static_cast<const char*>(value.mv_data), value.mv_size));
    }
    mdb_cursor_close(cursor);
  };
  MDB_dbi main = 0;
  EXPECT_EQ(mdb_dbi_open(txn, nullptr, 0, &main), 0);
  std::vector<std::string> names;
  all(main, [&](std::string name, std::string) { names.push_back(std::move(name)); });
  for (const auto& name : names) {
    MDB_dbi dbi = 0;
    EXPECT_EQ(mdb_dbi_open(txn, name.c_str(), 0, &dbi), 0) << name;
    auto& records = out[name];
    all(dbi, [&](std::string key, std::string value) { records.emplace(key, value); });
  }
  mdb_txn_abort(txn);
  mdb_env_close(env);
  return out;
}

/// The schema text meta records in the closed store in dir ("" when none).
inline std::string recordedSchema(const std::filesystem::path& dir) {
  const auto records = readAllRecords(dir);
  const auto meta = records.find("meta");
  if (meta == records.end()) return "";
  const auto schema = meta->second.find("schema");
  return schema == meta->second.end() ? "" : schema->second;
}

}  // namespace cvdd::store::test
