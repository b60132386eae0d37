// advisories/<ID>/index.html and index.ja.html (003 §6-4 figure 1).

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

using core::Language;

std::string section(std::string_view id, std::string_view heading, const std::string& body) {
  return "<section id=\"" + std::string(id) + "\"><h2>" + htmlEscape(heading) + "</h2>" + body +
         "</section>";
}

std::string textSection(std::string_view id, std::string_view heading, std::string_view text) {
  return text.empty() ? std::string() : section(id, heading, htmlParagraphs(text));
}

std::string list(const std::vector<std::string>& items, std::string_view cls) {
  std::string out = "<ul class=\"" + std::string(cls) + "\">";
  for (const auto& item : items) out += "<li>" + htmlEscape(item) + "</li>";
  return out + "</ul>";
}

std::string vendorTable(const AdvisoryContent& a) {
  const Language l = a.language;
  std::string out =
      "<table class=\"vendors\"><thead><tr><th>" + htmlEscape(pick(l, "Vendor", "ベンダ")) +
      "</th><th>" + htmlEscape(pick(l, "Status", "ステータス")) + "</th><th>" +
      htmlEscape(pick(l, "Last updated", "最終更新日")) + "</th><th>" +
      htmlEscape(pick(l, "Vendor comment", "ベンダからのコメント")) + "</th><th>" +
      htmlEscape(pick(l, "Vendor advisory", "ベンダの告知ページ")) + "</th></tr></thead><tbody>";
  for (const auto& v : a.vendors) {
    out += "<tr data-vendor=\"" + htmlEscape(vendorPageStem(v.vendorId)) + "\" data-status=\"" +
           htmlEscape(v.statusName) + "\"><td>" + htmlEscape(v.organisation) +
           "</td><td><a href=\"vendors/" + htmlEscape(vendorPageFileName(v.vendorId, l)) + "\">" +
           htmlEscape(v.statusLabel) + "</a></td><td>" +
           (v.lastChange ? htmlEscape(core::formatDate(*v.lastChange)) : std::string("–")) +
           "</td><td>" + htmlParagraphs(v.comment) + "</td><td>" + advisoryUrlHtml(v.advisoryUrl) +
           "</td></tr>";
  }
  return out + "</tbody></table>";
}

std::string referencesList(const std::vector<std::string>& references) {
  std::string out = "<ul class=\"references\">";
  for (const auto& line : references) {
    const auto ref = parseReference(line);
    out += "<li>";
    if (!ref.text.empty()) out += htmlEscape(ref.text) + (ref.url ? " " : "");
    if (ref.url) out += "<a href=\"" + htmlEscape(*ref.url) + "\">" + htmlEscape(*ref.url) + "</a>";
    out += "</li>";
  }
  return out + "</ul>";
}

std::string notes(const AdvisoryContent& a) {
  const Language l = a.language;
  std::string body = htmlParagraphs(a.coordinatorNotes);
  for (const auto& v : a.vendors) {
    if (v.committeeTimeline.empty()) continue;
    body += "<p>" +
            htmlEscape(std::string(pick(l, "How this advisory came to be published (",
                                        "公表に至る経緯（")) +
                       v.organisation + std::string(pick(l, "):", "）："))) +
            "</p>" + timelineHtml(v.committeeTimeline);
  }
  return body.empty()
             ? std::string()
             : section("notes", pick(l, "Coordinator's notes", "調整機関からの補足情報"), body);
}

std::string analysis(const AdvisoryContent& a) {
  const Language l = a.language;
  std::string body;
  if (a.cvss)
    body += "<p class=\"cvss\" data-score=\"" + cvssScoreText(*a.cvss) + "\">" +
            htmlEscape(std::string(pick(l, "CVSS v3.1 base score: ", "CVSS v3.1 基本値: ")) +
                       cvssScoreText(*a.cvss) + " (" +
                       std::string(core::cvssSeverityName(a.cvss->severity)) + ")") +
            "<br/><code>" + htmlEscape(a.cvss->vector) + "</code></p>";
  if (!a.cves.empty()) body += "<p class=\"cve\">CVE: " + htmlEscape(joined(a.cves)) + "</p>";
  return body.empty() ? std::string()
                      : section("analysis", pick(l, "Analysis", "脆弱性分析結果"), body);
}

}  // namespace

std::string renderAdvisoryHtml(const PublishedCase& c, const std::vector<CsafRevision>& revisions,
                               Language l, const core::TimeZone& tz) {
  if (!advisoryIsPublic(c)) return {};
  const AdvisoryContent a = advisoryContent(c, revisions, l, tz);
  std::string out = xhtmlPageStart(l, a.caseId + " " + a.title, kAdvisoryStyle);
  out += "<p class=\"nav\">" + twinLink(l, "index.html", "index.ja.html") + "</p>";
  out +=
      "<h1><span class=\"id\">" + htmlEscape(a.caseId) + "</span> " + htmlEscape(a.title) + "</h1>";
  out += "<p class=\"published\">" +
         htmlEscape(std::string(pick(l, "Published: ", "公開日：")) +
                    core::formatDate(a.publishedOn)) +
         (a.revisions.empty()
              ? std::string()
              : htmlEscape(std::string(pick(l, " · Last updated: ", "　最終更新日：")) +
                           core::formatDate(a.revisions.back().date))) +
         "</p>";
  out += textSection("overview", pick(l, "Overview", "概要"), a.overview);
  if (!a.affectedProducts.empty())
    out += section("affected", pick(l, "Affected products", "影響を受けるシステム"),
                   list(a.affectedProducts, "products"));
  out += textSection("description", pick(l, "Description", "詳細情報"), a.description);
  out += textSection("impact", pick(l, "Impact", "想定される影響"), a.impact);
  out += textSection("solution", pick(l, "Solution", "対策方法"), a.solution);
  out += section("vendors", pick(l, "Vendor information", "ベンダ情報"), vendorTable(a));
  out +=
      textSection("exploitation", pick(l, "Exploitation", "悪用の状況"), a.exploitationStatement);
  if (!a.references.empty())
    out += section("references", pick(l, "References", "参考情報"), referencesList(a.references));
  out += notes(a);
  out += analysis(a);
  if (!a.credit.empty())
    out += section(
        "credits", pick(l, "Credits", "謝辞"),
        "<p>" + htmlEscape(std::string(pick(l, "Reported by ", "報告者：")) + a.credit) + "</p>");
  if (!a.revisions.empty())
    out += section("history", pick(l, "Revision history", "更新履歴"), timelineHtml(a.revisions));
  return out + std::string(kXhtmlPageEnd);
}

}  // namespace cvdd::publication
