// The notice catalogue: every notice in both languages against the one documented
// variable set (templates/notices/README.md), the reporter-identity rule, confidentiality
// markers, subjects, reply forms and the language of each file.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <ostream>
#include <regex>
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
    {"handling-stopped", Audience::Reporter, false, false},
    {"coordination-ended", Audience::Vendor, false, false},
    {"committee-handling-ended", Audience::Shared, false, false},
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
    "ended_vendor_name",
    "reporter_direct_contact",
    "missing_consents",
    "exploitation_statement",
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
      {"ended_vendor_name", "Ended Vendor Inc. (ENDED-VENDOR)"},
      {"reporter_direct_contact", "yes"},
      {"missing_consents", "    MISSING-CONSENT May vendors contact you directly (yes/no):"},
      {"exploitation_statement", "EXPLOITATION-STATEMENT: attacks have been observed."},
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

TEST_P(EveryNotice, ReporterAddressOnlyWithDirectContactConsentInVendorFacingNotices) {
  // (ウ) without (エ): a vendor may read the reporter's name, never their address.
  if (!isVendorFacing(notice())) return;
  NoticeData data = fullData();
  data.erase("reporter_direct_contact");
  const auto r = render(data);
  EXPECT_EQ((r.subject + r.body).find(kReporterAddress), std::string::npos) << r.body;
  if (notice().identityWithConsent) {
    EXPECT_NE(r.body.find(kReporterName), std::string::npos) << r.body;
  }
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
  EXPECT_NE(r.body.find(japanese() ? "ご報告者様" : "Dear reporter,"), std::string::npos) << r.body;
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
    EXPECT_NE(bodyOf(name, Language::Japanese, data).find("ご報告者様"), std::string::npos) << name;
    EXPECT_NE(bodyOf(name, Language::English, data).find("Dear reporter,"), std::string::npos)
        << name;
    EXPECT_NE(bodyOf(name, Language::English, fullData()).find("Dear Hanako Yamada,"),
              std::string::npos)
        << name;
  }
}

// ---- the Japanese notices: the seeds' terms and business register (issue 13 item 8) ----
// The glossary these hold every ja notice to is templates/notices/README.md "## Glossary".

constexpr std::string_view kJaCoordinator = "サンプルCSIRT";

NoticeData japaneseCoordinatorData() {
  NoticeData data = fullData();
  data["coordinator_name"] = std::string(kJaCoordinator);
  return data;
}

// Japanese text wraps anywhere: a line break (with the next line's indent) is no word
// boundary, so phrases are looked for in the body with its lines joined.
std::string joinedLines(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n') {
      out += text[i];
      continue;
    }
    while (i + 1 < text.size() && text[i + 1] == ' ') ++i;
  }
  return out;
}

// Up to `before` bytes before `at` and `after` bytes after it, on UTF-8 boundaries.
std::string around(std::string_view text, std::size_t at, std::size_t before = 30,
                   std::size_t after = 24) {
  auto isContinuation = [&](std::size_t i) {
    return i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
  };
  std::size_t from = at > before ? at - before : 0;
  while (from > 0 && isContinuation(from)) --from;
  std::size_t to = std::min(text.size(), at + after);
  while (isContinuation(to)) ++to;
  return std::string(text.substr(from, to - from));
}

std::vector<std::string> lines(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string trimmed(std::string s) {
  s.erase(0, s.find_first_not_of(' '));
  s.erase(s.find_last_not_of(' ') + 1);
  return s;
}

/// Where `text` orders instead of asking. A request is 依頼形: 「〜くださいますよう
/// お願いいたします」, 「〜いただけますようお願いいたします」, 「〜なさらないよう
/// お願いいたします」. Returns each offending place with its context; empty when none.
std::vector<std::string> bareImperatives(std::string_view text) {
  const std::string joined = joinedLines(text);
  const std::string_view j(joined);
  std::vector<std::string> found;
  // ください is the imperative of くださる however polite the verb before it:
  // 「お知らせください。」「ご返信ください」「開示しないでください」 are orders.
  // Only 「くださいますよう（お願い…）」 asks.
  for (const std::string_view kudasai :
       {std::string_view("ください"), std::string_view("下さい")}) {
    for (std::size_t at = j.find(kudasai); at != std::string_view::npos;
         at = j.find(kudasai, at + 1)) {
      if (!j.substr(at + kudasai.size()).starts_with("ますよう"))
        found.push_back("ください without ますようお願い: " + around(j, at));
    }
  }
  // Written orders (rules, regulations) and the plain お願いします of speech.
  for (const std::string_view order :
       {std::string_view("せよ"), std::string_view("しなさい"), std::string_view("すべし"),
        std::string_view("ること。"), std::string_view("ないこと。"),
        std::string_view("お願いします")}) {
    for (std::size_t at = j.find(order); at != std::string_view::npos; at = j.find(order, at + 1))
      found.push_back(std::string(order) + ": " + around(j, at));
  }
  // A list item or paragraph that ends in 〜こと (「第三者に開示しないこと」) is an order
  // too; it has no 。 to find, so look at where the item ends: before a blank line, the
  // next item or the end.
  const auto ls = lines(text);
  for (std::size_t i = 0; i < ls.size(); ++i) {
    const std::string line = trimmed(ls[i]);
    const std::string next = i + 1 < ls.size() ? trimmed(ls[i + 1]) : std::string();
    const bool itemEnds = next.empty() || next.starts_with("・") || next.starts_with("■");
    if (itemEnds && line.ends_with("こと")) found.push_back("ends in こと: " + line);
  }
  return found;
}

/// Where a salutation breaks the one form the notices use: 「〇〇様」「ご担当者様」 (no
/// space before 様), never 様 after a mail address, never 御中 (a vendor may be an
/// individual or a community, and 御中 is for organisations only).
std::vector<std::string> salutationFaults(std::string_view body) {
  std::vector<std::string> found;
  constexpr std::string_view kSama = "様";
  for (std::size_t at = body.find(kSama); at != std::string_view::npos;
       at = body.find(kSama, at + 1)) {
    std::string_view before = body.substr(0, at);
    if (before.ends_with(" ") || before.ends_with("\xE3\x80\x80" /*　*/)) {
      found.push_back("space before 様: " + around(body, at));
      while (before.ends_with(" ")) before.remove_suffix(1);
      while (before.ends_with("\xE3\x80\x80")) before.remove_suffix(3);
    }
    const std::size_t wordStart = before.find_last_of(" \n\t");
    const std::string_view word =
        before.substr(wordStart == std::string_view::npos ? 0 : wordStart + 1);
    if (word.find('@') != std::string_view::npos)
      found.push_back("様 after a mail address: " + around(body, at));
  }
  if (const std::size_t at = body.find("御中"); at != std::string_view::npos)
    found.push_back("御中: " + around(body, at));
  return found;
}

/// The facts both languages of a notice must carry: the values of the data that appear
/// (case ID, dates, URLs, names, reasons), and the fixed facts of the process named in a
/// bilingual table (periods, channels, terms with a consequence).
std::set<std::string> factsOf(const RenderedNotice& r, const NoticeData& data, bool japanese) {
  const std::string text = r.subject + "\n" + r.body;
  std::set<std::string> facts;
  // The test values are distinct, so a value found names its fact. The fixed terms are
  // looked for in the text without the values (an alert text may say "unreachable").
  std::string fixedText = text;
  for (const auto& [key, value] : data) {
    if (value.empty() || value == "yes" || text.find(value) == std::string::npos) continue;
    facts.insert(key);
    for (std::size_t at = fixedText.find(value); at != std::string::npos;
         at = fixedText.find(value, at + 1))
      fixedText.replace(at, value.size(), " ");
  }
  std::string joined = joinedLines(fixedText);
  static const std::regex kDate(R"(\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?)");
  static const std::regex kUrl(R"(https?://[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+)");
  static const std::regex kCaseIdPattern(R"(CVD#\d{8})");
  for (const std::regex* re : {&kDate, &kUrl, &kCaseIdPattern}) {
    for (auto it = std::sregex_iterator(text.begin(), text.end(), *re);
         it != std::sregex_iterator(); ++it)
      facts.insert(it->str());
  }
  struct Term {
    std::string_view en, ja;
  };
  static constexpr Term kTerms[] = {
      {"45 days", "45 日"},
      {"3 months", "3 か月"},
      {"6 months", "6 か月"},
      {"one year", "1 年"},
      {"post, phone, fax", "郵便、電話、FAX"},
      {"system integrators", "システム構築事業者"},
      {"publication committee", "公表判定委員会"},
      {"unreachable", "連絡不能"},
      {"information provided", "脆弱性情報提供済み"},
      {"start date", "起算日"},
      {"non-disclosure request", "情報非開示依頼"},
      {"individual registration", "個別登録"},
  };
  if (!japanese) {
    std::transform(joined.begin(), joined.end(), joined.begin(), [](char c) {
      return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
  }
  for (const Term& t : kTerms) {
    if (joined.find(japanese ? t.ja : t.en) != std::string::npos)
      facts.insert("term:" + std::string(t.en));
  }
  return facts;
}

class JapaneseNotice : public ::testing::TestWithParam<NoticeSpec> {
 protected:
  RenderedNotice render(const NoticeData& data, Language language = Language::Japanese) const {
    const auto rendered = renderNotice(GetParam().name, language, data);
    EXPECT_TRUE(rendered) << (rendered ? "" : rendered.error().what);
    return rendered ? *rendered : RenderedNotice{};
  }
  // The copies a notice goes out as: full data, without consent, and for shared notices
  // the reporter's copy (no vendor name, no form).
  std::vector<NoticeData> variants() const {
    std::vector<NoticeData> out{japaneseCoordinatorData()};
    out.push_back(out.front());
    out.back().erase("reporter_identity_consented");
    out.back().erase("reporter_name");
    if (GetParam().audience == Audience::Shared) {
      out.push_back(out.front());
      out.back().erase("vendor_name");
      out.back().erase("reply_form");
    }
    return out;
  }
};

void PrintTo(const NoticeSpec& n, std::ostream* os) {
  *os << n.name;
}

std::string noticeParamName(const ::testing::TestParamInfo<NoticeSpec>& info) {
  std::string name(info.param.name);
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

TEST_P(JapaneseNotice, NamesTheConfiguredCoordinatorNeverAHardCodedOne) {
  for (const NoticeData& data : variants()) {
    const auto r = render(data);
    const std::string text = r.subject + "\n" + r.body;
    for (const std::string_view fixed : {"当センター", "弊センター", "当機関", "JPCERT"}) {
      EXPECT_EQ(text.find(fixed), std::string::npos) << fixed << " in\n" << r.body;
    }
    // Operators read notices about the coordinator's own work; everyone else is told who
    // writes, in the text as well as in the signature.
    if (GetParam().audience == Audience::Operator) continue;
    const std::string beforeSignature = r.body.substr(0, r.body.rfind("\n--\n"));
    EXPECT_NE(beforeSignature.find(kJaCoordinator), std::string::npos) << r.body;
  }
}

TEST_P(JapaneseNotice, UsesTheGlossaryTerms) {
  const NoticeData data = japaneseCoordinatorData();
  for (const NoticeData& d : variants()) {
    const auto r = render(d);
    const std::string joined = joinedLines(r.body);
    // The case ID is the 識別番号 (003 §2-1, §6-2, §8-2).
    EXPECT_NE(joined.find("識別番号"), std::string::npos) << r.body;
    EXPECT_EQ(joined.find("案件番号"), std::string::npos) << r.body;
    // 件名 is the mail's subject only: 「件名の「[ID]」を変更せずに」「件名に識別番号が」.
    for (std::size_t at = joined.find("件名"); at != std::string::npos;
         at = joined.find("件名", at + 1)) {
      const std::string_view after =
          std::string_view(joined).substr(at + std::string("件名").size());
      EXPECT_TRUE(after.starts_with("の「[") || after.starts_with("に「[") ||
                  after.starts_with("に識別番号"))
          << "件名 not about the mail subject: " << around(joined, at);
    }
    // The case title is labelled 脆弱性タイトル (003 図2), the publication date 一般公表日時.
    for (const std::string& line : lines(r.body)) {
      const std::size_t title = line.find(data.at("case_title"));
      if (title != std::string::npos) {
        const std::string label = trimmed(line.substr(0, title));
        EXPECT_EQ(label.find("件名"), std::string::npos) << line;
        if (label.ends_with(":")) {
          EXPECT_TRUE(label.ends_with("脆弱性タイトル:")) << line;
        }
      }
      for (const char* key : {"publication_date", "previous_publication_date"}) {
        if (line.find(data.at(key)) != std::string::npos) {
          EXPECT_NE(line.find("一般公表"), std::string::npos) << line;
          EXPECT_NE(line.find("日時"), std::string::npos) << line;
        }
      }
    }
    // 公表日 is always the 一般公表日時; 貴社 always 貴社（貴団体）: a vendor may be an
    // individual or a community.
    for (std::size_t at = joined.find("公表日"); at != std::string::npos;
         at = joined.find("公表日", at + 1)) {
      EXPECT_TRUE(std::string_view(joined).substr(at).starts_with("公表日時"))
          << around(joined, at);
    }
    for (std::size_t at = joined.find("貴社"); at != std::string::npos;
         at = joined.find("貴社", at + 1)) {
      EXPECT_TRUE(std::string_view(joined).substr(at).starts_with("貴社（貴団体）"))
          << around(joined, at);
    }
  }
}

TEST(NoticeContent, SummaryAndDetailsSayTheVendorMayContactTheReporterOnlyWithConsent) {
  struct Texts {
    Language language;
    const char* mayContact;  // only with (エ)
    const char* askUsFirst;  // only without it
  };
  for (const Texts t :
       {Texts{Language::English, "you contact them directly", "talk to us before contacting"},
        Texts{Language::Japanese, "直接連絡を受けることに同意しています",
              "ご相談くださいますようお願いいたします"}}) {
    for (const std::string_view name : {"vulnerability-summary", "vulnerability-details"}) {
      const std::string with = bodyOf(name, t.language, fullData());
      EXPECT_NE(with.find(t.mayContact), std::string::npos) << name << with;
      EXPECT_NE(with.find(kReporterAddress), std::string::npos) << name << with;
      EXPECT_EQ(with.find(t.askUsFirst), std::string::npos) << name << with;
      NoticeData data = fullData();
      data.erase("reporter_direct_contact");
      const std::string without = bodyOf(name, t.language, data);
      EXPECT_EQ(without.find(t.mayContact), std::string::npos) << name << without;
      EXPECT_EQ(without.find(kReporterAddress), std::string::npos) << name << without;
      EXPECT_NE(without.find(t.askUsFirst), std::string::npos) << name << without;
      EXPECT_NE(without.find(kReporterName), std::string::npos) << name << without;
    }
  }
}

TEST_P(JapaneseNotice, AsksRatherThanOrders) {
  for (const NoticeData& data : variants()) {
    const auto r = render(data);
    EXPECT_EQ(bareImperatives(r.subject + "\n" + r.body), std::vector<std::string>{}) << r.body;
  }
}

TEST_P(JapaneseNotice, AddressesWithOneSalutationNeverSamaAfterAnAddress) {
  for (const NoticeData& data : variants()) {
    const auto r = render(data);
    EXPECT_EQ(salutationFaults(r.body), std::vector<std::string>{}) << r.body;
    const std::string head = r.body.substr(0, r.body.find(std::string(kJaCoordinator)));
    EXPECT_TRUE(head.find("様") != std::string::npos || head.find("各位") != std::string::npos)
        << "no salutation before the text:\n"
        << head;
  }
}

TEST_P(JapaneseNotice, CarriesTheSameFactsAsTheEnglishOne) {
  for (const NoticeData& data : variants()) {
    const auto ja = render(data, Language::Japanese);
    const auto en = render(data, Language::English);
    EXPECT_EQ(factsOf(ja, data, true), factsOf(en, data, false)) << ja.body << "\n" << en.body;
  }
}

INSTANTIATE_TEST_SUITE_P(Notices, JapaneseNotice, ::testing::ValuesIn(kNotices), noticeParamName);

TEST(JapaneseRegister, TheImperativeListCatchesOrdersAndLetsRequestsPass) {
  for (const std::string_view request : {
           "お知らせくださいますようお願いいたします。",
           "ご確認いただけますようお願いいたします。",
           "第三者に開示なさらないようお願いいたします。",
           "本メールにご返信\n  くださいますようお願いいたします。",  // wrapped
           "公表することはお控えくださいますようお願い申し上げます。",
           "公開の時期や内容（攻撃に直接使用できる情報を含めないことなど）についてご相談させて"
           "いただければ幸いです。",
           "ご連絡を呼びかけることがございます。",
       }) {
    EXPECT_EQ(bareImperatives(request), std::vector<std::string>{}) << request;
  }
  for (const std::string_view order : {
           "お知らせください。",
           "ご返信ください",
           "第三者には開示しないでください。",
           "ご記入下さい。",
           "フォームに記入すること。",
           "第三者に開示しないこと。",
           "・第三者に開示しないこと\n・転送しないこと\n",
           "直ちに報告せよ。",
           "よろしくお願いします。",
       }) {
    EXPECT_FALSE(bareImperatives(order).empty()) << order;
  }
}

TEST(JapaneseRegister, TheSalutationCheckCatchesSamaAfterAnAddressAndOnchu) {
  EXPECT_EQ(salutationFaults("山田花子様\nご報告者様（hanako@example.jp）\nご担当者様\n"
                             "関係機関の皆様に"),
            std::vector<std::string>{});
  EXPECT_EQ(salutationFaults("hanako@example.jp 様\n").size(), 2u);  // space, and the address
  EXPECT_EQ(salutationFaults("hanako@example.jp様\n").size(), 1u);
  EXPECT_EQ(salutationFaults("ご報告者 様\n").size(), 1u);
  EXPECT_EQ(salutationFaults("株式会社フー 御中\n").size(), 1u);
}

TEST(JapaneseRegister, FactsComeFromValuesDatesUrlsAndTheTermTable) {
  RenderedNotice ja{"[CVD#01234567] x",
                    "起算日から 45 日、https://jvn.example/a/ 2025-05-16 11:00"};
  RenderedNotice en{"[CVD#01234567] x",
                    "45 days after the start date, https://jvn.example/a/ 2025-05-16 11:00"};
  const NoticeData data{{"case_id", "CVD#01234567"}};
  EXPECT_EQ(factsOf(ja, data, true), factsOf(en, data, false));
  EXPECT_EQ(factsOf(ja, data, true),
            (std::set<std::string>{"case_id", "CVD#01234567", "https://jvn.example/a/",
                                   "2025-05-16 11:00", "term:45 days", "term:start date"}));
  en.body = "45 days after the start date, 2025-05-16 11:00";  // the URL is lost
  EXPECT_NE(factsOf(ja, data, true), factsOf(en, data, false));
}

// ---- ending and stopping (issue 13 item 5) ---------------------------------------------

TEST(NoticeContent, HandlingStoppedGivesTheReporterTheReason) {
  NoticeData anonymous = fullData();
  anonymous.erase("reporter_name");
  for (const Language language : {Language::Japanese, Language::English}) {
    const bool ja = language == Language::Japanese;
    const auto r = renderNotice("handling-stopped", language, fullData());
    ASSERT_TRUE(r);
    EXPECT_NE(r->body.find("STOP-REASON: already known and published"), std::string::npos);
    EXPECT_NE(r->body.find(ja ? "Hanako Yamada様" : "Dear Hanako Yamada,"), std::string::npos);
    EXPECT_NE(r->body.find(ja ? "取扱いを終了" : "stop handling it"), std::string::npos) << r->body;
    EXPECT_NE(r->subject.find(ja ? "取扱い終了" : "Handling of your report has stopped"),
              std::string::npos)
        << r->subject;
    EXPECT_NE(
        bodyOf("handling-stopped", language, anonymous).find(ja ? "ご報告者様" : "Dear reporter,"),
        std::string::npos);
  }
}

// Every value that tells something about the vulnerability or the case's course.
const std::vector<std::string> kCaseContent = {
    "case_title",    "product",          "vulnerability_summary", "vulnerability_details",
    "solution",      "publication_date", "vendor_status_table",   "stop_reason",
    "cancel_reason", "move_reason",      "advisory_url",          "original_subject"};

TEST(NoticeContent, CoordinationEndedSaysOnlyThatCoordinationEndedAndToKeepItConfidential) {
  for (const Language language : {Language::Japanese, Language::English}) {
    const bool ja = language == Language::Japanese;
    const auto r = renderNotice("coordination-ended", language, fullData());
    ASSERT_TRUE(r);
    for (const auto& key : kCaseContent) {
      EXPECT_EQ((r->subject + r->body).find(fullData().at(key)), std::string::npos) << key;
    }
    EXPECT_NE(r->body.find("Foo Corp."), std::string::npos);
    EXPECT_NE(r->body.find(ja ? "調整を終了" : "ended the coordination"), std::string::npos)
        << r->body;
    EXPECT_NE(r->body.find(ja ? "第三者に開示しないよう" : "from third parties"), std::string::npos)
        << r->body;
  }
}

TEST(NoticeContent, CommitteeHandlingEndedNamesTheVendorToReporterAndVendorsAndNothingElse) {
  const NoticeData vendorCopy = fullData();
  NoticeData reporterCopy = fullData();
  reporterCopy.erase("vendor_name");
  reporterCopy.erase("reply_form");
  for (const Language language : {Language::Japanese, Language::English}) {
    const bool ja = language == Language::Japanese;
    for (const NoticeData* data : {static_cast<const NoticeData*>(&reporterCopy), &vendorCopy}) {
      const auto r = renderNotice("committee-handling-ended", language, *data);
      ASSERT_TRUE(r);
      EXPECT_NE(r->body.find("Ended Vendor Inc. (ENDED-VENDOR)"), std::string::npos) << r->body;
      EXPECT_EQ(r->subject.find("ENDED-VENDOR"), std::string::npos) << r->subject;
      EXPECT_NE(r->body.find(ja ? "公表判定委員会" : "publication committee"), std::string::npos);
      for (const auto& key : kCaseContent) {
        EXPECT_EQ((r->subject + r->body).find(fullData().at(key)), std::string::npos) << key;
      }
    }
  }
}

TEST(NoticeContent, MissingInformationAsksForUnansweredConsents) {
  for (const Language language : {Language::Japanese, Language::English}) {
    const char* intro = language == Language::Japanese ? "「可」または「不可」" : "\"yes\" or";
    const std::string with = bodyOf("missing-information", language, fullData());
    EXPECT_NE(with.find(fullData().at("missing_consents") + "\n"), std::string::npos) << with;
    EXPECT_NE(with.find(intro), std::string::npos) << with;
    NoticeData data = fullData();
    data.erase("missing_consents");
    const std::string without = bodyOf("missing-information", language, data);
    EXPECT_EQ(without.find("MISSING-CONSENT"), std::string::npos) << without;
    EXPECT_EQ(without.find(intro), std::string::npos) << without;
  }
}

TEST(NoticeContent, ExploitationIsStatedOnlyAsAgreedInThePriorityAdvisoryAndPublished) {
  for (const Language language : {Language::Japanese, Language::English}) {
    const char* heading = language == Language::Japanese ? "悪用に関する情報" : "Exploitation";
    for (const auto& n : kNotices) {
      const std::string with = bodyOf(n.name, language, fullData());
      const bool quoted = n.name == "priority-advisory" || n.name == "published";
      EXPECT_EQ(with.find("EXPLOITATION-STATEMENT") != std::string::npos, quoted) << n.name;
      EXPECT_EQ(with.find(heading) != std::string::npos, quoted) << n.name;
      // Without an agreed statement, nothing about exploitation at all.
      NoticeData data = fullData();
      data.erase("exploitation_statement");
      EXPECT_EQ(bodyOf(n.name, language, data).find(heading), std::string::npos) << n.name;
    }
  }
}

}  // namespace
}  // namespace cvdd::templates
