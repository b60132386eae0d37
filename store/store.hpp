#pragma once
// cvdd's state in one LMDB environment: cases, workflows, vendors, inbox, raw messages,
// outbox, positions and the deadline due-time index.
//
// LMDB permits one writer and many readers across processes, so the daemon and cvdctl
// open the same directory at once. A WriteTxn aborts in its destructor unless commit()
// was called: a crash or an exception leaves the last committed state, nothing between.
// "Not found" and "already there" are values; anything that should never happen
// (I/O error, corrupt record) throws StoreError. Want of room (the map full, a quota
// reached) throws StoreFullError, a StoreError whose kind() says which.
//
// Raw messages are stored once per SHA-256 however many inbox keys hold them; the store
// keeps the byte totals the quotas are checked against (see setQuotas).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/case.hpp"
#include "core/deadline.hpp"
#include "core/lifecycle.hpp"
#include "store/records.hpp"
#include "store/store_error.hpp"

namespace cvdd::store {

class Store;
class StateLock;

/// The store schema this build writes and reads (meta "schema"). Store::open upgrades an
/// older store to it (see SchemaUpgrade) and refuses a newer one.
inline constexpr unsigned kStoreSchema = 2;

/// Whether Store::open may upgrade a store of an older schema, and a look inside it.
struct SchemaUpgrade {
  /// The lock of the store's state dir (the store's parent directory), held: proof that no
  /// other cvdd, an older one perhaps, runs on the store while its schema changes. nullptr:
  /// an older store is refused (StoreSchemaError, Kind::Older), as cvdctl does.
  const StateLock* lock = nullptr;
  /// Called after each upgrade step (with the schema it upgraded from), inside the
  /// upgrade's write transaction: what it throws aborts the whole upgrade, leaving the
  /// store as it was. For tests and cvdd's crash point.
  std::function<void(unsigned)> afterStep;
  /// Where, with lock given, a copy of an older store is written before it is upgraded:
  /// copyDir/db.schema-<from>.before-upgrade.mdb, as backupTo writes it (cvdctl restore
  /// takes it back). Empty: no copy. Replaced by the next attempt when an upgrade failed.
  std::filesystem::path copyDir;
};

/// Byte limits a write is checked against; 0 is unlimited.
struct StoreQuotas {
  std::uint64_t rawBytes = 0;         // distinct raw message bytes (ReadTxn::rawMessageBytes)
  std::uint64_t quarantineBytes = 0;  // raw bytes of quarantined messages (quarantinedBytes)

  friend bool operator==(const StoreQuotas&, const StoreQuotas&) = default;
};

/// How much of the LMDB map is taken, for logs and alerts.
struct StoreUsage {
  std::uint64_t usedBytes = 0;  // (last page number + 1) * page size: the file's high-water mark
  std::uint64_t freeBytes = 0;  // pages below that mark on LMDB's free list, reused by writes
  std::uint64_t mapSize = 0;    // this process's map size
  std::uint64_t pageSize = 0;
};

/// What deleting a quarantine item released.
struct QuarantineRemoval {
  QuarantineItem item;           // as it was
  std::uint64_t freedBytes = 0;  // raw bytes deleted: 0 when something still refers to them
  std::string rawKeptBecause;    // why the message's raw bytes stayed; "" when they went (or
                                 // there were none)
};

/// Whom an inquiry number of the unreachable-vendors list was given to.
struct InquiryTarget {
  std::string caseId;
  std::string vendorId;

  friend bool operator==(const InquiryTarget&, const InquiryTarget&) = default;
};

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
  /// The raw bytes stored for the inbox key (stored once per SHA-256, or under the key
  /// itself by stores written before that), or nullopt.
  std::optional<std::string> getRawMessage(std::string_view key) const;
  /// Distinct raw message bytes stored: each SHA-256's bytes once.
  std::uint64_t rawMessageBytes() const;
  /// Raw bytes of quarantined messages: each quarantine item counts its message's size
  /// once its raw bytes are stored.
  std::uint64_t quarantinedBytes() const;

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

  std::optional<RaisedAlert> getAlert(std::uint64_t id) const;
  /// Raised alerts by id; only those not acknowledged yet when openOnly.
  std::vector<RaisedAlert> listAlerts(bool openOnly) const;

  /// The record the last quarantine purge left (putQuarantinePurge), if any.
  std::optional<QuarantinePurge> lastQuarantinePurge() const;

  /// A counter's value (0 when never bumped).
  std::uint64_t counter(std::string_view key) const;

  /// The cases whose public-site change came after the site-change counter read `rendered`
  /// (store/site_changes.hpp), ordered by case ID: what a site rendered then must redo.
  std::vector<std::string> siteCasesChangedAfter(std::uint64_t rendered) const;

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
  /// The case and vendor an inquiry number ("DID#00042") was given to, or nullopt.
  std::optional<InquiryTarget> inquiryTarget(std::string_view number) const;

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
  /// Stores the message's bytes for the inbox key: once per SHA-256, so a second key with
  /// the same bytes takes no more room (the same bytes again for the key change nothing).
  /// Throws StoreFullError, changing nothing, when new bytes would take the raw total, or
  /// a quarantined key's bytes the quarantine total, over its quota (Kind RawQuota or
  /// QuarantineQuota). MDB_MAP_FULL here or in any write throws StoreFullError (MapFull):
  /// the transaction is then dead (every later call on it throws, commit() included) and
  /// nothing of it is kept; end it before Store::grow().
  void putRawMessage(std::string_view key, std::string_view raw);
  /// The same, for a caller that has hashed raw already: sha256 must be sha256Hex(raw).
  void putRawMessage(std::string_view key, std::string_view raw, std::string_view sha256);

  /// Assigns seq and stores; returns seq. A messageId already in the outbox is not
  /// stored twice: its existing seq is returned.
  std::uint64_t enqueueOutbox(OutboxEntry entry);
  void markSent(std::uint64_t seq, core::Timestamp at);
  void rescheduleOutbox(std::uint64_t seq, core::Timestamp nextAttemptAt, std::string_view error);
  /// Turns a Held entry into a Pending one with these bytes, due at `at`; its heldNotice
  /// is dropped and lastError set to note. Throws StoreError when seq is not held.
  void releaseHeld(std::uint64_t seq, std::string_view raw, core::Timestamp at,
                   std::string_view note);

  void putKeyBinding(const KeyBinding& binding);
  /// Assigns id and stores; returns id. Throws StoreFullError (QuarantineQuota), changing
  /// nothing, when the item's raw bytes are stored and would take the quarantine total
  /// over its quota.
  std::uint64_t addQuarantine(QuarantineItem item);
  /// Updates an existing item (its state and decision); throws StoreError when unknown.
  void putQuarantine(const QuarantineItem& item);
  /// Deletes the quarantine item, and the raw bytes of its message unless something else
  /// still refers to them: another quarantine item or inbox key (the same bytes are stored
  /// once), or the item's case, whose timeline counts the message as authenticated (an
  /// accepted item). The inbox item stays, so a refetch of the message remains a no-op.
  /// nullopt, changing nothing, when there is no such item.
  std::optional<QuarantineRemoval> deleteQuarantine(std::uint64_t id);
  /// Keeps who purged what (replacing the previous record). Commit it in a transaction
  /// after the one that deleted: LMDB hands the pages a commit freed only to the second
  /// commit after it, so this commit is what lets the next writer reuse them.
  void putQuarantinePurge(const QuarantinePurge& purge);

  /// Assigns the alert's id and stores it (open unless acknowledgedAt is set); returns id.
  std::uint64_t addAlert(RaisedAlert alert);
  /// Marks an open alert acknowledged by `by` at `at`; false when there is no such alert
  /// or it was acknowledged before (nothing changes then).
  bool acknowledgeAlert(std::uint64_t id, std::string_view by, core::Timestamp at);

  /// Adds one to a named counter and returns the new value (rate limits).
  std::uint64_t bumpCounter(std::string_view key);
  /// Removes counters whose key starts with prefix and sorts before `before`.
  void pruneCounters(std::string_view prefix, std::string_view before);

  /// Stores the record under its id and points every contact address (lower-cased) at it;
  /// addresses the previous version had and this one lacks are released. Throws
  /// StoreError, changing nothing, for an empty id or address or an address that belongs
  /// to another vendor (the message names both ids).
  void putVendor(const VendorRecord& vendor);

  /// Stores the workflow under its case ID (replacing any previous version). A vendor
  /// listed unreachable without an inquiry number gets one here, in this transaction: the
  /// number it had in this case before, else the next never given (see getWorkflow).
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
  // Bumps the site-change counter and records the case's change at its new value.
  void markSiteChanged(std::string_view caseId);
};

class Store {
 public:
  /// Opens or creates the environment in dir (created 0700). mapSize is the LMDB map
  /// size in bytes (the file grows sparsely up to it); an existing environment whose map
  /// was grown larger (grow()) keeps that size. A new store is created at kStoreSchema; an
  /// older one is upgraded to it in one write transaction when upgrade.lock is given.
  /// Throws StoreSchemaError for a newer or unreadable schema, or an older one without
  /// upgrade.lock (then nothing is written: a store of this schema is opened in a read
  /// transaction only); StoreError when upgrade.lock is another state dir's.
  static Store open(const std::filesystem::path& dir, std::size_t mapSize = std::size_t{1} << 32,
                    const SchemaUpgrade& upgrade = {});

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  ReadTxn read() const;
  WriteTxn write();

  /// The schema open() upgraded the store from; nullopt when it did not upgrade it.
  std::optional<unsigned> upgradedFrom() const;
  /// The copy open() wrote before it upgraded the store (SchemaUpgrade::copyDir).
  std::optional<std::filesystem::path> copiedBeforeUpgrade() const;

  /// Enlarges the map after StoreFullError (MapFull): to twice its size, at most maxBytes,
  /// rounded down to the page size. False when that is no larger than now (the map is at
  /// maxBytes). Remapping needs every transaction of this process ended: it keeps new ones
  /// from beginning and waits up to 2 s for open ones (other threads') to end, then throws
  /// StoreError; so the caller must have ended its own (a dead WriteTxn included). Other
  /// processes adopt the new size when they next need it.
  bool grow(std::size_t maxBytes);
  /// This process's map size in bytes.
  std::size_t mapSize() const;
  /// The map's size and how much of it is taken.
  StoreUsage usage() const;
  /// The quotas later writes through this handle are checked against (StoreFullError,
  /// Kind RawQuota or QuarantineQuota). Not stored: each process sets its own.
  void setQuotas(const StoreQuotas& quotas);
  StoreQuotas quotas() const;

  /// Writes a consistent, compacted copy of the environment to file (mode 0600) while
  /// other transactions and processes go on: into file + ".tmp", fsynced, then renamed.
  /// Throws StoreError when file exists and !replace, or on any I/O error (the temporary
  /// file is removed). Returns the copy's size in bytes.
  std::uint64_t backupTo(const std::filesystem::path& file, bool replace) const;
  /// The name SchemaUpgrade::copyDir's copy of a store of schema `from` gets.
  static std::filesystem::path copyBeforeUpgradeIn(const std::filesystem::path& copyDir,
                                                   unsigned from);

 private:
  struct Env;
  explicit Store(std::shared_ptr<Env> env);
  std::shared_ptr<Env> env_;
};

}  // namespace cvdd::store
