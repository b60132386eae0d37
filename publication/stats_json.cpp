#include "publication/stats_json.hpp"

namespace cvdd::publication {

namespace {

template <class Reasons, class Counts, class Name>
nlohmann::json byReason(const Reasons& reasons, const Counts& counts, Name name) {
  nlohmann::json out = nlohmann::json::object();
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    out[std::string(name(reasons[i]))] = counts[i];
    total += counts[i];
  }
  return {{"total", total}, {"by_reason", std::move(out)}};
}

nlohmann::json orNull(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json figuresJson(const core::PeriodFigures& f) {
  nlohmann::json stages = nlohmann::json::object();
  for (std::size_t i = 0; i < core::kCaseStages.size(); ++i) {
    stages[std::string(core::caseStageName(core::kCaseStages[i]))] = f.byStage[i];
  }
  const auto& days = f.daysToPublication;
  return {
      {"label", f.label},
      {"from", core::formatDate(f.from)},
      {"to", core::formatDate(f.to)},
      {"received", f.received},
      {"by_stage", std::move(stages)},
      {"accepted", f.accepted},
      {"stopped", byReason(core::kStopReasons, f.stopped, core::stopReasonName)},
      {"published", f.published},
      {"cancelled", byReason(core::kCancelReasons, f.cancelled, core::cancelReasonName)},
      {"days_to_publication",
       {{"cases", days.size()},
        {"within_target", f.publishedWithinTarget},
        {"share_within_target", orNull(f.shareWithinTarget())},
        {"median", orNull(f.medianDaysToPublication())},
        {"max", days.empty() ? nlohmann::json(nullptr) : nlohmann::json(days.back())}}},
      {"open_past_target", f.openPastTarget},
      {"unreachable",
       {{"listed", f.unreachable.listed},
        {"resumed", f.unreachable.resumed},
        {"products_disclosed", f.unreachable.productsDisclosed},
        {"published_after_committee", f.unreachable.publishedAfterCommittee},
        {"open", f.unreachable.open}}},
      {"priority_provisions", f.priorityProvisions},
  };
}

nlohmann::json listJson(const std::vector<core::PeriodFigures>& buckets) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& b : buckets) out.push_back(figuresJson(b));
  return out;
}

}  // namespace

nlohmann::json statisticsJson(const core::OperatingStatistics& stats) {
  nlohmann::json histogram = nlohmann::json::array();
  for (const auto& bin : stats.histogram) {
    histogram.push_back({{"from", bin.from},
                         {"to", bin.to ? nlohmann::json(*bin.to) : nlohmann::json(nullptr)},
                         {"cases", bin.cases}});
  }
  return {
      {"period",
       {{"from", core::formatDate(stats.period.from)},
        {"to", core::formatDate(stats.period.to)},
        {"time_zone", stats.timeZone}}},
      {"publication_target_days", stats.targetDays},
      {"total", figuresJson(stats.total)},
      {"quarters", listJson(stats.quarters)},
      {"years", listJson(stats.years)},
      {"days_to_publication_histogram", std::move(histogram)},
  };
}

}  // namespace cvdd::publication
