// The body is every inline text part in reading order, and the OpenPGP structure says
// when content lies outside what its signature or encryption covers (issue 11: only
// signed content counts as signed).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parsers/message_analysis.hpp"
#include "parsers/parsed_message.hpp"

namespace cvdd::parsers {
namespace {

std::string plain(std::string_view text) {
  return "Content-Type: text/plain; charset=utf-8\n\n" + std::string(text);
}

// A multipart entity (content fields, blank line, parts) with boundary `b`.
std::string multipart(std::string_view subtype, std::string_view b,
                      const std::vector<std::string>& parts, std::string_view extra = "") {
  std::string out = "Content-Type: multipart/" + std::string(subtype) + "; boundary=\"" +
                    std::string(b) + "\"" + std::string(extra) + "\n\n";
  for (const std::string& p : parts) out += "--" + std::string(b) + "\n" + p + "\n";
  out += "--" + std::string(b) + "--\n";
  return out;
}

std::string signedPart(std::string_view b, const std::vector<std::string>& parts) {
  return multipart("signed", b, parts,
                   "; protocol=\"application/pgp-signature\"; micalg=pgp-sha256");
}

const std::string kSignature =
    "Content-Type: application/pgp-signature\n\n-----BEGIN PGP SIGNATURE-----\n\nAAAA\n"
    "-----END PGP SIGNATURE-----\n";
const std::string kImage =
    "Content-Type: image/png\nContent-Disposition: inline\nContent-Transfer-Encoding: "
    "base64\n\niVBORw0KGgo=\n";

std::string message(const std::string& entity) {
  return "From: psirt@vendor.example\nTo: cvd@cert.example\nSubject: [CVD#1] reply\n"
         "MIME-Version: 1.0\n" +
         entity;
}

TEST(BodyText, TextSplitAroundAnInlineImageIsReadWholeInOrder) {
  const auto a = analyzeMessage(
      message(multipart("mixed", "m", {plain("part one\n"), kImage, plain("part two\n")})));
  EXPECT_EQ(a.message.bodyText, "part one\n\npart two\n");
  const auto related = analyzeMessage(message(multipart(
      "related", "r",
      {"Content-Type: text/html\n\n<p>one</p>", kImage, "Content-Type: text/html\n\n<p>two</p>"})));
  EXPECT_NE(related.message.bodyText.find("one"), std::string::npos);
  EXPECT_NE(related.message.bodyText.find("two"), std::string::npos);
  EXPECT_LT(related.message.bodyText.find("one"), related.message.bodyText.find("two"));
}

TEST(BodyText, AlternativeReadsOneAlternativePlainFirst) {
  const auto a = analyzeMessage(message(multipart(
      "alternative", "a", {plain("the plain text\n"), "Content-Type: text/html\n\n<p>html</p>"})));
  EXPECT_EQ(a.message.bodyText, "the plain text\n");
  // Plain inside a later alternative still wins over HTML.
  const auto nested = analyzeMessage(message(
      multipart("alternative", "a",
                {"Content-Type: text/html\n\n<p>html</p>",
                 multipart("mixed", "m", {plain("plain one\n"), kImage, plain("plain two\n")})})));
  EXPECT_EQ(nested.message.bodyText, "plain one\n\nplain two\n");
  // HTML only when no alternative has plain text.
  const auto html = analyzeMessage(message(
      multipart("alternative", "a", {kImage, "Content-Type: text/html\n\n<p>only html</p>"})));
  EXPECT_NE(html.message.bodyText.find("only html"), std::string::npos);
}

TEST(BodyText, AttachmentsAndBlankPartsAreNotBody) {
  const auto a = analyzeMessage(message(multipart(
      "mixed", "m",
      {plain("body\n"), plain("   \n"),
       "Content-Type: text/plain\nContent-Disposition: attachment; filename=x.txt\n\nfile\n",
       plain("after\n")})));
  EXPECT_EQ(a.message.bodyText, "body\n\nafter\n");
  EXPECT_EQ(a.message.bodyCharset, "utf-8");
}

TEST(BodyText, ParseMessageReadsTheSameParts) {
  const auto parsed = parseMessage(
      message(multipart("mixed", "m", {plain("part one\n"), kImage, plain("part two\n")})));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->bodyText, "part one\n\npart two\n");
}

TEST(BodyText, OtherTextOnlyWhenThereIsNoPlainOrHtml) {
  const auto a = analyzeMessage(
      message(multipart("mixed", "m", {kImage, "Content-Type: text/x-diff\n\n--- a\n+++ b\n"})));
  EXPECT_EQ(a.message.bodyText, "--- a\n+++ b\n");
}

TEST(SignedCoverage, SignedPartAloneIsFull) {
  const auto a = analyzeMessage(message(signedPart("s", {plain("signed\n"), kSignature})));
  EXPECT_EQ(a.pgp.kind, PgpKind::PgpMimeSigned);
  EXPECT_FALSE(a.pgp.partial);
  EXPECT_TRUE(a.pgp.uncovered.empty());
}

TEST(SignedCoverage, TextBesideTheSignedPartIsUncovered) {
  // The forgery of issue 11: a signed HTML greeting, an unsigned reply form beside it.
  const auto a = analyzeMessage(
      message(multipart("mixed", "m",
                        {signedPart("s", {"Content-Type: text/html\n\n<p>hello</p>", kSignature}),
                         plain("[x] No affected product\n")})));
  EXPECT_EQ(a.pgp.kind, PgpKind::PgpMimeSigned);
  EXPECT_EQ(a.pgp.path, "1");
  EXPECT_TRUE(a.pgp.partial);
  EXPECT_EQ(a.pgp.uncovered, "part 2");
}

TEST(SignedCoverage, AttachmentBesideTheSignedPartIsUncovered) {
  const auto a = analyzeMessage(
      message(multipart("mixed", "m", {signedPart("s", {plain("signed\n"), kSignature}), kImage})));
  EXPECT_TRUE(a.pgp.partial);
  EXPECT_EQ(a.pgp.uncovered, "part 2");
}

TEST(SignedCoverage, BlankPartBesideTheSignedPartCarriesNothing) {
  const auto a = analyzeMessage(message(multipart(
      "mixed", "m", {signedPart("s", {plain("signed\n"), kSignature}), plain("  \n\n")})));
  EXPECT_FALSE(a.pgp.partial);
}

TEST(SignedCoverage, ThirdPartOfMultipartSignedIsUncovered) {
  const auto a = analyzeMessage(message(
      signedPart("s", {plain("signed\n"), kSignature, plain("[x] No affected product\n")})));
  EXPECT_EQ(a.pgp.kind, PgpKind::PgpMimeSigned);
  EXPECT_FALSE(a.pgp.missingPart);  // the first part is still verified
  EXPECT_TRUE(a.pgp.partial);
  EXPECT_EQ(a.pgp.uncovered, "part 3");
}

TEST(SignedCoverage, ImageInsideTheSignedPartIsCovered) {
  const auto a = analyzeMessage(message(signedPart(
      "s",
      {multipart("mixed", "m", {plain("part one\n"), kImage, plain("part two\n")}), kSignature})));
  EXPECT_FALSE(a.pgp.partial);
}

TEST(SignedCoverage, PartBesideAnEncryptedPartIsUncovered) {
  const std::string encrypted =
      multipart("encrypted", "e",
                {"Content-Type: application/pgp-encrypted\n\nVersion: 1\n",
                 "Content-Type: application/octet-stream\n\n-----BEGIN PGP MESSAGE-----\n\nAAAA\n"
                 "-----END PGP MESSAGE-----\n"},
                "; protocol=\"application/pgp-encrypted\"");
  EXPECT_FALSE(analyzeMessage(message(encrypted)).pgp.partial);
  const auto a = analyzeMessage(message(multipart("mixed", "m", {encrypted, plain("footer\n")})));
  EXPECT_EQ(a.pgp.kind, PgpKind::PgpMimeEncrypted);
  EXPECT_TRUE(a.pgp.partial);
  EXPECT_EQ(a.pgp.uncovered, "part 2");
}

TEST(SignedCoverage, InlineBlockWithAnotherPartIsUncovered) {
  const std::string block =
      "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nsigned\n"
      "-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----\n";
  EXPECT_FALSE(analyzeMessage(message(plain(block))).pgp.partial);
  const auto a =
      analyzeMessage(message(multipart("mixed", "m", {plain(block), kImage, plain("more\n")})));
  EXPECT_EQ(a.pgp.kind, PgpKind::InlineSigned);
  EXPECT_TRUE(a.pgp.partial);
  EXPECT_EQ(a.pgp.uncovered, "part 2");
  const auto around = analyzeMessage(message(plain(block + "\n-- \nunsigned signature\n")));
  EXPECT_TRUE(around.pgp.partial);
  EXPECT_EQ(around.pgp.uncovered, "text around the armored block");
}

TEST(SignedCoverage, InlinePgpStructureOfAText) {
  const auto signedText = inlinePgpStructure(
      "before\n-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nx\n"
      "-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----\n");
  EXPECT_EQ(signedText.kind, PgpKind::InlineSigned);
  EXPECT_TRUE(signedText.partial);
  EXPECT_EQ(inlinePgpStructure("no armor\n").kind, PgpKind::None);
}

}  // namespace
}  // namespace cvdd::parsers
