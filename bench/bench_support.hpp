#pragma once
// Pieces the C++ benchmarks share: timing statistics, file sizes, resident memory, case IDs
// and applying a list of lifecycle commands. Benchmarks print figures; none is a test.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/lifecycle.hpp"

namespace cvdd::bench {

double millis(std::chrono::steady_clock::duration d);

/// "CVD#00000042": the bench's case IDs, in index order.
std::string caseId(std::size_t i);

struct Stats {
  double mean = 0, median = 0, p99 = 0, max = 0;
};

Stats statsOf(std::vector<double> v);
/// One line: "  <what>  mean … median … p99 … max … ms".
void printStats(const char* what, const Stats& s);

/// "<what> <size> MiB (<allocated> MiB allocated)"; nothing when the file is missing.
void printFile(const char* what, const std::filesystem::path& file);

/// Peak resident set of this process, KiB.
long peakRssKiB();
/// Resident memory now, split: LMDB's pages are file-backed (the mapped data.mdb, clean
/// and reclaimable), decoded records are anonymous heap.
void printRssNow(const char* when);

/// A fresh directory under $TMPDIR (or /tmp) named <prefix>-XXXXXX.
std::filesystem::path makeTempDir(std::string_view prefix);

struct TimedCommand {
  core::Timestamp at;
  core::Command command;
};

/// Applies each command in turn, at its time, as "operator:bench"; appends every effect to
/// *effects when given. Throws std::runtime_error naming the case and command when one is
/// refused.
core::CaseWorkflow applyCommands(core::CaseWorkflow workflow,
                                 const std::vector<TimedCommand>& commands,
                                 const core::TimeZone& tz, const core::DeadlinePolicy& policy,
                                 std::vector<core::Effect>* effects = nullptr);

/// `--name value` options: next() walks them, number()/text() take the value.
class Args {
 public:
  Args(int argc, char** argv, int first = 1) : argc_(argc), argv_(argv), i_(first - 1) {}
  /// The next option name, or "" at the end.
  std::string_view next();
  std::size_t number();
  std::string text();

 private:
  int argc_;
  char** argv_;
  int i_;
};

}  // namespace cvdd::bench
