#pragma once
// stats.json: the operating statistics as JSON with stable keys, for `cvdctl stats --json`
// and beside the statistics page. The keys (every figure of core/statistics.hpp, whose
// header defines them):
//   period {from, to (exclusive), time_zone}, publication_target_days,
//   total, quarters[], years[]: each {label, from, to, received,
//     by_stage {<caseStageName>: n, every stage}, accepted,
//     stopped {total, by_reason {<stopReasonName>: n, every reason}}, published,
//     cancelled {total, by_reason {<cancelReasonName>: n}},
//     days_to_publication {cases, within_target, share_within_target (0..1 or null),
//                          median (or null), max (or null)},
//     open_past_target,
//     unreachable {listed, resumed, published_after_committee, open},
//     priority_provisions}
//   days_to_publication_histogram [{from, to (null: no bound), cases}] of the total.
// Dates are local "YYYY-MM-DD"; nothing in it names a case.

#include <nlohmann/json.hpp>

#include "core/statistics.hpp"

namespace cvdd::publication {

/// The statistics as the document above. Total.
nlohmann::json statisticsJson(const core::OperatingStatistics& stats);

}  // namespace cvdd::publication
