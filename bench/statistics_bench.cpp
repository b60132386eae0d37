// The operating statistics over N synthetic workflows (default 100 000) across five years
// in Tokyo: core::operatingStatistics per run (mean, median, p99, max over the runs), then
// stats.json and both statistics pages once. Run by hand:
//   build/bench/statistics_bench [-n 100000] [--runs 10]

#include <cstdlib>
#include <iostream>
#include <random>
#include <string>

#include "bench/bench_support.hpp"
#include "core/statistics.hpp"
#include "publication/stats_json.hpp"
#include "publication/stats_page.hpp"

using namespace cvdd;
using namespace std::chrono;

namespace {

core::Timestamp jst(sys_days day, int hour) {
  return core::Timestamp{day} + hours{hour - 9};
}

/// A case received on `day`: about one in ten stopped, the rest accepted; of those most
/// published after 5-400 days, some cancelled, some left open, a few with an unreachable
/// vendor (some resumed, some published after the committee) and priority provisions.
core::CaseWorkflow synthetic(std::size_t i, sys_days day, std::mt19937& rng) {
  core::CaseWorkflow wf;
  wf.caseId = bench::caseId(i);
  const auto at = [&](int afterDays) { return jst(day + days{afterDays}, 10); };
  auto event = [&](int afterDays, const char* command) {
    wf.history.push_back({at(afterDays), "operator:bench", command, ""});
  };
  event(0, "note");
  const unsigned roll = rng() % 100;
  if (roll < 10) {
    event(1, "stop");
    wf.stage = core::CaseStage::Stopped;
    wf.stopReason = core::kStopReasons[rng() % core::kStopReasons.size()];
    return wf;
  }
  event(1, "accept");
  core::VendorParticipant vendor;
  vendor.vendorId = "v" + std::to_string(rng() % 5000);
  vendor.startedAt = at(2);
  for (int k = 0; k < 6; ++k) event(2 + k, "contact-attempt");
  if (roll < 15) {
    vendor.unreachableSince = at(95);
    vendor.reachability =
        rng() % 3 == 0 ? core::Reachability::Resumed : core::Reachability::Unreachable;
    if (vendor.reachability == core::Reachability::Resumed) vendor.lastResponseAt = at(150);
    if (rng() % 4 == 0) vendor.committeeOutcome = core::CommitteeOutcome::Publish;
  }
  wf.vendors.push_back(vendor);
  if (roll < 20) {
    event(60, "cancel");
    wf.stage = core::CaseStage::PublicationCancelled;
    wf.cancelReason = core::kCancelReasons[rng() % core::kCancelReasons.size()];
  } else if (roll < 90) {
    const int after = 5 + static_cast<int>(rng() % 400);
    if (rng() % 3 == 0) wf.priorityProvisions.push_back(at(after - 2));
    wf.publishedAt = at(after);
    event(after, "publish");
    wf.stage = core::CaseStage::Published;
  } else {
    wf.stage = core::CaseStage::Coordinating;
  }
  return wf;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t n = 100000;
  int runs = 10;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    if (arg == "-n") n = std::strtoul(argv[i + 1], nullptr, 10);
    if (arg == "--runs") runs = std::atoi(argv[i + 1]);
  }
  std::mt19937 rng(42);
  const sys_days first = sys_days{2021y / 1 / 1};
  std::vector<core::CaseWorkflow> workflows;
  std::vector<core::StatisticsCase> cases;
  workflows.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const sys_days day = first + days{static_cast<int>(i * 1826 / n)};  // five years
    workflows.push_back(synthetic(i, day, rng));
  }
  for (std::size_t i = 0; i < n; ++i) {
    cases.push_back({jst(first + days{static_cast<int>(i * 1826 / n)}, 9), &workflows[i]});
  }
  const auto tz = core::TimeZone::fixed("Asia/Tokyo", hours{9});
  const core::DeadlinePolicy policy;
  const core::StatisticsPeriod period{2021y / 1 / 1, 2026y / 1 / 1};
  std::cout << "statistics over " << n << " workflows, 2021-2025 (20 quarters, 5 years)\n";
  std::vector<double> times;
  core::OperatingStatistics stats;
  for (int r = 0; r < runs; ++r) {
    const auto start = steady_clock::now();
    stats = core::operatingStatistics(cases, period, tz, policy);
    times.push_back(bench::millis(steady_clock::now() - start));
  }
  bench::printStats("operatingStatistics", bench::statsOf(times));
  auto start = steady_clock::now();
  const std::string json = publication::statisticsJson(stats).dump(2);
  const double jsonMs = bench::millis(steady_clock::now() - start);
  start = steady_clock::now();
  const std::string en = publication::renderStatisticsPage(stats, core::Language::English);
  const std::string ja = publication::renderStatisticsPage(stats, core::Language::Japanese);
  const double pageMs = bench::millis(steady_clock::now() - start);
  std::cout << "  stats.json " << json.size() << " bytes in " << jsonMs << " ms; pages en "
            << en.size() << " + ja " << ja.size() << " bytes in " << pageMs << " ms\n"
            << "  received " << stats.total.received << ", published " << stats.total.published
            << ", within " << stats.targetDays << " days " << stats.total.publishedWithinTarget
            << ", open past target at the end " << stats.total.openPastTarget << "\n";
  return 0;
}
