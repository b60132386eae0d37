// decodeHeader: RFC 2047 words in every charset mail uses, and the ways senders break them.

#include "parsers/rfc2047.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cvdd::parsers {
namespace {

struct HeaderCase {
  const char* name;
  std::string raw;
  std::string decoded;
  bool warns;
};

class DecodeHeader : public ::testing::TestWithParam<HeaderCase> {};

TEST_P(DecodeHeader, Decodes) {
  const auto& c = GetParam();
  std::vector<std::string> warnings;
  EXPECT_EQ(decodeHeader(c.raw, &warnings), c.decoded);
  EXPECT_EQ(!warnings.empty(), c.warns) << (warnings.empty() ? "" : warnings.front());
}

INSTANTIATE_TEST_SUITE_P(
    Words, DecodeHeader,
    ::testing::Values(
        HeaderCase{"plain", "Hello world", "Hello world", false},
        HeaderCase{"b_utf8", "=?UTF-8?B?5pel5pys6Kqe?=", "日本語", false},
        HeaderCase{"q_latin1", "=?iso-8859-1?q?caf=E9_au_lait?=", "café au lait", false},
        HeaderCase{"lower_b", "=?utf-8?b?w6k=?=", "é", false},
        HeaderCase{"mixed_text", "Re: =?utf-8?q?caf=C3=A9?= time", "Re: café time", false},
        // RFC 2047 §6.2: whitespace between adjacent words disappears...
        HeaderCase{"adjacent", "=?utf-8?q?a?= =?utf-8?q?b?=", "ab", false},
        HeaderCase{"adjacent_folded", "=?utf-8?q?a?=\r\n\t=?utf-8?q?b?=", "ab", false},
        // ...but not between a word and plain text.
        HeaderCase{"word_then_text", "=?utf-8?q?a?= b", "a b", false},
        HeaderCase{"words_around_text", "=?utf-8?q?a?= b =?utf-8?q?c?= =?utf-8?q?d?= e", "a b cd e",
                   false},
        // One ISO-2022-JP character split across two B words.
        HeaderCase{
            "jis_split_b",
            "test: =?ISO-2022-JP?B?GyRCJUYlOSVIJWEhPA==?= =?ISO-2022-JP?B?JWskTjdvTD4bKEI=?=",
            "test: テストメールの件名", false},
        HeaderCase{"jis_split_q",
                   "=?ISO-2022-JP?Q?=1B$B%F%9%H%a!?= =?ISO-2022-JP?Q?<%k$N7oL>=1B(B?=",
                   "テストメールの件名", false},
        // Shift_JIS "あい" split after the first byte of "い".
        HeaderCase{"sjis_split", "=?Shift_JIS?B?gqCC?= =?Shift_JIS?B?og==?=", "あい", false},
        HeaderCase{"euc_jp", "=?EUC-JP?B?pKKkpA==?=", "あい", false},
        HeaderCase{"gb2312", "=?gb2312?B?xOO6ww==?=", "你好", false},
        HeaderCase{"big5", "=?big5?B?p0E=?=", "你", false},
        HeaderCase{"koi8r", "=?koi8-r?B?8NLJ?=", "При", false},
        HeaderCase{"windows1251", "=?windows-1251?Q?=CF=F0=E8?=", "При", false},
        HeaderCase{"rfc2231_language", "=?utf-8*ja?B?5pel?=", "日", false},
        HeaderCase{"different_charsets", "=?utf-8?q?a?= =?iso-8859-1?q?=E9?=", "aé", false},
        HeaderCase{"raw_utf8", "S\xC3\xA4ying Hello", "Säying Hello", false},
        HeaderCase{"raw_jis", "\x1B$B%F%9%H\x1B(B", "テスト", true},
        HeaderCase{"raw_sjis", "\x83\x65\x83\x58\x83\x67\x82\xcc\x8c\x8f\x96\xbc", "テストの件名",
                   true},
        HeaderCase{"raw_eucjp", "\xA5\xC6\xA5\xB9\xA5\xC8\xA4\xCE\xB7\xEF\xCC\xBE", "テストの件名",
                   true},
        // Malformed words stay as they are.
        HeaderCase{"unknown_encoding", "=?utf-8?X?abc?=", "=?utf-8?X?abc?=", false},
        HeaderCase{"unterminated", "=?utf-8?q?abc", "=?utf-8?q?abc", false},
        HeaderCase{"bad_base64", "=?utf-8?B?!!!?=", "=?utf-8?B?!!!?=", true},
        HeaderCase{"empty_charset", "=??q?a?=", "=??q?a?=", false},
        HeaderCase{"unknown_charset", "=?x-klingon?q?abc?=", "abc", true},
        // Decoded line breaks must not reach replies or logs.
        HeaderCase{"no_crlf_injection", "=?utf-8?q?a=0D=0ABcc:_evil?=", "a  Bcc: evil", false},
        HeaderCase{"nul", "=?utf-8?q?a=00b?=", "ab", false},
        HeaderCase{"utf7", "=?unicode-1-1-utf-7?Q?+MMYwuTDIMOEw,DDrMG5O9lQN-?=",
                   "テストメールの件名", false},
        HeaderCase{"empty", "", "", false}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(DecodeHeaderLimits, ManyWordsStayLinear) {
  std::string raw;
  for (int i = 0; i < 20000; ++i) raw += "=?utf-8?q?a?= ";
  EXPECT_EQ(decodeHeader(raw), std::string(20000, 'a') + " ");
}

TEST(DecodeHeaderLimits, OpenWordStormIsKeptVerbatim) {
  std::string raw;
  for (int i = 0; i < 20000; ++i) raw += "=?utf-8?q?";
  EXPECT_EQ(decodeHeader(raw), raw);
}

}  // namespace
}  // namespace cvdd::parsers
