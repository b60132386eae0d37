// imap_probe: drives one ImapSource from stdin, for tests/integration/test_imap_idle.py.
//
//   imap_probe --url imap://127.0.0.1:PORT/INBOX --user U --password-file F --state DIR
//              [--ca-file PEM] [--no-tls] [--no-idle] [--poll SECONDS]
//
// One command per line on stdin, one answer line per command on stdout:
//   list            "listed N uid:size ..."                     or "error MESSAGE"
//   fetch UID       "fetched UID BYTES"                         or "error MESSAGE"
//   header UID      "header UID BYTES ENDS_WITH_BLANK_LINE"     or "error MESSAGE"
//   accept UID      stores the position, flags it: "accepted UID true|false"
//   wait SECONDS    "waiting" at once; later, from the waiting thread, "woke SECONDS"
//   interrupt       interrupt() from the main thread: "interrupted"
//   quit
// While a wait runs only interrupt is taken at once; any other command first waits for
// the wait to end, as the daemon's single intake thread would.

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

#include "daemon/imap_source.hpp"
#include "store/store.hpp"

using namespace cvdd;
using Clock = std::chrono::steady_clock;

namespace {

std::mutex outputMutex;

void say(const std::string& line) {
  std::lock_guard lock(outputMutex);
  std::cout << line << std::endl;
}

std::string argument(int argc, char** argv, std::string_view name, std::string fallback = "") {
  for (int i = 1; i + 1 < argc; ++i)
    if (argv[i] == name) return argv[i + 1];
  return fallback;
}

bool flag(int argc, char** argv, std::string_view name) {
  for (int i = 1; i < argc; ++i)
    if (argv[i] == name) return true;
  return false;
}

daemon::SourceConfig configFrom(int argc, char** argv) {
  daemon::SourceConfig config;
  config.kind = daemon::SourceKind::Imap;
  std::string url = argument(argc, argv, "--url");
  auto slash = url.find('/', url.find("://") + 3);
  config.serverUrl = url.substr(0, slash);
  if (slash != std::string::npos) config.mailbox = url.substr(slash + 1);
  config.user = argument(argc, argv, "--user");
  config.passwordFile = argument(argc, argv, "--password-file");
  config.caFile = argument(argc, argv, "--ca-file");
  config.tls = url.starts_with("imaps:")      ? daemon::TlsMode::Implicit
               : flag(argc, argv, "--no-tls") ? daemon::TlsMode::None
                                              : daemon::TlsMode::StartTls;
  config.idle = !flag(argc, argv, "--no-idle");
  config.pollInterval = std::chrono::seconds(std::stoi(argument(argc, argv, "--poll", "60")));
  return config;
}

}  // namespace

int main(int argc, char** argv) {
  // The source's log lines (IMAP_CONNECTED, ...) go to stderr, as in cvdd: stdout is ours.
  spdlog::set_default_logger(spdlog::stderr_logger_mt("imap_probe"));
  spdlog::flush_on(spdlog::level::info);
  try {
    auto config = configFrom(argc, argv);
    auto store = store::Store::open(argument(argc, argv, "--state"), std::size_t{64} << 20);
    daemon::ImapSource source(config);
    std::map<std::uint64_t, daemon::SourceRef> listed;
    std::thread waiter;
    auto joinWaiter = [&] {
      if (waiter.joinable()) waiter.join();
    };

    std::string line;
    while (std::getline(std::cin, line)) {
      std::istringstream words(line);
      std::string command;
      words >> command;
      if (command == "interrupt") {
        source.interrupt();
        say("interrupted");
        continue;
      }
      joinWaiter();
      if (command == "quit") break;
      try {
        if (command == "list") {
          auto refs = source.listNew(store.read());
          std::string out = "listed " + std::to_string(refs.size());
          for (const auto& ref : refs) {
            out += " " + std::to_string(ref.uid) + ":" + std::to_string(ref.size);
            listed[ref.uid] = ref;
          }
          say(out);
        } else if (command == "fetch" || command == "header" || command == "accept") {
          std::uint64_t uid = 0;
          words >> uid;
          const auto& ref = listed.at(uid);
          if (command == "fetch") {
            say("fetched " + std::to_string(uid) + " " + std::to_string(source.fetch(ref).size()));
          } else if (command == "header") {
            std::string header = source.fetchHeader(ref);
            say("header " + std::to_string(uid) + " " + std::to_string(header.size()) + " " +
                (header.ends_with("\r\n\r\n") ? "true" : "false"));
          } else {
            auto txn = store.write();
            txn.putSourcePosition(source.id(), *source.positionAfter(ref));
            txn.commit();
            say("accepted " + std::to_string(uid) + " " +
                (source.markAccepted(ref.key) ? "true" : "false"));
          }
        } else if (command == "wait") {
          double seconds = 0;
          words >> seconds;
          auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                          std::chrono::duration<double>(seconds));
          say("waiting");
          waiter = std::thread([&source, until] {
            auto start = Clock::now();
            source.waitForChange(until);
            char woke[64];
            std::snprintf(woke, sizeof woke, "woke %.3f",
                          std::chrono::duration<double>(Clock::now() - start).count());
            say(woke);
          });
        } else {
          say("error unknown command " + command);
        }
      } catch (const std::exception& e) {
        say(std::string("error ") + e.what());
      }
    }
    joinWaiter();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "imap_probe: " << e.what() << "\n";
    return 2;
  }
}
