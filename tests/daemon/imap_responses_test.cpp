#include "daemon/imap_responses.hpp"

#include <gtest/gtest.h>

using namespace cvdd::daemon;

TEST(ParseStatusResponse, ReadsUidValidityAndUidNext) {
  auto status = parseStatusResponse("* STATUS INBOX (UIDVALIDITY 1700000001 UIDNEXT 42)\r\n");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->uidValidity, 1700000001u);
  EXPECT_EQ(status->uidNext, 42u);
  auto lower = parseStatusResponse("* status \"Sent Items\" (uidnext 7 uidvalidity 3)\r\n");
  ASSERT_TRUE(lower);
  EXPECT_EQ(lower->uidValidity, 3u);
  EXPECT_EQ(lower->uidNext, 7u);
}

TEST(ParseStatusResponse, RefusesRepliesWithoutUidValidity) {
  EXPECT_FALSE(parseStatusResponse("* STATUS INBOX (MESSAGES 3)\r\n"));
  EXPECT_FALSE(parseStatusResponse(""));
  EXPECT_FALSE(parseStatusResponse("* STATUS INBOX (UIDVALIDITY x)"));
}

TEST(ParseSearchResponse, KeepsUidsFromTheMinimumSortedAndUnique) {
  EXPECT_EQ(parseSearchResponse("* SEARCH 9 3 7 7\r\n", 1), (std::vector<std::uint64_t>{3, 7, 9}));
  // "UID SEARCH UID 10:*" returns the highest UID even when it is below 10.
  EXPECT_EQ(parseSearchResponse("* SEARCH 8\r\n", 10), std::vector<std::uint64_t>{});
  EXPECT_EQ(parseSearchResponse("* SEARCH\r\n", 1), std::vector<std::uint64_t>{});
  EXPECT_EQ(parseSearchResponse("* SEARCH 1 2\r\n* SEARCH 3\r\n", 2),
            (std::vector<std::uint64_t>{2, 3}));
  EXPECT_EQ(parseSearchResponse("* OK noise\r\n* SEARCH 5 junk 6\r\n", 1),
            std::vector<std::uint64_t>{5});
}
