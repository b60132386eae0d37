#include "crypto/keyring.hpp"

#include <gpgme.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <shared_mutex>
#include <utility>

#include "crypto/context_pool.hpp"
#include "crypto/gpgme_support.hpp"
#include "crypto/key_cache.hpp"
#include "crypto/keyring_stamp.hpp"
#include "crypto/signature_verdict.hpp"

namespace cvdd::crypto {

namespace {

using core::Errc;
using core::fail;
using gpgme::errorText;
using gpgme::inputData;
using gpgme::lower;
using gpgme::outputData;
using gpgme::readAll;
using gpgme::upper;

// gpg.conf of a home cvdd opens. cvdd binds keys to addresses in its own store, so the
// web of trust is off; and nothing is ever fetched from the network behind its back.
// Without the random seed file a gpg run neither reads nor rewrites random_seed: a
// verification took half the time (3.9 instead of 7.2 ms) and sign+encrypt 7.5 instead
// of 10.8 ms on the 2-core build machine. Randomness comes from the kernel (getrandom)
// either way; the file only carried a pool over between runs.
constexpr std::string_view kGpgConf =
    "# Written by cvdd on every start; edits are overwritten.\n"
    "trust-model always\n"
    "no-auto-key-retrieve\n"
    "no-auto-key-import\n"
    "auto-key-locate local\n"
    "no-random-seed-file\n"
    // A key mailed in may carry thousands of third-party signatures (the 2019 keyserver
    // flooding): cvdd needs none of them, and each would slow every later operation.
    "import-options self-sigs-only import-clean\n";
// The default in 2.2, stated so that a changed default cannot make an operation prompt.
constexpr std::string_view kAgentConf =
    "# Written by cvdd on every start; edits are overwritten.\n"
    "allow-loopback-pinentry\n";

void writeFileAtomically(const std::filesystem::path& path, std::string_view content) {
  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
  }
  std::filesystem::permissions(
      tmp, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::filesystem::rename(tmp, path);
}

// The signer's key, set as the context's only signer until this goes; then cleared, so
// that the context returns to the pool without it.
class Signer {
 public:
  Signer(gpgme_ctx_t ctx, std::shared_ptr<const CachedKey> key) : ctx_(ctx), key_(std::move(key)) {}
  Signer(Signer&& other) noexcept
      : ctx_(std::exchange(other.ctx_, nullptr)), key_(std::move(other.key_)) {}
  Signer(const Signer&) = delete;
  Signer& operator=(const Signer&) = delete;
  Signer& operator=(Signer&&) = delete;
  ~Signer() {
    if (ctx_ != nullptr) gpgme_signers_clear(ctx_);
  }
  const CachedKey& key() const { return *key_; }

 private:
  gpgme_ctx_t ctx_;
  std::shared_ptr<const CachedKey> key_;
};

// The input bytes and an empty output buffer of one operation.
struct Buffers {
  gpgme::Data in;
  gpgme::Data out;
};

core::Result<Buffers> buffers(std::string_view input, std::string_view where) {
  auto in = inputData(input, where);
  if (!in) return tl::unexpected(in.error());
  auto out = outputData(where);
  if (!out) return tl::unexpected(out.error());
  return Buffers{std::move(*in), std::move(*out)};
}

// A keyring that keeps changing under a reading operation gets the last attempt's result.
constexpr int kReadAttempts = 3;

// True for a display name and address that make a single user ID "Name <address>".
bool validUidPart(std::string_view text) {
  return std::none_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20U || u == 0x7FU || c == '<' || c == '>';
  });
}

}  // namespace

struct Keyring::Impl {
  explicit Impl(const std::filesystem::path& gnupgHome)
      : home(gnupgHome), contexts(gnupgHome), keys(gnupgHome) {}

  const std::filesystem::path home;
  ContextPool contexts;
  KeyCache keys;
  // gpg readers do not lock the keyring: a verify that runs while an import appends to
  // pubring.kbx can miss keys that were there all along ("No public key"). So in this
  // process, operations that change the keyring run alone (exclusive) and the others
  // together (shared). Writers first: glibc's rwlock prefers readers, and with every
  // worker verifying back to back an import could wait for ever; a writer holds the
  // turnstile while it waits, so no new reader slips in ahead of it.
  std::mutex turnstile;
  std::shared_mutex writing;

  struct Exclusive {
    explicit Exclusive(Impl& impl) : turn(impl.turnstile), alone(impl.writing) {}
    std::scoped_lock<std::mutex> turn;
    std::unique_lock<std::shared_mutex> alone;
  };

  // Runs a reading operation; when the key files changed while it ran (another process,
  // e.g. cvdctl key import, wrote them), its result may come from a half-written keyring
  // and it runs again: every reading operation is free of side effects.
  template <class Operation>
  auto read(Operation&& operation) {
    { const std::scoped_lock wait(turnstile); }
    const std::shared_lock lock(writing);
    for (int attempt = 1;; ++attempt) {
      const KeyringStamp before = stampOf(home);
      auto result = operation();
      if (attempt == kReadAttempts || stampOf(home) == before) return result;
    }
  }

  core::Result<ImportResult> import(gpgme_ctx_t ctx, std::string_view keyData,
                                    std::string_view where) {
    auto in = inputData(keyData, where);
    if (!in) return tl::unexpected(in.error());
    const gpgme_error_t err = gpgme_op_import(ctx, in->get());
    // Even a failed import may have written some keys.
    keys.invalidate();
    if (err != 0) {
      return fail(Errc::MalformedMime, std::string(where), "import failed: " + errorText(err));
    }
    const gpgme_import_result_t result = gpgme_op_import_result(ctx);
    ImportResult out;
    if (result == nullptr) return fail(Errc::Io, std::string(where), "no import result");
    for (gpgme_import_status_t s = result->imports; s != nullptr; s = s->next) {
      if (s->result != 0 || s->fpr == nullptr) continue;
      std::string fpr = upper(s->fpr);
      if (std::find(out.fingerprints.begin(), out.fingerprints.end(), fpr) ==
          out.fingerprints.end()) {
        out.fingerprints.push_back(std::move(fpr));
      }
    }
    out.imported = result->imported;
    out.unchanged = result->unchanged;
    if (out.fingerprints.empty()) {
      std::string why = "no usable key in the data";
      if (result->no_user_id > 0) why = "key without a user ID";
      if (result->not_imported > 0)
        why += " (" + std::to_string(result->not_imported) + " refused)";
      return fail(Errc::MalformedMime, std::string(where), why);
    }
    return out;
  }

  // The signer's key, listed with its secret (keylist mode WITH_SECRET), which must be
  // here; set as ctx's signer.
  core::Result<Signer> signer(gpgme_ctx_t ctx, std::string_view fingerprint,
                              const std::string& where) {
    auto key = keys.key(ctx, fingerprint);
    if (key == nullptr || !key->info.hasSecret) {
      return fail(Errc::NotFound, where, "no secret key for the signer");
    }
    gpgme_signers_clear(ctx);
    if (const gpgme_error_t err = gpgme_signers_add(ctx, key->handle.get()); err != 0) {
      gpgme_signers_clear(ctx);
      return fail(Errc::Io, where, "gpgme_signers_add: " + errorText(err));
    }
    return Signer(ctx, std::move(key));
  }

  // A signing operation, run as a reader: a borrowed context whose only signer is the
  // secret key of signerFingerprint, and the input and output buffers; what is left to do
  // is operation(ctx, signer, buffers).
  template <class T, class Operation>
  core::Result<T> signing(std::string_view data, std::string_view signerFingerprint,
                          const std::string& where, Operation&& operation) {
    return read([&]() -> core::Result<T> {
      auto lease = contexts.borrow();
      if (!lease) return tl::unexpected(lease.error());
      gpgme_ctx_t ctx = lease->get();
      const auto signing = signer(ctx, signerFingerprint, where);
      if (!signing) return tl::unexpected(signing.error());
      auto io = buffers(data, where);
      if (!io) return tl::unexpected(io.error());
      return operation(ctx, *signing, *io);
    });
  }
};

core::Result<Keyring> Keyring::open(const std::filesystem::path& gnupgHome) {
  static std::once_flag initialised;
  // Besides initialising, this sets SIGPIPE to SIG_IGN when it is still SIG_DFL (so a
  // dying gpg cannot kill the daemon): a process-wide side effect, documented by GPGME.
  std::call_once(initialised, [] { gpgme_check_version(nullptr); });
  const std::string where = "keyring " + gnupgHome.string();

  std::error_code ec;
  std::filesystem::create_directories(gnupgHome, ec);
  if (ec) return fail(Errc::Io, where, "cannot create: " + ec.message());
  // gpg refuses to trust a home others can read or write.
  std::filesystem::permissions(gnupgHome, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  if (ec) return fail(Errc::Io, where, "cannot set mode 0700: " + ec.message());
  try {
    writeFileAtomically(gnupgHome / "gpg.conf", kGpgConf);
    writeFileAtomically(gnupgHome / "gpg-agent.conf", kAgentConf);
  } catch (const std::exception& e) {
    return fail(Errc::Io, where, e.what());
  }

  if (const gpgme_error_t err = gpgme_engine_check_version(GPGME_PROTOCOL_OpenPGP); err != 0) {
    return fail(Errc::Io, where, "OpenPGP engine unusable: " + errorText(err));
  }
  auto impl = std::make_unique<Impl>(gnupgHome);
  // The first context now, so that a GPGME that cannot make one fails here, not in the
  // first message; it stays in the pool for the first operation.
  if (auto first = impl->contexts.borrow(); !first) return tl::unexpected(first.error());
  return Keyring(std::move(impl));
}

Keyring::Keyring(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Keyring::Keyring(Keyring&&) noexcept = default;
Keyring& Keyring::operator=(Keyring&&) noexcept = default;
Keyring::~Keyring() = default;

const std::filesystem::path& Keyring::home() const {
  return impl_->home;
}

Verification Keyring::verifyDetached(std::string_view signedBytes, std::string_view signature) {
  return impl_->read([&]() -> Verification {
    auto lease = impl_->contexts.borrow();
    auto sig = inputData(signature, "verifyDetached");
    auto text = inputData(signedBytes, "verifyDetached");
    if (!lease || !sig || !text) {
      Verification v;
      v.status = SignatureStatus::Error;
      v.detail = (!lease ? lease.error() : !sig ? sig.error() : text.error()).what;
      return v;
    }
    const gpgme_error_t err = gpgme_op_verify(lease->get(), sig->get(), text->get(), nullptr);
    return verdictAfterVerify(err, lease->get(), impl_->keys);
  });
}

Verification Keyring::verifyCleartext(std::string_view armored, std::string* plaintext) {
  return impl_->read([&]() -> Verification {
    auto lease = impl_->contexts.borrow();
    auto io = buffers(armored, "verifyCleartext");
    if (!lease || !io) {
      Verification v;
      v.status = SignatureStatus::Error;
      v.detail = (!lease ? lease.error() : io.error()).what;
      return v;
    }
    const gpgme_error_t err = gpgme_op_verify(lease->get(), io->in.get(), nullptr, io->out.get());
    Verification v = verdictAfterVerify(err, lease->get(), impl_->keys);
    if (plaintext != nullptr) *plaintext = readAll(io->out.get());
    return v;
  });
}

core::Result<DecryptedPayload> Keyring::decrypt(std::string_view ciphertext) {
  return impl_->read([&]() -> core::Result<DecryptedPayload> {
    const std::string where = "decrypt";
    auto lease = impl_->contexts.borrow();
    if (!lease) return tl::unexpected(lease.error());
    gpgme_ctx_t ctx = lease->get();
    auto io = buffers(ciphertext, where);
    if (!io) return tl::unexpected(io.error());
    const gpgme_error_t err = gpgme_op_decrypt_verify(ctx, io->in.get(), io->out.get());
    if (err != 0) {
      const auto code = gpgme_err_code(err);
      return fail(code == GPG_ERR_NO_SECKEY ? Errc::NotFound : Errc::MalformedMime, where,
                  "not decryptable: " + errorText(err));
    }
    if (const gpgme_decrypt_result_t result = gpgme_op_decrypt_result(ctx);
        result != nullptr && result->legacy_cipher_nomdc != 0) {
      // Without an MDC the ciphertext could have been altered (EFAIL): not trusted.
      return fail(Errc::MalformedMime, where, "message without integrity protection (no MDC)");
    }
    DecryptedPayload payload;
    std::vector<RawSignature> signatures = signaturesOf(ctx);
    payload.plaintext = readAll(io->out.get());
    payload.signature = verdictOf(std::move(signatures), ctx, impl_->keys);
    return payload;
  });
}

core::Result<DetachedSignature> Keyring::signDetached(std::string_view data,
                                                      std::string_view signerFingerprint) {
  const std::string where = "signDetached by " + std::string(signerFingerprint);
  return impl_->signing<DetachedSignature>(
      data, signerFingerprint, where,
      [&](gpgme_ctx_t ctx, const Signer&, Buffers& io) -> core::Result<DetachedSignature> {
        const gpgme_error_t err =
            gpgme_op_sign(ctx, io.in.get(), io.out.get(), GPGME_SIG_MODE_DETACH);
        if (err != 0) return fail(Errc::Io, where, "signing failed: " + errorText(err));
        const gpgme_sign_result_t result = gpgme_op_sign_result(ctx);
        if (result == nullptr || result->signatures == nullptr ||
            result->invalid_signers != nullptr) {
          return fail(Errc::Io, where, "signing produced no signature");
        }
        const char* hash = gpgme_hash_algo_name(result->signatures->hash_algo);
        if (hash == nullptr) return fail(Errc::Io, where, "unknown hash algorithm");
        return DetachedSignature{readAll(io.out.get()), "pgp-" + lower(hash)};
      });
}

core::Result<std::string> Keyring::signAndEncrypt(
    std::string_view data, const std::vector<std::string>& recipientFingerprints,
    std::string_view signerFingerprint) {
  const std::string where = "signAndEncrypt by " + std::string(signerFingerprint);
  return impl_->signing<std::string>(
      data, signerFingerprint, where,
      [&](gpgme_ctx_t ctx, const Signer& signer, Buffers& io) -> core::Result<std::string> {
        // Held until the operation ends: the cache may forget them meanwhile.
        std::vector<std::shared_ptr<const CachedKey>> recipients;
        for (const std::string& fpr : recipientFingerprints) {
          auto k = impl_->keys.key(ctx, fpr);
          if (k == nullptr) return fail(Errc::NotFound, where, "no key for recipient " + fpr);
          if (!k->info.canEncrypt) {
            return fail(Errc::InvalidConfig, where, "recipient key " + fpr + " cannot encrypt");
          }
          recipients.push_back(std::move(k));
        }
        if (!signer.key().info.canEncrypt) {
          return fail(Errc::InvalidConfig, where, "the signer's own key cannot encrypt");
        }
        std::vector<gpgme_key_t> raw;
        for (const auto& k : recipients) raw.push_back(k->handle.get());
        raw.push_back(signer.key().handle.get());  // so the coordinator can read its own sent mail
        raw.push_back(nullptr);
        // One gpg process signs and encrypts (RFC 3156 §6.2): the signature is inside.
        const gpgme_error_t err = gpgme_op_encrypt_sign(ctx, raw.data(), GPGME_ENCRYPT_ALWAYS_TRUST,
                                                        io.in.get(), io.out.get());
        if (err != 0) return fail(Errc::Io, where, "sign+encrypt failed: " + errorText(err));
        if (const gpgme_encrypt_result_t result = gpgme_op_encrypt_result(ctx);
            result != nullptr && result->invalid_recipients != nullptr) {
          return fail(Errc::InvalidConfig, where, "invalid recipient");
        }
        if (const gpgme_sign_result_t result = gpgme_op_sign_result(ctx);
            result == nullptr || result->signatures == nullptr ||
            result->invalid_signers != nullptr) {
          return fail(Errc::Io, where, "sign+encrypt produced no signature");
        }
        return readAll(io.out.get());
      });
}

namespace {

/// What key data holds, read without importing it.
struct KeyInData {
  bool secret = false;
  std::vector<std::string> addresses;  // lower-cased mail addresses of its user IDs
};

core::Result<std::vector<KeyInData>> keysInData(gpgme_ctx_t ctx, std::string_view keyData,
                                                const std::string& where) {
  auto in = inputData(keyData, where);
  if (!in) return tl::unexpected(in.error());
  std::vector<KeyInData> keys;
  if (gpgme_op_keylist_from_data_start(ctx, in->get(), 0) == 0) {
    gpgme_key_t raw = nullptr;
    while (gpgme_op_keylist_next(ctx, &raw) == 0) {
      const gpgme::Key k(raw);
      KeyInData key;
      key.secret = k->secret != 0;
      for (gpgme_subkey_t sub = k->subkeys; sub != nullptr; sub = sub->next)
        key.secret = key.secret || sub->secret != 0;
      for (gpgme_user_id_t uid = k->uids; uid != nullptr; uid = uid->next)
        if (uid->email != nullptr) key.addresses.push_back(gpgme::lower(uid->email));
      keys.push_back(std::move(key));
    }
    gpgme_op_keylist_end(ctx);
  }
  return keys;
}

}  // namespace

core::Result<ImportResult> Keyring::importKeys(std::string_view keyData) {
  return importPublicKeys(keyData, std::nullopt);
}

core::Result<ImportResult> Keyring::importOfferedKeys(std::string_view keyData,
                                                      std::string_view address,
                                                      std::size_t maxKeys) {
  return importPublicKeys(keyData, OfferRule{gpgme::lower(address), maxKeys});
}

core::Result<ImportResult> Keyring::importPublicKeys(std::string_view keyData,
                                                     const std::optional<OfferRule>& offer) {
  const Impl::Exclusive exclusive(*impl_);
  const std::string where = offer ? "importOfferedKeys " + offer->address : "importKeys";
  // Secret keys never come in by this door: a correspondent's "public key" that carries
  // secret material would otherwise let mail signed by it pass as ours.
  if (keyData.find("-----BEGIN PGP PRIVATE KEY BLOCK-----") != std::string_view::npos) {
    return fail(Errc::MalformedMime, where, "secret key material refused");
  }
  auto lease = impl_->contexts.borrow();
  if (!lease) return tl::unexpected(lease.error());
  gpgme_ctx_t ctx = lease->get();
  {
    // Binary or oddly armored data: ask gpg what the data holds, without importing it.
    auto keys = keysInData(ctx, keyData, where);
    if (!keys) return tl::unexpected(keys.error());
    for (const auto& key : *keys)
      if (key.secret) return fail(Errc::MalformedMime, where, "secret key material refused");
    if (offer) {
      if (keys->empty()) return fail(Errc::MalformedMime, where, "no OpenPGP key in the data");
      if (keys->size() > offer->maxKeys)
        return fail(Errc::MalformedMime, where,
                    std::to_string(keys->size()) + " keys offered, at most " +
                        std::to_string(offer->maxKeys) + " are taken from one message");
      for (const auto& key : *keys)
        if (std::find(key.addresses.begin(), key.addresses.end(), offer->address) ==
            key.addresses.end())
          return fail(Errc::MalformedMime, where,
                      "an offered key has no user ID for the sender " + offer->address);
    }
  }
  auto result = impl_->import(ctx, keyData, where);
  if (!result) return result;
  const gpgme_import_result_t raw = gpgme_op_import_result(ctx);
  if (raw != nullptr && (raw->secret_imported > 0 || raw->secret_read > 0)) {
    // Cannot happen after the check above; if it does, take the secrets out again.
    for (const std::string& fpr : result->fingerprints) {
      if (auto k = impl_->keys.key(ctx, fpr); k != nullptr) {
        gpgme_op_delete_ext(ctx, k->handle.get(), GPGME_DELETE_ALLOW_SECRET | GPGME_DELETE_FORCE);
      }
    }
    impl_->keys.invalidate();
    return fail(Errc::MalformedMime, where, "secret key material refused");
  }
  return result;
}

core::Result<ImportResult> Keyring::importSecretKeys(std::string_view keyData) {
  const Impl::Exclusive exclusive(*impl_);
  auto lease = impl_->contexts.borrow();
  if (!lease) return tl::unexpected(lease.error());
  return impl_->import(lease->get(), keyData, "importSecretKeys");
}

core::Result<std::string> Keyring::exportPublicKey(std::string_view fingerprint) {
  return impl_->read([&]() -> core::Result<std::string> {
    const std::string where = "exportPublicKey " + std::string(fingerprint);
    auto lease = impl_->contexts.borrow();
    if (!lease) return tl::unexpected(lease.error());
    gpgme_ctx_t ctx = lease->get();
    if (impl_->keys.key(ctx, fingerprint) == nullptr) {
      return fail(Errc::NotFound, where, "no such key");
    }
    auto out = outputData(where);
    if (!out) return tl::unexpected(out.error());
    const std::string pattern(fingerprint);
    if (const gpgme_error_t err = gpgme_op_export(ctx, pattern.c_str(), 0, out->get()); err != 0) {
      return fail(Errc::Io, where, "export failed: " + errorText(err));
    }
    std::string armored = readAll(out->get());
    if (armored.empty()) return fail(Errc::NotFound, where, "nothing exported");
    return armored;
  });
}

std::optional<KeyInfo> Keyring::findKey(std::string_view fingerprint) {
  return impl_->read([&]() -> std::optional<KeyInfo> {
    auto lease = impl_->contexts.borrow();
    if (!lease) return std::nullopt;
    const auto key = impl_->keys.key(lease->get(), fingerprint);
    if (key == nullptr) return std::nullopt;
    return key->info;
  });
}

std::vector<KeyInfo> Keyring::listKeys(std::string_view pattern) {
  return impl_->read([&]() -> std::vector<KeyInfo> {
    auto lease = impl_->contexts.borrow();
    if (!lease) return {};
    return impl_->keys.list(lease->get(), pattern);
  });
}

core::Result<std::string> Keyring::generateKey(std::string_view name, std::string_view address) {
  const Impl::Exclusive exclusive(*impl_);
  const std::string where = "generateKey <" + std::string(address) + ">";
  if (!validUidPart(name) || !validUidPart(address) ||
      address.find('@') == std::string_view::npos) {
    return fail(Errc::InvalidConfig, where, "not a usable name and address for a user ID");
  }
  const std::string uid = name.empty() ? "<" + std::string(address) + ">"
                                       : std::string(name) + " <" + std::string(address) + ">";
  auto lease = impl_->contexts.borrow();
  if (!lease) return tl::unexpected(lease.error());
  gpgme_ctx_t ctx = lease->get();
  constexpr unsigned kNoPassphrase = GPGME_CREATE_NOPASSWD | GPGME_CREATE_NOEXPIRE;
  const gpgme_error_t created = gpgme_op_createkey(
      ctx, uid.c_str(), "ed25519", 0, 0, nullptr,
      GPGME_CREATE_SIGN | GPGME_CREATE_CERT | GPGME_CREATE_FORCE | kNoPassphrase);
  impl_->keys.invalidate();
  if (created != 0) return fail(Errc::Io, where, "createkey: " + errorText(created));
  const gpgme_genkey_result_t result = gpgme_op_genkey_result(ctx);
  if (result == nullptr || result->fpr == nullptr) {
    return fail(Errc::Io, where, "createkey returned no fingerprint");
  }
  const std::string fingerprint = upper(result->fpr);
  const auto primary = impl_->keys.key(ctx, fingerprint);
  if (primary == nullptr || !primary->info.hasSecret) {
    return fail(Errc::Io, where, "new key not found");
  }
  const gpgme_error_t subkey = gpgme_op_createsubkey(ctx, primary->handle.get(), "cv25519", 0, 0,
                                                     GPGME_CREATE_ENCR | kNoPassphrase);
  // The entry for the key as it was before its subkey must not outlive it.
  impl_->keys.invalidate();
  if (subkey != 0) return fail(Errc::Io, where, "createsubkey: " + errorText(subkey));
  return fingerprint;
}

}  // namespace cvdd::crypto
