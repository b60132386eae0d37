// advisories/<ID>/vendors/<file>.html (003 §6-4 figure 2): one vendor's status, public
// comment and history.

#include "core/calendar.hpp"
#include "publication/advisory.hpp"
#include "publication/advisory_content.hpp"
#include "publication/advisory_html_parts.hpp"
#include "publication/advisory_text.hpp"
#include "publication/html.hpp"
#include "publication/stats_labels.hpp"
#include "publication/xhtml_page.hpp"

namespace cvdd::publication {

namespace {

std::string vendorPage(const PublishedCase& c, const AdvisoryVendor* v, core::Language l) {
  const std::string_view vendorId = v->vendorId;
  const std::string heading = l == core::Language::Japanese
                                  ? v->organisation + " の脆弱性 " + c.caseId + " への対応"
                                  : "Response of " + v->organisation + " to " + c.caseId;
  std::string out = xhtmlPageStart(l, heading, kAdvisoryStyle);
  out += "<p class=\"nav\"><a href=\"../" +
         std::string(l == core::Language::Japanese ? "index.ja.html" : "index.html") + "\">" +
         htmlEscape(pick(l, "The advisory", "脆弱性情報")) + "</a> · " +
         twinLink(l, vendorPageFileName(vendorId, core::Language::English),
                  vendorPageFileName(vendorId, core::Language::Japanese)) +
         "</p>";
  out += "<h1>" + htmlEscape(heading) + "</h1>";
  out += "<p class=\"case\"><span class=\"id\">" + htmlEscape(c.caseId) + "</span> " +
         htmlEscape(c.report.title) + "</p>";
  out += "<p class=\"status\" data-vendor=\"" + htmlEscape(vendorPageStem(vendorId)) +
         "\" data-status=\"" + htmlEscape(v->statusName) + "\">" +
         htmlEscape(std::string(pick(l, "Status: ", "ステータス：")) + v->statusLabel) + "</p>";
  if (!v->products.empty()) {
    out += "<section id=\"products\"><h2>" + htmlEscape(pick(l, "Products", "製品")) +
           "</h2><ul class=\"products\">";
    for (const auto& p : v->products) out += "<li>" + htmlEscape(p) + "</li>";
    out += "</ul></section>";
  }
  out += "<section id=\"comment\"><h2>" +
         htmlEscape(pick(l, "Comment from the vendor", "製品開発者からのコメント")) + "</h2>" +
         (v->comment.empty() ? "<p>" + htmlEscape(pick(l, "None", "なし")) + "</p>"
                             : htmlParagraphs(v->comment));
  if (!v->advisoryUrl.empty())
    out += "<p class=\"advisory-url\">" + advisoryUrlHtml(v->advisoryUrl) + "</p>";
  out += "</section>";
  if (!v->committeeTimeline.empty())
    out += "<section id=\"timeline\"><h2>" +
           htmlEscape(pick(l, "How this advisory came to be published", "公表に至る経緯")) +
           "</h2>" + timelineHtml(v->committeeTimeline) + "</section>";
  out += "<section id=\"history\"><h2>" + htmlEscape(pick(l, "History", "更新履歴")) + "</h2>" +
         (v->history.empty() ? "<p>" + htmlEscape(pick(l, "None", "なし")) + "</p>"
                             : timelineHtml(v->history)) +
         "</section>";
  return out + std::string(kXhtmlPageEnd);
}

}  // namespace

std::optional<std::string> renderVendorPage(const PublishedCase& c, std::string_view vendorId,
                                            core::Language l, const core::TimeZone& tz) {
  if (!advisoryIsPublic(c)) return std::nullopt;
  const auto v = advisoryVendor(c, vendorId, l, tz);
  if (!v) return std::nullopt;
  return vendorPage(c, &*v, l);
}

std::vector<VendorPage> renderVendorPages(const PublishedCase& c, core::Language l,
                                          const core::TimeZone& tz) {
  std::vector<VendorPage> pages;
  if (!advisoryIsPublic(c)) return pages;
  for (const auto& v : advisoryContent(c, {}, l, tz).vendors)
    pages.push_back({v.vendorId, vendorPageFileName(v.vendorId, l), vendorPage(c, &v, l)});
  return pages;
}

}  // namespace cvdd::publication
