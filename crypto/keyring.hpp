#pragma once
// OpenPGP operations through GPGME on one GnuPG home directory.
//
// cvdd does not use the web of trust: a key speaks for an address only where cvdd's own
// store binds it to that address. The keyring therefore runs with trust-model "always";
// "Good" means the signature is cryptographically valid by a usable key, nothing more.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "crypto/verification.hpp"

namespace cvdd::crypto {

struct KeyInfo {
  std::string fingerprint;             // primary key, upper-case hex
  std::vector<std::string> uids;       // as stored ("Name <addr>")
  std::vector<std::string> addresses;  // lower-cased mail addresses of the uids
  bool canEncrypt = false;             // has a usable (valid, unexpired, unrevoked) enc subkey
  bool canSign = false;
  bool expired = false;
  bool revoked = false;
  bool hasSecret = false;
  core::Timestamp created;
  std::optional<core::Timestamp> expires;
};

struct ImportResult {
  std::vector<std::string> fingerprints;  // keys imported or already present
  int imported = 0;
  int unchanged = 0;
};

struct DecryptedPayload {
  std::string plaintext;
  Verification signature;  // of a signature inside the encrypted packet (one-pass sign+encrypt)
};

/// Detached signature and the micalg parameter for multipart/signed.
struct DetachedSignature {
  std::string armored;  // "-----BEGIN PGP SIGNATURE-----..."
  std::string micalg;   // e.g. "pgp-sha256"
};

/// One GnuPG home. Thread-safe: open ONE Keyring per home and share it between worker
/// threads; every operation may run from any number of threads at once. Each operation
/// borrows a GPGME context of its own (a context is not shareable; the pool grows to the
/// largest number of simultaneous operations), and key listings are cached, shared by
/// all threads under a mutex (a cached lookup costs a few stat calls, not a gpg process).
/// The cache follows changes made through this Keyring and, through the key files'
/// inode, size and times, changes by other processes (cvdctl key import) or other
/// Keyrings on the same home. In steady state an operation runs exactly one gpg process:
/// verify, sign, sign+encrypt and decrypt one each; findKey and listKeys none.
/// Imports and key generation run alone: operations started meanwhile wait for them
/// (gpg readers do not lock, and a verify racing an import can miss a key). An operation
/// during which another process changed the key files runs again, up to 3 times in all.
/// Moving or destroying a Keyring while another thread uses it is undefined.
class Keyring {
 public:
  /// Opens (creating, mode 0700) a GnuPG home with the process's default gpg (see
  /// gpgme_set_engine_info). Errors: engine missing or unusable.
  static core::Result<Keyring> open(const std::filesystem::path& gnupgHome);

  Keyring(Keyring&&) noexcept;
  Keyring& operator=(Keyring&&) noexcept;
  ~Keyring();

  const std::filesystem::path& home() const;

  /// Verifies a detached signature over exactly these bytes (already canonicalised by
  /// the caller). Never throws for bad input; a garbage signature is Bad.
  Verification verifyDetached(std::string_view signedBytes, std::string_view signature);

  /// Verifies an inline cleartext-signed block ("-----BEGIN PGP SIGNED MESSAGE-----");
  /// writes the signed text (dash-unescaped) to *plaintext when given.
  Verification verifyCleartext(std::string_view armored, std::string* plaintext = nullptr);

  /// Decrypts an armored or binary OpenPGP message with any secret key held here, and
  /// verifies a signature inside it. Error: not decryptable (no key, damaged data).
  core::Result<DecryptedPayload> decrypt(std::string_view ciphertext);

  /// Detached, armored signature by the given secret key.
  core::Result<DetachedSignature> signDetached(std::string_view data,
                                               std::string_view signerFingerprint);

  /// Signs with signerFingerprint and encrypts to every recipient (and to the signer, so
  /// the coordinator can read its own sent mail) in one operation, one gpg process: the
  /// signature is inside the armored OpenPGP message (RFC 3156 §6.2), where `gpg --decrypt`
  /// and decrypt() check it. Error: a recipient key is unusable for encryption, or no
  /// signature was made.
  core::Result<std::string> signAndEncrypt(std::string_view data,
                                           const std::vector<std::string>& recipientFingerprints,
                                           std::string_view signerFingerprint);

  /// Imports armored or binary public keys (secret keys are refused). Third-party
  /// signatures are dropped on import (gpg.conf: import-options self-sigs-only).
  core::Result<ImportResult> importKeys(std::string_view keyData);

  /// Imports keys a message offers for its sender (attached, Autocrypt): refused as a
  /// whole, importing nothing, unless the data holds 1..maxKeys keys and every one has a
  /// user ID for that address.
  core::Result<ImportResult> importOfferedKeys(std::string_view keyData, std::string_view address,
                                               std::size_t maxKeys);

  /// Imports including secret keys (operator setup, tests).
  core::Result<ImportResult> importSecretKeys(std::string_view keyData);

  /// Armored export of one public key.
  core::Result<std::string> exportPublicKey(std::string_view fingerprint);

  /// The key a fingerprint (or key ID) names; nullopt when there is none, it is
  /// ambiguous, or the engine failed.
  std::optional<KeyInfo> findKey(std::string_view fingerprint);
  /// Every key; when pattern is non-empty, those whose uid or fingerprint matches it.
  /// Empty when the engine failed.
  std::vector<KeyInfo> listKeys(std::string_view pattern = {});

  /// Creates a signing primary key (ed25519) with an encryption subkey (cv25519) and no
  /// passphrase, for "Name <address>"; returns its fingerprint.
  core::Result<std::string> generateKey(std::string_view name, std::string_view address);

 private:
  struct OfferRule {
    std::string address;  // lower-case
    std::size_t maxKeys = 0;
  };
  core::Result<ImportResult> importPublicKeys(std::string_view keyData,
                                              const std::optional<OfferRule>& offer);

  struct Impl;
  explicit Keyring(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cvdd::crypto
