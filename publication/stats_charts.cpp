#include "publication/stats_charts.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "publication/html.hpp"
#include "publication/stats_labels.hpp"

namespace cvdd::publication {

namespace {

constexpr int kWidth = 720;
constexpr int kHeight = 300;
constexpr int kLeft = 48;
constexpr int kRight = 16;
constexpr int kTop = 24;
constexpr int kBottom = 48;
constexpr int kPlotWidth = kWidth - kLeft - kRight;
constexpr int kPlotHeight = kHeight - kTop - kBottom;

// One colour per core::kCaseStages entry, in its order.
constexpr std::array<std::string_view, core::kCaseStages.size()> kStageColours{
    "#9e9e9e", "#64b5f6", "#e57373", "#4dd0e1", "#ffb74d",
    "#ba68c8", "#81c784", "#f06292", "#616161"};

std::string num(double value) {
  return std::to_string(std::lround(value));
}

std::string svgOpen(std::string_view id, std::string_view title) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + std::string(id) +
         "\" role=\"img\" width=\"" + num(kWidth) + "\" height=\"" + num(kHeight) +
         "\" viewBox=\"0 0 " + num(kWidth) + " " + num(kHeight) + "\"><title>" + htmlEscape(title) +
         "</title>";
}

/// The axes, and the largest value as the y axis's one label.
std::string axes(std::uint64_t top) {
  const int bottom = kTop + kPlotHeight;
  return "<line class=\"axis\" x1=\"" + num(kLeft) + "\" y1=\"" + num(bottom) + "\" x2=\"" +
         num(kLeft + kPlotWidth) + "\" y2=\"" + num(bottom) + "\" stroke=\"#333\"/>" +
         "<line class=\"axis\" x1=\"" + num(kLeft) + "\" y1=\"" + num(kTop) + "\" x2=\"" +
         num(kLeft) + "\" y2=\"" + num(bottom) + "\" stroke=\"#333\"/>" + "<text x=\"" +
         num(kLeft - 6) + "\" y=\"" + num(kTop + 4) + "\" text-anchor=\"end\" font-size=\"11\">" +
         std::to_string(top) + "</text>" + "<text x=\"" + num(kLeft - 6) + "\" y=\"" + num(bottom) +
         "\" text-anchor=\"end\" font-size=\"11\">0</text>";
}

double heightOf(std::uint64_t value, std::uint64_t top) {
  return top == 0 ? 0.0 : static_cast<double>(value) * kPlotHeight / static_cast<double>(top);
}

std::string binLabel(const core::DaysBin& bin) {
  return bin.to ? std::to_string(bin.from) + "–" + std::to_string(*bin.to)
                : std::to_string(bin.from) + "+";
}

/// Where the target falls on the x axis: the end of its day within the bin holding it.
double targetX(const std::vector<core::DaysBin>& bins, int targetDays, double barWidth) {
  for (std::size_t i = 0; i < bins.size(); ++i) {
    const auto& bin = bins[i];
    if (targetDays < bin.from || (bin.to && targetDays > *bin.to)) continue;
    const double span = bin.to ? *bin.to - bin.from + 1 : 1;
    const double fraction = bin.to ? (targetDays - bin.from + 1) / span : 0.0;
    return kLeft + (static_cast<double>(i) + fraction) * barWidth;
  }
  return kLeft;
}

}  // namespace

std::string daysHistogramSvg(const core::OperatingStatistics& stats, core::Language l) {
  const auto& bins = stats.histogram;
  std::uint64_t top = 0;
  for (const auto& bin : bins) top = std::max(top, bin.cases);
  const double barWidth = bins.empty() ? kPlotWidth : double{kPlotWidth} / bins.size();
  const int bottom = kTop + kPlotHeight;
  std::string out = svgOpen(
      "days-histogram", pick(l, "Days from acceptance to publication", "受理から公表までの日数"));
  out += axes(top);
  for (std::size_t i = 0; i < bins.size(); ++i) {
    const auto& bin = bins[i];
    const double h = heightOf(bin.cases, top);
    const double x = kLeft + i * barWidth;
    const std::string label = binLabel(bin);
    out += "<rect class=\"bar\" data-from=\"" + std::to_string(bin.from) + "\" data-to=\"" +
           (bin.to ? std::to_string(*bin.to) : std::string()) + "\" data-cases=\"" +
           std::to_string(bin.cases) + "\" x=\"" + num(x + 4) + "\" y=\"" + num(bottom - h) +
           "\" width=\"" + num(barWidth - 8) + "\" height=\"" + num(h) +
           "\" fill=\"#64b5f6\"><title>" + htmlEscape(label) + ": " + std::to_string(bin.cases) +
           "</title></rect>";
    out += "<text x=\"" + num(x + barWidth / 2) + "\" y=\"" + num(bottom - h - 4) +
           "\" text-anchor=\"middle\" font-size=\"11\">" + std::to_string(bin.cases) + "</text>";
    out += "<text x=\"" + num(x + barWidth / 2) + "\" y=\"" + num(bottom + 16) +
           "\" text-anchor=\"middle\" font-size=\"11\">" + htmlEscape(label) + "</text>";
  }
  const double x = targetX(bins, stats.targetDays, barWidth);
  out += "<line class=\"target-line\" data-days=\"" + std::to_string(stats.targetDays) +
         "\" x1=\"" + num(x) + "\" y1=\"" + num(kTop - 8) + "\" x2=\"" + num(x) + "\" y2=\"" +
         num(bottom) + "\" stroke=\"#d32f2f\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>";
  out += "<text x=\"" + num(x + 4) + "\" y=\"" + num(kTop - 10) +
         "\" font-size=\"11\" fill=\"#d32f2f\">" +
         htmlEscape(std::to_string(stats.targetDays) + std::string(pick(l, " days", " 日"))) +
         "</text>";
  out += "<text x=\"" + num(kLeft + kPlotWidth / 2) + "\" y=\"" + num(kHeight - 8) +
         "\" text-anchor=\"middle\" font-size=\"12\">" +
         htmlEscape(pick(l, "days (acceptance date to publication date)",
                         "日数（受理日から公表日まで）")) +
         "</text></svg>";
  return out;
}

std::string stagesByQuarterSvg(const core::OperatingStatistics& stats, core::Language l) {
  const auto& quarters = stats.quarters;
  std::uint64_t top = 0;
  for (const auto& q : quarters) top = std::max(top, q.received);
  const double groupWidth = quarters.empty() ? kPlotWidth : double{kPlotWidth} / quarters.size();
  const double barWidth = std::min(groupWidth * 0.6, 48.0);
  const int bottom = kTop + kPlotHeight;
  std::string out =
      svgOpen("stages-by-quarter", pick(l, "Reports received per quarter, by stage now",
                                        "四半期ごとの届出件数（現在の段階別）"));
  out += axes(top);
  for (std::size_t i = 0; i < quarters.size(); ++i) {
    const auto& q = quarters[i];
    const double x = kLeft + i * groupWidth + (groupWidth - barWidth) / 2;
    out += "<g class=\"bar\" data-label=\"" + htmlEscape(q.label) + "\" data-received=\"" +
           std::to_string(q.received) + "\">";
    double y = bottom;
    for (std::size_t s = 0; s < core::kCaseStages.size(); ++s) {
      if (q.byStage[s] == 0) continue;
      const double h = heightOf(q.byStage[s], top);
      y -= h;
      const auto stage = core::kCaseStages[s];
      out += "<rect class=\"segment\" data-stage=\"" + std::string(core::caseStageName(stage)) +
             "\" data-cases=\"" + std::to_string(q.byStage[s]) + "\" x=\"" + num(x) + "\" y=\"" +
             num(y) + "\" width=\"" + num(barWidth) + "\" height=\"" + num(h) + "\" fill=\"" +
             std::string(kStageColours[s]) + "\"><title>" + htmlEscape(q.label) + " " +
             htmlEscape(stageLabel(stage, l)) + ": " + std::to_string(q.byStage[s]) +
             "</title></rect>";
    }
    out += "<text x=\"" + num(x + barWidth / 2) + "\" y=\"" + num(y - 4) +
           "\" text-anchor=\"middle\" font-size=\"11\">" + std::to_string(q.received) + "</text>";
    out += "<text x=\"" + num(x + barWidth / 2) + "\" y=\"" + num(bottom + 16) +
           "\" text-anchor=\"middle\" font-size=\"11\">" + htmlEscape(q.label) + "</text></g>";
  }
  return out + "</svg>";
}

std::string stagesLegendHtml(core::Language l) {
  std::string out = "<ul class=\"legend\">";
  for (std::size_t s = 0; s < core::kCaseStages.size(); ++s) {
    out += "<li><span class=\"swatch\" style=\"background:" + std::string(kStageColours[s]) +
           "\"></span>" + htmlEscape(stageLabel(core::kCaseStages[s], l)) + "</li>";
  }
  return out + "</ul>";
}

}  // namespace cvdd::publication
