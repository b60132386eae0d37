// Address lists as senders write them, through parseMessage's From/To/Reply-To.

#include "parsers/address_list.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cvdd::parsers {
namespace {

struct AddressCase {
  const char* name;
  std::string value;
  std::vector<std::pair<std::string, std::string>> expected;  // display name, address
};

class AddressList : public ::testing::TestWithParam<AddressCase> {};

TEST_P(AddressList, Parses) {
  const auto& c = GetParam();
  std::vector<std::string> warnings;
  const auto boxes = detail::parseAddressList(c.value, &warnings);
  std::vector<std::pair<std::string, std::string>> actual;
  for (const auto& box : boxes) actual.emplace_back(box.displayName, box.address);
  EXPECT_EQ(actual, c.expected);
}

using P = std::pair<std::string, std::string>;

INSTANTIATE_TEST_SUITE_P(
    Forms, AddressList,
    ::testing::Values(
        AddressCase{"name_angle", "Alice <alice@Example.ORG>", {P{"Alice", "alice@example.org"}}},
        AddressCase{"bare", "bob@example.org", {P{"", "bob@example.org"}}},
        AddressCase{"bare_angle", "<bob@example.org>", {P{"", "bob@example.org"}}},
        AddressCase{
            "local_part_case_kept", "Bob.Smith@EXAMPLE.org", {P{"", "Bob.Smith@example.org"}}},
        AddressCase{
            "quoted_comma", "\"Doe, John\" <j@example.com>", {P{"Doe, John", "j@example.com"}}},
        AddressCase{
            "quoted_escape", "\"a \\\"b\\\"\" <a@example.com>", {P{"a \"b\"", "a@example.com"}}},
        AddressCase{
            "comment_name", "carol@example.org (Carol C)", {P{"Carol C", "carol@example.org"}}},
        AddressCase{"nested_comment", "(x (y) z) d@example.org", {P{"x (y) z", "d@example.org"}}},
        AddressCase{"two",
                    "a@example.org, B <b@example.org>",
                    {P{"", "a@example.org"}, P{"B", "b@example.org"}}},
        AddressCase{"semicolon_separated",
                    "a@example.org; b@example.org",
                    {P{"", "a@example.org"}, P{"", "b@example.org"}}},
        AddressCase{"group",
                    "Team: a@example.org, b@example.org;",
                    {P{"", "a@example.org"}, P{"", "b@example.org"}}},
        AddressCase{"empty_group", "undisclosed-recipients:;", {}},
        AddressCase{
            "rfc2047_name", "=?utf-8?b?w4lsaXNl?= <e@example.fr>", {P{"Élise", "e@example.fr"}}},
        AddressCase{"rfc2047_in_quotes",
                    "\"=?utf-8?q?J=C3=B6rg?=\" <j@example.de>",
                    {P{"Jörg", "j@example.de"}}},
        AddressCase{"rfc2047_two_words",
                    "=?utf-8?q?J=C3=B6rg?= =?utf-8?q?_M?= <j@example.de>",
                    {P{"Jörg M", "j@example.de"}}},
        AddressCase{"raw_utf8",
                    "\"J\xC3\xB6hn Doe\" <jd\xC3\xB6"
                    "e@M\xC3\xA4"
                    "chine.example>",
                    {P{"Jöhn Doe", "jdöe@mächine.example"}}},
        // ISO-2022-JP bytes include "<" and "\"" codes; they must not split the mailbox.
        AddressCase{
            "raw_jis_name", "\x1B$B08@h\x1B(B <to@example.jp>", {P{"宛先", "to@example.jp"}}},
        AddressCase{"route", "<@a.example,@b.example:u@c.example>", {P{"", "u@c.example"}}},
        AddressCase{"trailing_dot_domain", "u@Example.COM.", {P{"", "u@example.com"}}},
        AddressCase{"address_as_name",
                    "manager@corp.example <eve@corp.example>",
                    {P{"manager@corp.example", "eve@corp.example"}}},
        AddressCase{"empty_angle", "Sender <>", {}}, AddressCase{"name_only", "Just A Name", {}},
        AddressCase{"garbage", "<<<>>>,,,;;;::", {}},
        AddressCase{"unclosed_angle", "X <x@example.org", {P{"X", "x@example.org"}}},
        AddressCase{"unclosed_quote", "\"X <x@example.org>", {}}, AddressCase{"empty", "", {}}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(AddressListLimits, CapsMailboxCount) {
  std::string value;
  for (int i = 0; i < 5000; ++i) value += "u" + std::to_string(i) + "@example.org,";
  std::vector<std::string> warnings;
  EXPECT_EQ(detail::parseAddressList(value, &warnings).size(), detail::kMaxMailboxes);
  EXPECT_FALSE(warnings.empty());
}

}  // namespace
}  // namespace cvdd::parsers
