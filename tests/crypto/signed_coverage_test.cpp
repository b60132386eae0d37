// Only signed content counts as signed (issue 11): messages signed by the gpg command line
// as the vendor, opened by the coordinator's Keyring. A good signature beside unsigned
// content is partial, and the body is read from what the signature covers alone.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "crypto/keyring.hpp"
#include "crypto/open_message.hpp"
#include "gpg_test_support.hpp"

namespace cvdd::crypto {
namespace {

using test::gpg;
using test::shellQuote;

constexpr std::string_view kForm = "[x] No affected product";
const std::string kImage =
    "Content-Type: image/png\r\nContent-Disposition: inline\r\nContent-Transfer-Encoding: "
    "base64\r\n\r\niVBORw0KGgo=";

std::string plain(std::string_view text) {
  return "Content-Type: text/plain; charset=utf-8\r\n\r\n" + std::string(text);
}

// A multipart entity of `parts` (each without its final line break), CRLF throughout.
std::string multipart(std::string_view type, std::string_view boundary,
                      const std::vector<std::string>& parts) {
  std::string out =
      "Content-Type: " + std::string(type) + "; boundary=\"" + std::string(boundary) + "\"\r\n\r\n";
  for (const auto& part : parts) out += "--" + std::string(boundary) + "\r\n" + part + "\r\n";
  return out + "--" + std::string(boundary) + "--";
}

std::string message(std::string_view entity) {
  return "From: Vendor PSIRT <psirt@vendor.example>\r\nTo: vendors@cert.example\r\n"
         "Subject: [CVD#01234567] reply\r\nMessage-ID: <r1@vendor.example>\r\n"
         "MIME-Version: 1.0\r\n" +
         std::string(entity) + "\r\n";
}

class SignedCoverage : public ::testing::Test {
 protected:
  void SetUp() override {
    coordinator_.emplace(test::openKeyring(dir_.path() / "coordinator"));
    ours_ = test::must(coordinator_->generateKey("Example CSIRT", "vendors@cert.example"), "key");
    vendorHome_ = dir_.path() / "vendor";
    std::filesystem::create_directories(vendorHome_);
    std::filesystem::permissions(vendorHome_, std::filesystem::perms::owner_all);
    test::writeFile(vendorHome_ / "gpg.conf", "trust-model always\n");
    theirs_ = test::gpgGenerateKey(vendorHome_, "Vendor PSIRT <psirt@vendor.example>");
    test::writeFile(dir_.path() / "ours.asc", *coordinator_->exportPublicKey(ours_));
    ASSERT_EQ(
        gpg(vendorHome_, "--import " + shellQuote((dir_.path() / "ours.asc").string())).exitCode,
        0);
    ASSERT_TRUE(coordinator_->importKeys(gpg(vendorHome_, "--armor --export " + theirs_).output)
                    .has_value());
  }

  // gpg run as the vendor over `input`, armored output.
  std::string vendorGpg(std::string_view input, const std::string& args) {
    const auto file = dir_.path() / "input.bin";
    test::writeFile(file, input);
    const auto result = gpg(vendorHome_, "--armor --local-user " + theirs_ + " " + args +
                                             " --output - " + shellQuote(file.string()));
    EXPECT_EQ(result.exitCode, 0) << args;
    return result.output;
  }

  // multipart/signed over `entity`, signed by the vendor; `extra` parts follow the
  // signature part (RFC 1847 allows none).
  std::string signedEntity(const std::string& entity, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> parts{
        entity, "Content-Type: application/pgp-signature; name=\"signature.asc\"\r\n\r\n" +
                    vendorGpg(entity, "--detach-sign --digest-algo SHA256")};
    parts.insert(parts.end(), extra.begin(), extra.end());
    auto out =
        multipart("multipart/signed; micalg=pgp-sha256; protocol=\"application/pgp-signature\"",
                  "sig", parts);
    return out;
  }

  std::string encryptedEntity(const std::string& mime, bool sign) {
    return multipart("multipart/encrypted; protocol=\"application/pgp-encrypted\"", "enc",
                     {"Content-Type: application/pgp-encrypted\r\n\r\nVersion: 1",
                      "Content-Type: application/octet-stream\r\n\r\n" +
                          vendorGpg(mime, std::string(sign ? "--sign " : "") +
                                              "--encrypt --recipient " + ours_)});
  }

  OpenedMessage open(const std::string& raw) {
    return openMessage(raw, parsers::Limits{}, *coordinator_);
  }

  test::TempDir dir_;
  std::optional<Keyring> coordinator_;
  std::string ours_;
  std::string theirs_;
  std::filesystem::path vendorHome_;
};

std::string contentOf(const OpenedMessage& opened) {
  std::string out = "status " + std::string(signatureStatusName(opened.verification.status)) +
                    ", coverage " + std::string(signatureCoverageName(opened.coverage)) + " (" +
                    opened.uncovered + "), body: " + opened.effective.message.bodyText;
  for (const auto& step : opened.steps) out += "\n  " + step;
  return out;
}

TEST_F(SignedCoverage, SignedFormAloneIsFull) {
  const auto opened = open(message(signedEntity(plain(std::string(kForm) + "\r\n"))));
  EXPECT_EQ(opened.verification.status, SignatureStatus::Good) << contentOf(opened);
  EXPECT_EQ(opened.coverage, SignatureCoverage::Full) << contentOf(opened);
  EXPECT_FALSE(partiallySigned(opened));
  EXPECT_NE(opened.effective.message.bodyText.find(kForm), std::string::npos);
}

TEST_F(SignedCoverage, UnsignedFormBesideASignedGreetingIsNotRead) {
  const auto opened =
      open(message(multipart("multipart/mixed", "mix",
                             {signedEntity("Content-Type: text/html\r\n\r\n<p>hello</p>"),
                              plain(std::string(kForm) + "\r\n")})));
  EXPECT_EQ(opened.verification.status, SignatureStatus::Good) << contentOf(opened);
  EXPECT_EQ(opened.coverage, SignatureCoverage::Partial) << contentOf(opened);
  EXPECT_EQ(opened.uncovered, "part 2");
  EXPECT_TRUE(partiallySigned(opened));
  EXPECT_EQ(opened.effective.message.bodyText.find(kForm), std::string::npos) << contentOf(opened);
  EXPECT_NE(opened.effective.message.bodyText.find("hello"), std::string::npos);
  // The outer analysis still shows everything the message holds, for the operator.
  EXPECT_NE(opened.outer.message.bodyText.find(kForm), std::string::npos);
}

TEST_F(SignedCoverage, ThirdPartInsideMultipartSignedIsNotRead) {
  const auto opened =
      open(message(signedEntity(plain("I agree.\r\n"), {plain(std::string(kForm))})));
  // The first part is verified as usual; the third is simply not covered.
  EXPECT_EQ(opened.verification.status, SignatureStatus::Good) << contentOf(opened);
  EXPECT_EQ(opened.coverage, SignatureCoverage::Partial);
  EXPECT_EQ(opened.uncovered, "part 3");
  EXPECT_EQ(opened.effective.message.bodyText, "I agree.\n");
}

TEST_F(SignedCoverage, SignedReplySplitAroundAnImageIsReadWhole) {
  const auto opened = open(message(signedEntity(
      multipart("multipart/mixed", "mix",
                {plain("part one\r\n"), kImage, plain(std::string(kForm) + "\r\n")}))));
  EXPECT_EQ(opened.verification.status, SignatureStatus::Good) << contentOf(opened);
  EXPECT_EQ(opened.coverage, SignatureCoverage::Full);
  EXPECT_EQ(opened.effective.message.bodyText, "part one\n\n" + std::string(kForm) + "\n");
}

TEST_F(SignedCoverage, TextAfterAnInlineSignedBlockIsNotRead) {
  const std::string signedText = vendorGpg("I agree.\n", "--clearsign --digest-algo SHA256");
  const auto opened = open(message(plain(signedText + "\r\n" + std::string(kForm) + "\r\n")));
  EXPECT_EQ(opened.verification.status, SignatureStatus::Good) << contentOf(opened);
  EXPECT_EQ(opened.coverage, SignatureCoverage::Partial);
  EXPECT_EQ(opened.uncovered, "text around the armored block");
  EXPECT_EQ(opened.effective.message.bodyText.find(kForm), std::string::npos) << contentOf(opened);
}

TEST_F(SignedCoverage, FooterBesideAnEncryptedSignedPartIsPartial) {
  const std::string inner = plain("I agree.\r\n");
  const auto whole = open(message(encryptedEntity(inner, true)));
  EXPECT_EQ(whole.verification.status, SignatureStatus::Good) << contentOf(whole);
  EXPECT_EQ(whole.coverage, SignatureCoverage::Full) << contentOf(whole);

  const auto opened = open(message(multipart(
      "multipart/mixed", "mix", {encryptedEntity(inner, true), plain(std::string(kForm))})));
  EXPECT_TRUE(opened.decryption.decrypted) << contentOf(opened);
  EXPECT_EQ(opened.verification.status, SignatureStatus::Good) << contentOf(opened);
  EXPECT_EQ(opened.coverage, SignatureCoverage::Partial);
  EXPECT_EQ(opened.effective.message.bodyText.find(kForm), std::string::npos);
}

TEST_F(SignedCoverage, UnsignedPartInsideTheEncryptedDataIsPartial) {
  // Encrypted (not signed) around mixed[signed, unsigned form]: the inner signature
  // covers its part only.
  const std::string inner = multipart(
      "multipart/mixed", "in", {signedEntity(plain("I agree.\r\n")), plain(std::string(kForm))});
  const auto opened = open(message(encryptedEntity(inner, false)));
  EXPECT_TRUE(opened.decryption.decrypted) << contentOf(opened);
  EXPECT_EQ(opened.verification.status, SignatureStatus::Good) << contentOf(opened);
  EXPECT_EQ(opened.coverage, SignatureCoverage::Partial);
  EXPECT_EQ(opened.uncovered, "part 2");
  EXPECT_EQ(opened.effective.message.bodyText, "I agree.\n");
}

TEST_F(SignedCoverage, BadSignatureStillReadsOnlyTheSignedPart) {
  std::string raw = message(multipart(
      "multipart/mixed", "mix", {signedEntity(plain("I agree.\r\n")), plain(std::string(kForm))}));
  raw.replace(raw.find("I agree."), 8, "I refuse");  // the signed text altered in transit
  const auto opened = open(raw);
  EXPECT_EQ(opened.verification.status, SignatureStatus::Bad) << contentOf(opened);
  EXPECT_EQ(opened.coverage, SignatureCoverage::Partial);
  EXPECT_FALSE(partiallySigned(opened));  // it is worse: bad
  EXPECT_EQ(opened.effective.message.bodyText.find(kForm), std::string::npos);
}

TEST_F(SignedCoverage, UnsignedMessageHasNoCoverage) {
  const auto opened = open(message(multipart(
      "multipart/mixed", "mix", {plain("part one\r\n"), kImage, plain(std::string(kForm))})));
  EXPECT_EQ(opened.verification.status, SignatureStatus::Unsigned);
  EXPECT_EQ(opened.coverage, SignatureCoverage::None);
  EXPECT_TRUE(opened.uncovered.empty());
  EXPECT_EQ(opened.effective.message.bodyText, "part one\n\n" + std::string(kForm));
}

}  // namespace
}  // namespace cvdd::crypto
