// The published site for N published cases (default 10 000; plus N/10 stopped and N/10
// scheduled ones it must skip) in a real LMDB store: the full publication (read and render,
// then the atomic write) and, after one vendor's status change on one case, what the daemon
// renders then (that case and the site-wide files, updated in place; as cvdctl publish
// --case) against a full one. Each figure over --runs runs (mean, median,
// p99, max). Run by hand:
//   build/bench/publish_bench [-n 10000] [--runs 3]

#include <cstdio>
#include <string>

#include "bench/bench_support.hpp"
#include "core/time_zone.hpp"
#include "publication/site.hpp"
#include "publication/site_writer.hpp"
#include "store/site_changes.hpp"
#include "store/store.hpp"

using namespace cvdd;
using namespace std::chrono;
using bench::millis;

namespace {

constexpr std::size_t kVendors = 500;
constexpr sys_days kFirstDay{2024y / 1 / 1};

store::VendorRecord vendorRecord(std::size_t v) {
  store::VendorRecord r;
  r.id = "v" + std::to_string(v);
  r.organisation = "Vendor " + std::to_string(v) + " Corporation";
  r.products = {"Product " + std::to_string(v) + " Server",
                "Product " + std::to_string(v) + " Cloud"};
  r.contacts.push_back({"psirt@" + r.id + ".example", "PSIRT", std::nullopt});
  return r;
}

core::VendorParticipant stated(std::size_t v, core::PublicStatus status, core::Timestamp at) {
  core::VendorParticipant p;
  p.vendorId = "v" + std::to_string(v % kVendors);
  p.phase = core::VendorPhase::StatementGiven;
  p.reachability = core::Reachability::Answered;
  p.publicStatus = status;
  p.comment = "Fixed in version 2." + std::to_string(v % 10) + ".";
  p.advisoryUrl = "https://" + p.vendorId + ".example/sa/" + std::to_string(v);
  p.fixAvailable = status == core::PublicStatus::Affected;
  p.startedAt = at;
  p.lastResponseAt = at;
  return p;
}

/// Case i: received on day i/10 after kFirstDay; one in 12 stopped, one in 12 scheduled,
/// the rest published 40 days later with three vendors' statements.
void putCase(store::WriteTxn& txn, std::size_t i) {
  const auto received = core::Timestamp{kFirstDay + days{i / 10}} + hours{1};
  core::Case c;
  c.id = bench::caseId(i);
  c.reporter = "reporter" + std::to_string(i) + "@example.org";
  c.subject = "SQL injection in product " + std::to_string(i % 997);
  c.receivedAt = received;
  c.language = i % 2 ? core::Language::Japanese : core::Language::English;
  txn.putCase(c);
  store::CaseReport report;
  report.caseId = c.id;
  report.title = "SQL injection in Product " + std::to_string(i % kVendors) + " Server";
  report.summary = "An unauthenticated attacker can read the product's database.";
  report.solution = "Update to the fixed version.";
  report.cves = {"CVE-2026-" + std::to_string(10000 + i)};
  report.cvssVector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N";
  txn.putReport(report);
  core::CaseWorkflow wf;
  wf.caseId = c.id;
  wf.history.push_back({received, "operator:bench", "accept", ""});
  for (std::size_t k = 0; k < 3; ++k)
    wf.vendors.push_back(
        stated(i + k * 37, k == 1 ? core::PublicStatus::NotAffected : core::PublicStatus::Affected,
               received + days{10}));
  const auto kind = i % 12;
  if (kind == 0) {
    wf.stage = core::CaseStage::Stopped;
    wf.stopReason = core::StopReason::OutOfScope;
  } else if (kind == 1) {
    wf.stage = core::CaseStage::PublicationScheduled;
    wf.publicationDate = core::CivilDate{kFirstDay + days{i / 10 + 60}};
  } else {
    wf.stage = core::CaseStage::Published;
    wf.publishedAt = received + days{40};
    wf.history.push_back({*wf.publishedAt, "operator:bench", "publish", ""});
  }
  txn.putWorkflow(wf);
}

struct Figures {
  std::vector<double> build, write;
};

void printRun(const char* what, const Figures& f) {
  std::vector<double> total;
  for (std::size_t i = 0; i < f.build.size(); ++i) total.push_back(f.build[i] + f.write[i]);
  std::printf("%s\n", what);
  bench::printStats("  read+render", bench::statsOf(f.build));
  bench::printStats("  atomic write", bench::statsOf(f.write));
  bench::printStats("  total", bench::statsOf(total));
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t published = 10000;
  int runs = 3;
  bench::Args args(argc, argv);
  for (auto arg = args.next(); !arg.empty(); arg = args.next()) {
    if (arg == "-n") published = args.number();
    if (arg == "--runs") runs = static_cast<int>(args.number());
  }
  // One case in 12 stopped, one scheduled: N published need N * 12 / 10 cases.
  const std::size_t cases = published * 12 / 10;
  const auto dir = bench::makeTempDir("cvdd-publish-bench");
  const auto zone = core::TimeZone::fixed("Asia/Tokyo", hours{9});
  publication::SiteSettings settings{
      "Bench CERT", "https://cvd.bench.example", "https://cvd.bench.example", &zone,
      {},           "vendors@bench.example"};
  const core::Timestamp now{kFirstDay + days{cases / 10 + 100}};
  {
    auto store = store::Store::open(dir / "db", std::size_t{8} << 30);
    const auto t0 = steady_clock::now();
    {
      auto txn = store.write();
      for (std::size_t v = 0; v < kVendors; ++v) txn.putVendor(vendorRecord(v));
      for (std::size_t i = 0; i < cases; ++i) putCase(txn, i);
      txn.commit();
    }
    std::printf("state: %zu cases, %zu vendors, written in %.0f ms\n", cases, kVendors,
                millis(steady_clock::now() - t0));

    Figures full;
    publication::SiteWrite wrote;
    std::size_t publishedCases = 0;
    for (int r = 0; r < runs; ++r) {
      const auto t1 = steady_clock::now();
      auto built = publication::buildSite(store.read(), settings, now);
      const auto t2 = steady_clock::now();
      wrote = publication::writeSiteAtomically(dir / "site", built.site);
      full.build.push_back(millis(t2 - t1));
      full.write.push_back(millis(steady_clock::now() - t2));
      publishedCases = built.publishedCases;
      if (!built.problems.empty()) std::printf("problem: %s\n", built.problems.front().c_str());
    }
    std::printf("site: %zu published cases, %zu files, %.1f MiB\n", publishedCases, wrote.written,
                static_cast<double>(wrote.bytes) / (1 << 20));
    printRun("full publication (cvdctl publish)", full);

    Figures partial, fullAfter;
    publication::SiteWrite partialWrote;
    for (int r = 0; r < runs; ++r) {
      // One vendor of one published case changes its status after publication.
      const std::string id = bench::caseId(5 + 12 * static_cast<std::size_t>(r));
      const auto rendered = store.read().counter(store::kSiteChangesCounter);
      {
        auto txn = store.write();
        auto wf = *txn.getWorkflow(id);
        const auto at = *wf.publishedAt + days{3 + r};
        wf.vendors[1].publicStatus = core::PublicStatus::Affected;
        wf.history.push_back({at, "vendor:" + wf.vendors[1].vendorId, "vendor-statement", ""});
        txn.putWorkflow(wf);
        txn.commit();
      }
      const auto t1 = steady_clock::now();
      // What the daemon renders after that change (and cvdctl publish --case ID).
      auto txn = store.read();
      auto built =
          publication::buildCasesSite(txn, settings, txn.siteCasesChangedAfter(rendered), now);
      const auto t2 = steady_clock::now();
      partialWrote = publication::writeSiteAtomically(dir / "site", built.site);
      partial.build.push_back(millis(t2 - t1));
      partial.write.push_back(millis(steady_clock::now() - t2));

      const auto t3 = steady_clock::now();
      auto all = publication::buildSite(store.read(), settings, now);
      const auto t4 = steady_clock::now();
      publication::writeSiteAtomically(dir / "site", all.site);
      fullAfter.build.push_back(millis(t4 - t3));
      fullAfter.write.push_back(millis(steady_clock::now() - t4));
    }
    std::printf("one status change: %zu files written in place\n", partialWrote.written);
    printRun("  the changed case and the indexes (cvdd after a change; cvdctl publish --case)",
             partial);
    printRun("  regenerated whole (cvdctl publish; cvdd at start and reload)", fullAfter);
    std::printf("peak RSS %ld MiB\n", bench::peakRssKiB() / 1024);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
