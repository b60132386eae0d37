#include <iostream>

#include "cli/case_view.hpp"
#include "cli/commands.hpp"

namespace cvdd::cli {

void addCaseCommands(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("case", "coordination cases");
  group->require_subcommand(1);
  addWorkflowCommands(group, ctx);
  addCasePreviewCommand(group, ctx);
  addCaseCsafCommand(group, ctx);

  auto* list = group->add_subcommand("list", "list every case");
  list->add_flag("--json", ctx.json, "print JSON");
  list->callback([&ctx] {
    auto cases = ctx.store().read().listCaseSummaries();
    if (ctx.json) {
      // Item by item, laid out as dump(2) lays out the whole array, so that 100 000 cases
      // never sit in memory as one JSON document.
      std::string out;
      for (std::size_t i = 0; i < cases.size(); ++i) {
        out += i == 0 ? "[\n  " : ",\n  ";
        appendCaseSummaryJson(out, cases[i]);
        if (out.size() >= (1 << 16)) {
          std::cout << out;
          out.clear();
        }
      }
      std::cout << out << (cases.empty() ? "[]\n" : "\n]\n");
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
