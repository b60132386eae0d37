#pragma once
// cvdd's state in one LMDB environment: cases, workflows, vendors, inbox, raw messages,
// outbox, positions and the deadline due-time index.
//
// LMDB permits one writer and many readers across processes, so the daemon and cvdctl
// open the same directory at once. A WriteTxn aborts in its destructor unless commit()
// was called: a crash or an exception leaves the last committed state, nothing between.
// "Not found" and "already there" are values; anything that should never happen
// (I/O error, map full, corrupt record) throws StoreError.

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/case.hpp"
#include "core/deadline.hpp"
#include "core/lifecycle.hpp"
#include "store/records.hpp"

namespace cvdd::store {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The map is full (MDB_MAP_FULL) or a quota is reached: the transaction was aborted and
/// nothing of it kept. The caller may grow the map (Store::grow) and try again.
class StoreFullError : public StoreError {
 public:
  enum class Kind { MapFull, RawQuota, QuarantineQuota };
  StoreFullError(Kind kind, const std::string& what) : StoreError(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

class Store;

/// Read access; valid until destroyed. Also the base of WriteTxn.
class ReadTxn {
 public:
  ReadTxn(const ReadTxn&) = delete;
  ReadTxn& operator=(const ReadTxn&) = delete;
  ReadTxn(ReadTxn&&) noexcept;
  virtual ~ReadTxn();

  std::optional<core::Case> getCase(std::string_view caseId) const;
  bool hasCase(std::string_view caseId) const;
  /// All cases, ordered by case ID.
  std::vector<core::Case> listCases() const;
  /// Every case's summary, ordered by case ID: what a list shows, without decoding each
  /// case's participants and timeline.
  std::vector<CaseSummary> listCaseSummaries() const;

  std::optional<SourcePosition> getSourcePosition(std::string_view sourceId) const;

  std::optional<InboxItem> getInbox(std::string_view key) const;
  /// Inbox item holding raw bytes of this digest, if any (for UIDVALIDITY resets).
  std::optional<InboxItem> findInboxBySha256(std::string_view sha256) const;
  /// Accepted but not yet flagged at the source: to flag on start.
  std::vector<InboxItem> unflaggedInbox() const;
  std::optional<std::string> getRawMessage(std::string_view key) const;

  std::optional<OutboxEntry> getOutbox(std::uint64_t seq) const;
  /// Pending entries with nextAttemptAt <= now, oldest first, at most limit.
  std::vector<OutboxEntry> dueOutbox(core::Timestamp now, std::size_t limit) const;
  /// Earliest nextAttemptAt of a pending entry, for the sender's timer.
  std::optional<core::Timestamp> nextOutboxAttempt() const;
  std::size_t pendingOutboxCount() const;
  /// The case of a message cvdd queued with this Message-ID (for reply threading).
  std::optional<std::string> caseForSentMessage(std::string_view messageId) const;
  /// Outbox entries in the Held state, oldest first.
  std::vector<OutboxEntry> heldOutbox() const;

  std::optional<KeyBinding> getKeyBinding(std::string_view address) const;
  std::vector<KeyBinding> listKeyBindings() const;

  std::optional<QuarantineItem> getQuarantine(std::uint64_t id) const;
  /// Every item (or only pending ones), by id.
  std::vector<QuarantineItem> listQuarantine(bool pendingOnly) const;

  /// A counter's value (0 when never bumped).
  std::uint64_t counter(std::string_view key) const;

  std::optional<VendorRecord> getVendor(std::string_view id) const;
  /// Every vendor record, ordered by id.
  std::vector<VendorRecord> listVendors() const;
  /// The vendor with this contact address (compared case-insensitively), or nullopt.
  std::optional<VendorRecord> findVendorByAddress(std::string_view address) const;

  std::optional<core::CaseWorkflow> getWorkflow(std::string_view caseId) const;
  /// The case's report fields and operator texts, if stored.
  std::optional<CaseReport> getReport(std::string_view caseId) const;
  /// Every workflow, ordered by case ID.
  std::vector<core::CaseWorkflow> listWorkflows() const;

  /// Scheduled deadlines with due <= now, ordered by due, then case ID, then key; at most
  /// limit. After downtime: everything that fell due meanwhile, oldest first. A deferred
  /// deadline counts by its retry time, here and in the two below.
  std::vector<ScheduledDeadline> dueDeadlines(core::Timestamp now, std::size_t limit) const;
  /// Scheduled deadlines with due < before, in the same order; at most limit.
  std::vector<ScheduledDeadline> deadlinesDueBefore(core::Timestamp before,
                                                    std::size_t limit) const;
  /// The earliest due time in the index, for the deadline timer; nullopt when empty.
  std::optional<core::Timestamp> nextDeadline() const;
  /// The case's scheduled deadlines, ordered by due, then key.
  std::vector<ScheduledDeadline> deadlinesOfCase(std::string_view caseId) const;
  std::size_t scheduledDeadlineCount() const;

 protected:
  friend class Store;
  struct Impl;
  explicit ReadTxn(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

class WriteTxn : public ReadTxn {
 public:
  WriteTxn(WriteTxn&&) noexcept;
  ~WriteTxn() override;  // aborts unless committed

  void putCase(const core::Case& c);
  void putSourcePosition(std::string_view sourceId, const SourcePosition& position);
  /// Stores the item; returns false (and changes nothing) when the key exists.
  bool putInbox(const InboxItem& item);
  void markFlagged(std::string_view key);
  void putRawMessage(std::string_view key, std::string_view raw);

  /// Assigns seq and stores; returns seq. A messageId already in the outbox is not
  /// stored twice: its existing seq is returned.
  std::uint64_t enqueueOutbox(OutboxEntry entry);
  void markSent(std::uint64_t seq, core::Timestamp at);
  void rescheduleOutbox(std::uint64_t seq, core::Timestamp nextAttemptAt, std::string_view error);

  void putKeyBinding(const KeyBinding& binding);
  /// Assigns id and stores; returns id.
  std::uint64_t addQuarantine(QuarantineItem item);
  /// Updates an existing item (its state and decision); throws StoreError when unknown.
  void putQuarantine(const QuarantineItem& item);

  /// Adds one to a named counter and returns the new value (rate limits).
  std::uint64_t bumpCounter(std::string_view key);
  /// Removes counters whose key starts with prefix and sorts before `before`.
  void pruneCounters(std::string_view prefix, std::string_view before);

  /// Stores the record under its id and points every contact address (lower-cased) at it;
  /// addresses the previous version had and this one lacks are released. Throws
  /// StoreError, changing nothing, for an empty id or address or an address that belongs
  /// to another vendor (the message names both ids).
  void putVendor(const VendorRecord& vendor);

  /// Stores the workflow under its case ID (replacing any previous version).
  void putWorkflow(const core::CaseWorkflow& workflow);
  /// Stores the case's report record (replacing any previous version).
  void putReport(const CaseReport& report);

  /// Adds the deadline to the due-time index, unique by (caseId, deadline.key()): the same
  /// deadline again changes nothing; the same key with another due time moves it. Throws
  /// StoreError for an empty case ID or one containing NUL.
  void scheduleDeadline(std::string_view caseId, const core::Deadline& deadline);
  /// Moves a scheduled deadline to retry.retryAt in the index and records the failure
  /// (the deadline itself, and its due time, are kept); false when it is not scheduled.
  /// Scheduling it anew with other fields clears the retry.
  bool deferDeadline(std::string_view caseId, std::string_view key, const DeadlineRetry& retry);
  /// Puts a deferred deadline back at its due time, so it fires at the next tick (after
  /// an operator mended what made it fail); false when it is not scheduled or not deferred.
  bool clearDeadlineRetry(std::string_view caseId, std::string_view key);
  /// Removes the deadline with this key; false when it was not scheduled.
  bool cancelDeadline(std::string_view caseId, std::string_view key);
  /// Removes a deadline that has fired (cancelDeadline under the firing path's name);
  /// false when it was not scheduled.
  bool removeDueDeadline(std::string_view caseId, std::string_view key);

  void commit();

 private:
  friend class Store;
  using ReadTxn::ReadTxn;
};

class Store {
 public:
  /// Opens or creates the environment in dir (created 0700). mapSize is the LMDB map
  /// size in bytes (the file grows sparsely up to it).
  static Store open(const std::filesystem::path& dir, std::size_t mapSize = std::size_t{1} << 32);

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  ReadTxn read() const;
  WriteTxn write();

  /// Doubles the map, up to maxBytes; false when it is there already or a transaction of
  /// this process is open (remapping then would pull pages from under it).
  bool grow(std::size_t maxBytes);
  std::size_t mapSize() const;

 private:
  struct Env;
  explicit Store(std::shared_ptr<Env> env);
  std::shared_ptr<Env> env_;
};

}  // namespace cvdd::store
