#include "core/cvss.hpp"

#include <gtest/gtest.h>

#include "core/cve_id.hpp"

namespace cvdd::core {
namespace {

struct Scored {
  const char* vector;
  int tenths;
  CvssSeverity severity;
};

// Vectors and scores of FIRST's "CVSS v3.1 Examples" document, and the extremes.
TEST(CvssV31, ScoresTheSpecificationExamples) {
  const Scored examples[] = {
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 98, CvssSeverity::Critical},  // Shellshock
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 100, CvssSeverity::Critical},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 61, CvssSeverity::Medium},  // phpMyAdmin XSS
      {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 64, CvssSeverity::Medium},  // MySQL
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 75, CvssSeverity::High},    // Heartbleed
      {"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 31, CvssSeverity::Low},     // POODLE
      {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 99, CvssSeverity::Critical},  // VMware
      {"CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", 42, CvssSeverity::Medium},    // Tomcat
      {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 88, CvssSeverity::High},      // Cisco IOS
      {"CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 78, CvssSeverity::High},      // iWork
      {"CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:N/I:H/A:H", 93, CvssSeverity::Critical},  // Juniper
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 88, CvssSeverity::High},      // Chrome
      // By hand: ISS 0.22, impact 1.436, exploitability 0.224, x1.08 = 1.794 -> 1.8.
      {"CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:C/C:L/I:N/A:N", 18, CvssSeverity::Low},
      {"CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0, CvssSeverity::None},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:N", 0, CvssSeverity::None},
  };
  for (const auto& e : examples) {
    const auto scored = parseCvssV31(e.vector);
    ASSERT_TRUE(scored) << e.vector << ": " << scored.error().what;
    EXPECT_EQ(scored->scoreTenths, e.tenths) << e.vector;
    EXPECT_EQ(scored->severity, e.severity) << e.vector;
    EXPECT_EQ(scored->vector, e.vector);
  }
}

TEST(CvssV31, PrintsTheScoreWithOneDecimalAndTheCsafSeverity) {
  const auto scored = parseCvssV31("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  ASSERT_TRUE(scored);
  EXPECT_DOUBLE_EQ(scored->baseScore(), 9.8);
  EXPECT_EQ(cvssSeverityName(scored->severity), "CRITICAL");
}

TEST(CvssV31, AcceptsTheMetricsInAnyOrderAndStoresThemInSpecificationOrder) {
  const auto scored = parseCvssV31("CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N");
  ASSERT_TRUE(scored);
  EXPECT_EQ(scored->vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  EXPECT_EQ(scored->scoreTenths, 98);
}

TEST(CvssV31, RoundupWorksOnIntegersAsAppendixAAsks) {
  EXPECT_EQ(cvssRoundupTenths(4.000000000000001), 40);  // a float artefact, not 4.1
  EXPECT_EQ(cvssRoundupTenths(4.0), 40);
  EXPECT_EQ(cvssRoundupTenths(4.02), 41);
  EXPECT_EQ(cvssRoundupTenths(4.1), 41);
  EXPECT_EQ(cvssRoundupTenths(0.0), 0);
  EXPECT_EQ(cvssRoundupTenths(9.99), 100);
}

TEST(CvssV31, SeverityBandsFollowSection5) {
  EXPECT_EQ(cvssSeverityOf(0), CvssSeverity::None);
  EXPECT_EQ(cvssSeverityOf(1), CvssSeverity::Low);
  EXPECT_EQ(cvssSeverityOf(39), CvssSeverity::Low);
  EXPECT_EQ(cvssSeverityOf(40), CvssSeverity::Medium);
  EXPECT_EQ(cvssSeverityOf(69), CvssSeverity::Medium);
  EXPECT_EQ(cvssSeverityOf(70), CvssSeverity::High);
  EXPECT_EQ(cvssSeverityOf(89), CvssSeverity::High);
  EXPECT_EQ(cvssSeverityOf(90), CvssSeverity::Critical);
  EXPECT_EQ(cvssSeverityOf(100), CvssSeverity::Critical);
}

TEST(CvssV31, RefusesMalformedVectorsNamingTheProblem) {
  const std::pair<const char*, const char*> bad[] = {
      {"AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/"},
      {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "A is missing"},
      {"CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "AV is given twice"},
      {"CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "\"X\" is not a value of metric AV"},
      {"CVSS:3.1/AV:N/AC:M/PR:N/UI:N/S:U/C:H/I:H/A:H", "of metric AC"},
      {"CVSS:3.1/AV:NN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "of metric AV"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:F", "\"E\" is not a CVSS v3.1 base"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/", "is not METRIC:VALUE"},
      {"CVSS:3.1/", "is not METRIC:VALUE"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:", "\"\" is not a value of metric A"},
      {"CVSS:3.1/av:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "\"av\" is not"},
  };
  for (const auto& [vector, reason] : bad) {
    const auto scored = parseCvssV31(vector);
    ASSERT_FALSE(scored) << vector;
    EXPECT_EQ(scored.error().code, Errc::InvalidConfig);
    EXPECT_NE(scored.error().what.find(reason), std::string::npos)
        << vector << ": " << scored.error().what;
  }
}

TEST(CveId, AcceptsTheCvePatternOnly) {
  EXPECT_TRUE(isCveId("CVE-2024-1234"));
  EXPECT_TRUE(isCveId("CVE-2024-1234567"));
  EXPECT_FALSE(isCveId("CVE-2024-123"));
  EXPECT_FALSE(isCveId("cve-2024-1234"));
  EXPECT_FALSE(isCveId("CVE-24-12345"));
  EXPECT_FALSE(isCveId("CVE-2024-12a4"));
  EXPECT_FALSE(isCveId("CVE-2024-1234 "));
}

TEST(CveId, ListsAreRepeatableOrCommaSeparatedWithoutRepeats) {
  const auto ids =
      parseCveList({"CVE-2024-0001, CVE-2024-0002", "CVE-2024-0001", "CVE-2025-10000"});
  ASSERT_TRUE(ids);
  EXPECT_EQ(*ids, (std::vector<std::string>{"CVE-2024-0001", "CVE-2024-0002", "CVE-2025-10000"}));
  ASSERT_TRUE(parseCveList({""}));
  EXPECT_TRUE(parseCveList({""})->empty());  // "--cve ''" clears the list
  const auto bad = parseCveList({"CVE-2024-0001,CVE-2024-x"});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().what.find("\"CVE-2024-x\""), std::string::npos);
}

}  // namespace
}  // namespace cvdd::core
