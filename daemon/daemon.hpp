#pragma once
// The cvdd process, on two threads:
// - the intake worker does all the work, one step at a time: flag what was committed,
//   list and accept new messages one by one, fire due deadlines, send due mail, then wait
//   for the source to push new mail (IMAP IDLE, inotify) or for the next timer;
// - the main thread runs an Asio loop for signals and the systemd watchdog. It feeds the
//   watchdog only while the worker makes progress, so a message that runs past
//   [limits] processing_seconds gets cvdd restarted; the attempt counter, committed before
//   each message is processed, then quarantines that message after [limits] max_attempts.
// SIGTERM lets the worker finish the message in hand; SIGHUP reloads between cycles.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "crypto/keyring.hpp"
#include "crypto/reply_token.hpp"
#include "crypto/smime_keyring.hpp"
#include "daemon/config.hpp"
#include "daemon/coordination.hpp"
#include "daemon/deadline_firing.hpp"
#include "daemon/intake_processor.hpp"
#include "daemon/message_source.hpp"
#include "daemon/transport.hpp"
#include "store/state_lock.hpp"
#include "store/store.hpp"

namespace cvdd::daemon {

class Daemon {
 public:
  /// Opens the state; throws std::runtime_error with the reason on failure.
  explicit Daemon(Config config);
  ~Daemon();

  /// --once: process what the source holds, attempt each due outbox entry once, return.
  /// Otherwise runs until SIGTERM/SIGINT. Returns the process exit code.
  int run(bool once);

 private:
  // The intake worker.
  void workerLoop();
  void runCycle();
  void flagCommitted();
  void intakeNew();
  std::size_t pipelineWidth(const std::vector<SourceRef>& refs);
  void acceptInOrder(const std::vector<SourceRef>& refs, std::size_t width);
  bool oversized(const SourceRef& ref) const;
  /// Counts the attempt and fetches; true when the message goes on to be opened, false
  /// when it was dealt with here (quarantined: oversized, out of attempts, restored).
  bool prepare(const SourceRef& ref, std::string& raw);
  void commit(const SourceRef& ref, const std::string& raw, crypto::OpenedMessage opened);
  /// Runs one step of a message; false when intake must stop for this cycle (the source
  /// failed, the store is full, or the message failed), having logged why.
  template <typename Step>
  bool guarded(const SourceRef& ref, Step&& step);
  void fireDeadlines();
  /// Renders the published site when the store's site-change counter moved since the last
  /// render (or at the first cycle); a failure is logged and retried next cycle.
  void regenerateSite();
  void sendDue();  // --once: sends here; else wakes the sender thread
  void senderLoop();
  void drainOutbox(Transport& transport, const SmtpConfig& smtp);
  /// From now until a store time, on the steady clock (never negative).
  std::chrono::steady_clock::duration waitUntil(core::Timestamp at) const;
  void useSmtp(const SmtpConfig& smtp);  // the sender thread's transport from now on
  void stopSender();
  std::chrono::steady_clock::duration nextWait();
  void applyReload();
  void flagAccepted(const std::string& key);
  std::uint64_t countAttempt(const std::string& key);
  void quarantine(const SourceRef& ref, const std::string& raw, const std::string& reason,
                  bool readHeader);
  void forget(const std::string& key);  // the message is done with
  void onStoreFull(const store::StoreFullError& e);
  bool alertStoreFull(const std::string& reason);
  void logOutcome(const SourceRef& ref, std::size_t bytes, const IntakeOutcome& outcome);
  void buildAdapters();
  IntakeEnvironment intakeEnvironment();
  CoordinationEnvironment coordinationEnvironment();
  OutboundSigner outboundSigner();
  core::Timestamp now() const;

  // The main thread.
  void onSignal(int signal);
  void pingWatchdog();
  void awaitSignal();
  void interruptSource();  // any thread

  const std::filesystem::path configFile_;  // what SIGHUP reloads
  Config config_;  // the worker's; replaced only by the worker, between cycles
  store::StateLock stateLock_;
  store::Store store_;
  crypto::Keyring keyring_;
  std::optional<crypto::SmimeKeyring> smime_;  // none: gpgsm unusable, no S/MIME
  std::string
      coordinatorFingerprint_;  // signs every outgoing message; "" when [openpgp] sign=false
  crypto::ReplyTokenKey replyTokens_;
  core::TimeZone timeZone_;  // [coordinator] timezone: local dates of every deadline
  std::unique_ptr<MessageSource> source_;
  std::unique_ptr<Transport> transport_;

  boost::asio::io_context io_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer watchdogTimer_;
  std::thread worker_;
  // The sender thread drains the outbox with its own transport, so SMTP round trips
  // overlap intake; woken by the worker after each commit, and at each entry's retry time.
  std::thread sender_;
  std::mutex senderMutex_;
  std::condition_variable senderWake_;
  bool sendRequested_ = false;            // guarded by senderMutex_
  bool senderStop_ = false;               // guarded by senderMutex_
  std::optional<SmtpConfig> senderSmtp_;  // guarded by senderMutex_: a new [smtp] to use
  // [openpgp] workers threads that parse and open (decrypt, verify) the next messages while
  // the intake worker commits the one before; null when there is one worker.
  std::size_t openerCount_ = 1;
  std::unique_ptr<boost::asio::thread_pool> openers_;

  static constexpr std::size_t kDeadlinesPerHandler = 64;
  static constexpr std::chrono::seconds kRetryAfterFailure{2};
  static constexpr std::chrono::seconds kSourceBackoffMax{60};
  static constexpr std::chrono::seconds kRetryWhenStoreFull{15};

  bool once_ = false;
  std::atomic<bool> stopping_{false};
  std::atomic<int> exitCode_{0};

  // Shared with the main thread.
  std::mutex sourceMutex_;  // guards replacing source_ against interruptSource()
  std::mutex reloadMutex_;
  std::optional<Config> reloadedConfig_;        // validated on SIGHUP, applied between cycles
  std::atomic<std::int64_t> busySince_{0};      // steady-clock ticks of the step in hand; 0: idle
  std::atomic<std::int64_t> processingBudget_;  // ticks; a longer step starves the watchdog
  std::atomic<std::size_t> totalAccepted_{0};
  std::atomic<std::size_t> pendingOutbox_{0};
  bool reportedStuck_ = false;  // main thread only

  // The worker's own.
  std::chrono::steady_clock::duration sourceBackoff_{};  // zero while the source answers
  bool retrySoon_ = false;       // a message failed: try again after kRetryAfterFailure
  bool retryNow_ = false;        // the map grew: go on at once
  bool retryStoreFull_ = false;  // paused on a full store: look again after kRetryWhenStoreFull
  struct StoreFullEpisode {
    std::string reason;
    bool alerted = false;  // the operators have the STORE_FULL mail
  };
  std::optional<StoreFullEpisode> storeFull_;       // set while intake is paused on a full store
  std::map<std::string, std::string> lastFailure_;  // key -> error, for the quarantine reason
  // key -> attempts that failed for no fault of the message (a full store, the source going
  // away mid-fetch): they do not count against it.
  std::map<std::string, std::uint64_t> excusedAttempts_;
  // The site-change counter the published site was last rendered at; none: render at the
  // next cycle (after a start, a reload, or a failed render).
  std::optional<std::uint64_t> siteRendered_;
  bool siteFailed_ = false;  // the last render failed: come back within kRetrySiteAfterFailure
  static constexpr std::chrono::seconds kRetrySiteAfterFailure{60};
};

}  // namespace cvdd::daemon
