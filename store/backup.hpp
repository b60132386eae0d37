#pragma once
// Putting a backup (Store::backupTo) back: checked first, then copied in place of a
// stopped daemon's environment, the environment it replaces kept beside it.

#include <cstdint>
#include <filesystem>

#include "core/time.hpp"
#include "store/state_lock.hpp"

namespace cvdd::store {

/// What a backup file holds.
struct BackupInfo {
  std::uint64_t bytes = 0;  // the file's size
  std::size_t cases = 0;    // case records, each decoded when schema is kStoreSchema
  unsigned schema = 0;      // the store schema it records
};

/// Opens file read-only as a one-file LMDB environment (as backupTo writes it), checks
/// that its pages are all there and its schema one this version opens (this one, or an
/// older one cvdd upgrades when it next starts), and counts every case, decoding each
/// when the schema is this version's. Throws StoreError saying what is wrong with file,
/// StoreSchemaError when it is its schema.
BackupInfo checkBackup(const std::filesystem::path& file);

struct RestoreResult {
  BackupInfo backup;
  std::filesystem::path keptAs;  // the replaced data.mdb; empty when none was kept
};

/// Replaces dbDir/data.mdb (dbDir: the store directory in lock's state dir, created 0700
/// when missing) with a copy of the checked file: copied to data.mdb.tmp and fsynced,
/// renamed into place, lock.mdb removed. keepReplaced: the old data.mdb stays as
/// data.mdb.before-restore-<now as 20261122T110000Z>. The StateLock is the proof that no
/// daemon runs on the state meanwhile. Throws StoreError, data.mdb untouched, when file
/// fails checkBackup or cannot be copied.
RestoreResult restoreBackup(const StateLock& lock, const std::filesystem::path& dbDir,
                            const std::filesystem::path& file, bool keepReplaced,
                            core::Timestamp now);

}  // namespace cvdd::store
