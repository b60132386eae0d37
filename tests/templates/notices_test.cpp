// The notice catalogue: every notice in both languages against the one documented
// variable set (templates/notices/README.md), the reporter-identity rule, confidentiality
// markers, subjects, reply forms and the language of each file.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "templates/embedded_notices.hpp"
#include "templates/notice.hpp"

namespace cvdd::templates {
namespace {

using core::Language;

enum class Audience {
  Reporter,
  Vendor,  // vendor-facing only
  Shared,  // informed vendors and the reporter, one template
  Operator,
  RelatedOrganisation,
  PriorityRecipients,
};

struct NoticeSpec {
  std::string_view name;
  Audience audience;
  bool confidential;
  // Vendor-facing notices that pass the reporter's name and address on when (and only
  // when) the reporter consented. The others never carry them.
  bool identityWithConsent;
};

constexpr NoticeSpec kNotices[] = {
    {"acknowledgement", Audience::Reporter, false, false},
    {"missing-information", Audience::Reporter, false, false},
    {"case-accepted", Audience::Reporter, false, false},
    {"case-not-accepted", Audience::Reporter, false, false},
    {"non-disclosure-withdrawable", Audience::Reporter, false, false},
    {"registration-request", Audience::Vendor, false, false},
    {"vulnerability-summary", Audience::Vendor, false, true},
    {"vulnerability-details", Audience::Vendor, true, true},
    {"reminder", Audience::Vendor, false, false},
    {"publication-reminder", Audience::Vendor, true, true},
    {"publication-date", Audience::Shared, true, true},
    {"publication-date-moved", Audience::Shared, true, true},
    {"published", Audience::Shared, false, true},
    {"publication-cancelled", Audience::Shared, true, true},
    {"priority-advisory", Audience::PriorityRecipients, true, false},
    {"vendor-unreachable", Audience::Operator, false, false},
    {"operator-alert", Audience::Operator, false, false},
    {"related-organisation-registration", Audience::RelatedOrganisation, false, false},
    {"related-organisation-details", Audience::RelatedOrganisation, true, false},
    {"related-organisation-update", Audience::RelatedOrganisation, true, false},
};

// The documented variable set; must equal the table in templates/notices/README.md.
const std::set<std::string> kVariables = {
    "case_id",
    "coordinator_name",
    "intake_address",
    "original_subject",
    "received_at",
    "case_title",
    "vendor_name",
    "vendor_status",
    "product",
    "vulnerability_summary",
    "vulnerability_details",
    "solution",
    "publication_date",
    "previous_publication_date",
    "move_reason",
    "stop_reason",
    "cancel_reason",
    "missing_fields",
    "deadline_date",
    "start_date",
    "days_since_start",
    "contact_attempts",
    "advisory_url",
    "vendor_status_table",
    "reply_form",
    "registration_instructions",
    "related_organisation_name",
    "related_organisation_contact",
    "requesting_vendor_name",
    "related_update_date_set",
    "related_update_moved",
    "related_update_cancelled",
    "related_update_published",
    "alert_code",
    "alert_text",
    "reporter_name",
    "reporter_address",
    "reporter_identity_consented",
    "reporter_credit",
};

constexpr std::string_view kCaseId = "CVD#01234567";
constexpr std::string_view kReporterName = "Hanako Yamada";
constexpr std::string_view kReporterAddress = "hanako.yamada@reporter.example";
constexpr std::string_view kReplyForm =
    "-----BEGIN CVDD REPLY FORM-----\nstatus:\ncomment:\n-----END CVDD REPLY FORM-----";
constexpr std::string_view kDetailsLines[] = {"Send a crafted X-Foo header to /admin/login.",
                                              "The server then runs SECRET-PAYLOAD-7f3a."};
constexpr std::string_view kSignature = "Example CSIRT\nvendors@cert.example\n";

bool isVendorFacing(const NoticeSpec& n) {
  return n.audience == Audience::Vendor || n.audience == Audience::Shared;
}

std::string details() {
  return std::string(kDetailsLines[0]) + "\n" + std::string(kDetailsLines[1]);
}

// A value for every documented variable, each distinct and ASCII.
NoticeData fullData() {
  return {
      {"case_id", std::string(kCaseId)},
      {"coordinator_name", "Example CSIRT"},
      {"intake_address", "vendors@cert.example"},
      {"original_subject", "Report about FooCMS"},
      {"received_at", "2025-04-01 10:15 JST"},
      {"case_title", "Vulnerability in FooCMS"},
      {"vendor_name", "Foo Corp."},
      {"vendor_status", "Affected"},
      {"product", "FooCMS 2.1"},
      {"vulnerability_summary", "Do you ship products that use the FooCMS login module?"},
      {"vulnerability_details", details()},
      {"solution", "Update to FooCMS 2.1.1 (WORKAROUND-SOLUTION-TEXT)."},
      {"publication_date", "2025-05-16 11:00 JST"},
      {"previous_publication_date", "2025-05-09 11:00 JST"},
      {"move_reason", "MOVE-REASON: a vendor needs more time"},
      {"stop_reason", "STOP-REASON: already known and published"},
      {"cancel_reason", "CANCEL-REASON: the vendor notifies every user itself"},
      {"missing_fields", "- MISSING-FIELD product version\n- MISSING-FIELD steps"},
      {"deadline_date", "2025-04-15"},
      {"alert_code", "ALERT-CODE-X"},
      {"alert_text", "ALERT-TEXT: vendor acme unreachable"},
      {"start_date", "2025-04-02"},
      {"days_since_start", "92"},
      {"contact_attempts", "2025-04-02 mail sent\n2025-05-02 phone no answer"},
      {"advisory_url", "https://jvn.example/JVN12345678/"},
      {"vendor_status_table",
       "Foo Corp.  | Affected     | fixed in 2.1.1\n"
       "Bar Ltd.   | Not affected |"},
      {"reply_form", std::string(kReplyForm)},
      {"registration_instructions", "REGISTRATION-STEPS: https://cert.example/register"},
      {"related_organisation_name", "Baz Systems Ltd."},
      {"related_organisation_contact", "Taro Suzuki"},
      {"requesting_vendor_name", "Qux Corp."},
      {"related_update_date_set", "yes"},
      {"related_update_moved", "yes"},
      {"related_update_cancelled", "yes"},
      {"related_update_published", "yes"},
      {"reporter_name", std::string(kReporterName)},
      {"reporter_address", std::string(kReporterAddress)},
      {"reporter_identity_consented", "yes"},
      {"reporter_credit", "H.Y. of Example Lab (CREDIT-LINE)"},
  };
}

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string_view templateText(std::string_view name, Language language) {
  const std::string file =
      std::string(name) + "." + std::string(core::languageCode(language)) + ".mustache";
  const auto& embedded = detail::embeddedNotices();
  const auto it = embedded.find(file);
  return it == embedded.end() ? std::string_view() : it->second;
}

// Every variable a template refers to: {{x}}, {{{x}}}, {{&x}}, {{#x}}, {{^x}}, {{/x}}.
// Comments are skipped; a delimiter change is reported as the pseudo-variable "=".
std::set<std::string> variablesOf(std::string_view text) {
  std::set<std::string> names;
  std::size_t i = 0;
  while ((i = text.find("{{", i)) != std::string_view::npos) {
    std::size_t start = i + 2;
    bool triple = start < text.size() && text[start] == '{';
    if (triple) ++start;
    const std::size_t end = text.find(triple ? "}}}" : "}}", start);
    if (end == std::string_view::npos) {
      names.insert("<unterminated>");
      break;
    }
    std::string tag(text.substr(start, end - start));
    i = end + (triple ? 3 : 2);
    auto trim = [](std::string& s) {
      s.erase(0, s.find_first_not_of(' '));
      s.erase(s.find_last_not_of(' ') + 1);
    };
    trim(tag);
    if (tag.empty()) continue;
    if (tag[0] == '!') continue;
    if (tag[0] == '=' || tag[0] == '>') {
      names.insert(std::string(1, tag[0]));
      continue;
    }
    if (tag[0] == '#' || tag[0] == '^' || tag[0] == '/' || tag[0] == '&') tag.erase(0, 1);
    trim(tag);
    names.insert(tag);
  }
  return names;
}

std::set<std::string> usedBy(std::string_view notice) {
  std::set<std::string> used = variablesOf(templateText(notice, Language::Japanese));
  used.merge(variablesOf(templateText(notice, Language::English)));
  return used;
}

std::set<std::string> allNoticeNames() {
  std::set<std::string> names;
  for (const auto& n : kNotices) names.emplace(n.name);
  return names;
}

std::vector<std::string> splitCells(const std::string& row) {
  std::vector<std::string> cells;
  std::string cell;
  for (std::size_t i = 1; i < row.size(); ++i) {  // row starts with '|'
    if (row[i] == '|') {
      cells.push_back(cell);
      cell.clear();
    } else {
      cell += row[i];
    }
  }
  for (auto& c : cells) {
    c.erase(0, c.find_first_not_of(' '));
    c.erase(c.find_last_not_of(' ') + 1);
  }
  return cells;
}

std::set<std::string> backticked(const std::string& cell) {
  std::set<std::string> out;
  std::size_t i = 0;
  while ((i = cell.find('`', i)) != std::string::npos) {
    const std::size_t end = cell.find('`', i + 1);
    if (end == std::string::npos) break;
    out.insert(cell.substr(i + 1, end - i - 1));
    i = end + 1;
  }
  return out;
}

// The README's "## Variables" table: variable -> the notices its last column names.
std::map<std::string, std::set<std::string>> documentedVariables() {
  std::istringstream readme(readFile(std::filesystem::path(CVDD_NOTICES_DIR) / "README.md"));
  std::map<std::string, std::set<std::string>> table;
  bool inSection = false;
  for (std::string line; std::getline(readme, line);) {
    if (line.starts_with("## ")) inSection = line == "## Variables";
    if (!inSection || !line.starts_with("| `")) continue;
    const auto cells = splitCells(line);
    if (cells.size() != 4) {
      table["<malformed row: " + line + ">"] = {};
      continue;
    }
    const auto name = backticked(cells[0]);
    const std::set<std::string> notices =
        cells[3] == "all" ? allNoticeNames() : backticked(cells[3]);
    table[name.empty() ? cells[0] : *name.begin()] = notices;
  }
  return table;
}

bool containsAny(std::string_view text, const std::vector<std::string>& needles) {
  return std::any_of(needles.begin(), needles.end(),
                     [&](const std::string& n) { return text.find(n) != std::string_view::npos; });
}

bool isAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// ---- the catalogue and the documented variable set -------------------------------------

TEST(NoticeCatalogue, EveryEmbeddedNoticeIsInTheCatalogueAndViceVersa) {
  std::set<std::string> embedded;
  for (const auto& [file, text] : detail::embeddedNotices()) {
    const std::string f(file);
    embedded.insert(f.substr(0, f.find('.')));
  }
  EXPECT_EQ(embedded, allNoticeNames());
  for (const auto& n : kNotices) {
    for (const Language language : {Language::Japanese, Language::English}) {
      EXPECT_FALSE(templateText(n.name, language).empty())
          << n.name << "." << core::languageCode(language);
    }
  }
}

TEST(NoticeCatalogue, ReadmeTableListsExactlyTheVariablesOfThisTest) {
  const auto table = documentedVariables();
  std::set<std::string> documented;
  for (const auto& [name, notices] : table) documented.insert(name);
  EXPECT_EQ(documented, kVariables);
}

TEST(NoticeCatalogue, EveryTemplateUsesOnlyDocumentedVariables) {
  for (const auto& n : kNotices) {
    for (const Language language : {Language::Japanese, Language::English}) {
      for (const std::string& v : variablesOf(templateText(n.name, language))) {
        EXPECT_TRUE(kVariables.contains(v)) << n.name << "." << core::languageCode(language)
                                            << " uses undocumented {{" << v << "}}";
      }
    }
  }
}

TEST(NoticeCatalogue, ReadmeSaysWhichNoticesUseEachVariable) {
  std::map<std::string, std::set<std::string>> actual;
  for (const auto& n : kNotices) {
    for (const std::string& v : usedBy(n.name)) actual[v].insert(std::string(n.name));
  }
  for (const auto& [variable, notices] : documentedVariables()) {
    EXPECT_EQ(notices, actual[variable]) << "README row for " << variable;
  }
}

TEST(NoticeCatalogue, BothLanguagesUseTheSameVariables) {
  for (const auto& n : kNotices) {
    EXPECT_EQ(variablesOf(templateText(n.name, Language::Japanese)),
              variablesOf(templateText(n.name, Language::English)))
        << n.name;
  }
}

TEST(NoticeCatalogue, VariableParserSeesEveryTagForm) {
  EXPECT_EQ(variablesOf("Subject: {{a}} {{{b}}} {{&c}} {{#d}}{{/d}} {{^e}}{{/e}} {{! f }} "
                        "{{ g }}"),
            (std::set<std::string>{"a", "b", "c", "d", "e", "g"}));
}

// ---- every notice x language -----------------------------------------------------------

struct Param {
  NoticeSpec notice;
  Language language;
};

void PrintTo(const Param& p, std::ostream* os) {
  *os << p.notice.name << "." << core::languageCode(p.language);
}

std::string paramName(const ::testing::TestParamInfo<Param>& info) {
  std::string name(info.param.notice.name);
  std::replace(name.begin(), name.end(), '-', '_');
  return name + "_" + std::string(core::languageCode(info.param.language));
}

std::vector<Param> allParams() {
  std::vector<Param> params;
  for (const auto& n : kNotices) {
    for (const Language language : {Language::Japanese, Language::English}) {
      params.push_back({n, language});
    }
  }
  return params;
}

class EveryNotice : public ::testing::TestWithParam<Param> {
 protected:
  const NoticeSpec& notice() const { return GetParam().notice; }
  Language language() const { return GetParam().language; }
  bool japanese() const { return language() == Language::Japanese; }
  RenderedNotice render(const NoticeData& data) const {
    const auto rendered = renderNotice(notice().name, language(), data);
    EXPECT_TRUE(rendered) << (rendered ? "" : rendered.error().what);
    return rendered ? *rendered : RenderedNotice{};
  }
  static std::vector<std::string> reporterIdentity() {
    return {std::string(kReporterName), std::string(kReporterAddress)};
  }
};

TEST_P(EveryNotice, RendersWithFullData) {
  const auto r = render(fullData());
  EXPECT_FALSE(r.body.empty());
  EXPECT_EQ(r.body.find("{{"), std::string::npos);
  EXPECT_NE(r.body.front(), '\n');
  EXPECT_TRUE(r.body.ends_with(std::string("--\n") + std::string(kSignature))) << r.body;
  EXPECT_EQ(r.body.find("\n\n\n"), std::string::npos) << "two blank lines in a row";
}

TEST_P(EveryNotice, SubjectStartsWithCaseIdAndHoldsNoDetails) {
  const auto r = render(fullData());
  EXPECT_TRUE(r.subject.starts_with("[" + std::string(kCaseId) + "] ")) << r.subject;
  EXPECT_EQ(r.subject.find('\n'), std::string::npos);
  for (const auto line : kDetailsLines) {
    EXPECT_EQ(r.subject.find(line), std::string::npos) << r.subject;
  }
  EXPECT_EQ(r.subject.find("SECRET"), std::string::npos) << r.subject;
}

TEST_P(EveryNotice, OnlyConfidentialNoticesCarryTheDetails) {
  const auto r = render(fullData());
  if (notice().confidential) return;
  for (const auto line : kDetailsLines) {
    EXPECT_EQ(r.body.find(line), std::string::npos) << "details in a non-confidential notice";
  }
}

TEST_P(EveryNotice, ConfidentialOnesAreMarkedAtTheTopAndSubjectHasNoCaseData) {
  if (!notice().confidential) return;
  const auto r = render(fullData());
  const std::string_view marker = japanese() ? "【取扱注意】" : "CONFIDENTIAL";
  const std::string firstLine = r.body.substr(0, r.body.find('\n'));
  EXPECT_TRUE(firstLine.starts_with(marker)) << firstLine;
  if (!japanese()) {
    EXPECT_TRUE(firstLine.starts_with("CONFIDENTIAL -- ")) << firstLine;
  }
  EXPECT_NE(r.subject.find(marker), std::string::npos) << r.subject;
  // Nothing of the case but its ID: the subject is the same whatever the data.
  NoticeData other;
  other["case_id"] = std::string(kCaseId);
  EXPECT_EQ(render(other).subject, r.subject);
}

TEST_P(EveryNotice, ReporterIdentityOnlyWithConsentInVendorFacingNotices) {
  if (!isVendorFacing(notice())) return;
  NoticeData absent = fullData();
  absent.erase("reporter_identity_consented");
  NoticeData empty = fullData();
  empty["reporter_identity_consented"] = "";
  NoticeData absentNoVendorName = absent;  // e.g. a shared notice addressed wrongly
  absentNoVendorName.erase("vendor_name");
  for (const NoticeData* data : {&absent, &empty, &absentNoVendorName}) {
    const auto r = render(*data);
    EXPECT_FALSE(containsAny(r.subject, reporterIdentity())) << r.subject;
    EXPECT_FALSE(containsAny(r.body, reporterIdentity())) << r.body;
  }
  const auto consented = render(fullData());
  if (notice().identityWithConsent) {
    EXPECT_NE(consented.body.find(kReporterName), std::string::npos) << consented.body;
    EXPECT_NE(consented.body.find(kReporterAddress), std::string::npos) << consented.body;
  } else {
    EXPECT_FALSE(containsAny(consented.body, reporterIdentity())) << consented.body;
  }
  EXPECT_FALSE(containsAny(consented.subject, reporterIdentity())) << consented.subject;
}

TEST_P(EveryNotice, NoReporterIdentityForOperatorsPriorityRecipientsOrRelatedOrganisations) {
  const Audience a = notice().audience;
  if (a != Audience::Operator && a != Audience::PriorityRecipients &&
      a != Audience::RelatedOrganisation) {
    return;
  }
  const auto r = render(fullData());
  EXPECT_FALSE(containsAny(r.subject + r.body, reporterIdentity())) << r.body;
}

TEST_P(EveryNotice, VendorNoticesEndWithReplyFormAndCaseIdInstruction) {
  if (!isVendorFacing(notice())) return;
  const auto r = render(fullData());
  const std::size_t form = r.body.find(kReplyForm);
  ASSERT_NE(form, std::string::npos) << r.body;
  const std::string tail = r.body.substr(form + kReplyForm.size());
  EXPECT_NE(tail.find("[" + std::string(kCaseId) + "]"), std::string::npos) << tail;
  EXPECT_NE(tail.find(japanese() ? "件名" : "subject"), std::string::npos) << tail;
  // Between the form and the signature: the instruction only, no case data.
  NoticeData data = fullData();
  for (const auto& [key, value] : data) {
    if (key == "case_id" || key == "coordinator_name" || key == "intake_address") continue;
    EXPECT_EQ(tail.find(value), std::string::npos) << key << " after the reply form";
  }
}

TEST_P(EveryNotice, NoReplyFormOutsideVendorNotices) {
  if (isVendorFacing(notice())) return;
  EXPECT_EQ(render(fullData()).body.find(kReplyForm), std::string::npos);
}

TEST_P(EveryNotice, SharedNoticesAddressTheReporterWithoutVendorWording) {
  if (notice().audience != Audience::Shared) return;
  NoticeData data = fullData();
  data.erase("vendor_name");
  data.erase("reply_form");
  const auto r = render(data);
  EXPECT_NE(r.body.find(japanese() ? "ご報告者 様" : "Dear reporter,"), std::string::npos)
      << r.body;
  EXPECT_EQ(r.body.find(japanese() ? "製品脆弱性対策管理者" : "product security contact"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("[" + std::string(kCaseId) + "]"), std::string::npos);
  const auto vendorCopy = render(fullData());
  EXPECT_NE(vendorCopy.body.find("Foo Corp."), std::string::npos);
}

TEST_P(EveryNotice, JapaneseFilesAreJapaneseAndEnglishFilesAscii) {
  const std::string_view text = templateText(notice().name, language());
  if (japanese()) {
    EXPECT_EQ(core::detectLanguage(text), Language::Japanese);
    EXPECT_NE(text.find("ます"), std::string_view::npos) << "polite form expected";
  } else {
    EXPECT_TRUE(isAscii(text)) << notice().name << ".en.mustache holds non-ASCII bytes";
    EXPECT_EQ(core::detectLanguage(text), Language::English);
    // With ASCII values the rendered mail is ASCII; only names may bring anything else.
    const auto r = render(fullData());
    EXPECT_TRUE(isAscii(r.subject));
    EXPECT_TRUE(isAscii(r.body));
  }
}

TEST_P(EveryNotice, JapaneseValuesArriveVerbatim) {
  NoticeData data = fullData();
  data["vendor_name"] = "株式会社フー";
  data["coordinator_name"] = "サンプル CSIRT";
  const auto r = render(data);
  EXPECT_NE(r.body.find("サンプル CSIRT\nvendors@cert.example\n"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Notices, EveryNotice, ::testing::ValuesIn(allParams()), paramName);

// ---- what particular notices say -------------------------------------------------------

std::string bodyOf(std::string_view name, Language language, const NoticeData& data) {
  const auto r = renderNotice(name, language, data);
  EXPECT_TRUE(r) << name << ": " << (r ? "" : r.error().what);
  return r ? r->body : std::string();
}

TEST(NoticeContent, NothingAboutTheCaseBeforeRegistration) {
  // Unregistered parties learn the case ID and why they should register, nothing else;
  // a reminder may go to an unregistered vendor too.
  for (const std::string_view name :
       {"registration-request", "related-organisation-registration", "reminder"}) {
    for (const Language language : {Language::Japanese, Language::English}) {
      const auto r = renderNotice(name, language, fullData());
      ASSERT_TRUE(r) << name;
      for (const char* key :
           {"case_title", "product", "vulnerability_summary", "vulnerability_details", "solution",
            "publication_date", "vendor_status_table", "reporter_credit"}) {
        const std::string value = fullData().at(key);
        EXPECT_EQ((r->subject + r->body).find(value), std::string::npos) << name << ": " << key;
      }
    }
  }
}

TEST(NoticeContent, RegistrationNoticesCarryTheInstructions) {
  for (const Language language : {Language::Japanese, Language::English}) {
    EXPECT_NE(bodyOf("registration-request", language, fullData()).find("REGISTRATION-STEPS"),
              std::string::npos);
    const std::string related = bodyOf("related-organisation-registration", language, fullData());
    EXPECT_NE(related.find("REGISTRATION-STEPS"), std::string::npos);
    EXPECT_NE(related.find("Baz Systems Ltd."), std::string::npos);
    EXPECT_NE(related.find("Taro Suzuki"), std::string::npos);
    EXPECT_NE(related.find("Qux Corp."), std::string::npos);
  }
}

TEST(NoticeContent, DetailsNoticeCarriesEveryLineOfTheDetails) {
  for (const Language language : {Language::Japanese, Language::English}) {
    for (const std::string_view name : {"vulnerability-details", "priority-advisory"}) {
      const std::string body = bodyOf(name, language, fullData());
      EXPECT_NE(body.find(details() + "\n"), std::string::npos) << name;
    }
  }
}

TEST(NoticeContent, SummaryCarriesTheSummaryButNoDetails) {
  for (const Language language : {Language::Japanese, Language::English}) {
    const std::string body = bodyOf("vulnerability-summary", language, fullData());
    EXPECT_NE(body.find(fullData().at("vulnerability_summary")), std::string::npos);
    EXPECT_EQ(body.find("SECRET-PAYLOAD"), std::string::npos);
  }
}

TEST(NoticeContent, ReasonsAndDatesAreShown) {
  const NoticeData data = fullData();
  for (const Language language : {Language::Japanese, Language::English}) {
    EXPECT_NE(bodyOf("case-not-accepted", language, data).find("STOP-REASON"), std::string::npos);
    EXPECT_NE(bodyOf("publication-cancelled", language, data).find("CANCEL-REASON"),
              std::string::npos);
    const std::string moved = bodyOf("publication-date-moved", language, data);
    EXPECT_NE(moved.find("MOVE-REASON"), std::string::npos);
    EXPECT_NE(moved.find("2025-05-09 11:00 JST"), std::string::npos);
    EXPECT_NE(moved.find("2025-05-16 11:00 JST"), std::string::npos);
    EXPECT_NE(bodyOf("publication-date", language, data).find("2025-05-16 11:00 JST"),
              std::string::npos);
    const std::string missing = bodyOf("missing-information", language, data);
    EXPECT_NE(missing.find(data.at("missing_fields") + "\n"), std::string::npos);
    EXPECT_NE(missing.find("2025-04-15"), std::string::npos);
    const std::string unreachable = bodyOf("vendor-unreachable", language, data);
    EXPECT_NE(unreachable.find(data.at("contact_attempts")), std::string::npos);
    EXPECT_NE(unreachable.find("Foo Corp."), std::string::npos);
  }
}

TEST(NoticeContent, PublishedShowsAdvisoryStatusTableAndCreditOnlyWithConsent) {
  for (const Language language : {Language::Japanese, Language::English}) {
    NoticeData data = fullData();
    const std::string with = bodyOf("published", language, data);
    EXPECT_NE(with.find("https://jvn.example/JVN12345678/"), std::string::npos);
    EXPECT_NE(with.find(data.at("vendor_status_table")), std::string::npos);
    EXPECT_NE(with.find("CREDIT-LINE"), std::string::npos);
    data.erase("reporter_credit");
    const std::string without = bodyOf("published", language, data);
    EXPECT_EQ(without.find("CREDIT-LINE"), std::string::npos);
    EXPECT_EQ(without.find(language == Language::Japanese ? "謝辞" : "Credit"), std::string::npos);
  }
}

TEST(NoticeContent, CreditIsNeverShownOutsideThePublishedNotice) {
  for (const auto& n : kNotices) {
    if (n.name == "published") continue;
    for (const Language language : {Language::Japanese, Language::English}) {
      EXPECT_EQ(bodyOf(n.name, language, fullData()).find("CREDIT-LINE"), std::string::npos)
          << n.name;
    }
  }
}

TEST(NoticeContent, CaseAcceptedTellsTheReporterWhetherTheirIdentityIsPassedOn) {
  NoticeData data = fullData();
  const std::string consented = bodyOf("case-accepted", Language::English, data);
  EXPECT_NE(consented.find("As you agreed, we will pass your name"), std::string::npos);
  data.erase("reporter_identity_consented");
  const std::string notConsented = bodyOf("case-accepted", Language::English, data);
  EXPECT_NE(notConsented.find("without your consent"), std::string::npos);
  EXPECT_NE(bodyOf("case-accepted", Language::Japanese, data).find("ご同意をいただかない限り"),
            std::string::npos);
}

TEST(NoticeContent, ReporterNoticesFallBackToAGenericSalutation) {
  NoticeData data = fullData();
  data.erase("reporter_name");
  for (const std::string_view name : {"case-accepted", "case-not-accepted", "missing-information",
                                      "non-disclosure-withdrawable"}) {
    EXPECT_NE(bodyOf(name, Language::Japanese, data).find("ご報告者 様"), std::string::npos)
        << name;
    EXPECT_NE(bodyOf(name, Language::English, data).find("Dear reporter,"), std::string::npos)
        << name;
    EXPECT_NE(bodyOf(name, Language::English, fullData()).find("Dear Hanako Yamada,"),
              std::string::npos)
        << name;
  }
}

}  // namespace
}  // namespace cvdd::templates
