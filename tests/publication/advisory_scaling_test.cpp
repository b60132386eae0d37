// The advisory of a case costs linear time in its vendors: every vendor row and page reads
// the case's history and the registry, so a per-vendor scan of either would be quadratic.
// 4 times the vendors (with 4 times the history) may cost at most 6 times as much, where a
// quadratic step costs 16. As tests/parsers/scaling_test.cpp: only ratios, the fastest of up
// to 3 alternating timings in this thread's CPU time, each repeated to about 50 ms, and
// ctest runs it alone (RUN_SERIAL).

#include <gtest/gtest.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "publication/advisory.hpp"
#include "tests/core/workflow_fixture.hpp"

namespace cvdd::publication {
namespace {

using namespace std::chrono;

constexpr double kMaxRatio = 6.0;

/// A published case with n vendors given the details, each with a statement, a registry
/// entry with two products, and the history lines the lifecycle writes for them.
PublishedCase caseWithVendors(int n) {
  PublishedCase c;
  c.caseId = "CVD#20269999";
  c.report.title = "A vulnerability shared by many vendors";
  c.report.summary = "Many products embed the same library.";
  auto& wf = c.workflow;
  wf.caseId = c.caseId;
  wf.stage = core::CaseStage::Published;
  const auto day0 = sys_days{2026y / 1 / 5} + hours{1};
  wf.publishedAt = day0 + days{60};
  for (int i = 0; i < n; ++i) {
    const std::string id = "vendor-" + std::to_string(i);
    core::VendorParticipant v;
    v.vendorId = id;
    v.phase = core::VendorPhase::StatementGiven;
    v.publicStatus = core::kPublicStatuses[static_cast<std::size_t>(i) % 5];
    v.comment = "Statement of vendor " + std::to_string(i) + " <with> markup & more.";
    v.advisoryUrl = "https://" + id + ".example/advisory";
    wf.vendors.push_back(v);
    wf.history.push_back({day0 + minutes{i}, "operator:alice", "send-details", "details to " + id});
    wf.history.push_back(
        {day0 + days{5} + minutes{i}, "vendor:" + id, "vendor-statement",
         "vendor " + id + ": " + std::string(core::publicStatusName(*v.publicStatus))});
    store::VendorRecord r;
    r.id = id;
    r.organisation = "Organisation " + std::to_string(i);
    r.products = {"Product A " + std::to_string(i), "Product B " + std::to_string(i)};
    c.registry.push_back(std::move(r));
  }
  return c;
}

/// Everything the site renders for the case in one language.
std::size_t renderAll(const PublishedCase& c) {
  const auto& tz = core::testing::tokyo();
  std::size_t bytes = renderAdvisoryHtml(c, {}, core::Language::English, tz).size() +
                      renderAdvisoryMarkdown(c, {}, core::Language::English, tz).size();
  for (const auto& page : renderVendorPages(c, core::Language::English, tz))
    bytes += page.html.size();
  return bytes;
}

double threadSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double timed(const PublishedCase& c, int repeat) {
  const double start = threadSeconds();
  std::size_t sink = 0;
  for (int i = 0; i < repeat; ++i) sink += renderAll(c);
  EXPECT_GT(sink, 0u);
  return threadSeconds() - start;
}

TEST(Scaling, AdvisoryVendors) {
  const auto small = caseWithVendors(200);
  const auto large = caseWithVendors(800);
  const double first = timed(small, 1);
  const int repeat = static_cast<int>(std::clamp(std::ceil(0.05 / first), 1.0, 1000.0));
  double smallSeconds = std::numeric_limits<double>::infinity();
  double largeSeconds = std::numeric_limits<double>::infinity();
  for (int run = 0; run < 3; ++run) {
    smallSeconds = std::min(smallSeconds, timed(small, repeat));
    largeSeconds = std::min(largeSeconds, timed(large, repeat));
    if (largeSeconds <= kMaxRatio * smallSeconds) break;
  }
  EXPECT_LE(largeSeconds / smallSeconds, kMaxRatio)
      << "200 vendors: " << smallSeconds / repeat * 1e3
      << " ms, 800 vendors: " << largeSeconds / repeat * 1e3 << " ms";
  RecordProperty("ms_200_vendors", std::to_string(smallSeconds / repeat * 1e3));
  RecordProperty("ms_800_vendors", std::to_string(largeSeconds / repeat * 1e3));
}

}  // namespace
}  // namespace cvdd::publication
