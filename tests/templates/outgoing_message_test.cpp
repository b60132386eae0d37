#include "templates/outgoing_message.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "mime_test_support.hpp"

namespace cvdd::templates {
namespace {

using test::checkWithPython;
using test::decodeBase64;
using test::decodeUnstructured;
using test::encodedWords;
using test::header;
using test::splitMessage;

OutgoingMessage acknowledgement() {
  OutgoingMessage m;
  m.from = {"Example CSIRT", "vendors@cert.example"};
  m.to = {{"", "alice@example.org"}};
  m.subject = "[CVD#01234567] XSS in FooCMS 2.1";
  m.messageId = "CVD01234567.1@cert.example";
  m.inReplyTo = "report-42@example.org";
  m.references = {"report-42@example.org"};
  m.date = "Tue, 01 Apr 2025 10:15:00 +0900";
  m.bodyText = "Thank you for your report.\n\nCase ID: CVD#01234567\n";
  m.autoSubmitted = "auto-replied";
  return m;
}

const std::string kLongJapaneseSubject =
    "[CVD#01234567] Re: 【至急】FooCMS 2.1 の管理画面におけるクロスサイトスクリプティングの"
    "脆弱性および認証回避の可能性についての詳細なご報告（追加情報を含む）";

// Every line break is CRLF, header lines stay within 78 characters, all within 998.
void expectWellFormedLines(const std::string& mime) {
  for (std::size_t i = 0; i < mime.size(); ++i) {
    if (mime[i] == '\n') {
      ASSERT_TRUE(i > 0 && mime[i - 1] == '\r') << "bare LF at " << i;
    }
    if (mime[i] == '\r') {
      ASSERT_TRUE(i + 1 < mime.size() && mime[i + 1] == '\n') << "bare CR at " << i;
    }
  }
  ASSERT_TRUE(mime.ends_with("\r\n"));
  const std::size_t headerEnd = mime.find("\r\n\r\n");
  ASSERT_NE(headerEnd, std::string::npos);
  std::size_t start = 0;
  while (start < mime.size()) {
    const std::size_t end = mime.find("\r\n", start);
    const std::size_t length = end - start;
    if (start < headerEnd) {
      EXPECT_LE(length, 78U) << "header line: " << mime.substr(start, length);
      EXPECT_FALSE(length > 0 &&
                   mime.substr(start, length).find_first_not_of(" \t") == std::string::npos)
          << "whitespace-only header line";
    }
    EXPECT_LE(length, 998U);
    start = end + 2;
  }
}

std::string bodyText(const test::SplitMessage& message) {
  const auto encoding = header(message, "Content-Transfer-Encoding");
  if (encoding == "base64") {
    auto decoded = decodeBase64(message.body);
    if (!decoded) return "<bad base64>";
    std::string text;
    for (const char c : *decoded) {
      if (c != '\r') text += c;
    }
    return text;
  }
  if (encoding == "quoted-printable") return test::decodeQuotedPrintable(message.body);
  std::string text;
  for (const char c : message.body) {
    if (c != '\r') text += c;
  }
  return text;
}

TEST(ComposeMime, AsciiMessageHasAllHeadersInOrderAnd7bitBody) {
  const std::string mime = composeMime(acknowledgement());
  expectWellFormedLines(mime);
  const auto split = splitMessage(mime);
  std::vector<std::string> names;
  for (const auto& h : split.headers) names.push_back(h.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"Date", "From", "To", "Subject", "Message-ID", "In-Reply-To",
                                      "References", "MIME-Version", "Content-Type",
                                      "Content-Transfer-Encoding", "Auto-Submitted"}));
  EXPECT_EQ(header(split, "Date"), "Tue, 01 Apr 2025 10:15:00 +0900");
  EXPECT_EQ(header(split, "From"), "Example CSIRT <vendors@cert.example>");
  EXPECT_EQ(header(split, "To"), "alice@example.org");
  EXPECT_EQ(header(split, "Subject"), "[CVD#01234567] XSS in FooCMS 2.1");
  EXPECT_EQ(header(split, "Message-ID"), "<CVD01234567.1@cert.example>");
  EXPECT_EQ(header(split, "In-Reply-To"), "<report-42@example.org>");
  EXPECT_EQ(header(split, "References"), "<report-42@example.org>");
  EXPECT_EQ(header(split, "MIME-Version"), "1.0");
  EXPECT_EQ(header(split, "Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(header(split, "Content-Transfer-Encoding"), "7bit");
  EXPECT_EQ(header(split, "Auto-Submitted"), "auto-replied");
  EXPECT_EQ(split.body, "Thank you for your report.\r\n\r\nCase ID: CVD#01234567\r\n");
}

TEST(ComposeMime, OptionalHeadersAreOmittedWhenEmpty) {
  OutgoingMessage m = acknowledgement();
  m.inReplyTo.clear();
  m.references.clear();
  m.autoSubmitted.clear();
  const auto split = splitMessage(composeMime(m));
  EXPECT_FALSE(header(split, "In-Reply-To"));
  EXPECT_FALSE(header(split, "References"));
  EXPECT_FALSE(header(split, "Auto-Submitted"));
  EXPECT_FALSE(header(split, "Reply-To"));
}

TEST(ComposeMime, ReplyToAndExtraHeaders) {
  OutgoingMessage m = acknowledgement();
  m.replyTo = {{"CSIRT Desk", "desk@cert.example"}};
  m.extraHeaders = {{"X-CVDD-Case", "CVD#01234567"},
                    {"Subject", "second subject"},  // would duplicate ours: dropped
                    {"Bcc", "hidden@example.com"},  // never in a sent message
                    {"Bad Name:", "v"}};            // name sanitised to "BadName"
  const std::string mime = composeMime(m);
  expectWellFormedLines(mime);
  const auto split = splitMessage(mime);
  EXPECT_EQ(header(split, "Reply-To"), "CSIRT Desk <desk@cert.example>");
  EXPECT_EQ(header(split, "X-CVDD-Case"), "CVD#01234567");
  EXPECT_EQ(header(split, "BadName"), "v");
  EXPECT_FALSE(header(split, "Bcc"));
  EXPECT_EQ(std::count_if(split.headers.begin(), split.headers.end(),
                          [](const auto& h) { return h.name == "Subject"; }),
            1);
}

TEST(ComposeMime, JapaneseSubjectRoundTripsThroughEncodedWords) {
  OutgoingMessage m = acknowledgement();
  m.subject = "[CVD#01234567] 脆弱性のご報告";
  const std::string mime = composeMime(m);
  expectWellFormedLines(mime);
  const auto subject = header(splitMessage(mime), "Subject");
  ASSERT_TRUE(subject);
  // The case ID stays readable in the raw header; only the Japanese is encoded.
  EXPECT_TRUE(subject->starts_with("[CVD#01234567] =?UTF-8?B?")) << *subject;
  EXPECT_EQ(decodeUnstructured(*subject), m.subject);
}

TEST(ComposeMime, LongJapaneseSubjectSplitsIntoWordsWithoutBreakingCharacters) {
  OutgoingMessage m = acknowledgement();
  m.subject = kLongJapaneseSubject;
  const std::string mime = composeMime(m);
  expectWellFormedLines(mime);
  const auto split = splitMessage(mime);
  const auto subject = header(split, "Subject");
  ASSERT_TRUE(subject);
  const auto words = encodedWords(*subject);
  EXPECT_GE(words.size(), 3U);
  for (const std::string& word : words) {
    EXPECT_LE(word.size(), 75U) << word;
    const auto bytes = decodeBase64(word.substr(10, word.size() - 12));
    ASSERT_TRUE(bytes) << word;
    EXPECT_TRUE(test::isWellFormedUtf8(*bytes)) << "a character split across words: " << word;
  }
  EXPECT_EQ(decodeUnstructured(*subject), m.subject);
  // Folded over several lines.
  const auto raw = std::find_if(split.headers.begin(), split.headers.end(),
                                [](const auto& h) { return h.name == "Subject"; });
  EXPECT_GE(std::count(raw->folded.begin(), raw->folded.end(), '\n'), 2);
}

TEST(ComposeMime, FourByteCharactersAreNeverSplit) {
  OutgoingMessage m = acknowledgement();
  m.subject.clear();
  for (int i = 0; i < 40; ++i) m.subject += "𠮷";  // U+20BB7, four bytes
  const auto subject = header(splitMessage(composeMime(m)), "Subject");
  ASSERT_TRUE(subject);
  for (const std::string& word : encodedWords(*subject)) {
    const auto bytes = decodeBase64(word.substr(10, word.size() - 12));
    ASSERT_TRUE(bytes);
    EXPECT_EQ(bytes->size() % 4, 0U);
    EXPECT_TRUE(test::isWellFormedUtf8(*bytes));
  }
  EXPECT_EQ(decodeUnstructured(*subject), m.subject);
}

TEST(ComposeMime, LongAsciiSubjectFoldsAtSpacesAndKeepsItsText) {
  OutgoingMessage m = acknowledgement();
  m.subject =
      "[CVD#01234567] Re: Re: Fwd: Stored cross-site scripting in the administration "
      "console of FooCMS 2.1 allows session theft  (two spaces kept)";
  const std::string mime = composeMime(m);
  expectWellFormedLines(mime);
  const auto subject = header(splitMessage(mime), "Subject");
  EXPECT_EQ(subject, m.subject);  // unfolding restores it exactly: nothing encoded
}

TEST(ComposeMime, AsciiTextThatLooksLikeAnEncodedWordIsEncoded) {
  OutgoingMessage m = acknowledgement();
  m.subject = "literal =?UTF-8?B?SGk=?= text";
  const auto subject = header(splitMessage(composeMime(m)), "Subject");
  ASSERT_TRUE(subject);
  EXPECT_EQ(subject->find("=?UTF-8?B?SGk=?="), std::string::npos);
  EXPECT_EQ(decodeUnstructured(*subject), m.subject);
}

TEST(ComposeMime, OverlongWordIsEncodedSoItCanFold) {
  OutgoingMessage m = acknowledgement();
  m.subject = "see https://example.org/" + std::string(120, 'a');
  const std::string mime = composeMime(m);
  expectWellFormedLines(mime);
  EXPECT_EQ(decodeUnstructured(*header(splitMessage(mime), "Subject")), m.subject);
}

TEST(ComposeMime, InvalidUtf8BecomesReplacementCharacter) {
  OutgoingMessage m = acknowledgement();
  m.subject = "bad \xC3\x28 byte";
  const auto subject = header(splitMessage(composeMime(m)), "Subject");
  ASSERT_TRUE(subject);
  EXPECT_EQ(decodeUnstructured(*subject), "bad \xEF\xBF\xBD( byte");
}

TEST(ComposeMime, DisplayNamesWithSpecialsAreQuoted) {
  OutgoingMessage m = acknowledgement();
  m.to = {{"Sato, Ken", "ken@example.jp"}, {R"(Dr. "Q" \ Team)", "q@example.com"}};
  const std::string mime = composeMime(m);
  expectWellFormedLines(mime);
  EXPECT_EQ(header(splitMessage(mime), "To"),
            R"("Sato, Ken" <ken@example.jp>, "Dr. \"Q\" \\ Team" <q@example.com>)");
}

TEST(ComposeMime, JapaneseDisplayNameIsEncoded) {
  OutgoingMessage m = acknowledgement();
  m.from = {"JPCERT コーディネーションセンター", "vendors@cert.example"};
  const auto from = header(splitMessage(composeMime(m)), "From");
  ASSERT_TRUE(from);
  ASSERT_TRUE(from->ends_with(" <vendors@cert.example>"));
  EXPECT_TRUE(from->starts_with("JPCERT =?UTF-8?B?")) << *from;  // the atom stays readable
  const std::string name =
      from->substr(0, from->size() - std::string(" <vendors@cert.example>").size());
  EXPECT_EQ(name.find_first_not_of("=?UTF-8BQbq+/0123456789abcdefghijklmnopqrstuvwxyz"
                                   "ACDEFGHIJKLMNOPRSTVWXYZ "),
            std::string::npos)
      << name;
  EXPECT_EQ(decodeUnstructured(name), m.from.displayName);
}

TEST(ComposeMime, LongJapaneseDisplayNameFoldsIntoSeveralWords) {
  OutgoingMessage m = acknowledgement();
  m.to = {{"一般社団法人 ＪＰＣＥＲＴコーディネーションセンター 製品脆弱性対策担当 御中",
           "psirt@example.jp"}};
  const std::string mime = composeMime(m);
  expectWellFormedLines(mime);
  const auto to = header(splitMessage(mime), "To");
  ASSERT_TRUE(to);
  ASSERT_TRUE(to->ends_with(" <psirt@example.jp>"));
  const std::string name = to->substr(0, to->size() - std::string(" <psirt@example.jp>").size());
  EXPECT_GE(encodedWords(name).size(), 2U);
  for (const std::string& word : encodedWords(name)) {
    EXPECT_LE(word.size(), 75U);
    EXPECT_TRUE(test::isWellFormedUtf8(*decodeBase64(word.substr(10, word.size() - 12))));
  }
  EXPECT_EQ(decodeUnstructured(name), m.to.front().displayName);
}

TEST(ComposeMime, ManyRecipientsAndReferencesFold) {
  OutgoingMessage m = acknowledgement();
  m.to.clear();
  m.references.clear();
  for (int i = 0; i < 12; ++i) {
    m.to.push_back(
        {"Vendor PSIRT " + std::to_string(i), "psirt" + std::to_string(i) + "@example.com"});
    m.references.push_back("CVD01234567." + std::to_string(i) + "@cert.example");
  }
  const std::string mime = composeMime(m);
  expectWellFormedLines(mime);
  const auto split = splitMessage(mime);
  const auto references = header(split, "References");
  ASSERT_TRUE(references);
  EXPECT_EQ(std::count(references->begin(), references->end(), '<'), 12);
  for (const auto& h : split.headers) {
    if (h.name == "References" || h.name == "To") {
      EXPECT_NE(h.folded.find("\r\n"), std::string::npos) << h.name;
    }
  }
}

TEST(ComposeMime, HeaderInjectionIsNeutralised) {
  OutgoingMessage m = acknowledgement();
  m.subject = "hello\r\nBcc: evil@example.com\r\n\r\nfake body";
  m.from.displayName = "CSIRT\r\nX-Injected: from-name";
  m.to = {{"Alice\nX-Injected: to-name", "alice@example.org\r\nBcc: evil@example.com"}};
  m.messageId = "id@cert.example>\r\nX-Injected: msgid";
  m.inReplyTo = "r@example.org\nX-Injected: in-reply-to";
  m.references = {"a@example.org\r\nX-Injected: references"};
  m.date = "Tue, 01 Apr 2025 10:15:00 +0900\r\nX-Injected: date";
  m.autoSubmitted = "auto-replied\r\nX-Injected: auto";
  m.extraHeaders = {{"X-Ok\r\nX-Injected", "v\r\nX-Injected: extra"}};
  const std::string mime = composeMime(m);
  expectWellFormedLines(mime);
  const auto split = splitMessage(mime);
  for (const auto& h : split.headers) {
    EXPECT_NE(h.name, "Bcc");
    EXPECT_NE(h.name, "X-Injected");
    EXPECT_EQ(h.name.find_first_of(" \t\r\n"), std::string::npos) << h.name;
  }
  EXPECT_EQ(split.headers.size(), 12U);
  EXPECT_EQ(header(split, "Subject"), "hello Bcc: evil@example.com fake body");
  EXPECT_EQ(header(split, "To"), "\"Alice X-Injected: to-name\" <alice@example.org>");
  EXPECT_EQ(header(split, "Message-ID"), "<id@cert.example>");
  EXPECT_EQ(split.body, "Thank you for your report.\r\n\r\nCase ID: CVD#01234567\r\n");
}

TEST(ComposeMime, JapaneseBodyIsBase64InShortLines) {
  OutgoingMessage m = acknowledgement();
  m.bodyText =
      "このたびは、脆弱性関連情報をご報告いただき、誠にありがとうございます。\n識別番号: "
      "CVD#01234567\n";
  const std::string mime = composeMime(m);
  expectWellFormedLines(mime);
  const auto split = splitMessage(mime);
  EXPECT_EQ(header(split, "Content-Transfer-Encoding"), "base64");
  std::size_t start = 0;
  while (start < split.body.size()) {
    const std::size_t end = split.body.find("\r\n", start);
    EXPECT_LE(end - start, 76U);
    start = end + 2;
  }
  const auto decoded = decodeBase64(split.body);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded,
            "このたびは、脆弱性関連情報をご報告いただき、誠にありがとうございます。\r\n識別番号: "
            "CVD#01234567\r\n");
}

TEST(ComposeMime, AsciiBodyWithOverlongLineIsQuotedPrintable) {
  OutgoingMessage m = acknowledgement();
  m.bodyText = "short\n" + std::string(1200, 'x') + "=y \nend";
  const std::string mime = composeMime(m);
  expectWellFormedLines(mime);
  const auto split = splitMessage(mime);
  EXPECT_EQ(header(split, "Content-Transfer-Encoding"), "quoted-printable");
  std::size_t start = 0;
  while (start < split.body.size()) {
    const std::size_t end = split.body.find("\r\n", start);
    EXPECT_LE(end - start, 76U);
    start = end + 2;
  }
  EXPECT_EQ(bodyText(split), m.bodyText + "\n");  // a final line break is added
}

TEST(ComposeMime, BodyLineEndsAreNormalised) {
  OutgoingMessage m = acknowledgement();
  m.bodyText = "a\r\nb\rc\nd";
  const auto split = splitMessage(composeMime(m));
  EXPECT_EQ(split.body, "a\r\nb\r\nc\r\nd\r\n");
}

TEST(ComposeMime, MissingDateIsFilledIn) {
  OutgoingMessage m = acknowledgement();
  m.date.clear();
  const auto date = header(splitMessage(composeMime(m)), "Date");
  ASSERT_TRUE(date);
  EXPECT_TRUE(date->ends_with(" +0000")) << *date;
  EXPECT_EQ(date->size(), std::string("Tue, 01 Apr 2025 10:15:00 +0000").size()) << *date;
}

// An independent parser: Python's email package must read every message back without
// defects and see the same subject, body text and recipient.
struct PythonCase {
  const char* label;
  OutgoingMessage message;
  std::string expectedSubject;
  std::string expectedBody;
};

std::vector<PythonCase> pythonCases() {
  std::vector<PythonCase> cases;
  const OutgoingMessage ascii = acknowledgement();
  cases.push_back({"ascii", ascii, ascii.subject, ascii.bodyText});

  OutgoingMessage japanese = acknowledgement();
  japanese.from = {"JPCERT コーディネーションセンター", "vendors@cert.example"};
  japanese.to = {{"JPCERT コーディネーションセンター", "ken@example.jp"},
                 {"佐藤 健", "k@example.jp"}};
  japanese.subject = kLongJapaneseSubject;
  japanese.bodyText =
      "佐藤 健 様\n\nこのたびは、脆弱性関連情報をご報告いただき、誠にありがとうございます。\n";
  cases.push_back({"japanese", japanese, japanese.subject, japanese.bodyText});

  OutgoingMessage specials = acknowledgement();
  specials.to = {{"Sato, Ken <boss>", "ken@example.jp"}};
  specials.subject = R"(<script>&"quoted" =?x?= mixed 日本語 and ASCII  two  spaces)";
  cases.push_back({"specials", specials, specials.subject, specials.bodyText});

  OutgoingMessage injection = acknowledgement();
  injection.subject = "hello\r\nBcc: evil@example.com";
  injection.to = {{"Alice\r\nX-Injected: 1", "alice@example.org\r\nBcc: evil@example.com"}};
  cases.push_back({"injection", injection, "hello Bcc: evil@example.com", injection.bodyText});

  OutgoingMessage longLine = acknowledgement();
  longLine.bodyText = std::string(1500, 'z') + "\n";
  cases.push_back({"quoted-printable", longLine, longLine.subject, longLine.bodyText});
  return cases;
}

TEST(ComposeMime, PythonEmailParserAgrees) {
  for (const PythonCase& c : pythonCases()) {
    SCOPED_TRACE(c.label);
    const std::string mime = composeMime(c.message);
    expectWellFormedLines(mime);
    const auto& to = c.message.to.front();
    std::string expectedName;
    for (const char ch : to.displayName) expectedName += (ch == '\r' || ch == '\n') ? ' ' : ch;
    // composeMime turns each run of line breaks into one space.
    std::string collapsed;
    for (std::size_t i = 0; i < expectedName.size(); ++i) {
      if (expectedName[i] == ' ' && i + 1 < expectedName.size() && expectedName[i + 1] == ' ' &&
          (to.displayName[i] == '\r')) {
        continue;
      }
      collapsed += expectedName[i];
    }
    std::string expectedAddress;
    for (const char ch : to.address.substr(0, to.address.find_first_of("\r\n"))) {
      if (std::string_view("\r\n <>(),;:\\\"[]").find(ch) == std::string_view::npos) {
        expectedAddress += ch;
      }
    }
    const auto verdict = checkWithPython(mime, c.expectedSubject, c.expectedBody,
                                         std::pair{collapsed, expectedAddress});
    EXPECT_TRUE(verdict.ok) << verdict.report << "\n" << mime;
  }
}

}  // namespace
}  // namespace cvdd::templates
