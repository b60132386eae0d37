// advisories/<ID>/index.md and index.ja.md: the advisory page's content in Markdown.

#include "core/calendar.hpp"
#include "publication/advisory.hpp"
#include "publication/advisory_content.hpp"
#include "publication/advisory_html_parts.hpp"
#include "publication/advisory_text.hpp"
#include "publication/stats_labels.hpp"

namespace cvdd::publication {

namespace {

using core::Language;

std::string heading(std::string_view text) {
  return "\n## " + markdownCell(text) + "\n\n";
}

std::string textSection(std::string_view title, std::string_view text) {
  return text.empty() ? std::string() : heading(title) + markdownEscape(text) + "\n";
}

/// A link whose target linkUrl accepted (no space, '<' or '>'), in angle brackets so that
/// parentheses in it cannot end it.
std::string mdLink(std::string_view text, const std::string& url) {
  return "[" + markdownCell(text) + "](<" + url + ">)";
}

std::string urlText(std::string_view url) {
  const auto link = linkUrl(url);
  return link ? mdLink(*link, *link) : markdownCell(url);
}

std::string timeline(const std::vector<AdvisoryEvent>& events) {
  std::string out;
  for (const auto& e : events)
    out += "- " + core::formatDate(e.date) + " " + markdownCell(e.text) + "\n";
  return out;
}

std::string vendorTable(const AdvisoryContent& a) {
  const Language l = a.language;
  std::string out = "| " + markdownCell(pick(l, "Vendor", "ベンダ")) + " | " +
                    markdownCell(pick(l, "Status", "ステータス")) + " | " +
                    markdownCell(pick(l, "Last updated", "最終更新日")) + " | " +
                    markdownCell(pick(l, "Vendor comment", "ベンダからのコメント")) + " | " +
                    markdownCell(pick(l, "Vendor advisory", "ベンダの告知ページ")) +
                    " |\n|---|---|---|---|---|\n";
  for (const auto& v : a.vendors)
    out += "| " + markdownCell(v.organisation) + " | " +
           mdLink(v.statusLabel, "vendors/" + vendorPageFileName(v.vendorId, l)) + " | " +
           (v.lastChange ? core::formatDate(*v.lastChange) : std::string("–")) + " | " +
           markdownCell(v.comment) + " | " + urlText(v.advisoryUrl) + " |\n";
  return out;
}

std::string references(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) {
    const auto ref = parseReference(line);
    out += "- " + markdownCell(ref.text) + (ref.text.empty() || !ref.url ? "" : " ") +
           (ref.url ? mdLink(*ref.url, *ref.url) : std::string()) + "\n";
  }
  return out;
}

std::string notes(const AdvisoryContent& a) {
  const Language l = a.language;
  std::string body = a.coordinatorNotes.empty() ? "" : markdownEscape(a.coordinatorNotes) + "\n";
  for (const auto& v : a.vendors) {
    if (v.committeeTimeline.empty()) continue;
    body += (body.empty() ? "" : "\n") +
            markdownCell(std::string(pick(l, "How this advisory came to be published (",
                                          "公表に至る経緯（")) +
                         v.organisation + std::string(pick(l, "):", "）："))) +
            "\n\n" + timeline(v.committeeTimeline);
  }
  return body.empty() ? std::string()
                      : heading(pick(l, "Coordinator's notes", "調整機関からの補足情報")) + body;
}

std::string analysis(const AdvisoryContent& a) {
  const Language l = a.language;
  std::string body;
  if (a.cvss)
    body += markdownCell(std::string(pick(l, "CVSS v3.1 base score: ", "CVSS v3.1 基本値: ")) +
                         cvssScoreText(*a.cvss) + " (" +
                         std::string(core::cvssSeverityName(a.cvss->severity)) + ")") +
            "\n\n`" + a.cvss->vector + "`\n";  // checked by parseCvssV31: no backtick
  if (!a.cves.empty()) body += (body.empty() ? "" : "\n") + ("CVE: " + joined(a.cves)) + "\n";
  return body.empty() ? std::string() : heading(pick(l, "Analysis", "脆弱性分析結果")) + body;
}

}  // namespace

std::string renderAdvisoryMarkdown(const PublishedCase& c,
                                   const std::vector<CsafRevision>& revisions, Language l,
                                   const core::TimeZone& tz) {
  if (!advisoryIsPublic(c)) return {};
  const AdvisoryContent a = advisoryContent(c, revisions, l, tz);
  std::string out = "# " + markdownCell(a.caseId + " " + a.title) + "\n\n";
  out += (l == Language::Japanese ? "[English](index.md)" : "[日本語](index.ja.md)");
  out += "\n\n" +
         markdownCell(
             std::string(pick(l, "Published: ", "公開日：")) + core::formatDate(a.publishedOn) +
             (a.revisions.empty() ? std::string()
                                  : std::string(pick(l, " · Last updated: ", "　最終更新日：")) +
                                        core::formatDate(a.revisions.back().date))) +
         "\n";
  out += textSection(pick(l, "Overview", "概要"), a.overview);
  if (!a.affectedProducts.empty()) {
    out += heading(pick(l, "Affected products", "影響を受けるシステム"));
    for (const auto& p : a.affectedProducts) out += "- " + markdownCell(p) + "\n";
  }
  out += textSection(pick(l, "Description", "詳細情報"), a.description);
  out += textSection(pick(l, "Impact", "想定される影響"), a.impact);
  out += textSection(pick(l, "Solution", "対策方法"), a.solution);
  out += heading(pick(l, "Vendor information", "ベンダ情報")) + vendorTable(a);
  out += textSection(pick(l, "Exploitation", "悪用の状況"), a.exploitationStatement);
  if (!a.references.empty())
    out += heading(pick(l, "References", "参考情報")) + references(a.references);
  out += notes(a);
  out += analysis(a);
  if (!a.credit.empty())
    out += heading(pick(l, "Credits", "謝辞")) +
           markdownCell(std::string(pick(l, "Reported by ", "報告者：")) + a.credit) + "\n";
  if (!a.revisions.empty())
    out += heading(pick(l, "Revision history", "更新履歴")) + timeline(a.revisions);
  return out;
}

}  // namespace cvdd::publication
