#include "core/text_excerpt.hpp"

#include <gtest/gtest.h>

using namespace cvdd::core;

namespace {

std::size_t characters(const std::string& utf8) {
  std::size_t n = 0;
  for (char c : utf8) n += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  return n;
}

}  // namespace

TEST(ShortenText, ShortTextIsKeptWhole) {
  EXPECT_EQ(shortenText("XSS in FooCMS", 60), "XSS in FooCMS");
  EXPECT_EQ(shortenText(std::string(60, 'a'), 60), std::string(60, 'a'));
  EXPECT_EQ(shortenText("", 60), "");
}

TEST(ShortenText, LongTextIsCutToTheLimitWithAnEllipsis) {
  const std::string cut = shortenText(std::string(61, 'a'), 60);
  EXPECT_EQ(cut, std::string(59, 'a') + "…");
  EXPECT_EQ(characters(cut), 60U);
  EXPECT_EQ(shortenText("abc", 1), "…");
  EXPECT_EQ(shortenText("abc", 0), "");
}

TEST(ShortenText, JapaneseIsCutBetweenCharactersNeverInsideOne) {
  std::string japanese;
  for (int i = 0; i < 70; ++i) japanese += "脆";  // 3 bytes each
  const std::string cut = shortenText(japanese, 60);
  EXPECT_EQ(characters(cut), 60U);
  EXPECT_EQ(cut.size(), 59U * 3 + std::string("…").size());
  EXPECT_TRUE(cut.starts_with("脆脆"));
  // A 4-byte character straddling the limit is left out whole.
  const std::string emoji = std::string(58, 'a') + "\xF0\x9F\x90\x9B" + "bb";
  EXPECT_EQ(shortenText(emoji, 60), std::string(58, 'a') + "\xF0\x9F\x90\x9B" + "…");
  EXPECT_EQ(shortenText(emoji, 59), std::string(58, 'a') + "…");
}
