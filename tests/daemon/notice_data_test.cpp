// The values daemon/notice_data.cpp hands the notice templates where they follow the
// seeds word for word: the reasons for stopping and cancelling (000 「受理後の対応」,
// 003 §4-2) and the 一般公表日時 with the configured publication time.

#include "daemon/notice_data.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

using namespace cvdd;
using namespace std::chrono_literals;

namespace {

struct Fixture {
  core::Case c = [] {
    core::Case x;
    x.id = "CVD#01234567";
    return x;
  }();
  store::CaseReport report;
  core::CaseWorkflow workflow;
  core::TimeZone tz = core::TimeZone::fixed("Asia/Tokyo", 9h);
  core::DeadlinePolicy policy;

  templates::NoticeData data(const std::string& language,
                             std::optional<std::chrono::minutes> publicationTime = {}) const {
    daemon::NoticeContext ctx{&c,  &report,  &workflow, nullptr,
                              &tz, &policy,  "CSIRT",   "cvd@cert.example",
                              {},  language, {},        publicationTime};
    return daemon::noticeData(ctx, {daemon::NoticeAudience::Reporter, nullptr, false}, {});
  }
};

TEST(NoticeData, ReasonVendorNotifiesUsersIncludesSystemIntegratorsAsInTheSeeds) {
  Fixture f;
  f.workflow.stopReason = core::StopReason::VendorNotifiesUsers;
  f.workflow.cancelReason = core::CancelReason::VendorNotifiesAllUsers;
  // (オ)
  // 製品開発者がすべての製品利用者に通知する場合(システム構築事業者を介して通知するケースを含む)
  for (const char* key : {"stop_reason", "cancel_reason"}) {
    const std::string ja = f.data("ja").at(key);
    EXPECT_NE(ja.find("製品開発者がすべての製品利用者に"), std::string::npos) << ja;
    EXPECT_NE(ja.find("システム構築事業者を介して通知するケースを含みます"), std::string::npos)
        << ja;
    EXPECT_EQ(ja.find("直接"), std::string::npos) << ja;
    const std::string en = f.data("en").at(key);
    EXPECT_NE(en.find("all users of the product"), std::string::npos) << en;
    EXPECT_NE(en.find("through system integrators"), std::string::npos) << en;
    EXPECT_EQ(en.find("directly"), std::string::npos) << en;
  }
}

TEST(NoticeData, EveryStopAndCancelReasonHasItsSeedText) {
  Fixture f;
  const std::pair<core::StopReason, std::string> stops[] = {
      {core::StopReason::NotVulnerabilityInformation, "脆弱性関連情報に該当しないため"},
      {core::StopReason::OutOfScope, "適用範囲外であるため"},
      {core::StopReason::LowImpact, "脆弱性による影響が小さいため"},
      {core::StopReason::AlreadyPublished, "脆弱性関連情報が既知であり、かつ公表されているため"},
  };
  for (const auto& [reason, text] : stops) {
    f.workflow.stopReason = reason;
    EXPECT_NE(f.data("ja").at("stop_reason").find(text), std::string::npos) << text;
    EXPECT_FALSE(f.data("en").at("stop_reason").empty());
  }
  const std::pair<core::CancelReason, std::string> cancels[] = {
      {core::CancelReason::NotAVulnerability,
       "通知を行った製品開発者から脆弱性情報に該当しないとの連絡を受けたため"},
      {core::CancelReason::NoImpact,
       "通知を行った製品開発者から脆弱性による影響がないとの連絡を受けたため"},
      {core::CancelReason::LowImpact,
       "通知を行った製品開発者から脆弱性による影響が小さいとの連絡を受けたため"},
      {core::CancelReason::AlreadyPublished,
       "脆弱性関連情報が既知であり、脆弱性情報等が公表されているため"},
  };
  for (const auto& [reason, text] : cancels) {
    f.workflow.cancelReason = reason;
    EXPECT_EQ(f.data("ja").at("cancel_reason"), text);
    EXPECT_FALSE(f.data("en").at("cancel_reason").empty());
  }
}

TEST(NoticeData, PublicationDateCarriesTheConfiguredTimeInTheCaseTimeZone) {
  const core::TimeZone tokyo = core::TimeZone::fixed("Asia/Tokyo", 9h);
  const core::CivilDate date = 2028y / 12 / 15;
  EXPECT_EQ(daemon::publicationDateText(date, tokyo, std::nullopt), "2028-12-15");
  EXPECT_EQ(daemon::publicationDateText(date, tokyo, 10h), "2028-12-15 10:00 +09:00 (Asia/Tokyo)");
  EXPECT_EQ(daemon::publicationDateText(date, core::TimeZone::utc(), 0min),
            "2028-12-15 00:00 +00:00 (UTC)");

  Fixture f;
  f.workflow.publicationDate = date;
  EXPECT_EQ(f.data("ja").at("publication_date"), "2028-12-15");
  EXPECT_EQ(f.data("ja", 10h).at("publication_date"), "2028-12-15 10:00 +09:00 (Asia/Tokyo)");
  EXPECT_EQ(f.data("en", 10h).at("publication_date"), "2028-12-15 10:00 +09:00 (Asia/Tokyo)");
}

}  // namespace
