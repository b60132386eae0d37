// Content-Transfer-Encoding decoders, damaged input included.

#include "parsers/transfer_decode.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cvdd::parsers {
namespace {

struct TransferCase {
  const char* name;
  std::string body;
  const char* encoding;
  std::string decoded;
  bool warns;
};

class DecodeTransfer : public ::testing::TestWithParam<TransferCase> {};

TEST_P(DecodeTransfer, Decodes) {
  const auto& c = GetParam();
  std::vector<std::string> warnings;
  EXPECT_EQ(detail::decodeTransfer(c.body, c.encoding, &warnings), c.decoded);
  EXPECT_EQ(!warnings.empty(), c.warns);
}

INSTANTIATE_TEST_SUITE_P(
    Encodings, DecodeTransfer,
    ::testing::Values(
        TransferCase{"b64", "SGVsbG8=", "base64", "Hello", false},
        TransferCase{"b64_upper_name", "SGVsbG8=", "BASE64", "Hello", false},
        TransferCase{"b64_lines", "SGVs\r\nbG8=\r\n", "base64", "Hello", false},
        TransferCase{"b64_no_padding", "SGVsbG8", "base64", "Hello", false},
        TransferCase{"b64_concatenated", "SGk=SGk=", "base64", "HiHi", false},
        TransferCase{"b64_garbage", "SG*Vs!bG8=", "base64", "Hello", true},
        TransferCase{"b64_dangling", "SGVsbG8=Q", "base64", "Hello", true},
        TransferCase{"qp", "caf=C3=A9", "quoted-printable", "caf\xC3\xA9", false},
        TransferCase{"qp_lower_hex", "caf=c3=a9", "quoted-printable", "caf\xC3\xA9", false},
        TransferCase{"qp_soft_break", "long=\r\nline", "quoted-printable", "longline", false},
        TransferCase{"qp_soft_break_lf", "long=\nline", "quoted-printable", "longline", false},
        TransferCase{"qp_soft_break_padding", "long= \t\nline", "quoted-printable", "longline",
                     false},
        TransferCase{"qp_trailing_space", "a  \r\nb", "quoted-printable", "a\r\nb", false},
        TransferCase{"qp_bad_escape", "100%=ZZ", "quoted-printable", "100%=ZZ", true},
        TransferCase{"qp_final_equals", "end=", "quoted-printable", "end", false},
        // ISO-2022-JP in QP (Thunderbird's test): the escape bytes come back.
        TransferCase{"qp_jis", "=1B$BF|K\\=1B(B", "quoted-printable", "\x1B$BF|K\\\x1B(B", false},
        TransferCase{"7bit", "a=41", "7bit", "a=41", false},
        TransferCase{"8bit", "\xE9", "8bit", "\xE9", false},
        TransferCase{"binary", "x", "binary", "x", false},
        TransferCase{"none", "a=41", "", "a=41", false},
        TransferCase{"unknown", "begin 644 x", "x-uuencode", "begin 644 x", true}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(QEncoding, UnderscoreIsSpace) {
  bool damaged = false;
  EXPECT_EQ(detail::decodeQEncoding("a_b=5F", &damaged), "a b_");
  EXPECT_FALSE(damaged);
}

}  // namespace
}  // namespace cvdd::parsers
