#pragma once
// The outcome of checking one message's OpenPGP signature, as stored with the message.

#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace cvdd::crypto {

enum class SignatureStatus {
  Unsigned,    // no signature at all
  Good,        // cryptographically valid, key neither expired nor revoked
  Bad,         // the signature does not match the data (or is damaged / missing its part)
  UnknownKey,  // signed by a key not in the keyring
  ExpiredKey,  // valid signature by an expired key (or an expired signature)
  RevokedKey,  // valid signature by a revoked key
  Error,       // could not be checked (unsupported algorithm, engine error)
};

std::string_view signatureStatusName(SignatureStatus status);  // "unsigned", "good", ...

struct Verification {
  SignatureStatus status = SignatureStatus::Unsigned;
  std::string fingerprint;  // signing key's primary fingerprint, upper-case hex; may be a
                            // key ID only when the key is unknown
  std::string signerUid;    // first user ID of that key, when known
  std::optional<core::Timestamp> signedAt;
  std::string detail;  // engine's words, for operators (e.g. "No public key")
};

/// Whether and how a message was encrypted, and whether decryption worked.
struct DecryptionResult {
  bool encrypted = false;
  bool decrypted = false;
  std::string error;  // why decryption failed
};

}  // namespace cvdd::crypto
