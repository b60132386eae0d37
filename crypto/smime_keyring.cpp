#include "crypto/smime_keyring.hpp"

#include <gpgme.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cstdio>
#include <mutex>

#include "crypto/context_pool.hpp"
#include "crypto/gpgme_support.hpp"

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

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

std::string derOf(X509* cert) {
  unsigned char* der = nullptr;
  const int n = i2d_X509(cert, &der);
  if (n <= 0) return {};
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(n));
  OPENSSL_free(der);
  return out;
}

// The certificates of PEM or DER data, each as DER. gpgsm would also take a PKCS#12
// bundle and put its private key into the agent: only certificates pass here, so a
// correspondent's "certificate" can never plant a key that signs as someone else.
core::Result<std::vector<std::string>> certificatesIn(std::string_view data) {
  const std::string where = "importCertificates";
  std::vector<std::string> certs;
  if (data.find("-----BEGIN") != std::string_view::npos) {
    BioPtr bio(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
    if (!bio) return fail(Errc::Io, where, "BIO_new_mem_buf failed");
    for (;;) {
      char* name = nullptr;
      char* header = nullptr;
      unsigned char* body = nullptr;
      long length = 0;
      if (PEM_read_bio(bio.get(), &name, &header, &body, &length) != 1) break;
      const std::string type = name;
      std::string der(reinterpret_cast<const char*>(body), static_cast<std::size_t>(length));
      OPENSSL_free(name);
      OPENSSL_free(header);
      OPENSSL_free(body);
      if (type != "CERTIFICATE" && type != "X509 CERTIFICATE")
        return fail(Errc::MalformedMime, where,
                    "PEM block \"" + type + "\" refused: certificates only");
      const auto* p = reinterpret_cast<const unsigned char*>(der.data());
      X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
      if (!cert) return fail(Errc::MalformedMime, where, "a CERTIFICATE block does not parse");
      certs.push_back(derOf(cert.get()));
    }
  } else {
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    const auto* end = p + data.size();
    while (p < end) {
      X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(end - p)));
      if (!cert) return fail(Errc::MalformedMime, where, "not a DER or PEM X.509 certificate");
      certs.push_back(derOf(cert.get()));
    }
  }
  if (certs.empty()) return fail(Errc::MalformedMime, where, "no certificate in the data");
  return certs;
}

// Errors of the verify operation itself that blame the engine, not the data.
bool isEngineError(gpgme_error_t err) {
  switch (gpgme_err_code(err)) {
    case GPG_ERR_INV_ENGINE:
    case GPG_ERR_ENGINE_TOO_OLD:
    case GPG_ERR_NOT_IMPLEMENTED:
    case GPG_ERR_ENOMEM:
    case GPG_ERR_EIO:
      return true;
    default:
      return false;
  }
}

Verification verdictOf(gpgme_signature_t sig) {
  Verification v;
  v.fingerprint = sig->fpr != nullptr ? upper(sig->fpr) : "";
  if (sig->timestamp != 0)
    v.signedAt = core::Timestamp(std::chrono::seconds(static_cast<long>(sig->timestamp)));
  v.detail = gpgme_strerror(sig->status);
  const gpgme_sigsum_t summary = sig->summary;
  switch (gpgme_err_code(sig->status)) {
    case GPG_ERR_NO_ERROR:
      if ((summary & GPGME_SIGSUM_KEY_REVOKED) != 0) {
        v.status = SignatureStatus::RevokedKey;
      } else if ((summary & (GPGME_SIGSUM_KEY_EXPIRED | GPGME_SIGSUM_SIG_EXPIRED)) != 0) {
        v.status = SignatureStatus::ExpiredKey;
      } else if ((summary & GPGME_SIGSUM_VALID) != 0) {
        v.status = SignatureStatus::Good;
      } else {
        // Mathematically sound, but by a certificate whose chain does not reach a trusted
        // root (self-signed, unknown CA): who signed is not established.
        v.status = SignatureStatus::UnknownKey;
        char summaryHex[16];
        std::snprintf(summaryHex, sizeof summaryHex, "%x", static_cast<unsigned>(summary));
        v.detail = "the signer's certificate chain does not validate (summary 0x" +
                   std::string(summaryHex) + ")";
      }
      break;
    case GPG_ERR_BAD_SIGNATURE:
      v.status = SignatureStatus::Bad;
      break;
    case GPG_ERR_NO_PUBKEY:
      v.status = SignatureStatus::UnknownKey;
      break;
    case GPG_ERR_CERT_EXPIRED:
    case GPG_ERR_KEY_EXPIRED:
    case GPG_ERR_SIG_EXPIRED:
      v.status = SignatureStatus::ExpiredKey;
      break;
    case GPG_ERR_CERT_REVOKED:
      v.status = SignatureStatus::RevokedKey;
      break;
    default:
      v.status = SignatureStatus::Error;
      break;
  }
  return v;
}

// The verdict of the last verify on ctx, which returned err: every signature must be
// good (the worst one counts), and no signature at all where one was expected is Bad.
Verification verdictAfterVerify(gpgme_error_t err, gpgme_ctx_t ctx) {
  const gpgme_verify_result_t result = gpgme_op_verify_result(ctx);
  if (result == nullptr || result->signatures == nullptr) {
    Verification v;
    v.status = err != 0 && isEngineError(err) ? SignatureStatus::Error : SignatureStatus::Bad;
    v.detail = err == 0 ? "no signature found" : errorText(err);
    return v;
  }
  Verification worst;
  for (gpgme_signature_t sig = result->signatures; sig != nullptr; sig = sig->next) {
    Verification v = verdictOf(sig);
    if (worst.status == SignatureStatus::Unsigned || v.status != SignatureStatus::Good)
      worst = std::move(v);
    if (worst.status != SignatureStatus::Good) break;
  }
  return worst;
}

CertificateInfo certificateInfoOf(gpgme_key_t key) {
  CertificateInfo info;
  if (key->subkeys != nullptr && key->subkeys->fpr != nullptr)
    info.fingerprint = upper(key->subkeys->fpr);
  if (key->issuer_name != nullptr) info.issuer = key->issuer_name;
  bool first = true;
  for (gpgme_user_id_t uid = key->uids; uid != nullptr; uid = uid->next) {
    if (first && uid->uid != nullptr) info.subject = uid->uid;
    first = false;
    if (uid->email != nullptr && *uid->email != '\0') {
      std::string address = lower(uid->email);
      if (address.size() > 2 && address.front() == '<' && address.back() == '>')
        address = address.substr(1, address.size() - 2);
      if (std::find(info.addresses.begin(), info.addresses.end(), address) == info.addresses.end())
        info.addresses.push_back(std::move(address));
    }
  }
  info.expired = key->expired != 0;
  info.revoked = key->revoked != 0;
  // With GPGME_KEYLIST_MODE_VALIDATE gpgsm checked the chain: a certificate it could not
  // validate is listed invalid, or with a validity below full.
  info.chainValid = key->invalid == 0 && !info.expired && !info.revoked && key->uids != nullptr &&
                    key->uids->validity >= GPGME_VALIDITY_FULL;
  info.canEncrypt = info.chainValid && key->can_encrypt != 0;
  info.canSign = info.chainValid && key->can_sign != 0;
  return info;
}

}  // namespace

struct SmimeKeyring::Impl {
  explicit Impl(const std::filesystem::path& gnupgHome)
      : home(gnupgHome), contexts(gnupgHome, GPGME_PROTOCOL_CMS) {}
  const std::filesystem::path home;
  ContextPool contexts;
};

core::Result<SmimeKeyring> SmimeKeyring::open(const std::filesystem::path& gnupgHome) {
  static std::once_flag initialised;
  std::call_once(initialised, [] { gpgme_check_version(nullptr); });
  const std::string where = "S/MIME keyring " + gnupgHome.string();
  std::error_code ec;
  std::filesystem::create_directories(gnupgHome, ec);
  if (ec) return fail(Errc::Io, where, "cannot create: " + ec.message());
  std::filesystem::permissions(gnupgHome, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  if (ec) return fail(Errc::Io, where, "cannot set mode 0700: " + ec.message());
  if (const gpgme_error_t err = gpgme_engine_check_version(GPGME_PROTOCOL_CMS); err != 0)
    return fail(Errc::Io, where, "CMS engine (gpgsm) unusable: " + errorText(err));
  auto impl = std::make_unique<Impl>(gnupgHome);
  if (auto first = impl->contexts.borrow(); !first) return tl::unexpected(first.error());
  return SmimeKeyring(std::move(impl));
}

SmimeKeyring::SmimeKeyring(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SmimeKeyring::SmimeKeyring(SmimeKeyring&&) noexcept = default;
SmimeKeyring& SmimeKeyring::operator=(SmimeKeyring&&) noexcept = default;
SmimeKeyring::~SmimeKeyring() = default;

core::Result<std::vector<std::string>> SmimeKeyring::importCertificates(std::string_view data) {
  const std::string where = "importCertificates";
  auto certs = certificatesIn(data);
  if (!certs) return tl::unexpected(certs.error());
  auto lease = impl_->contexts.borrow();
  if (!lease) return tl::unexpected(lease.error());
  std::vector<std::string> fingerprints;
  // One at a time, so that the fingerprints come back in the order of the data.
  for (const std::string& der : *certs) {
    auto in = inputData(der, where);
    if (!in) return tl::unexpected(in.error());
    if (const gpgme_error_t err = gpgme_op_import(lease->get(), in->get()); err != 0)
      return fail(Errc::MalformedMime, where, "import failed: " + errorText(err));
    const gpgme_import_result_t result = gpgme_op_import_result(lease->get());
    if (result == nullptr || result->imports == nullptr || result->imports->fpr == nullptr)
      return fail(Errc::MalformedMime, where, "gpgsm imported nothing");
    if (result->imports->result != 0)
      return fail(Errc::MalformedMime, where,
                  "gpgsm refused the certificate: " + errorText(result->imports->result));
    fingerprints.push_back(upper(result->imports->fpr));
  }
  return fingerprints;
}

std::optional<CertificateInfo> SmimeKeyring::findCertificate(std::string_view fingerprint) {
  auto lease = impl_->contexts.borrow();
  if (!lease) return std::nullopt;
  const std::string fpr(fingerprint);
  gpgme_key_t raw = nullptr;
  if (gpgme_get_key(lease->get(), fpr.c_str(), &raw, 0) != 0 || raw == nullptr) return std::nullopt;
  const gpgme::Key key(raw);
  return certificateInfoOf(key.get());
}

core::Result<std::string> SmimeKeyring::encrypt(
    std::string_view data, const std::vector<std::string>& recipientFingerprints) {
  const std::string where = "S/MIME encrypt";
  auto lease = impl_->contexts.borrow();
  if (!lease) return tl::unexpected(lease.error());
  gpgme_ctx_t ctx = lease->get();
  std::vector<gpgme::Key> keys;
  for (const std::string& fpr : recipientFingerprints) {
    gpgme_key_t raw = nullptr;
    if (gpgme_get_key(ctx, fpr.c_str(), &raw, 0) != 0 || raw == nullptr)
      return fail(Errc::NotFound, where, "no certificate " + fpr);
    keys.emplace_back(raw);
    if (!certificateInfoOf(raw).canEncrypt)
      return fail(Errc::InvalidConfig, where,
                  "certificate " + fpr + " is not valid for encryption");
  }
  std::vector<gpgme_key_t> recipients;
  for (const auto& k : keys) recipients.push_back(k.get());
  recipients.push_back(nullptr);
  auto in = inputData(data, where);
  if (!in) return tl::unexpected(in.error());
  auto out = outputData(where);
  if (!out) return tl::unexpected(out.error());
  if (const gpgme_error_t err = gpgme_op_encrypt(
          ctx, recipients.data(), static_cast<gpgme_encrypt_flags_t>(0), in->get(), out->get());
      err != 0)
    return fail(Errc::Io, where, "encryption failed: " + errorText(err));
  if (const gpgme_encrypt_result_t result = gpgme_op_encrypt_result(ctx);
      result != nullptr && result->invalid_recipients != nullptr)
    return fail(Errc::InvalidConfig, where, "invalid recipient");
  std::string der = readAll(out->get());
  if (der.empty()) return fail(Errc::Io, where, "encryption produced nothing");
  return der;
}

Verification SmimeKeyring::verifyDetached(std::string_view signedBytes,
                                          std::string_view signatureDer) {
  auto lease = impl_->contexts.borrow();
  auto sig = inputData(signatureDer, "S/MIME verify");
  auto text = inputData(signedBytes, "S/MIME verify");
  if (!lease || !sig || !text) {
    Verification v;
    v.status = SignatureStatus::Error;
    v.detail = (!lease ? lease.error() : !sig ? sig.error() : text.error()).what;
    return v;
  }
  const gpgme_error_t err = gpgme_op_verify(lease->get(), sig->get(), text->get(), nullptr);
  return verdictAfterVerify(err, lease->get());
}

core::Result<OpaqueSigned> SmimeKeyring::verifyOpaque(std::string_view signedDataDer) {
  const std::string where = "S/MIME verify opaque";
  auto lease = impl_->contexts.borrow();
  if (!lease) return tl::unexpected(lease.error());
  auto in = inputData(signedDataDer, where);
  if (!in) return tl::unexpected(in.error());
  auto out = outputData(where);
  if (!out) return tl::unexpected(out.error());
  const gpgme_error_t err = gpgme_op_verify(lease->get(), in->get(), nullptr, out->get());
  OpaqueSigned result;
  result.signature = verdictAfterVerify(err, lease->get());
  result.content = readAll(out->get());
  if (result.content.empty() && result.signature.status != SignatureStatus::Good)
    return fail(Errc::MalformedMime, where, "not CMS signed-data: " + result.signature.detail);
  return result;
}

}  // namespace cvdd::crypto
