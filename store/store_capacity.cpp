// Store: the map's size, how much of it is taken, growing it, and the byte quotas.

#include <chrono>
#include <cstring>
#include <mutex>
#include <thread>

#include "store/lmdb_access.hpp"

namespace cvdd::store {

namespace {

/// How long grow() waits for this process's open transactions to end.
constexpr std::chrono::seconds kGrowWait{2};

struct MapGeometry {
  std::uint64_t mapSize = 0;
  std::uint64_t lastPage = 0;
  std::uint64_t pageSize = 0;
};

MapGeometry geometryOf(MDB_env* env, std::string_view op) {
  MDB_envinfo info{};
  detail::check(op, mdb_env_info(env, &info));
  MDB_stat stat{};
  detail::check(op, mdb_env_stat(env, &stat));
  return {info.me_mapsize, info.me_last_pgno, stat.ms_psize};
}

/// Pages on LMDB's free list: freed by earlier transactions, reused by later writes.
std::uint64_t freePages(detail::Environment& env, std::string_view op) {
  MDB_txn* txn = detail::beginTxn(env, MDB_RDONLY, op);
  std::uint64_t pages = 0;
  try {
    // Database 0 is the free list: each value is a page-number list, its count first.
    detail::Cursor cursor(txn, 0, op);
    for (bool more = cursor.move(MDB_FIRST, op); more; more = cursor.move(MDB_NEXT, op)) {
      std::size_t count = 0;
      if (cursor.value().size() >= sizeof count)
        std::memcpy(&count, cursor.value().data(), sizeof count);
      pages += count;
    }
  } catch (...) {
    detail::endTxn(env, txn, false);
    throw;
  }
  detail::endTxn(env, txn, false);
  return pages;
}

}  // namespace

bool Store::grow(std::size_t maxBytes) {
  constexpr std::string_view op = "grow";
  if (!env_) throw StoreError("grow: store was moved from");
  // Transactions begin under the shared lock: holding it keeps new ones from beginning
  // while those of other threads (short-lived in cvdd) end. Bounded: a thread that holds
  // one and waits to begin another would otherwise wait for ever.
  std::unique_lock lock(env_->remapLock);
  const auto deadline = std::chrono::steady_clock::now() + kGrowWait;
  while (env_->liveTxns > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  if (const int open = env_->liveTxns; open > 0) {
    throw StoreError("grow: " + std::to_string(open) +
                     " transaction(s) of this process stayed open; end them first");
  }
  const auto now = geometryOf(env_->env, op);
  std::uint64_t target = now.mapSize > maxBytes / 2 ? maxBytes : now.mapSize * 2;
  target -= target % now.pageSize;
  if (target <= now.mapSize) return false;
  // Persisted with the next commit; other processes adopt it (MDB_MAP_RESIZED in
  // beginTxn) once their data outgrows their own mapping.
  detail::check(op, mdb_env_set_mapsize(env_->env, target));
  return true;
}

std::size_t Store::mapSize() const {
  if (!env_) throw StoreError("mapSize: store was moved from");
  return geometryOf(env_->env, "mapSize").mapSize;
}

StoreUsage Store::usage() const {
  constexpr std::string_view op = "usage";
  if (!env_) throw StoreError("usage: store was moved from");
  const auto free = freePages(*env_, op);
  const auto geometry = geometryOf(env_->env, op);
  return {(geometry.lastPage + 1) * geometry.pageSize, free * geometry.pageSize, geometry.mapSize,
          geometry.pageSize};
}

void Store::setQuotas(const StoreQuotas& quotas) {
  if (!env_) throw StoreError("setQuotas: store was moved from");
  env_->rawQuota = quotas.rawBytes;
  env_->quarantineQuota = quotas.quarantineBytes;
}

StoreQuotas Store::quotas() const {
  if (!env_) throw StoreError("quotas: store was moved from");
  return {env_->rawQuota, env_->quarantineQuota};
}

}  // namespace cvdd::store
