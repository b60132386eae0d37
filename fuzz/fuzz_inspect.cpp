// libFuzzer target: `cvdctl inspect` without state — analysis, thread matching, the intake
// decision and the JSON report — on arbitrary bytes. It must never crash, and the report
// must always serialise (valid UTF-8 throughout).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cli/inspect.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  cvdd::daemon::Config config;
  config.coordinator.intake = "vendors@cert.example";
  config.coordinator.casePrefix = "CVD";
  config.limits.parsing.maxMessageBytes = 1 << 20;
  config.limits.parsing.maxParts = 64;
  config.limits.parsing.maxMimeDepth = 8;
  cvdd::cli::InspectContext context;
  context.config = &config;
  const auto report = cvdd::cli::inspectMessage(raw, context);
  if (report.contains("error")) __builtin_trap();  // only engine/store failures may error
  (void)report.dump();                             // throws (and so aborts) on invalid UTF-8
  return 0;
}
