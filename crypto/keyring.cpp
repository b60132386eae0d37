#include "crypto/keyring.hpp"

#include <gpgme.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <type_traits>
#include <utility>

// Thread safety: a Keyring owns one gpgme context and is used from one thread at a time
// (GPGME contexts are not shareable). Two Keyrings on the same home in two threads are
// fine: gpg and its agent serialise access to the home themselves.

namespace cvdd::crypto {

namespace {

using core::Errc;
using core::fail;

struct DataRelease {
  void operator()(gpgme_data_t d) const { gpgme_data_release(d); }
};
using Data = std::unique_ptr<std::remove_pointer_t<gpgme_data_t>, DataRelease>;

struct KeyUnref {
  void operator()(gpgme_key_t k) const { gpgme_key_unref(k); }
};
using Key = std::unique_ptr<std::remove_pointer_t<gpgme_key_t>, KeyUnref>;

struct ContextRelease {
  void operator()(gpgme_ctx_t c) const { gpgme_release(c); }
};
using Context = std::unique_ptr<std::remove_pointer_t<gpgme_ctx_t>, ContextRelease>;

// gpg.conf of a home cvdd opens. cvdd binds keys to addresses in its own store, so the
// web of trust is off; and nothing is ever fetched from the network behind its back.
constexpr std::string_view kGpgConf =
    "# Written by cvdd on every start; edits are overwritten.\n"
    "trust-model always\n"
    "no-auto-key-retrieve\n"
    "no-auto-key-import\n"
    "auto-key-locate local\n";
// The default in 2.2, stated so that a changed default cannot make an operation prompt.
constexpr std::string_view kAgentConf =
    "# Written by cvdd on every start; edits are overwritten.\n"
    "allow-loopback-pinentry\n";

std::string errorText(gpgme_error_t err) {
  std::array<char, 256> buffer{};
  gpgme_strerror_r(err, buffer.data(), buffer.size());
  return std::string(buffer.data()) + " (" + gpgme_strsource(err) + ")";
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A buffer GPGME reads without copying; the bytes must outlive the data object.
core::Result<Data> inputData(std::string_view bytes, std::string_view where) {
  gpgme_data_t raw = nullptr;
  static constexpr char kEmpty[] = "";
  const char* begin = bytes.empty() ? kEmpty : bytes.data();
  if (const gpgme_error_t err = gpgme_data_new_from_mem(&raw, begin, bytes.size(), 0); err != 0) {
    return fail(Errc::Io, std::string(where), "gpgme_data_new_from_mem: " + errorText(err));
  }
  return Data(raw);
}

core::Result<Data> outputData(std::string_view where) {
  gpgme_data_t raw = nullptr;
  if (const gpgme_error_t err = gpgme_data_new(&raw); err != 0) {
    return fail(Errc::Io, std::string(where), "gpgme_data_new: " + errorText(err));
  }
  return Data(raw);
}

std::string readAll(gpgme_data_t data) {
  std::string out;
  if (gpgme_data_seek(data, 0, SEEK_SET) < 0) return out;
  std::array<char, 16384> buffer{};
  for (;;) {
    const ssize_t n = gpgme_data_read(data, buffer.data(), buffer.size());
    if (n <= 0) break;
    out.append(buffer.data(), static_cast<std::size_t>(n));
  }
  return out;
}

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

core::Timestamp fromEpoch(long seconds) {
  return core::Timestamp(std::chrono::seconds(seconds));
}

bool usable(gpgme_subkey_t subkey) {
  return subkey->revoked == 0 && subkey->expired == 0 && subkey->disabled == 0 &&
         subkey->invalid == 0;
}

KeyInfo keyInfo(gpgme_key_t key) {
  KeyInfo info;
  if (key->fpr != nullptr) {
    info.fingerprint = upper(key->fpr);
  } else if (key->subkeys != nullptr && key->subkeys->fpr != nullptr) {
    info.fingerprint = upper(key->subkeys->fpr);
  }
  for (gpgme_user_id_t uid = key->uids; uid != nullptr; uid = uid->next) {
    if (uid->uid != nullptr) info.uids.emplace_back(uid->uid);
    if (uid->email != nullptr && *uid->email != '\0') info.addresses.push_back(lower(uid->email));
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

// Worst first: a forged signature outweighs everything, a good one nothing.
int severity(SignatureStatus status) {
  switch (status) {
    case SignatureStatus::Unsigned:
      return 0;
    case SignatureStatus::Good:
      return 1;
    case SignatureStatus::UnknownKey:
      return 2;
    case SignatureStatus::ExpiredKey:
      return 3;
    case SignatureStatus::RevokedKey:
      return 4;
    case SignatureStatus::Error:
      return 5;
    case SignatureStatus::Bad:
      return 6;
  }
  return 6;
}

SignatureStatus statusOf(gpgme_error_t status, gpgme_sigsum_t summary) {
  switch (gpgme_err_code(status)) {
    case GPG_ERR_NO_ERROR:
      if ((summary & GPGME_SIGSUM_KEY_REVOKED) != 0) return SignatureStatus::RevokedKey;
      if ((summary & (GPGME_SIGSUM_KEY_EXPIRED | GPGME_SIGSUM_SIG_EXPIRED)) != 0) {
        return SignatureStatus::ExpiredKey;
      }
      return SignatureStatus::Good;
    case GPG_ERR_BAD_SIGNATURE:
      return SignatureStatus::Bad;
    case GPG_ERR_NO_PUBKEY:
      return SignatureStatus::UnknownKey;
    case GPG_ERR_KEY_EXPIRED:
    case GPG_ERR_SIG_EXPIRED:
      return SignatureStatus::ExpiredKey;
    case GPG_ERR_CERT_REVOKED:
      return SignatureStatus::RevokedKey;
    default:
      return SignatureStatus::Error;
  }
}

// What the engine said about one signature, copied out of the verify result before any
// other operation on the context invalidates it.
struct RawSignature {
  SignatureStatus status;
  std::string fpr;
  unsigned long timestamp;
  std::string detail;
};

std::vector<RawSignature> signaturesOf(gpgme_ctx_t ctx) {
  std::vector<RawSignature> out;
  const gpgme_verify_result_t result = gpgme_op_verify_result(ctx);
  if (result == nullptr) return out;
  for (gpgme_signature_t sig = result->signatures; sig != nullptr; sig = sig->next) {
    out.push_back({statusOf(sig->status, sig->summary), sig->fpr != nullptr ? sig->fpr : "",
                   sig->timestamp, gpgme_strerror(sig->status)});
  }
  return out;
}

// Errors from the verify operation itself that mean "the signature data is not
// OpenPGP" (garbage, damaged armor): the input is at fault, not the engine.
bool isDataError(gpgme_error_t err) {
  switch (gpgme_err_code(err)) {
    case GPG_ERR_NO_DATA:
    case GPG_ERR_BAD_DATA:
    case GPG_ERR_INV_DATA:
    case GPG_ERR_INV_ARMOR:
    case GPG_ERR_INV_PACKET:
    case GPG_ERR_INV_KEYRING:
    case GPG_ERR_BAD_SIGNATURE:
    case GPG_ERR_SIG_CLASS:
    case GPG_ERR_UNKNOWN_PACKET:
    case GPG_ERR_TRUNCATED:
    case GPG_ERR_EOF:
      return true;
    default:
      return false;
  }
}

// True for a display name and address that make a single user ID "Name <address>".
bool validUidPart(std::string_view text) {
  return std::none_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20U || u == 0x7FU || c == '<' || c == '>';
  });
}

}  // namespace

struct Keyring::Impl {
  std::filesystem::path home;
  Context ctx;

  // A key by fingerprint (or key ID), secret part required when asked.
  Key key(std::string_view fingerprint, bool secret) {
    gpgme_key_t raw = nullptr;
    const std::string fpr(fingerprint);
    if (fpr.empty() || gpgme_get_key(ctx.get(), fpr.c_str(), &raw, secret ? 1 : 0) != 0) {
      return nullptr;
    }
    return Key(raw);
  }

  // Turns the copied signature list into one verdict: the worst signature, with its
  // signing (sub)key resolved to the primary key.
  Verification verdict(std::vector<RawSignature> signatures) {
    Verification v;
    if (signatures.empty()) return v;
    const auto worst = std::max_element(
        signatures.begin(), signatures.end(),
        [](const auto& a, const auto& b) { return severity(a.status) < severity(b.status); });
    v.status = worst->status;
    v.fingerprint = upper(worst->fpr);
    v.detail = worst->detail;
    if (worst->timestamp != 0) v.signedAt = fromEpoch(static_cast<long>(worst->timestamp));
    if (v.status != SignatureStatus::UnknownKey) {
      if (Key k = key(worst->fpr, false); k != nullptr && k->fpr != nullptr) {
        v.fingerprint = upper(k->fpr);
        if (k->uids != nullptr && k->uids->uid != nullptr) v.signerUid = k->uids->uid;
      }
    }
    return v;
  }

  Verification afterVerify(gpgme_error_t err) {
    std::vector<RawSignature> signatures = signaturesOf(ctx.get());
    if (signatures.empty()) {
      Verification v;
      // No signature where one was expected: damaged or missing signature data. An
      // engine failure is an Error, so that it is not taken for a forgery.
      v.status = err == 0 || isDataError(err) ? SignatureStatus::Bad : SignatureStatus::Error;
      v.detail = err == 0 ? "no signature found" : errorText(err);
      return v;
    }
    return verdict(std::move(signatures));
  }

  core::Result<ImportResult> import(std::string_view keyData, std::string_view where) {
    auto in = inputData(keyData, where);
    if (!in) return tl::unexpected(in.error());
    if (const gpgme_error_t err = gpgme_op_import(ctx.get(), in->get()); err != 0) {
      return fail(Errc::MalformedMime, std::string(where), "import failed: " + errorText(err));
    }
    const gpgme_import_result_t result = gpgme_op_import_result(ctx.get());
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
  gpgme_ctx_t raw = nullptr;
  if (const gpgme_error_t err = gpgme_new(&raw); err != 0) {
    return fail(Errc::Io, where, "gpgme_new: " + errorText(err));
  }
  auto impl = std::make_unique<Impl>();
  impl->home = gnupgHome;
  impl->ctx.reset(raw);
  gpgme_ctx_t ctx = impl->ctx.get();
  const std::string homeString = gnupgHome.string();
  for (const gpgme_error_t err :
       {gpgme_set_protocol(ctx, GPGME_PROTOCOL_OpenPGP),
        gpgme_ctx_set_engine_info(ctx, GPGME_PROTOCOL_OpenPGP, nullptr, homeString.c_str()),
        // Cancel mode: a key that needs a passphrase is skipped at once and gpg goes on to
        // the next usable key. (Refusing in a loopback callback made GPGME abandon the
        // whole message, even when it was also encrypted to a key without a passphrase.)
        gpgme_set_pinentry_mode(ctx, GPGME_PINENTRY_MODE_CANCEL),
        gpgme_set_keylist_mode(ctx, GPGME_KEYLIST_MODE_LOCAL | GPGME_KEYLIST_MODE_WITH_SECRET)}) {
    if (err != 0) return fail(Errc::Io, where, "configuring gpgme: " + errorText(err));
  }
  gpgme_set_armor(ctx, 1);
  gpgme_set_offline(ctx, 1);  // --disable-dirmngr: no key server, no WKD
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
  auto sig = inputData(signature, "verifyDetached");
  auto text = inputData(signedBytes, "verifyDetached");
  if (!sig || !text) {
    Verification v;
    v.status = SignatureStatus::Error;
    v.detail = (!sig ? sig.error() : text.error()).what;
    return v;
  }
  const gpgme_error_t err = gpgme_op_verify(impl_->ctx.get(), sig->get(), text->get(), nullptr);
  return impl_->afterVerify(err);
}

Verification Keyring::verifyCleartext(std::string_view armored, std::string* plaintext) {
  auto in = inputData(armored, "verifyCleartext");
  auto out = outputData("verifyCleartext");
  if (!in || !out) {
    Verification v;
    v.status = SignatureStatus::Error;
    v.detail = (!in ? in.error() : out.error()).what;
    return v;
  }
  const gpgme_error_t err = gpgme_op_verify(impl_->ctx.get(), in->get(), nullptr, out->get());
  Verification v = impl_->afterVerify(err);
  if (plaintext != nullptr) *plaintext = readAll(out->get());
  return v;
}

core::Result<DecryptedPayload> Keyring::decrypt(std::string_view ciphertext) {
  const std::string where = "decrypt";
  auto in = inputData(ciphertext, where);
  if (!in) return tl::unexpected(in.error());
  auto out = outputData(where);
  if (!out) return tl::unexpected(out.error());
  const gpgme_error_t err = gpgme_op_decrypt_verify(impl_->ctx.get(), in->get(), out->get());
  if (err != 0) {
    const auto code = gpgme_err_code(err);
    return fail(code == GPG_ERR_NO_SECKEY ? Errc::NotFound : Errc::MalformedMime, where,
                "not decryptable: " + errorText(err));
  }
  if (const gpgme_decrypt_result_t result = gpgme_op_decrypt_result(impl_->ctx.get());
      result != nullptr && result->legacy_cipher_nomdc != 0) {
    // Without an MDC the ciphertext could have been altered (EFAIL): not trusted.
    return fail(Errc::MalformedMime, where, "message without integrity protection (no MDC)");
  }
  DecryptedPayload payload;
  std::vector<RawSignature> signatures = signaturesOf(impl_->ctx.get());
  payload.plaintext = readAll(out->get());
  payload.signature = impl_->verdict(std::move(signatures));
  return payload;
}

core::Result<DetachedSignature> Keyring::signDetached(std::string_view data,
                                                      std::string_view signerFingerprint) {
  const std::string where = "signDetached by " + std::string(signerFingerprint);
  Key signer = impl_->key(signerFingerprint, true);
  if (signer == nullptr) return fail(Errc::NotFound, where, "no secret key");
  gpgme_ctx_t ctx = impl_->ctx.get();
  gpgme_signers_clear(ctx);
  if (const gpgme_error_t err = gpgme_signers_add(ctx, signer.get()); err != 0) {
    return fail(Errc::Io, where, "gpgme_signers_add: " + errorText(err));
  }
  auto in = inputData(data, where);
  if (!in) return tl::unexpected(in.error());
  auto out = outputData(where);
  if (!out) return tl::unexpected(out.error());
  const gpgme_error_t err = gpgme_op_sign(ctx, in->get(), out->get(), GPGME_SIG_MODE_DETACH);
  gpgme_signers_clear(ctx);
  if (err != 0) return fail(Errc::Io, where, "signing failed: " + errorText(err));
  const gpgme_sign_result_t result = gpgme_op_sign_result(ctx);
  if (result == nullptr || result->signatures == nullptr || result->invalid_signers != nullptr) {
    return fail(Errc::Io, where, "signing produced no signature");
  }
  const char* hash = gpgme_hash_algo_name(result->signatures->hash_algo);
  if (hash == nullptr) return fail(Errc::Io, where, "unknown hash algorithm");
  return DetachedSignature{readAll(out->get()), "pgp-" + lower(hash)};
}

core::Result<std::string> Keyring::signAndEncrypt(
    std::string_view data, const std::vector<std::string>& recipientFingerprints,
    std::string_view signerFingerprint) {
  const std::string where = "signAndEncrypt by " + std::string(signerFingerprint);
  Key signer = impl_->key(signerFingerprint, true);
  if (signer == nullptr) return fail(Errc::NotFound, where, "no secret key for the signer");
  std::vector<Key> keys;
  for (const std::string& fpr : recipientFingerprints) {
    Key k = impl_->key(fpr, false);
    if (k == nullptr) return fail(Errc::NotFound, where, "no key for recipient " + fpr);
    if (!keyInfo(k.get()).canEncrypt) {
      return fail(Errc::InvalidConfig, where, "recipient key " + fpr + " cannot encrypt");
    }
    keys.push_back(std::move(k));
  }
  if (!keyInfo(signer.get()).canEncrypt) {
    return fail(Errc::InvalidConfig, where, "the signer's own key cannot encrypt");
  }
  std::vector<gpgme_key_t> raw;
  for (const Key& k : keys) raw.push_back(k.get());
  raw.push_back(signer.get());  // so the coordinator can read its own sent mail
  raw.push_back(nullptr);

  gpgme_ctx_t ctx = impl_->ctx.get();
  gpgme_signers_clear(ctx);
  if (const gpgme_error_t err = gpgme_signers_add(ctx, signer.get()); err != 0) {
    return fail(Errc::Io, where, "gpgme_signers_add: " + errorText(err));
  }
  auto in = inputData(data, where);
  if (!in) return tl::unexpected(in.error());
  auto out = outputData(where);
  if (!out) return tl::unexpected(out.error());
  const gpgme_error_t err =
      gpgme_op_encrypt_sign(ctx, raw.data(), GPGME_ENCRYPT_ALWAYS_TRUST, in->get(), out->get());
  gpgme_signers_clear(ctx);
  if (err != 0) return fail(Errc::Io, where, "sign+encrypt failed: " + errorText(err));
  if (const gpgme_encrypt_result_t result = gpgme_op_encrypt_result(ctx);
      result != nullptr && result->invalid_recipients != nullptr) {
    return fail(Errc::InvalidConfig, where, "invalid recipient");
  }
  return readAll(out->get());
}

core::Result<ImportResult> Keyring::importKeys(std::string_view keyData) {
  const std::string where = "importKeys";
  // Secret keys never come in by this door: a correspondent's "public key" that carries
  // secret material would otherwise let mail signed by it pass as ours.
  if (keyData.find("-----BEGIN PGP PRIVATE KEY BLOCK-----") != std::string_view::npos) {
    return fail(Errc::MalformedMime, where, "secret key material refused");
  }
  {
    // Binary or oddly armored data: ask gpg what the data holds, without importing it.
    auto in = inputData(keyData, where);
    if (!in) return tl::unexpected(in.error());
    gpgme_ctx_t ctx = impl_->ctx.get();
    bool secret = false;
    if (gpgme_op_keylist_from_data_start(ctx, in->get(), 0) == 0) {
      gpgme_key_t raw = nullptr;
      while (gpgme_op_keylist_next(ctx, &raw) == 0) {
        const Key k(raw);
        if (k->secret != 0) secret = true;
        for (gpgme_subkey_t sub = k->subkeys; sub != nullptr; sub = sub->next) {
          if (sub->secret != 0) secret = true;
        }
      }
      gpgme_op_keylist_end(ctx);
    }
    if (secret) return fail(Errc::MalformedMime, where, "secret key material refused");
  }
  auto result = impl_->import(keyData, where);
  if (!result) return result;
  const gpgme_import_result_t raw = gpgme_op_import_result(impl_->ctx.get());
  if (raw != nullptr && (raw->secret_imported > 0 || raw->secret_read > 0)) {
    // Cannot happen after the check above; if it does, take the secrets out again.
    for (const std::string& fpr : result->fingerprints) {
      if (Key k = impl_->key(fpr, true); k != nullptr) {
        gpgme_op_delete_ext(impl_->ctx.get(), k.get(),
                            GPGME_DELETE_ALLOW_SECRET | GPGME_DELETE_FORCE);
      }
    }
    return fail(Errc::MalformedMime, where, "secret key material refused");
  }
  return result;
}

core::Result<ImportResult> Keyring::importSecretKeys(std::string_view keyData) {
  return impl_->import(keyData, "importSecretKeys");
}

core::Result<std::string> Keyring::exportPublicKey(std::string_view fingerprint) {
  const std::string where = "exportPublicKey " + std::string(fingerprint);
  if (impl_->key(fingerprint, false) == nullptr) return fail(Errc::NotFound, where, "no such key");
  auto out = outputData(where);
  if (!out) return tl::unexpected(out.error());
  const std::string pattern(fingerprint);
  if (const gpgme_error_t err = gpgme_op_export(impl_->ctx.get(), pattern.c_str(), 0, out->get());
      err != 0) {
    return fail(Errc::Io, where, "export failed: " + errorText(err));
  }
  std::string armored = readAll(out->get());
  if (armored.empty()) return fail(Errc::NotFound, where, "nothing exported");
  return armored;
}

std::optional<KeyInfo> Keyring::findKey(std::string_view fingerprint) {
  Key k = impl_->key(fingerprint, false);
  if (k == nullptr) return std::nullopt;
  return keyInfo(k.get());
}

std::vector<KeyInfo> Keyring::listKeys(std::string_view pattern) {
  std::vector<KeyInfo> out;
  gpgme_ctx_t ctx = impl_->ctx.get();
  const std::string text(pattern);
  if (gpgme_op_keylist_start(ctx, text.empty() ? nullptr : text.c_str(), 0) != 0) return out;
  gpgme_key_t raw = nullptr;
  while (gpgme_op_keylist_next(ctx, &raw) == 0) {
    const Key k(raw);
    out.push_back(keyInfo(k.get()));
  }
  gpgme_op_keylist_end(ctx);
  return out;
}

core::Result<std::string> Keyring::generateKey(std::string_view name, std::string_view address) {
  const std::string where = "generateKey <" + std::string(address) + ">";
  if (!validUidPart(name) || !validUidPart(address) ||
      address.find('@') == std::string_view::npos) {
    return fail(Errc::InvalidConfig, where, "not a usable name and address for a user ID");
  }
  const std::string uid = name.empty() ? "<" + std::string(address) + ">"
                                       : std::string(name) + " <" + std::string(address) + ">";
  gpgme_ctx_t ctx = impl_->ctx.get();
  constexpr unsigned kNoPassphrase = GPGME_CREATE_NOPASSWD | GPGME_CREATE_NOEXPIRE;
  if (const gpgme_error_t err = gpgme_op_createkey(
          ctx, uid.c_str(), "ed25519", 0, 0, nullptr,
          GPGME_CREATE_SIGN | GPGME_CREATE_CERT | GPGME_CREATE_FORCE | kNoPassphrase);
      err != 0) {
    return fail(Errc::Io, where, "createkey: " + errorText(err));
  }
  const gpgme_genkey_result_t result = gpgme_op_genkey_result(ctx);
  if (result == nullptr || result->fpr == nullptr) {
    return fail(Errc::Io, where, "createkey returned no fingerprint");
  }
  const std::string fingerprint = upper(result->fpr);
  Key primary = impl_->key(fingerprint, true);
  if (primary == nullptr) return fail(Errc::Io, where, "new key not found");
  if (const gpgme_error_t err = gpgme_op_createsubkey(ctx, primary.get(), "cv25519", 0, 0,
                                                      GPGME_CREATE_ENCR | kNoPassphrase);
      err != 0) {
    return fail(Errc::Io, where, "createsubkey: " + errorText(err));
  }
  return fingerprint;
}

}  // namespace cvdd::crypto
