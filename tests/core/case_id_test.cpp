#include "core/case_id.hpp"

#include <gtest/gtest.h>

using namespace cvdd::core;

TEST(FormatCaseId, ZeroPadsToEightDigits) {
  EXPECT_EQ(formatCaseId("CVD", 42), "CVD#00000042");
  EXPECT_EQ(formatCaseId("JVN", 12345678), "JVN#12345678");
  EXPECT_EQ(formatCaseId("CVD", 123456789), "CVD#23456789");
}

TEST(FindCaseId, FindsBracketedIdBehindReplyPrefixes) {
  EXPECT_EQ(findCaseId("Re: [CVD#12345678] SQL injection", "CVD"), "CVD#12345678");
  EXPECT_EQ(findCaseId("返信: Re: [CVD#00000001] 脆弱性", "CVD"), "CVD#00000001");
  EXPECT_EQ(findCaseId("Fwd: CVD#87654321 follow-up", "CVD"), "CVD#87654321");
}

TEST(FindCaseId, PrefixIsCaseInsensitiveAndCanonicalised) {
  EXPECT_EQ(findCaseId("re: [cvd#12345678]", "CVD"), "CVD#12345678");
}

TEST(FindCaseId, RejectsNearMisses) {
  EXPECT_EQ(findCaseId("[CVD#1234567] seven digits", "CVD"), std::nullopt);
  EXPECT_EQ(findCaseId("[CVD#123456789] nine digits", "CVD"), std::nullopt);
  EXPECT_EQ(findCaseId("[XCVD#12345678] longer prefix", "CVD"), std::nullopt);
  EXPECT_EQ(findCaseId("[JVN#12345678] other prefix", "CVD"), std::nullopt);
  EXPECT_EQ(findCaseId("", "CVD"), std::nullopt);
  EXPECT_EQ(findCaseId("[CVD#12345678]", ""), std::nullopt);
}

TEST(IsCaseId, AcceptsOnlyTheExactShape) {
  EXPECT_TRUE(isCaseId("CVD#00000000", "CVD"));
  EXPECT_FALSE(isCaseId("CVD#0000000a", "CVD"));
  EXPECT_FALSE(isCaseId("CVD-00000000", "CVD"));
  EXPECT_FALSE(isCaseId("CVD#00000000 ", "CVD"));
}
