#include "daemon/imap_source.hpp"

#include <gtest/gtest.h>

using namespace cvdd::daemon;
using namespace std::chrono_literals;

namespace {
const auto kNow = std::chrono::steady_clock::time_point{} + 1000h;
}

TEST(PlanWait, IdlesWhenOfferedAndEnabledRenewingEvery25Minutes) {
  EXPECT_EQ(planWait(true, true, true, kNow, kNow + 10s, 60s), (WaitPlan{true, kNow + 10s}));
  EXPECT_EQ(planWait(true, true, true, kNow, kNow + 24h, 60s), (WaitPlan{true, kNow + 25min}));
}

TEST(PlanWait, PollsWithoutIdleAndSleepsOutTheBackoffWhenDisconnected) {
  EXPECT_EQ(planWait(true, false, true, kNow, kNow + 24h, 60s), (WaitPlan{false, kNow + 60s}));
  EXPECT_EQ(planWait(true, true, false, kNow, kNow + 24h, 60s), (WaitPlan{false, kNow + 60s}));
  EXPECT_EQ(planWait(true, false, true, kNow, kNow + 5s, 60s), (WaitPlan{false, kNow + 5s}));
  EXPECT_EQ(planWait(false, true, true, kNow, kNow + 24h, 60s), (WaitPlan{false, kNow + 24h}));
}

TEST(ImapKey, RoundTripsAndRefusesOtherSourcesKeys) {
  std::string key = imapKey("vendors@cert.example", "INBOX", {1796619836, 7});
  EXPECT_EQ(key, "imap:vendors@cert.example/INBOX:1796619836:7");
  EXPECT_EQ(parseImapKey("vendors@cert.example", "INBOX", key), (ImapKey{1796619836, 7}));
  EXPECT_FALSE(parseImapKey("other@cert.example", "INBOX", key));
  EXPECT_FALSE(parseImapKey("vendors@cert.example", "Archive", key));
  EXPECT_FALSE(parseImapKey("vendors@cert.example", "INBOX", "maildir:123.abc"));
  EXPECT_FALSE(
      parseImapKey("vendors@cert.example", "INBOX", "imap:vendors@cert.example/INBOX:17x:7"));
  EXPECT_FALSE(parseImapKey("vendors@cert.example", "INBOX", "imap:vendors@cert.example/INBOX:17"));
}

TEST(ParseImapServer, ReadsHostAndPortWithDefaults) {
  auto plain = parseImapServer("imap://127.0.0.1:1430");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->host, "127.0.0.1");
  EXPECT_EQ(plain->port, "1430");
  EXPECT_EQ(describe(*plain), "IMAP 127.0.0.1:1430");
  EXPECT_EQ(parseImapServer("imap://mail.example")->port, "143");
  EXPECT_EQ(parseImapServer("imaps://mail.example/")->port, "993");
  auto v6 = parseImapServer("imaps://[::1]:9993");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(describe(*v6), "IMAP [::1]:9993");
  for (const char* bad : {"smtp://x:25", "imap://", "imap://:143", "imap://h:port", "imap://[::1",
                          "imap://[::1]x", "imap://a@b:143", "imap://h:1234567"})
    EXPECT_FALSE(parseImapServer(bad)) << bad;
}
