#include "crypto/reply_token.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "gpg_test_support.hpp"

namespace cvdd::crypto {
namespace {

const ReplyTokenKey kKey(std::string(32, '\x42'));

bool isLowerAlnum(const std::string& token) {
  return std::all_of(token.begin(), token.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

TEST(ReplyToken, IsCaseNumberAndTagInLowerCaseAlphanumerics) {
  const std::string token = kKey.tokenFor("CVD#01234567", "alice@example.org");
  EXPECT_EQ(token.size(), 34U);
  EXPECT_TRUE(token.starts_with("01234567"));
  EXPECT_TRUE(isLowerAlnum(token)) << token;
  EXPECT_EQ(token, kKey.tokenFor("CVD#01234567", "alice@example.org")) << "deterministic";
  EXPECT_EQ(token, kKey.tokenFor("cvd#01234567", "Alice@Example.ORG")) << "case-folded";
  EXPECT_THROW(static_cast<void>(kKey.tokenFor("CVD#123", "a@b")), std::invalid_argument);
}

TEST(ReplyToken, RoundTripsForTheSameParticipantOnly) {
  const std::string token = kKey.tokenFor("CVD#01234567", "alice@example.org");
  EXPECT_EQ(kKey.caseFor(token, "CVD", "alice@example.org"), "CVD#01234567");
  EXPECT_EQ(kKey.caseFor(token, "CVD", "ALICE@example.org"), "CVD#01234567");
  EXPECT_EQ(kKey.caseFor(token, "CVD", "mallory@example.org"), std::nullopt);
  // A mail system that upper-cased the local part.
  std::string upper = token;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(kKey.caseFor(upper, "CVD", "alice@example.org"), "CVD#01234567");
  // Another key does not accept it.
  EXPECT_EQ(ReplyTokenKey(std::string(32, '\x43')).caseFor(token, "CVD", "alice@example.org"),
            std::nullopt);
}

TEST(ReplyToken, AnyChangedCharacterOrLengthIsRejected) {
  const std::string token = kKey.tokenFor("CVD#01234567", "alice@example.org");
  for (std::size_t i = 0; i < token.size(); ++i) {
    std::string flipped = token;
    flipped[i] = flipped[i] == 'a' ? 'b' : (flipped[i] == '0' ? '1' : 'a');
    EXPECT_EQ(kKey.caseFor(flipped, "CVD", "alice@example.org"), std::nullopt) << i;
  }
  EXPECT_EQ(kKey.caseFor(token.substr(0, 33), "CVD", "alice@example.org"), std::nullopt);
  EXPECT_EQ(kKey.caseFor(token + "a", "CVD", "alice@example.org"), std::nullopt);
  EXPECT_EQ(kKey.caseFor("", "CVD", "alice@example.org"), std::nullopt);
  // The case number is covered by the tag: another case with the same tag fails.
  std::string otherCase = token;
  otherCase.replace(0, 8, "01234568");
  EXPECT_EQ(kKey.caseFor(otherCase, "CVD", "alice@example.org"), std::nullopt);
  // And so is the prefix.
  EXPECT_EQ(kKey.caseFor(token, "JVN", "alice@example.org"), std::nullopt);
}

TEST(ReplyToken, TaggedAddressAndTokenInAddress) {
  const std::string token = kKey.tokenFor("CVD#01234567", "alice@example.org");
  const std::string tagged = taggedAddress("vendors@cert.example", token);
  EXPECT_EQ(tagged, "vendors+" + token + "@cert.example");
  EXPECT_EQ(tokenInAddress(tagged, "vendors@cert.example"), token);
  EXPECT_EQ(tokenInAddress("Vendors+" + token + "@CERT.Example", "vendors@cert.example"), token);
  EXPECT_EQ(tokenInAddress("<vendors+" + token + "@cert.example>", "VENDORS@cert.example"), token);
  EXPECT_EQ(tokenInAddress("vendors@cert.example", "vendors@cert.example"), std::nullopt);
  EXPECT_EQ(tokenInAddress("vendors+@cert.example", "vendors@cert.example"), std::nullopt);
  EXPECT_EQ(tokenInAddress("other+" + token + "@cert.example", "vendors@cert.example"),
            std::nullopt);
  EXPECT_EQ(tokenInAddress("vendorsx+" + token + "@cert.example", "vendors@cert.example"),
            std::nullopt);
  EXPECT_EQ(tokenInAddress("vendors+" + token + "@cert.example.org", "vendors@cert.example"),
            std::nullopt);
  EXPECT_EQ(tokenInAddress("not an address", "vendors@cert.example"), std::nullopt);
  EXPECT_EQ(tokenInAddress("vendors+" + token + "@cert.example", "broken"), std::nullopt);
}

TEST(ReplyTokenKey, IsCreatedOnceWithMode0600AndReadBack) {
  test::TempDir dir;
  const std::string path = (dir.path() / "reply-token.key").string();
  const ReplyTokenKey created = ReplyTokenKey::loadOrCreate(path);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  EXPECT_EQ(st.st_size, 32);
  const ReplyTokenKey loaded = ReplyTokenKey::loadOrCreate(path);
  const std::string token = created.tokenFor("CVD#00000001", "a@example.org");
  EXPECT_EQ(loaded.tokenFor("CVD#00000001", "a@example.org"), token);
  // Nothing left behind but the key.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                          std::filesystem::directory_iterator()),
            1);

  // A truncated key file is an error, never silently replaced.
  test::writeFile(path, "short");
  EXPECT_THROW(ReplyTokenKey::loadOrCreate(path), std::runtime_error);
  EXPECT_THROW(ReplyTokenKey::loadOrCreate((dir.path() / "no" / "such" / "dir").string()),
               std::runtime_error);
}

TEST(ReplyTokenKey, ConcurrentCreatorsAgreeOnOneKey) {
  test::TempDir dir;
  const std::string path = (dir.path() / "reply-token.key").string();
  std::vector<std::string> tokens(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    threads.emplace_back([&, i] {
      tokens[i] = ReplyTokenKey::loadOrCreate(path).tokenFor("CVD#00000001", "a@example.org");
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& token : tokens) EXPECT_EQ(token, tokens[0]);
}

TEST(ReplyTokenMessageId, CarriesTheTokenAndGivesItBack) {
  const ReplyTokenKey key(std::string(32, 's'));
  const std::string token = key.tokenFor("CVD#00000001", "psirt@vendor.example");
  const std::string id = tokenedMessageId("CVD-00000001.3.summary.0", token, "cert.example");
  EXPECT_EQ(id, "CVD-00000001.3.summary.0.rt-" + token + "@cert.example");
  EXPECT_EQ(tokenInMessageId(id), token);
  EXPECT_EQ(tokenInMessageId("<" + id + ">"), token);
  // A mail system that upper-cased the ID does not lose the token.
  std::string upper = id;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(tokenInMessageId(upper), token);
  EXPECT_EQ(key.caseFor(*tokenInMessageId(id), "CVD", "psirt@vendor.example"), "CVD#00000001");
  EXPECT_FALSE(key.caseFor(*tokenInMessageId(id), "CVD", "mallory@evil.example"));
}

TEST(ReplyTokenMessageId, IdsWithoutAWellFormedTokenHaveNone) {
  EXPECT_FALSE(tokenInMessageId("CVD-00000001.acknowledgement@cert.example"));
  EXPECT_FALSE(tokenInMessageId("a.rt-short@cert.example"));
  EXPECT_FALSE(tokenInMessageId("a.rt-" + std::string(34, 'a')));  // no domain
  EXPECT_FALSE(tokenInMessageId(""));
}

TEST(NoticeReference, DiffersPerCaseParticipantNoticeAndOrdinalAndIsNoToken) {
  const ReplyTokenKey key(std::string(32, 's'));
  const std::string ref =
      key.noticeReference("CVD#00000001", "psirt@vendor.example", "vulnerability-summary", 0);
  EXPECT_EQ(ref.size(), 16u);
  EXPECT_EQ(ref.find_first_not_of("abcdefghijklmnopqrstuvwxyz234567"), std::string::npos);
  EXPECT_EQ(
      ref, key.noticeReference("cvd#00000001", "PSIRT@vendor.example", "vulnerability-summary", 0));
  for (const auto& other :
       {key.noticeReference("CVD#00000002", "psirt@vendor.example", "vulnerability-summary", 0),
        key.noticeReference("CVD#00000001", "other@vendor.example", "vulnerability-summary", 0),
        key.noticeReference("CVD#00000001", "psirt@vendor.example", "reminder", 0),
        key.noticeReference("CVD#00000001", "psirt@vendor.example", "vulnerability-summary", 1),
        ReplyTokenKey(std::string(32, 't'))
            .noticeReference("CVD#00000001", "psirt@vendor.example", "vulnerability-summary", 0)})
    EXPECT_NE(other, ref);
  EXPECT_EQ(key.tokenFor("CVD#00000001", "psirt@vendor.example").find(ref), std::string::npos);
}

}  // namespace
}  // namespace cvdd::crypto
