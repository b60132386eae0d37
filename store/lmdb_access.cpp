#include "store/lmdb_access.hpp"

#include <charconv>
#include <mutex>

namespace cvdd::store::detail {

void fail(std::string_view op, int rc) {
  std::string what = std::string(op) + ": " + mdb_strerror(rc);
  if (rc == MDB_MAP_FULL) throw StoreFullError(StoreFullError::Kind::MapFull, what);
  throw StoreError(what);
}

std::optional<std::string_view> get(const Environment& env, MDB_txn* txn, MDB_dbi dbi,
                                    std::string_view key, std::string_view op) {
  // LMDB rejects empty and over-long keys; no such key can have been stored.
  if (key.empty() || key.size() > env.maxKeySize) return std::nullopt;
  MDB_val k = valueOf(key);
  MDB_val data{};
  const int rc = mdb_get(txn, dbi, &k, &data);
  if (rc == MDB_NOTFOUND) return std::nullopt;
  check(op, rc);
  return viewOf(data);
}

bool put(MDB_txn* txn, MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags,
         std::string_view op) {
  MDB_val k = valueOf(key);
  MDB_val data = valueOf(value);
  const int rc = mdb_put(txn, dbi, &k, &data, flags);
  if (rc == MDB_KEYEXIST && (flags & MDB_NOOVERWRITE) != 0) return false;
  check(op, rc);
  return true;
}

bool del(MDB_txn* txn, MDB_dbi dbi, std::string_view key, std::string_view op) {
  MDB_val k = valueOf(key);
  const int rc = mdb_del(txn, dbi, &k, nullptr);
  if (rc == MDB_NOTFOUND) return false;
  check(op, rc);
  return true;
}

std::size_t entries(MDB_txn* txn, MDB_dbi dbi, std::string_view op) {
  MDB_stat stat{};
  check(op, mdb_stat(txn, dbi, &stat));
  return stat.ms_entries;
}

std::uint64_t parseNumber(std::string_view text, std::string_view db, std::string_view key) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    throw StoreError("corrupt record in " + std::string(db) + " at key \"" + std::string(key) +
                     "\"");
  }
  return value;
}

std::uint64_t readNumber(const Environment& env, MDB_txn* txn, MDB_dbi dbi, std::string_view db,
                         std::string_view name, std::string_view op) {
  const auto text = get(env, txn, dbi, name, op);
  return text ? parseNumber(*text, db, name) : 0;
}

void writeNumber(MDB_txn* txn, MDB_dbi dbi, std::string_view name, std::uint64_t value,
                 std::string_view op) {
  put(txn, dbi, name, std::to_string(value), 0, op);
}

MDB_txn* beginTxn(Environment& env, unsigned flags, std::string_view op) {
  for (bool retried = false;; retried = true) {
    {
      std::shared_lock lock(env.remapLock);
      MDB_txn* txn = nullptr;
      const int rc = mdb_txn_begin(env.env, nullptr, flags, &txn);
      if (rc == MDB_SUCCESS) {
        ++env.liveTxns;
        return txn;
      }
      if (rc != MDB_MAP_RESIZED || retried) fail(op, rc);
    }
    // Another process grew the map. Adopting its size remaps the file, safe only while no
    // transaction of ours points into the old mapping. Never wait for that here (a waiting
    // writer could be the one that must finish first): fail, and a later attempt succeeds.
    std::unique_lock lock(env.remapLock, std::try_to_lock);
    if (!lock.owns_lock() || env.liveTxns > 0) {
      throw StoreError(std::string(op) +
                       ": map resized by another process while transactions are open");
    }
    check(op, mdb_env_set_mapsize(env.env, 0));
  }
}

int endTxn(Environment& env, MDB_txn* txn, bool commit) {
  int rc = MDB_SUCCESS;
  if (commit) {
    rc = mdb_txn_commit(txn);  // frees txn whether or not it succeeds
  } else {
    mdb_txn_abort(txn);
  }
  --env.liveTxns;
  return rc;
}

}  // namespace cvdd::store::detail
