#pragma once
// Internal to crypto/: key listings of one GnuPG home, kept until the keyring changes.
//
// Every gpg key listing is a process (~10 ms here); a report used to cost two or three of
// them on top of the one operation it needs. Entries are dropped when
//  - this process changed the keyring (invalidate(): import, key generation);
//  - another process did (cvdctl key import, gpg): the home's key files have a new
//    inode, size or time (stampOf, checked on every lookup: a few stat calls);
//  - a key or subkey of the entry reaches its expiry time: gpg would now list it as
//    expired, though no file changed.
// Thread-safe: lookups from any number of threads, each with its own GPGME context.

#include <gpgme.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "crypto/gpgme_support.hpp"
#include "crypto/keyring.hpp"
#include "crypto/keyring_stamp.hpp"

namespace cvdd::crypto {

/// One key as a listing found it: what cvdd reports about it, and the GPGME handle that
/// signing (gpgme_signers_add) and encryption (the recipient list) take. Immutable; a
/// handle in use stays valid after the cache forgets the entry.
struct CachedKey {
  KeyInfo info;
  gpgme::Key handle;  // never null
};

/// What cvdd reports about a listed key.
KeyInfo keyInfoOf(gpgme_key_t key);

class KeyCache {
 public:
  explicit KeyCache(std::filesystem::path gnupgHome);

  /// The one key a fingerprint (or key ID, at least 8 hex digits) names, listed through
  /// ctx unless cached. Null when there is none or the name is ambiguous, and when the
  /// listing failed (a failure is not remembered).
  std::shared_ptr<const CachedKey> key(gpgme_ctx_t ctx, std::string_view lookup);

  /// Every key whose uid or fingerprint matches pattern (every key for an empty one),
  /// listed through ctx unless cached. Empty when the listing failed (not remembered).
  std::vector<KeyInfo> list(gpgme_ctx_t ctx, std::string_view pattern);

  /// Forgets everything: this process has changed the keyring.
  void invalidate();

 private:
  using Clock = std::chrono::system_clock;
  struct KeyEntry {
    std::shared_ptr<const CachedKey> key;  // null: no such key
    std::optional<Clock::time_point> staleAt;
  };
  struct ListEntry {
    std::vector<KeyInfo> keys;
    std::optional<Clock::time_point> staleAt;
  };

  // Stats the key files, forgets everything when they changed, and returns the
  // generation a listing that starts now belongs to: storing its result is refused when
  // the generation has moved on meanwhile (the listing may predate the change).
  std::uint64_t currentGeneration();
  void forgetLocked();

  const std::filesystem::path home_;
  std::mutex mutex_;
  KeyringStamp stamp_;
  std::uint64_t generation_ = 0;
  std::unordered_map<std::string, KeyEntry> keys_;
  std::unordered_map<std::string, ListEntry> lists_;
};

}  // namespace cvdd::crypto
