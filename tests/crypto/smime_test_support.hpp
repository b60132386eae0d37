#pragma once
// Test-only: a throwaway X.509 PKI made with the openssl command line (the independent
// party for S/MIME), and a GnuPG home whose gpgsm trusts its CA.

#include <filesystem>
#include <string>

namespace cvdd::crypto::test {

struct TestCertificate {
  std::filesystem::path cert;  // PEM
  std::filesystem::path key;   // PEM, unencrypted
  std::string fingerprint;     // SHA-1, upper-case hex without colons (as gpgsm names it)
};

/// A CA certificate and key in dir ("<name>.crt", "<name>.key").
TestCertificate makeTestCa(const std::filesystem::path& dir, const std::string& name);

/// A leaf for S/MIME (digitalSignature, keyEncipherment, emailProtection, subjectAltName
/// email) issued by ca; self-signed when ca is null.
TestCertificate issueCertificate(const std::filesystem::path& dir, const TestCertificate* ca,
                                 const std::string& name, const std::string& email);

/// Marks the CA trusted for gpgsm in home (trustlist.txt) and turns CRL checks off
/// (gpgsm.conf): what an operator configures, see the README.
void trustCa(const std::filesystem::path& home, const TestCertificate& ca);

/// openssl cms -sign: a detached DER signature over the file's bytes by cert.
std::string opensslSignDetached(const std::filesystem::path& content,
                                const TestCertificate& signer);

/// openssl cms -decrypt of DER enveloped-data with the recipient's key; "" on failure.
std::string opensslDecrypt(const std::filesystem::path& der, const TestCertificate& recipient);

}  // namespace cvdd::crypto::test
