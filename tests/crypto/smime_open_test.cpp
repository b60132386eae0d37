// openMessage on S/MIME-signed mail as clients send it: multipart/signed with an
// application/pkcs7-signature part and opaque signed-data, made by `openssl cms -sign`.
#include <gtest/gtest.h>

#include "crypto/open_message.hpp"
#include "gpg_test_support.hpp"
#include "smime_test_support.hpp"

namespace cvdd::crypto {
namespace {

using test::shellQuote;

class SmimeOpenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_ = new test::TempDir();
    ca_ = test::makeTestCa(pki_->path(), "Test CA");
    vendor_ = test::issueCertificate(pki_->path(), &ca_, "Gadget PSIRT", "psirt@gadget.example");
    other_ = test::issueCertificate(pki_->path(), &ca_, "Mallory", "mallory@evil.example");
  }
  static void TearDownTestSuite() { delete pki_; }

  void SetUp() override {
    test::trustCa(home_.path(), ca_);
    keyring_.emplace(test::openKeyring(home_.path()));
    smime_.emplace(test::must(SmimeKeyring::open(home_.path()), "open gpgsm"));
    test::must(smime_->importCertificates(test::readFile(ca_.cert)), "import CA");
    test::must(smime_->importCertificates(test::readFile(vendor_.cert)), "import vendor");
  }

  // A complete message: envelope headers, then what `openssl cms -sign` writes.
  std::string signedMessage(const test::TestCertificate& signer, bool opaque,
                            const std::string& text = "Status: fixed in 2.1\r\n") {
    const auto part = home_.path() / "part.txt";
    test::writeFile(part, "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + text);
    const auto smime =
        test::run("openssl cms -sign -binary " + std::string(opaque ? "-nodetach " : "") + "-in " +
                  shellQuote(part.string()) + " -signer " + shellQuote(signer.cert.string()) +
                  " -inkey " + shellQuote(signer.key.string()));
    EXPECT_EQ(smime.exitCode, 0);
    return "From: psirt@gadget.example\r\nTo: vendors@cert.example\r\n"
           "Subject: Re: [CVD#00000001]\r\nMessage-ID: <r1@gadget.example>\r\n" +
           smime.output;
  }

  OpenedMessage open(const std::string& raw) {
    return openMessage(raw, parsers::Limits{}, *keyring_, &*smime_);
  }

  static inline test::TempDir* pki_ = nullptr;
  static inline test::TestCertificate ca_, vendor_, other_;
  test::TempDir home_;
  std::optional<Keyring> keyring_;
  std::optional<SmimeKeyring> smime_;
};

TEST_F(SmimeOpenTest, MultipartSignedIsVerifiedAndNamesTheCertificate) {
  const auto opened = open(signedMessage(vendor_, false));
  EXPECT_EQ(opened.outer.pgp.kind, parsers::PgpKind::SmimeSigned);
  EXPECT_EQ(opened.verification.status, SignatureStatus::Good) << opened.verification.detail;
  EXPECT_EQ(opened.verification.fingerprint, vendor_.fingerprint);
  EXPECT_NE(opened.effective.message.bodyText.find("fixed in 2.1"), std::string::npos);
}

TEST_F(SmimeOpenTest, AlteredSignedContentIsBad) {
  auto raw = signedMessage(vendor_, false);
  raw.replace(raw.find("fixed in 2.1"), 12, "not affected");
  EXPECT_EQ(open(raw).verification.status, SignatureStatus::Bad);
}

TEST_F(SmimeOpenTest, AnotherCertificateSignsAsItself) {
  const auto opened = open(signedMessage(other_, false));
  EXPECT_EQ(opened.verification.fingerprint, other_.fingerprint);
}

TEST_F(SmimeOpenTest, OpaqueSignedDataIsOpenedToItsContent) {
  const auto opened = open(signedMessage(vendor_, true, "Opaque: yes\r\n"));
  EXPECT_EQ(opened.outer.pgp.kind, parsers::PgpKind::SmimeOpaqueSigned);
  EXPECT_EQ(opened.verification.status, SignatureStatus::Good) << opened.verification.detail;
  EXPECT_EQ(opened.verification.fingerprint, vendor_.fingerprint);
  EXPECT_NE(opened.effective.message.bodyText.find("Opaque: yes"), std::string::npos);
  EXPECT_EQ(opened.effective.message.from.front().address, "psirt@gadget.example");
}

TEST_F(SmimeOpenTest, WithoutGpgsmAnSmimeSignatureIsAnErrorNotGood) {
  const auto opened =
      openMessage(signedMessage(vendor_, false), parsers::Limits{}, *keyring_, nullptr);
  EXPECT_EQ(opened.verification.status, SignatureStatus::Error);
}

}  // namespace
}  // namespace cvdd::crypto
