// analyzeMessage: golden messages (data/analysis/*.eml → *.json; CVDD_UPDATE_GOLDEN=1
// rewrites the .json files, review the diff), the properties the golden files cannot show
// at a glance, every limit, and hostile input.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "analysis_json.hpp"
#include "parsers/message_analysis.hpp"
#include "parsers/rfc5322_date.hpp"
#include "test_support.hpp"

namespace cvdd::parsers {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;
using test::readFile;

const std::string kData = std::string(CVDD_PARSERS_DATA_DIR) + "/analysis";

std::vector<std::string> analysisNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kData)) {
    if (entry.path().extension() == ".eml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

MessageAnalysis analyzeFile(const std::string& name) {
  return analyzeMessage(readFile(kData + "/" + name + ".eml"));
}

class AnalysisGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(AnalysisGolden, MatchesExpectedJson) {
  const std::string raw = readFile(kData + "/" + GetParam() + ".eml");
  ASSERT_FALSE(raw.empty());
  const ordered_json actual = test::analysisJson(analyzeMessage(raw));
  const std::string jsonPath = kData + "/" + GetParam() + ".json";
  if (std::getenv("CVDD_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(jsonPath) << actual.dump(2) << "\n";
  }
  const std::string expected = readFile(jsonPath);
  ASSERT_FALSE(expected.empty()) << "no " << jsonPath;
  EXPECT_EQ(actual, ordered_json::parse(expected)) << actual.dump(2);
}

INSTANTIATE_TEST_SUITE_P(Data, AnalysisGolden, ::testing::ValuesIn(analysisNames()),
                         [](const auto& p) { return p.param; });

TEST(AnalysisGoldenInventory, CoversEveryFeature) {
  const auto names = analysisNames();
  for (const char* required : {"pgp_mime_signed",
                               "pgp_mime_signed_lf",
                               "pgp_signed_trailing_whitespace",
                               "pgp_signed_in_mixed_footer",
                               "pgp_signed_missing_signature",
                               "pgp_mime_encrypted",
                               "pgp_encrypted_exchange_mangled",
                               "pgp_encrypted_in_forwarded_message",
                               "pgp_signed_mixed_encrypted",
                               "pgp_inline_signed",
                               "pgp_inline_signed_indented",
                               "pgp_inline_encrypted_qp_nbsp",
                               "pgp_inline_encrypted_html",
                               "pgp_encrypted_label_holds_clearsigned",
                               "autocrypt_and_attached_key",
                               "dsn_postfix",
                               "bounce_exchange_style",
                               "out_of_office",
                               "mailing_list",
                               "feedback_report",
                               "attachments_filenames"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), required), names.end()) << required;
  }
}

// ---- PGP/MIME: the signed bytes ---------------------------------------------------------

std::string between(const std::string& raw, const std::string& from, const std::string& to) {
  const std::size_t a = raw.find(from);
  const std::size_t b = raw.find(to, a + from.size());
  return raw.substr(a + from.size(), b - a - from.size());
}

TEST(PgpMimeSigned, SignedBytesAreTheFirstPartVerbatim) {
  const std::string raw = readFile(kData + "/pgp_mime_signed.eml");
  const auto a = analyzeMessage(raw);
  ASSERT_EQ(a.pgp.kind, PgpKind::PgpMimeSigned);
  EXPECT_EQ(a.pgp.path, "");
  // From after the boundary line's CRLF to before the CRLF that starts the next delimiter.
  EXPECT_EQ(a.pgp.signedBytes, between(raw, "--sig-boundary\r\n", "\r\n--sig-boundary\r\n"));
  EXPECT_TRUE(a.pgp.signature.starts_with("-----BEGIN PGP SIGNATURE-----"));
  EXPECT_FALSE(a.pgp.missingPart);
}

TEST(PgpMimeSigned, LfMessageGivesTheCrlfCanonicalBytes) {
  const auto crlf = analyzeFile("pgp_mime_signed");
  const auto lf = analyzeFile("pgp_mime_signed_lf");
  ASSERT_EQ(lf.pgp.kind, PgpKind::PgpMimeSigned);
  EXPECT_EQ(lf.pgp.signedBytes, crlf.pgp.signedBytes);
  EXPECT_EQ(lf.pgp.signedBytes.find("\n"), lf.pgp.signedBytes.find("\r\n") + 1);
  for (std::size_t i = 0; i < lf.pgp.signedBytes.size(); ++i) {
    if (lf.pgp.signedBytes[i] == '\n') {
      ASSERT_EQ(lf.pgp.signedBytes[i - 1], '\r') << i;
    }
  }
}

TEST(PgpMimeSigned, TrailingWhitespaceLinesArePreservedExactly) {
  const std::string raw = readFile(kData + "/pgp_signed_trailing_whitespace.eml");
  const auto a = analyzeMessage(raw);
  ASSERT_EQ(a.pgp.kind, PgpKind::PgpMimeSigned);
  EXPECT_EQ(a.pgp.signedBytes,
            "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
            "Line with two trailing spaces  \r\n\t\r\n   \r\n");
}

TEST(PgpMimeSigned, BareCrAndMixedLineEndsOnlyGainTheMissingCr) {
  const std::string raw =
      "Content-Type: multipart/signed; protocol=\"application/pgp-signature\"; boundary=b\n\n"
      "--b\r\nContent-Type: text/plain\n\na\rb\r\nc\nd\n--b\nContent-Type: "
      "application/pgp-signature\n\nSIG\n--b--\n";
  const auto a = analyzeMessage(raw);
  ASSERT_EQ(a.pgp.kind, PgpKind::PgpMimeSigned);
  EXPECT_EQ(a.pgp.signedBytes, "Content-Type: text/plain\r\n\r\na\rb\r\nc\r\nd");
  EXPECT_EQ(a.pgp.signature, "SIG");
}

TEST(PgpMimeSigned, SmimeProtocolIsSmimeSigned) {
  const auto a = analyzeMessage(
      "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=b\n\n"
      "--b\nContent-Type: text/plain\n\nx\n--b\nContent-Type: application/pkcs7-signature\n\n"
      "AAAA\n--b--\n");
  EXPECT_EQ(a.pgp.kind, PgpKind::SmimeSigned);
  EXPECT_FALSE(a.pgp.missingPart);
  EXPECT_FALSE(a.pgp.signedBytes.empty());
}

TEST(PgpMimeSigned, AnUnknownProtocolIsNeither) {
  const auto a = analyzeMessage(
      "Content-Type: multipart/signed; protocol=\"application/x-other\"; boundary=b\n\n"
      "--b\nContent-Type: text/plain\n\nx\n--b\nContent-Type: application/x-other\n\n"
      "AAAA\n--b--\n");
  EXPECT_EQ(a.pgp.kind, PgpKind::None);
}

TEST(SmimeStructure, OpaqueSignedDataAtTheTopIsRecognised) {
  const auto a = analyzeMessage(
      "Content-Type: application/pkcs7-mime; smime-type=signed-data; name=smime.p7m\n"
      "Content-Transfer-Encoding: base64\n\nMIIB\n");
  EXPECT_EQ(a.pgp.kind, PgpKind::SmimeOpaqueSigned);
  EXPECT_EQ(a.pgp.signature, std::string("\x30\x82\x01", 3));
  // Enveloped-data (encrypted to someone) is not a signature.
  EXPECT_EQ(analyzeMessage("Content-Type: application/pkcs7-mime; smime-type=enveloped-data\n"
                           "\nMIIB\n")
                .pgp.kind,
            PgpKind::None);
}

TEST(PgpStructure, OnlyTheTopOrTheFirstPartOfTopMixedCounts) {
  EXPECT_EQ(analyzeFile("pgp_signed_in_mixed_footer").pgp.path, "1");
  EXPECT_EQ(analyzeFile("pgp_encrypted_in_forwarded_message").pgp.kind, PgpKind::None);
  const auto nested = analyzeFile("pgp_signed_mixed_encrypted");
  EXPECT_EQ(nested.pgp.kind, PgpKind::PgpMimeSigned);
  EXPECT_TRUE(nested.pgp.ciphertext.empty());
  // Re-reading the signed part (as the integrator does after verifying) finds the
  // encrypted part as the second part of a mixed: still not the message's structure.
  EXPECT_EQ(analyzeMessage(nested.pgp.signedBytes).pgp.kind, PgpKind::None);
  // A signed part as the second part of a mixed (Johnny M1/M2) is not the message's.
  const auto second = analyzeMessage(
      "Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: text/plain\n\nfired\n"
      "--m\nContent-Type: multipart/signed; protocol=\"application/pgp-signature\"; "
      "boundary=s\n\n--s\n\npromoted\n--s\nContent-Type: application/pgp-signature\n\nS\n"
      "--s--\n--m--\n");
  EXPECT_EQ(second.pgp.kind, PgpKind::None);
}

TEST(PgpMimeEncrypted, ExchangeFormIsRepaired) {
  const auto a = analyzeFile("pgp_encrypted_exchange_mangled");
  EXPECT_EQ(a.pgp.kind, PgpKind::PgpMimeEncrypted);
  EXPECT_TRUE(a.pgp.repairedExchange);
  EXPECT_TRUE(a.pgp.ciphertext.starts_with("-----BEGIN PGP MESSAGE-----"));
}

TEST(PgpMimeEncrypted, MissingPayloadIsMissingPart) {
  const auto a = analyzeMessage(
      "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=e\n\n"
      "--e\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n--e--\n");
  EXPECT_EQ(a.pgp.kind, PgpKind::PgpMimeEncrypted);
  EXPECT_TRUE(a.pgp.missingPart);
}

TEST(PgpMimeEncrypted, CleartextSignedPayloadIsNotEncrypted) {
  const auto a = analyzeFile("pgp_encrypted_label_holds_clearsigned");
  EXPECT_EQ(a.pgp.kind, PgpKind::InlineSigned);
  EXPECT_EQ(a.pgp.path, "2");
  EXPECT_TRUE(a.pgp.ciphertext.empty());
}

// ---- Inline ------------------------------------------------------------------------------

TEST(InlinePgp, IndentedBlockLosesItsCommonIndent) {
  EXPECT_EQ(analyzeFile("pgp_inline_signed_indented").pgp.armoredText,
            analyzeFile("pgp_inline_signed").pgp.armoredText);
}

TEST(InlinePgp, TextOutsideTheBlockMakesItPartial) {
  const auto a = analyzeFile("pgp_inline_signed_with_unsigned_prefix");
  EXPECT_EQ(a.pgp.kind, PgpKind::InlineSigned);
  EXPECT_TRUE(a.pgp.partial);
  EXPECT_EQ(a.pgp.armoredText.find("fired"), std::string::npos);
  EXPECT_FALSE(analyzeFile("pgp_inline_signed").pgp.partial);
}

TEST(InlinePgp, NbspAndHtmlGiveTheSameArmor) {
  const auto qp = analyzeFile("pgp_inline_encrypted_qp_nbsp");
  const auto html = analyzeFile("pgp_inline_encrypted_html");
  EXPECT_EQ(qp.pgp.kind, PgpKind::InlineEncrypted);
  EXPECT_EQ(html.pgp.kind, PgpKind::InlineEncrypted);
  EXPECT_EQ(html.pgp.path, "1");
  EXPECT_EQ(qp.pgp.ciphertext.find("\xC2\xA0"), std::string::npos);
  EXPECT_TRUE(qp.pgp.ciphertext.starts_with("-----BEGIN PGP MESSAGE-----\n\nhF4D"));
  EXPECT_TRUE(html.pgp.ciphertext.starts_with("-----BEGIN PGP MESSAGE-----\n\nhF4D"));
}

TEST(InlinePgp, SignedBlockInASecondPartIsNotTheMessages) {
  const auto a = analyzeMessage(
      "Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: text/html\n\n<b>x</b>\n"
      "--m\nContent-Type: text/plain\n\n-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n"
      "promoted\n-----BEGIN PGP SIGNATURE-----\n\nAA==\n-----END PGP SIGNATURE-----\n--m--\n");
  EXPECT_EQ(a.pgp.kind, PgpKind::None);
}

TEST(InlinePgp, BareArmoredTextWithoutHeaders) {
  const auto a = analyzeMessage(
      "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA1\n\ntext\n-----BEGIN PGP SIGNATURE-----\n\n"
      "AA==\n-----END PGP SIGNATURE-----\n");
  EXPECT_EQ(a.pgp.kind, PgpKind::InlineSigned);
  EXPECT_EQ(a.pgp.path, "");
}

TEST(InlinePgp, UnterminatedBlockIsMissingPart) {
  const auto a = analyzeMessage("Subject: x\n\n-----BEGIN PGP MESSAGE-----\n\nhF4D\n");
  EXPECT_EQ(a.pgp.kind, PgpKind::InlineEncrypted);
  EXPECT_TRUE(a.pgp.missingPart);
}

// ---- Keys --------------------------------------------------------------------------------

TEST(Autocrypt, OnlyTheFromAddressesHeaderCounts) {
  const auto a = analyzeFile("autocrypt_and_attached_key");
  ASSERT_TRUE(a.autocrypt);
  EXPECT_EQ(a.autocrypt->address, "alice@autocrypt.example");
  EXPECT_TRUE(a.autocrypt->preferEncrypt);
  EXPECT_EQ(a.autocrypt->keyData.size(), 48u);
  ASSERT_EQ(a.attachedKeys.size(), 1u);
  EXPECT_TRUE(a.attachedKeys[0].starts_with("-----BEGIN PGP PUBLIC KEY BLOCK-----"));
}

TEST(Autocrypt, TwoValidHeadersForTheSenderAreNone) {
  const auto a = analyzeMessage(
      "From: a@example.org\nAutocrypt: addr=a@example.org; keydata=AAAA\n"
      "Autocrypt: addr=a@example.org; keydata=BBBB\n\n");
  EXPECT_FALSE(a.autocrypt);
  const auto critical = analyzeMessage(
      "From: a@example.org\nAutocrypt: addr=a@example.org; unknown=1; keydata=AAAA\n\n");
  EXPECT_FALSE(critical.autocrypt);
  const auto optional = analyzeMessage(
      "From: a@example.org\nAutocrypt: addr=a@example.org; _extra=1; keydata=AAAA\n\n");
  EXPECT_TRUE(optional.autocrypt);
}

// ---- Kinds -------------------------------------------------------------------------------

TEST(MailKind, PostfixDsn) {
  const auto a = analyzeFile("dsn_postfix");
  EXPECT_EQ(a.kind, MailKind::Bounce);
  ASSERT_TRUE(a.deliveryStatus);
  EXPECT_EQ(a.deliveryStatus->failedRecipients,
            std::vector<std::string>{"security@vendor.example"});
  EXPECT_EQ(a.deliveryStatus->status, "5.1.1");
  EXPECT_EQ(a.deliveryStatus->originalMessageId, "CVD-12345678.notice-3@cert.example");
  ASSERT_EQ(a.deliveryStatus->recipients.size(), 2u);
  EXPECT_EQ(a.deliveryStatus->recipients[1].action, "delayed");
}

TEST(MailKind, ExchangeStyleBounce) {
  const auto a = analyzeFile("bounce_exchange_style");
  EXPECT_EQ(a.kind, MailKind::Bounce);
  EXPECT_EQ(a.kindReason, "non-standard bounce");
  ASSERT_TRUE(a.deliveryStatus);
  EXPECT_EQ(a.deliveryStatus->originalMessageId, "CVD-12345678.notice-4@cert.example");
}

TEST(MailKind, PrecedenceOrder) {
  EXPECT_EQ(analyzeFile("out_of_office").kind, MailKind::AutoReply);
  EXPECT_EQ(analyzeFile("x_autoreply").kind, MailKind::AutoReply);  // over Precedence: bulk
  EXPECT_EQ(analyzeFile("mailing_list").kind, MailKind::MailingList);
  EXPECT_EQ(analyzeFile("feedback_report").kindReason, "feedback report");
  EXPECT_EQ(analyzeFile("pgp_mime_signed").kind, MailKind::Normal);
  EXPECT_EQ(analyzeMessage("Auto-Submitted: no\n\n").kind, MailKind::Normal);
  EXPECT_EQ(analyzeMessage("Precedence: auto_reply\n\n").kind, MailKind::AutoReply);
  EXPECT_EQ(analyzeMessage("Precedence: junk\n\n").kind, MailKind::MailingList);
  EXPECT_EQ(analyzeMessage("X-Autorespond: yes\nList-Id: <l.example>\n\n").kind,
            MailKind::AutoReply);
  // A postmaster writing with an ordinary subject is no bounce.
  EXPECT_EQ(analyzeMessage("From: postmaster@example.org\nSubject: hello\n\n").kind,
            MailKind::Normal);
  EXPECT_EQ(analyzeMessage("Return-Path: <>\nSubject: failure notice\n\n").kind, MailKind::Bounce);
}

// ---- Addresses, dates, parts -------------------------------------------------------------

TEST(Addresses, CcBccAndEnvelopeRecipients) {
  const auto a = analyzeFile("attachments_filenames");
  EXPECT_EQ(a.cc, (std::vector<std::string>{"second@example.org", "third@example.org"}));
  EXPECT_EQ(a.bcc, std::vector<std::string>{"hidden@example.org"});
  EXPECT_EQ(a.message.cc.at(0).displayName, "Second, Person");
  EXPECT_EQ(a.deliveredTo, (std::vector<std::string>{"vendors@cert.example", "cvd@cert.example"}));
}

TEST(Addresses, EnvelopeRecipientsAreCappedInOrder) {
  // Trace fields are prepended: the first ones, the receiving servers' own, are kept.
  std::string raw = "Delivered-To: first@example.org\n";
  for (int field = 0; field < 3; ++field) {
    raw += "Delivered-To: ";
    for (int i = 0; i < 1000; ++i) raw += "r" + std::to_string(field * 1000 + i) + "@x.example, ";
    raw += "\n";
  }
  const auto a = analyzeMessage(raw + "Subject: s\n\nbody\n");
  ASSERT_EQ(a.deliveredTo.size(), 1000u);
  EXPECT_EQ(a.deliveredTo.front(), "first@example.org");
  EXPECT_EQ(a.deliveredTo.back(), "r998@x.example");
  EXPECT_TRUE(
      std::any_of(a.message.warnings.begin(), a.message.warnings.end(),
                  [](const std::string& w) { return w.find("envelope recipients") != w.npos; }));
}

TEST(Parts, FilenamesFromEveryEncoding) {
  const auto a = analyzeFile("attachments_filenames");
  ASSERT_EQ(a.parts.size(), 6u);
  EXPECT_EQ(a.parts[2].filename, "脆弱性報告.txt");  // RFC 2231 continuation + charset
  EXPECT_EQ(a.parts[3].filename, "てすと.txt");      // RFC 2047 in name=
  EXPECT_EQ(a.parts[4].filename, "résumé.pdf");      // filename* wins over name=
  EXPECT_EQ(a.parts[4].disposition, "inline");
  EXPECT_EQ(a.parts[5].filename, "plain.png");
  EXPECT_EQ(decodedPart(readFile(kData + "/attachments_filenames.eml"), "2"), "poc");
  EXPECT_EQ(decodedPart(readFile(kData + "/attachments_filenames.eml"), "3"), "a=b");
  EXPECT_FALSE(decodedPart(readFile(kData + "/attachments_filenames.eml"), "9"));
  EXPECT_FALSE(decodedPart(readFile(kData + "/attachments_filenames.eml"), ""));  // multipart
}

TEST(Parts, ByteRangesCoverTheParts) {
  const std::string raw = readFile(kData + "/attachments_filenames.eml");
  const auto a = analyzeMessage(raw);
  EXPECT_EQ(a.parts[0].begin, 0u);
  EXPECT_EQ(a.parts[0].end, raw.size());
  const PartInfo& png = a.parts[5];
  EXPECT_EQ(raw.substr(png.begin, png.end - png.begin),
            "Content-Type: image/png; name=plain.png\r\n\r\nPNG");
}

struct DateCase {
  const char* value;
  const char* utc;  // "" for nullopt
  int offsetMinutes;
};

TEST(Rfc5322Date, ModernAndObsoleteForms) {
  const DateCase cases[] = {
      {"Tue, 14 May 2024 10:20:30 +0200", "2024-05-14T08:20:30Z", 120},
      {"14 May 2024 10:20 -0700", "2024-05-14T17:20:00Z", -420},
      {"Mon, 3 Jun 2024 01:02:03 +0900 (JST)", "2024-06-02T16:02:03Z", 540},
      {"Fri, 21 Nov 97 09:55:06 GMT", "1997-11-21T09:55:06Z", 0},
      {"Thu, 13 Feb 69 23:32:54 -0330", "1969-02-14T03:02:54Z", -210},
      {"Sat, 1 Jan 05 00:00:00 EST", "2005-01-01T05:00:00Z", -300},
      {"  Wed ,  1  Jan  2025  12 : 00 : 00  +0000 ", "", 0},  // spaces inside the time
      {"Wed, 1 Jan 2025 12:00:00 Z", "2025-01-01T12:00:00Z", 0},
      {"Wed, 1 Jan 2025 12:00:00 JST", "2025-01-01T12:00:00Z", 0},  // unknown name: UT
      {"1 Jan 2015 26:00:00 +0900", "2015-01-01T17:00:00Z", 540},   // rolls into Jan 2
      {"Wed, 31 Feb 2024 12:00:00 +0000", "", 0},
      {"INVALID_DATE", "", 0},
      {"", "", 0},
      {"Wed, 1 Jan 2025 12:61:00 +0000", "", 0},
      {"Wed, 1 Jan 2025 12:00:00 +2500", "", 0},
  };
  for (const auto& c : cases) {
    const auto date = parseRfc5322Date(c.value);
    if (std::string(c.utc).empty()) {
      EXPECT_FALSE(date) << c.value;
      continue;
    }
    ASSERT_TRUE(date) << c.value;
    EXPECT_EQ(core::formatIso8601(date->utc), c.utc) << c.value;
    EXPECT_EQ(date->offset.count(), c.offsetMinutes) << c.value;
  }
}

// ---- Limits: each one reports its config key and where -----------------------------------

std::string manyParts(int n) {
  std::string raw = "Subject: many\nContent-Type: multipart/mixed; boundary=b\n\n";
  for (int i = 0; i < n; ++i)
    raw += "--b\nContent-Type: text/plain\n\npart " + std::to_string(i) + "\n";
  return raw + "--b--\n";
}

const LimitViolation* hitOf(const MessageAnalysis& a, const std::string& key) {
  for (const auto& h : a.limitHits) {
    if (h.limit == key) return &h;
  }
  return nullptr;
}

TEST(Limits, MessageSize) {
  Limits limits;
  limits.maxMessageBytes = 64;
  const auto a =
      analyzeMessage("Subject: big\nFrom: a@example.org\n\n" + std::string(100, 'x'), limits);
  const auto* hit = hitOf(a, "message_size");
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->where, "message");
  EXPECT_EQ(hit->maximum, 64u);
  EXPECT_EQ(a.message.subject, "big");  // what was read is kept
}

TEST(Limits, MimeDepth) {
  Limits limits;
  limits.maxMimeDepth = 2;
  std::string raw = "Content-Type: multipart/mixed; boundary=b0\n\n";
  for (int i = 0; i < 5; ++i) {
    raw += "--b" + std::to_string(i) + "\nContent-Type: multipart/mixed; boundary=b" +
           std::to_string(i + 1) + "\n\n";
  }
  const auto a = analyzeMessage(raw, limits);
  const auto* hit = hitOf(a, "mime_depth");
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->where, "part 1.1");
  EXPECT_EQ(hit->value, 3u);
  EXPECT_EQ(hit->maximum, 2u);
}

TEST(Limits, PartCount) {
  Limits limits;
  limits.maxParts = 3;
  const auto a = analyzeMessage(manyParts(10), limits);
  const auto* hit = hitOf(a, "part_count");
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->where, "message");
  EXPECT_EQ(hit->maximum, 3u);
  EXPECT_EQ(a.limitHits.size(), 1u);
}

TEST(Limits, HeaderCount) {
  Limits limits;
  limits.maxHeaderCount = 5;
  std::string raw = "Subject: s\n";
  for (int i = 0; i < 10; ++i) raw += "X-F: " + std::to_string(i) + "\n";
  const auto a = analyzeMessage(raw + "\nbody\n", limits);
  const auto* hit = hitOf(a, "header_count");
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->where, "header 6");
  EXPECT_EQ(a.message.subject, "s");
  EXPECT_EQ(a.message.bodyText, "");  // the walk stopped in the header section
}

TEST(Limits, HeaderCountInAPart) {
  Limits limits;
  limits.maxHeaderCount = 3;
  const auto a = analyzeMessage(
      "Content-Type: multipart/mixed; boundary=b\n\n--b\nA: 1\nB: 2\nC: 3\nD: 4\n\nx\n--b--\n",
      limits);
  const auto* hit = hitOf(a, "header_count");
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->where, "part 1 header 4");
}

TEST(Limits, HeaderLength) {
  Limits limits;
  limits.maxHeaderBytes = 100;
  const auto a = analyzeMessage("From: a@example.org\nSubject: " + std::string(50, 'x') + "\n " +
                                    std::string(80, 'y') + "\nTo: b@example.org\n\nbody\n",
                                limits);
  const auto* hit = hitOf(a, "header_length");
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->where, "header 2");
  EXPECT_EQ(hit->value, 9u + 50 + 1 + 81 + 1);  // the whole folded field, line ends included
  EXPECT_EQ(a.message.from.size(), 1u);
  EXPECT_TRUE(a.message.to.empty());  // after the hit: not read
}

TEST(Limits, DecodedSize) {
  Limits limits;
  limits.maxDecodedBytes = 20;
  const auto a = analyzeMessage(manyParts(10), limits);
  const auto* hit = hitOf(a, "decoded_size");
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->where, "part 4");
  EXPECT_GT(hit->value, 20u);
  // Every text part read before the hit, in order (parts 4 on are not read).
  EXPECT_EQ(a.message.bodyText, "part 0\n\npart 1\n\npart 2\n\npart 3");
}

TEST(Limits, DefaultsAreTheDocumentedOnes) {
  const Limits limits;
  EXPECT_EQ(limits.maxMessageBytes, 25u << 20);
  EXPECT_EQ(limits.maxMimeDepth, 20u);
  EXPECT_EQ(limits.maxParts, 250u);
  EXPECT_TRUE(analyzeFile("dsn_postfix").limitHits.empty());
}

// ---- Hostile input: fast, bounded, no crash ---------------------------------------------

template <class F>
std::chrono::milliseconds timed(F f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

TEST(AnalysisHostile, TenThousandNestedMultiparts) {
  std::string raw = "Subject: deep\nContent-Type: multipart/mixed; boundary=b0\n\n";
  for (int i = 0; i < 10000; ++i) {
    raw += "--b" + std::to_string(i) +
           "\nContent-Type: multipart/signed; protocol=\"application/"
           "pgp-signature\"; boundary=b" +
           std::to_string(i + 1) + "\n\n";
  }
  MessageAnalysis a;
  EXPECT_LT(timed([&] { a = analyzeMessage(raw); }), std::chrono::seconds(5));
  EXPECT_NE(hitOf(a, "mime_depth"), nullptr);
}

TEST(AnalysisHostile, AMillionParts) {
  std::string raw = "Subject: many\nContent-Type: multipart/mixed; boundary=b\n\n";
  raw.reserve(raw.size() + 1'000'000 * 8);
  for (int i = 0; i < 1'000'000; ++i) raw += "--b\n\nx\n";
  MessageAnalysis a;
  EXPECT_LT(timed([&] { a = analyzeMessage(raw); }), std::chrono::seconds(5));
  EXPECT_NE(hitOf(a, "part_count"), nullptr);
  EXPECT_LE(a.parts.size(), Limits{}.maxParts + 1);
}

TEST(AnalysisHostile, FiftyMegabyteHeader) {
  std::string raw = "From: a@example.org\nX-Huge: " + std::string(50u << 20, 'A') + "\n\nbody\n";
  MessageAnalysis a;
  EXPECT_LT(timed([&] { a = analyzeMessage(raw); }), std::chrono::seconds(5));
  EXPECT_NE(hitOf(a, "message_size"), nullptr);
  EXPECT_NE(hitOf(a, "header_length"), nullptr);
  EXPECT_EQ(a.message.from.size(), 1u);
  // Folded into many lines, the same.
  std::string folded = "X-Huge: a\n";
  for (int i = 0; i < 500'000; ++i) folded += " 0123456789012345678901234567890123456789\n";
  EXPECT_LT(timed([&] { a = analyzeMessage(folded + "\n"); }), std::chrono::seconds(5));
  EXPECT_NE(hitOf(a, "header_length"), nullptr);
}

TEST(AnalysisHostile, MissingBoundaries) {
  for (const char* raw :
       {"Content-Type: multipart/mixed\n\nno delimiter at all\n",
        "Content-Type: multipart/mixed; boundary=b\n\nnever\n",
        "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: multipart/signed; "
        "protocol=\"application/pgp-signature\"\n\n--c\nunclosed\n",
        "Content-Type: multipart/signed; protocol=\"application/pgp-signature\"; boundary=\"\"\n\n"
        "--\n\nx\n",
        "Content-Type: multipart/encrypted; boundary=e\n\n--e\n"}) {
    const auto a = analyzeMessage(raw);
    EXPECT_FALSE(a.parts.empty()) << raw;
    EXPECT_TRUE(test::isUtf8(a.message.bodyText)) << raw;
  }
}

TEST(AnalysisHostile, BoundaryInsideBase64) {
  // The delimiter line appears inside the base64 body of the first part: RFC 2046 says the
  // body ends there, so the part is cut and the rest is a new part. No crash, no confusion.
  const std::string raw =
      "Content-Type: multipart/mixed; boundary=QUJD\n\n--QUJD\nContent-Type: application/"
      "octet-stream\nContent-Transfer-Encoding: base64\n\nQUJDREVG\n--QUJD\nR0hJ\n--QUJD--\n";
  const auto a = analyzeMessage(raw);
  ASSERT_EQ(a.parts.size(), 3u);
  EXPECT_EQ(decodedPart(raw, "1"), "ABCDEF");
  EXPECT_EQ(a.parts[2].contentType, "text/plain");
}

TEST(AnalysisHostile, RandomMutationsNeverCrash) {
  std::mt19937 rng(4242);
  const std::vector<std::string> seeds{readFile(kData + "/pgp_mime_signed.eml"),
                                       readFile(kData + "/dsn_postfix.eml"),
                                       readFile(kData + "/attachments_filenames.eml")};
  Limits small;
  small.maxParts = 20;
  small.maxMimeDepth = 5;
  for (const std::string& seed : seeds) {
    for (int round = 0; round < 300; ++round) {
      std::string raw = seed;
      const int edits = 1 + static_cast<int>(rng() % 8);
      for (int e = 0; e < edits; ++e) {
        const std::size_t at = rng() % raw.size();
        switch (rng() % 3) {
          case 0:
            raw[at] = static_cast<char>(rng() % 256);
            break;
          case 1:
            raw.erase(at, 1 + rng() % 16);
            break;
          default:
            raw.insert(at, raw.substr(rng() % raw.size(), rng() % 64));
        }
        if (raw.empty()) raw = "x";
      }
      const auto a = analyzeMessage(raw, small);
      ASSERT_TRUE(test::isUtf8(a.message.bodyText)) << round;
      for (const auto& p : a.parts) ASSERT_LE(p.end, raw.size());
    }
  }
}

}  // namespace
}  // namespace cvdd::parsers
