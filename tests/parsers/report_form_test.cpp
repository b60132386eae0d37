// The reporter's fields (ア)–(コ) from report bodies: the demo reports, realistic forms in
// both languages, many spellings of labels and answers, free text, hostile input.

#include "parsers/report_form.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "parsers/parsed_message.hpp"
#include "test_support.hpp"

namespace cvdd::parsers {
namespace {

std::string formsDir() {
  return std::string(CVDD_PARSERS_DATA_DIR) + "/forms/";
}
std::string examplesDir() {
  return std::string(CVDD_PARSERS_DATA_DIR) + "/../../../examples/reports/";
}

void expectUtf8(const ReportFields& r) {
  for (const std::string* s : {&r.reporterName, &r.contact, &r.product, &r.vulnerability,
                               &r.personalData, &r.otherOrganisations, &r.otherFacts}) {
    EXPECT_TRUE(test::isUtf8(*s));
  }
  for (const auto& w : r.warnings) EXPECT_TRUE(test::isUtf8(w));
}

// ---------------------------------------------------------------------------------------
// The demo reports in examples/ must parse fully.

ReportFields fromExample(const std::string& file) {
  const std::string raw = test::readFile(examplesDir() + file);
  EXPECT_FALSE(raw.empty()) << file;
  const auto message = parseMessage(raw);
  EXPECT_TRUE(message.has_value()) << file;
  return message ? extractReportFields(message->bodyText) : ReportFields{};
}

TEST(ReportFormExamples, SqlInjectionEnglish) {
  const ReportFields r = fromExample("01-sql-injection.eml");
  EXPECT_TRUE(r.fromForm);
  EXPECT_TRUE(r.missing.empty());
  EXPECT_EQ(r.reporterName, "Alice Reporter");
  EXPECT_EQ(r.contact, "alice@reporter.example");
  EXPECT_EQ(r.shareIdentityWithVendor, Consent::Yes);
  EXPECT_EQ(r.vendorMayContactDirectly, Consent::Yes);
  EXPECT_EQ(r.publishName, Consent::Yes);
  EXPECT_EQ(r.product, "ExampleShop 3.2");
  EXPECT_EQ(r.vulnerability,
            "the \"user\" parameter of /login is concatenated into an SQL\n"
            "query; a single quote produces a database error, and ' OR '1'='1 logs in\n"
            "without a password.");
  EXPECT_EQ(r.exploitationObserved, Consent::No);
  EXPECT_TRUE(r.warnings.empty());
}

TEST(ReportFormExamples, OsCommandInjectionJapanese) {
  const ReportFields r = fromExample("02-os-command-injection-ja.eml");
  EXPECT_TRUE(r.fromForm);
  EXPECT_TRUE(r.missing.empty());
  EXPECT_EQ(r.reporterName, "山田 太郎");
  EXPECT_EQ(r.contact, "taro@reporter.example");
  EXPECT_EQ(r.shareIdentityWithVendor, Consent::Yes);
  EXPECT_EQ(r.vendorMayContactDirectly, Consent::Unknown);
  EXPECT_EQ(r.publishName, Consent::Unknown);
  EXPECT_EQ(r.product, "サンプルルーター SR-100 ファームウェア 1.0.4");
  EXPECT_EQ(r.vulnerability, "管理画面の ping 機能で OS コマンドインジェクションが可能です。");
  EXPECT_EQ(r.exploitationObserved, Consent::No);
  EXPECT_TRUE(r.warnings.empty());
}

// ---------------------------------------------------------------------------------------
// Realistic bodies under data/forms.

TEST(ReportFormFiles, IpaStyleJapaneseWithKatakanaNumbering) {
  const ReportFields r = extractReportFields(test::readFile(formsDir() + "ipa_style_ja.txt"));
  expectUtf8(r);
  EXPECT_TRUE(r.fromForm);
  EXPECT_TRUE(r.missing.empty());
  EXPECT_EQ(r.reporterName, "佐藤 花子（ハンドル名 hanako）");
  EXPECT_EQ(r.contact, "hanako@reporter.example");
  EXPECT_EQ(r.shareIdentityWithVendor, Consent::No);
  EXPECT_EQ(r.vendorMayContactDirectly, Consent::No);
  EXPECT_EQ(r.publishName, Consent::Yes);
  EXPECT_EQ(r.product, "ExampleCMS 5.1.2");
  EXPECT_EQ(r.vulnerability,
            "・環境：Debian 12、ExampleCMS 5.1.2 初期設定\n"
            "  ・手順：管理画面のコメント欄に <script>alert(1)</script> を投稿する\n"
            "  ・結果：閲覧した管理者のブラウザでスクリプトが実行される\n\n"
            "  証拠のスクリーンショットを添付します。");
  EXPECT_EQ(r.personalData, "上記（ウ）～（オ）のとおり");
  EXPECT_EQ(r.otherOrganisations, "なし");
  EXPECT_EQ(r.otherFacts, "国内の自治体での利用例があります。");
  EXPECT_EQ(r.exploitationObserved, Consent::Unknown);
}

TEST(ReportFormFiles, BracketLabelsAndFullWidthAnswers) {
  const ReportFields r = extractReportFields(test::readFile(formsDir() + "bracket_ja.txt"));
  expectUtf8(r);
  EXPECT_TRUE(r.fromForm);
  EXPECT_TRUE(r.missing.empty());
  EXPECT_EQ(r.reporterName, "kuro");
  EXPECT_EQ(r.contact, "kuro@reporter.example");
  EXPECT_EQ(r.shareIdentityWithVendor, Consent::Yes);
  EXPECT_EQ(r.vendorMayContactDirectly, Consent::Yes);
  EXPECT_EQ(r.publishName, Consent::Yes);
  EXPECT_EQ(r.product, "サンプルNAS ＦＷ ２．０．１");
  EXPECT_EQ(r.vulnerability, "１．ログイン画面を開く\n２．ユーザ名に ../../etc/passwd を入力する");
  EXPECT_EQ(r.exploitationObserved, Consent::Yes);
  EXPECT_NE(r.otherFacts.find("ハニーポット"), std::string::npos) << r.otherFacts;
}

TEST(ReportFormFiles, MarkdownEnglishWithQuestionsVendorAndSections) {
  const ReportFields r = extractReportFields(test::readFile(formsDir() + "markdown_en.txt"));
  expectUtf8(r);
  EXPECT_TRUE(r.fromForm);
  EXPECT_TRUE(r.missing.empty());
  EXPECT_EQ(r.reporterName, "Bob Example");
  EXPECT_EQ(r.contact, "bob@research.example");
  EXPECT_EQ(r.shareIdentityWithVendor, Consent::Yes);
  EXPECT_EQ(r.vendorMayContactDirectly, Consent::No);
  EXPECT_EQ(r.publishName, Consent::Yes);
  EXPECT_EQ(r.product, "Acme Router 4.0.7");
  EXPECT_TRUE(r.vulnerability.starts_with("A stack overflow in the UPnP service"))
      << r.vulnerability;
  EXPECT_NE(r.vulnerability.find("Steps to reproduce"), std::string::npos);
  EXPECT_NE(r.vulnerability.find("2. Observe the crash"), std::string::npos);
  // Technical "key: value" text stays in the description.
  EXPECT_NE(r.vulnerability.find("Parameter name: NewRemoteHost"), std::string::npos);
  EXPECT_NE(r.vulnerability.find("Impact: full control"), std::string::npos);
  EXPECT_EQ(r.vulnerability.find("Thanks"), std::string::npos);
  EXPECT_EQ(r.otherOrganisations, "CERT/CC (VU#000000), no reply yet.");
  EXPECT_EQ(r.exploitationObserved, Consent::Unknown);
  EXPECT_EQ(r.otherFacts.find("PGP"), std::string::npos);  // the signature is no field
}

TEST(ReportFormFiles, FreeTextIsTheVulnerability) {
  const std::string body = test::readFile(formsDir() + "free_text_en.txt");
  const ReportFields r = extractReportFields(body);
  EXPECT_FALSE(r.fromForm);
  EXPECT_TRUE(r.vulnerability.starts_with("Hello,")) << r.vulnerability;
  EXPECT_TRUE(r.vulnerability.ends_with("Carol"));
  EXPECT_EQ(r.missing, (std::vector<std::string>{"contact", "product"}));
  EXPECT_EQ(r.shareIdentityWithVendor, Consent::Unknown);
  EXPECT_EQ(r.vendorMayContactDirectly, Consent::Unknown);
  EXPECT_EQ(r.publishName, Consent::Unknown);
}

// ---------------------------------------------------------------------------------------
// Label spellings: one labelled line next to a fixed form, the field it must land in.

enum class Where {
  Name,
  Contact,
  Share,
  VendorContact,
  Publish,
  Product,
  Vulnerability,
  Personal,
  OtherOrgs,
  OtherFacts,
  Exploited
};

struct LabelCase {
  const char* name;
  std::string line;
  Where where;
  std::string value;  // for a consent: "yes"/"no"/"unknown"
};

std::string valueAt(const ReportFields& r, Where w) {
  switch (w) {
    case Where::Name:
      return r.reporterName;
    case Where::Contact:
      return r.contact;
    case Where::Share:
      return std::string(consentName(r.shareIdentityWithVendor));
    case Where::VendorContact:
      return std::string(consentName(r.vendorMayContactDirectly));
    case Where::Publish:
      return std::string(consentName(r.publishName));
    case Where::Product:
      return r.product;
    case Where::Vulnerability:
      return r.vulnerability;
    case Where::Personal:
      return r.personalData;
    case Where::OtherOrgs:
      return r.otherOrganisations;
    case Where::OtherFacts:
      return r.otherFacts;
    case Where::Exploited:
      return std::string(consentName(r.exploitationObserved));
  }
  return {};
}

class ReportLabel : public ::testing::TestWithParam<LabelCase> {};

TEST_P(ReportLabel, LandsInItsField) {
  const LabelCase& c = GetParam();
  // Two other labelled fields make it a form; they are not the field under test.
  const bool testsContact = c.where == Where::Contact;
  const bool testsOther = c.where == Where::OtherFacts;
  const std::string body = "Hello,\n\n" + c.line + "\n\n" +
                           (testsContact ? "Remarks: none\n" : "Contact: x@example.org\n") +
                           (testsOther ? "Personal data: as above\n" : "Other information: -\n");
  const ReportFields r = extractReportFields(body);
  EXPECT_TRUE(r.fromForm) << c.line;
  EXPECT_EQ(valueAt(r, c.where), c.value) << c.line;
}

INSTANTIATE_TEST_SUITE_P(
    Spellings, ReportLabel,
    ::testing::Values(
        LabelCase{"reporter", "Reporter: Alice", Where::Name, "Alice"},
        LabelCase{"name_lower", "name: alice", Where::Name, "alice"},
        LabelCase{"your_name", "Your name: Alice A.", Where::Name, "Alice A."},
        LabelCase{"handle", "Handle: z3r0", Where::Name, "z3r0"},
        LabelCase{"reported_by", "Reported by: Alice", Where::Name, "Alice"},
        LabelCase{"ja_name", "氏名：山田太郎", Where::Name, "山田太郎"},
        LabelCase{"ja_finder", "発見者の氏名: 山田", Where::Name, "山田"},
        LabelCase{"ja_handle", "ハンドル名：neko", Where::Name, "neko"},
        LabelCase{"ja_katakana_prefix", "(ア) 氏名等の発見者を識別するための情報：neko",
                  Where::Name, "neko"},
        LabelCase{"email", "Email: a@example.org", Where::Contact, "a@example.org"},
        LabelCase{"e_mail_address", "E-mail address: a@example.org", Where::Contact,
                  "a@example.org"},
        LabelCase{"contact_upper", "CONTACT: a@example.org", Where::Contact, "a@example.org"},
        LabelCase{"ja_contact", "連絡先：a@example.org", Where::Contact, "a@example.org"},
        LabelCase{"ja_mail", "メールアドレス　：　a@example.org", Where::Contact, "a@example.org"},
        LabelCase{"ja_seed_contact", "（イ）電子メールアドレス等の発見者の連絡先：a@example.org",
                  Where::Contact, "a@example.org"},
        LabelCase{"value_next_line", "Contact:\n  a@example.org", Where::Contact, "a@example.org"},
        LabelCase{"share_passed", "May my name and address be passed to the vendor: yes",
                  Where::Share, "yes"},
        LabelCase{"share_disclose", "Disclose my identity to the vendor: no", Where::Share, "no"},
        LabelCase{"share_question", "May we share your identity with the vendor? y", Where::Share,
                  "yes"},
        LabelCase{"share_ja", "製品開発者への連絡先の開示：可", Where::Share, "yes"},
        LabelCase{"share_ja_name", "製品開発者への氏名・連絡先の開示：不可", Where::Share, "no"},
        LabelCase{"share_ja_seed", "(ウ) (ア)および(イ)の製品開発者への通知の可否：同意しない",
                  Where::Share, "no"},
        LabelCase{"direct_en", "May the vendor contact me directly: yes", Where::VendorContact,
                  "yes"},
        LabelCase{"direct_question", "Can the vendor contact you directly? no thanks",
                  Where::VendorContact, "no"},
        LabelCase{"direct_ja", "製品開発者からの直接連絡：希望する", Where::VendorContact, "yes"},
        LabelCase{"direct_ja_no", "製品開発者からの直接連絡：希望しない", Where::VendorContact,
                  "no"},
        LabelCase{"publish_en", "May my name be published: Yes please", Where::Publish, "yes"},
        LabelCase{"credit", "Credit: no, anonymous please", Where::Publish, "no"},
        LabelCase{"credit_checkbox", "Credit: [ ] yes [x] no", Where::Publish, "no"},
        LabelCase{"credit_unfilled", "Credit: yes / no", Where::Publish, "unknown"},
        LabelCase{"acknowledgement", "Acknowledgement: OK", Where::Publish, "yes"},
        LabelCase{"publish_ja", "氏名の公表：はい", Where::Publish, "yes"},
        LabelCase{"publish_ja_thanks", "謝辞への掲載：いいえ", Where::Publish, "no"},
        LabelCase{"publish_ja_anonymous", "謝辞への掲載：匿名希望", Where::Publish, "no"},
        LabelCase{"publish_ja_seed", "(オ) (ア)の公表の可否：許可", Where::Publish, "yes"},
        LabelCase{"product", "Product: ExampleShop 3.2", Where::Product, "ExampleShop 3.2"},
        LabelCase{"product_and_version", "Product name and version: ExampleShop 3.2",
                  Where::Product, "ExampleShop 3.2"},
        LabelCase{"product_plus_version", "Product: ExampleShop\nVersion: 3.2", Where::Product,
                  "ExampleShop 3.2"},
        LabelCase{"version_in_name", "Product: ExampleShop 3.2\nVersion: 3.2", Where::Product,
                  "ExampleShop 3.2"},
        LabelCase{"affected_software", "Affected software: libfoo 1.0", Where::Product,
                  "libfoo 1.0"},
        LabelCase{"ja_product", "製品名：サンプル", Where::Product, "サンプル"},
        LabelCase{"ja_product_version", "製品名およびバージョン：サンプル 1.0", Where::Product,
                  "サンプル 1.0"},
        LabelCase{"ja_bracket", "【製品名】サンプル 2.0", Where::Product, "サンプル 2.0"},
        LabelCase{"ja_seed_product", "(カ) 脆弱性関連情報に係るソフトウェア製品の名称：サンプル",
                  Where::Product, "サンプル"},
        LabelCase{"numbered_product", "6. Product: X 1", Where::Product, "X 1"},
        LabelCase{"fullwidth_numbered", "（６）製品名：X", Where::Product, "X"},
        LabelCase{"circled", "⑥製品名：X", Where::Product, "X"},
        LabelCase{"bullet", "・製品名：X", Where::Product, "X"},
        LabelCase{"vulnerability", "Vulnerability: XSS in search", Where::Vulnerability,
                  "XSS in search"},
        LabelCase{"description_multi", "Description:\nline one\n\nline two", Where::Vulnerability,
                  "line one\n\nline two"},
        LabelCase{"details", "Details: it breaks", Where::Vulnerability, "it breaks"},
        LabelCase{"steps", "Steps to reproduce: 1) open 2) click", Where::Vulnerability,
                  "1) open 2) click"},
        LabelCase{"ja_vuln", "脆弱性の内容：XSS", Where::Vulnerability, "XSS"},
        LabelCase{"ja_vuln_info", "脆弱性情報：XSS", Where::Vulnerability, "XSS"},
        LabelCase{"ja_steps", "再現手順：画面を開く", Where::Vulnerability, "画面を開く"},
        LabelCase{"personal", "Personal data: please keep private", Where::Personal,
                  "please keep private"},
        LabelCase{"ja_personal", "個人情報の取扱い：公表しない", Where::Personal, "公表しない"},
        LabelCase{"other_orgs", "Other organisations notified: none", Where::OtherOrgs, "none"},
        LabelCase{"other_orgs_us", "Other organizations notified: JPCERT/CC", Where::OtherOrgs,
                  "JPCERT/CC"},
        LabelCase{"ja_other_orgs", "他の組織への連絡：なし", Where::OtherOrgs, "なし"},
        LabelCase{"ja_other_orgs2", "他組織への届出状況：IPA に届出済み", Where::OtherOrgs,
                  "IPA に届出済み"},
        LabelCase{"other_info", "Other information: used by hospitals", Where::OtherFacts,
                  "used by hospitals"},
        LabelCase{"ja_other", "その他：重要インフラで利用", Where::OtherFacts,
                  "重要インフラで利用"},
        LabelCase{"ja_other_info", "その他の情報：なし", Where::OtherFacts, "なし"},
        LabelCase{"exploited_no", "Exploitation observed: no", Where::Exploited, "no"},
        LabelCase{"exploited_wild", "Exploited in the wild: yes", Where::Exploited, "yes"},
        LabelCase{"exploited_none_known", "Exploited in the wild? none known", Where::Exploited,
                  "no"},
        LabelCase{"ja_attack", "攻撃の観測：あり", Where::Exploited, "yes"},
        LabelCase{"ja_abuse", "悪用の有無：無し", Where::Exploited, "no"},
        LabelCase{"ja_abuse_unknown", "悪用の有無：不明", Where::Exploited, "unknown"}),
    [](const auto& p) { return std::string(p.param.name); });

// ---------------------------------------------------------------------------------------
// Yes/no answers.

struct ConsentCase {
  const char* answer;
  Consent expected;
};

class ConsentAnswer : public ::testing::TestWithParam<ConsentCase> {};

TEST_P(ConsentAnswer, Reads) {
  EXPECT_EQ(parseConsent(GetParam().answer), GetParam().expected) << GetParam().answer;
}

INSTANTIATE_TEST_SUITE_P(
    Spellings, ConsentAnswer,
    ::testing::Values(
        ConsentCase{"yes", Consent::Yes}, ConsentCase{"Yes.", Consent::Yes},
        ConsentCase{"YES", Consent::Yes}, ConsentCase{"y", Consent::Yes},
        ConsentCase{"Y", Consent::Yes}, ConsentCase{"agree", Consent::Yes},
        ConsentCase{"I agree", Consent::Yes}, ConsentCase{"I consent", Consent::Yes},
        ConsentCase{"consent", Consent::Yes}, ConsentCase{"OK", Consent::Yes},
        ConsentCase{"okay", Consent::Yes}, ConsentCase{"sure", Consent::Yes},
        ConsentCase{"allowed", Consent::Yes}, ConsentCase{"Ｙｅｓ", Consent::Yes},
        ConsentCase{"ＯＫ", Consent::Yes}, ConsentCase{"可", Consent::Yes},
        ConsentCase{"可能", Consent::Yes}, ConsentCase{"はい", Consent::Yes},
        ConsentCase{"はい、構いません", Consent::Yes}, ConsentCase{"同意する", Consent::Yes},
        ConsentCase{"同意します", Consent::Yes}, ConsentCase{"希望する", Consent::Yes},
        ConsentCase{"希望します", Consent::Yes}, ConsentCase{"許可", Consent::Yes},
        ConsentCase{"許可します", Consent::Yes}, ConsentCase{"あり", Consent::Yes},
        ConsentCase{"有り", Consent::Yes}, ConsentCase{"「可」", Consent::Yes},
        ConsentCase{"問題ありません", Consent::Yes}, ConsentCase{"[x] yes [ ] no", Consent::Yes},
        ConsentCase{"☑可 ☐不可", Consent::Yes}, ConsentCase{"no", Consent::No},
        ConsentCase{"No.", Consent::No}, ConsentCase{"n", Consent::No},
        ConsentCase{"N", Consent::No}, ConsentCase{"not", Consent::No},
        ConsentCase{"I do not agree", Consent::No}, ConsentCase{"don't", Consent::No},
        ConsentCase{"I don't consent", Consent::No}, ConsentCase{"please do not", Consent::No},
        ConsentCase{"disagree", Consent::No}, ConsentCase{"declined", Consent::No},
        ConsentCase{"NG", Consent::No}, ConsentCase{"ＮＧ", Consent::No},
        ConsentCase{"none", Consent::No}, ConsentCase{"not yet", Consent::No},
        ConsentCase{"anonymous", Consent::No}, ConsentCase{"不可", Consent::No},
        ConsentCase{"不可能", Consent::No}, ConsentCase{"いいえ", Consent::No},
        ConsentCase{"同意しない", Consent::No}, ConsentCase{"同意しません", Consent::No},
        ConsentCase{"希望しない", Consent::No}, ConsentCase{"希望しません", Consent::No},
        ConsentCase{"不許可", Consent::No}, ConsentCase{"なし", Consent::No},
        ConsentCase{"無し", Consent::No}, ConsentCase{"匿名を希望", Consent::No},
        ConsentCase{"[ ] yes [x] no", Consent::No}, ConsentCase{"■不可", Consent::No},
        ConsentCase{"", Consent::Unknown}, ConsentCase{"   ", Consent::Unknown},
        ConsentCase{"yes / no", Consent::Unknown}, ConsentCase{"Yes/No", Consent::Unknown},
        ConsentCase{"y/n", Consent::Unknown}, ConsentCase{"可／不可", Consent::Unknown},
        ConsentCase{"はい/いいえ", Consent::Unknown}, ConsentCase{"n/a", Consent::Unknown},
        ConsentCase{"N/A", Consent::Unknown}, ConsentCase{"unknown", Consent::Unknown},
        ConsentCase{"not sure", Consent::Unknown}, ConsentCase{"maybe", Consent::Unknown},
        ConsentCase{"不明", Consent::Unknown}, ConsentCase{"未確認", Consent::Unknown},
        ConsentCase{"Alice Reporter", Consent::Unknown},
        ConsentCase{"\n\n  yes\nbut use my handle", Consent::Yes}));

// ---------------------------------------------------------------------------------------
// Rules of the walk.

TEST(ReportForm, ContradictoryConsentIsNo) {
  const ReportFields r = extractReportFields(
      "Name: A\nContact: a@example.org\nCredit: yes\nMay my name be published: no\n");
  EXPECT_EQ(r.publishName, Consent::No);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("publishName"), std::string::npos);
}

TEST(ReportForm, OneLineFieldEndsAtBlankLineLongFieldDoesNot) {
  const ReportFields r = extractReportFields(
      "Product: Shop\n\nnot the product\nVulnerability: first\n\nsecond paragraph\n");
  EXPECT_EQ(r.product, "Shop");
  EXPECT_EQ(r.vulnerability, "first\n\nsecond paragraph");
}

TEST(ReportForm, ClosingParagraphEndsTheDescription) {
  const ReportFields r =
      extractReportFields("Product: Shop\nDetails: broken\n\nBest regards,\nAlice\n");
  EXPECT_EQ(r.vulnerability, "broken");
}

TEST(ReportForm, CrLfAndFullWidthColon) {
  const ReportFields r =
      extractReportFields("製品名：Shop\r\n連絡先：a@example.org\r\n脆弱性の内容：\r\n壊れる\r\n");
  EXPECT_EQ(r.product, "Shop");
  EXPECT_EQ(r.contact, "a@example.org");
  EXPECT_EQ(r.vulnerability, "壊れる");
}

TEST(ReportForm, UnlabelledTextBecomesTheDescriptionWhenNoVulnerabilityLabel) {
  const ReportFields r = extractReportFields(
      "Product: Shop 1\nContact: a@example.org\n\nThe login page accepts any password.\n");
  EXPECT_TRUE(r.fromForm);
  EXPECT_EQ(r.vulnerability, "The login page accepts any password.");
  EXPECT_TRUE(r.missing.empty());
  EXPECT_EQ(r.warnings.size(), 1u);
}

TEST(ReportForm, MissingRequiredFieldsAreListed) {
  const ReportFields r = extractReportFields("Name: A\nCredit: yes\n");
  EXPECT_TRUE(r.fromForm);
  EXPECT_EQ(r.missing, (std::vector<std::string>{"contact", "product", "vulnerability"}));
}

TEST(ReportForm, EmptyBody) {
  const ReportFields r = extractReportFields("");
  EXPECT_FALSE(r.fromForm);
  EXPECT_EQ(r.missing, (std::vector<std::string>{"contact", "product", "vulnerability"}));
}

TEST(ReportForm, UrlsAndTimesAreNotLabels) {
  const ReportFields r =
      extractReportFields("see https://example.org/a:b at 10:30\nmailto:x@example.org\n");
  EXPECT_FALSE(r.fromForm);
  EXPECT_TRUE(r.contact.empty());
}

// ---------------------------------------------------------------------------------------
// Hostile input: bounded, valid UTF-8 out, no crash, no time blow-up.

template <class F>
double seconds(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(ReportFormHostile, FiveMegabyteBodyIsCut) {
  std::string body = "Product: X\nVulnerability: ";
  body.append(std::size_t{5} << 20, 'A');
  ReportFields r;
  EXPECT_LT(seconds([&] { r = extractReportFields(body); }),
            15.0);  // generous for sanitizer builds: quadratic would take minutes
  EXPECT_LE(r.vulnerability.size(), kMaxFormBytes);
  EXPECT_FALSE(r.warnings.empty());
}

TEST(ReportFormHostile, HundredThousandLabelLines) {
  std::string body;
  for (int i = 0; i < 100000; ++i) body += (i % 2 ? "Name: x\n" : "Vulnerability: y\n");
  ReportFields r;
  EXPECT_LT(seconds([&] { r = extractReportFields(body); }),
            15.0);  // generous for sanitizer builds: quadratic would take minutes
  EXPECT_LE(r.reporterName.size(), kMaxShortFieldBytes);
  expectUtf8(r);
}

TEST(ReportFormHostile, HundredThousandColonLines) {
  std::string body;
  for (int i = 0; i < 100000; ++i) body += "(((((((((((((((((((: : : ：：：\n";
  ReportFields r;
  EXPECT_LT(seconds([&] { r = extractReportFields(body); }),
            15.0);  // generous for sanitizer builds: quadratic would take minutes
  expectUtf8(r);
}

TEST(ReportFormHostile, LongLinesWithoutNewlines) {
  std::string body = "Product:";
  for (int i = 0; i < 200000; ++i) body += " a:b";
  ReportFields r;
  EXPECT_LT(seconds([&] { r = extractReportFields(body); }),
            15.0);  // generous for sanitizer builds: quadratic would take minutes
  EXPECT_LE(r.product.size(), kMaxShortFieldBytes);
  expectUtf8(r);
}

TEST(ReportFormHostile, NulsControlsAndInvalidUtf8) {
  using namespace std::string_literals;
  std::string body = "Name: A\0B\nContact: \x01\x02x@example.org\nProduct: \xff\xfe\xc3\n"s;
  body += "Vulnerability: \xe3\x81\n\0\0\0\x1b[31m red\n"s;
  body += "氏名\xEF\xBC";  // a full-width colon cut in half at the end
  const ReportFields r = extractReportFields(body);
  expectUtf8(r);
  EXPECT_EQ(r.contact.find('\x01'), std::string::npos);
  EXPECT_EQ(r.vulnerability.find('\0'), std::string::npos);
  EXPECT_EQ(r.vulnerability.find('\x1b'), std::string::npos);
}

TEST(ReportFormHostile, EveryPrefixOfARealFormIsSafe) {
  const std::string body = test::readFile(formsDir() + "ipa_style_ja.txt");
  for (std::size_t n = 0; n <= body.size(); ++n) {
    const ReportFields r = extractReportFields(std::string_view(body).substr(0, n));
    expectUtf8(r);
  }
}

}  // namespace
}  // namespace cvdd::parsers
