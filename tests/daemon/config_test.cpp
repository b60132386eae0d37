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

TEST(ParseConfig, PublicationTimeIsAnOptionalTimeOfDay) {
  auto with = [](const std::string& line) {
    std::string toml(kValid);
    const std::string zone = "timezone = \"Asia/Tokyo\"\n";
    toml.insert(toml.find(zone) + zone.size(), line + "\n");
    return parseConfig(toml, "/etc/cvdd/cvdd.toml");
  };
  ASSERT_TRUE(with(""));
  EXPECT_FALSE(with("")->coordinator.publicationTime);  // notices give the date alone
  ASSERT_TRUE(with("publication_time = \"10:00\""));
  EXPECT_EQ(with("publication_time = \"10:00\"")->coordinator.publicationTime,
            std::chrono::minutes(600));
  EXPECT_EQ(with("publication_time = \"23:59\"")->coordinator.publicationTime,
            std::chrono::minutes(23 * 60 + 59));
  EXPECT_EQ(with("publication_time = \"00:00\"")->coordinator.publicationTime,
            std::chrono::minutes(0));
  for (const std::string bad :
       {"\"24:00\"", "\"10:60\"", "\"9:00\"", "\"10.00\"", "\"10:00 JST\"", "\"\"", "1000"}) {
    auto config = with("publication_time = " + bad);
    ASSERT_FALSE(config) << bad;
    EXPECT_EQ(whereOf(config.error()), std::vector<std::string>{"[coordinator] publication_time"})
        << bad;
  }
}

TEST(ParseConfig, TheLongRunningDaemonsKeysHaveSafeDefaults) {
  auto config = parseConfig(kValid, "/etc/cvdd/cvdd.toml");
  ASSERT_TRUE(config);
  EXPECT_TRUE(config->source.idle);
  EXPECT_EQ(config->limits.maxAttempts, 3u);
  EXPECT_EQ(config->limits.processingBudget, std::chrono::seconds(300));
  EXPECT_EQ(config->state.mapSizeMaxBytes, std::size_t{64} << 30);
  EXPECT_EQ(config->state.rawQuotaBytes, 0u);
  EXPECT_EQ(config->state.quarantineQuotaBytes, 0u);
  EXPECT_EQ(config->openpgp.workers, 0u);
}

TEST(ParseConfig, ReadsTheLongRunningDaemonsKeys) {
  std::string text(kValid);
  text.replace(text.find("poll_interval = 30"), 18, "poll_interval = 30\nidle = false");
  text += "map_size_mib = 2\nmap_size_max_mib = 8\nraw_quota_mib = 5\nquarantine_quota_mib = 3\n";
  text += "[limits]\nmax_attempts = 5\nprocessing_seconds = 120\n[openpgp]\nworkers = 4\n";
  auto config = parseConfig(text, "/etc/cvdd/cvdd.toml");
  ASSERT_TRUE(config) << config.error().front().where << ": " << config.error().front().what;
  EXPECT_FALSE(config->source.idle);
  EXPECT_EQ(config->state.mapSizeBytes, std::size_t{2} << 20);
  EXPECT_EQ(config->state.mapSizeMaxBytes, std::size_t{8} << 20);
  EXPECT_EQ(config->state.rawQuotaBytes, std::size_t{5} << 20);
  EXPECT_EQ(config->state.quarantineQuotaBytes, std::size_t{3} << 20);
  EXPECT_EQ(config->limits.maxAttempts, 5u);
  EXPECT_EQ(config->limits.processingBudget, std::chrono::seconds(120));
  EXPECT_EQ(config->openpgp.workers, 4u);
}

TEST(ParseConfig, ReadsWhatAMessageMayOfferAsKeys) {
  auto defaults = parseConfig(std::string(kValid), "/etc/cvdd/cvdd.toml");
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->openpgp.offeredKeys, 3u);
  EXPECT_EQ(defaults->openpgp.offeredKeyBytes, std::size_t{64} << 10);
  auto config =
      parseConfig(std::string(kValid) + "[openpgp]\noffered_keys = 0\noffered_key_kib = 16\n",
                  "/etc/cvdd/cvdd.toml");
  ASSERT_TRUE(config) << config.error().front().where << ": " << config.error().front().what;
  EXPECT_EQ(config->openpgp.offeredKeys, 0u);
  EXPECT_EQ(config->openpgp.offeredKeyBytes, std::size_t{16} << 10);
  auto bad =
      parseConfig(std::string(kValid) + "[openpgp]\noffered_key_kib = 0\n", "/etc/cvdd/cvdd.toml");
  ASSERT_FALSE(bad);
  EXPECT_EQ(whereOf(bad.error()), std::vector<std::string>{"[openpgp] offered_key_kib"});
}

TEST(ParseConfig, AMapCapBelowTheStartingSizeIsRaisedToIt) {
  auto config = parseConfig(std::string(kValid) + "map_size_mib = 64\nmap_size_max_mib = 16\n",
                            "/etc/cvdd/cvdd.toml");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->state.mapSizeMaxBytes, std::size_t{64} << 20);
}

TEST(ParseConfig, AttemptsAndBudgetAreBounded) {
  for (const std::string bad : {"max_attempts = 0", "processing_seconds = 1"}) {
    auto config =
        parseConfig(std::string(kValid) + "[limits]\n" + bad + "\n", "/etc/cvdd/cvdd.toml");
    ASSERT_FALSE(config) << bad;
    EXPECT_EQ(whereOf(config.error()),
              std::vector<std::string>{"[limits] " + bad.substr(0, bad.find(' '))});
  }
}

TEST(ParseConfig, AcknowledgementBudgetsHaveDefaultsAndAreRead) {
  auto defaults = parseConfig(kValid, "/etc/cvdd/cvdd.toml");
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->limits.acksPerSenderPerHour, 5u);
  EXPECT_EQ(defaults->limits.acksPerDomainPerHour, 20u);
  EXPECT_EQ(defaults->limits.acksPerHour, 200u);
  auto set = parseConfig(std::string(kValid) +
                             "[limits]\nacks_per_sender_per_hour = 2\n"
                             "acks_per_domain_per_hour = 7\nacks_per_hour = 0\n",
                         "/etc/cvdd/cvdd.toml");
  ASSERT_TRUE(set) << set.error().front().where << ": " << set.error().front().what;
  EXPECT_EQ(set->limits.acksPerSenderPerHour, 2u);
  EXPECT_EQ(set->limits.acksPerDomainPerHour, 7u);
  EXPECT_EQ(set->limits.acksPerHour, 0u);
  for (const std::string bad :
       {"acks_per_domain_per_hour = -1", "acks_per_hour = 1000001", "acks_per_hour = \"many\""}) {
    auto config =
        parseConfig(std::string(kValid) + "[limits]\n" + bad + "\n", "/etc/cvdd/cvdd.toml");
    ASSERT_FALSE(config) << bad;
    EXPECT_EQ(whereOf(config.error()),
              std::vector<std::string>{"[limits] " + bad.substr(0, bad.find(' '))});
  }
}

TEST(ParseConfig, SilenceClockAndOperatorWarningsHaveDefaultsAndAreRead) {
  auto defaults = parseConfig(kValid, "/etc/cvdd/cvdd.toml");
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->deadlines.silenceMonths, 3);
  EXPECT_EQ(defaults->deadlines.operatorWarningDays, 7);
  auto set = parseConfig(
      std::string(kValid) + "[deadlines]\nsilence_months = 2\noperator_warning_days = 0\n",
      "/etc/cvdd/cvdd.toml");
  ASSERT_TRUE(set) << set.error().front().where << ": " << set.error().front().what;
  EXPECT_EQ(set->deadlines.silenceMonths, 2);
  EXPECT_EQ(set->deadlines.operatorWarningDays, 0);  // 0: no warnings
  for (const std::string bad :
       {"silence_months = 0", "silence_months = 121", "operator_warning_days = -1",
        "operator_warning_days = 366", "operator_warning_days = \"week\""}) {
    auto config =
        parseConfig(std::string(kValid) + "[deadlines]\n" + bad + "\n", "/etc/cvdd/cvdd.toml");
    ASSERT_FALSE(config) << bad;
    EXPECT_EQ(whereOf(config.error()),
              std::vector<std::string>{"[deadlines] " + bad.substr(0, bad.find(' '))});
  }
}

TEST(ParseConfig, UnreachableListingStagesHaveDefaultsAndAreRead) {
  auto defaults = parseConfig(kValid, "/etc/cvdd/cvdd.toml");
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->deadlines.productDisclosureMonths, 3);  // 003 §7-1
  EXPECT_EQ(defaults->deadlines.contactDeadlineMonths, 3);    // 003 §7-2
  auto set =
      parseConfig(std::string(kValid) +
                      "[deadlines]\nproduct_disclosure_months = 4\ncontact_deadline_months = 2\n",
                  "/etc/cvdd/cvdd.toml");
  ASSERT_TRUE(set) << set.error().front().where << ": " << set.error().front().what;
  EXPECT_EQ(set->deadlines.productDisclosureMonths, 4);
  EXPECT_EQ(set->deadlines.contactDeadlineMonths, 2);
  for (const std::string bad : {"product_disclosure_months = 0", "product_disclosure_months = 121",
                                "contact_deadline_months = 0", "contact_deadline_months = \"x\""}) {
    auto config =
        parseConfig(std::string(kValid) + "[deadlines]\n" + bad + "\n", "/etc/cvdd/cvdd.toml");
    ASSERT_FALSE(config) << bad;
    EXPECT_EQ(whereOf(config.error()),
              std::vector<std::string>{"[deadlines] " + bad.substr(0, bad.find(' '))});
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

TEST(ParseConfig, PublicationIsOptionalWithUrlsFromTheHostname) {
  const auto plain = parseConfig(kValid, "/etc/cvdd/cvdd.toml");
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->publication.dir);  // no site
  EXPECT_EQ(plain->publication.baseUrl, "https://cert.example");
  EXPECT_EQ(plain->publication.csafNamespace, "https://cert.example");

  const auto site = parseConfig(std::string(kValid) + R"(
[publication]
dir = "site"
base_url = "https://cvd.cert.example/pub/"
csaf_namespace = "https://cert.example"
)",
                                "/etc/cvdd/cvdd.toml");
  ASSERT_TRUE(site);
  EXPECT_EQ(site->publication.dir, std::filesystem::path("/etc/cvdd/site"));
  EXPECT_EQ(site->publication.baseUrl, "https://cvd.cert.example/pub");  // no trailing slash
  EXPECT_EQ(site->publication.csafNamespace, "https://cert.example");
}

TEST(ParseConfig, PublicationRejectsBadUrlsAndADirOverTheState) {
  auto with = [](const std::string& lines) {
    return parseConfig(std::string(kValid) + "\n[publication]\n" + lines + "\n",
                       "/etc/cvdd/cvdd.toml");
  };
  for (const auto& [lines, where] : std::vector<std::pair<std::string, std::string>>{
           {"base_url = \"http://cvd.example\"", "[publication] base_url"},
           {"base_url = \"https://\"", "[publication] base_url"},
           {"csaf_namespace = \"cert.example\"", "[publication] csaf_namespace"},
           {"dir = \"\"", "[publication] dir"},
           {"dir = \"/var/lib/cvdd\"", "[publication] dir"},
           {"dir = \"/var/lib\"", "[publication] dir"},
           {"dir = \"/var/lib/cvdd/site\"", "[publication] dir"},
           {"url = \"https://x.example\"", "[publication] url"}}) {
    const auto config = with(lines);
    ASSERT_FALSE(config) << lines;
    EXPECT_EQ(whereOf(config.error()), std::vector<std::string>{where}) << lines;
  }
  ASSERT_TRUE(with("dir = \"/var/lib/cvdd-site\""));  // beside the state is fine
}
