#pragma once
// Where inbound mail comes from: a Maildir or an IMAP mailbox.
//
// One source is driven by one thread at a time (the daemon's intake worker); only
// interrupt() may be called from another thread.

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
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
  std::string location;    // file name for Maildir
  std::uint64_t size = 0;  // bytes as the source reports them (RFC822.SIZE, file size)
  // Marked accepted at the source (the $CvddAccepted keyword) though the store does not
  // know it: the store was restored from a backup older than this message's acceptance.
  bool acceptedAtSource = false;
};

class MessageSource {
 public:
  virtual ~MessageSource() = default;

  /// The position key under which this source's progress is stored.
  virtual std::string id() const = 0;

  /// Messages not yet accepted, in arrival order, each with its size. Reads the stored
  /// position; a changed UIDVALIDITY restarts from UID 1 (duplicates are caught by the
  /// inbox's digest index). Sees mail that arrived up to the moment it is called.
  virtual std::vector<SourceRef> listNew(const store::ReadTxn& txn) = 0;

  /// The raw bytes of one message. Throws SourceError on failure.
  virtual std::string fetch(const SourceRef& ref) = 0;

  /// Only the header section of one message (up to and including the blank line),
  /// without reading its body: what an oversized message is quarantined by.
  virtual std::string fetchHeader(const SourceRef& ref) = 0;

  /// The position to store, in the same transaction that accepts ref; nullopt when the
  /// source keeps no position (Maildir moves accepted files instead).
  virtual std::optional<store::SourcePosition> positionAfter(const SourceRef& ref) const = 0;

  /// Marks an accepted message processed at the source (IMAP keyword, Maildir move).
  /// Called only after the accepting transaction committed; idempotent. Returns false
  /// when key is not this source's or no longer exists there.
  virtual bool markAccepted(const std::string& key) = 0;

  /// Blocks until the source may hold mail listNew has not returned yet (pushed by IMAP
  /// IDLE or inotify; polled where neither exists), until `until`, or until interrupt().
  /// Spurious returns are allowed: the caller lists again. Never throws: a broken
  /// connection ends the wait, and the next listNew reports it.
  virtual void waitForChange(std::chrono::steady_clock::time_point until) = 0;

  /// Thread-safe: ends a running waitForChange at once, or the next one if none runs.
  virtual void interrupt() = 0;
};

class SourceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace cvdd::daemon
