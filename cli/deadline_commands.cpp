// cvdctl deadlines: the deadline due-time index, in the order the timer will fire it.

#include <charconv>
#include <iomanip>
#include <iostream>

#include "cli/case_view.hpp"
#include "cli/commands.hpp"
#include "core/time_zone.hpp"
#include "daemon/time_zone_loader.hpp"

namespace cvdd::cli {

namespace {

/// "YYYY-MM-DDTHH:MM:SSZ" exactly (what formatIso8601 prints); nullopt for anything else.
std::optional<core::Timestamp> parseUtcTime(std::string_view text) {
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z')
    return std::nullopt;
  const auto date = core::parseDate(text.substr(0, 10));
  if (!date) return std::nullopt;
  int fields[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    const char* begin = text.data() + 11 + 3 * i;
    const auto [end, ec] = std::from_chars(begin, begin + 2, fields[i]);
    if (ec != std::errc{} || end != begin + 2) return std::nullopt;
  }
  if (fields[0] > 23 || fields[1] > 59 || fields[2] > 59) return std::nullopt;
  return core::Timestamp{std::chrono::sys_days{*date}} + std::chrono::hours{fields[0]} +
         std::chrono::minutes{fields[1]} + std::chrono::seconds{fields[2]};
}

/// --due-before: a date is the start of that day in the coordinator's time zone (where
/// the deadlines' civil dates live), a full time is UTC.
core::Timestamp dueBefore(Context& ctx, const std::string& text) {
  if (auto t = parseUtcTime(text)) return *t;
  const auto date = core::parseDate(text);
  if (!date)
    throw CommandError(1, "--due-before \"" + text +
                              "\": write a date YYYY-MM-DD or a UTC time YYYY-MM-DDTHH:MM:SSZ");
  const auto& zoneName = ctx.config().coordinator.timezone;
  auto zone = daemon::loadTimeZone(zoneName);
  if (!zone) throw CommandError(1, "[coordinator] timezone: " + zone.error().what);
  return core::startOfLocalDay(*date, *zone);
}

void printDeadlineTable(const std::vector<store::ScheduledDeadline>& deadlines) {
  std::size_t caseWidth = 4;
  for (const auto& d : deadlines) caseWidth = std::max(caseWidth, d.caseId.size());
  const auto row = [caseWidth](std::string_view due, std::string_view date, std::string_view id,
                               std::string_view kind, std::string_view vendor) {
    std::cout << std::left << std::setw(22) << due << std::setw(12) << date
              << std::setw(static_cast<int>(caseWidth) + 2) << id << std::setw(25) << kind << vendor
              << "\n";
  };
  row("DUE (UTC)", "DATE", "CASE", "KIND", "VENDOR");
  for (const auto& d : deadlines)
    row(core::formatIso8601(d.deadline.due), core::formatDate(d.deadline.date), d.caseId,
        core::deadlineKindName(d.deadline.kind),
        (d.deadline.vendorId.empty() ? "-" : d.deadline.vendorId) + failedFiringText(d));
}

/// A deferred deadline sits in the index at its retry time, at most deadlineRetryDelay's
/// cap (an hour) after its last failure, so the entries up to two hours ahead hold them all
/// without reading the whole index.
void retryFailedDeadlines(Context& ctx) {
  auto txn = ctx.storeForWrite().write();
  std::size_t cleared = 0;
  for (const auto& d : txn.deadlinesDueBefore(ctx.now() + std::chrono::hours{2}, SIZE_MAX)) {
    if (d.retry && txn.clearDeadlineRetry(d.caseId, d.deadline.key())) {
      ++cleared;
      std::cerr << "due again: " << d.caseId << " " << d.deadline.key() << " (failed "
                << d.retry->attempts << " time(s): " << d.retry->lastError << ")\n";
    }
  }
  txn.commit();
  std::cerr << cleared << " failed deadline(s) made due again\n";
}

}  // namespace

void addDeadlineCommand(CLI::App& app, Context& ctx) {
  auto* command = app.add_subcommand("deadlines", "scheduled deadlines, the earliest first");
  auto before = std::make_shared<std::string>();
  auto limit = std::make_shared<std::size_t>(1000);
  command->add_option("--due-before", *before,
                      "only those due before DATE (YYYY-MM-DD, local start of day in the "
                      "coordinator's time zone) or a UTC time YYYY-MM-DDTHH:MM:SSZ");
  command->add_option("--limit", *limit, "show at most N")->capture_default_str();
  auto retryFailed = std::make_shared<bool>(false);
  command->add_flag("--retry-failed", *retryFailed,
                    "once the cause is mended: make every deadline whose firing failed due "
                    "again at once (cvdd fires it at its next cycle), then list");
  command->add_flag("--json", ctx.json, "print JSON");
  command->callback([&ctx, before, limit, retryFailed] {
    if (*limit == 0) throw CommandError(1, "--limit must be at least 1");
    if (*retryFailed) retryFailedDeadlines(ctx);
    const auto bound = before->empty() ? core::Timestamp::max() : dueBefore(ctx, *before);
    auto txn = ctx.store().read();
    // One more than asked tells whether the list was cut.
    auto deadlines = txn.deadlinesDueBefore(bound, *limit + 1);
    const bool truncated = deadlines.size() > *limit;
    if (truncated) deadlines.resize(*limit);
    const std::size_t scheduled = txn.scheduledDeadlineCount();
    if (ctx.json) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& d : deadlines) list.push_back(scheduledDeadlineJson(d, true));
      nlohmann::json out = {
          {"deadlines", std::move(list)}, {"truncated", truncated}, {"scheduled", scheduled}};
      if (bound != core::Timestamp::max()) out["due_before"] = core::formatIso8601(bound);
      std::cout << out.dump(2) << "\n";
      return;
    }
    if (deadlines.empty()) {
      std::cout << (scheduled == 0 ? "no scheduled deadlines\n"
                                   : "no deadlines due before " + core::formatIso8601(bound) +
                                         " (" + std::to_string(scheduled) + " scheduled)\n");
      return;
    }
    printDeadlineTable(deadlines);
    if (truncated)
      std::cout << "(showing the first " << *limit << " of " << scheduled
                << " scheduled deadlines; raise --limit for more)\n";
  });
}

}  // namespace cvdd::cli
