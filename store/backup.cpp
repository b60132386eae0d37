// Store::backupTo, and checking and restoring what it wrote.

#include "store/backup.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "store/durable_file.hpp"
#include "store/lmdb_access.hpp"
#include "store/record_codec.hpp"
#include "store/schema_migrations.hpp"

namespace cvdd::store {

namespace {

/// A read-only environment over one file, without a lock file (nothing else opens it).
class BackupEnvironment {
 public:
  explicit BackupEnvironment(const std::filesystem::path& file) {
    const std::string where = file.string() + " is not an LMDB environment";
    detail::check(where, mdb_env_create(&env_));
    int rc = mdb_env_set_maxdbs(env_, detail::kMaxDbs);
    if (rc == MDB_SUCCESS) {
      rc = mdb_env_open(env_, file.c_str(), MDB_NOSUBDIR | MDB_RDONLY | MDB_NOLOCK | MDB_NOTLS,
                        0600);
    }
    if (rc != MDB_SUCCESS) {
      mdb_env_close(env_);  // the destructor does not run for a constructor that throws
      detail::fail(where, rc);
    }
  }
  BackupEnvironment(const BackupEnvironment&) = delete;
  BackupEnvironment& operator=(const BackupEnvironment&) = delete;
  ~BackupEnvironment() { mdb_env_close(env_); }

  MDB_env* get() const { return env_; }

 private:
  MDB_env* env_ = nullptr;
};

/// A read transaction over a BackupEnvironment, aborted when destroyed.
class BackupTxn {
 public:
  BackupTxn(MDB_env* env, std::string_view op) {
    detail::check(op, mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn_));
  }
  BackupTxn(const BackupTxn&) = delete;
  BackupTxn& operator=(const BackupTxn&) = delete;
  ~BackupTxn() { mdb_txn_abort(txn_); }

  MDB_txn* get() const { return txn_; }

 private:
  MDB_txn* txn_ = nullptr;
};

std::uint64_t fileSize(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0)
    throw StoreError("cannot read " + file.string() + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) throw StoreError(file.string() + " is not a regular file");
  return static_cast<std::uint64_t>(st.st_size);
}

/// Copies the environment into fd, compacted (free pages left out, pages renumbered).
void copyEnvironment(detail::Environment& env, int fd, std::string_view op) {
  for (int attempt = 1;; ++attempt) {
    // One read transaction of ours spans the copy: beginning it adopts a map another
    // process grew, and while it is open no remap (another's growth, or grow()) can run
    // under the copy's own transaction.
    MDB_txn* pin = detail::beginTxn(env, MDB_RDONLY, op);
    const int rc = mdb_env_copyfd2(env.env, fd, MDB_CP_COMPACT);
    detail::endTxn(env, pin, false);
    // The map grew past ours between the two beginnings: start again, adopting it.
    if (rc == MDB_MAP_RESIZED && attempt < 3) {
      if (::ftruncate(fd, 0) != 0 || ::lseek(fd, 0, SEEK_SET) != 0)
        throw StoreError(std::string(op) + ": cannot rewind: " + std::strerror(errno));
      continue;
    }
    detail::check(op, rc);
    return;
  }
}

/// "20261122T110000Z": the moment in a file name.
std::string compactTime(core::Timestamp t) {
  std::string text = core::formatIso8601(t);
  text.erase(std::remove_if(text.begin(), text.end(), [](char c) { return c == '-' || c == ':'; }),
             text.end());
  return text;
}

/// Hard-links data.mdb to a fresh before-restore name (numbered when a restore of the
/// same second kept one already); returns that name.
std::filesystem::path keepAside(const std::filesystem::path& dbDir, core::Timestamp now) {
  const auto current = dbDir / "data.mdb";
  const std::string base = "data.mdb.before-restore-" + compactTime(now);
  for (int n = 1;; ++n) {
    auto kept = dbDir / (n == 1 ? base : base + "-" + std::to_string(n));
    if (::link(current.c_str(), kept.c_str()) == 0) return kept;
    if (errno != EEXIST || n >= 100)
      throw StoreError("cannot keep " + current.string() + " as " + kept.string() + ": " +
                       std::strerror(errno));
  }
}

}  // namespace

std::uint64_t Store::backupTo(const std::filesystem::path& file, bool replace) const {
  const std::string op = "backup to " + file.string();
  if (!env_) throw StoreError(op + ": store was moved from");
  std::error_code ec;
  // Checked now as well as when publishing: a copy can take minutes to find out.
  if (!replace && std::filesystem::exists(file, ec))
    throw StoreError(file.string() + " exists (replace it explicitly)");
  // Replacing the live data.mdb would leave the daemon writing to an unlinked file.
  const char* envDir = nullptr;
  if (mdb_env_get_path(env_->env, &envDir) == MDB_SUCCESS && envDir != nullptr &&
      std::filesystem::weakly_canonical(file, ec).parent_path() ==
          std::filesystem::weakly_canonical(envDir, ec))
    throw StoreError(op + ": refused: that is the store's own directory");
  return detail::writeEnvironmentCopy(*env_, file, replace, op);
}

std::filesystem::path Store::copyBeforeUpgradeIn(const std::filesystem::path& copyDir,
                                                 unsigned from) {
  return copyDir / ("db.schema-" + std::to_string(from) + ".before-upgrade.mdb");
}

std::uint64_t detail::writeEnvironmentCopy(Environment& env, const std::filesystem::path& file,
                                           bool replace, const std::string& op) {
  auto tmp = file;
  tmp += ".tmp";
  try {
    const auto out = detail::createPrivateFile(tmp);
    copyEnvironment(env, out.fd(), op);
    detail::syncFile(out, tmp);
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
  const auto size = fileSize(tmp);
  detail::publish(tmp, file, replace);
  return size;
}

BackupInfo checkBackup(const std::filesystem::path& file) {
  const std::string op = "check " + file.string();
  BackupInfo info{fileSize(file), 0};
  const BackupEnvironment env(file);
  // Pages past the end of a truncated file would fault when read: count them first.
  MDB_envinfo geometry{};
  MDB_stat stat{};
  detail::check(op, mdb_env_info(env.get(), &geometry));
  detail::check(op, mdb_env_stat(env.get(), &stat));
  const std::uint64_t needed = (std::uint64_t{geometry.me_last_pgno} + 1) * stat.ms_psize;
  if (info.bytes < needed) {
    throw StoreError(file.string() + " is truncated: " + std::to_string(info.bytes) +
                     " bytes, its pages need " + std::to_string(needed));
  }
  const BackupTxn txn(env.get(), op);
  MDB_dbi meta = 0;
  MDB_dbi cases = 0;
  if (mdb_dbi_open(txn.get(), "meta", 0, &meta) != MDB_SUCCESS ||
      mdb_dbi_open(txn.get(), "cases", 0, &cases) != MDB_SUCCESS)
    throw StoreError(file.string() + " is not a cvdd store (no meta or cases database)");
  MDB_val key = detail::valueOf(detail::kSchemaKey);
  MDB_val schema{};
  if (mdb_get(txn.get(), meta, &key, &schema) != MDB_SUCCESS)
    throw StoreError(file.string() + " is not a cvdd store (no store schema)");
  const std::string where = "backup " + file.string();
  const auto version = detail::parseSchema(detail::viewOf(schema));
  if (!version) {
    throw StoreSchemaError(StoreSchemaError::Kind::Unreadable, std::nullopt,
                           where +
                               " records a store schema that is not a number: it is "
                               "damaged or not a cvdd store");
  }
  // An older backup is restored as it is; cvdd upgrades it when it next starts.
  detail::checkOpenable(*version, true, where);
  info.schema = *version;
  detail::Cursor cursor(txn.get(), cases, op);
  for (bool more = cursor.move(MDB_FIRST, op); more; more = cursor.move(MDB_NEXT, op)) {
    // This build's codec reads records of its own schema: an older backup's are counted
    // here and decoded once its upgrade has run.
    if (info.schema == kStoreSchema)
      detail::decodeRecord(codec::decodeCase, cursor.value(), "cases", cursor.key());
    ++info.cases;
  }
  return info;
}

// The lock is not used, only required: holding it for the whole call is the caller's part.
RestoreResult restoreBackup(const StateLock& /*lock*/, const std::filesystem::path& dbDir,
                            const std::filesystem::path& file, bool keepReplaced,
                            core::Timestamp now) {
  RestoreResult result{checkBackup(file), {}};
  if (::mkdir(dbDir.c_str(), 0700) != 0 && errno != EEXIST)
    throw StoreError("cannot create " + dbDir.string() + ": " + std::strerror(errno));
  const auto tmp = dbDir / "data.mdb.tmp";
  try {
    const auto out = detail::createPrivateFile(tmp);
    detail::copyInto(file, out, tmp);
    detail::syncFile(out, tmp);
    if (const auto copied = fileSize(tmp); copied != result.backup.bytes) {
      throw StoreError("copied " + std::to_string(copied) + " bytes of " + file.string() +
                       ", expected " + std::to_string(result.backup.bytes) +
                       " (did it change meanwhile?)");
    }
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
  const auto current = dbDir / "data.mdb";
  std::error_code ec;
  if (keepReplaced && std::filesystem::exists(current, ec)) result.keptAs = keepAside(dbDir, now);
  detail::publish(tmp, current, true);
  // The lock file describes the replaced environment's readers and writer: LMDB makes a
  // fresh one on the next open.
  const auto lockFile = dbDir / "lock.mdb";
  if (::unlink(lockFile.c_str()) != 0 && errno != ENOENT)
    throw StoreError("cannot remove " + lockFile.string() + ": " + std::strerror(errno));
  detail::syncDirectory(dbDir);
  return result;
}

}  // namespace cvdd::store
