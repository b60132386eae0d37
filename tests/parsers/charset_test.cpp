// toUtf8 / toUtf8Lossy: table-driven over the charsets mail actually uses.

#include "parsers/charset.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cvdd::parsers {
namespace {

struct StrictCase {
  const char* name;
  std::string bytes;
  const char* charset;
  const char* utf8;
};

class ToUtf8Strict : public ::testing::TestWithParam<StrictCase> {};

TEST_P(ToUtf8Strict, Converts) {
  const auto& c = GetParam();
  auto out = toUtf8(c.bytes, c.charset);
  ASSERT_TRUE(out) << out.error().where << ": " << out.error().what;
  EXPECT_EQ(*out, c.utf8);
}

INSTANTIATE_TEST_SUITE_P(
    Charsets, ToUtf8Strict,
    ::testing::Values(
        StrictCase{"utf8", "h\xC3\xA9", "UTF-8", "h\xC3\xA9"},
        StrictCase{"utf8_alias", "h\xC3\xA9", "utf8", "h\xC3\xA9"},
        StrictCase{"ascii", "plain", "us-ascii", "plain"},
        StrictCase{"latin1", "caf\xE9", "ISO-8859-1", "caf\xC3\xA9"},
        StrictCase{"latin15_euro", "\xA4", "iso-8859-15", "\xE2\x82\xAC"},
        StrictCase{"latin2", "\xB1", "ISO-8859-2", "\xC4\x85"},
        StrictCase{"win1252_quotes", "\x93q\x94", "windows-1252", "\xE2\x80\x9Cq\xE2\x80\x9D"},
        StrictCase{"win1251", "\xCF\xF0\xE8", "windows-1251", "\xD0\x9F\xD1\x80\xD0\xB8"},
        StrictCase{"koi8r", "\xF0\xD2\xC9", "KOI8-R", "\xD0\x9F\xD1\x80\xD0\xB8"},
        StrictCase{"iso2022jp", "\x1B$B$3$s$K$A$O\x1B(B", "ISO-2022-JP",
                   "\xE3\x81\x93\xE3\x82\x93\xE3\x81\xAB\xE3\x81\xA1\xE3\x81\xAF"},
        StrictCase{"iso2022jp_lower", "\x1B$B$3\x1B(B", "iso-2022-jp", "\xE3\x81\x93"},
        // NEC row 13 (circled one) and JIS X 0201 kana: CP50221, beyond glibc's ISO-2022-JP.
        StrictCase{"iso2022jp_ms", "\x1B$B-!\x1B(I1\x1B(B", "ISO-2022-JP",
                   "\xE2\x91\xA0\xEF\xBD\xB1"},
        StrictCase{"sjis", "\x82\xA0", "Shift_JIS", "\xE3\x81\x82"},
        StrictCase{"sjis_alias", "\x82\xA0", "x-sjis", "\xE3\x81\x82"},
        // NEC special character in Shift_JIS: only CP932 knows it.
        StrictCase{"sjis_nec", "\x87\x40", "shift_jis", "\xE2\x91\xA0"},
        StrictCase{"windows31j", "\x82\xA0", "Windows-31J", "\xE3\x81\x82"},
        StrictCase{"eucjp", "\xA4\xA2", "EUC-JP", "\xE3\x81\x82"},
        StrictCase{"eucjp_nec", "\xAD\xA1", "euc-jp", "\xE2\x91\xA0"},
        StrictCase{"gb2312", "\xC4\xE3\xBA\xC3", "GB2312", "\xE4\xBD\xA0\xE5\xA5\xBD"},
        StrictCase{"gbk", "\x81\x40", "gbk", "\xE4\xB8\x82"},
        StrictCase{"big5", "\xA7\x41", "Big5", "\xE4\xBD\xA0"},
        StrictCase{"ks_c_5601", "\xC7\xD1", "ks_c_5601-1987", "\xED\x95\x9C"},
        StrictCase{"utf7", "+ZeVnLIqe-", "UTF-7", "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"},
        StrictCase{"quoted_label", "x", "\"us-ascii\"", "x"}),
    [](const auto& p) { return std::string(p.param.name); });

struct FailCase {
  const char* name;
  std::string bytes;
  const char* charset;
  const char* whereContains;
};

class ToUtf8Fails : public ::testing::TestWithParam<FailCase> {};

TEST_P(ToUtf8Fails, NamesCharsetAndOffset) {
  const auto& c = GetParam();
  auto out = toUtf8(c.bytes, c.charset);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, core::Errc::BadCharset);
  EXPECT_NE(out.error().where.find(c.whereContains), std::string::npos) << out.error().where;
}

INSTANTIATE_TEST_SUITE_P(
    Invalid, ToUtf8Fails,
    ::testing::Values(FailCase{"bad_utf8", "ab\xFF", "utf-8", "@ byte 2"},
                      // A cut multi-byte prefix is no valid prefix: the offset is still
                      // the first bad byte after the whole character.
                      FailCase{"bad_after_multibyte", "\xE3\x81\x82\xFF", "utf-8", "@ byte 3"},
                      FailCase{"overlong", "\xC0\xAF", "utf-8", "@ byte 0"},
                      FailCase{"surrogate", "\xED\xA0\x80", "utf-8", "@ byte 0"},
                      FailCase{"ascii_8bit", "a\x80", "us-ascii", "@ byte 1"},
                      FailCase{"sjis_truncated", "\x82", "shift_jis", "shift_jis"},
                      FailCase{"unknown", "x", "x-no-such-charset", "x-no-such-charset"},
                      // iconv_open would read "//" as conversion flags.
                      FailCase{"injected_suffix", "x", "utf-8//TRANSLIT", "utf-8//TRANSLIT"},
                      FailCase{"empty_label", "x", "", "charset"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(ToUtf8Lossy, ReplacesInvalidSequences) {
  std::vector<std::string> warnings;
  EXPECT_EQ(toUtf8Lossy("a\xFF"
                        "b",
                        "utf-8", &warnings),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(warnings.size(), 1u);
}

TEST(ToUtf8Lossy, ReplacesInvalidShiftJis) {
  std::vector<std::string> warnings;
  const std::string out = toUtf8Lossy("\x82\xA0\xFF\x82\xA0", "shift_jis", &warnings);
  EXPECT_EQ(out, "\xE3\x81\x82\xEF\xBF\xBD\xE3\x81\x82");
  EXPECT_FALSE(warnings.empty());
}

TEST(ToUtf8Lossy, UnknownCharsetReadAsUtf8WhenValid) {
  std::vector<std::string> warnings;
  EXPECT_EQ(toUtf8Lossy("h\xC3\xA9", "x-unknown", &warnings), "h\xC3\xA9");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("x-unknown"), std::string::npos);
}

TEST(ToUtf8Lossy, UnknownCharsetReadAsLatin1Otherwise) {
  std::vector<std::string> warnings;
  EXPECT_EQ(toUtf8Lossy("caf\xE9", "x-unknown", &warnings), "caf\xC3\xA9");
  EXPECT_EQ(warnings.size(), 1u);
}

TEST(ToUtf8Lossy, NullWarningsAllowed) {
  EXPECT_EQ(toUtf8Lossy("caf\xE9", "bogus//IGNORE", nullptr), "caf\xC3\xA9");
}

TEST(ToUtf8Lossy, TruncatedIso2022JpEndsWithReplacement) {
  const std::string out = toUtf8Lossy("\x1B$B$3$", "iso-2022-jp", nullptr);
  EXPECT_EQ(out.substr(0, 3), "\xE3\x81\x93");
}

// iconv reads the input in 4 KiB windows (charset.cpp): a character cut by a window's end
// is still decoded whole, at every alignment.
TEST(ToUtf8, MultibyteCharactersAcrossIconvWindows) {
  struct Sample {
    const char* charset;
    std::string encoded;  // one character
    std::string utf8;
  };
  const Sample samples[] = {{"shift_jis", "\x93\xFA", "\xE6\x97\xA5"},
                            {"euc-jp", "\x8F\xB0\xA1", "\xE4\xB8\x82"},
                            {"big5", "\xA4\xA4", "\xE4\xB8\xAD"}};
  for (const auto& sample : samples) {
    for (std::size_t lead = 0; lead < 3; ++lead) {
      std::string encoded(lead, 'a');
      std::string expected(lead, 'a');
      while (encoded.size() < 3 * 4096) {
        encoded += sample.encoded;
        expected += sample.utf8;
      }
      const auto strict = toUtf8(encoded, sample.charset);
      ASSERT_TRUE(strict.has_value()) << sample.charset << " lead " << lead;
      EXPECT_EQ(*strict, expected) << sample.charset << " lead " << lead;
      EXPECT_EQ(toUtf8Lossy(encoded, sample.charset, nullptr), expected) << sample.charset;
    }
  }
}

TEST(ToUtf8, Utf7ShiftLongerThanAnIconvWindow) {
  // "+ZeVnLIqe-" is 日本語; one base64 run of 6000 of them crosses several windows.
  std::string encoded = "+";
  std::string expected;
  for (int i = 0; i < 2000; ++i) {
    encoded += "ZeVnLIqe";
    expected += "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E";
  }
  encoded += "-";
  const auto strict = toUtf8(encoded, "utf-7");
  ASSERT_TRUE(strict.has_value());
  EXPECT_EQ(*strict, expected);
}

TEST(ToUtf8Lossy, InvalidBytesAcrossIconvWindowsEachBecomeOneReplacement) {
  const std::string garbage(10000, '\x1b');
  std::string expected;
  for (int i = 0; i < 10000; ++i) expected += "\xEF\xBF\xBD";
  EXPECT_EQ(toUtf8Lossy(garbage, "utf-7", nullptr), expected);
}

TEST(ToUtf8Lossy, OutputStaysBoundedOnGarbage) {
  std::string garbage;
  for (int i = 0; i < 100000; ++i) garbage += static_cast<char>(0x80 + (i * 7) % 128);
  for (const char* charset : {"utf-8", "shift_jis", "euc-jp", "iso-2022-jp", "utf-7", "big5"}) {
    const std::string out = toUtf8Lossy(garbage, charset, nullptr);
    EXPECT_LE(out.size(), garbage.size() * 8 + 64) << charset;
  }
}

}  // namespace
}  // namespace cvdd::parsers
