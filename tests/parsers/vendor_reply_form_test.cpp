// A vendor's answer read from the reply form: the blank form round-trips in both
// languages, key-value and checkbox answers, quoted forms ignored, hostile input.

#include "parsers/vendor_reply_form.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "test_support.hpp"

namespace cvdd::parsers {
namespace {

using core::PublicStatus;
using namespace std::chrono;

std::string formsDir() {
  return std::string(CVDD_PARSERS_DATA_DIR) + "/forms/";
}

// Replaces the one line of `form` equal to `line` with `replacement`; fails the test when
// the form has no such line (the form and this test drifted apart).
std::string replaceLine(std::string form, const std::string& line, const std::string& replacement) {
  const std::string needle = line + "\n";
  const std::size_t at = form.find(needle);
  EXPECT_NE(at, std::string::npos) << "no line \"" << line << "\" in the form";
  if (at == std::string::npos) return form;
  EXPECT_EQ(form.find(needle, at + 1), std::string::npos) << "line \"" << line << "\" twice";
  return form.replace(at, needle.size(), replacement + "\n");
}

std::string tick(std::string form, const std::string& box) {
  std::string ticked = box;
  ticked.replace(0, 3, "[x]");
  return replaceLine(std::move(form), box, ticked);
}

std::string fill(std::string form, const std::string& label, const std::string& value) {
  return replaceLine(std::move(form), label, label + " " + value);
}

std::string quoted(const std::string& text) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    const std::size_t end = nl == std::string::npos ? text.size() : nl;
    out += "> " + text.substr(pos, end - pos) + "\n";
    pos = end + 1;
  }
  return out;
}

void expectUtf8(const VendorReply& r) {
  for (const std::string* s : {&r.fixPlan, &r.schedule, &r.publicComment, &r.advisoryUrl}) {
    EXPECT_TRUE(test::isUtf8(*s));
  }
  for (const auto& w : r.warnings) EXPECT_TRUE(test::isUtf8(w));
  if (r.shareWith) {
    EXPECT_TRUE(test::isUtf8(r.shareWith->name));
    EXPECT_TRUE(test::isUtf8(r.shareWith->person));
    EXPECT_TRUE(test::isUtf8(r.shareWith->address));
  }
}

// ---------------------------------------------------------------------------------------
// The blank form round-trips.

TEST(VendorReplyForm, BlankFormIsNoAnswerQuotedOrNot) {
  for (const char* language : {"en", "ja"}) {
    const std::string form = blankVendorReplyForm(language);
    for (const std::string& body :
         {form, quoted(form), "Thanks, we will look.\n\n" + quoted(form)}) {
      const VendorReply r = parseVendorReply(body);
      EXPECT_EQ(r.action, VendorAction::None) << language;
      EXPECT_FALSE(r.status) << language;
      EXPECT_FALSE(r.shareWith) << language;
      ASSERT_EQ(r.warnings.size(), 1u) << language << ": " << r.warnings.front();
      EXPECT_NE(r.warnings[0].find("no filled-in reply form"), std::string::npos);
    }
  }
}

TEST(VendorReplyForm, TheCaseLineIsSignedTextButNoAnswer) {
  for (const char* language : {"en", "ja"}) {
    const std::string form = blankVendorReplyForm(language, "CVD#12345678");
    EXPECT_NE(form.find("CVD#12345678"), std::string::npos) << language;
    EXPECT_EQ(form.substr(form.find('\n') + 1, 1), "#") << language;  // a comment line
    const VendorReply blank = parseVendorReply(form);
    EXPECT_EQ(blank.action, VendorAction::None) << language;
    const std::string ticked =
        tick(form, language == std::string("ja")
                       ? "[ ] 脆弱性詳細情報を請求する"
                       : "[ ] Request details (please send us the vulnerability details)");
    EXPECT_EQ(parseVendorReply(ticked).action, VendorAction::RequestDetails) << language;
  }
}

TEST(VendorReplyForm, TheReferenceLineIsCarriedAndReadBack) {
  for (const char* language : {"en", "ja"}) {
    const std::string form = blankVendorReplyForm(language, "CVD#12345678", "abcdefgh23456777");
    EXPECT_EQ(replyFormReference(form), "abcdefgh23456777") << language;
    EXPECT_EQ(replyFormReference(quoted(form)), "abcdefgh23456777") << language;
    EXPECT_EQ(parseVendorReply(form).action, VendorAction::None) << language;
  }
  EXPECT_FALSE(replyFormReference("Reference: too-short\n"));
  EXPECT_FALSE(replyFormReference("no reference here"));
  EXPECT_EQ(replyFormReference("Reference:abcdefgh23456777"), "abcdefgh23456777");
}

TEST(VendorReplyForm, JapaneseFormAsksAndNamesTheCaseIdAsTheNoticesDo) {
  // The form goes into every ja vendor notice: the same terms (識別番号) and the same
  // register (依頼形, templates/notices/README.md "Glossary") as the notice around it.
  const std::string form = blankVendorReplyForm("ja", "CVD#12345678", "abcdefgh23456777");
  EXPECT_NE(form.find("# 識別番号: CVD#12345678"), std::string::npos) << form;
  EXPECT_EQ(form.find("案件番号"), std::string::npos) << form;
  std::string joined;
  for (char c : form) {
    if (c != '\n') joined += c;
  }
  joined = std::regex_replace(joined, std::regex("# "), "");
  const std::string kudasai = "ください";
  for (std::size_t at = joined.find(kudasai); at != std::string::npos;
       at = joined.find(kudasai, at + 1)) {
    EXPECT_EQ(joined.substr(at + kudasai.size(), std::string("ますよう").size()), "ますよう")
        << joined.substr(at > 30 ? at - 30 : 0, 60);
  }
  EXPECT_EQ(joined.find("してください"), std::string::npos);
}

TEST(VendorReplyForm, LanguagesDiffer) {
  EXPECT_NE(blankVendorReplyForm("ja"), blankVendorReplyForm("en"));
  EXPECT_EQ(blankVendorReplyForm("fr"), blankVendorReplyForm("en"));
  EXPECT_NE(blankVendorReplyForm("ja").find("該当製品あり：調査中"), std::string::npos);
}

std::string filledEnglish() {
  std::string f = blankVendorReplyForm("en");
  f = tick(f, "[ ] Statement (our status and plans are below)");
  f = tick(f, "[ ] affected, investigating");
  f = fill(f, "Fix or workaround plan:", "Update to 4.0.8.");
  f = replaceLine(f, "Fix or workaround available now (yes/no):",
                  "Disable UPnP until then.\nFix or workaround available now (yes/no): yes");
  f = fill(f, "Schedule:", "4.0.8 ships in December.");
  f = fill(f, "Requested publication date (YYYY-MM-DD):", "2026-12-24");
  f = fill(f, "Public comment for the advisory:", "Acme recommends updating.");
  f = fill(f, "Advisory URL (https://...):", "https://acme.example/psirt/1");
  f = fill(f, "Exploitation observed in the wild (yes/no/unknown):", "no");
  f = fill(f, "Related organisation:", "Partner Ltd.");
  f = fill(f, "Related organisation contact person:", "Dana");
  f = fill(f, "Related organisation contact address (e-mail, phone):", "psirt@partner.example");
  return f;
}

std::string filledJapanese() {
  std::string f = blankVendorReplyForm("ja");
  f = tick(f, "[ ] 対応状況を連絡する（以下に記入）");
  f = tick(f, "[ ] 該当製品あり：調査中");
  f = replaceLine(f, "対策方法（修正方法・回避方法）：",
                  "対策方法（修正方法・回避方法）：4.0.8 に更新してください。\n"
                  "それまでは UPnP を無効にしてください。");
  f = fill(f, "対策の提供状況（提供済み／未提供）：", "提供済み");
  f = fill(f, "対策の予定：", "12月に 4.0.8 を公開します。");
  f = fill(f, "公表日の希望（YYYY-MM-DD）：", "2026年12月24日");
  f = fill(f, "公表情報に記載するコメント：", "更新を推奨します。");
  f = fill(f, "告知ページのURL（https://...）：", "https://acme.example/psirt/1");
  f = fill(f, "攻撃の観測（あり／なし／不明）：", "なし");
  f = fill(f, "関係組織名：", "協力会社株式会社");
  f = fill(f, "関係組織の担当者名：", "田中");
  f = fill(f, "関係組織の担当者の連絡先（メールアドレス・電話番号）：", "psirt@partner.example");
  return f;
}

void expectFullStatement(const VendorReply& r, const std::string& fixPlan,
                         const std::string& schedule, const std::string& comment,
                         const std::string& org, const std::string& person) {
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.front();
  EXPECT_EQ(r.action, VendorAction::Statement);
  EXPECT_EQ(r.status, PublicStatus::AffectedInvestigating);
  EXPECT_EQ(r.fixPlan, fixPlan);
  EXPECT_TRUE(r.fixAvailable);
  EXPECT_EQ(r.schedule, schedule);
  EXPECT_EQ(r.requestedPublicationDate, core::CivilDate{2026y / 12 / 24});
  EXPECT_EQ(r.publicComment, comment);
  EXPECT_EQ(r.advisoryUrl, "https://acme.example/psirt/1");
  EXPECT_EQ(r.exploitationObserved, Consent::No);
  ASSERT_TRUE(r.shareWith);
  EXPECT_EQ(r.shareWith->name, org);
  EXPECT_EQ(r.shareWith->person, person);
  EXPECT_EQ(r.shareWith->address, "psirt@partner.example");
}

TEST(VendorReplyForm, EnglishFormFilledInRoundTrips) {
  const VendorReply r =
      parseVendorReply("Hello,\n\nour answer:\n\n" + filledEnglish() +
                       "\nRegards,\nAcme PSIRT\n\n" + quoted(blankVendorReplyForm("en")));
  expectFullStatement(r, "Update to 4.0.8.\nDisable UPnP until then.", "4.0.8 ships in December.",
                      "Acme recommends updating.", "Partner Ltd.", "Dana");
}

TEST(VendorReplyForm, JapaneseFormFilledInRoundTrips) {
  const VendorReply r = parseVendorReply("お世話になっております。\n\n" + filledJapanese() +
                                         "\nよろしくお願いいたします。\n");
  expectFullStatement(r, "4.0.8 に更新してください。\nそれまでは UPnP を無効にしてください。",
                      "12月に 4.0.8 を公開します。", "更新を推奨します。", "協力会社株式会社",
                      "田中");
}

TEST(VendorReplyForm, FilledFormQuotedIsIgnored) {
  for (const std::string& f : {filledEnglish(), filledJapanese()}) {
    const VendorReply r = parseVendorReply("see below\n\n" + quoted(f));
    EXPECT_EQ(r.action, VendorAction::None);
    EXPECT_FALSE(r.status);
    EXPECT_TRUE(r.fixPlan.empty());
  }
}

struct ActionCase {
  const char* language;
  const char* box;
  VendorAction action;
};

class VendorAnswer : public ::testing::TestWithParam<ActionCase> {};

TEST_P(VendorAnswer, TickedBoxRoundTrips) {
  const ActionCase& c = GetParam();
  const VendorReply r = parseVendorReply(tick(blankVendorReplyForm(c.language), c.box));
  EXPECT_EQ(r.action, c.action);
  EXPECT_FALSE(r.status);
  if (c.action == VendorAction::Statement) {
    EXPECT_EQ(r.warnings, std::vector<std::string>{"statement without a status"});
  } else {
    EXPECT_TRUE(r.warnings.empty()) << r.warnings.front();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Both, VendorAnswer,
    ::testing::Values(
        ActionCase{"en", "[ ] Request details (please send us the vulnerability details)",
                   VendorAction::RequestDetails},
        ActionCase{"en", "[ ] No affected product (none of our products is affected)",
                   VendorAction::NoAffectedProduct},
        ActionCase{"en", "[ ] Statement (our status and plans are below)", VendorAction::Statement},
        ActionCase{"ja", "[ ] 脆弱性詳細情報を請求する", VendorAction::RequestDetails},
        ActionCase{"ja", "[ ] 該当製品なしと回答する（脆弱性詳細情報は不要）",
                   VendorAction::NoAffectedProduct},
        ActionCase{"ja", "[ ] 対応状況を連絡する（以下に記入）", VendorAction::Statement}));

struct StatusBoxCase {
  const char* language;
  const char* box;
  PublicStatus status;
};

class VendorStatusBox : public ::testing::TestWithParam<StatusBoxCase> {};

TEST_P(VendorStatusBox, TickedStatusAloneIsAStatement) {
  const StatusBoxCase& c = GetParam();
  const VendorReply r = parseVendorReply(tick(blankVendorReplyForm(c.language), c.box));
  EXPECT_EQ(r.action, VendorAction::Statement);
  EXPECT_EQ(r.status, c.status);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.front();
}

INSTANTIATE_TEST_SUITE_P(
    Both, VendorStatusBox,
    ::testing::Values(
        StatusBoxCase{"en", "[ ] affected", PublicStatus::Affected},
        StatusBoxCase{"en", "[ ] affected, investigating", PublicStatus::AffectedInvestigating},
        StatusBoxCase{"en", "[ ] not affected", PublicStatus::NotAffected},
        StatusBoxCase{"en", "[ ] not affected, investigating",
                      PublicStatus::NotAffectedInvestigating},
        StatusBoxCase{"en", "[ ] information provided", PublicStatus::InformationProvided},
        StatusBoxCase{"ja", "[ ] 該当製品あり", PublicStatus::Affected},
        StatusBoxCase{"ja", "[ ] 該当製品あり：調査中", PublicStatus::AffectedInvestigating},
        StatusBoxCase{"ja", "[ ] 該当製品なし", PublicStatus::NotAffected},
        StatusBoxCase{"ja", "[ ] 該当製品なし：調査中", PublicStatus::NotAffectedInvestigating},
        StatusBoxCase{"ja", "[ ] 脆弱性情報提供済み", PublicStatus::InformationProvided}));

// ---------------------------------------------------------------------------------------
// Replies as vendors write them (data/forms).

TEST(VendorReplyFiles, OutlookReplyWithUnquotedOriginalBelow) {
  const VendorReply r = parseVendorReply(test::readFile(formsDir() + "outlook_reply_en.txt"));
  expectUtf8(r);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.front();
  EXPECT_EQ(r.action, VendorAction::Statement);
  EXPECT_EQ(r.status, PublicStatus::AffectedInvestigating);
  EXPECT_EQ(r.fixPlan, "Version 4.0.8 fixes the overflow.\nAs a workaround, disable UPnP.");
  EXPECT_TRUE(r.fixAvailable);
  EXPECT_EQ(r.schedule, "firmware 4.0.8 is released on 2026-12-01");
  EXPECT_EQ(r.requestedPublicationDate, core::CivilDate{2026y / 12 / 24});
  EXPECT_EQ(r.publicComment,
            "Acme recommends updating to 4.0.8.\nSee our advisory for the affected models.");
  EXPECT_EQ(r.advisoryUrl, "https://acme.example/psirt/ACME-2026-001");
  EXPECT_EQ(r.exploitationObserved, Consent::No);
  ASSERT_TRUE(r.shareWith);
  EXPECT_EQ(r.shareWith->name, "Acme OEM Partner Ltd.");
  EXPECT_EQ(r.shareWith->person, "Dana Partner");
  EXPECT_EQ(r.shareWith->address, "psirt@partner.example");
}

TEST(VendorReplyFiles, JapaneseKeyValueReply) {
  const VendorReply r = parseVendorReply(test::readFile(formsDir() + "keyvalue_reply_ja.txt"));
  expectUtf8(r);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.front();
  EXPECT_EQ(r.action, VendorAction::Statement);
  EXPECT_EQ(r.status, PublicStatus::AffectedInvestigating);
  EXPECT_EQ(r.fixPlan,
            "修正版 2.0.2 を準備中です。\n回避策として、外部からの管理画面へのアクセスを制限して"
            "ください。");
  EXPECT_FALSE(r.fixAvailable);
  EXPECT_EQ(r.schedule, "2026年12月中旬");
  EXPECT_EQ(r.requestedPublicationDate, core::CivilDate{2026y / 12 / 24});
  EXPECT_EQ(r.publicComment, "当社では本件について以下のページで情報を公開しています。");
  EXPECT_EQ(r.advisoryUrl, "https://nas.example.jp/security/2026-01.html");
  EXPECT_EQ(r.exploitationObserved, Consent::No);
  EXPECT_FALSE(r.shareWith);
}

// ---------------------------------------------------------------------------------------
// Key-value replies and their warnings.

TEST(VendorReply, KeyValueEnglish) {
  const VendorReply r = parseVendorReply("Action: request details\n");
  EXPECT_EQ(r.action, VendorAction::RequestDetails);
  const VendorReply s =
      parseVendorReply("Status: Not affected\nComment: Our products do not use libfoo.\n");
  EXPECT_EQ(s.action, VendorAction::Statement);
  EXPECT_EQ(s.status, PublicStatus::NotAffected);
  EXPECT_EQ(s.publicComment, "Our products do not use libfoo.");
  EXPECT_TRUE(s.warnings.empty());
}

TEST(VendorReply, SeveralActionsTickedIsNone) {
  std::string f = blankVendorReplyForm("en");
  f = tick(f, "[ ] Request details (please send us the vulnerability details)");
  f = tick(f, "[ ] No affected product (none of our products is affected)");
  const VendorReply r = parseVendorReply(f);
  EXPECT_EQ(r.action, VendorAction::None);
  EXPECT_EQ(r.warnings, std::vector<std::string>{"several answers ticked: none taken"});
}

TEST(VendorReply, SeveralStatusesIsNoStatus) {
  std::string f = blankVendorReplyForm("ja");
  f = tick(f, "[ ] 該当製品あり");
  f = tick(f, "[ ] 該当製品なし");
  const VendorReply r = parseVendorReply(f);
  EXPECT_FALSE(r.status);
  EXPECT_EQ(r.action, VendorAction::None);
}

TEST(VendorReply, TickMarks) {
  for (const char* mark :
       {"[x]", "[X]", "[ｘ]", "[ x ]", "[✓]", "[*]", "[o]", "[○]", "[レ]", "☑", "■"}) {
    const VendorReply r = parseVendorReply(std::string(mark) + " Request details\n");
    EXPECT_EQ(r.action, VendorAction::RequestDetails) << mark;
  }
  for (const char* mark : {"[ ]", "[]", "[_]", "☐", "□", "[　]", "[1]", "[note]"}) {
    const VendorReply r = parseVendorReply(std::string(mark) + " Request details\n");
    EXPECT_EQ(r.action, VendorAction::None) << mark;
  }
}

TEST(VendorReply, BadUrlIsDroppedWithWarning) {
  for (const char* url : {"javascript:alert(1)", "ftp://acme.example/a", "acme.example/psirt",
                          "https://", "https://a.example/\"><script>", "http:// space"}) {
    const VendorReply r = parseVendorReply(std::string("Status: affected\nAdvisory URL: ") + url);
    EXPECT_TRUE(r.advisoryUrl.empty()) << url;
    ASSERT_EQ(r.warnings.size(), 1u) << url;
    EXPECT_NE(r.warnings[0].find("URL"), std::string::npos);
  }
  for (const char* nothing : {"none", "なし", "-", "N/A", "未定"}) {
    const VendorReply r =
        parseVendorReply(std::string("Status: affected\nAdvisory URL: ") + nothing);
    EXPECT_TRUE(r.warnings.empty()) << nothing;
  }
  const VendorReply ok = parseVendorReply("Status: affected\nURL: HTTP://Acme.example/a?b=c#d");
  EXPECT_EQ(ok.advisoryUrl, "HTTP://Acme.example/a?b=c#d");
}

TEST(VendorReply, BadDateAndStatusWarn) {
  const VendorReply r = parseVendorReply(
      "Status: maybe\nRequested publication date: 2026-02-30\nExploitation observed: perhaps\n");
  EXPECT_FALSE(r.status);
  EXPECT_FALSE(r.requestedPublicationDate);
  EXPECT_EQ(r.warnings.size(), 3u);
}

TEST(VendorReply, IncompleteOrganisationWarns) {
  const VendorReply r = parseVendorReply("Related organisation: Partner Ltd.\n");
  ASSERT_TRUE(r.shareWith);
  EXPECT_EQ(r.shareWith->name, "Partner Ltd.");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("incomplete"), std::string::npos);
}

TEST(VendorReply, OwnContactDetailsAreNoRelatedOrganisation) {
  const VendorReply r = parseVendorReply(
      "製品開発者名称（組織名）：株式会社サンプル\n識別番号：JVNVU#00000000\n"
      "ステータス：該当製品なし\n担当者：山田\n連絡先：psirt@sample.example\n"
      "Contact person: Yamada\nE-mail: psirt@sample.example\n");
  EXPECT_EQ(r.status, PublicStatus::NotAffected);
  EXPECT_FALSE(r.shareWith);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.front();
}

TEST(VendorReply, LabelLikeTextInsideAFixPlanStays) {
  const VendorReply r = parseVendorReply(
      "Status: affected\nFix or workaround plan: update to 2.0.\n"
      "In case the update cannot be applied: disable the service.\nNote: 1.x is EOL.\n");
  EXPECT_EQ(r.fixPlan,
            "update to 2.0.\nIn case the update cannot be applied: disable the service.\n"
            "Note: 1.x is EOL.");
}

TEST(VendorReply, NotAffectedHasNoFix) {
  const VendorReply r = parseVendorReply("Status: not affected\nFix available now: yes\n");
  EXPECT_FALSE(r.fixAvailable);
}

TEST(VendorReply, OnWroteStopsReading) {
  const VendorReply r = parseVendorReply(
      "Thanks.\n\nOn Mon, 30 Nov 2026 at 10:00, cvdd <vendors@cert.example> wrote:\n"
      "[x] Request details\n");
  EXPECT_EQ(r.action, VendorAction::None);
}

// ---------------------------------------------------------------------------------------
// Statuses and dates.

struct StatusCase {
  const char* text;
  std::optional<PublicStatus> status;
};

class StatusSpelling : public ::testing::TestWithParam<StatusCase> {};

TEST_P(StatusSpelling, Reads) {
  EXPECT_EQ(parsePublicStatus(GetParam().text), GetParam().status) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Spellings, StatusSpelling,
    ::testing::Values(
        StatusCase{"affected", PublicStatus::Affected},
        StatusCase{"Affected", PublicStatus::Affected},
        StatusCase{"AFFECTED.", PublicStatus::Affected},
        StatusCase{"affected (versions 1.0/1.1)", PublicStatus::Affected},
        StatusCase{"affected, investigating", PublicStatus::AffectedInvestigating},
        StatusCase{"affected - investigating", PublicStatus::AffectedInvestigating},
        StatusCase{"affected (investigating)", PublicStatus::AffectedInvestigating},
        StatusCase{"affected: still investigating", PublicStatus::AffectedInvestigating},
        StatusCase{"affected, under investigation", PublicStatus::AffectedInvestigating},
        StatusCase{"affected-investigating", PublicStatus::AffectedInvestigating},
        StatusCase{"not affected", PublicStatus::NotAffected},
        StatusCase{"Not Affected", PublicStatus::NotAffected},
        StatusCase{"unaffected", PublicStatus::NotAffected},
        StatusCase{"not-affected", PublicStatus::NotAffected},
        StatusCase{"not affected, investigating", PublicStatus::NotAffectedInvestigating},
        StatusCase{"not affected (still investigating)", PublicStatus::NotAffectedInvestigating},
        StatusCase{"not-affected-investigating", PublicStatus::NotAffectedInvestigating},
        StatusCase{"information provided", PublicStatus::InformationProvided},
        StatusCase{"Information-provided", PublicStatus::InformationProvided},
        StatusCase{"ｎｏｔ　ａｆｆｅｃｔｅｄ", PublicStatus::NotAffected},
        StatusCase{"該当製品あり", PublicStatus::Affected},
        StatusCase{"該当製品あり：調査中", PublicStatus::AffectedInvestigating},
        StatusCase{"該当製品あり:調査中", PublicStatus::AffectedInvestigating},
        StatusCase{"該当製品あり（調査中）", PublicStatus::AffectedInvestigating},
        StatusCase{"該当製品あり(調査中)", PublicStatus::AffectedInvestigating},
        StatusCase{"該当製品あり 調査中", PublicStatus::AffectedInvestigating},
        StatusCase{"「該当製品あり」", PublicStatus::Affected},
        StatusCase{"該当製品なし", PublicStatus::NotAffected},
        StatusCase{"該当製品なし：調査中", PublicStatus::NotAffectedInvestigating},
        StatusCase{"該当製品なし・調査中", PublicStatus::NotAffectedInvestigating},
        StatusCase{"脆弱性情報提供済み", PublicStatus::InformationProvided},
        StatusCase{"脆弱性情報提供済", PublicStatus::InformationProvided},
        StatusCase{"affected\nwe will ship a fix", PublicStatus::Affected},
        StatusCase{"affected / not affected", std::nullopt},
        StatusCase{"該当製品あり／該当製品なし", std::nullopt}, StatusCase{"yes", std::nullopt},
        StatusCase{"調査中", std::nullopt}, StatusCase{"", std::nullopt},
        StatusCase{"investigating", std::nullopt}));

struct DateCase {
  const char* text;
  std::optional<core::CivilDate> date;
};

class DateSpelling : public ::testing::TestWithParam<DateCase> {};

TEST_P(DateSpelling, Reads) {
  EXPECT_EQ(parseFormDate(GetParam().text), GetParam().date) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Spellings, DateSpelling,
    ::testing::Values(DateCase{"2026-12-24", 2026y / 12 / 24},
                      DateCase{"2026/12/24", 2026y / 12 / 24},
                      DateCase{"2026.12.24", 2026y / 12 / 24}, DateCase{"2026/1/5", 2026y / 1 / 5},
                      DateCase{"2026年12月24日", 2026y / 12 / 24},
                      DateCase{"2026 年 1 月 5 日", 2026y / 1 / 5},
                      DateCase{"２０２６年１２月２４日", 2026y / 12 / 24},
                      DateCase{"２０２６－１２－２４", 2026y / 12 / 24},
                      DateCase{"on 2026-12-24 (after our release)", 2026y / 12 / 24},
                      DateCase{"2024-02-29", 2024y / 2 / 29}, DateCase{"2026-02-29", std::nullopt},
                      DateCase{"2026-13-01", std::nullopt}, DateCase{"12/24/2026", std::nullopt},
                      DateCase{"20261224", std::nullopt}, DateCase{"2026年12月", std::nullopt},
                      DateCase{"", std::nullopt}, DateCase{"none", std::nullopt}));

// ---------------------------------------------------------------------------------------
// Hostile input.

template <class F>
double seconds(F&& f) {
  const auto start = steady_clock::now();
  f();
  return duration<double>(steady_clock::now() - start).count();
}

TEST(VendorReplyHostile, FiveMegabyteBody) {
  std::string body = "Fix or workaround plan: ";
  body.append(std::size_t{5} << 20, 'x');
  VendorReply r;
  EXPECT_LT(seconds([&] { r = parseVendorReply(body); }),
            15.0);  // generous for sanitizer builds: quadratic would take minutes
  EXPECT_LE(r.fixPlan.size(), kMaxLongFieldBytes);
  EXPECT_FALSE(r.warnings.empty());
}

TEST(VendorReplyHostile, HundredThousandLines) {
  std::string body;
  for (int i = 0; i < 100000; ++i) {
    body += (i % 3 == 0 ? "[x] affected\n" : i % 3 == 1 ? "Schedule: soon\n" : "From: a\n");
  }
  VendorReply r;
  EXPECT_LT(seconds([&] { r = parseVendorReply(body); }),
            15.0);  // generous for sanitizer builds: quadratic would take minutes
  EXPECT_LE(r.schedule.size(), kMaxLongFieldBytes);
  expectUtf8(r);
}

TEST(VendorReplyHostile, NulsAndInvalidUtf8) {
  using namespace std::string_literals;
  const std::string body =
      "[\0x]\xff Request details\nStatus: \xe8\xa9\xb2\nURL: https://a.example/\0\x01\n"
      "Comment: \xc0\xaf\x1b]0;title\x07\n\xEF\xBC"s;
  const VendorReply r = parseVendorReply(body);
  expectUtf8(r);
  EXPECT_EQ(r.publicComment.find('\x1b'), std::string::npos);
}

TEST(VendorReplyHostile, EveryPrefixOfAFilledFormIsSafe) {
  const std::string body = filledJapanese();
  for (std::size_t n = 0; n <= body.size(); ++n) {
    expectUtf8(parseVendorReply(std::string_view(body).substr(0, n)));
  }
}

}  // namespace
}  // namespace cvdd::parsers
