// `cvdctl publish [--case ID]`: renders the published site into [publication] dir, whole or
// (--case) one case's files and the site-wide ones over the current site, written
// atomically (daemon::publishSite). Exit 2 without [publication] dir, 1 for an unknown case
// or a failed write (the current site then stays as it was), 4 for a case that is not
// published; 1 too when some file could not be rendered (the rest is written; stderr says
// which and why).

#include <iostream>

#include "cli/commands.hpp"
#include "daemon/site_publisher.hpp"
#include "daemon/time_zone_loader.hpp"

namespace cvdd::cli {

namespace {

constexpr int kRefused = 4;

int exitCodeOf(core::Errc code) {
  switch (code) {
    case core::Errc::InvalidConfig:
      return 2;
    case core::Errc::IllegalTransition:
      return kRefused;
    default:
      return 1;
  }
}

}  // namespace

void addPublishCommand(CLI::App& app, Context& ctx) {
  auto caseId = std::make_shared<std::string>();
  auto* publish = app.add_subcommand(
      "publish", "render the published site into [publication] dir (atomically)");
  publish->add_option("--case", *caseId,
                      "only this published case's files and the indexes; the rest is kept");
  publish->add_flag("--json", ctx.json, "print JSON");
  publish->callback([&ctx, caseId] {
    const auto& config = ctx.config();
    auto zone = daemon::loadTimeZone(config.coordinator.timezone);
    if (!zone) throw CommandError(2, "[coordinator] timezone: " + zone.error().what);
    const auto result =
        daemon::publishSite(ctx.store(), config, *zone, ctx.now(),
                            caseId->empty() ? std::nullopt : std::optional<std::string>(*caseId));
    if (!result)
      throw CommandError(exitCodeOf(result.error().code),
                         result.error().where + ": " + result.error().what);
    const auto& r = *result;
    const std::string dir = config.publication.dir->string();
    if (ctx.json) {
      std::cout << nlohmann::json{{"dir", dir},
                                  {"case", *caseId},
                                  {"published_cases", r.publishedCases},
                                  {"files_written", r.write.written},
                                  {"files_kept", r.write.kept},
                                  {"bytes_written", r.write.bytes},
                                  {"problems", r.problems}}
                       .dump(2)
                << "\n";
    } else {
      std::cout << "published " << dir << ": " << r.publishedCases << " published case(s), "
                << r.write.written << " file(s) written (" << r.write.bytes << " bytes)";
      if (!caseId->empty())
        std::cout << " for " << *caseId << " and the indexes; the rest of the site is as it was";
      std::cout << "\n";
    }
    if (!r.problems.empty()) {
      for (const auto& p : r.problems) std::cerr << "cvdctl: left out: " << p << "\n";
      throw CommandError(1, std::to_string(r.problems.size()) +
                                " file(s) could not be rendered; the rest is published");
    }
  });
}

}  // namespace cvdd::cli
