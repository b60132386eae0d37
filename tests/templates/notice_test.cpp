#include "templates/notice.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "templates/embedded_notices.hpp"

namespace cvdd::templates {
namespace {

using core::Language;

NoticeData acknowledgementData() {
  return {{"case_id", "CVD#01234567"},
          {"original_subject", "XSS in FooCMS 2.1"},
          {"reporter_address", "alice@example.org"},
          {"received_at", "2025-04-01 10:15 JST"},
          {"coordinator_name", "Example CSIRT"},
          {"intake_address", "vendors@cert.example"}};
}

class OverrideDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cvdd-notice-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& fileName, const std::string& content) {
    std::ofstream(dir_ / fileName, std::ios::binary) << content;
  }
  std::filesystem::path dir_;
};

TEST(RenderNotice, AcknowledgementInJapanese) {
  NoticeData data = acknowledgementData();
  data["original_subject"] = "FooCMS における脆弱性の報告";
  const auto notice = renderNotice("acknowledgement", Language::Japanese, data);
  ASSERT_TRUE(notice) << notice.error().what;
  EXPECT_EQ(notice->subject, "[CVD#01234567] FooCMS における脆弱性の報告");
  EXPECT_NE(notice->body.find("ご報告者様（alice@example.org）"), std::string::npos);
  EXPECT_NE(notice->body.find("識別番号: CVD#01234567"), std::string::npos);
  EXPECT_NE(notice->body.find("「[CVD#01234567]」"), std::string::npos);
  EXPECT_NE(notice->body.find("2025-04-01 10:15 JST"), std::string::npos);
  EXPECT_NE(notice->body.find("公表されるまで"), std::string::npos);
  EXPECT_NE(notice->body.find("Example CSIRT\nvendors@cert.example\n"), std::string::npos);
  EXPECT_EQ(notice->body.find("{{"), std::string::npos);
  EXPECT_NE(notice->body.front(), '\n');  // the blank separator line is not part of the body
}

TEST(RenderNotice, AcknowledgementInEnglish) {
  const auto notice = renderNotice("acknowledgement", Language::English, acknowledgementData());
  ASSERT_TRUE(notice) << notice.error().what;
  EXPECT_EQ(notice->subject, "[CVD#01234567] XSS in FooCMS 2.1");
  EXPECT_NE(notice->body.find("Case ID: CVD#01234567"), std::string::npos);
  EXPECT_NE(notice->body.find("\"[CVD#01234567]\" in the subject of every reply"),
            std::string::npos);
  EXPECT_NE(notice->body.find("alice@example.org"), std::string::npos);
  EXPECT_NE(notice->body.find("2025-04-01 10:15 JST"), std::string::npos);
  EXPECT_NE(notice->body.find("until it has been published"), std::string::npos);
  EXPECT_NE(notice->body.find("Example CSIRT\nvendors@cert.example\n"), std::string::npos);
  EXPECT_EQ(notice->body.find("{{"), std::string::npos);
}

TEST(RenderNotice, EveryEmbeddedTemplateHasBothLanguagesAndRenders) {
  std::set<std::string> names;
  for (const auto& [fileName, text] : detail::embeddedNotices()) {
    const std::string file(fileName);
    ASSERT_TRUE(file.ends_with(".ja.mustache") || file.ends_with(".en.mustache")) << file;
    names.insert(file.substr(0, file.size() - std::string(".ja.mustache").size()));
    EXPECT_TRUE(text.starts_with("Subject: ")) << file;
  }
  ASSERT_FALSE(names.empty());
  for (const std::string& name : names) {
    for (const Language language : {Language::Japanese, Language::English}) {
      const auto notice = renderNotice(name, language, acknowledgementData());
      EXPECT_TRUE(notice) << name << ": " << (notice ? "" : notice.error().what);
    }
  }
}

TEST(RenderNotice, EmbeddedTemplateIsByteExactUtf8) {
  const auto& embedded = detail::embeddedNotices();
  const auto it = embedded.find("acknowledgement.ja.mustache");
  ASSERT_NE(it, embedded.end());
  EXPECT_NE(it->second.find("誠にありがとうございます。\n"), std::string_view::npos);
  std::ifstream in(std::filesystem::path(CVDD_NOTICES_DIR) / "acknowledgement.ja.mustache",
                   std::ios::binary);
  const std::string onDisk((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(it->second, onDisk);
}

TEST(RenderNotice, UnknownTemplateIsNotFound) {
  const auto notice = renderNotice("no_such_notice", Language::English, {});
  ASSERT_FALSE(notice);
  EXPECT_EQ(notice.error().code, core::Errc::NotFound);
  EXPECT_NE(notice.error().where.find("no_such_notice.en.mustache"), std::string::npos);
}

TEST(RenderNotice, NameThatIsAPathIsRefused) {
  for (const char* name : {"../acknowledgement", "a/b", "", "Acknowledgement"}) {
    const auto notice = renderNotice(name, Language::English, {});
    ASSERT_FALSE(notice) << name;
    EXPECT_EQ(notice.error().code, core::Errc::NotFound) << name;
  }
}

TEST(RenderNotice, ValuesAreInsertedVerbatimNotHtmlEscaped) {
  NoticeData data = acknowledgementData();
  data["original_subject"] = R"(<script>&"quoted" 'x' a/b</script>)";
  data["reporter_address"] = R"("Sato, Ken" <ken@example.jp>)";
  data["coordinator_name"] =
      "R&D {{case_id}} \xFF"
      "0\xFE";  // looks like tags and placeholders
  const auto notice = renderNotice("acknowledgement", Language::English, data);
  ASSERT_TRUE(notice) << notice.error().what;
  EXPECT_EQ(notice->subject, R"([CVD#01234567] <script>&"quoted" 'x' a/b</script>)");
  EXPECT_NE(notice->body.find(R"("Sato, Ken" <ken@example.jp>)"), std::string::npos);
  EXPECT_NE(notice->body.find("R&D {{case_id}} \xFF"
                              "0\xFE\n"),
            std::string::npos);
  EXPECT_EQ(notice->body.find("&amp;"), std::string::npos);
  EXPECT_EQ(notice->body.find("&lt;"), std::string::npos);
  EXPECT_EQ(notice->body.find("&quot;"), std::string::npos);
}

TEST_F(OverrideDir, AllMustacheFormsInsertVerbatim) {
  write("probe.en.mustache", "Subject: {{v}}|{{{v}}}|{{&v}}\n\n{{v}}|{{{v}}}|{{&v}}\n");
  const auto notice = renderNotice("probe", Language::English, {{"v", "<&\">'/"}}, dir_);
  ASSERT_TRUE(notice) << notice.error().what;
  EXPECT_EQ(notice->subject, "<&\">'/|<&\">'/|<&\">'/");
  EXPECT_EQ(notice->body, "<&\">'/|<&\">'/|<&\">'/\n");
}

TEST_F(OverrideDir, OverrideWinsAndOthersFallBackToEmbedded) {
  write("acknowledgement.en.mustache",
        "Subject: local {{case_id}}\n\nLocal body for {{case_id}}.\n");
  const auto english =
      renderNotice("acknowledgement", Language::English, acknowledgementData(), dir_);
  ASSERT_TRUE(english) << english.error().what;
  EXPECT_EQ(english->subject, "local CVD#01234567");
  EXPECT_EQ(english->body, "Local body for CVD#01234567.\n");

  const auto japanese =
      renderNotice("acknowledgement", Language::Japanese, acknowledgementData(), dir_);
  ASSERT_TRUE(japanese) << japanese.error().what;
  EXPECT_NE(japanese->body.find("識別番号"), std::string::npos);
}

TEST_F(OverrideDir, OverrideCanAddANewNotice) {
  write("request_details.ja.mustache", "Subject: [{{case_id}}] 追加情報のお願い\n\n本文\n");
  const auto notice =
      renderNotice("request_details", Language::Japanese, {{"case_id", "CVD#00000001"}}, dir_);
  ASSERT_TRUE(notice) << notice.error().what;
  EXPECT_EQ(notice->subject, "[CVD#00000001] 追加情報のお願い");
  EXPECT_EQ(notice->body, "本文\n");
  EXPECT_FALSE(renderNotice("request_details", Language::English, {}, dir_));
}

TEST_F(OverrideDir, MissingOverrideDirectoryFallsBackToEmbedded) {
  const auto notice = renderNotice("acknowledgement", Language::English, acknowledgementData(),
                                   dir_ / "does-not-exist");
  ASSERT_TRUE(notice) << notice.error().what;
  EXPECT_EQ(notice->subject, "[CVD#01234567] XSS in FooCMS 2.1");
}

TEST_F(OverrideDir, FirstLineMustBeSubject) {
  write("bad.en.mustache", "Hello {{case_id}}\n\nbody\n");
  const auto notice = renderNotice("bad", Language::English, {}, dir_);
  ASSERT_FALSE(notice);
  EXPECT_EQ(notice.error().code, core::Errc::InvalidConfig);
  EXPECT_NE(notice.error().where.find("bad.en.mustache"), std::string::npos);
}

TEST_F(OverrideDir, SubjectMustBeFollowedByEmptyLine) {
  write("bad.en.mustache", "Subject: x\nbody right away\n");
  const auto notice = renderNotice("bad", Language::English, {}, dir_);
  ASSERT_FALSE(notice);
  EXPECT_EQ(notice.error().code, core::Errc::InvalidConfig);
}

TEST_F(OverrideDir, CrlfTemplateIsAccepted) {
  write("dos.en.mustache", "Subject: [{{case_id}}] x\r\n\r\nline 1\r\nline 2\r\n");
  const auto notice = renderNotice("dos", Language::English, {{"case_id", "CVD#00000002"}}, dir_);
  ASSERT_TRUE(notice) << notice.error().what;
  EXPECT_EQ(notice->subject, "[CVD#00000002] x");
  EXPECT_EQ(notice->body, "line 1\nline 2\n");
}

TEST_F(OverrideDir, SectionsFollowEmptinessAndMissingValuesAreEmpty) {
  write("s.en.mustache",
        "Subject: {{a}}{{#b}} with b{{/b}}{{^b}} without b{{/b}}\n\n[{{missing}}]\n");
  const auto withB = renderNotice("s", Language::English, {{"a", "A"}, {"b", "B"}}, dir_);
  ASSERT_TRUE(withB);
  EXPECT_EQ(withB->subject, "A with b");
  EXPECT_EQ(withB->body, "[]\n");
  const auto emptyB = renderNotice("s", Language::English, {{"a", "A"}, {"b", ""}}, dir_);
  ASSERT_TRUE(emptyB);
  EXPECT_EQ(emptyB->subject, "A without b");
}

TEST(RenderNotice, LineBreakInSubjectValueBecomesASpace) {
  NoticeData data = acknowledgementData();
  data["original_subject"] = "first\r\nBcc: evil@example.com\nthird";
  const auto notice = renderNotice("acknowledgement", Language::English, data);
  ASSERT_TRUE(notice);
  EXPECT_EQ(notice->subject, "[CVD#01234567] first Bcc: evil@example.com third");
}

}  // namespace
}  // namespace cvdd::templates
