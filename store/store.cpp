#include "store/store.hpp"

#include <lmdb.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <functional>
#include <map>
#include <thread>
#include <utility>

#include "core/operator_view.hpp"
#include "core/public_site.hpp"
#include "store/digest.hpp"
#include "store/inquiry_numbers.hpp"
#include "store/lmdb_access.hpp"
#include "store/raw_messages.hpp"
#include "store/record_codec.hpp"
#include "store/schema_migrations.hpp"
#include "store/site_changes.hpp"
#include "store/state_lock.hpp"

namespace cvdd::store {

namespace {

using Env = detail::Environment;
using detail::beginTxn;
using detail::check;
using detail::Cursor;
using detail::decodeRecord;
using detail::del;
using detail::encodeRecord;
using detail::endTxn;
using detail::entries;
using detail::get;
using detail::put;
using detail::readCounter;

using detail::kMaxDbs;  // 29 in use; room to grow without touching the environment
constexpr std::string_view kOutboxSeqKey = "outbox_seq";
constexpr std::string_view kQuarantineSeqKey = "quarantine_seq";
constexpr std::string_view kQuarantinePurgeKey = "last_quarantine_purge";
constexpr std::string_view kAlertSeqKey = "alert_seq";

using U64Key = std::array<char, 8>;
using DueKey = std::array<char, 16>;

void putBigEndian(char* out, std::uint64_t value) {
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
}

std::uint64_t readBigEndian(const char* in) {
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<unsigned char>(in[i]);
  return value;
}

U64Key seqKey(std::uint64_t seq) {
  U64Key key{};
  putBigEndian(key.data(), seq);
  return key;
}

std::string_view keyView(const U64Key& key) {
  return {key.data(), key.size()};
}
std::string_view keyView(const DueKey& key) {
  return {key.data(), key.size()};
}

// Flipping the sign bit makes signed epoch seconds sort correctly as unsigned bytes.
constexpr std::uint64_t kSignBit = std::uint64_t{1} << 63;

DueKey dueKey(core::Timestamp at, std::uint64_t seq) {
  DueKey key{};
  putBigEndian(key.data(), static_cast<std::uint64_t>(at.time_since_epoch().count()) ^ kSignBit);
  putBigEndian(key.data() + 8, seq);
  return key;
}

std::pair<core::Timestamp, std::uint64_t> parseDueKey(std::string_view key) {
  if (key.size() != 16)
    throw StoreError("outbox_due: corrupt key of " + std::to_string(key.size()) + " bytes");
  const auto seconds = static_cast<std::int64_t>(readBigEndian(key.data()) ^ kSignBit);
  return {core::Timestamp{std::chrono::seconds{seconds}}, readBigEndian(key.data() + 8)};
}

// --- deadline index keys
//
// deadline_due:     BE(due ^ sign) | caseId | '\0' | key  -> empty
// deadline_by_case: caseId | '\0' | key                    -> JSON of the Deadline
// A case ID never holds NUL (scheduleDeadline refuses one), so the first NUL after the
// time splits case from key, and byte order is (due, caseId, key).

std::string caseDeadlineKey(std::string_view caseId, std::string_view key) {
  std::string out;
  out.reserve(caseId.size() + 1 + key.size());
  out.append(caseId);
  out.push_back('\0');
  out.append(key);
  return out;
}

std::string deadlineDueKey(core::Timestamp due, std::string_view caseId, std::string_view key) {
  std::string out(8, '\0');
  putBigEndian(out.data(), static_cast<std::uint64_t>(due.time_since_epoch().count()) ^ kSignBit);
  out.append(caseDeadlineKey(caseId, key));
  return out;
}

struct DeadlineDueKey {
  core::Timestamp due;
  std::string_view caseId;
  std::string_view caseAndKey;  // caseId '\0' key: the deadline_by_case key
};

DeadlineDueKey parseDeadlineDueKey(std::string_view key) {
  const auto nul = key.size() > 8 ? key.find('\0', 8) : std::string_view::npos;
  if (nul == std::string_view::npos) {
    throw StoreError("deadline_due: corrupt key of " + std::to_string(key.size()) + " bytes");
  }
  const auto seconds = static_cast<std::int64_t>(readBigEndian(key.data()) ^ kSignBit);
  return {core::Timestamp{std::chrono::seconds{seconds}}, key.substr(8, nul - 8), key.substr(8)};
}

/// Addresses are matched case-insensitively: the index holds them ASCII lower-cased.
std::string lowerAscii(std::string_view text) {
  std::string out(text);
  for (char& ch : out) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return out;
}

std::optional<InboxItem> loadInbox(const Env& env, MDB_txn* txn, std::string_view key,
                                   std::string_view op) {
  const auto json = get(env, txn, env.inbox, key, op);
  if (!json) return std::nullopt;
  return decodeRecord(codec::decodeInboxItem, *json, "inbox", key);
}

std::optional<OutboxEntry> loadOutbox(const Env& env, MDB_txn* txn, std::uint64_t seq,
                                      std::string_view op) {
  const U64Key key = seqKey(seq);
  const auto json = get(env, txn, env.outbox, keyView(key), op);
  if (!json) return std::nullopt;
  OutboxEntry entry =
      decodeRecord(codec::decodeOutboxEntry, *json, "outbox", "#" + std::to_string(seq));
  if (const auto raw = get(env, txn, env.outboxRaw, keyView(key), op)) entry.raw = *raw;
  return entry;
}

void storeOutbox(const Env& env, MDB_txn* txn, const OutboxEntry& entry, std::string_view op) {
  const U64Key key = seqKey(entry.seq);
  put(txn, env.outbox, keyView(key), encodeRecord(codec::encodeOutboxEntry, entry, op), 0, op);
}

std::optional<VendorRecord> loadVendor(const Env& env, MDB_txn* txn, std::string_view id,
                                       std::string_view op) {
  const auto json = get(env, txn, env.vendors, id, op);
  if (!json) return std::nullopt;
  return decodeRecord(codec::decodeVendor, *json, "vendors", id);
}

/// The scheduled deadline behind a deadline_due key, which must exist.
ScheduledDeadline loadScheduled(const Env& env, MDB_txn* txn, const DeadlineDueKey& due,
                                std::string_view op) {
  const auto json = get(env, txn, env.deadlineByCase, due.caseAndKey, op);
  if (!json) {
    throw StoreError(std::string(op) + ": deadline_due points to a missing deadline of case \"" +
                     std::string(due.caseId) + "\"");
  }
  auto entry = decodeRecord(codec::decodeScheduledDeadline, *json, "deadline_by_case",
                            due.caseAndKey.substr(due.caseId.size() + 1));
  entry.caseId = due.caseId;
  return entry;
}

/// Sets a scheduled deadline's retry (nullopt: none) and moves its index entry to match.
/// False when it is not scheduled, or when clearing the retry of one that has none.
bool replaceDeadlineRetry(const Env& env, MDB_txn* txn, std::string_view caseId,
                          std::string_view key, const std::optional<DeadlineRetry>& retry,
                          std::string_view op) {
  const std::string byCase = caseDeadlineKey(caseId, key);
  const auto existing = get(env, txn, env.deadlineByCase, byCase, op);
  if (!existing) return false;
  auto entry = decodeRecord(codec::decodeScheduledDeadline, *existing, "deadline_by_case", key);
  if (!retry && !entry.retry) return false;
  entry.caseId = caseId;
  del(txn, env.deadlineDue, deadlineDueKey(entry.indexTime(), caseId, key), op);
  entry.retry = retry;
  put(txn, env.deadlineDue, deadlineDueKey(entry.indexTime(), caseId, key), {}, 0, op);
  put(txn, env.deadlineByCase, byCase, encodeRecord(codec::encodeScheduledDeadline, entry, op), 0,
      op);
  return true;
}

/// Deadlines in due order whose due is before `bound` (or at it when inclusive).
std::vector<ScheduledDeadline> scanDeadlines(const Env& env, MDB_txn* txn, core::Timestamp bound,
                                             bool inclusive, std::size_t limit,
                                             std::string_view op) {
  std::vector<ScheduledDeadline> out;
  Cursor cursor(txn, env.deadlineDue, op);
  for (bool more = limit > 0 && cursor.move(MDB_FIRST, op); more;
       more = out.size() < limit && cursor.move(MDB_NEXT, op)) {
    const auto due = parseDeadlineDueKey(cursor.key());
    if (inclusive ? due.due > bound : due.due >= bound) break;  // ordered by due: done
    out.push_back(loadScheduled(env, txn, due, op));
  }
  return out;
}

/// What a workflow puts in its case's summary (computed when the workflow is put, so the
/// commit never decodes a workflow again).
struct CoordinationDigest {
  core::CaseStage stage = core::CaseStage::Received;
  std::size_t vendorsWaiting = 0;
  std::optional<core::CivilDate> publicationDate;
  std::vector<std::string> decisions;
};

CoordinationDigest digestOf(const core::CaseWorkflow& workflow) {
  return {workflow.stage, core::vendorsWaiting(workflow), workflow.publicationDate,
          core::dueDecisions(workflow)};
}

/// The case's summary with its next deadline recomputed from the index and, given a
/// digest (its workflow changed), the workflow's fields; written only when it changed.
/// Nothing when the case has no summary (it is not stored).
void refreshCoordinationSummary(const Env& env, MDB_txn* txn, std::string_view caseId,
                                const CoordinationDigest* digest, std::string_view op) {
  const auto json = get(env, txn, env.caseSummaries, caseId, op);
  if (!json) return;
  const auto before = decodeRecord(codec::decodeCaseSummary, *json, "case_summaries", caseId);
  auto summary = before;
  if (digest != nullptr) {
    summary.stage = digest->stage;
    summary.vendorsWaiting = digest->vendorsWaiting;
    summary.publicationDate = digest->publicationDate;
    summary.decisions = digest->decisions;
  }
  summary.nextDeadline.reset();
  const std::string prefix = caseDeadlineKey(caseId, {});
  Cursor cursor(txn, env.deadlineByCase, op);
  for (bool more = cursor.seek(prefix, op); more && cursor.key().starts_with(prefix);
       more = cursor.move(MDB_NEXT, op)) {
    const auto entry = decodeRecord(codec::decodeScheduledDeadline, cursor.value(),
                                    "deadline_by_case", cursor.key().substr(prefix.size()));
    if (!summary.nextDeadline || entry.deadline.due < summary.nextDeadline->due)
      summary.nextDeadline = entry.deadline;
  }
  if (summary == before) return;
  put(txn, env.caseSummaries, caseId, encodeRecord(codec::encodeCaseSummary, summary, op), 0, op);
}

}  // namespace

void detail::refreshAllCoordinationSummaries(Env& env, MDB_txn* txn) {
  constexpr std::string_view op = "upgrade: summary coordination";
  std::vector<std::pair<std::string, CoordinationDigest>> digests;
  Cursor cursor(txn, env.workflows, op);
  for (bool more = cursor.move(MDB_FIRST, op); more; more = cursor.move(MDB_NEXT, op)) {
    const auto workflow =
        decodeRecord(codec::decodeWorkflow, cursor.value(), "workflows", cursor.key());
    digests.emplace_back(std::string(cursor.key()), digestOf(workflow));
  }
  for (const auto& [id, digest] : digests) refreshCoordinationSummary(env, txn, id, &digest, op);
}

namespace {

struct DatabaseName {
  const char* name;
  MDB_dbi Env::*dbi;
};

constexpr std::array<DatabaseName, 29> kDatabases{{
    {"cases", &Env::cases},
    {"case_summaries", &Env::caseSummaries},
    {"inbox", &Env::inbox},
    {"inbox_by_sha", &Env::inboxBySha},
    {"unflagged", &Env::unflagged},
    {"raw", &Env::raw},
    {"raw_blobs", &Env::rawBlobs},
    {"raw_keys", &Env::rawKeys},
    {"raw_refs", &Env::rawRefs},
    {"outbox", &Env::outbox},
    {"outbox_raw", &Env::outboxRaw},
    {"outbox_by_msgid", &Env::outboxByMsgId},
    {"outbox_due", &Env::outboxDue},
    {"outbox_held", &Env::outboxHeld},
    {"positions", &Env::positions},
    {"meta", &Env::meta},
    {"keys", &Env::keys},
    {"quarantine", &Env::quarantine},
    {"quarantine_pending", &Env::quarantinePending},
    {"quarantine_refs", &Env::quarantineRefs},
    {"counters", &Env::counters},
    {"vendors", &Env::vendors},
    {"vendor_by_address", &Env::vendorByAddress},
    {"workflows", &Env::workflows},
    {"deadline_due", &Env::deadlineDue},
    {"deadline_by_case", &Env::deadlineByCase},
    {"reports", &Env::reports},
    {"alerts", &Env::alerts},
    {"alerts_open", &Env::alertsOpen},
}};

/// Calls fn with every sequence number an index of 8-byte big-endian keys holds, in order
/// (the quarantine, alert and held-outbox indexes).
template <class Fn>
void forEachSeqIn(MDB_txn* txn, MDB_dbi index, std::string_view db, std::string_view op, Fn fn) {
  Cursor cursor(txn, index, op);
  for (bool more = cursor.move(MDB_FIRST, op); more; more = cursor.move(MDB_NEXT, op)) {
    if (cursor.key().size() != 8) throw StoreError("corrupt key in " + std::string(db));
    fn(readBigEndian(cursor.key().data()));
  }
}

/// What an open may do with a store of an older schema.
struct OpenRules {
  std::string where;  // "store <dir>", for messages
  bool mayUpgrade = false;
  std::function<void(unsigned)> afterStep;  // SchemaUpgrade::afterStep
};

/// Opens every database of kDatabases in txn, with flags (MDB_CREATE or 0). Without
/// MDB_CREATE a missing one is damage: a store of this schema has them all.
void openAllDatabases(Env& env, MDB_txn* txn, unsigned flags, const OpenRules& rules) {
  for (const auto& db : kDatabases) {
    const int rc = mdb_dbi_open(txn, db.name, flags, &(env.*db.dbi));
    if (rc == MDB_NOTFOUND) {
      throw StoreError(rules.where + " (store schema " + std::to_string(kStoreSchema) +
                       ") has no database \"" + db.name +
                       "\": it is damaged; restore a backup (cvdctl restore)");
    }
    check(std::string("open database ") + db.name, rc);
  }
}

/// Opens the store's databases in txn as its schema says: a new store (no schema, meta
/// empty) is created at kStoreSchema, an older one upgraded (both in a write txn only),
/// a current one opened as it is; a newer, unreadable or (without rules.mayUpgrade)
/// older one throws StoreSchemaError. False when a read-only txn leaves it to a writer.
bool openDatabasesIn(Env& env, MDB_txn* txn, bool write, const OpenRules& rules) {
  const unsigned create = write ? MDB_CREATE : 0;
  const int rc = mdb_dbi_open(txn, "meta", create, &env.meta);
  if (rc == MDB_NOTFOUND) return false;  // read-only, and a new store
  check("open database meta", rc);
  const auto schema = detail::recordedSchema(env, txn, rules.where);
  if (!schema) {
    if (!write) return false;
    if (entries(txn, env.meta, "open") != 0) {
      throw StoreSchemaError(StoreSchemaError::Kind::Unreadable, std::nullopt,
                             rules.where + " has records but no store schema: it is damaged");
    }
    openAllDatabases(env, txn, MDB_CREATE, rules);
    detail::recordCurrentSchema(env, txn);
    return true;
  }
  if (*schema == kStoreSchema) {
    openAllDatabases(env, txn, 0, rules);
    return true;
  }
  detail::checkOpenable(*schema, rules.mayUpgrade, rules.where);
  if (!write) return false;
  // Databases a step fills or a later schema added are created here, empty.
  openAllDatabases(env, txn, MDB_CREATE, rules);
  detail::upgradeSchema(env, txn, *schema, rules.afterStep);
  env.upgradedFrom = *schema;
  return true;
}

/// The schema of a store older than this build's that this build upgrades, read in a read
/// transaction; nullopt for a new, current, newer or unreadable one (openDatabases says
/// what is wrong with the last two).
std::optional<unsigned> upgradableSchema(Env& env, const std::string& where) {
  MDB_txn* txn = beginTxn(env, MDB_RDONLY, "open: schema");
  std::optional<unsigned> schema;
  try {
    // The handle is the transaction's own: it closes when the transaction is aborted.
    const int rc = mdb_dbi_open(txn, "meta", 0, &env.meta);
    if (rc != MDB_NOTFOUND) {
      check("open database meta", rc);
      schema = detail::recordedSchema(env, txn, where);
    }
  } catch (...) {
    endTxn(env, txn, false);
    throw;
  }
  endTxn(env, txn, false);
  if (schema && *schema >= detail::kOldestSchema && *schema < kStoreSchema) return schema;
  return std::nullopt;
}

/// Before an upgrade, the store as it was, where cvdctl restore takes it back from.
std::filesystem::path copyBeforeUpgrade(Env& env, const std::filesystem::path& copyDir,
                                        unsigned from, const std::string& where) {
  const auto file = Store::copyBeforeUpgradeIn(copyDir, from);
  try {
    // Replaced: an earlier attempt's copy is of the same, unchanged store.
    detail::writeEnvironmentCopy(env, file, true, "copy to " + file.string());
  } catch (const StoreError& e) {
    throw StoreError(where + " (store schema " + std::to_string(from) +
                     "): before upgrading it, cvdd keeps a copy of it and could not: " + e.what() +
                     ". Nothing was changed; make room for a copy the size of " +
                     "the store and start cvdd again");
  }
  return file;
}

/// Opens the database handles once for the life of the environment. A store of this
/// schema is opened in a read transaction, so cvdctl never waits for the daemon's writer;
/// only a new one, or an older one to upgrade, takes the write lock.
void openDatabases(Env& env, const OpenRules& rules) {
  for (const bool write : {false, true}) {
    MDB_txn* txn = beginTxn(env, write ? 0 : MDB_RDONLY, "open");
    bool complete = false;
    try {
      complete = openDatabasesIn(env, txn, write, rules);
    } catch (...) {
      endTxn(env, txn, false);
      throw;
    }
    if (!complete) {
      endTxn(env, txn, false);
      continue;
    }
    // Committing (even a read-only txn) keeps the handles for all later transactions.
    check("open: commit", endTxn(env, txn, true));
    return;
  }
}

/// Writes the quarantine record under its id and keeps the pending index in step.
void storeQuarantine(const Env& env, MDB_txn* txn, const QuarantineItem& item,
                     std::string_view op) {
  const U64Key key = seqKey(item.id);
  put(txn, env.quarantine, keyView(key), encodeRecord(codec::encodeQuarantineItem, item, op), 0,
      op);
  if (item.state == QuarantineState::Pending)
    put(txn, env.quarantinePending, keyView(key), {}, 0, op);
  else
    del(txn, env.quarantinePending, keyView(key), op);
}

/// Whether the case's timeline holds the inbound message as authenticated: an accepted
/// quarantine item's message is the participant's voice, and the case's evidence.
bool caseCountsMessage(const Env& env, MDB_txn* txn, std::string_view caseId,
                       std::string_view inboxKey, std::string_view op) {
  if (caseId.empty()) return false;
  const auto json = get(env, txn, env.cases, caseId, op);
  if (!json) return false;
  const auto c = decodeRecord(codec::decodeCase, *json, "cases", caseId);
  return std::any_of(c.timeline.begin(), c.timeline.end(), [&](const core::TimelineEntry& e) {
    return e.direction == core::Direction::Inbound && e.messageKey == inboxKey && e.authenticated;
  });
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Transactions

struct ReadTxn::Impl {
  enum class Status { Open, Committed, CommitFailed };

  Impl(std::shared_ptr<Env> environment, MDB_txn* handle, bool isWrite)
      : env(std::move(environment)), txn(handle), write(isWrite) {}
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    if (txn != nullptr) {
      if (write) env->writer = std::thread::id{};
      endTxn(*env, txn, false);
    }
  }

  /// The open transaction behind p, or StoreError naming op.
  static Impl& of(const std::unique_ptr<Impl>& p, std::string_view op) {
    if (!p) throw StoreError(std::string(op) + ": transaction was moved from");
    if (p->txn == nullptr) {
      throw StoreError(std::string(op) + (p->status == Status::Committed
                                              ? ": transaction already committed"
                                              : ": transaction failed to commit"));
    }
    return *p;
  }

  std::shared_ptr<Env> env;
  MDB_txn* txn = nullptr;
  bool write = false;
  Status status = Status::Open;
  // Cases whose workflow or deadlines changed: their summaries are refreshed at commit,
  // once each, whatever the number of changes.
  // With the workflow's digest when the workflow itself changed.
  std::map<std::string, std::optional<CoordinationDigest>, std::less<>> staleSummaries;
};

ReadTxn::ReadTxn(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ReadTxn::ReadTxn(ReadTxn&&) noexcept = default;
ReadTxn::~ReadTxn() = default;

std::optional<core::Case> ReadTxn::getCase(std::string_view caseId) const {
  auto& t = Impl::of(impl_, "getCase");
  const auto json = get(*t.env, t.txn, t.env->cases, caseId, "getCase");
  if (!json) return std::nullopt;
  return decodeRecord(codec::decodeCase, *json, "cases", caseId);
}

bool ReadTxn::hasCase(std::string_view caseId) const {
  auto& t = Impl::of(impl_, "hasCase");
  return get(*t.env, t.txn, t.env->cases, caseId, "hasCase").has_value();
}

std::vector<core::Case> ReadTxn::listCases() const {
  auto& t = Impl::of(impl_, "listCases");
  std::vector<core::Case> cases;
  Cursor cursor(t.txn, t.env->cases, "listCases");
  for (bool more = cursor.move(MDB_FIRST, "listCases"); more;
       more = cursor.move(MDB_NEXT, "listCases")) {
    cases.push_back(decodeRecord(codec::decodeCase, cursor.value(), "cases", cursor.key()));
  }
  return cases;
}

std::vector<CaseSummary> ReadTxn::listCaseSummaries() const {
  auto& t = Impl::of(impl_, "listCaseSummaries");
  std::vector<CaseSummary> out;
  out.reserve(entries(t.txn, t.env->caseSummaries, "listCaseSummaries"));
  Cursor cursor(t.txn, t.env->caseSummaries, "listCaseSummaries");
  for (bool more = cursor.move(MDB_FIRST, "listCaseSummaries"); more;
       more = cursor.move(MDB_NEXT, "listCaseSummaries")) {
    out.push_back(
        decodeRecord(codec::decodeCaseSummary, cursor.value(), "case_summaries", cursor.key()));
  }
  return out;
}

std::optional<SourcePosition> ReadTxn::getSourcePosition(std::string_view sourceId) const {
  auto& t = Impl::of(impl_, "getSourcePosition");
  const auto json = get(*t.env, t.txn, t.env->positions, sourceId, "getSourcePosition");
  if (!json) return std::nullopt;
  return decodeRecord(codec::decodeSourcePosition, *json, "positions", sourceId);
}

std::optional<InboxItem> ReadTxn::getInbox(std::string_view key) const {
  auto& t = Impl::of(impl_, "getInbox");
  return loadInbox(*t.env, t.txn, key, "getInbox");
}

std::optional<InboxItem> ReadTxn::findInboxBySha256(std::string_view sha256) const {
  auto& t = Impl::of(impl_, "findInboxBySha256");
  const auto key = get(*t.env, t.txn, t.env->inboxBySha, sha256, "findInboxBySha256");
  if (!key) return std::nullopt;
  auto item = loadInbox(*t.env, t.txn, *key, "findInboxBySha256");
  if (!item) {
    throw StoreError("findInboxBySha256: index points to missing inbox key \"" + std::string(*key) +
                     "\"");
  }
  return item;
}

std::vector<InboxItem> ReadTxn::unflaggedInbox() const {
  auto& t = Impl::of(impl_, "unflaggedInbox");
  std::vector<InboxItem> items;
  Cursor cursor(t.txn, t.env->unflagged, "unflaggedInbox");
  for (bool more = cursor.move(MDB_FIRST, "unflaggedInbox"); more;
       more = cursor.move(MDB_NEXT, "unflaggedInbox")) {
    auto item = loadInbox(*t.env, t.txn, cursor.key(), "unflaggedInbox");
    if (!item) {
      throw StoreError("unflaggedInbox: index points to missing inbox key \"" +
                       std::string(cursor.key()) + "\"");
    }
    items.push_back(std::move(*item));
  }
  return items;
}

std::optional<std::string> ReadTxn::getRawMessage(std::string_view key) const {
  auto& t = Impl::of(impl_, "getRawMessage");
  const auto raw = detail::rawMessage(*t.env, t.txn, key, "getRawMessage");
  if (!raw) return std::nullopt;
  return std::string(*raw);
}

std::uint64_t ReadTxn::rawMessageBytes() const {
  auto& t = Impl::of(impl_, "rawMessageBytes");
  return detail::rawMessageTotal(*t.env, t.txn, "rawMessageBytes");
}

std::uint64_t ReadTxn::quarantinedBytes() const {
  auto& t = Impl::of(impl_, "quarantinedBytes");
  return detail::quarantineTotal(*t.env, t.txn, "quarantinedBytes");
}

std::optional<OutboxEntry> ReadTxn::getOutbox(std::uint64_t seq) const {
  auto& t = Impl::of(impl_, "getOutbox");
  return loadOutbox(*t.env, t.txn, seq, "getOutbox");
}

std::vector<OutboxEntry> ReadTxn::dueOutbox(core::Timestamp now, std::size_t limit) const {
  auto& t = Impl::of(impl_, "dueOutbox");
  std::vector<OutboxEntry> due;
  Cursor cursor(t.txn, t.env->outboxDue, "dueOutbox");
  for (bool more = limit > 0 && cursor.move(MDB_FIRST, "dueOutbox"); more;
       more = due.size() < limit && cursor.move(MDB_NEXT, "dueOutbox")) {
    const auto [at, seq] = parseDueKey(cursor.key());
    if (at > now) break;  // the index is ordered by time: nothing later is due
    auto entry = loadOutbox(*t.env, t.txn, seq, "dueOutbox");
    if (!entry) {
      throw StoreError("dueOutbox: index points to missing outbox #" + std::to_string(seq));
    }
    due.push_back(std::move(*entry));
  }
  return due;
}

std::optional<core::Timestamp> ReadTxn::nextOutboxAttempt() const {
  auto& t = Impl::of(impl_, "nextOutboxAttempt");
  Cursor cursor(t.txn, t.env->outboxDue, "nextOutboxAttempt");
  if (!cursor.move(MDB_FIRST, "nextOutboxAttempt")) return std::nullopt;
  return parseDueKey(cursor.key()).first;
}

std::size_t ReadTxn::pendingOutboxCount() const {
  auto& t = Impl::of(impl_, "pendingOutboxCount");
  MDB_stat stat{};
  check("pendingOutboxCount", mdb_stat(t.txn, t.env->outboxDue, &stat));
  return stat.ms_entries;
}

std::optional<std::string> ReadTxn::caseForSentMessage(std::string_view messageId) const {
  constexpr std::string_view op = "caseForSentMessage";
  auto& t = Impl::of(impl_, op);
  const auto seq = get(*t.env, t.txn, t.env->outboxByMsgId, messageId, op);
  if (!seq) return std::nullopt;
  if (seq->size() != 8) throw StoreError("corrupt record in outbox_by_msgid");
  auto entry = loadOutbox(*t.env, t.txn, readBigEndian(seq->data()), op);
  if (!entry) return std::nullopt;
  return entry->caseId;
}

std::vector<OutboxEntry> ReadTxn::heldOutbox() const {
  constexpr std::string_view op = "heldOutbox";
  auto& t = Impl::of(impl_, op);
  // From the held index, never a scan: sent entries stay in the outbox for good.
  std::vector<OutboxEntry> held;
  forEachSeqIn(t.txn, t.env->outboxHeld, "outbox_held", op, [&](std::uint64_t seq) {
    auto entry = loadOutbox(*t.env, t.txn, seq, op);
    if (!entry) throw StoreError("heldOutbox: outbox_held points to a missing entry");
    held.push_back(std::move(*entry));
  });
  return held;
}

std::optional<KeyBinding> ReadTxn::getKeyBinding(std::string_view address) const {
  constexpr std::string_view op = "getKeyBinding";
  auto& t = Impl::of(impl_, op);
  const auto json = get(*t.env, t.txn, t.env->keys, address, op);
  if (!json) return std::nullopt;
  return decodeRecord(codec::decodeKeyBinding, *json, "keys", address);
}

std::vector<KeyBinding> ReadTxn::listKeyBindings() const {
  constexpr std::string_view op = "listKeyBindings";
  auto& t = Impl::of(impl_, op);
  std::vector<KeyBinding> bindings;
  Cursor cursor(t.txn, t.env->keys, op);
  for (bool more = cursor.move(MDB_FIRST, op); more; more = cursor.move(MDB_NEXT, op))
    bindings.push_back(decodeRecord(codec::decodeKeyBinding, cursor.value(), "keys", cursor.key()));
  return bindings;
}

std::optional<QuarantineItem> ReadTxn::getQuarantine(std::uint64_t id) const {
  constexpr std::string_view op = "getQuarantine";
  auto& t = Impl::of(impl_, op);
  const U64Key key = seqKey(id);
  const auto json = get(*t.env, t.txn, t.env->quarantine, keyView(key), op);
  if (!json) return std::nullopt;
  return decodeRecord(codec::decodeQuarantineItem, *json, "quarantine", std::to_string(id));
}

std::optional<RaisedAlert> ReadTxn::getAlert(std::uint64_t id) const {
  constexpr std::string_view op = "getAlert";
  auto& t = Impl::of(impl_, op);
  const U64Key key = seqKey(id);
  const auto json = get(*t.env, t.txn, t.env->alerts, keyView(key), op);
  if (!json) return std::nullopt;
  return decodeRecord(codec::decodeRaisedAlert, *json, "alerts", std::to_string(id));
}

std::vector<RaisedAlert> ReadTxn::listAlerts(bool openOnly) const {
  constexpr std::string_view op = "listAlerts";
  auto& t = Impl::of(impl_, op);
  std::vector<RaisedAlert> out;
  forEachSeqIn(t.txn, openOnly ? t.env->alertsOpen : t.env->alerts, "alerts", op,
               [&](std::uint64_t id) {
                 auto alert = getAlert(id);
                 if (!alert) throw StoreError("listAlerts: index points to a missing alert");
                 out.push_back(std::move(*alert));
               });
  return out;
}

std::vector<QuarantineItem> ReadTxn::listQuarantine(bool pendingOnly) const {
  constexpr std::string_view op = "listQuarantine";
  auto& t = Impl::of(impl_, op);
  std::vector<QuarantineItem> items;
  forEachSeqIn(t.txn, pendingOnly ? t.env->quarantinePending : t.env->quarantine, "quarantine", op,
               [&](std::uint64_t id) {
                 auto item = getQuarantine(id);
                 if (!item) throw StoreError("listQuarantine: index points to a missing item");
                 items.push_back(std::move(*item));
               });
  return items;
}

std::optional<QuarantinePurge> ReadTxn::lastQuarantinePurge() const {
  constexpr std::string_view op = "lastQuarantinePurge";
  auto& t = Impl::of(impl_, op);
  const auto json = get(*t.env, t.txn, t.env->meta, kQuarantinePurgeKey, op);
  if (!json) return std::nullopt;
  return decodeRecord(codec::decodeQuarantinePurge, *json, "meta", kQuarantinePurgeKey);
}

std::uint64_t ReadTxn::counter(std::string_view key) const {
  auto& t = Impl::of(impl_, "counter");
  const auto text = get(*t.env, t.txn, t.env->counters, key, "counter");
  if (!text) return 0;
  std::uint64_t value = 0;
  std::from_chars(text->data(), text->data() + text->size(), value);
  return value;
}

std::vector<std::string> ReadTxn::siteCasesChangedAfter(std::uint64_t rendered) const {
  constexpr std::string_view op = "siteCasesChangedAfter";
  auto& t = Impl::of(impl_, op);
  std::vector<std::string> out;
  // One short entry per case that ever touched the site: a scan of a few thousand keys.
  Cursor cursor(t.txn, t.env->meta, op);
  for (bool more = cursor.seek(kSiteCasePrefix, op);
       more && cursor.key().starts_with(kSiteCasePrefix); more = cursor.move(MDB_NEXT, op)) {
    if (detail::parseNumber(cursor.value(), "meta", cursor.key()) > rendered)
      out.emplace_back(cursor.key().substr(kSiteCasePrefix.size()));
  }
  return out;
}

std::optional<VendorRecord> ReadTxn::getVendor(std::string_view id) const {
  constexpr std::string_view op = "getVendor";
  auto& t = Impl::of(impl_, op);
  return loadVendor(*t.env, t.txn, id, op);
}

std::vector<VendorRecord> ReadTxn::listVendors() const {
  constexpr std::string_view op = "listVendors";
  auto& t = Impl::of(impl_, op);
  std::vector<VendorRecord> vendors;
  Cursor cursor(t.txn, t.env->vendors, op);
  for (bool more = cursor.move(MDB_FIRST, op); more; more = cursor.move(MDB_NEXT, op))
    vendors.push_back(decodeRecord(codec::decodeVendor, cursor.value(), "vendors", cursor.key()));
  return vendors;
}

std::optional<VendorRecord> ReadTxn::findVendorByAddress(std::string_view address) const {
  constexpr std::string_view op = "findVendorByAddress";
  auto& t = Impl::of(impl_, op);
  const auto id = get(*t.env, t.txn, t.env->vendorByAddress, lowerAscii(address), op);
  if (!id) return std::nullopt;
  auto vendor = loadVendor(*t.env, t.txn, *id, op);
  if (!vendor) {
    throw StoreError("findVendorByAddress: index points to missing vendor \"" + std::string(*id) +
                     "\"");
  }
  return vendor;
}

std::optional<core::CaseWorkflow> ReadTxn::getWorkflow(std::string_view caseId) const {
  constexpr std::string_view op = "getWorkflow";
  auto& t = Impl::of(impl_, op);
  const auto json = get(*t.env, t.txn, t.env->workflows, caseId, op);
  if (!json) return std::nullopt;
  return decodeRecord(codec::decodeWorkflow, *json, "workflows", caseId);
}

std::optional<InquiryTarget> ReadTxn::inquiryTarget(std::string_view number) const {
  auto& t = Impl::of(impl_, "inquiryTarget");
  return detail::findInquiryTarget(*t.env, t.txn, number);
}

std::optional<CaseReport> ReadTxn::getReport(std::string_view caseId) const {
  constexpr std::string_view op = "getReport";
  auto& t = Impl::of(impl_, op);
  const auto json = get(*t.env, t.txn, t.env->reports, caseId, op);
  if (!json) return std::nullopt;
  return decodeRecord(codec::decodeReport, *json, "reports", caseId);
}

std::vector<core::CaseWorkflow> ReadTxn::listWorkflows() const {
  constexpr std::string_view op = "listWorkflows";
  auto& t = Impl::of(impl_, op);
  std::vector<core::CaseWorkflow> workflows;
  Cursor cursor(t.txn, t.env->workflows, op);
  for (bool more = cursor.move(MDB_FIRST, op); more; more = cursor.move(MDB_NEXT, op)) {
    workflows.push_back(
        decodeRecord(codec::decodeWorkflow, cursor.value(), "workflows", cursor.key()));
  }
  return workflows;
}

std::vector<ScheduledDeadline> ReadTxn::dueDeadlines(core::Timestamp now, std::size_t limit) const {
  constexpr std::string_view op = "dueDeadlines";
  auto& t = Impl::of(impl_, op);
  return scanDeadlines(*t.env, t.txn, now, true, limit, op);
}

std::vector<ScheduledDeadline> ReadTxn::deadlinesDueBefore(core::Timestamp before,
                                                           std::size_t limit) const {
  constexpr std::string_view op = "deadlinesDueBefore";
  auto& t = Impl::of(impl_, op);
  return scanDeadlines(*t.env, t.txn, before, false, limit, op);
}

std::optional<core::Timestamp> ReadTxn::nextDeadline() const {
  constexpr std::string_view op = "nextDeadline";
  auto& t = Impl::of(impl_, op);
  Cursor cursor(t.txn, t.env->deadlineDue, op);
  if (!cursor.move(MDB_FIRST, op)) return std::nullopt;
  return parseDeadlineDueKey(cursor.key()).due;
}

std::vector<ScheduledDeadline> ReadTxn::deadlinesOfCase(std::string_view caseId) const {
  constexpr std::string_view op = "deadlinesOfCase";
  auto& t = Impl::of(impl_, op);
  const std::string prefix = caseDeadlineKey(caseId, {});
  std::vector<ScheduledDeadline> out;
  Cursor cursor(t.txn, t.env->deadlineByCase, op);
  for (bool more = cursor.seek(prefix, op); more && cursor.key().starts_with(prefix);
       more = cursor.move(MDB_NEXT, op)) {
    out.push_back(decodeRecord(codec::decodeScheduledDeadline, cursor.value(), "deadline_by_case",
                               cursor.key().substr(prefix.size())));
    out.back().caseId = caseId;
  }
  // Stored by key; a case has a handful of deadlines, so sorting here beats a third index.
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.deadline.due < b.deadline.due; });
  return out;
}

std::size_t ReadTxn::scheduledDeadlineCount() const {
  constexpr std::string_view op = "scheduledDeadlineCount";
  auto& t = Impl::of(impl_, op);
  MDB_stat stat{};
  check(op, mdb_stat(t.txn, t.env->deadlineByCase, &stat));
  return stat.ms_entries;
}

WriteTxn::WriteTxn(WriteTxn&&) noexcept = default;
WriteTxn::~WriteTxn() = default;  // Impl aborts an uncommitted transaction

void WriteTxn::putCase(const core::Case& c) {
  auto& t = Impl::of(impl_, "putCase");
  put(t.txn, t.env->cases, c.id, encodeRecord(codec::encodeCase, c, "putCase"), 0, "putCase");
  auto summary = summaryOf(c);
  // The coordination fields are not the case's: keep them (a stale summary is refreshed
  // at commit anyway).
  if (!t.staleSummaries.contains(c.id)) {
    if (const auto old = get(*t.env, t.txn, t.env->caseSummaries, c.id, "putCase")) {
      auto previous = decodeRecord(codec::decodeCaseSummary, *old, "case_summaries", c.id);
      summary.stage = previous.stage;
      summary.nextDeadline = std::move(previous.nextDeadline);
      summary.vendorsWaiting = previous.vendorsWaiting;
      summary.publicationDate = previous.publicationDate;
      summary.decisions = std::move(previous.decisions);
    }
  }
  put(t.txn, t.env->caseSummaries, c.id, encodeRecord(codec::encodeCaseSummary, summary, "putCase"),
      0, "putCase");
}

void WriteTxn::putSourcePosition(std::string_view sourceId, const SourcePosition& position) {
  auto& t = Impl::of(impl_, "putSourcePosition");
  put(t.txn, t.env->positions, sourceId,
      encodeRecord(codec::encodeSourcePosition, position, "putSourcePosition"), 0,
      "putSourcePosition");
}

bool WriteTxn::putInbox(const InboxItem& item) {
  auto& t = Impl::of(impl_, "putInbox");
  const std::string json = encodeRecord(codec::encodeInboxItem, item, "putInbox");
  if (!put(t.txn, t.env->inbox, item.key, json, MDB_NOOVERWRITE, "putInbox")) return false;
  if (!item.sha256.empty()) {
    // The first item with these bytes stays the answer; a later copy is a duplicate of it.
    put(t.txn, t.env->inboxBySha, item.sha256, item.key, MDB_NOOVERWRITE, "putInbox");
  }
  if (!item.flagged) put(t.txn, t.env->unflagged, item.key, {}, 0, "putInbox");
  return true;
}

void WriteTxn::markFlagged(std::string_view key) {
  auto& t = Impl::of(impl_, "markFlagged");
  auto item = loadInbox(*t.env, t.txn, key, "markFlagged");
  if (!item) throw StoreError("markFlagged: no inbox item \"" + std::string(key) + "\"");
  if (item->flagged) return;
  item->flagged = true;
  put(t.txn, t.env->inbox, key, encodeRecord(codec::encodeInboxItem, *item, "markFlagged"), 0,
      "markFlagged");
  del(t.txn, t.env->unflagged, key, "markFlagged");
}

void WriteTxn::putRawMessage(std::string_view key, std::string_view raw) {
  putRawMessage(key, raw, sha256Hex(raw));
}

void WriteTxn::putRawMessage(std::string_view key, std::string_view raw, std::string_view sha256) {
  auto& t = Impl::of(impl_, "putRawMessage");
  detail::storeRawMessage(*t.env, t.txn, key, raw, sha256, "putRawMessage");
}

std::uint64_t WriteTxn::enqueueOutbox(OutboxEntry entry) {
  constexpr std::string_view op = "enqueueOutbox";
  auto& t = Impl::of(impl_, op);
  if (const auto existing = get(*t.env, t.txn, t.env->outboxByMsgId, entry.messageId, op)) {
    if (existing->size() != 8) throw StoreError("corrupt record in outbox_by_msgid");
    return readBigEndian(existing->data());
  }
  entry.seq = readCounter(*t.env, t.txn, kOutboxSeqKey, op) + 1;
  put(t.txn, t.env->meta, kOutboxSeqKey, std::to_string(entry.seq), 0, op);
  const U64Key key = seqKey(entry.seq);
  storeOutbox(*t.env, t.txn, entry, op);
  put(t.txn, t.env->outboxRaw, keyView(key), entry.raw, 0, op);
  put(t.txn, t.env->outboxByMsgId, entry.messageId, keyView(key), 0, op);
  if (entry.state == OutboxState::Pending) {
    put(t.txn, t.env->outboxDue, keyView(dueKey(entry.nextAttemptAt, entry.seq)), {}, 0, op);
  } else if (entry.state == OutboxState::Held) {
    put(t.txn, t.env->outboxHeld, keyView(key), {}, 0, op);
  }
  return entry.seq;
}

void WriteTxn::markSent(std::uint64_t seq, core::Timestamp at) {
  constexpr std::string_view op = "markSent";
  auto& t = Impl::of(impl_, op);
  auto entry = loadOutbox(*t.env, t.txn, seq, op);
  if (!entry) throw StoreError("markSent: no outbox #" + std::to_string(seq));
  if (entry->state == OutboxState::Sent) return;  // the first sentAt is the true one
  del(t.txn, t.env->outboxDue, keyView(dueKey(entry->nextAttemptAt, seq)), op);
  entry->state = OutboxState::Sent;
  entry->sentAt = at;
  storeOutbox(*t.env, t.txn, *entry, op);
}

void WriteTxn::rescheduleOutbox(std::uint64_t seq, core::Timestamp nextAttemptAt,
                                std::string_view error) {
  constexpr std::string_view op = "rescheduleOutbox";
  auto& t = Impl::of(impl_, op);
  auto entry = loadOutbox(*t.env, t.txn, seq, op);
  if (!entry) throw StoreError("rescheduleOutbox: no outbox #" + std::to_string(seq));
  // Rescheduling a delivered message would send it twice; it stays sent.
  if (entry->state == OutboxState::Sent) return;
  del(t.txn, t.env->outboxDue, keyView(dueKey(entry->nextAttemptAt, seq)), op);
  entry->attempts += 1;
  entry->nextAttemptAt = nextAttemptAt;
  entry->lastError = codec::sanitizeUtf8(error);  // the remote server's words, any bytes
  storeOutbox(*t.env, t.txn, *entry, op);
  put(t.txn, t.env->outboxDue, keyView(dueKey(nextAttemptAt, seq)), {}, 0, op);
}

void WriteTxn::releaseHeld(std::uint64_t seq, std::string_view raw, core::Timestamp at,
                           std::string_view note) {
  constexpr std::string_view op = "releaseHeld";
  auto& t = Impl::of(impl_, op);
  auto entry = loadOutbox(*t.env, t.txn, seq, op);
  if (!entry || entry->state != OutboxState::Held)
    throw StoreError("releaseHeld: outbox #" + std::to_string(seq) + " is not held");
  entry->state = OutboxState::Pending;
  entry->nextAttemptAt = at;
  entry->heldNotice.clear();
  entry->lastError = codec::sanitizeUtf8(note);
  const U64Key key = seqKey(seq);
  storeOutbox(*t.env, t.txn, *entry, op);
  put(t.txn, t.env->outboxRaw, keyView(key), raw, 0, op);
  put(t.txn, t.env->outboxDue, keyView(dueKey(at, seq)), {}, 0, op);
  del(t.txn, t.env->outboxHeld, keyView(key), op);
}

void WriteTxn::putKeyBinding(const KeyBinding& binding) {
  constexpr std::string_view op = "putKeyBinding";
  auto& t = Impl::of(impl_, op);
  put(t.txn, t.env->keys, binding.address, encodeRecord(codec::encodeKeyBinding, binding, op), 0,
      op);
}

std::uint64_t WriteTxn::addQuarantine(QuarantineItem item) {
  constexpr std::string_view op = "addQuarantine";
  auto& t = Impl::of(impl_, op);
  detail::addQuarantineRef(*t.env, t.txn, item.inboxKey, op);  // first: it checks the quota
  item.id = readCounter(*t.env, t.txn, kQuarantineSeqKey, op) + 1;
  put(t.txn, t.env->meta, kQuarantineSeqKey, std::to_string(item.id), 0, op);
  storeQuarantine(*t.env, t.txn, item, op);
  return item.id;
}

std::uint64_t WriteTxn::addAlert(RaisedAlert alert) {
  constexpr std::string_view op = "addAlert";
  auto& t = Impl::of(impl_, op);
  alert.id = readCounter(*t.env, t.txn, kAlertSeqKey, op) + 1;
  put(t.txn, t.env->meta, kAlertSeqKey, std::to_string(alert.id), 0, op);
  const U64Key key = seqKey(alert.id);
  put(t.txn, t.env->alerts, keyView(key), encodeRecord(codec::encodeRaisedAlert, alert, op), 0, op);
  if (!alert.acknowledgedAt) put(t.txn, t.env->alertsOpen, keyView(key), {}, 0, op);
  return alert.id;
}

bool WriteTxn::acknowledgeAlert(std::uint64_t id, std::string_view by, core::Timestamp at) {
  constexpr std::string_view op = "acknowledgeAlert";
  auto& t = Impl::of(impl_, op);
  auto alert = getAlert(id);
  if (!alert || alert->acknowledgedAt) return false;
  alert->acknowledgedBy = std::string(by);
  alert->acknowledgedAt = at;
  const U64Key key = seqKey(id);
  put(t.txn, t.env->alerts, keyView(key), encodeRecord(codec::encodeRaisedAlert, *alert, op), 0,
      op);
  del(t.txn, t.env->alertsOpen, keyView(key), op);
  return true;
}

void WriteTxn::putQuarantine(const QuarantineItem& item) {
  constexpr std::string_view op = "putQuarantine";
  auto& t = Impl::of(impl_, op);
  const auto old = getQuarantine(item.id);
  if (!old) throw StoreError("putQuarantine: no quarantine item " + std::to_string(item.id));
  if (old->inboxKey != item.inboxKey) {
    detail::addQuarantineRef(*t.env, t.txn, item.inboxKey, op);
    detail::dropQuarantineRef(*t.env, t.txn, old->inboxKey, op);
  }
  storeQuarantine(*t.env, t.txn, item, op);
}

std::optional<QuarantineRemoval> WriteTxn::deleteQuarantine(std::uint64_t id) {
  constexpr std::string_view op = "deleteQuarantine";
  auto& t = Impl::of(impl_, op);
  auto item = getQuarantine(id);
  if (!item) return std::nullopt;
  const U64Key key = seqKey(id);
  del(t.txn, t.env->quarantine, keyView(key), op);
  del(t.txn, t.env->quarantinePending, keyView(key), op);
  QuarantineRemoval removal{*item, 0, ""};
  const std::string& inboxKey = item->inboxKey;
  if (inboxKey.empty()) return removal;
  if (const auto others = detail::dropQuarantineRef(*t.env, t.txn, inboxKey, op); others > 0) {
    removal.rawKeptBecause = std::to_string(others) + " other quarantine item" +
                             (others == 1 ? " refers" : "s refer") + " to it";
  } else if (caseCountsMessage(*t.env, t.txn, item->caseId, inboxKey, op)) {
    removal.rawKeptBecause = "case " + item->caseId + " counts it as an authenticated message";
  } else if (detail::rawMessage(*t.env, t.txn, inboxKey, op)) {
    removal.freedBytes = detail::releaseRawMessage(*t.env, t.txn, inboxKey, op);
    if (removal.freedBytes == 0) removal.rawKeptBecause = "another message has the same bytes";
  }
  return removal;
}

void WriteTxn::putQuarantinePurge(const QuarantinePurge& purge) {
  constexpr std::string_view op = "putQuarantinePurge";
  auto& t = Impl::of(impl_, op);
  put(t.txn, t.env->meta, kQuarantinePurgeKey,
      encodeRecord(codec::encodeQuarantinePurge, purge, op), 0, op);
}

std::uint64_t WriteTxn::bumpCounter(std::string_view key) {
  auto& t = Impl::of(impl_, "bumpCounter");
  const std::uint64_t value = counter(key) + 1;
  put(t.txn, t.env->counters, key, std::to_string(value), 0, "bumpCounter");
  return value;
}

void WriteTxn::pruneCounters(std::string_view prefix, std::string_view before) {
  constexpr std::string_view op = "pruneCounters";
  auto& t = Impl::of(impl_, op);
  std::vector<std::string> doomed;
  {
    // Counters are few (one per sender and hour, pruned daily): a scan is cheap.
    Cursor cursor(t.txn, t.env->counters, op);
    for (bool more = cursor.move(MDB_FIRST, op); more; more = cursor.move(MDB_NEXT, op)) {
      const auto key = cursor.key();
      if (key.starts_with(prefix) && key < before) doomed.emplace_back(key);
    }
  }
  for (const auto& key : doomed) del(t.txn, t.env->counters, key, op);
}

void WriteTxn::putVendor(const VendorRecord& vendor) {
  constexpr std::string_view op = "putVendor";
  auto& t = Impl::of(impl_, op);
  const auto tooLong = [&](std::string_view key) { return key.size() > t.env->maxKeySize; };
  if (vendor.id.empty() || tooLong(vendor.id))
    throw StoreError("putVendor: invalid vendor id \"" + vendor.id + "\"");
  const std::string json = encodeRecord(codec::encodeVendor, vendor, op);

  // Every check before the first write: a refused record leaves the transaction as it was.
  std::vector<std::string> addresses;
  for (const auto& contact : vendor.contacts) {
    std::string address = lowerAscii(contact.address);
    if (address.empty() || tooLong(address)) {
      throw StoreError("putVendor: vendor \"" + vendor.id + "\" has an invalid contact address \"" +
                       contact.address + "\"");
    }
    if (const auto owner = get(*t.env, t.txn, t.env->vendorByAddress, address, op);
        owner && *owner != vendor.id) {
      throw StoreError("putVendor: address \"" + address + "\" of vendor \"" + vendor.id +
                       "\" already belongs to vendor \"" + std::string(*owner) + "\"");
    }
    addresses.push_back(std::move(address));
  }

  if (const auto previous = loadVendor(*t.env, t.txn, vendor.id, op)) {
    for (const auto& contact : previous->contacts) {
      const std::string stale = lowerAscii(contact.address);
      if (std::find(addresses.begin(), addresses.end(), stale) != addresses.end()) continue;
      const auto owner = get(*t.env, t.txn, t.env->vendorByAddress, stale, op);
      if (owner && *owner == vendor.id) del(t.txn, t.env->vendorByAddress, stale, op);
    }
  }
  put(t.txn, t.env->vendors, vendor.id, json, 0, op);
  for (const auto& address : addresses)
    put(t.txn, t.env->vendorByAddress, address, vendor.id, 0, op);
}

void WriteTxn::putWorkflow(const core::CaseWorkflow& workflow) {
  constexpr std::string_view op = "putWorkflow";
  auto& t = Impl::of(impl_, op);
  if (workflow.caseId.empty()) throw StoreError("putWorkflow: workflow without a case ID");
  // The lifecycle is pure: the store numbers a newly listed vendor as it writes it.
  core::CaseWorkflow numbered = workflow;
  const core::CaseWorkflow& stored =
      detail::assignInquiryNumbers(*t.env, t.txn, numbered) ? numbered : workflow;
  put(t.txn, t.env->workflows, stored.caseId, encodeRecord(codec::encodeWorkflow, stored, op), 0,
      op);
  t.staleSummaries.insert_or_assign(stored.caseId, digestOf(stored));
  if (core::touchesPublicSite(stored)) markSiteChanged(stored.caseId);
}

void WriteTxn::markSiteChanged(std::string_view caseId) {
  auto& t = Impl::of(impl_, "markSiteChanged");
  const auto at = bumpCounter(kSiteChangesCounter);
  detail::writeNumber(t.txn, t.env->meta, std::string(kSiteCasePrefix) + std::string(caseId), at,
                      "markSiteChanged");
}

void WriteTxn::putReport(const CaseReport& report) {
  constexpr std::string_view op = "putReport";
  auto& t = Impl::of(impl_, op);
  if (report.caseId.empty()) throw StoreError("putReport: report without a case ID");
  put(t.txn, t.env->reports, report.caseId, encodeRecord(codec::encodeReport, report, op), 0, op);
  // The title, summary, CVE and credit of a published case are on the site.
  if (const auto workflow = getWorkflow(report.caseId); workflow && core::isPublished(*workflow))
    markSiteChanged(report.caseId);
}

void WriteTxn::scheduleDeadline(std::string_view caseId, const core::Deadline& deadline) {
  constexpr std::string_view op = "scheduleDeadline";
  auto& t = Impl::of(impl_, op);
  if (caseId.empty() || caseId.find('\0') != std::string_view::npos)
    throw StoreError("scheduleDeadline: invalid case ID");
  const std::string key = deadline.key();
  const std::string byCase = caseDeadlineKey(caseId, key);
  if (const auto existing = get(*t.env, t.txn, t.env->deadlineByCase, byCase, op)) {
    const auto old =
        decodeRecord(codec::decodeScheduledDeadline, *existing, "deadline_by_case", key);
    // Already scheduled as it is; a pending retry stays where it is.
    if (old.deadline == deadline) return;
    del(t.txn, t.env->deadlineDue, deadlineDueKey(old.indexTime(), caseId, key), op);
  }
  const ScheduledDeadline entry{std::string(caseId), deadline, std::nullopt};
  put(t.txn, t.env->deadlineDue, deadlineDueKey(entry.indexTime(), caseId, key), {}, 0, op);
  put(t.txn, t.env->deadlineByCase, byCase, encodeRecord(codec::encodeScheduledDeadline, entry, op),
      0, op);
  t.staleSummaries.try_emplace(std::string(caseId));
}

bool WriteTxn::deferDeadline(std::string_view caseId, std::string_view key,
                             const DeadlineRetry& retry) {
  constexpr std::string_view op = "deferDeadline";
  auto& t = Impl::of(impl_, op);
  return replaceDeadlineRetry(*t.env, t.txn, caseId, key, retry, op);
}

bool WriteTxn::clearDeadlineRetry(std::string_view caseId, std::string_view key) {
  constexpr std::string_view op = "clearDeadlineRetry";
  auto& t = Impl::of(impl_, op);
  return replaceDeadlineRetry(*t.env, t.txn, caseId, key, std::nullopt, op);
}

bool WriteTxn::cancelDeadline(std::string_view caseId, std::string_view key) {
  constexpr std::string_view op = "cancelDeadline";
  auto& t = Impl::of(impl_, op);
  const std::string byCase = caseDeadlineKey(caseId, key);
  const auto existing = get(*t.env, t.txn, t.env->deadlineByCase, byCase, op);
  if (!existing) return false;
  const auto old = decodeRecord(codec::decodeScheduledDeadline, *existing, "deadline_by_case", key);
  del(t.txn, t.env->deadlineDue, deadlineDueKey(old.indexTime(), caseId, key), op);
  del(t.txn, t.env->deadlineByCase, byCase, op);
  t.staleSummaries.try_emplace(std::string(caseId));
  return true;
}

bool WriteTxn::removeDueDeadline(std::string_view caseId, std::string_view key) {
  return cancelDeadline(caseId, key);
}

void WriteTxn::commit() {
  auto& t = Impl::of(impl_, "commit");
  for (const auto& [caseId, digest] : t.staleSummaries)
    refreshCoordinationSummary(*t.env, t.txn, caseId, digest ? &*digest : nullptr, "commit");
  t.staleSummaries.clear();
  MDB_txn* txn = std::exchange(t.txn, nullptr);
  t.env->writer = std::thread::id{};
  const int rc = endTxn(*t.env, txn, true);
  t.status = rc == MDB_SUCCESS ? Impl::Status::Committed : Impl::Status::CommitFailed;
  check("commit", rc);
}

// ---------------------------------------------------------------------------------------
// Store

Store::Store(std::shared_ptr<Env> env) : env_(std::move(env)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Store Store::open(const std::filesystem::path& dir, std::size_t mapSize,
                  const SchemaUpgrade& upgrade) {
  const std::string where = "open " + dir.string();
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    if (dir.has_parent_path()) {
      std::filesystem::create_directories(dir.parent_path(), ec);
      if (ec) throw StoreError(where + ": " + ec.message());
    }
    // The state holds embargoed reports: only the owner may enter.
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
      throw StoreError(where + ": mkdir: " + std::strerror(errno));
    }
  }

  auto env = std::make_shared<Env>();
  check(where, mdb_env_create(&env->env));
  check(where, mdb_env_set_maxdbs(env->env, kMaxDbs));
  // The file records the map size of its last writer, grown by grow() perhaps. Opened
  // with a smaller size, LMDB would map only the data: a restarted daemon's first write
  // would find the map full. So an existing environment keeps that size (size 0 asks
  // for it), raised to mapSize.
  std::error_code exists;
  const bool existing = std::filesystem::exists(dir / "data.mdb", exists);
  check(where, mdb_env_set_mapsize(env->env, existing ? 0 : mapSize));
  // MDB_NOTLS: a read transaction is not tied to the thread that began it. No MDB_NOSYNC:
  // every commit is on disk when commit() returns.
  check(where, mdb_env_open(env->env, dir.c_str(), MDB_NOTLS, 0600));
  if (MDB_envinfo info{};
      existing && mdb_env_info(env->env, &info) == MDB_SUCCESS && info.me_mapsize < mapSize)
    check(where, mdb_env_set_mapsize(env->env, mapSize));
  // Free reader slots left by processes that died holding a read transaction (a killed
  // cvdctl), so they do not pin old pages for ever.
  int dead = 0;
  check(where, mdb_reader_check(env->env, &dead));
  const int maxKey = mdb_env_get_maxkeysize(env->env);
  env->maxKeySize = maxKey > 0 ? static_cast<std::size_t>(maxKey) : 0;
  // The state lock proves that no other cvdd, an older one perhaps, runs on this store
  // while it changes schema; a lock of another state dir proves nothing.
  std::error_code sameDir;
  if (upgrade.lock != nullptr &&
      !std::filesystem::equivalent(upgrade.lock->stateDir(), dir / "..", sameDir)) {
    throw StoreError(where + ": the state lock held is " + upgrade.lock->stateDir().string() +
                     "'s, not that of this store's state dir");
  }
  const std::string storeName = "store " + dir.string();
  if (upgrade.lock != nullptr && !upgrade.copyDir.empty()) {
    if (const auto from = upgradableSchema(*env, storeName))
      env->copiedBeforeUpgrade = copyBeforeUpgrade(*env, upgrade.copyDir, *from, storeName);
  }
  openDatabases(*env, {storeName, upgrade.lock != nullptr, upgrade.afterStep});
  return Store(std::move(env));
}

std::optional<unsigned> Store::upgradedFrom() const {
  if (!env_) throw StoreError("upgradedFrom: store was moved from");
  return env_->upgradedFrom;
}

std::optional<std::filesystem::path> Store::copiedBeforeUpgrade() const {
  if (!env_) throw StoreError("copiedBeforeUpgrade: store was moved from");
  return env_->copiedBeforeUpgrade;
}

ReadTxn Store::read() const {
  if (!env_) throw StoreError("read: store was moved from");
  MDB_txn* txn = beginTxn(*env_, MDB_RDONLY, "read");
  return ReadTxn(std::make_unique<ReadTxn::Impl>(env_, txn, false));
}

WriteTxn Store::write() {
  if (!env_) throw StoreError("write: store was moved from");
  const auto self = std::this_thread::get_id();
  if (env_->writer.load() == self) {
    throw StoreError("write: this thread already holds a write transaction");
  }
  MDB_txn* txn = beginTxn(*env_, 0, "write");
  env_->writer = self;
  return WriteTxn(std::make_unique<ReadTxn::Impl>(env_, txn, true));
}

}  // namespace cvdd::store
