#include "crypto/smime_keyring.hpp"

#include <gtest/gtest.h>

#include "gpg_test_support.hpp"
#include "smime_test_support.hpp"

namespace cvdd::crypto {
namespace {

using test::TempDir;

// One PKI for the suite (RSA key generation is the slow part): a trusted CA with a
// vendor's certificate, a second certificate from the same CA for another address, and a
// self-signed certificate claiming the vendor's address.
class SmimeKeyringTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const auto pki = dir_->path() / "pki";
    std::filesystem::create_directories(pki);
    ca_ = test::makeTestCa(pki, "Test CA");
    vendor_ = test::issueCertificate(pki, &ca_, "Gadget PSIRT", "psirt@gadget.example");
    other_ = test::issueCertificate(pki, &ca_, "Mallory", "mallory@evil.example");
    selfSigned_ = test::issueCertificate(pki, nullptr, "Fake PSIRT", "psirt@gadget.example");
  }
  static void TearDownTestSuite() { delete dir_; }

  void SetUp() override {
    home_ = std::make_unique<TempDir>();
    test::trustCa(home_->path(), ca_);
    keyring_ = std::make_unique<SmimeKeyring>(
        test::must(SmimeKeyring::open(home_->path()), "open S/MIME keyring"));
    test::must(keyring_->importCertificates(test::readFile(ca_.cert)), "import CA");
  }

  std::filesystem::path file(const std::string& name, const std::string& content) {
    const auto path = home_->path() / name;
    test::writeFile(path, content);
    return path;
  }

  static inline TempDir* dir_ = nullptr;
  static inline test::TestCertificate ca_, vendor_, other_, selfSigned_;
  std::unique_ptr<TempDir> home_;
  std::unique_ptr<SmimeKeyring> keyring_;
};

TEST_F(SmimeKeyringTest, ImportsAPemCertificateAndListsItsAddressesAndValidChain) {
  const auto fprs =
      test::must(keyring_->importCertificates(test::readFile(vendor_.cert)), "import");
  ASSERT_EQ(fprs, std::vector<std::string>{vendor_.fingerprint});
  const auto cert = keyring_->findCertificate(vendor_.fingerprint);
  ASSERT_TRUE(cert.has_value());
  EXPECT_EQ(cert->fingerprint, vendor_.fingerprint);
  EXPECT_NE(std::find(cert->addresses.begin(), cert->addresses.end(), "psirt@gadget.example"),
            cert->addresses.end());
  EXPECT_TRUE(cert->chainValid);
  EXPECT_TRUE(cert->canEncrypt);
  EXPECT_FALSE(keyring_->findCertificate(other_.fingerprint).has_value());
}

TEST_F(SmimeKeyringTest, ImportsDer) {
  const auto der =
      test::run("openssl x509 -outform DER -in " + test::shellQuote(vendor_.cert.string()));
  ASSERT_EQ(der.exitCode, 0);
  const auto fprs = test::must(keyring_->importCertificates(der.output), "import DER");
  EXPECT_EQ(fprs, std::vector<std::string>{vendor_.fingerprint});
}

TEST_F(SmimeKeyringTest, RefusesPrivateKeysAndGarbage) {
  const auto withKey = test::readFile(vendor_.cert) + test::readFile(vendor_.key);
  EXPECT_FALSE(keyring_->importCertificates(withKey).has_value());
  EXPECT_FALSE(keyring_->importCertificates("not a certificate").has_value());
  EXPECT_FALSE(keyring_->importCertificates("").has_value());
}

TEST_F(SmimeKeyringTest, ASelfSignedCertificateHasNoValidChain) {
  test::must(keyring_->importCertificates(test::readFile(selfSigned_.cert)), "import");
  const auto cert = keyring_->findCertificate(selfSigned_.fingerprint);
  ASSERT_TRUE(cert.has_value());
  EXPECT_FALSE(cert->chainValid);
  EXPECT_FALSE(cert->canEncrypt);
  EXPECT_FALSE(keyring_->encrypt("x", {selfSigned_.fingerprint}).has_value());
}

TEST_F(SmimeKeyringTest, EncryptsSoThatOnlyTheRecipientsKeyOpensIt) {
  test::must(keyring_->importCertificates(test::readFile(vendor_.cert)), "import");
  const std::string secret = "Content-Type: text/plain\r\n\r\nthe vulnerability details\r\n";
  const auto der = test::must(keyring_->encrypt(secret, {vendor_.fingerprint}), "encrypt");
  EXPECT_EQ(der.find("vulnerability"), std::string::npos);
  const auto path = file("m.p7m", der);
  EXPECT_EQ(test::opensslDecrypt(path, vendor_), secret);
  EXPECT_EQ(test::opensslDecrypt(path, other_), "");
}

TEST_F(SmimeKeyringTest, AGoodDetachedSignatureNamesTheSignerCertificate) {
  test::must(keyring_->importCertificates(test::readFile(vendor_.cert)), "import");
  const std::string body = "Content-Type: text/plain\r\n\r\nfixed in 2.1\r\n";
  const auto signature = test::opensslSignDetached(file("body", body), vendor_);
  const auto v = keyring_->verifyDetached(body, signature);
  EXPECT_EQ(v.status, SignatureStatus::Good) << v.detail;
  EXPECT_EQ(v.fingerprint, vendor_.fingerprint);
  EXPECT_TRUE(v.signedAt.has_value());
}

TEST_F(SmimeKeyringTest, AlteredContentIsBad) {
  const std::string body = "Content-Type: text/plain\r\n\r\nfixed in 2.1\r\n";
  const auto signature = test::opensslSignDetached(file("body", body), vendor_);
  const auto v =
      keyring_->verifyDetached("Content-Type: text/plain\r\n\r\nnot affected\r\n", signature);
  EXPECT_EQ(v.status, SignatureStatus::Bad) << v.detail;
}

TEST_F(SmimeKeyringTest, ASelfSignedSignerIsNotGood) {
  const std::string body = "Content-Type: text/plain\r\n\r\nfixed in 2.1\r\n";
  const auto signature = test::opensslSignDetached(file("body", body), selfSigned_);
  const auto v = keyring_->verifyDetached(body, signature);
  EXPECT_NE(v.status, SignatureStatus::Good);
  EXPECT_EQ(v.fingerprint, selfSigned_.fingerprint);
}

TEST_F(SmimeKeyringTest, AnotherCertificateOfTheTrustedCaIsGoodButNamesItself) {
  const std::string body = "Content-Type: text/plain\r\n\r\nfixed in 2.1\r\n";
  const auto signature = test::opensslSignDetached(file("body", body), other_);
  const auto v = keyring_->verifyDetached(body, signature);
  EXPECT_EQ(v.status, SignatureStatus::Good) << v.detail;
  EXPECT_EQ(v.fingerprint, other_.fingerprint);
  EXPECT_NE(v.fingerprint, vendor_.fingerprint);
}

TEST_F(SmimeKeyringTest, SeesCertificatesAnotherProcessImportedMeanwhile) {
  // GPGME keeps a gpgsm server per context: a keyring that has already worked must still
  // see what cvdctl import-cert (another process, another gpgsm) added later.
  const std::string body = "Content-Type: text/plain\r\n\r\nfixed in 2.1\r\n";
  const auto signature = test::opensslSignDetached(file("body", body), vendor_);
  EXPECT_FALSE(keyring_->findCertificate(vendor_.fingerprint).has_value());
  {
    auto other = test::must(SmimeKeyring::open(home_->path()), "second keyring");
    test::must(other.importCertificates(test::readFile(vendor_.cert)), "import elsewhere");
  }
  const auto cert = keyring_->findCertificate(vendor_.fingerprint);
  ASSERT_TRUE(cert.has_value());
  EXPECT_TRUE(cert->canEncrypt);
  EXPECT_TRUE(keyring_->encrypt("x", {vendor_.fingerprint}).has_value());
  EXPECT_EQ(keyring_->verifyDetached(body, signature).status, SignatureStatus::Good);
}

TEST_F(SmimeKeyringTest, GarbageSignatureIsBad) {
  EXPECT_EQ(keyring_->verifyDetached("text", "garbage").status, SignatureStatus::Bad);
}

TEST_F(SmimeKeyringTest, OpaqueSignedDataYieldsItsContent) {
  const std::string body = "Content-Type: text/plain\r\n\r\nopaque reply\r\n";
  const auto path = file("body", body);
  const auto der = test::run("openssl cms -sign -nodetach -binary -outform DER -in " +
                             test::shellQuote(path.string()) + " -signer " +
                             test::shellQuote(vendor_.cert.string()) + " -inkey " +
                             test::shellQuote(vendor_.key.string()));
  ASSERT_EQ(der.exitCode, 0);
  const auto opened = test::must(keyring_->verifyOpaque(der.output), "verify opaque");
  EXPECT_EQ(opened.content, body);
  EXPECT_EQ(opened.signature.status, SignatureStatus::Good) << opened.signature.detail;
  EXPECT_EQ(opened.signature.fingerprint, vendor_.fingerprint);
  EXPECT_FALSE(keyring_->verifyOpaque("garbage").has_value());
}

}  // namespace
}  // namespace cvdd::crypto
