// cvdd: the coordinated-vulnerability-disclosure mail gateway daemon.

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "daemon/config.hpp"
#include "daemon/daemon.hpp"

namespace {

void setUpLogging() {
  auto logger = spdlog::stderr_logger_mt("cvdd");
  // journald adds its own timestamps, but operators also run --once from cron.
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z cvdd[%P] %l %v");
  spdlog::set_default_logger(logger);
  spdlog::flush_on(spdlog::level::info);
}

int printConfigErrors(const cvdd::daemon::ConfigErrors& errors) {
  for (const auto& error : errors) std::cerr << error.where << ": " << error.what << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cvdd: coordinated vulnerability disclosure mail gateway"};
  std::string configFile = "/etc/cvdd/cvdd.toml";
  std::string checkFile;
  bool once = false;
  app.add_option("-c,--config", configFile, "configuration file")->capture_default_str();
  app.add_option("--check-config", checkFile, "check a configuration file and exit");
  app.add_flag("--once", once, "process what the source holds, send what is due once, and exit");
  app.set_version_flag("--version", "cvdd 0.1.0");
  CLI11_PARSE(app, argc, argv);

  if (!checkFile.empty()) {
    auto config = cvdd::daemon::loadConfig(checkFile);
    if (!config) return printConfigErrors(config.error());
    std::cout << checkFile << ": configuration is valid\n";
    return 0;
  }

  setUpLogging();
  if (::geteuid() == 0)
    spdlog::warn("RUNNING_AS_ROOT cvdd needs no privileges; run it as its own user (see systemd/)");
  auto config = cvdd::daemon::loadConfig(configFile);
  if (!config) {
    for (const auto& error : config.error())
      spdlog::critical("CONFIG_INVALID {}: {}", error.where, error.what);
    return 2;
  }
  try {
    cvdd::daemon::Daemon daemon(std::move(*config));
    return daemon.run(once);
  } catch (const std::exception& e) {
    spdlog::critical("DAEMON_FAILED {}", e.what());
    return 1;
  }
}
