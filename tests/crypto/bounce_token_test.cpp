#include "crypto/bounce_token.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace cvdd::crypto {
namespace {

const ReplyTokenKey kKey(std::string(32, '\x42'));
constexpr const char* kCase = "CVD#01234567";
constexpr const char* kMessage = "CVD-01234567.3.vulnerability-summary.0@cert.example";
constexpr const char* kVendor = "psirt@acme.example";

bool isLowerAlnum(const std::string& token) {
  return std::all_of(token.begin(), token.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

TEST(BounceToken, IsCaseNumberAndTagInLowerCaseAlphanumerics) {
  const std::string token = bounceTokenFor(kKey, kCase, kMessage, kVendor);
  EXPECT_EQ(token.size(), 34U);
  EXPECT_TRUE(token.starts_with("01234567"));
  EXPECT_TRUE(isLowerAlnum(token)) << token;
  EXPECT_EQ(token, bounceTokenFor(kKey, "cvd#01234567", kMessage, "PSIRT@Acme.Example"));
  EXPECT_EQ(bounceTokenCase(token, "CVD"), "CVD#01234567");
  EXPECT_THROW(static_cast<void>(bounceTokenFor(kKey, "CVD#123", kMessage, kVendor)),
               std::invalid_argument);
}

TEST(BounceToken, RoundTripsForTheSameEntryOnly) {
  const std::string token = bounceTokenFor(kKey, kCase, kMessage, kVendor);
  EXPECT_TRUE(bounceTokenMatches(kKey, token, kCase, kMessage, kVendor));
  std::string upper = token;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  EXPECT_TRUE(bounceTokenMatches(kKey, upper, kCase, kMessage, kVendor)) << "case-folded";
  // Another recipient, another message, another case, another key: no.
  EXPECT_FALSE(bounceTokenMatches(kKey, token, kCase, kMessage, "security@bolt.example"));
  EXPECT_FALSE(bounceTokenMatches(kKey, token, kCase,
                                  "CVD-01234567.3.vulnerability-summary.1@cert.example", kVendor));
  EXPECT_FALSE(bounceTokenMatches(kKey, token, "CVD#01234568", kMessage, kVendor));
  EXPECT_FALSE(
      bounceTokenMatches(ReplyTokenKey(std::string(32, '\x43')), token, kCase, kMessage, kVendor));
}

TEST(BounceToken, ForgedTruncatedOrAlteredTokensAreRejected) {
  const std::string token = bounceTokenFor(kKey, kCase, kMessage, kVendor);
  for (std::size_t i = 0; i < token.size(); ++i) {
    std::string altered = token;
    altered[i] = altered[i] == 'a' ? 'b' : 'a';
    EXPECT_FALSE(bounceTokenMatches(kKey, altered, kCase, kMessage, kVendor)) << i;
  }
  EXPECT_FALSE(bounceTokenMatches(kKey, token.substr(0, 33), kCase, kMessage, kVendor));
  EXPECT_FALSE(bounceTokenMatches(kKey, token + "a", kCase, kMessage, kVendor));
  EXPECT_FALSE(bounceTokenMatches(kKey, "", kCase, kMessage, kVendor));
  EXPECT_FALSE(bounceTokenMatches(kKey, token, "not a case", kMessage, kVendor));
  EXPECT_EQ(bounceTokenCase("x1234567" + token.substr(8), "CVD"), std::nullopt);
  EXPECT_EQ(bounceTokenCase(token.substr(1), "CVD"), std::nullopt);
}

TEST(BounceToken, IsNeverTheReplyTokenOfTheSameCase) {
  // One key, two kinds of tag: a bounce address's token never opens the reply path.
  const std::string bounce = bounceTokenFor(kKey, kCase, kMessage, kVendor);
  EXPECT_NE(bounce, kKey.tokenFor(kCase, kVendor));
  EXPECT_EQ(kKey.caseFor(bounce, "CVD", kVendor), std::nullopt);
}

TEST(BounceToken, BounceAddressAndTokenInAddress) {
  const std::string token = bounceTokenFor(kKey, kCase, kMessage, kVendor);
  const std::string address = bounceAddress("vendors@cert.example", token);
  EXPECT_EQ(address, "vendors+b-" + token + "@cert.example");
  EXPECT_EQ(bounceTokenInAddress(address, "vendors@cert.example"), token);
  std::string upper = address;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  EXPECT_EQ(bounceTokenInAddress("<" + upper + ">", "vendors@cert.example"), token);
  // A reply address, the plain intake, another domain or local part: not a bounce address.
  EXPECT_EQ(bounceTokenInAddress("vendors+" + token + "@cert.example", "vendors@cert.example"),
            std::nullopt);
  EXPECT_EQ(bounceTokenInAddress("vendors@cert.example", "vendors@cert.example"), std::nullopt);
  EXPECT_EQ(bounceTokenInAddress("vendors+b-@cert.example", "vendors@cert.example"), std::nullopt);
  EXPECT_EQ(bounceTokenInAddress("vendors+b-" + token + "@evil.example", "vendors@cert.example"),
            std::nullopt);
  EXPECT_EQ(bounceTokenInAddress("vendorsx+b-" + token + "@cert.example", "vendors@cert.example"),
            std::nullopt);
}

}  // namespace
}  // namespace cvdd::crypto
