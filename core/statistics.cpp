#include "core/statistics.hpp"

#include <algorithm>
#include <numeric>

namespace cvdd::core {

namespace {

using namespace std::chrono;

int quarterNumber(CivilDate date) {
  return static_cast<int>(date.year()) * 4 + static_cast<int>(unsigned{date.month()} - 1) / 3;
}

CivilDate quarterStart(int number) {
  return year{number / 4} / month{static_cast<unsigned>(number % 4 * 3 + 1)} / 1;
}

PeriodFigures bucket(std::string label, CivilDate from, CivilDate to,
                     const StatisticsPeriod& period) {
  PeriodFigures figures;
  figures.label = std::move(label);
  figures.from = std::max(sys_days{from}, sys_days{period.from});
  figures.to = std::min(sys_days{to}, sys_days{period.to});
  return figures;
}

std::optional<Timestamp> firstEvent(const CaseWorkflow& workflow, std::string_view command) {
  for (const auto& event : workflow.history) {
    if (event.command == command) return event.at;
  }
  return std::nullopt;
}

template <class Array, class Values, class Value>
void countBy(Array& counts, const Values& values, Value value) {
  const auto it = std::find(values.begin(), values.end(), value);
  if (it != values.end()) ++counts[static_cast<std::size_t>(it - values.begin())];
}

/// When the case stopped being open: published, stopped, cancelled or closed, earliest.
std::optional<Timestamp> endOf(const CaseWorkflow& workflow) {
  std::optional<Timestamp> ended = workflow.publishedAt;
  for (const auto* command : {"stop", "cancel", "close"}) {
    const auto at = firstEvent(workflow, command);
    if (at && (!ended || *at < *ended)) ended = at;
  }
  return ended;
}

bool before(const std::optional<Timestamp>& at, Timestamp end) {
  return at && *at < end;
}

/// Routes an instant to the quarter, the year and the total that hold it.
class Buckets {
 public:
  Buckets(OperatingStatistics& stats, const TimeZone& tz)
      : stats_(stats),
        tz_(tz),
        begin_(startOfLocalDay(stats.period.from, tz)),
        end_(startOfLocalDay(stats.period.to, tz)),
        firstQuarter_(quarterNumber(stats.period.from)),
        firstYear_(static_cast<int>(stats.period.from.year())) {}

  template <class Count>
  void at(const std::optional<Timestamp>& t, Count count) {
    if (!t || *t < begin_ || *t >= end_) return;
    const CivilDate date = localDate(*t, tz_);
    count(stats_.quarters[static_cast<std::size_t>(quarterNumber(date) - firstQuarter_)]);
    count(stats_.years[static_cast<std::size_t>(static_cast<int>(date.year()) - firstYear_)]);
    count(stats_.total);
  }

  /// Every bucket with the instant its stock figures are taken at (its end).
  std::vector<std::pair<PeriodFigures*, Timestamp>> ends() {
    std::vector<std::pair<PeriodFigures*, Timestamp>> out;
    for (auto* list : {&stats_.quarters, &stats_.years}) {
      for (auto& b : *list) out.emplace_back(&b, startOfLocalDay(b.to, tz_));
    }
    out.emplace_back(&stats_.total, end_);
    return out;
  }

 private:
  OperatingStatistics& stats_;
  const TimeZone& tz_;
  Timestamp begin_;
  Timestamp end_;
  int firstQuarter_;
  int firstYear_;
};

void countStocks(const CaseWorkflow& workflow, const TimeZone& tz, int targetDays,
                 const std::vector<std::pair<PeriodFigures*, Timestamp>>& ends) {
  const auto accepted = firstEvent(workflow, "accept");
  const auto ended = endOf(workflow);
  const auto acceptDate = accepted ? std::optional{localDate(*accepted, tz)} : std::nullopt;
  for (const auto& [figures, end] : ends) {
    if (before(ended, end)) continue;
    if (before(accepted, end) && daysBetween(*acceptDate, addDays(figures->to, -1)) > targetDays) {
      ++figures->openPastTarget;
    }
    for (const auto& v : workflow.vendors) {
      const bool resumed = v.reachability == Reachability::Resumed && before(v.lastResponseAt, end);
      if (before(v.unreachableSince, end) && !resumed && !v.handlingEnded) {
        ++figures->unreachable.open;
      }
    }
  }
}

void countFlows(const CaseWorkflow& workflow, const TimeZone& tz, int targetDays,
                Buckets& buckets) {
  const auto accepted = firstEvent(workflow, "accept");
  buckets.at(accepted, [](PeriodFigures& f) { ++f.accepted; });
  buckets.at(firstEvent(workflow, "stop"), [&](PeriodFigures& f) {
    if (workflow.stopReason) countBy(f.stopped, kStopReasons, *workflow.stopReason);
  });
  buckets.at(firstEvent(workflow, "cancel"), [&](PeriodFigures& f) {
    if (workflow.cancelReason) countBy(f.cancelled, kCancelReasons, *workflow.cancelReason);
  });
  std::optional<int> days;
  if (accepted && workflow.publishedAt) {
    days = std::max(0, daysBetween(localDate(*accepted, tz), localDate(*workflow.publishedAt, tz)));
  }
  buckets.at(workflow.publishedAt, [&](PeriodFigures& f) {
    ++f.published;
    if (!days) return;
    f.daysToPublication.push_back(*days);
    if (*days <= targetDays) ++f.publishedWithinTarget;
  });
  for (const auto& v : workflow.vendors) {
    if (!v.unreachableSince) continue;
    buckets.at(v.unreachableSince, [](PeriodFigures& f) { ++f.unreachable.listed; });
    if (v.reachability == Reachability::Resumed) {
      buckets.at(v.lastResponseAt, [](PeriodFigures& f) { ++f.unreachable.resumed; });
    }
    if (v.productsDisclosedAt) {
      buckets.at(v.productsDisclosedAt,
                 [](PeriodFigures& f) { ++f.unreachable.productsDisclosed; });
    }
    if (v.committeeOutcome == CommitteeOutcome::Publish) {
      buckets.at(workflow.publishedAt,
                 [](PeriodFigures& f) { ++f.unreachable.publishedAfterCommittee; });
    }
  }
  for (const auto& provided : workflow.priorityProvisions) {
    buckets.at(provided, [](PeriodFigures& f) { ++f.priorityProvisions; });
  }
}

}  // namespace

std::uint64_t PeriodFigures::stoppedTotal() const {
  return std::accumulate(stopped.begin(), stopped.end(), std::uint64_t{0});
}

std::uint64_t PeriodFigures::cancelledTotal() const {
  return std::accumulate(cancelled.begin(), cancelled.end(), std::uint64_t{0});
}

std::optional<double> PeriodFigures::shareWithinTarget() const {
  if (daysToPublication.empty()) return std::nullopt;
  return static_cast<double>(publishedWithinTarget) / static_cast<double>(daysToPublication.size());
}

std::optional<double> PeriodFigures::medianDaysToPublication() const {
  const auto n = daysToPublication.size();
  if (n == 0) return std::nullopt;
  if (n % 2 == 1) return daysToPublication[n / 2];
  return (daysToPublication[n / 2 - 1] + daysToPublication[n / 2]) / 2.0;
}

std::vector<DaysBin> daysHistogram(std::span<const int> days) {
  std::vector<DaysBin> bins{{0, 15, 0},  {16, 30, 0},  {31, 45, 0},   {46, 60, 0},
                            {61, 90, 0}, {91, 180, 0}, {181, 365, 0}, {366, std::nullopt, 0}};
  for (const int d : days) {
    for (auto& bin : bins) {
      if (d >= bin.from && (!bin.to || d <= *bin.to)) {
        ++bin.cases;
        break;
      }
    }
  }
  return bins;
}

OperatingStatistics operatingStatistics(std::span<const StatisticsCase> cases,
                                        const StatisticsPeriod& period, const TimeZone& tz,
                                        const DeadlinePolicy& policy) {
  OperatingStatistics stats;
  stats.period = period;
  stats.timeZone = tz.name();
  stats.targetDays = policy.publicationTargetDays;
  stats.total = bucket("total", period.from, period.to, period);
  if (sys_days{period.to} <= sys_days{period.from}) {
    stats.histogram = daysHistogram({});
    return stats;
  }
  const CivilDate lastDay = addDays(period.to, -1);
  for (int q = quarterNumber(period.from); q <= quarterNumber(lastDay); ++q) {
    const std::string label = std::to_string(q / 4) + "-Q" + std::to_string(q % 4 + 1);
    stats.quarters.push_back(bucket(label, quarterStart(q), quarterStart(q + 1), period));
  }
  for (int y = static_cast<int>(period.from.year()); y <= static_cast<int>(lastDay.year()); ++y) {
    stats.years.push_back(
        bucket(std::to_string(y), year{y} / January / 1, year{y + 1} / January / 1, period));
  }
  Buckets buckets(stats, tz);
  const auto ends = buckets.ends();
  for (const auto& c : cases) {
    const CaseStage stage = c.workflow ? c.workflow->stage : CaseStage::Received;
    buckets.at(c.receivedAt, [&](PeriodFigures& f) {
      ++f.received;
      countBy(f.byStage, kCaseStages, stage);
    });
    if (!c.workflow) continue;
    countFlows(*c.workflow, tz, policy.publicationTargetDays, buckets);
    countStocks(*c.workflow, tz, policy.publicationTargetDays, ends);
  }
  for (const auto& [figures, end] : ends) {
    std::sort(figures->daysToPublication.begin(), figures->daysToPublication.end());
  }
  stats.histogram = daysHistogram(stats.total.daysToPublication);
  return stats;
}

}  // namespace cvdd::core
