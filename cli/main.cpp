// cvdctl: the operator's view of cvdd's cases, on the daemon's own LMDB environment.

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  // The daemon code cvdctl shares logs what it does (an operator alert, say); stdout is
  // cvdctl's answer, which scripts read as JSON, so the log goes to stderr.
  spdlog::set_default_logger(spdlog::stderr_logger_mt("cvdctl"));
  CLI::App app{"cvdctl: manage cvdd's coordination cases"};
  app.require_subcommand(1);
  cvdd::cli::Context context;
  app.add_option("-c,--config", context.configFile, "cvdd configuration file")
      ->capture_default_str();
  app.add_flag("--json", context.json, "print JSON");
  cvdd::cli::addCaseCommands(app, context);
  cvdd::cli::addQuarantineCommands(app, context);
  cvdd::cli::addKeyCommands(app, context);
  cvdd::cli::addOutboxCommands(app, context);
  cvdd::cli::addInspectCommand(app, context);
  cvdd::cli::addVendorCommands(app, context);
  cvdd::cli::addDeadlineCommand(app, context);
  cvdd::cli::addStateCommands(app, context);
  cvdd::cli::addTodoCommands(app, context);
  cvdd::cli::addStatsCommand(app, context);
  cvdd::cli::addPublishCommand(app, context);
  cvdd::cli::addUnreachableCommands(app, context);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const cvdd::cli::CommandError& e) {
    std::cerr << "cvdctl: " << e.what() << "\n";
    return e.exitCode;
  } catch (const std::exception& e) {
    std::cerr << "cvdctl: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
