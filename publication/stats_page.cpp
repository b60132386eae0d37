#include "publication/stats_page.hpp"

#include <cmath>

#include "publication/html.hpp"
#include "publication/stats_charts.hpp"
#include "publication/stats_labels.hpp"
#include "publication/xhtml_page.hpp"

namespace cvdd::publication {

namespace {

using core::Language;

const char* const kStyle =
    "body{font-family:sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222}"
    "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .6em}"
    "td.n{text-align:right}svg{max-width:100%;height:auto}"
    ".legend{list-style:none;padding:0}.legend li{display:inline-block;margin-right:1em}"
    ".swatch{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:middle}";

std::string cell(std::uint64_t value) {
  return "<td class=\"n\">" + std::to_string(value) + "</td>";
}

std::string shareText(const core::PeriodFigures& f) {
  const auto share = f.shareWithinTarget();
  return share ? std::to_string(std::lround(*share * 100)) + "%" : "–";
}

std::string th(std::string_view text) {
  return "<th>" + htmlEscape(text) + "</th>";
}

/// One row of figures per bucket: the flows, the 45-day figures and the unreachable ones.
std::string figuresTable(const core::OperatingStatistics& stats, Language l) {
  const std::string target = std::to_string(stats.targetDays);
  std::string out = "<table class=\"figures\"><thead><tr>" + th(pick(l, "period", "期間")) +
                    th(pick(l, "received", "届出")) + th(pick(l, "accepted", "受理")) +
                    th(pick(l, "not accepted", "不受理")) + th(pick(l, "published", "公表")) +
                    th(pick(l, "cancelled", "公表取りやめ")) +
                    th(std::string(pick(l, "published within ", "")) + target +
                       std::string(pick(l, " days", " 日以内の公表"))) +
                    th(std::string(pick(l, "open past ", "")) + target +
                       std::string(pick(l, " days at the end", " 日超で取扱い中（期末）"))) +
                    th(pick(l, "unreachable listed", "連絡不能 公表")) +
                    th(pick(l, "resumed", "調整再開")) +
                    th(pick(l, "products disclosed", "製品情報 公表")) +
                    th(pick(l, "published after the committee", "委員会判断で公表")) +
                    th(pick(l, "unreachable at the end", "連絡不能 継続（期末）")) +
                    th(pick(l, "priority provisions", "優先情報提供")) + "</tr></thead><tbody>";
  auto row = [&](const core::PeriodFigures& f, std::string_view kind) {
    out +=
        "<tr class=\"" + std::string(kind) + "\" data-label=\"" + htmlEscape(f.label) + "\"><th>" +
        htmlEscape(f.label == "total" ? std::string(pick(l, "total", "合計")) : f.label) + "</th>" +
        cell(f.received) + cell(f.accepted) + cell(f.stoppedTotal()) + cell(f.published) +
        cell(f.cancelledTotal()) + "<td class=\"n\">" + std::to_string(f.publishedWithinTarget) +
        " / " + std::to_string(f.daysToPublication.size()) + " (" + shareText(f) + ")</td>" +
        cell(f.openPastTarget) + cell(f.unreachable.listed) + cell(f.unreachable.resumed) +
        cell(f.unreachable.productsDisclosed) + cell(f.unreachable.publishedAfterCommittee) +
        cell(f.unreachable.open) + cell(f.priorityProvisions) + "</tr>";
  };
  for (const auto& q : stats.quarters) row(q, "quarter");
  for (const auto& y : stats.years) row(y, "year");
  row(stats.total, "total");
  return out + "</tbody></table>";
}

template <class Reasons, class Counts, class Label>
std::string reasonRows(const Reasons& reasons, const Counts& counts, Label label, Language l) {
  std::string out;
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    out += "<tr><th>" + htmlEscape(label(reasons[i], l)) + "</th>" + cell(counts[i]) + "</tr>";
  }
  return out;
}

}  // namespace

std::string renderStatisticsPage(const core::OperatingStatistics& stats, Language l) {
  const bool ja = l == Language::Japanese;
  const std::string title(pick(l, "Operating statistics", "運用状況の統計"));
  const auto lastDay = core::addDays(stats.period.to, -1);
  std::string out = xhtmlPageStart(l, title, kStyle);
  out += "<h1>" + htmlEscape(title) + "</h1>";
  out += "<p class=\"period\">" +
         htmlEscape(core::formatDate(stats.period.from) + " – " + core::formatDate(lastDay) + " (" +
                    stats.timeZone + ")") +
         " · <a href=\"stats.json\">stats.json</a> · <a href=\"" +
         std::string(ja ? "index.html\" hreflang=\"en\">English"
                        : "index.ja.html\" hreflang=\"ja\">日本語") +
         "</a></p>";
  out += "<section id=\"figures\"><h2>" +
         htmlEscape(pick(l, "By quarter and year", "四半期・年ごとの件数")) + "</h2>" +
         figuresTable(stats, l) + "</section>";
  out += "<section id=\"days\"><h2>" +
         htmlEscape(pick(l, "Days from acceptance to publication", "受理から公表までの日数")) +
         "</h2>" + daysHistogramSvg(stats, l) + "</section>";
  out += "<section id=\"stages\"><h2>" +
         htmlEscape(pick(l, "Reports received per quarter, by stage now",
                         "四半期ごとの届出件数（現在の段階別）")) +
         "</h2>" + stagesByQuarterSvg(stats, l) + stagesLegendHtml(l) + "</section>";
  out +=
      "<section id=\"reasons\"><h2>" +
      htmlEscape(pick(l, "Not accepted and cancelled, by reason", "不受理・公表取りやめの理由")) +
      "</h2><table class=\"stopped\"><caption>" + htmlEscape(pick(l, "not accepted", "不受理")) +
      "</caption><tbody>" +
      reasonRows(core::kStopReasons, stats.total.stopped, stopReasonLabel, l) +
      "</tbody></table><table class=\"cancelled\"><caption>" +
      htmlEscape(pick(l, "publication cancelled", "公表取りやめ")) + "</caption><tbody>" +
      reasonRows(core::kCancelReasons, stats.total.cancelled, cancelReasonLabel, l) +
      "</tbody></table></section>";
  return out + "</body></html>\n";
}

}  // namespace cvdd::publication
