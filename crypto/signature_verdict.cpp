#include "crypto/signature_verdict.hpp"

#include <algorithm>
#include <utility>

namespace cvdd::crypto {

namespace {

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

}  // namespace

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

Verification verdictOf(std::vector<RawSignature> signatures, gpgme_ctx_t ctx, KeyCache& keys) {
  Verification v;
  if (signatures.empty()) return v;
  const auto worst = std::max_element(
      signatures.begin(), signatures.end(),
      [](const auto& a, const auto& b) { return severity(a.status) < severity(b.status); });
  v.status = worst->status;
  v.fingerprint = gpgme::upper(worst->fpr);
  v.detail = worst->detail;
  if (worst->timestamp != 0) {
    v.signedAt = core::Timestamp(std::chrono::seconds(static_cast<long>(worst->timestamp)));
  }
  if (v.status != SignatureStatus::UnknownKey) {
    if (const auto key = keys.key(ctx, worst->fpr); key != nullptr) {
      v.fingerprint = key->info.fingerprint;
      const gpgme_user_id_t uid = key->handle->uids;
      if (uid != nullptr && uid->uid != nullptr) v.signerUid = uid->uid;
    }
  }
  return v;
}

Verification verdictAfterVerify(gpgme_error_t err, gpgme_ctx_t ctx, KeyCache& keys) {
  std::vector<RawSignature> signatures = signaturesOf(ctx);
  if (signatures.empty()) {
    Verification v;
    // An engine failure is an Error, so that it is not taken for a forgery.
    v.status = err == 0 || isDataError(err) ? SignatureStatus::Bad : SignatureStatus::Error;
    v.detail = err == 0 ? "no signature found" : gpgme::errorText(err);
    return v;
  }
  return verdictOf(std::move(signatures), ctx, keys);
}

}  // namespace cvdd::crypto
