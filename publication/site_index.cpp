#include "publication/site_index.hpp"

#include <algorithm>

#include "core/calendar.hpp"
#include "publication/html.hpp"
#include "publication/site_paths.hpp"
#include "publication/stats_labels.hpp"
#include "publication/xhtml_page.hpp"

namespace cvdd::publication {

namespace {
constexpr std::string_view kIndexStyle =
    "body{font-family:sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222}"
    "table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3em .6em;"
    "text-align:left}";
}  // namespace

std::string renderAdvisoryIndex(std::vector<AdvisoryListing> advisories,
                                const std::string& coordinatorName, const core::TimeZone& zone,
                                core::Language l) {
  std::sort(advisories.begin(), advisories.end(), [](const auto& a, const auto& b) {
    return a.publishedAt != b.publishedAt ? a.publishedAt > b.publishedAt : a.caseId < b.caseId;
  });
  const std::string title =
      coordinatorName + std::string(pick(l, ": published advisories", " 公表済みの脆弱性情報"));
  std::string out =
      xhtmlPageStart(l, title, kIndexStyle) + "<h1>" + htmlEscape(title) +
      "</h1><p class=\"nav\"><a href=\"" + pageName(core::Language::English) +
      "\" hreflang=\"en\">English</a> · <a href=\"" + pageName(core::Language::Japanese) +
      "\" hreflang=\"ja\">日本語</a> · <a href=\"stats/" + pageName(l) + "\">" +
      htmlEscape(pick(l, "Statistics", "統計")) + "</a> · <a href=\"unreachable/" + pageName(l) +
      "\">" + htmlEscape(pick(l, "Unreachable vendors", "連絡不能案件")) +
      "</a> · <a href=\"csaf/provider-metadata.json\">CSAF</a></p>";
  if (advisories.empty()) {
    out +=
        "<p class=\"empty\">" +
        htmlEscape(pick(l, "No advisory has been published yet.", "公表済みの情報はありません。")) +
        "</p>";
    return out + "</body></html>\n";
  }
  out += "<table class=\"advisories\"><thead><tr><th>" + htmlEscape(pick(l, "ID", "番号")) +
         "</th><th>" + htmlEscape(pick(l, "Title", "タイトル")) + "</th><th>" +
         htmlEscape(pick(l, "Published", "公表日")) + "</th></tr></thead><tbody>";
  for (const auto& a : advisories) {
    const std::string href = htmlEscape(advisoryPage(a.caseId, l));
    out += "<tr data-case=\"" + htmlEscape(a.caseId) + "\"><td><a href=\"" + href + "\">" +
           htmlEscape(a.caseId) + "</a></td><td><a href=\"" + href + "\">" + htmlEscape(a.title) +
           "</a></td><td>" + core::formatDate(core::localDate(a.publishedAt, zone)) + "</td></tr>";
  }
  return out + "</tbody></table></body></html>\n";
}

}  // namespace cvdd::publication
