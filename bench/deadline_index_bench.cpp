// The deadline due-time index at scale: N cases' workflows and M scheduled deadlines in a
// fresh LMDB under $TMPDIR, then the daemon's and cvdctl's reads timed. Prints figures;
// never run as a test.
//
//   build-release/bench/deadline_index_bench [--cases 100000] [--deadlines 1000000]
//       [--batch 10000] [--tick 1000] [--ticks 200] [--keep]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "bench/bench_support.hpp"
#include "core/lifecycle.hpp"
#include "core/time_zone.hpp"
#include "store/store.hpp"

namespace {

using namespace std::chrono;
using cvdd::bench::caseId;
using cvdd::bench::millis;
using cvdd::bench::printFile;
using cvdd::bench::printRssNow;
using cvdd::bench::printStats;
using cvdd::bench::statsOf;
using cvdd::core::CaseWorkflow;
using cvdd::core::Deadline;
using cvdd::core::DeadlineKind;
using cvdd::core::Timestamp;
using cvdd::store::Store;

struct Options {
  std::size_t cases = 100'000;
  std::size_t deadlines = 1'000'000;
  std::size_t batch = 10'000;
  std::size_t tick = 1'000;
  std::size_t ticks = 200;
  bool keep = false;
};

Options parseOptions(int argc, char** argv) {
  Options o;
  cvdd::bench::Args args(argc, argv);
  for (auto arg = args.next(); !arg.empty(); arg = args.next()) {
    if (arg == "--cases") {
      o.cases = args.number();
    } else if (arg == "--deadlines") {
      o.deadlines = args.number();
    } else if (arg == "--batch") {
      o.batch = args.number();
    } else if (arg == "--tick") {
      o.tick = args.number();
    } else if (arg == "--ticks") {
      o.ticks = args.number();
    } else if (arg == "--keep") {
      o.keep = true;
    } else {
      throw std::invalid_argument("unknown option " + std::string(arg));
    }
  }
  if (o.cases == 0 || o.batch == 0 || o.tick == 0)
    throw std::invalid_argument("--cases, --batch and --tick must be positive");
  return o;
}

/// A small but real workflow: accepted, two vendors, summaries out, one asked for details.
CaseWorkflow templateWorkflow(const cvdd::core::TimeZone& tz,
                              const cvdd::core::DeadlinePolicy& policy) {
  using namespace cvdd::core::command;
  CaseWorkflow wf;
  wf.caseId = caseId(0);
  const Timestamp now = sys_days{2026y / 1 / 5} + hours{1};
  return cvdd::bench::applyCommands(
      std::move(wf),
      {
          {now, Accept{}},
          {now, AddVendor{"acme", {"mail:psirt@acme.example", "phone:+81-3-0000-0000"}, true}},
          {now, AddVendor{"beta", {"mail:security@beta.example"}, true}},
          {now, SendSummary{"acme"}},
          {now, SendSummary{"beta"}},
          {now, VendorRequestedDetails{"acme"}},
          {now, SendDetails{"acme", false}},
      },
      tz, policy);
}

constexpr DeadlineKind kKinds[] = {
    DeadlineKind::PublicationTarget, DeadlineKind::UnresponsiveReminder,
    DeadlineKind::Unreachable,       DeadlineKind::CoordinationImpossible,
    DeadlineKind::NonDisclosureEnd,  DeadlineKind::PublicationReminder,
    DeadlineKind::PublicationDue};

int run(const Options& o) {
  const std::filesystem::path pattern = cvdd::bench::makeTempDir("cvdd-deadline-bench");
  const std::filesystem::path dir = pattern / "state";

  const auto tz = cvdd::core::TimeZone::fixed("Asia/Tokyo", hours{9});
  const cvdd::core::DeadlinePolicy policy;
  const CaseWorkflow wfTemplate = templateWorkflow(tz, policy);
  std::printf("store %s\ncases %zu, deadlines %zu, batch %zu, tick %zu x %zu\n", dir.c_str(),
              o.cases, o.deadlines, o.batch, o.tick, o.ticks);

  Store store = Store::open(dir, std::size_t{16} << 30);

  // 1. Workflows, batch commits.
  auto start = steady_clock::now();
  for (std::size_t done = 0; done < o.cases;) {
    auto txn = store.write();
    for (const std::size_t end = std::min(o.cases, done + o.batch); done < end; ++done) {
      CaseWorkflow wf = wfTemplate;
      wf.caseId = caseId(done);
      txn.putWorkflow(wf);
    }
    txn.commit();
  }
  const double workflowMs = millis(steady_clock::now() - start);
  std::printf("put workflows:                       %8.0f ms (%.1f us/workflow)\n", workflowMs,
              workflowMs * 1000 / static_cast<double>(o.cases));

  // 2. Deadlines spread over a year from 2026-01-01, every case its share, each unique by
  // vendor id within its case.
  std::mt19937_64 random(42);
  std::uniform_int_distribution<int> dayOf(0, 364);
  const sys_days first{2026y / 1 / 1};
  start = steady_clock::now();
  for (std::size_t done = 0; done < o.deadlines;) {
    auto txn = store.write();
    for (const std::size_t end = std::min(o.deadlines, done + o.batch); done < end; ++done) {
      const std::size_t perCase = done / o.cases;  // the how-many-th deadline of its case
      const sys_days day = first + days{dayOf(random)};
      Deadline d;
      d.kind = kKinds[perCase % std::size(kKinds)];
      d.vendorId = "vendor" + std::to_string(perCase);
      d.date = year_month_day{day};
      d.due = day - hours{9};
      txn.scheduleDeadline(caseId(done % o.cases), d);
    }
    txn.commit();
  }
  const double scheduleMs = millis(steady_clock::now() - start);
  std::printf("schedule deadlines:                  %8.0f ms (%.1f us/deadline)\n", scheduleMs,
              scheduleMs * 1000 / static_cast<double>(o.deadlines));
  std::printf("scheduled:                           %8zu\n", store.read().scheduledDeadlineCount());
  printFile("data.mdb after loading:", dir / "data.mdb");
  printRssNow("after loading:");

  // 3. The timer: when is the next one due (one cursor step).
  {
    std::vector<double> next;
    for (int i = 0; i < 1000; ++i) {
      const auto t0 = steady_clock::now();
      auto txn = store.read();
      (void)txn.nextDeadline();
      next.push_back(millis(steady_clock::now() - t0));
    }
    std::printf("timer:\n");
    printStats("read txn + nextDeadline()", statsOf(next));
  }

  // 4. Firing after downtime: everything is due; take `tick` at a time, remove them and
  // commit (fsync included), as the daemon's firing path does.
  {
    const Timestamp now = sys_days{2027y / 1 / 1};
    std::vector<double> find, remove, commit, total;
    std::size_t fired = 0;
    for (std::size_t tick = 0; tick < o.ticks; ++tick) {
      const auto t0 = steady_clock::now();
      auto txn = store.write();
      const auto due = txn.dueDeadlines(now, o.tick);
      const auto t1 = steady_clock::now();
      if (due.empty()) break;
      for (const auto& s : due) txn.removeDueDeadline(s.caseId, s.deadline.key());
      const auto t2 = steady_clock::now();
      txn.commit();
      const auto t3 = steady_clock::now();
      fired += due.size();
      find.push_back(millis(t1 - t0));
      remove.push_back(millis(t2 - t1));
      commit.push_back(millis(t3 - t2));
      total.push_back(millis(t3 - t0));
    }
    std::printf("fire %zu due in %zu ticks of %zu:\n", fired, find.size(), o.tick);
    printStats("dueDeadlines(now, tick)", statsOf(find));
    printStats("removeDueDeadline x tick", statsOf(remove));
    printStats("commit (fsync)", statsOf(commit));
    printStats("whole tick", statsOf(total));
    std::printf("scheduled after firing:              %8zu\n",
                store.read().scheduledDeadlineCount());
  }

  // 5. One case's deadlines (cvdctl case show).
  {
    std::vector<double> ofCase;
    std::uniform_int_distribution<std::size_t> anyCase(0, o.cases - 1);
    auto txn = store.read();
    for (int i = 0; i < 10'000; ++i) {
      const std::string id = caseId(anyCase(random));
      const auto t0 = steady_clock::now();
      (void)txn.deadlinesOfCase(id);
      ofCase.push_back(millis(steady_clock::now() - t0));
    }
    std::printf("deadlines of one case:\n");
    printStats("deadlinesOfCase(id)", statsOf(ofCase));
  }

  // 6. What `cvdctl case list` reads: every workflow, decoded.
  {
    std::vector<double> list;
    std::size_t count = 0;
    for (int i = 0; i < 3; ++i) {
      const auto t0 = steady_clock::now();
      auto txn = store.read();
      const auto all = txn.listWorkflows();
      list.push_back(millis(steady_clock::now() - t0));
      count = all.size();
      if (i == 0) printRssNow("holding every workflow:");
    }
    std::printf("list all %zu workflows (3 runs):\n", count);
    printStats("listWorkflows()", statsOf(list));
  }

  printFile("data.mdb at the end:", dir / "data.mdb");
  std::printf("peak RSS:                            %8.1f MiB\n",
              static_cast<double>(cvdd::bench::peakRssKiB()) / 1024);

  if (!o.keep) {
    std::error_code ec;
    std::filesystem::remove_all(pattern, ec);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parseOptions(argc, argv));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "deadline_index_bench: %s\n", e.what());
    return 1;
  }
}
