// Confidential notices to a party with a bound S/MIME certificate and no OpenPGP key:
// encrypted as CMS enveloped-data, readable with the party's private key (openssl, the
// independent party), and held when gpgsm does not validate the certificate.
#include <gtest/gtest.h>

#include "daemon/outbound_composer.hpp"
#include "gpg_test_support.hpp"
#include "smime_test_support.hpp"

using namespace cvdd;
namespace ct = cvdd::crypto::test;

namespace {

class SmimeOutboundTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_ = new ct::TempDir();
    ca_ = ct::makeTestCa(pki_->path(), "Test CA");
    vendor_ = ct::issueCertificate(pki_->path(), &ca_, "Gadget PSIRT", "psirt@gadget.example");
    selfSigned_ = ct::issueCertificate(pki_->path(), nullptr, "Other", "other@gadget.example");
  }
  static void TearDownTestSuite() { delete pki_; }

  void SetUp() override {
    const auto home = dir_.path() / "gnupg";
    ct::trustCa(home, ca_);
    keyring_.emplace(ct::openKeyring(home));
    smime_.emplace(ct::must(crypto::SmimeKeyring::open(home), "open gpgsm"));
    coordinator_ = ct::must(keyring_->generateKey("Example CERT", "vendors@cert.example"), "key");
    ct::must(smime_->importCertificates(ct::readFile(ca_.cert)), "import CA");
    bind("psirt@gadget.example", vendor_);
    bind("other@gadget.example", selfSigned_);
  }

  void bind(const std::string& address, const ct::TestCertificate& cert) {
    ct::must(smime_->importCertificates(ct::readFile(cert.cert)), "import " + address);
    store::KeyBinding binding{address, cert.fingerprint, "operator-certificate", "operator", {},
                              "",      "alice"};
    binding.protocol = "cms";
    auto txn = store_.write();
    txn.putKeyBinding(binding);
    txn.commit();
  }

  daemon::OutboundRequest request(const std::string& recipient) const {
    daemon::OutboundRequest r;
    r.message.from = {"Example CERT", "vendors@cert.example"};
    r.message.to = {{"", recipient}};
    r.message.subject = "[CVD#00000001] Details: heap overflow in parser";
    r.message.messageId = "CVD-00000001.details@cert.example";
    r.message.date = "Sun, 22 Nov 2026 02:00:00 +0000";
    r.message.bodyText = "The overflow is in parse_header().\n";
    r.caseId = "CVD#00000001";
    r.envelopeFrom = "vendors@cert.example";
    r.recipient = recipient;
    r.confidential = true;
    return r;
  }

  daemon::OutboundSigner signer() { return {&*keyring_, coordinator_, &*smime_}; }

  static inline ct::TempDir* pki_ = nullptr;
  static inline ct::TestCertificate ca_, vendor_, selfSigned_;
  ct::TempDir dir_;
  store::Store store_ = store::Store::open(dir_.path() / "db", 64 << 20);
  std::optional<crypto::Keyring> keyring_;
  std::optional<crypto::SmimeKeyring> smime_;
  std::string coordinator_;
};

// The base64 body of a single-part message, decoded.
std::string bodyOf(const std::string& raw, const std::filesystem::path& scratch) {
  const auto body = raw.substr(raw.find("\r\n\r\n") + 4);
  ct::writeFile(scratch / "body.b64", body);
  return ct::run("tr -d '\\r' < " + ct::shellQuote((scratch / "body.b64").string()) +
                 " | base64 -d")
      .output;
}

}  // namespace

TEST_F(SmimeOutboundTest, ConfidentialMailToABoundCertificateIsSmimeEncrypted) {
  core::Protection applied{};
  auto entry =
      daemon::composeOutbound(request("psirt@gadget.example"), store_.read(), signer(), &applied);
  EXPECT_EQ(applied, core::Protection::SmimeEncrypted);
  EXPECT_EQ(entry.state, store::OutboxState::Pending);
  EXPECT_NE(entry.raw.find("Content-Type: application/pkcs7-mime; smime-type=enveloped-data"),
            std::string::npos);
  EXPECT_EQ(entry.raw.find("parse_header"), std::string::npos);
  EXPECT_EQ(entry.raw.find("heap overflow"), std::string::npos);  // the subject is masked
  EXPECT_NE(entry.raw.find("Subject: [CVD#00000001]\r\n"), std::string::npos);

  ct::writeFile(dir_.path() / "m.p7m", bodyOf(entry.raw, dir_.path()));
  const auto inner = ct::opensslDecrypt(dir_.path() / "m.p7m", vendor_);
  EXPECT_NE(inner.find("The overflow is in parse_header()"), std::string::npos) << inner;
  // Inside: the real subject (protected headers) and the coordinator's OpenPGP signature.
  EXPECT_NE(inner.find("heap overflow"), std::string::npos);
  EXPECT_NE(inner.find("-----BEGIN PGP SIGNATURE-----"), std::string::npos);
}

TEST_F(SmimeOutboundTest, WithoutACoordinatorKeyTheTextPartAloneIsEncrypted) {
  core::Protection applied{};
  auto entry = daemon::composeOutbound(request("psirt@gadget.example"), store_.read(),
                                       {nullptr, "", &*smime_}, &applied);
  EXPECT_EQ(applied, core::Protection::SmimeEncrypted);
  ct::writeFile(dir_.path() / "m.p7m", bodyOf(entry.raw, dir_.path()));
  const auto inner = ct::opensslDecrypt(dir_.path() / "m.p7m", vendor_);
  EXPECT_NE(inner.find("Content-Type: text/plain"), std::string::npos);
  EXPECT_EQ(inner.find("PGP SIGNATURE"), std::string::npos);
}

TEST_F(SmimeOutboundTest, ACertificateGpgsmDoesNotValidateEncryptsNothing) {
  core::Protection applied{};
  auto entry =
      daemon::composeOutbound(request("other@gadget.example"), store_.read(), signer(), &applied);
  EXPECT_EQ(applied, core::Protection::Held);
  EXPECT_EQ(entry.state, store::OutboxState::Held);
  EXPECT_TRUE(entry.raw.empty());
}

TEST_F(SmimeOutboundTest, WithoutGpgsmACertificateBindingIsHeld) {
  core::Protection applied{};
  daemon::composeOutbound(request("psirt@gadget.example"), store_.read(),
                          {&*keyring_, coordinator_, nullptr}, &applied);
  EXPECT_EQ(applied, core::Protection::Held);
}
