#pragma once
// Private to store/: the open LMDB environment and the small helpers every part of the
// store reads and writes it with. Each helper names the operation in what it throws.

#include <lmdb.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>

#include "store/store.hpp"

namespace cvdd::store {

namespace detail {

/// The most named databases an environment is opened with.
inline constexpr unsigned kMaxDbs = 32;

/// The open environment and its database handles, shared by the Store and every
/// transaction begun from it so the environment outlives them all.
struct Environment {
  Environment() = default;
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;
  ~Environment() {
    if (env != nullptr) mdb_env_close(env);
  }

  MDB_env* env = nullptr;
  std::size_t maxKeySize = 0;
  MDB_dbi cases = 0;
  MDB_dbi caseSummaries = 0;
  MDB_dbi inbox = 0;
  MDB_dbi inboxBySha = 0;
  MDB_dbi unflagged = 0;
  MDB_dbi raw = 0;  // the first layout: raw bytes under each inbox key; read, never written
  MDB_dbi rawBlobs = 0;
  MDB_dbi rawKeys = 0;
  MDB_dbi rawRefs = 0;
  MDB_dbi outbox = 0;
  MDB_dbi outboxRaw = 0;
  MDB_dbi outboxByMsgId = 0;
  MDB_dbi outboxDue = 0;
  MDB_dbi outboxHeld = 0;  // seq of every held entry: `cvdctl todo` never scans the outbox
  MDB_dbi positions = 0;
  MDB_dbi meta = 0;
  MDB_dbi keys = 0;
  MDB_dbi quarantine = 0;
  MDB_dbi quarantinePending = 0;
  MDB_dbi quarantineRefs = 0;
  MDB_dbi counters = 0;
  MDB_dbi vendors = 0;
  MDB_dbi vendorByAddress = 0;
  MDB_dbi workflows = 0;
  MDB_dbi deadlineDue = 0;
  MDB_dbi deadlineByCase = 0;
  MDB_dbi reports = 0;
  MDB_dbi alerts = 0;
  MDB_dbi alertsOpen = 0;
  // LMDB's writer lock is not recursive: a second write() on the thread that holds one
  // would deadlock. Remember the holder so that mistake throws instead.
  std::atomic<std::thread::id> writer{};
  // Transactions of this process that are open, and the lock that keeps a remap (after
  // another process grew the map, or grow()) from running under any of them.
  std::atomic<int> liveTxns{0};
  std::shared_mutex remapLock;
  // Store::setQuotas; 0 is unlimited. Per handle: each process sets its own.
  std::atomic<std::uint64_t> rawQuota{0};
  std::atomic<std::uint64_t> quarantineQuota{0};
  // The schema this open upgraded the store from (Store::upgradedFrom).
  std::optional<unsigned> upgradedFrom;
  // The copy written before that upgrade (Store::copiedBeforeUpgrade).
  std::optional<std::filesystem::path> copiedBeforeUpgrade;
};

/// Writes a consistent, compacted copy of env to file (0600) while other transactions
/// and processes go on: into file + ".tmp", fsynced, then renamed. Store::backupTo.
std::uint64_t writeEnvironmentCopy(Environment& env, const std::filesystem::path& file,
                                   bool replace, const std::string& op);

/// Throws StoreFullError for MDB_MAP_FULL, StoreError otherwise, both "<op>: <reason>".
[[noreturn]] void fail(std::string_view op, int rc);

inline void check(std::string_view op, int rc) {
  if (rc != MDB_SUCCESS) fail(op, rc);
}

inline MDB_val valueOf(std::string_view bytes) {
  return MDB_val{bytes.size(), const_cast<char*>(bytes.data())};
}

inline std::string_view viewOf(const MDB_val& v) {
  return {static_cast<const char*>(v.mv_data), v.mv_size};
}

/// The value under key, or nullopt. The view points into the map: copy it before the
/// transaction writes again or ends.
std::optional<std::string_view> get(const Environment& env, MDB_txn* txn, MDB_dbi dbi,
                                    std::string_view key, std::string_view op);

/// Stores value under key; with MDB_NOOVERWRITE returns false when the key exists.
bool put(MDB_txn* txn, MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags,
         std::string_view op);

/// Deletes key; false when it was not there.
bool del(MDB_txn* txn, MDB_dbi dbi, std::string_view key, std::string_view op);

/// Entries in the database.
std::size_t entries(MDB_txn* txn, MDB_dbi dbi, std::string_view op);

/// A stored decimal number; StoreError naming db and key when text is not one.
std::uint64_t parseNumber(std::string_view text, std::string_view db, std::string_view key);

/// A decimal number stored under name in dbi (meta, counters): 0 when absent; StoreError
/// naming db when the value is not a number.
std::uint64_t readNumber(const Environment& env, MDB_txn* txn, MDB_dbi dbi, std::string_view db,
                         std::string_view name, std::string_view op);
void writeNumber(MDB_txn* txn, MDB_dbi dbi, std::string_view name, std::uint64_t value,
                 std::string_view op);

/// A counter in the meta database (sequence numbers, byte totals).
inline std::uint64_t readCounter(const Environment& env, MDB_txn* txn, std::string_view name,
                                 std::string_view op) {
  return readNumber(env, txn, env.meta, "meta", name, op);
}

/// Begins a transaction (MDB_RDONLY or 0), adopting a map another process grew when no
/// transaction of ours is open; counts it in liveTxns.
MDB_txn* beginTxn(Environment& env, unsigned flags, std::string_view op);

/// Ends txn: commits it (returning mdb_txn_commit's code) or aborts it.
int endTxn(Environment& env, MDB_txn* txn, bool commit);

class Cursor {
 public:
  Cursor(MDB_txn* txn, MDB_dbi dbi, std::string_view op) {
    check(op, mdb_cursor_open(txn, dbi, &cursor_));
  }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  ~Cursor() { mdb_cursor_close(cursor_); }

  /// Moves the cursor; false at the end (or for an empty database).
  bool move(MDB_cursor_op how, std::string_view op) {
    const int rc = mdb_cursor_get(cursor_, &key_, &value_, how);
    if (rc == MDB_NOTFOUND) return false;
    check(op, rc);
    return true;
  }
  /// Moves to the first key >= key; false when there is none.
  bool seek(std::string_view key, std::string_view op) {
    key_ = valueOf(key);
    return move(MDB_SET_RANGE, op);
  }
  std::string_view key() const { return viewOf(key_); }
  std::string_view value() const { return viewOf(value_); }

 private:
  MDB_cursor* cursor_ = nullptr;
  MDB_val key_{};
  MDB_val value_{};
};

template <class Decode>
auto decodeRecord(Decode decode, std::string_view json, std::string_view db, std::string_view key) {
  try {
    return decode(json);
  } catch (const std::exception& e) {
    throw StoreError("corrupt record in " + std::string(db) + " at key \"" + std::string(key) +
                     "\": " + e.what());
  }
}

template <class Encode, class Record>
std::string encodeRecord(Encode encode, const Record& record, std::string_view op) {
  try {
    return encode(record);
  } catch (const std::invalid_argument& e) {
    throw StoreError(std::string(op) + ": cannot encode record: " + e.what());
  }
}

}  // namespace detail

struct Store::Env : detail::Environment {};

}  // namespace cvdd::store
