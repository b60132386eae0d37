// PGP/MIME end to end: templates composes, the real Keyring signs and encrypts, and an
// independent reader (Python's email package, then the gpg command line in the vendor's
// home) checks the result. That proves interoperability, not just self-consistency. The
// other way round, openMessage reads what the gpg command line makes in both shapes of
// signed+encrypted mail: combined (RFC 3156 §6.2, Thunderbird, Enigmail, cvdd itself) and
// nested (multipart/signed inside multipart/encrypted).

#include <gtest/gtest.h>

#include "crypto/keyring.hpp"
#include "crypto/open_message.hpp"
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

  // The coordinator's one sign-and-encrypt operation, to the vendor.
  templates::SigningEncryptor sealer() {
    return [this](std::string_view mime) -> core::Result<std::string> {
      return coordinator_->signAndEncrypt(mime, {theirs_}, ours_);
    };
  }

  // gpg in the vendor's home over these bytes; its armored output.
  std::string vendorGpg(const std::string& args, std::string_view data) {
    const auto in = dir_.path() / "vendor-input";
    writeFile(in, data);
    const auto out = gpg(vendorHome_, "--armor --output - " + args + " " + shellQuote(in.string()));
    EXPECT_EQ(out.exitCode, 0) << "gpg " << args;
    return out.output;
  }
  // What a vendor's client sends in one pass (gpg --sign --encrypt: the signature inside),
  // signed by signerFpr.
  templates::SigningEncryptor vendorSealer(std::string signerFpr) {
    return [this, signerFpr](std::string_view mime) -> core::Result<std::string> {
      return vendorGpg("--local-user " + signerFpr + " --recipient " + ours_ + " --sign --encrypt",
                       mime);
    };
  }
  templates::DetachedSigner vendorSigner() {
    return [this](std::string_view bytes) -> core::Result<std::pair<std::string, std::string>> {
      return std::pair<std::string, std::string>{
          vendorGpg("--digest-algo SHA256 --local-user " + theirs_ + " --detach-sign", bytes),
          "pgp-sha256"};
    };
  }

  // The vendor's reply nested: multipart/signed (detached signature), then encrypted
  // without a signature of its own. tamper (old, new) edits the signed text afterwards.
  std::string nestedReply(std::pair<std::string, std::string> tamper = {}) {
    const templates::OutgoingMessage m = reply();
    auto signedMime = templates::composeSigned(m, vendorSigner());
    EXPECT_TRUE(signedMime.has_value());
    std::string inner = signedMime.value_or("");
    if (!tamper.first.empty()) {
      const auto at = inner.find(tamper.first);
      EXPECT_NE(at, std::string::npos);
      if (at != std::string::npos) inner.replace(at, tamper.first.size(), tamper.second);
    }
    const std::string armored = vendorGpg("--recipient " + ours_ + " --encrypt", inner);
    std::string out =
        "From: Vendor PSIRT <psirt@vendor.example>\r\nTo: vendors@cert.example\r\n"
        "Subject: ...\r\nMessage-ID: <nested@vendor.example>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\";\r\n"
        " boundary=\"b\"\r\n\r\n--b\r\nContent-Type: application/pgp-encrypted\r\n\r\n"
        "Version: 1\r\n\r\n--b\r\nContent-Type: application/octet-stream\r\n\r\n";
    out += armored;
    out += "\r\n--b--\r\n";
    return out;
  }

  crypto::OpenedMessage open(std::string_view raw) {
    return crypto::openMessage(raw, parsers::Limits{}, *coordinator_);
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

  // The vendor's answer to notice().
  templates::OutgoingMessage reply() const {
    templates::OutgoingMessage m = notice();
    m.from = {"Vendor PSIRT", "psirt@vendor.example"};
    m.to = {{"", "vendors@cert.example"}};
    m.subject = "Re: " + m.subject;
    m.inReplyTo = m.messageId;
    m.messageId = "reply-1@vendor.example";
    m.bodyText = "We confirm the issue; the fix ships in 2.1.1.\n";
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

// The primary key fingerprint of a good signature in gpg's status lines: the last field
// of VALIDSIG, after GOODSIG; empty when there is none.
std::string goodSignerOf(const std::string& status) {
  if (status.find("[GNUPG:] GOODSIG ") == std::string::npos) return {};
  const auto at = status.find("[GNUPG:] VALIDSIG ");
  if (at == std::string::npos) return {};
  const std::string line = status.substr(at, status.find('\n', at) - at);
  return line.substr(line.rfind(' ') + 1);
}

TEST_F(PgpMimeEndToEnd, EncryptedMessageDecryptsWithAGoodSignatureInsideByTheCoordinator) {
  const auto mime = templates::composeSignedEncrypted(notice(), "CVD#01234567", sealer());
  ASSERT_TRUE(mime.has_value()) << mime.error().what;
  EXPECT_EQ(mime->find("FooCMS"), std::string::npos);
  const auto file = dir_.path() / "encrypted.eml";
  writeFile(file, *mime);
  const auto outer = extract("encrypted", file);
  EXPECT_EQ(readFile(outer / "subject.txt"), "[CVD#01234567]");

  // The vendor's gpg decrypts and, in the same run, checks the signature inside.
  const auto inner = dir_.path() / "inner.eml";
  const auto decrypted =
      gpg(vendorHome_, "--status-fd 1 --output " + shellQuote(inner.string()) + " --decrypt " +
                           shellQuote((outer / "encrypted.asc").string()));
  ASSERT_EQ(decrypted.exitCode, 0) << decrypted.output;
  EXPECT_NE(decrypted.output.find("[GNUPG:] DECRYPTION_OKAY"), std::string::npos);
  EXPECT_EQ(goodSignerOf(decrypted.output), ours_) << decrypted.output;

  // What it decrypts is the text entity itself, protected headers and all.
  const auto extracted = extract("entity", inner);
  EXPECT_EQ(readFile(extracted / "subject.txt"), notice().subject) << "protected Subject";
  EXPECT_EQ(readFile(extracted / "text.txt"), body_);

  // The coordinator can read its own sent mail, and its own check agrees.
  const auto own = coordinator_->decrypt(readFile(outer / "encrypted.asc"));
  ASSERT_TRUE(own.has_value());
  EXPECT_EQ(own->plaintext, readFile(inner));
  EXPECT_EQ(own->signature.status, crypto::SignatureStatus::Good);
  EXPECT_EQ(own->signature.fingerprint, ours_);
}

TEST_F(PgpMimeEndToEnd, CvddAtTheOtherEndOpensWhatCvddSends) {
  const auto mime = templates::composeSignedEncrypted(notice(), "CVD#01234567", sealer());
  ASSERT_TRUE(mime.has_value()) << mime.error().what;
  // The vendor runs cvdd too: its Keyring on its home opens the notice.
  auto vendor = Keyring::open(vendorHome_);
  ASSERT_TRUE(vendor.has_value()) << vendor.error().what;
  const auto opened = crypto::openMessage(*mime, parsers::Limits{}, *vendor);
  EXPECT_TRUE(opened.decryption.encrypted);
  EXPECT_TRUE(opened.decryption.decrypted) << opened.decryption.error;
  EXPECT_EQ(opened.verification.status, crypto::SignatureStatus::Good);
  EXPECT_EQ(opened.verification.fingerprint, ours_);
  EXPECT_EQ(opened.effective.message.subject, notice().subject);
  EXPECT_NE(opened.effective.message.bodyText.find("the embargo ends 2026-12-01"),
            std::string::npos);
  EXPECT_NE(opened.effective.message.bodyText.find("終わり"), std::string::npos);
}

TEST_F(PgpMimeEndToEnd, CombinedSignedAndEncryptedMailFromTheVendorVerifies) {
  const auto raw =
      templates::composeSignedEncrypted(reply(), "CVD#01234567", vendorSealer(theirs_));
  ASSERT_TRUE(raw.has_value()) << raw.error().what;
  const auto opened = open(*raw);
  EXPECT_TRUE(opened.decryption.decrypted) << opened.decryption.error;
  EXPECT_EQ(opened.verification.status, crypto::SignatureStatus::Good);
  EXPECT_EQ(opened.verification.fingerprint, theirs_);
  EXPECT_EQ(opened.effective.message.subject, reply().subject) << "protected Subject";
  EXPECT_EQ(opened.effective.message.bodyText, reply().bodyText);
}

TEST_F(PgpMimeEndToEnd, NestedSignThenEncryptMailFromTheVendorVerifies) {
  const auto opened = open(nestedReply());
  EXPECT_TRUE(opened.decryption.decrypted) << opened.decryption.error;
  EXPECT_EQ(opened.verification.status, crypto::SignatureStatus::Good);
  EXPECT_EQ(opened.verification.fingerprint, theirs_);
  EXPECT_EQ(opened.effective.message.subject, reply().subject);
  EXPECT_EQ(opened.effective.message.bodyText, reply().bodyText);
}

TEST_F(PgpMimeEndToEnd, ForgedSignedAndEncryptedMailIsNotGood) {
  // Combined, but signed by another key for the vendor's address, unknown to cvdd.
  const std::string mallory = gpgGenerateKey(vendorHome_, "Mallory <psirt@vendor.example>");
  const auto forged =
      templates::composeSignedEncrypted(reply(), "CVD#01234567", vendorSealer(mallory));
  ASSERT_TRUE(forged.has_value()) << forged.error().what;
  const auto unknown = open(*forged);
  EXPECT_TRUE(unknown.decryption.decrypted);
  EXPECT_EQ(unknown.verification.status, crypto::SignatureStatus::UnknownKey);
  EXPECT_NE(unknown.verification.fingerprint, theirs_);

  // Nested, with the signed text changed after signing (2.1.1 to 9.9.9 is 7 bit QP-safe).
  const auto tampered = open(nestedReply({"2.1.1", "9.9.9"}));
  EXPECT_TRUE(tampered.decryption.decrypted);
  EXPECT_EQ(tampered.verification.status, crypto::SignatureStatus::Bad);
}

}  // namespace
}  // namespace cvdd
