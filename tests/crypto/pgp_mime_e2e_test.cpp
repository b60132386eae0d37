// PGP/MIME end to end: templates composes, the real Keyring signs and encrypts, and an
// independent reader (Python's email package, then the gpg command line in the vendor's
// home) checks the result. That proves interoperability, not just self-consistency.

#include <gtest/gtest.h>

#include "crypto/keyring.hpp"
#include "gpg_test_support.hpp"
#include "templates/pgp_mime.hpp"

namespace cvdd {
namespace {

using crypto::Keyring;
using crypto::test::gpg;
using crypto::test::gpgGenerateKey;
using crypto::test::readFile;
using crypto::test::run;
using crypto::test::shellQuote;
using crypto::test::TempDir;
using crypto::test::writeFile;

const std::string kScript = std::string(CVDD_CRYPTO_TEST_DIR) + "/pgp_mime_extract.py";

class PgpMimeEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Keyring::open(dir_.path() / "coordinator");
    ASSERT_TRUE(opened.has_value());
    coordinator_.emplace(std::move(*opened));
    auto ours = coordinator_->generateKey("Example CSIRT", "vendors@cert.example");
    ASSERT_TRUE(ours.has_value());
    ours_ = *ours;

    vendorHome_ = dir_.path() / "vendor";
    std::filesystem::create_directories(vendorHome_);
    std::filesystem::permissions(vendorHome_, std::filesystem::perms::owner_all);
    writeFile(vendorHome_ / "gpg.conf", "trust-model always\n");
    theirs_ = gpgGenerateKey(vendorHome_, "Vendor PSIRT <psirt@vendor.example>");
    writeFile(dir_.path() / "ours.asc", *coordinator_->exportPublicKey(ours_));
    ASSERT_EQ(
        gpg(vendorHome_, "--import " + shellQuote((dir_.path() / "ours.asc").string())).exitCode,
        0);
    const auto theirsArmored = gpg(vendorHome_, "--armor --export " + theirs_);
    ASSERT_TRUE(coordinator_->importKeys(theirsArmored.output).has_value());
  }

  templates::DetachedSigner signer() {
    return [this](std::string_view bytes) -> core::Result<std::pair<std::string, std::string>> {
      auto sig = coordinator_->signDetached(bytes, ours_);
      if (!sig) return tl::unexpected(sig.error());
      return std::pair<std::string, std::string>{sig->armored, sig->micalg};
    };
  }

  templates::Encryptor encryptor() {
    return [this](std::string_view mime) -> core::Result<std::string> {
      return coordinator_->signAndEncrypt(mime, {theirs_}, ours_);
    };
  }

  // Runs the Python reader; its outputs land in a fresh directory.
  std::filesystem::path extract(const std::string& mode, const std::filesystem::path& message) {
    const auto out = dir_.path() / (mode + "-" + message.filename().string() + ".d");
    std::filesystem::create_directories(out);
    const auto result = run(std::string(CVDD_PYTHON3) + " " + shellQuote(kScript) + " " + mode +
                            " " + shellQuote(message.string()) + " " + shellQuote(out.string()));
    EXPECT_EQ(result.exitCode, 0) << "Python rejected " << message;
    return out;
  }

  // gpg --verify in the vendor's home: the [GNUPG:] status lines.
  std::string verifyWithGpg(const std::filesystem::path& extracted) {
    const auto verified =
        gpg(vendorHome_, "--status-fd 1 --verify " + shellQuote((extracted / "sig.asc").string()) +
                             " " + shellQuote((extracted / "signed.bin").string()));
    EXPECT_EQ(verified.exitCode, 0) << verified.output;
    return verified.output;
  }

  templates::OutgoingMessage notice() const {
    templates::OutgoingMessage m;
    m.from = {"Example CSIRT", "vendors@cert.example"};
    m.to = {{"Vendor PSIRT", "psirt@vendor.example"}};
    m.subject = "[CVD#01234567] 認証回避 in FooCMS 2.1 (embargoed)";
    m.messageId = "CVD-01234567.3@cert.example";
    m.date = "Tue, 01 Apr 2025 10:15:00 +0900";
    m.bodyText = body_;
    return m;
  }

  TempDir dir_;
  std::optional<Keyring> coordinator_;
  std::string ours_;
  std::string theirs_;
  std::filesystem::path vendorHome_;
  std::string body_ = "Dear vendor,\n\nFrom now on the embargo ends 2026-12-01. \n.\n終わり\n";
};

TEST_F(PgpMimeEndToEnd, SignedMessageVerifiesWithTheGpgCommandLine) {
  for (const std::string& body :
       {body_, std::string("Plain ASCII, quoted-printable.\nTrailing blank \n")}) {
    body_ = body;
    const auto mime = templates::composeSigned(notice(), signer());
    ASSERT_TRUE(mime.has_value()) << mime.error().what;
    const auto file = dir_.path() / "signed.eml";
    writeFile(file, *mime);
    const auto extracted = extract("signed", file);
    const std::string status = verifyWithGpg(extracted);
    EXPECT_NE(status.find("[GNUPG:] GOODSIG"), std::string::npos) << status;
    EXPECT_NE(status.find("[GNUPG:] VALIDSIG " + ours_), std::string::npos) << status;
    EXPECT_EQ(readFile(extracted / "text.txt"), body);

    // And our own verifier agrees on the same bytes.
    const auto v = coordinator_->verifyDetached(readFile(extracted / "signed.bin"),
                                                readFile(extracted / "sig.asc"));
    EXPECT_EQ(v.status, crypto::SignatureStatus::Good);
  }
}

TEST_F(PgpMimeEndToEnd, EncryptedMessageDecryptsAndItsInnerSignatureVerifies) {
  const auto mime =
      templates::composeSignedEncrypted(notice(), "CVD#01234567", signer(), encryptor());
  ASSERT_TRUE(mime.has_value()) << mime.error().what;
  EXPECT_EQ(mime->find("FooCMS"), std::string::npos);
  const auto file = dir_.path() / "encrypted.eml";
  writeFile(file, *mime);
  const auto outer = extract("encrypted", file);
  EXPECT_EQ(readFile(outer / "subject.txt"), "[CVD#01234567]");

  const auto inner = dir_.path() / "inner.eml";
  const auto decrypted =
      gpg(vendorHome_, "--status-fd 1 --output " + shellQuote(inner.string()) + " --decrypt " +
                           shellQuote((outer / "encrypted.asc").string()));
  ASSERT_EQ(decrypted.exitCode, 0) << decrypted.output;
  EXPECT_NE(decrypted.output.find("[GNUPG:] DECRYPTION_OKAY"), std::string::npos);

  const auto extracted = extract("signed", inner);
  const std::string status = verifyWithGpg(extracted);
  EXPECT_NE(status.find("[GNUPG:] VALIDSIG " + ours_), std::string::npos) << status;
  EXPECT_EQ(readFile(extracted / "subject.txt"), notice().subject) << "protected Subject";
  EXPECT_EQ(readFile(extracted / "text.txt"), body_);

  // The coordinator can read its own sent mail.
  const auto own = coordinator_->decrypt(readFile(outer / "encrypted.asc"));
  ASSERT_TRUE(own.has_value());
  EXPECT_EQ(own->plaintext, readFile(inner));
}

}  // namespace
}  // namespace cvdd
