#pragma once
// Private to store/: raw messages stored once per SHA-256, and the byte totals the quotas
// are checked against.
//
//   raw_blobs:       sha256 hex -> the bytes
//   raw_keys:        inbox key  -> sha256 hex
//   raw_refs:        sha256 hex -> how many raw_keys point at it (decimal)
//   quarantine_refs: inbox key  -> how many quarantine items name it (decimal)
//   raw (the first layout, read and released, never written): inbox key -> the bytes
//   meta raw_bytes:        bytes in raw_blobs plus bytes in raw
//   meta quarantine_bytes: for each quarantine item, its message's size once stored
//
// Every function changes the totals in the caller's transaction, so they are committed
// (or dropped) with the records they count.

#include <cstdint>
#include <optional>
#include <string_view>

#include "store/lmdb_access.hpp"

namespace cvdd::store::detail {

/// The bytes stored for the inbox key, in either layout. Points into the map (see get).
std::optional<std::string_view> rawMessage(const Environment& env, MDB_txn* txn,
                                           std::string_view key, std::string_view op);

/// Stores raw, whose sha256Hex is digest, for key (see WriteTxn::putRawMessage), checking
/// the quotas first.
void storeRawMessage(const Environment& env, MDB_txn* txn, std::string_view key,
                     std::string_view raw, std::string_view digest, std::string_view op);

/// Drops key's bytes (either layout); returns the bytes deleted, 0 when another key still
/// holds the same digest or there were none.
std::uint64_t releaseRawMessage(const Environment& env, MDB_txn* txn, std::string_view key,
                                std::string_view op);

/// Counts one more quarantine item naming key, checking the quarantine quota first.
void addQuarantineRef(const Environment& env, MDB_txn* txn, std::string_view key,
                      std::string_view op);

/// Counts one item fewer; returns how many still name key.
std::uint64_t dropQuarantineRef(const Environment& env, MDB_txn* txn, std::string_view key,
                                std::string_view op);

std::uint64_t rawMessageTotal(const Environment& env, MDB_txn* txn, std::string_view op);
std::uint64_t quarantineTotal(const Environment& env, MDB_txn* txn, std::string_view op);

/// Counts the quarantine items per key and the totals of a store written before them
/// (nothing when it has them): part of the schema 1 -> 2 upgrade.
void fillRawAccounting(const Environment& env, MDB_txn* txn);

}  // namespace cvdd::store::detail
