#pragma once
// What the store throws. "Not found" and "already there" are values, not errors.

#include <optional>
#include <stdexcept>
#include <string>

namespace cvdd::store {

/// Anything that should never happen: an I/O error, a corrupt record, a misuse.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A write refused for want of room: the caller can act on it (grow the map, alert the
/// operator, purge quarantine) instead of only logging it.
class StoreFullError : public StoreError {
 public:
  enum class Kind {
    MapFull,          // LMDB's map is full (MDB_MAP_FULL): Store::grow() may help
    RawQuota,         // distinct raw message bytes would exceed StoreQuotas::rawBytes
    QuarantineQuota,  // raw bytes of quarantined messages would exceed quarantineBytes
  };

  StoreFullError(Kind kind, const std::string& what) : StoreError(what), kind_(kind) {}

  Kind kind() const noexcept { return kind_; }

 private:
  Kind kind_;
};

/// A store (or backup) whose schema this build does not open as it is; the message names
/// the versions and what to do.
class StoreSchemaError : public StoreError {
 public:
  enum class Kind {
    Newer,       // written by a later release: upgrade cvdd
    Older,       // an older schema, and this opener may not upgrade it: start cvdd
    Unreadable,  // not a schema number, or one no release wrote: damaged
  };

  StoreSchemaError(Kind kind, std::optional<unsigned> schema, const std::string& what)
      : StoreError(what), kind_(kind), schema_(schema) {}

  Kind kind() const noexcept { return kind_; }
  /// The schema the store records; nullopt when it is not a number.
  std::optional<unsigned> schema() const noexcept { return schema_; }

 private:
  Kind kind_;
  std::optional<unsigned> schema_;
};

}  // namespace cvdd::store
