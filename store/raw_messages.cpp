#include "store/raw_messages.hpp"

#include <map>
#include <string>

#include "store/byte_size.hpp"
#include "store/digest.hpp"
#include "store/record_codec.hpp"

namespace cvdd::store::detail {

namespace {

constexpr std::string_view kRawBytesKey = "raw_bytes";
constexpr std::string_view kQuarantineBytesKey = "quarantine_bytes";

std::uint64_t quarantineRefs(const Environment& env, MDB_txn* txn, std::string_view key,
                             std::string_view op) {
  return readNumber(env, txn, env.quarantineRefs, "quarantine_refs", key, op);
}

void addToTotal(const Environment& env, MDB_txn* txn, std::string_view name, std::uint64_t bytes,
                std::string_view op) {
  if (bytes == 0) return;
  writeNumber(txn, env.meta, name, readCounter(env, txn, name, op) + bytes, op);
}

void subtractFromTotal(const Environment& env, MDB_txn* txn, std::string_view name,
                       std::uint64_t bytes, std::string_view op) {
  if (bytes == 0) return;
  const std::uint64_t total = readCounter(env, txn, name, op);
  // Clamped rather than refused: a total that drifted must never stop space being freed.
  writeNumber(txn, env.meta, name, total > bytes ? total - bytes : 0, op);
}

/// Throws StoreFullError when adding bytes to the total would pass quota (0: none).
void checkQuota(const Environment& env, MDB_txn* txn, std::string_view name, std::uint64_t quota,
                std::uint64_t bytes, StoreFullError::Kind kind, std::string_view what,
                std::string_view op) {
  if (quota == 0 || bytes == 0) return;
  const std::uint64_t total = readCounter(env, txn, name, op);
  if (total + bytes <= quota) return;
  throw StoreFullError(kind, std::string(op) + ": " + std::string(what) + " quota " +
                                 formatByteSize(quota) + " reached (" + formatByteSize(total) +
                                 " stored, " + formatByteSize(bytes) + " more refused)");
}

std::optional<std::uint64_t> rawSize(const Environment& env, MDB_txn* txn, std::string_view key,
                                     std::string_view op) {
  const auto bytes = rawMessage(env, txn, key, op);
  if (!bytes) return std::nullopt;
  return bytes->size();
}

}  // namespace

std::optional<std::string_view> rawMessage(const Environment& env, MDB_txn* txn,
                                           std::string_view key, std::string_view op) {
  if (const auto digest = get(env, txn, env.rawKeys, key, op)) {
    const auto bytes = get(env, txn, env.rawBlobs, *digest, op);
    if (!bytes) {
      throw StoreError(std::string(op) + ": raw_keys points inbox key \"" + std::string(key) +
                       "\" to missing bytes " + std::string(*digest));
    }
    return bytes;
  }
  return get(env, txn, env.raw, key, op);
}

void storeRawMessage(const Environment& env, MDB_txn* txn, std::string_view key,
                     std::string_view raw, std::string_view digest, std::string_view op) {
  if (const auto current = get(env, txn, env.rawKeys, key, op); current && *current == digest)
    return;
  const std::uint64_t size = raw.size();
  const bool newBytes = !get(env, txn, env.rawBlobs, digest, op).has_value();
  const std::uint64_t items = quarantineRefs(env, txn, key, op);
  // Every check before the first write: a refused put leaves the transaction as it was.
  checkQuota(env, txn, kRawBytesKey, env.rawQuota, newBytes ? size : 0,
             StoreFullError::Kind::RawQuota, "raw message", op);
  checkQuota(env, txn, kQuarantineBytesKey, env.quarantineQuota, items * size,
             StoreFullError::Kind::QuarantineQuota, "quarantine", op);

  releaseRawMessage(env, txn, key, op);  // other bytes the key held before
  if (newBytes) {
    put(txn, env.rawBlobs, digest, raw, 0, op);
    addToTotal(env, txn, kRawBytesKey, size, op);
  }
  writeNumber(txn, env.rawRefs, digest,
              readNumber(env, txn, env.rawRefs, "raw_refs", digest, op) + 1, op);
  put(txn, env.rawKeys, key, digest, 0, op);
  addToTotal(env, txn, kQuarantineBytesKey, items * size, op);
}

std::uint64_t releaseRawMessage(const Environment& env, MDB_txn* txn, std::string_view key,
                                std::string_view op) {
  const std::uint64_t items = quarantineRefs(env, txn, key, op);
  std::uint64_t freed = 0;
  if (const auto old = get(env, txn, env.raw, key, op)) {
    const std::uint64_t size = old->size();
    del(txn, env.raw, key, op);
    subtractFromTotal(env, txn, kRawBytesKey, size, op);
    subtractFromTotal(env, txn, kQuarantineBytesKey, items * size, op);
    freed += size;
  }
  const auto found = get(env, txn, env.rawKeys, key, op);
  if (!found) return freed;
  const std::string digest(*found);
  const auto size = rawSize(env, txn, key, op).value_or(0);
  del(txn, env.rawKeys, key, op);
  subtractFromTotal(env, txn, kQuarantineBytesKey, items * size, op);
  const std::uint64_t refs = readNumber(env, txn, env.rawRefs, "raw_refs", digest, op);
  if (refs > 1) {
    writeNumber(txn, env.rawRefs, digest, refs - 1, op);
    return freed;
  }
  del(txn, env.rawRefs, digest, op);
  del(txn, env.rawBlobs, digest, op);
  subtractFromTotal(env, txn, kRawBytesKey, size, op);
  return freed + size;
}

void addQuarantineRef(const Environment& env, MDB_txn* txn, std::string_view key,
                      std::string_view op) {
  if (key.empty()) return;
  const std::uint64_t size = rawSize(env, txn, key, op).value_or(0);
  checkQuota(env, txn, kQuarantineBytesKey, env.quarantineQuota, size,
             StoreFullError::Kind::QuarantineQuota, "quarantine", op);
  writeNumber(txn, env.quarantineRefs, key, quarantineRefs(env, txn, key, op) + 1, op);
  addToTotal(env, txn, kQuarantineBytesKey, size, op);
}

std::uint64_t dropQuarantineRef(const Environment& env, MDB_txn* txn, std::string_view key,
                                std::string_view op) {
  if (key.empty()) return 0;
  const std::uint64_t items = quarantineRefs(env, txn, key, op);
  if (items == 0) return 0;
  if (items == 1)
    del(txn, env.quarantineRefs, key, op);
  else
    writeNumber(txn, env.quarantineRefs, key, items - 1, op);
  subtractFromTotal(env, txn, kQuarantineBytesKey, rawSize(env, txn, key, op).value_or(0), op);
  return items - 1;
}

std::uint64_t rawMessageTotal(const Environment& env, MDB_txn* txn, std::string_view op) {
  return readCounter(env, txn, kRawBytesKey, op);
}

std::uint64_t quarantineTotal(const Environment& env, MDB_txn* txn, std::string_view op) {
  return readCounter(env, txn, kQuarantineBytesKey, op);
}

void fillRawAccounting(const Environment& env, MDB_txn* txn) {
  constexpr std::string_view op = "upgrade: raw accounting";
  if (get(env, txn, env.meta, kRawBytesKey, op)) return;
  // A store written before: its quarantine items were never counted per key.
  if (entries(txn, env.quarantineRefs, op) == 0) {
    std::map<std::string, std::uint64_t, std::less<>> items;
    Cursor cursor(txn, env.quarantine, op);
    for (bool more = cursor.move(MDB_FIRST, op); more; more = cursor.move(MDB_NEXT, op)) {
      const auto item =
          decodeRecord(codec::decodeQuarantineItem, cursor.value(), "quarantine", "(scan)");
      if (!item.inboxKey.empty()) ++items[item.inboxKey];
    }
    for (const auto& [key, count] : items) writeNumber(txn, env.quarantineRefs, key, count, op);
  }
  std::uint64_t rawBytes = 0;
  for (const MDB_dbi dbi : {env.raw, env.rawBlobs}) {
    Cursor cursor(txn, dbi, op);
    for (bool more = cursor.move(MDB_FIRST, op); more; more = cursor.move(MDB_NEXT, op))
      rawBytes += cursor.value().size();
  }
  std::uint64_t quarantineBytes = 0;
  {
    Cursor cursor(txn, env.quarantineRefs, op);
    for (bool more = cursor.move(MDB_FIRST, op); more; more = cursor.move(MDB_NEXT, op)) {
      const std::string key(cursor.key());
      quarantineBytes += quarantineRefs(env, txn, key, op) * rawSize(env, txn, key, op).value_or(0);
    }
  }
  writeNumber(txn, env.meta, kRawBytesKey, rawBytes, op);
  writeNumber(txn, env.meta, kQuarantineBytesKey, quarantineBytes, op);
}

}  // namespace cvdd::store::detail
