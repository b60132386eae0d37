// cvdctl: the operator's view of cvdd's cases, on the daemon's own LMDB environment.

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/case_view.hpp"
#include "daemon/config.hpp"
#include "store/store.hpp"

namespace {

/// Opens the state named by the config; exits with a clear message when it cannot.
cvdd::store::Store openStateOrExit(const std::string& configFile) {
  auto config = cvdd::daemon::loadConfig(configFile);
  if (!config) {
    for (const auto& error : config.error())
      std::cerr << "cvdctl: " << error.where << ": " << error.what << "\n";
    std::exit(2);
  }
  auto db = config->state.dir / "db";
  if (!std::filesystem::exists(db)) {
    std::cerr << "cvdctl: no state in " << config->state.dir.string()
              << " (has cvdd run with this config?)\n";
    std::exit(3);
  }
  return cvdd::store::Store::open(db, config->state.mapSizeBytes);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cvdctl: manage cvdd's coordination cases"};
  app.require_subcommand(1);
  std::string configFile = "/etc/cvdd/cvdd.toml";
  bool json = false;
  app.add_option("-c,--config", configFile, "cvdd configuration file")->capture_default_str();
  app.add_flag("--json", json, "print JSON");

  auto* caseCmd = app.add_subcommand("case", "coordination cases");
  caseCmd->require_subcommand(1);
  auto* list = caseCmd->add_subcommand("list", "list every case");
  list->add_flag("--json", json, "print JSON");
  auto* show = caseCmd->add_subcommand("show", "show one case and its message timeline");
  std::string caseId;
  show->add_option("id", caseId, "case ID, e.g. CVD#12345678")->required();
  show->add_flag("--json", json, "print JSON");
  CLI11_PARSE(app, argc, argv);

  try {
    auto store = openStateOrExit(configFile);
    auto txn = store.read();
    if (list->parsed()) {
      auto cases = txn.listCases();
      if (json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& c : cases) out.push_back(cvdd::cli::caseSummaryJson(c));
        std::cout << out.dump(2) << "\n";
      } else {
        cvdd::cli::printCaseTable(std::cout, cases);
      }
      return 0;
    }
    if (show->parsed()) {
      auto c = txn.getCase(caseId);
      if (!c) {
        std::cerr << "cvdctl: no case " << caseId << "\n";
        return 1;
      }
      if (json)
        std::cout << cvdd::cli::caseDetailJson(*c).dump(2) << "\n";
      else
        cvdd::cli::printCaseDetail(std::cout, *c);
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "cvdctl: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
