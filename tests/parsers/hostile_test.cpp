// Hostile and over-limit input: parseMessage returns, bounded, never throws. Built with
// -DCVDD_SANITIZE=ON these double as the ASan/UBSan checks.

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>

#include "parsers/header_section.hpp"
#include "parsers/mime_walk.hpp"
#include "parsers/parsed_message.hpp"
#include "test_support.hpp"

namespace cvdd::parsers {
namespace {

using namespace std::string_literals;

using test::isUtf8;

bool hasWarningContaining(const ParsedMessage& msg, const std::string& needle) {
  for (const auto& w : msg.warnings) {
    if (w.find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST(ParseMessage, EmptyInputHasNoHeaderSection) {
  auto parsed = parseMessage("");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, core::Errc::MalformedMime);
}

TEST(ParseMessage, BlankFirstLineHasNoHeaderSection) {
  EXPECT_FALSE(parseMessage("\r\nbody only\r\n"));
}

TEST(ParseMessage, HeadersWithoutBody) {
  auto parsed = parseMessage("Subject: only headers");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->subject, "only headers");
  EXPECT_EQ(parsed->bodyText, "");
}

TEST(ParseMessage, LfAndCrlfGiveTheSameResult) {
  const std::string lf = "From: A <a@example.org>\nSubject: s\n folded\n\nline1\nline2\n";
  std::string crlf;
  for (char c : lf) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  auto a = parseMessage(lf);
  auto b = parseMessage(crlf);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->subject, "s folded");
  EXPECT_EQ(a->subject, b->subject);
  EXPECT_EQ(a->bodyText, "line1\nline2\n");
  EXPECT_EQ(a->bodyText, b->bodyText);
}

TEST(ParseMessage, MboxFromLineSkipped) {
  auto parsed = parseMessage("From someone Mon Jan  1 00:00:00 2026\nSubject: x\n\nb\n");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->subject, "x");
}

TEST(ParseMessage, HugeHeaderLineIsCut) {
  std::string raw =
      "Subject: " + std::string(10'000'000, 'A') + "\r\nFrom: a@example.org\r\n\r\nbody\r\n";
  auto parsed = parseMessage(raw);
  ASSERT_TRUE(parsed);
  EXPECT_LE(parsed->subject.size(), detail::kMaxFieldBytes);
  EXPECT_TRUE(hasWarningContaining(*parsed, "cut"));
  ASSERT_EQ(parsed->from.size(), 1u);
  EXPECT_EQ(parsed->bodyText, "body\n");
}

TEST(ParseMessage, ManyHeaderFieldsAreCapped) {
  std::string raw;
  for (int i = 0; i < 50000; ++i) raw += "X-Filler: " + std::to_string(i) + "\n";
  raw += "Subject: late\n\nbody\n";
  auto parsed = parseMessage(raw);
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(hasWarningContaining(*parsed, "fields"));
}

TEST(ParseMessage, DeepNestingIsBounded) {
  // 10,000 levels: far beyond kMaxMimeDepth, and beyond what recursion would survive.
  std::string raw = "Subject: deep\nContent-Type: multipart/mixed; boundary=b0\n\n";
  constexpr int kLevels = 10000;
  for (int i = 0; i < kLevels; ++i) {
    raw += "--b" + std::to_string(i) + "\nContent-Type: multipart/mixed; boundary=b" +
           std::to_string(i + 1) + "\n\n";
  }
  const auto start = std::chrono::steady_clock::now();
  auto parsed = parseMessage(raw);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(hasWarningContaining(*parsed, "nesting"));
  EXPECT_LT(elapsed, std::chrono::seconds(10));
}

TEST(ParseMessage, PartCountIsBounded) {
  std::string raw = "Subject: many\nContent-Type: multipart/mixed; boundary=b\n\n";
  for (int i = 0; i < 5000; ++i) raw += "--b\nContent-Type: application/octet-stream\n\nx\n";
  raw += "--b\nContent-Type: text/plain\n\nlast\n--b--\n";
  auto parsed = parseMessage(raw);
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(hasWarningContaining(*parsed, "MIME parts"));
  EXPECT_EQ(parsed->bodyText, "");  // the text part lies beyond the cap
}

TEST(ParseMessage, SameBoundaryAtEveryLevel) {
  std::string raw = "Subject: x\nContent-Type: multipart/mixed; boundary=b\n\n";
  for (int i = 0; i < 200; ++i) raw += "--b\nContent-Type: multipart/mixed; boundary=b\n\n";
  raw += "--b--\n";
  EXPECT_TRUE(parseMessage(raw));
}

TEST(ParseMessage, BodyIsConvertedAndStripped) {
  auto parsed = parseMessage(
      "Subject: x\nContent-Type: text/plain; charset=\"utf-8\"\n\na\x00"
      "b\r\nc\rd\n"s);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->bodyText, "ab\nc\nd\n");
}

TEST(ParseMessage, MislabelledUsAsciiJapaneseBody) {
  auto parsed = parseMessage(
      "Subject: x\nContent-Type: text/plain; charset=us-ascii\n\n\x1B$B%F%9%H\x1B(B\n");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->bodyText, "テスト\n");
  EXPECT_EQ(parsed->bodyCharset, "us-ascii");
}

TEST(ParseMessage, UnlabelledShiftJisBodyGuessed) {
  auto parsed = parseMessage(
      "Subject: x\n\n\x82\xb1\x82\xcc\x83\x81\x81\x5b\x83\x8b\x82\xcd\x83\x65\x83\x58\x83\x67\n");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->bodyText, "このメールはテスト\n");
  EXPECT_TRUE(hasWarningContaining(*parsed, "shift_jis"));
}

TEST(ParseMessage, UnlabelledEucJpBodyGuessed) {
  auto parsed = parseMessage("Subject: x\n\n\xa4\xb3\xa4\xce\xa5\xe1\xa1\xbc\xa5\xeb\n");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->bodyText, "このメール\n");
}

TEST(ParseMessage, IdsWithoutBrackets) {
  auto parsed = parseMessage(
      "Message-ID: <a@b>\nIn-Reply-To: <c@d> (comment)\nReferences: <e@f>,<g@h>\t<c@d>\n"
      "Auto-Submitted: AUTO-GENERATED\n\n");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->messageId, "a@b");
  EXPECT_EQ(parsed->inReplyTo, "c@d");
  EXPECT_EQ(parsed->references, (std::vector<std::string>{"e@f", "g@h", "c@d"}));
  EXPECT_EQ(parsed->autoSubmitted, "auto-generated");
}

TEST(ParseMessage, TwoFromFieldsAreBothKeptAndFlagged) {
  auto parsed = parseMessage("From: eve@example.org\nFrom: boss@example.org\n\n");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->from.size(), 2u);
  EXPECT_TRUE(hasWarningContaining(*parsed, "more than one From"));
}

TEST(ParseMessage, RandomBytesNeverCrash) {
  std::mt19937 rng(12345);
  const std::string seeds[] = {
      "From: a@b\nContent-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: text/plain; "
      "charset=iso-2022-jp\nContent-Transfer-Encoding: base64\n\nGyRCJUYlOSVIGyhC\n--x--\n",
      "Subject: =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?= =?utf-8?q?=E3=81=82?=\nTo: \"x\" <y@z>, "
      "g: a@b;\n\n<p>html&amp;</p>\n"};
  for (const std::string& seed : seeds) {
    for (int round = 0; round < 2000; ++round) {
      std::string raw = seed;
      const int edits = 1 + static_cast<int>(rng() % 8);
      for (int e = 0; e < edits; ++e) {
        const std::size_t at = rng() % raw.size();
        switch (rng() % 3) {
          case 0:
            raw[at] = static_cast<char>(rng() % 256);
            break;
          case 1:
            raw.erase(at, 1 + rng() % 4);
            break;
          default:
            raw.insert(at, std::string(1 + rng() % 3, static_cast<char>(rng() % 256)));
        }
        if (raw.empty()) raw = "x";
      }
      auto parsed = parseMessage(raw);
      if (parsed) {
        ASSERT_TRUE(isUtf8(parsed->subject)) << round;
        ASSERT_TRUE(isUtf8(parsed->bodyText)) << round;
      }
    }
  }
}

TEST(SplitMultipart, DelimiterMustFillTheLine) {
  std::vector<std::string> warnings;
  const auto parts = detail::splitMultipart(
      "pre\n--ab\nA\n--abc\nstill A\n--ab  \nB\n--ab--\nepilogue", "ab", 10, &warnings);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0], "A\n--abc\nstill A");
  EXPECT_EQ(parts[1], "B");
  EXPECT_TRUE(warnings.empty());
}

TEST(ContentType, DamagedParametersTolerated) {
  struct Case {
    const char* value;
    const char* type;
    const char* subtype;
    const char* charset;
    const char* boundary;
  };
  const Case cases[] = {
      {"text/plain; charset=iso-2022-jp", "text", "plain", "iso-2022-jp", ""},
      {"text/plain;charset = \"ISO-2022-JP\" ;", "text", "plain", "iso-2022-jp", ""},
      {"TEXT/HTML; CHARSET=UTF-8", "text", "html", "utf-8", ""},
      {"multipart/mixed;\r\n boundary=\"--==_mimepart\"", "multipart", "mixed", "",
       "--==_mimepart"},
      {"multipart/mixed; boundary=\"unclosed", "multipart", "mixed", "", "unclosed"},
      {"multipart/mixed; boundary=plain\"", "multipart", "mixed", "", "plain"},
      {"text; charset=utf-8", "text", "plain", "utf-8", ""},
      {"application; name=x", "application", "octet-stream", "", ""},
      {"; charset=utf-8", "application", "octet-stream", "utf-8", ""},
      // Words without "=" are skipped; a run of separators ends a value at its first ";".
      {"text/plain; a;b; charset=utf-8", "text", "plain", "utf-8", ""},
      {"multipart/mixed; charset=utf-8; ; ;; boundary=b", "multipart", "mixed", "utf-8", "b"},
      {"multipart/mixed; boundary=b; ; x", "multipart", "mixed", "", "b; ; x"},
      {"", "application", "octet-stream", "", ""},
  };
  for (const auto& c : cases) {
    const auto ct = detail::parseContentType(c.value);
    EXPECT_EQ(ct.type, c.type) << c.value;
    EXPECT_EQ(ct.subtype, c.subtype) << c.value;
    EXPECT_EQ(ct.charset, c.charset) << c.value;
    EXPECT_EQ(ct.boundary, c.boundary) << c.value;
  }
}

}  // namespace
}  // namespace cvdd::parsers
