// `cvdctl unreachable list [--json]`: the unreachable-vendors list as the public sees it
// (issue 12 item 4), with the case and vendor id of each inquiry number for the operator.

#include <iostream>

#include "cli/commands.hpp"
#include "daemon/time_zone_loader.hpp"
#include "publication/unreachable_page.hpp"
#include "publication/unreachable_source.hpp"

namespace cvdd::cli {

void addUnreachableCommands(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("unreachable", "the unreachable-vendors list (DID# inquiries)");
  group->require_subcommand(1);
  auto* list = group->add_subcommand(
      "list", "vendors listed now; --json: unreachable.json with case_id and vendor_id added");
  list->add_flag("--json", ctx.json, "print JSON");
  list->callback([&ctx] {
    auto zone = daemon::loadTimeZone(ctx.config().coordinator.timezone);
    if (!zone) throw CommandError(2, "[coordinator] timezone: " + zone.error().what);
    auto txn = ctx.store().read();
    const auto entries = publication::unreachableEntries(txn, *zone);
    const auto& intake = ctx.config().coordinator.intake;
    if (ctx.json) {
      // The operator's view: the public document plus whom each number routes to.
      auto doc = publication::unreachableJson(entries, intake);
      for (auto& v : doc["vendors"]) {
        const auto target = txn.inquiryTarget(v["inquiry_number"].get<std::string>());
        v["case_id"] = target ? target->caseId : "";
        v["vendor_id"] = target ? target->vendorId : "";
      }
      std::cout << doc.dump(2) << "\n";
      return;
    }
    if (entries.empty()) std::cout << "no vendor is listed\n";
    for (const auto& e : entries) {
      const auto target = txn.inquiryTarget(e.inquiryNumber);
      std::cout << e.inquiryNumber << "  " << core::formatDate(e.listedOn) << "  "
                << core::listingStageName(e.stage) << "  " << e.vendorName << "  ("
                << (target ? target->caseId + " " + target->vendorId : std::string("?")) << ")"
                << (e.contactDeadline ? "  contact until " + core::formatDate(*e.contactDeadline)
                                      : std::string())
                << "\n";
    }
  });
}

}  // namespace cvdd::cli
