#include "store/schema_migrations.hpp"

#include <array>
#include <charconv>
#include <vector>

#include "store/raw_messages.hpp"
#include "store/record_codec.hpp"

#ifndef CVDD_VERSION
#error "CVDD_VERSION must be defined (store/CMakeLists.txt)"
#endif

namespace cvdd::store::detail {

namespace {

// Schema 1 marked what its writers had filled on open; schema 2 has it all by definition.
constexpr std::string_view kSummaryCoordinationKey = "summary_coordination";
constexpr std::string_view kOutboxHeldKey = "outbox_held_index";

/// "cvdd 0.1.0": cvdd and cvdctl ship together, so the release names what both read.
std::string release() {
  return std::string("cvdd ") + CVDD_VERSION;
}

/// case_summaries came after cases: a store written before it has cases and no summaries.
void fillCaseSummaries(Environment& env, MDB_txn* txn) {
  constexpr std::string_view op = "upgrade: case summaries";
  if (entries(txn, env.caseSummaries, op) != 0 || entries(txn, env.cases, op) == 0) return;
  Cursor cursor(txn, env.cases, op);
  for (bool more = cursor.move(MDB_FIRST, op); more; more = cursor.move(MDB_NEXT, op)) {
    const auto c = decodeRecord(codec::decodeCase, cursor.value(), "cases", cursor.key());
    put(txn, env.caseSummaries, c.id, encodeRecord(codec::encodeCaseSummary, summaryOf(c), op), 0,
        op);
  }
}

/// Summaries written before they carried the coordination fields (a schema-1 store not
/// marked summary_coordination) get them from the workflows.
void fillSummaryCoordination(Environment& env, MDB_txn* txn) {
  if (get(env, txn, env.meta, kSummaryCoordinationKey, "upgrade: summary coordination")) return;
  refreshAllCoordinationSummaries(env, txn);
}

/// outbox_held came after held notices: a schema-1 store not marked outbox_held_index
/// gets its held entries indexed.
void fillOutboxHeld(Environment& env, MDB_txn* txn) {
  constexpr std::string_view op = "upgrade: held outbox index";
  if (get(env, txn, env.meta, kOutboxHeldKey, op)) return;
  Cursor cursor(txn, env.outbox, op);
  std::vector<std::string> held;
  for (bool more = cursor.move(MDB_FIRST, op); more; more = cursor.move(MDB_NEXT, op)) {
    const auto entry = decodeRecord(codec::decodeOutboxEntry, cursor.value(), "outbox", "held");
    if (entry.state == OutboxState::Held) held.emplace_back(cursor.key());
  }
  for (const auto& key : held) put(txn, env.outboxHeld, key, {}, 0, op);
}

/// 1 -> 2: what schema-1 writers filled lazily on open, each guarded by a marker, is done
/// once here; a schema-2 store always has it, so its open checks nothing and no marker is
/// kept.
void fillWhatSchema1FilledOnOpen(Environment& env, MDB_txn* txn) {
  fillCaseSummaries(env, txn);
  fillSummaryCoordination(env, txn);
  fillOutboxHeld(env, txn);
  fillRawAccounting(env, txn);
  for (const auto key : {kSummaryCoordinationKey, kOutboxHeldKey})
    del(txn, env.meta, key, "upgrade: markers");
}

constexpr std::array<SchemaMigration, kStoreSchema - kOldestSchema> kMigrations{{
    {1,
     "case summaries with their coordination fields, the held outbox index and the raw "
     "byte totals filled; the markers of schema 1 removed",
     &fillWhatSchema1FilledOnOpen},
}};

static_assert(kMigrations.front().from == kOldestSchema);
static_assert(kMigrations.back().from + 1 == kStoreSchema);

}  // namespace

std::span<const SchemaMigration> schemaMigrations() {
  return kMigrations;
}

std::optional<unsigned> parseSchema(std::string_view text) {
  unsigned value = 0;
  const auto* end = text.data() + text.size();
  // from_chars takes no sign or space: "1" and "12" only, not "+1", " 1" or "1a".
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end) return std::nullopt;
  return value;
}

std::optional<unsigned> recordedSchema(const Environment& env, MDB_txn* txn,
                                       std::string_view where) {
  const auto text = get(env, txn, env.meta, kSchemaKey, "open: schema");
  if (!text) return std::nullopt;
  const auto schema = parseSchema(*text);
  if (!schema) {
    // Printable or not, quoted and cut short: the text is whatever the file held.
    std::string shown;
    for (const char c : text->substr(0, 32))
      shown += (c >= 0x20 && c < 0x7f) ? std::string(1, c) : "?";
    throw StoreSchemaError(StoreSchemaError::Kind::Unreadable, std::nullopt,
                           std::string(where) + " records store schema \"" + shown +
                               "\", which is not a schema number: it is damaged or not a "
                               "cvdd store");
  }
  return schema;
}

void checkOpenable(unsigned schema, bool mayUpgrade, std::string_view where) {
  const std::string has = std::string(where) + " has store schema " + std::to_string(schema);
  const std::string current = std::to_string(kStoreSchema);
  if (schema > kStoreSchema) {
    throw StoreSchemaError(StoreSchemaError::Kind::Newer, schema,
                           has + "; " + release() + " (cvdd and cvdctl) reads schema " + current +
                               " and older: upgrade cvdd to the release that wrote it");
  }
  if (schema < kOldestSchema) {
    throw StoreSchemaError(StoreSchemaError::Kind::Unreadable, schema,
                           has +
                               ", which no cvdd release wrote: it is damaged or not a cvdd "
                               "store");
  }
  if (schema < kStoreSchema && !mayUpgrade) {
    throw StoreSchemaError(StoreSchemaError::Kind::Older, schema,
                           has + "; " + release() + " uses schema " + current + ": start (or " +
                               "restart) cvdd " + CVDD_VERSION + ", which upgrades it in one " +
                               "transaction; cvdctl never upgrades a store");
  }
}

void upgradeSchema(Environment& env, MDB_txn* txn, unsigned from,
                   const std::function<void(unsigned)>& afterStep) {
  for (const auto& step : kMigrations) {
    if (step.from < from) continue;
    step.run(env, txn);
    if (afterStep) afterStep(step.from);
  }
  recordCurrentSchema(env, txn);
}

void recordCurrentSchema(const Environment& env, MDB_txn* txn) {
  put(txn, env.meta, kSchemaKey, std::to_string(kStoreSchema), 0, "open: schema");
}

}  // namespace cvdd::store::detail
