#include "core/language.hpp"

#include <gtest/gtest.h>

using namespace cvdd::core;

TEST(DetectLanguage, KanaOrKanjiMeanJapanese) {
  EXPECT_EQ(detectLanguage("SQLインジェクションの報告"), Language::Japanese);
  EXPECT_EQ(detectLanguage("脆弱性"), Language::Japanese);
  EXPECT_EQ(detectLanguage("ｶﾀｶﾅ"), Language::Japanese);
}

TEST(DetectLanguage, LatinTextAndBrokenUtf8MeanEnglish) {
  EXPECT_EQ(detectLanguage("SQL injection in login form"), Language::English);
  EXPECT_EQ(detectLanguage("caf\xC3\xA9 na\xC3\xAFve"), Language::English);
  EXPECT_EQ(detectLanguage("\xE3\x81"), Language::English);  // truncated sequence
  EXPECT_EQ(detectLanguage(""), Language::English);
  EXPECT_EQ(languageCode(Language::Japanese), "ja");
}
