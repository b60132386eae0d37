// The advisory pages: nothing confidential reaches them, they are well-formed XHTML whose
// vendor table a browser can count, no text adds markup, and file names stay in vendors/.

#include <gtest/gtest.h>

#include <set>

#include "publication/advisory_text.hpp"
#include "tests/publication/advisory_cases.hpp"
#include "tests/publication/xml_tree.hpp"

namespace cvdd::publication::advisory_testing {
namespace {

using core::Language;
using cvdd::publication::testing::parseXml;
using cvdd::publication::testing::XmlElement;

/// Every page and document published of a case: both languages, HTML, Markdown, every
/// vendor page, and the CSAF document.
std::vector<std::string> everythingPublished(const PublishedCase& c) {
  std::vector<std::string> out;
  const auto revisions = revisionsOf(c);
  for (const auto l : {Language::English, Language::Japanese}) {
    out.push_back(renderAdvisoryHtml(c, revisions, l, tokyo()));
    out.push_back(renderAdvisoryMarkdown(c, revisions, l, tokyo()));
    for (const auto& page : renderVendorPages(c, l, tokyo())) out.push_back(page.html);
    for (const auto& id : advisoryVendorIds(c))
      out.push_back(renderVendorPage(c, id, l, tokyo()).value_or(""));
  }
  const CsafPublisher publisher{"Example Coordination Center", "https://cvd.example.org", ""};
  const auto csaf = csafDocument(c, publisher, revisions);
  EXPECT_TRUE(csaf.has_value()) << (csaf ? "" : csaf.error().what);
  if (csaf) out.push_back(csaf->dump());
  return out;
}

TEST(AdvisorySecrets, NoPlantedSecretReachesAnyPageOrDocument) {
  // Secrets in the report, the details, the reporter's name and credit without consent, a
  // non-public comment, the vendors never given the details (summary only, "no affected
  // product" to the summary), a related organisation, contacts and keywords.
  for (const auto& c : {multiVendorCase(), noAffectedProductCase(), committeeCase()}) {
    SCOPED_TRACE(c.caseId);
    for (const auto& text : everythingPublished(c)) {
      ASSERT_FALSE(text.empty());
      EXPECT_EQ(text.find("SECRET"), std::string::npos)
          << text.substr(text.find("SECRET") > 200 ? text.find("SECRET") - 200 : 0, 400);
    }
  }
}

TEST(AdvisorySecrets, VendorsNeverGivenTheDetailsAreNotNamedNorGetAPage) {
  const auto c = multiVendorCase();
  const std::vector<std::string> expected{"acme", "beta", "gamma", "delta", "epsilon", "zeta"};
  EXPECT_EQ(advisoryVendorIds(c), expected);
  for (const char* absent : {"ghost", "nothing", "oem"}) {
    EXPECT_FALSE(renderVendorPage(c, absent, Language::English, tokyo())) << absent;
    for (const auto& text : everythingPublished(c))
      EXPECT_EQ(text.find(absent), std::string::npos) << absent;
  }
}

TEST(AdvisorySecrets, TheNonPublicCommentIsKeptButNotShown) {
  const auto c = multiVendorCase();
  const auto* zeta = c.workflow.vendor("zeta");
  ASSERT_NE(zeta, nullptr);
  EXPECT_FALSE(zeta->commentPublic);  // the lifecycle recorded it so
  EXPECT_NE(zeta->comment.find("SECRET-NONPUBLIC"), std::string::npos);  // operators see it
  const auto page = renderVendorPage(c, "zeta", Language::English, tokyo());
  ASSERT_TRUE(page);
  EXPECT_NE(page->find("https://zeta.example/advisories/1"), std::string::npos);
}

TEST(AdvisorySecrets, AnUnpublishedCaseRendersNothing) {
  auto c = multiVendorCase();
  c.workflow.stage = core::CaseStage::PublicationScheduled;
  c.workflow.publishedAt.reset();
  EXPECT_EQ(renderAdvisoryHtml(c, {}, Language::English, tokyo()), "");
  EXPECT_EQ(renderAdvisoryMarkdown(c, {}, Language::Japanese, tokyo()), "");
  EXPECT_TRUE(renderVendorPages(c, Language::English, tokyo()).empty());
  EXPECT_FALSE(renderVendorPage(c, "acme", Language::English, tokyo()));
}

TEST(AdvisorySecrets, CreditOnlyWithConsent) {
  auto c = noAffectedProductCase();
  const auto withConsent = renderAdvisoryHtml(c, revisionsOf(c), Language::English, tokyo());
  EXPECT_NE(withConsent.find("Hanako Yamada (Example Security Lab)"), std::string::npos);
  c.report.publishName = "unknown";
  const auto without = renderAdvisoryHtml(c, revisionsOf(c), Language::English, tokyo());
  EXPECT_EQ(without.find("Hanako"), std::string::npos);
  EXPECT_EQ(without.find("id=\"credits\""), std::string::npos);
}

std::multiset<std::string> rowStatuses(const std::string& html) {
  const auto doc = parseXml(html);
  std::multiset<std::string> out;
  for (const auto* table : doc->all("table", "vendors"))
    for (const auto* row : table->all("tr"))
      if (!row->attr("data-vendor").empty()) out.insert(row->attr("data-status"));
  return out;
}

TEST(AdvisoryDom, TheVendorTableHasOneRowPerVendorWithEveryStatus) {
  const auto c = multiVendorCase();
  for (const auto l : {Language::English, Language::Japanese}) {
    const auto statuses = rowStatuses(renderAdvisoryHtml(c, revisionsOf(c), l, tokyo()));
    EXPECT_EQ(statuses.size(), 6u);
    for (const auto status : core::kPublicStatuses)
      EXPECT_GE(statuses.count(std::string(core::publicStatusName(status))), 1u)
          << core::publicStatusName(status);
  }
}

TEST(AdvisoryDom, EveryPageIsWellFormedXhtml) {
  for (const auto& c : {multiVendorCase(), noAffectedProductCase(), committeeCase()}) {
    for (const auto l : {Language::English, Language::Japanese}) {
      std::vector<std::string> pages{renderAdvisoryHtml(c, revisionsOf(c), l, tokyo())};
      for (const auto& p : renderVendorPages(c, l, tokyo())) pages.push_back(p.html);
      for (const auto& page : pages) {
        std::unique_ptr<XmlElement> doc;
        ASSERT_NO_THROW(doc = parseXml(page)) << page;
        ASSERT_EQ(doc->children.size(), 1u);
        EXPECT_EQ(doc->children[0]->name, "html");
        EXPECT_EQ(doc->children[0]->attr("lang"), core::languageCode(l));
        EXPECT_TRUE(doc->all("script").empty());
        for (const auto* link : doc->all("a")) {
          const auto href = link->attr("href");
          // Only relative pages of the site, or http(s) links.
          EXPECT_TRUE(href.starts_with("https://") || href.starts_with("http://") ||
                      href.find(':') == std::string::npos)
              << href;
        }
      }
    }
  }
}

TEST(AdvisoryDom, OnlyHttpAdvisoryUrlsAreLinks) {
  const auto html = renderAdvisoryHtml(multiVendorCase(), {}, Language::English, tokyo());
  EXPECT_NE(html.find("<a href=\"https://acme.example/psirt/2026-01?x=1&amp;y=2\">"),
            std::string::npos);
  EXPECT_EQ(html.find("href=\"javascript:"), std::string::npos);
  EXPECT_EQ(html.find("href=\"ftp:"), std::string::npos);
  EXPECT_NE(html.find("ftp://delta.example/not-http"), std::string::npos);  // as text
}

TEST(AdvisoryDom, TheCommitteeCaseShowsTheFigure6Timeline) {
  const auto c = committeeCase();
  const auto doc = parseXml(renderAdvisoryHtml(c, revisionsOf(c), Language::Japanese, tokyo()));
  const auto* notes = doc->byId("notes");
  ASSERT_NE(notes, nullptr);
  const auto text = notes->allText();
  for (const char* line : {"連絡不能開発者一覧", "連絡期限までに製品開発者から応答なし",
                           "公表判定委員会の審議を経て公表を決定", "本情報を公表"})
    EXPECT_NE(text.find(line), std::string::npos) << line;
  EXPECT_EQ(rowStatuses(renderAdvisoryHtml(c, {}, Language::English, tokyo())),
            (std::multiset<std::string>{"not-affected", "no-statement"}));
}

TEST(AdvisoryText, NoTextAddsMarkup) {
  auto c = noAffectedProductCase();
  c.report.title = "# <b>bold</b> | *star* _u_ [x](javascript:y) `code` & more";
  c.report.description = "1. not a list\n# not a heading\n> not a quote\n<script>x</script>";
  const auto html = renderAdvisoryHtml(c, {}, Language::English, tokyo());
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NO_THROW(parseXml(html));
  const auto md = renderAdvisoryMarkdown(c, {}, Language::English, tokyo());
  EXPECT_NE(
      md.find(
          R"(# CVD#20260102 # \<b\>bold\</b\> \| \*star\* \_u\_ \[x\](javascript:y) \`code\` &amp; more)"),
      std::string::npos)
      << md;
  EXPECT_NE(
      md.find("1\\. not a list\n\\# not a heading\n\\> not a quote\n\\<script\\>x\\</script\\>"),
      std::string::npos)
      << md;
}

TEST(AdvisoryText, EveryMarkdownTableRowKeepsItsFiveColumns) {
  auto c = multiVendorCase();
  auto& acme = c.workflow.vendors[0];
  acme.comment = "a | b\n| c || d\\|";  // pipes, a newline, a backslash before a pipe
  for (const auto l : {Language::English, Language::Japanese}) {
    const auto md = renderAdvisoryMarkdown(c, {}, l, tokyo());
    std::size_t rows = 0;
    std::size_t pos = 0;
    while ((pos = md.find("\n|", pos)) != std::string::npos) {
      const auto end = md.find('\n', pos + 1);
      const std::string row = md.substr(pos + 1, end - pos - 1);
      std::size_t columns = 0;
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (row[i] == '\\') {
          ++i;  // an escaped character
          continue;
        }
        if (row[i] == '|') ++columns;
      }
      EXPECT_EQ(columns, 6u) << row;
      ++rows;
      pos = end;
    }
    EXPECT_EQ(rows, 2u + 6u);  // header, separator, six vendors
  }
}

TEST(AdvisoryText, OnlyHttpUrlsWithAHostBecomeLinks) {
  EXPECT_EQ(linkUrl("HTTPS://Example.org/a|b"), "HTTPS://Example.org/a%7Cb");
  EXPECT_EQ(linkUrl("http://x.example"), "http://x.example");
  for (const char* bad : {"https:///path", "https://", "javascript:alert(1)", "ftp://x.example",
                          "https://x.example/a b", "https://x.example/\"onmouseover",
                          "https://x.example/<", "//x.example", "data:text/html,x"})
    EXPECT_FALSE(linkUrl(bad)) << bad;
  const auto withText = parseReference("  Vendor FAQ  https://acme.example/faq ");
  EXPECT_EQ(withText.text, "Vendor FAQ");
  EXPECT_EQ(withText.url, "https://acme.example/faq");
  const auto bare = parseReference("https://acme.example/");
  EXPECT_EQ(bare.text, "");
  EXPECT_EQ(bare.url, "https://acme.example/");
  const auto noLink = parseReference("see javascript:alert(1)");
  EXPECT_EQ(noLink.text, "see javascript:alert(1)");
  EXPECT_FALSE(noLink.url);
}

TEST(VendorPageFileName, KeepsSafeIdsAndEncodesTheRest) {
  EXPECT_EQ(vendorPageFileName("acme-2"), "acme-2.html");
  EXPECT_EQ(vendorPageFileName("acme", Language::Japanese), "acme.ja.html");
  EXPECT_EQ(vendorPageFileName("Acme"), "_41cme.html");
  EXPECT_EQ(vendorPageFileName("../etc/passwd"), "_2e_2e_2fetc_2fpasswd.html");
  EXPECT_EQ(vendorPageFileName(".hidden"), "_2ehidden.html");
  EXPECT_EQ(vendorPageFileName(""), "_.html");
  EXPECT_EQ(vendorPageFileName(std::string("a\0b", 3)), "a_00b.html");
  EXPECT_NE(vendorPageFileName("a_b"), vendorPageFileName("a-b"));
  const std::string longA(300, 'a');
  std::string longB = longA;
  longB.back() = 'b';
  const auto a = vendorPageFileName(longA);
  EXPECT_EQ(a.size(), 100u + 5u);
  EXPECT_NE(a, vendorPageFileName(longB));
  for (const auto& name : {a, vendorPageFileName("x/../../y")}) {
    EXPECT_EQ(name.find('/'), std::string::npos);
    EXPECT_EQ(name.find(".."), std::string::npos);
  }
}

}  // namespace
}  // namespace cvdd::publication::advisory_testing
