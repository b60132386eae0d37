#pragma once
// The cvdd process: an Asio event loop that polls the source, accepts one message per
// handler (so SIGTERM finishes the message in hand), drains the outbox, reloads on
// SIGHUP, and keeps systemd informed.

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <memory>
#include <optional>

#include "crypto/keyring.hpp"
#include "crypto/reply_token.hpp"
#include "daemon/config.hpp"
#include "daemon/coordination.hpp"
#include "daemon/deadline_firing.hpp"
#include "daemon/intake_processor.hpp"
#include "daemon/message_source.hpp"
#include "daemon/transport.hpp"
#include "store/store.hpp"

namespace cvdd::daemon {

class Daemon {
 public:
  /// Opens the state; throws std::runtime_error with the reason on failure.
  explicit Daemon(Config config);

  /// --once: process what the source holds, attempt each due outbox entry once, return.
  /// Otherwise runs until SIGTERM/SIGINT. Returns the process exit code.
  int run(bool once);

 private:
  void startCycle();
  void processNext();
  void fireDeadlines();
  void sendNext();
  void finishCycle();
  void scheduleNextCycle();
  void flagCommitted();
  void onSignal(int signal);
  void reload();
  void pingWatchdog();
  void buildAdapters();
  IntakeEnvironment intakeEnvironment();
  CoordinationEnvironment coordinationEnvironment();
  void logOutcome(const SourceRef& ref, std::size_t bytes, const IntakeOutcome& outcome);
  void flagAccepted(const std::string& key);
  void quarantineIfPoison(const SourceRef& ref, const std::string& raw, const std::string& error);
  void stop();
  core::Timestamp now() const;

  Config config_;
  store::Store store_;
  crypto::Keyring keyring_;
  std::string
      coordinatorFingerprint_;  // signs every outgoing message; "" when [openpgp] sign=false
  crypto::ReplyTokenKey replyTokens_;
  core::TimeZone timeZone_;  // [coordinator] timezone: local dates of every deadline
  std::unique_ptr<MessageSource> source_;
  std::unique_ptr<Transport> transport_;
  std::optional<Config> reloadedConfig_;  // validated on SIGHUP, applied between cycles

  boost::asio::io_context io_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer cycleTimer_;
  boost::asio::steady_timer watchdogTimer_;

  static constexpr std::uint64_t kMaxProcessingFailures = 3;
  static constexpr std::size_t kDeadlinesPerHandler = 64;

  bool once_ = false;
  bool stopping_ = false;
  bool cycleRunning_ = false;
  std::deque<SourceRef> pending_;
  std::size_t acceptedThisCycle_ = 0;
  std::size_t totalAccepted_ = 0;
  int exitCode_ = 0;
};

}  // namespace cvdd::daemon
