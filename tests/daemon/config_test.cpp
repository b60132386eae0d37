#include "daemon/config.hpp"

#include <gtest/gtest.h>

#include "temp_dir.hpp"

using namespace cvdd::daemon;

namespace {

constexpr std::string_view kValid = R"(
[coordinator]
name = "Example CERT"
intake = "vendors@cert.example"
case_prefix = "CVD"
timezone = "Asia/Tokyo"

[source]
url = "imaps://mail.cert.example/INBOX"
user = "vendors"
password_file = "secrets/imap"
poll_interval = 30

[smtp]
url = "smtp://mail.cert.example:587"
retry_initial = 10
retry_max = 600

[state]
dir = "/var/lib/cvdd"
)";

std::vector<std::string> whereOf(const ConfigErrors& errors) {
  std::vector<std::string> where;
  for (const auto& e : errors) where.push_back(e.where);
  return where;
}

}  // namespace

TEST(ParseConfig, ReadsEverySection) {
  auto config = parseConfig(kValid, "/etc/cvdd/cvdd.toml");
  ASSERT_TRUE(config) << config.error().front().where << ": " << config.error().front().what;
  EXPECT_EQ(config->coordinator.intake, "vendors@cert.example");
  EXPECT_EQ(config->coordinator.hostname, "cert.example");
  EXPECT_EQ(config->source.kind, SourceKind::Imap);
  EXPECT_EQ(config->source.serverUrl, "imaps://mail.cert.example");
  EXPECT_EQ(config->source.mailbox, "INBOX");
  EXPECT_EQ(config->source.tls, TlsMode::Implicit);
  EXPECT_EQ(config->source.passwordFile, "/etc/cvdd/secrets/imap");
  EXPECT_EQ(config->source.pollInterval, std::chrono::seconds(30));
  EXPECT_EQ(config->smtp.kind, SinkKind::Smtp);
  EXPECT_EQ(config->smtp.tls, TlsMode::StartTls);
  EXPECT_EQ(config->smtp.retryMax, std::chrono::seconds(600));
  EXPECT_EQ(config->state.dir, "/var/lib/cvdd");
  EXPECT_EQ(config->state.deadlinesPerCommit, 32u);
}

TEST(ParseConfig, DeadlinesPerCommitIsBounded) {
  auto with = [](const std::string& value) {
    return parseConfig(std::string(kValid) + "deadlines_per_commit = " + value + "\n",
                       "/etc/cvdd/cvdd.toml");
  };
  ASSERT_TRUE(with("1"));
  EXPECT_EQ(with("1")->state.deadlinesPerCommit, 1u);
  EXPECT_EQ(with("1000")->state.deadlinesPerCommit, 1000u);
  for (const std::string bad : {"0", "1001", "\"many\""}) {
    auto config = with(bad);
    ASSERT_FALSE(config) << bad;
    EXPECT_EQ(whereOf(config.error()), std::vector<std::string>{"[state] deadlines_per_commit"})
        << bad;
  }
}

TEST(ParseConfig, MaildirUrlsResolveAgainstTheConfigFile) {
  auto config = parseConfig(R"(
[coordinator]
name = "X"
intake = "a@b.example"
[source]
url = "maildir:inbox"
[smtp]
url = "maildir:/srv/out"
[state]
dir = "state"
)",
                            "/srv/cvdd/cvdd.toml");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->source.kind, SourceKind::Maildir);
  EXPECT_EQ(config->source.maildir, "/srv/cvdd/inbox");
  EXPECT_EQ(config->smtp.maildir, "/srv/out");
  EXPECT_EQ(config->state.dir, "/srv/cvdd/state");
  EXPECT_EQ(config->coordinator.casePrefix, "CVD");
}

TEST(ParseConfig, EveryErrorNamesItsKey) {
  auto config = parseConfig(R"(
[coordinator]
name = "X"
intake = "not an address"
case_prefix = "C V D"
timezone = "Mars/Olympus"
[source]
url = "pop3://mail.example"
pol_interval = 5
[smtp]
url = "smtp://mail.example"
retry_initial = 100
retry_max = 10
)",
                            "/etc/cvdd/cvdd.toml");
  ASSERT_FALSE(config);
  auto where = whereOf(config.error());
  for (std::string expected :
       {"[coordinator] intake", "[coordinator] case_prefix", "[coordinator] timezone",
        "[source] url", "[source] pol_interval", "[smtp] retry_max", "[state]"})
    EXPECT_NE(std::find(where.begin(), where.end(), expected), where.end()) << expected;
}

TEST(ParseConfig, SyntaxErrorsGiveFileLineAndColumn) {
  auto config = parseConfig("[coordinator\nname = 1", "/etc/cvdd/cvdd.toml");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().front().where.rfind("/etc/cvdd/cvdd.toml:1:", 0), 0u)
      << config.error().front().where;
}

TEST(ParseConfig, ImapNeedsUserAndPasswordFile) {
  auto config = parseConfig(R"(
[coordinator]
name = "X"
intake = "a@b.example"
[source]
url = "imap://mail.example/INBOX"
[smtp]
url = "maildir:/tmp/out"
[state]
dir = "/tmp/s"
)",
                            "/etc/cvdd.toml");
  ASSERT_FALSE(config);
  auto where = whereOf(config.error());
  EXPECT_NE(std::find(where.begin(), where.end(), "[source] user"), where.end());
  EXPECT_NE(std::find(where.begin(), where.end(), "[source] password_file"), where.end());
}

TEST(ReadPasswordFile, StripsTheLineEnd) {
  cvdd::test::TempDir dir;
  auto file = dir.write("pw", "s3cret\r\nsecond line\n");
  EXPECT_EQ(readPasswordFile(file).value(), "s3cret");
  EXPECT_FALSE(readPasswordFile(dir.path() / "missing"));
}
