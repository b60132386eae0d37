#include "crypto/key_cache.hpp"

#include <algorithm>
#include <utility>

namespace cvdd::crypto {

namespace {

// A hostile stream of lookups (unknown fingerprints are remembered as absent) must not
// grow the cache without bound; past this many entries it starts again empty.
constexpr std::size_t kMaxEntries = 4096;

using Clock = std::chrono::system_clock;

bool usable(gpgme_subkey_t subkey) {
  return subkey->revoked == 0 && subkey->expired == 0 && subkey->disabled == 0 &&
         subkey->invalid == 0;
}

core::Timestamp fromEpoch(long seconds) {
  return core::Timestamp(std::chrono::seconds(seconds));
}

// The first moment gpg would list this key differently without any file changing: the
// earliest expiry among the primary key and its subkeys still in the future. (One already
// past is listed as expired and stays so.)
std::optional<Clock::time_point> staleAtOf(gpgme_key_t key) {
  std::optional<Clock::time_point> first;
  const auto now = Clock::now();
  for (gpgme_subkey_t sub = key->subkeys; sub != nullptr; sub = sub->next) {
    if (sub->expires <= 0) continue;
    const Clock::time_point at{std::chrono::seconds(sub->expires)};
    if (at > now && (!first || at < *first)) first = at;
  }
  return first;
}

std::optional<Clock::time_point> earliest(std::optional<Clock::time_point> a,
                                          std::optional<Clock::time_point> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

bool fresh(const std::optional<Clock::time_point>& staleAt) {
  return !staleAt || Clock::now() < *staleAt;
}

}  // namespace

KeyInfo keyInfoOf(gpgme_key_t key) {
  KeyInfo info;
  if (key->fpr != nullptr) {
    info.fingerprint = gpgme::upper(key->fpr);
  } else if (key->subkeys != nullptr && key->subkeys->fpr != nullptr) {
    info.fingerprint = gpgme::upper(key->subkeys->fpr);
  }
  for (gpgme_user_id_t uid = key->uids; uid != nullptr; uid = uid->next) {
    if (uid->uid != nullptr) info.uids.emplace_back(uid->uid);
    if (uid->email != nullptr && *uid->email != '\0') {
      info.addresses.push_back(gpgme::lower(uid->email));
    }
  }
  info.revoked = key->revoked != 0;
  info.expired = key->expired != 0;
  info.hasSecret = key->secret != 0;
  const bool keyUsable = !info.revoked && !info.expired && key->disabled == 0 && key->invalid == 0;
  for (gpgme_subkey_t sub = key->subkeys; sub != nullptr; sub = sub->next) {
    if (!keyUsable || !usable(sub)) continue;
    if (sub->can_encrypt != 0) info.canEncrypt = true;
    if (sub->can_sign != 0) info.canSign = true;
  }
  if (key->subkeys != nullptr) {
    info.created = fromEpoch(key->subkeys->timestamp);
    if (key->subkeys->expires > 0) info.expires = fromEpoch(key->subkeys->expires);
  }
  return info;
}

KeyCache::KeyCache(std::filesystem::path gnupgHome)
    : home_(std::move(gnupgHome)), stamp_(stampOf(home_)) {}

std::uint64_t KeyCache::currentGeneration() {
  const KeyringStamp now = stampOf(home_);
  const std::scoped_lock lock(mutex_);
  if (now != stamp_) {
    stamp_ = now;
    forgetLocked();
  }
  return generation_;
}

void KeyCache::forgetLocked() {
  keys_.clear();
  lists_.clear();
  ++generation_;
}

void KeyCache::invalidate() {
  const std::scoped_lock lock(mutex_);
  forgetLocked();
}

std::shared_ptr<const CachedKey> KeyCache::key(gpgme_ctx_t ctx, std::string_view lookup) {
  // gpgme_get_key's rule: less than a key ID names nothing.
  if (lookup.size() < 8) return nullptr;
  const std::string name = gpgme::upper(lookup);
  const std::uint64_t generation = currentGeneration();
  {
    const std::scoped_lock lock(mutex_);
    if (const auto hit = keys_.find(name); hit != keys_.end() && fresh(hit->second.staleAt)) {
      return hit->second.key;
    }
  }

  // One listing on the caller's context (gpgme_get_key would make a context of its own,
  // which costs a `gpg --version` more).
  if (gpgme_op_keylist_start(ctx, name.c_str(), 0) != 0) return nullptr;
  gpgme_key_t raw = nullptr;
  gpgme_error_t err = gpgme_op_keylist_next(ctx, &raw);
  gpgme::Key found(err == 0 ? raw : nullptr);
  bool unique = true;
  while (found != nullptr) {
    const gpgme_error_t next = gpgme_op_keylist_next(ctx, &raw);
    if (next != 0) {
      if (gpgme_err_code(next) != GPG_ERR_EOF) err = next;
      break;
    }
    const gpgme::Key other(raw);
    // The same key listed twice (a damaged keyring) is not ambiguous; gpgme_get_key agrees.
    const bool same = found->subkeys != nullptr && other->subkeys != nullptr &&
                      found->subkeys->fpr != nullptr && other->subkeys->fpr != nullptr &&
                      std::string_view(found->subkeys->fpr) == other->subkeys->fpr;
    if (!same) unique = false;
  }
  gpgme_op_keylist_end(ctx);
  const bool absent = gpgme_err_code(err) == GPG_ERR_EOF;
  if (err != 0 && !absent) return nullptr;  // the engine failed: try again next time

  KeyEntry entry;
  if (found != nullptr && unique) {
    entry.staleAt = staleAtOf(found.get());
    KeyInfo info = keyInfoOf(found.get());
    entry.key = std::make_shared<const CachedKey>(CachedKey{std::move(info), std::move(found)});
  }
  const std::scoped_lock lock(mutex_);
  if (generation == generation_) {
    if (keys_.size() >= kMaxEntries) keys_.clear();
    keys_.insert_or_assign(name, entry);
  }
  return entry.key;
}

std::vector<KeyInfo> KeyCache::list(gpgme_ctx_t ctx, std::string_view pattern) {
  const std::string text(pattern);
  const std::uint64_t generation = currentGeneration();
  {
    const std::scoped_lock lock(mutex_);
    if (const auto hit = lists_.find(text); hit != lists_.end() && fresh(hit->second.staleAt)) {
      return hit->second.keys;
    }
  }

  ListEntry entry;
  if (gpgme_op_keylist_start(ctx, text.empty() ? nullptr : text.c_str(), 0) != 0) return {};
  gpgme_key_t raw = nullptr;
  gpgme_error_t err = 0;
  while ((err = gpgme_op_keylist_next(ctx, &raw)) == 0) {
    const gpgme::Key k(raw);
    entry.keys.push_back(keyInfoOf(k.get()));
    entry.staleAt = earliest(entry.staleAt, staleAtOf(k.get()));
  }
  const gpgme_error_t end = gpgme_op_keylist_end(ctx);
  const gpgme_keylist_result_t result = gpgme_op_keylist_result(ctx);
  const bool complete = gpgme_err_code(err) == GPG_ERR_EOF && end == 0 &&
                        (result == nullptr || result->truncated == 0);
  if (!complete) return entry.keys;  // what was listed, but not remembered

  const std::scoped_lock lock(mutex_);
  if (generation == generation_) {
    if (lists_.size() >= kMaxEntries) lists_.clear();
    lists_.insert_or_assign(text, entry);
  }
  return std::move(entry.keys);
}

}  // namespace cvdd::crypto
