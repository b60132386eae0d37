#pragma once
// S/MIME (RFC 8551) through GPGME's CMS protocol (gpgsm) on the same GnuPG home as the
// OpenPGP keyring: certificates of parties without an OpenPGP key, encryption to them,
// and verification of their signatures.
//
// As with OpenPGP keys, a certificate speaks for an address only where cvdd's store binds
// it to that address (cvdctl vendor import-cert). gpgsm additionally insists on a valid
// chain to a root the operator marked trusted (trustlist.txt in the GnuPG home) and
// applies the CRL policy of gpgsm.conf: a certificate whose chain does not validate is
// neither encrypted to nor believed.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "crypto/verification.hpp"

namespace cvdd::crypto {

struct CertificateInfo {
  std::string fingerprint;             // SHA-1 of the certificate, upper-case hex
  std::string subject;                 // the subject DN as gpgsm prints it
  std::string issuer;                  // the issuer DN
  std::vector<std::string> addresses;  // lower-cased: subjectAltName rfc822Name, DN email
  bool canEncrypt = false;             // key usage allows encryption and the cert is valid
  bool canSign = false;
  bool expired = false;
  bool revoked = false;
  bool chainValid = false;  // gpgsm validated the chain to a trusted root
};

/// The content of an opaque signed-data object and its verdict.
struct OpaqueSigned {
  std::string content;
  Verification signature;
};

/// One GnuPG home's gpgsm keybox. Thread-safe like Keyring: each operation borrows a
/// context of its own. No listings are cached (S/MIME mail is the exception here, and
/// gpgsm must re-validate chains and expiry each time anyway).
class SmimeKeyring {
 public:
  /// Opens the home (created 0700 when missing). Error: gpgsm missing or unusable.
  static core::Result<SmimeKeyring> open(const std::filesystem::path& gnupgHome);

  SmimeKeyring(SmimeKeyring&&) noexcept;
  SmimeKeyring& operator=(SmimeKeyring&&) noexcept;
  ~SmimeKeyring();

  /// Imports the X.509 certificates in PEM or DER data (a chain is fine) and returns
  /// their fingerprints, the first certificate of the data first. Error: the data is not
  /// certificates only (a private key or a PKCS#12 bundle is refused), or gpgsm refused.
  core::Result<std::vector<std::string>> importCertificates(std::string_view data);

  /// The certificate with this fingerprint, its chain validated now; nullopt when absent.
  std::optional<CertificateInfo> findCertificate(std::string_view fingerprint);

  /// CMS enveloped-data (DER) of these bytes for the recipients' certificates. Error: a
  /// recipient is unknown or not valid for encryption.
  core::Result<std::string> encrypt(std::string_view data,
                                    const std::vector<std::string>& recipientFingerprints);

  /// Verifies a detached CMS signature (DER, as in application/pkcs7-signature) over
  /// exactly these bytes. Good only for a valid signature by a certificate whose chain
  /// validates; the fingerprint is the signer certificate's.
  Verification verifyDetached(std::string_view signedBytes, std::string_view signatureDer);

  /// Verifies opaque signed-data (application/pkcs7-mime; smime-type=signed-data) and
  /// returns the content it carries. Error: not CMS signed-data.
  core::Result<OpaqueSigned> verifyOpaque(std::string_view signedDataDer);

 private:
  struct Impl;
  explicit SmimeKeyring(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cvdd::crypto
