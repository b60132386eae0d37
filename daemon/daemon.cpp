#include "daemon/daemon.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <csignal>
#include <random>

#include "daemon/coordinator_key.hpp"
#include "daemon/crash_point.hpp"
#include "daemon/imap_source.hpp"
#include "daemon/intake_processor.hpp"
#include "daemon/maildir.hpp"
#include "daemon/outbox_sender.hpp"
#include "daemon/system_clock.hpp"
#include "daemon/systemd_notify.hpp"
#include "daemon/time_zone_loader.hpp"

namespace cvdd::daemon {

namespace {

store::Store openStore(const Config& config) {
  std::error_code ec;
  std::filesystem::create_directories(config.state.dir, ec);
  std::filesystem::permissions(config.state.dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  return store::Store::open(config.state.dir / "db", config.state.mapSizeBytes);
}

std::unique_ptr<MessageSource> makeSource(const SourceConfig& config) {
  if (config.kind == SourceKind::Maildir) return std::make_unique<MaildirSource>(config.maildir);
  return std::make_unique<ImapSource>(config);
}

crypto::Keyring openKeyring(const Config& config) {
  auto keyring = crypto::Keyring::open(config.openpgp.home);
  if (!keyring)
    throw std::runtime_error("OpenPGP home " + config.openpgp.home.string() + ": " +
                             keyring.error().what);
  return std::move(*keyring);
}

/// The coordinator's signing key: the configured one, else the intake address's secret
/// key, else a new one generated now (and logged, so the operator can publish it).
std::string coordinatorKey(const Config& config, crypto::Keyring& keyring) {
  if (auto existing = findCoordinatorKey(config, keyring)) return *existing;
  auto generated = keyring.generateKey(config.coordinator.name, config.coordinator.intake);
  if (!generated)
    throw std::runtime_error("generating the coordinator key: " + generated.error().what);
  spdlog::warn(
      "KEY_GENERATED fingerprint={} uid=\"{} <{}>\" (publish it; pin it with [openpgp] key)",
      *generated, config.coordinator.name, config.coordinator.intake);
  return *generated;
}

core::TimeZone openTimeZone(const Config& config) {
  auto zone = loadTimeZone(config.coordinator.timezone);
  if (!zone)
    throw std::runtime_error("[coordinator] timezone: " + zone.error().where + ": " +
                             zone.error().what);
  return std::move(*zone);
}

std::uint32_t randomCaseNumber() {
  // random_device reads the kernel's CSPRNG: case IDs are not guessable from earlier ones.
  static std::random_device device;
  return std::uniform_int_distribution<std::uint32_t>(0, 99'999'999)(device);
}

}  // namespace

Daemon::Daemon(Config config)
    : config_(std::move(config)),
      store_(openStore(config_)),
      keyring_(openKeyring(config_)),
      coordinatorFingerprint_(coordinatorKey(config_, keyring_)),
      replyTokens_(
          crypto::ReplyTokenKey::loadOrCreate((config_.state.dir / "reply-token.key").string())),
      timeZone_(openTimeZone(config_)),
      signals_(io_, SIGTERM, SIGINT, SIGHUP),
      cycleTimer_(io_),
      watchdogTimer_(io_) {
  buildAdapters();
}

void Daemon::buildAdapters() {
  source_ = makeSource(config_.source);
  transport_ = makeTransport(config_.smtp);
}

core::Timestamp Daemon::now() const {
  return currentTime();
}

int Daemon::run(bool once) {
  once_ = once;
  signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (!ec) onSignal(signal);
  });
  if (!once_) {
    notifyReady();
    spdlog::info("DAEMON_READY source={} smtp={} state={}", source_->id(), config_.smtp.url,
                 config_.state.dir.string());
    pingWatchdog();
  }
  boost::asio::post(io_, [this] { startCycle(); });
  io_.run();
  return exitCode_;
}

void Daemon::flagCommitted() {
  std::vector<store::InboxItem> unflagged;
  {
    auto txn = store_.read();
    unflagged = txn.unflaggedInbox();
  }
  for (const auto& item : unflagged) {
    try {
      source_->markAccepted(item.key);
      // A key of another source (config changed) or renumbered away cannot be flagged
      // any more; either way there is nothing left to do for it.
      auto txn = store_.write();
      txn.markFlagged(item.key);
      txn.commit();
    } catch (const std::exception& e) {
      spdlog::warn("SOURCE_FLAG_FAILED key={} error=\"{}\"", item.key, e.what());
      return;
    }
  }
}

void Daemon::startCycle() {
  cycleRunning_ = true;
  acceptedThisCycle_ = 0;
  flagCommitted();
  try {
    auto txn = store_.read();
    auto refs = source_->listNew(txn);
    pending_.assign(refs.begin(), refs.end());
    if (!pending_.empty()) spdlog::info("SOURCE_POLLED new_messages={}", pending_.size());
  } catch (const std::exception& e) {
    spdlog::error("SOURCE_UNAVAILABLE source={} error=\"{}\"", source_->id(), e.what());
    if (once_) exitCode_ = 1;
    pending_.clear();
  }
  boost::asio::post(io_, [this] { processNext(); });
}

void Daemon::processNext() {
  if (stopping_ || pending_.empty()) {
    boost::asio::post(io_, [this] { fireDeadlines(); });
    return;
  }
  SourceRef ref = std::move(pending_.front());
  pending_.pop_front();
  std::string raw;
  try {
    raw = source_->fetch(ref);
    crashPoint("after-fetch");
    IntakeEnvironment env = intakeEnvironment();
    auto outcome = acceptMessage(env, source_->id(), ref, source_->positionAfter(ref), raw);
    logOutcome(ref, raw.size(), outcome);
    ++acceptedThisCycle_;
    ++totalAccepted_;
    crashPoint("after-commit");
    flagAccepted(ref.key);
    crashPoint("after-flag");
  } catch (const SourceError& e) {
    // The server went away: stop this cycle, the rest is fetched next time.
    spdlog::error("SOURCE_UNAVAILABLE key={} error=\"{}\"", ref.key, e.what());
    if (once_) exitCode_ = 1;
    pending_.clear();
  } catch (const std::exception& e) {
    // Nothing was committed for this message. It is fetched again next cycle; after
    // kMaxProcessingFailures failures it is stored raw in quarantine instead, so one
    // poison message cannot block everything behind it.
    spdlog::error("MESSAGE_FAILED key={} error=\"{}\"", ref.key, e.what());
    if (once_) exitCode_ = 1;
    pending_.clear();
    if (!raw.empty()) quarantineIfPoison(ref, raw, e.what());
  }
  boost::asio::post(io_, [this] { processNext(); });
}

IntakeEnvironment Daemon::intakeEnvironment() {
  return IntakeEnvironment{&config_,
                           &store_,
                           [this] { return now(); },
                           &randomCaseNumber,
                           OutboundSigner{&keyring_, coordinatorFingerprint_},
                           &replyTokens_,
                           &timeZone_};
}

CoordinationEnvironment Daemon::coordinationEnvironment() {
  return {&config_, &timeZone_, OutboundSigner{&keyring_, coordinatorFingerprint_}, &replyTokens_};
}

void Daemon::fireDeadlines() {
  // A bounded number per handler, so SIGTERM is seen between them.
  FiringTick tick;
  try {
    tick = fireDueDeadlines(store_, coordinationEnvironment(), now(), kDeadlinesPerHandler,
                            config_.state.deadlinesPerCommit);
  } catch (const std::exception& e) {
    // The store itself failed: nothing of the batch was kept; it is retried next cycle.
    spdlog::error("DEADLINE_FAILED error=\"{}\"", e.what());
    if (once_) exitCode_ = 1;
  }
  // A deadline that could not fire was deferred and logged; --once says so in its status.
  if (tick.deferred > 0 && once_) exitCode_ = 1;
  if (tick.handled() == kDeadlinesPerHandler && !stopping_) {
    boost::asio::post(io_, [this] { fireDeadlines(); });
    return;
  }
  boost::asio::post(io_, [this] { sendNext(); });
}

void Daemon::logOutcome(const SourceRef& ref, std::size_t bytes, const IntakeOutcome& outcome) {
  spdlog::info("MESSAGE_ACCEPTED key={} bytes={} result={} case={}", ref.key, bytes,
               intakeResultName(outcome.result), outcome.caseId);
  if (outcome.result == IntakeResult::CaseOpened)
    spdlog::info("CASE_OPENED case={} acknowledged={}", outcome.caseId,
                 outcome.outboxSeq.has_value());
  if (outcome.result == IntakeResult::ReplyAttached)
    spdlog::info("CASE_REPLY_ATTACHED case={} key={}", outcome.caseId, ref.key);
  if (outcome.result == IntakeResult::Quarantined)
    spdlog::warn("MESSAGE_QUARANTINED id={} case={} key={} reason=\"{}\"",
                 outcome.quarantineId.value_or(0), outcome.caseId, ref.key, outcome.detail);
  if (outcome.result == IntakeResult::BounceRecorded)
    spdlog::warn("CONTACT_ATTEMPT_FAILED case={} recipients=\"{}\"", outcome.caseId,
                 outcome.detail);
  if (outcome.outboxSeq)
    spdlog::info("OUTBOX_QUEUED seq={} case={}", *outcome.outboxSeq, outcome.caseId);
}

void Daemon::flagAccepted(const std::string& key) {
  if (source_->markAccepted(key)) {
    auto txn = store_.write();
    txn.markFlagged(key);
    txn.commit();
  }
}

void Daemon::quarantineIfPoison(const SourceRef& ref, const std::string& raw,
                                const std::string& error) {
  try {
    std::uint64_t failures = 0;
    {
      auto txn = store_.write();
      failures = txn.bumpCounter("failed/" + ref.key);
      txn.commit();
    }
    if (failures < kMaxProcessingFailures) return;
    auto outcome = quarantineUnprocessable(intakeEnvironment(), source_->id(), ref,
                                           source_->positionAfter(ref), raw, error);
    logOutcome(ref, raw.size(), outcome);
    flagAccepted(ref.key);
  } catch (const std::exception& e) {
    // The store itself fails: nothing to do but retry later.
    spdlog::error("MESSAGE_FAILED key={} error=\"{}\" (could not quarantine)", ref.key, e.what());
  }
}

void Daemon::sendNext() {
  if (stopping_) {
    finishCycle();
    return;
  }
  SendResult result = SendResult::NothingDue;
  try {
    result = sendOneDue(store_, *transport_, config_.smtp, now());
  } catch (const std::exception& e) {
    spdlog::error("OUTBOX_FAILED error=\"{}\"", e.what());
  }
  // After a failure the server is probably down: wait for the backoff instead of
  // trying every other entry against it now.
  if (result == SendResult::Sent) {
    boost::asio::post(io_, [this] { sendNext(); });
    return;
  }
  finishCycle();
}

void Daemon::finishCycle() {
  cycleRunning_ = false;
  if (reloadedConfig_) reload();
  if (once_ || stopping_) {
    stop();
    return;
  }
  scheduleNextCycle();
}

void Daemon::scheduleNextCycle() {
  auto wait =
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(config_.source.pollInterval);
  {
    auto txn = store_.read();
    for (auto next : {txn.nextOutboxAttempt(), txn.nextDeadline()}) {
      if (!next) continue;
      auto until = std::max<std::chrono::seconds>(
          std::chrono::duration_cast<std::chrono::seconds>(*next - now()), std::chrono::seconds(0));
      wait = std::min(wait, std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                until + std::chrono::seconds(1)));
    }
  }
  cycleTimer_.expires_after(wait);
  cycleTimer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec && !stopping_) startCycle();
  });
}

void Daemon::stop() {
  cycleTimer_.cancel();
  watchdogTimer_.cancel();
  signals_.cancel();
  if (!once_) spdlog::info("DAEMON_STOPPED accepted={}", totalAccepted_);
  io_.stop();
}

void Daemon::onSignal(int signal) {
  if (signal == SIGHUP) {
    spdlog::info("CONFIG_RELOAD_REQUESTED file={}", config_.file.string());
    auto fresh = loadConfig(config_.file);
    if (!fresh) {
      for (const auto& error : fresh.error())
        spdlog::error("CONFIG_RELOAD_FAILED {}: {} (keeping the running configuration)",
                      error.where, error.what);
    } else {
      reloadedConfig_ = std::move(*fresh);
      if (!cycleRunning_) {
        reload();
        cycleTimer_.cancel();
        boost::asio::post(io_, [this] { startCycle(); });
      }
    }
    signals_.async_wait([this](const boost::system::error_code& ec, int next) {
      if (!ec) onSignal(next);
    });
    return;
  }
  spdlog::info("DAEMON_STOPPING signal={} in_progress={}", signal, cycleRunning_);
  notifyStopping();
  stopping_ = true;
  if (!cycleRunning_) stop();
}

void Daemon::reload() {
  notifyReloading();
  Config fresh = std::move(*reloadedConfig_);
  reloadedConfig_.reset();
  if (fresh.state.dir != config_.state.dir) {
    spdlog::warn("CONFIG_RELOAD_PARTIAL [state] dir changes only on restart; keeping {}",
                 config_.state.dir.string());
    fresh.state = config_.state;
  }
  Config previous = std::move(config_);
  config_ = std::move(fresh);
  try {
    timeZone_ = openTimeZone(config_);
    buildAdapters();
    spdlog::info("CONFIG_RELOADED file={} source={} smtp={}", config_.file.string(), source_->id(),
                 config_.smtp.url);
  } catch (const std::exception& e) {
    config_ = std::move(previous);
    timeZone_ = openTimeZone(config_);
    buildAdapters();
    spdlog::error("CONFIG_RELOAD_FAILED {} (keeping the running configuration)", e.what());
  }
  notifyReady();
}

void Daemon::pingWatchdog() {
  auto interval = watchdogInterval();
  if (!interval) return;
  notifyWatchdog();
  std::size_t pending = 0;
  {
    auto txn = store_.read();
    pending = txn.pendingOutboxCount();
  }
  notifyStatus("accepted " + std::to_string(totalAccepted_) + " messages; outbox pending " +
               std::to_string(pending));
  watchdogTimer_.expires_after(*interval / 2);
  watchdogTimer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) pingWatchdog();
  });
}

}  // namespace cvdd::daemon
