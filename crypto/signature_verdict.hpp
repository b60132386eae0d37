#pragma once
// Internal to crypto/: what GPGME said about the signatures of one verification, turned
// into cvdd's one verdict.

#include <gpgme.h>

#include <string>
#include <vector>

#include "crypto/key_cache.hpp"
#include "crypto/verification.hpp"

namespace cvdd::crypto {

/// What the engine said about one signature, copied out of the verify result before any
/// other operation on the context invalidates it.
struct RawSignature {
  SignatureStatus status;
  std::string fpr;
  unsigned long timestamp;
  std::string detail;
};

/// The signatures of the last verify or decrypt_verify on ctx.
std::vector<RawSignature> signaturesOf(gpgme_ctx_t ctx);

/// The worst signature, its signing (sub)key resolved to the primary key through keys
/// (listing through ctx when not cached). Unsigned for no signatures.
Verification verdictOf(std::vector<RawSignature> signatures, gpgme_ctx_t ctx, KeyCache& keys);

/// The verdict after gpgme_op_verify returned err on ctx: no signature where one was
/// expected is Bad for damaged or missing signature data, Error for an engine failure.
Verification verdictAfterVerify(gpgme_error_t err, gpgme_ctx_t ctx, KeyCache& keys);

}  // namespace cvdd::crypto
