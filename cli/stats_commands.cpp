// `cvdctl stats`: the operating statistics (issue 12 item 5, seed 000 ch.1) over a period
// of local days, per quarter and year, as a table or as stats.json. Reads every case
// summary and every workflow once, in one read transaction.

#include <cmath>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/commands.hpp"
#include "core/calendar.hpp"
#include "core/statistics.hpp"
#include "daemon/time_zone_loader.hpp"
#include "publication/statistics_source.hpp"
#include "publication/stats_json.hpp"

namespace cvdd::cli {

namespace {

using namespace std::chrono;

struct StatsOptions {
  std::string from;
  std::string to;
};

core::CivilDate dateOption(const std::string& text, const char* name) {
  const auto date = core::parseDate(text);
  if (!date) throw CommandError(2, std::string(name) + ": not a date YYYY-MM-DD: " + text);
  return *date;
}

core::OperatingStatistics computeStatistics(Context& ctx, const StatsOptions& options) {
  auto zone = daemon::loadTimeZone(ctx.config().coordinator.timezone);
  if (!zone) throw CommandError(2, "[coordinator] timezone: " + zone.error().what);
  auto txn = ctx.store().read();
  const auto read = publication::readStatisticsCases(txn);
  auto period = publication::defaultStatisticsPeriod(read.earliest, ctx.now(), *zone);
  if (!options.from.empty()) period.from = dateOption(options.from, "--from");
  if (!options.to.empty()) period.to = dateOption(options.to, "--to");
  if (sys_days{period.to} <= sys_days{period.from}) {
    throw CommandError(2, "--to " + core::formatDate(period.to) + " is not after --from " +
                              core::formatDate(period.from) + " (--to is the first day left out)");
  }
  return core::operatingStatistics(read.cases, period, *zone, ctx.config().deadlines);
}

std::string percent(const core::PeriodFigures& f) {
  const auto share = f.shareWithinTarget();
  return share ? std::to_string(std::lround(*share * 100)) + "%" : "-";
}

void printTable(const core::OperatingStatistics& s) {
  const std::string target = std::to_string(s.targetDays);
  std::cout << "Operating statistics " << core::formatDate(s.period.from) << " .. "
            << core::formatDate(core::addDays(s.period.to, -1)) << " (" << s.timeZone
            << "), publication target " << target << " days\n\n";
  const std::vector<std::string> heads{
      "period",     "received",    "accepted",          "stopped",
      "published",  "cancelled",   "<=" + target + "d", "open>" + target + "d",
      "unr-listed", "unr-resumed", "unr-products",      "unr-committee",
      "unr-open",   "priority"};
  std::ostringstream out;
  out << std::left << std::setw(9) << heads[0] << std::right;
  for (std::size_t i = 1; i < heads.size(); ++i)
    out << " " << std::setw(static_cast<int>(std::max<std::size_t>(heads[i].size(), 8)))
        << heads[i];
  out << "\n";
  auto row = [&](const core::PeriodFigures& f) {
    const std::vector<std::string> cells{std::to_string(f.received),
                                         std::to_string(f.accepted),
                                         std::to_string(f.stoppedTotal()),
                                         std::to_string(f.published),
                                         std::to_string(f.cancelledTotal()),
                                         std::to_string(f.publishedWithinTarget) + " " + percent(f),
                                         std::to_string(f.openPastTarget),
                                         std::to_string(f.unreachable.listed),
                                         std::to_string(f.unreachable.resumed),
                                         std::to_string(f.unreachable.productsDisclosed),
                                         std::to_string(f.unreachable.publishedAfterCommittee),
                                         std::to_string(f.unreachable.open),
                                         std::to_string(f.priorityProvisions)};
    out << std::left << std::setw(9) << f.label << std::right;
    for (std::size_t i = 0; i < cells.size(); ++i)
      out << " " << std::setw(static_cast<int>(std::max<std::size_t>(heads[i + 1].size(), 8)))
          << cells[i];
    out << "\n";
  };
  for (const auto& q : s.quarters) row(q);
  for (const auto& y : s.years) row(y);
  row(s.total);
  std::cout << out.str() << "\nStopped (not accepted), by reason:\n";
  for (std::size_t i = 0; i < core::kStopReasons.size(); ++i)
    std::cout << "  " << std::left << std::setw(32) << core::stopReasonName(core::kStopReasons[i])
              << std::right << std::setw(8) << s.total.stopped[i] << "\n";
  std::cout << "Publication cancelled, by reason:\n";
  for (std::size_t i = 0; i < core::kCancelReasons.size(); ++i)
    std::cout << "  " << std::left << std::setw(32)
              << core::cancelReasonName(core::kCancelReasons[i]) << std::right << std::setw(8)
              << s.total.cancelled[i] << "\n";
  const auto& days = s.total.daysToPublication;
  std::cout << "Days from acceptance to publication: " << days.size() << " cases";
  if (!days.empty())
    std::cout << ", median " << *s.total.medianDaysToPublication() << ", max " << days.back()
              << ", within " << target << " days " << s.total.publishedWithinTarget << " ("
              << percent(s.total) << ")";
  std::cout << "\n";
  for (const auto& bin : s.histogram) {
    const std::string range =
        std::to_string(bin.from) + (bin.to ? "-" + std::to_string(*bin.to) : "+");
    std::cout << "  " << std::left << std::setw(10) << range << std::right << std::setw(8)
              << bin.cases << "\n";
  }
}

}  // namespace

void addStatsCommand(CLI::App& app, Context& ctx) {
  auto options = std::make_shared<StatsOptions>();
  auto* stats = app.add_subcommand(
      "stats", "operating statistics per quarter and year (seed 000 ch.1), local days");
  stats->add_option("--from", options->from,
                    "first day counted, YYYY-MM-DD (default: the quarter of the first case)");
  stats->add_option("--to", options->to, "first day NOT counted, YYYY-MM-DD (default: tomorrow)");
  stats->add_flag("--json", ctx.json, "print stats.json");
  stats->callback([&ctx, options] {
    const auto s = computeStatistics(ctx, *options);
    if (ctx.json) {
      std::cout << publication::statisticsJson(s).dump(2) << "\n";
      return;
    }
    printTable(s);
  });
}

}  // namespace cvdd::cli
