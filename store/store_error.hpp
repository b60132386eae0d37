#pragma once
// What the store throws. "Not found" and "already there" are values, not errors.

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

}  // namespace cvdd::store
