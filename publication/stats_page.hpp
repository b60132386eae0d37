#pragma once
// stats/index.html and index.ja.html: the operating statistics as one standalone page —
// tables and two inline SVG charts, no JavaScript, no external resource. The charts: a
// histogram of days from acceptance to publication (bars per core::daysHistogram bin, a
// vertical line at the target days) and the reports received per quarter stacked by the
// stage they are in now. The markup is well-formed XML (polyglot HTML5), every text is
// escaped, and the chart elements carry data-* attributes with the figures they draw, so
// tests and scripts can read them back.

#include <string>

#include "core/language.hpp"
#include "core/statistics.hpp"

namespace cvdd::publication {

/// The page in `language`; it links to its other-language twin (index.html /
/// index.ja.html) and to stats.json beside it. Total.
std::string renderStatisticsPage(const core::OperatingStatistics& stats, core::Language language);

}  // namespace cvdd::publication
