#include <iostream>

#include "cli/case_view.hpp"
#include "cli/commands.hpp"

namespace cvdd::cli {

void addCaseCommands(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("case", "coordination cases");
  group->require_subcommand(1);
  addWorkflowCommands(group, ctx);

  auto* list = group->add_subcommand("list", "list every case");
  list->add_flag("--json", ctx.json, "print JSON");
  list->callback([&ctx] {
    auto cases = ctx.store().read().listCases();
    if (ctx.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& c : cases) out.push_back(caseSummaryJson(c));
      std::cout << out.dump(2) << "\n";
    } else {
      printCaseTable(std::cout, cases);
    }
  });

  auto* show = group->add_subcommand("show", "show one case, its participants and timeline");
  auto caseId = std::make_shared<std::string>();
  show->add_option("id", *caseId, "case ID, e.g. CVD#12345678")->required();
  show->add_flag("--json", ctx.json, "print JSON");
  show->callback([&ctx, caseId] {
    auto txn = ctx.store().read();
    auto c = txn.getCase(*caseId);
    if (!c) throw CommandError(1, "no case " + *caseId);
    CoordinationView view{txn.getWorkflow(*caseId), txn.deadlinesOfCase(*caseId),
                          txn.getReport(*caseId)};
    if (ctx.json) {
      auto json = caseDetailJson(*c);
      json["coordination"] = coordinationJson(view);
      std::cout << json.dump(2) << "\n";
    } else {
      printCaseDetail(std::cout, *c);
      printCoordination(std::cout, view);
    }
  });
}

}  // namespace cvdd::cli
