#pragma once
// Where inbound mail comes from: a Maildir or an IMAP mailbox.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/records.hpp"
#include "store/store.hpp"

namespace cvdd::daemon {

/// One message at the source, not yet accepted.
struct SourceRef {
  std::string key;  // unique and stable: the inbox key
  std::uint64_t uid = 0;
  std::string location;  // file name for Maildir
};

class MessageSource {
 public:
  virtual ~MessageSource() = default;

  /// The position key under which this source's progress is stored.
  virtual std::string id() const = 0;

  /// Messages not yet accepted, in arrival order. Reads the stored position; a changed
  /// UIDVALIDITY restarts from UID 1 (duplicates are caught by the inbox's digest index).
  virtual std::vector<SourceRef> listNew(const store::ReadTxn& txn) = 0;

  /// The raw bytes of one message. Throws SourceError on failure.
  virtual std::string fetch(const SourceRef& ref) = 0;

  /// The position to store, in the same transaction that accepts ref; nullopt when the
  /// source keeps no position (Maildir moves accepted files instead).
  virtual std::optional<store::SourcePosition> positionAfter(const SourceRef& ref) const = 0;

  /// Marks an accepted message processed at the source (IMAP keyword, Maildir move).
  /// Called only after the accepting transaction committed; idempotent. Returns false
  /// when key is not this source's or no longer exists there.
  virtual bool markAccepted(const std::string& key) = 0;
};

class SourceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace cvdd::daemon
