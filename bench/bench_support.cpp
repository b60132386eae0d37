#include "bench/bench_support.hpp"

#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <stdexcept>

namespace cvdd::bench {

double millis(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

std::string caseId(std::size_t i) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "CVD#%08zu", i);
  return buffer;
}

Stats statsOf(std::vector<double> v) {
  Stats s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  for (double x : v) s.mean += x;
  s.mean /= static_cast<double>(v.size());
  s.median = v[v.size() / 2];
  s.p99 = v[std::min(v.size() - 1, v.size() * 99 / 100)];
  s.max = v.back();
  return s;
}

void printStats(const char* what, const Stats& s) {
  std::printf("  %-34s mean %8.3f  median %8.3f  p99 %8.3f  max %8.3f ms\n", what, s.mean, s.median,
              s.p99, s.max);
}

void printFile(const char* what, const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return;
  std::printf("%-36s %8.1f MiB (%.1f MiB allocated)\n", what,
              static_cast<double>(st.st_size) / (1 << 20),
              static_cast<double>(st.st_blocks) * 512 / (1 << 20));
}

long peakRssKiB() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

void printRssNow(const char* when) {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return;
  long anon = 0, file = 0;
  char line[256];
  while (std::fgets(line, sizeof line, f) != nullptr) {
    std::sscanf(line, "RssAnon: %ld", &anon);
    std::sscanf(line, "RssFile: %ld", &file);
  }
  std::fclose(f);
  std::printf("RSS %-31s %8.1f MiB anonymous, %.1f MiB file-backed (mapped data.mdb)\n", when,
              static_cast<double>(anon) / 1024, static_cast<double>(file) / 1024);
}

std::filesystem::path makeTempDir(std::string_view prefix) {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      std::string(base != nullptr ? base : "/tmp") + "/" + std::string(prefix) + "-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

core::CaseWorkflow applyCommands(core::CaseWorkflow workflow,
                                 const std::vector<TimedCommand>& commands,
                                 const core::TimeZone& tz, const core::DeadlinePolicy& policy,
                                 std::vector<core::Effect>* effects) {
  for (const auto& [at, command] : commands) {
    auto t = core::apply(workflow, command, {at, "operator:bench", tz, policy});
    if (!t)
      throw std::runtime_error(workflow.caseId + ": " + std::string(core::commandName(command)) +
                               ": " + t.error().what);
    workflow = std::move(t->workflow);
    if (effects != nullptr)
      effects->insert(effects->end(), std::make_move_iterator(t->effects.begin()),
                      std::make_move_iterator(t->effects.end()));
  }
  return workflow;
}

std::string_view Args::next() {
  if (++i_ >= argc_) return {};
  return argv_[i_];
}

std::string Args::text() {
  if (i_ + 1 >= argc_) throw std::invalid_argument(std::string(argv_[i_]) + " needs a value");
  return argv_[++i_];
}

std::size_t Args::number() {
  return static_cast<std::size_t>(std::stoull(text()));
}

}  // namespace cvdd::bench
