#pragma once
// The statistics page's two inline SVG charts (see stats_page.hpp).

#include <string>

#include "core/language.hpp"
#include "core/statistics.hpp"

namespace cvdd::publication {

/// <svg id="days-histogram">: one <rect class="bar" data-from data-to data-cases> per
/// histogram bin (empty bins too, at height 0) and one <line class="target-line"
/// data-days> at the target. Total.
std::string daysHistogramSvg(const core::OperatingStatistics& stats, core::Language language);

/// <svg id="stages-by-quarter">: one <g class="bar" data-label data-received> per quarter,
/// holding a <rect class="segment" data-stage data-cases> per stage with cases. Total.
std::string stagesByQuarterSvg(const core::OperatingStatistics& stats, core::Language language);

/// The stacked chart's legend: a <ul class="legend"> with each stage's colour and label.
std::string stagesLegendHtml(core::Language language);

}  // namespace cvdd::publication
