// The unreachable-vendors list page and unreachable.json: one row per entry with its
// inquiry number, both languages, every text escaped, no script, nothing but the entries.

#include "publication/unreachable_page.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "tests/publication/xml_tree.hpp"

namespace cvdd::publication {
namespace {

using namespace std::chrono;
using testing::parseXml;

std::vector<core::UnreachableEntry> entries() {
  core::UnreachableEntry named;
  named.inquiryNumber = "DID#00001";
  named.vendorName = "Acme <Widgets> & \"Co\"";
  named.relatedLink = "https://acme.example/?a=1&b=2";
  named.listedOn = 2026y / 1 / 10;
  named.stage = core::ListingStage::Listed;
  core::UnreachableEntry disclosed;
  disclosed.inquiryNumber = "DID#00002";
  disclosed.vendorName = "ベータ工房";
  disclosed.listedOn = 2025y / 9 / 29;
  disclosed.products = "Beta CMS 1.2";
  disclosed.productsDisclosedOn = 2025y / 12 / 29;
  disclosed.contactDeadline = 2026y / 6 / 29;
  disclosed.contactDeadlineAddedOn = 2026y / 3 / 29;
  disclosed.reason = core::UnreachableReason::UnknownDeveloper;
  disclosed.stage = core::ListingStage::ContactDeadline;
  return {named, disclosed};
}

TEST(UnreachablePage, HasOneRowPerEntryWithItsInquiryNumberAndNoScript) {
  const std::string html =
      renderUnreachablePage(entries(), core::Language::English, "vendors@cert.example");
  const auto doc = parseXml(html);  // throws on anything not well-formed (unescaped text)
  ASSERT_EQ(doc->children.size(), 1u);
  EXPECT_EQ(doc->children[0]->attr("lang"), "en");
  EXPECT_TRUE(doc->all("script").empty());
  EXPECT_TRUE(doc->all("img").empty());
  EXPECT_FALSE(std::regex_search(html, std::regex(" on[a-z]+=")));  // no event handlers
  std::vector<std::string> inquiries;
  for (const auto* tr : doc->all("tr"))
    if (!tr->attr("data-inquiry").empty()) inquiries.push_back(tr->attr("data-inquiry"));
  EXPECT_EQ(inquiries, (std::vector<std::string>{"DID#00001", "DID#00002"}));
  EXPECT_NE(html.find("Acme &lt;Widgets&gt; &amp; &quot;Co&quot;"), std::string::npos);
  EXPECT_NE(html.find("href=\"https://acme.example/?a=1&amp;b=2\""), std::string::npos);
  EXPECT_NE(html.find("href=\"index.ja.html\""), std::string::npos);
  EXPECT_NE(html.find("mailto:vendors@cert.example"), std::string::npos);
  const auto cells = doc->all("td", "products");
  ASSERT_EQ(cells.size(), 2u);
  EXPECT_TRUE(cells[0]->text.empty() && cells[0]->children.empty()) << "not disclosed yet";
  EXPECT_NE(html.find("Beta CMS 1.2"), std::string::npos);
  const auto deadline = doc->all("span", "contact-deadline");
  ASSERT_EQ(deadline.size(), 1u);
  EXPECT_EQ(deadline[0]->attr("data-deadline"), "2026-06-29");
  EXPECT_NE(html.find("developer of the product unknown"), std::string::npos);
}

TEST(UnreachablePage, JapaneseTwinLinksBackAndSaysHowToAnswer) {
  const std::string html =
      renderUnreachablePage(entries(), core::Language::Japanese, "vendors@cert.example");
  const auto doc = parseXml(html);
  EXPECT_EQ(doc->children[0]->attr("lang"), "ja");
  EXPECT_NE(html.find("連絡不能開発者一覧"), std::string::npos);
  EXPECT_NE(html.find("問合せ番号"), std::string::npos);
  EXPECT_NE(html.find("2025-12-29（開示）"), std::string::npos);
  EXPECT_NE(html.find("href=\"index.html\""), std::string::npos);
}

TEST(UnreachablePage, AnEmptyListSaysSo) {
  const auto html = renderUnreachablePage({}, core::Language::English, "vendors@cert.example");
  EXPECT_NE(html.find("No vendor is listed."), std::string::npos);
  EXPECT_NO_THROW(parseXml(html));
}

TEST(UnreachableJson, HasStableKeysAndNullsForStagesNotReached) {
  const auto doc = unreachableJson(entries(), "vendors@cert.example");
  EXPECT_EQ(doc["contact"]["address"], "vendors@cert.example");
  ASSERT_EQ(doc["vendors"].size(), 2u);
  const auto& a = doc["vendors"][0];
  EXPECT_EQ(a["inquiry_number"], "DID#00001");
  EXPECT_EQ(a["vendor"], "Acme <Widgets> & \"Co\"");
  EXPECT_EQ(a["listed_on"], "2026-01-10");
  EXPECT_EQ(a["products"], "");
  EXPECT_TRUE(a["products_disclosed_on"].is_null());
  EXPECT_TRUE(a["contact_deadline"].is_null());
  EXPECT_EQ(a["stage"], "listed");
  const auto& b = doc["vendors"][1];
  EXPECT_EQ(b["products_disclosed_on"], "2025-12-29");
  EXPECT_EQ(b["contact_deadline"], "2026-06-29");
  EXPECT_EQ(b["contact_deadline_added_on"], "2026-03-29");
  EXPECT_EQ(b["stage"], "contact-deadline");
  EXPECT_EQ(b["notes"], "developer of the product unknown");
  // Nothing that names a case.
  EXPECT_EQ(doc.dump().find("CVD#"), std::string::npos);
}

}  // namespace
}  // namespace cvdd::publication
