#pragma once
// Private to store/: the store's schema version and the steps that bring an older store up
// to this build's, all inside the one write transaction that opens it.
//
// meta "schema" holds the version as a decimal number. A change older code would misread,
// or that needs every store filled or indexed to hold (a new database, an index, a record
// format), takes the next version and a step here; a field added with a decoder default
// does not. A store records exactly one version: its databases all exist, complete.

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "store/lmdb_access.hpp"

namespace cvdd::store::detail {

inline constexpr std::string_view kSchemaKey = "schema";
/// The oldest schema this build upgrades; the releases before schema numbers wrote "1".
inline constexpr unsigned kOldestSchema = 1;

/// One step: turns a store of schema `from` into one of from + 1, in the caller's write
/// transaction (every database open, those missing created empty). Throws StoreError
/// when the store's records do not allow it.
struct SchemaMigration {
  unsigned from = 0;
  std::string_view what;  // for the code reader and the tests: what the step does
  void (*run)(Environment& env, MDB_txn* txn);
};

/// Every step, ordered by from; from kOldestSchema up to kStoreSchema - 1, none missing.
std::span<const SchemaMigration> schemaMigrations();

/// The version meta records; nullopt when it records none. Throws StoreSchemaError
/// (Unreadable), naming `where` ("store /var/lib/cvdd/db"), when it is not a number.
std::optional<unsigned> recordedSchema(const Environment& env, MDB_txn* txn,
                                       std::string_view where);

/// The number in a stored schema text; nullopt when it is not a plain decimal one.
std::optional<unsigned> parseSchema(std::string_view text);

/// Throws StoreSchemaError for a schema this build cannot open: newer than kStoreSchema,
/// older than kOldestSchema, or older and !mayUpgrade (the message says who upgrades it).
void checkOpenable(unsigned schema, bool mayUpgrade, std::string_view where);

/// Runs the steps from `from` to kStoreSchema in txn and records kStoreSchema there, so a
/// failure anywhere (an exception, a crash before the commit) leaves the store as it was.
/// afterStep, when set, is called after each step with its `from`, before the version is
/// written; what it throws ends the upgrade like a failing step.
void upgradeSchema(Environment& env, MDB_txn* txn, unsigned from,
                   const std::function<void(unsigned)>& afterStep);

/// Records kStoreSchema in meta (a new store is created at it).
void recordCurrentSchema(const Environment& env, MDB_txn* txn);

/// Parts of the 1 -> 2 step defined beside the records they fill.
/// Every case summary's coordination fields, recomputed from the workflows.
void refreshAllCoordinationSummaries(Environment& env, MDB_txn* txn);

}  // namespace cvdd::store::detail
