#include "daemon/daemon.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <csignal>
#include <deque>
#include <future>
#include <random>
#include <string_view>

#include "daemon/coordinator_key.hpp"
#include "daemon/crash_point.hpp"
#include "daemon/imap_source.hpp"
#include "daemon/intake_processor.hpp"
#include "daemon/maildir.hpp"
#include "daemon/outbox_sender.hpp"
#include "daemon/site_publisher.hpp"
#include "daemon/store_alert.hpp"
#include "daemon/system_clock.hpp"
#include "daemon/systemd_notify.hpp"
#include "daemon/time_zone_loader.hpp"
#include "store/byte_size.hpp"
#include "store/digest.hpp"
#include "store/site_changes.hpp"

namespace cvdd::daemon {

namespace {

/// The state directory, created 0700, held by this process for its lifetime: a second
/// cvdd on the same state, or `cvdctl restore`, is refused while it runs.
store::StateLock lockState(const Config& config) {
  std::error_code ec;
  std::filesystem::create_directories(config.state.dir, ec);
  std::filesystem::permissions(config.state.dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  auto lock = store::StateLock::tryAcquire(config.state.dir);
  if (!lock) {
    const auto holder = store::StateLock::holder(config.state.dir);
    throw std::runtime_error("state " + config.state.dir.string() + " is in use by another cvdd" +
                             (holder ? " (pid " + std::to_string(*holder) + ")" : ""));
  }
  return std::move(*lock);
}

/// The store, upgraded from an older schema when it has one: the state lock, held, is
/// what permits that (no other cvdd, an older one perhaps, runs on it).
store::Store openStore(const Config& config, const store::StateLock& lock) {
  const auto dir = config.state.dir / "db";
  // The crash point falls after the upgrade's work and before its commit: a test kills
  // cvdd there and finds the store as it was.
  // The copy of the store as it was goes beside it, in the state dir (0700).
  auto store = store::Store::open(
      dir, config.state.mapSizeBytes,
      {&lock, [](unsigned) { crashPoint("in-store-upgrade"); }, config.state.dir});
  if (const auto from = store.upgradedFrom())
    spdlog::info("STORE_MIGRATED dir={} from={} to={} copy={}", dir.string(), *from,
                 store::kStoreSchema, store.copiedBeforeUpgrade().value_or("").string());
  store.setQuotas({config.state.rawQuotaBytes, config.state.quarantineQuotaBytes});
  return store;
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

/// S/MIME needs gpgsm; without it cvdd still runs, and confidential mail to parties
/// with only a certificate is held as for parties with nothing.
std::optional<crypto::SmimeKeyring> openSmime(const Config& config) {
  auto smime = crypto::SmimeKeyring::open(config.openpgp.home);
  if (!smime) {
    spdlog::warn("SMIME_UNAVAILABLE home={} error=\"{}\"", config.openpgp.home.string(),
                 smime.error().what);
    return std::nullopt;
  }
  return std::move(*smime);
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

std::int64_t ticks(std::chrono::steady_clock::time_point at) {
  return at.time_since_epoch().count();
}

std::int64_t ticks(std::chrono::steady_clock::duration span) {
  return span.count();
}

/// The attempt counter of one source message: bumped and committed before each attempt.
std::string attemptCounterKey(std::string_view key) {
  return "attempt/" + std::string(key);
}

std::uint32_t randomCaseNumber() {
  // random_device reads the kernel's CSPRNG: case IDs are not guessable from earlier ones.
  static std::random_device device;
  return std::uniform_int_distribution<std::uint32_t>(0, 99'999'999)(device);
}

}  // namespace

Daemon::Daemon(Config config)
    : configFile_(config.file),
      config_(std::move(config)),
      stateLock_(lockState(config_)),
      store_(openStore(config_, stateLock_)),
      keyring_(openKeyring(config_)),
      smime_(openSmime(config_)),
      coordinatorFingerprint_(coordinatorKey(config_, keyring_)),
      replyTokens_(
          crypto::ReplyTokenKey::loadOrCreate((config_.state.dir / "reply-token.key").string())),
      timeZone_(openTimeZone(config_)),
      signals_(io_, SIGTERM, SIGINT, SIGHUP),
      watchdogTimer_(io_),
      processingBudget_(ticks(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          config_.limits.processingBudget))) {
  buildAdapters();
  openerCount_ = config_.openpgp.workers != 0
                     ? config_.openpgp.workers
                     : std::max<std::size_t>(1, std::thread::hardware_concurrency());
  if (openerCount_ > 1) openers_ = std::make_unique<boost::asio::thread_pool>(openerCount_);
}

Daemon::~Daemon() {
  if (worker_.joinable()) {
    stopping_ = true;
    interruptSource();
    worker_.join();
  }
  stopSender();
  if (openers_) openers_->join();
}

void Daemon::buildAdapters() {
  auto source = makeSource(config_.source);
  {
    std::lock_guard lock(sourceMutex_);  // interruptSource() may run on the main thread
    source_ = std::move(source);
  }
  transport_ = makeTransport(config_.smtp);
}

void Daemon::interruptSource() {
  std::lock_guard lock(sourceMutex_);
  if (source_) source_->interrupt();
}

core::Timestamp Daemon::now() const {
  return currentTime();
}

int Daemon::run(bool once) {
  once_ = once;
  awaitSignal();
  if (!once_) {
    notifyReady();
    spdlog::info("DAEMON_READY source={} smtp={} state={} test_hooks={}", source_->id(),
                 config_.smtp.url, config_.state.dir.string(), testHooksCompiledIn());
    pingWatchdog();
  }
  if (!once_) {
    useSmtp(config_.smtp);
    sender_ = std::thread([this] { senderLoop(); });
  }
  worker_ = std::thread([this] { workerLoop(); });
  io_.run();
  worker_.join();
  stopSender();
  if (!once_) spdlog::info("DAEMON_STOPPED accepted={}", totalAccepted_.load());
  return exitCode_;
}

// ---------------------------------------------------------------------------------------
// The intake worker

void Daemon::workerLoop() {
  try {
    while (!stopping_) {
      applyReload();
      runCycle();
      if (once_ || stopping_) break;
      const auto until = std::chrono::steady_clock::now() + nextWait();
      source_->waitForChange(until);
    }
  } catch (const std::exception& e) {
    // Only a broken store or engine gets here; systemd restarts the process.
    spdlog::critical("DAEMON_FAILED {}", e.what());
    exitCode_ = 1;
  }
  boost::asio::post(io_, [this] {
    watchdogTimer_.cancel();
    signals_.cancel();
    io_.stop();
  });
}

void Daemon::runCycle() {
  retrySoon_ = false;
  retryNow_ = false;
  retryStoreFull_ = false;
  flagCommitted();
  intakeNew();
  fireDeadlines();
  sendDue();
  regenerateSite();
}

void Daemon::regenerateSite() {
  if (!config_.publication.dir || stopping_) return;
  // A restarted daemon goes on from the site its predecessor left, when that is known.
  if (!siteRendered_) siteRendered_ = siteRenderedAt(config_, timeZone_);
  if (siteRendered_ && *siteRendered_ == store_.read().counter(store::kSiteChangesCounter)) return;
  busySince_ = ticks(std::chrono::steady_clock::now());
  try {
    // The whole site when nothing is known of it (first start, other settings or version),
    // then only what changed since.
    const auto published =
        siteRendered_ ? publishSiteChanges(store_, config_, timeZone_, now(), *siteRendered_)
                      : publishSite(store_, config_, timeZone_, now());
    if (!published)
      throw std::runtime_error(published.error().where + ": " + published.error().what);
    for (const auto& problem : published->problems) spdlog::warn("SITE_FILE_LEFT_OUT {}", problem);
    spdlog::info("SITE_PUBLISHED dir={} cases={} written={} bytes={} changes={}",
                 config_.publication.dir->string(), published->publishedCases,
                 published->write.written, published->write.bytes, published->changes);
    siteRendered_ = published->changes;
    siteFailed_ = false;
  } catch (const std::exception& e) {
    // The current site stays as it was; the counter is unchanged, so the next cycle tries
    // again. Never fatal: publishing is not worth stopping intake for.
    spdlog::error("SITE_PUBLISH_FAILED dir={} error=\"{}\"", config_.publication.dir->string(),
                  e.what());
    siteFailed_ = true;
    if (once_) exitCode_ = 1;
  }
  busySince_ = 0;
}

void Daemon::flagCommitted() {
  std::vector<store::InboxItem> unflagged;
  {
    auto txn = store_.read();
    unflagged = txn.unflaggedInbox();
  }
  for (const auto& item : unflagged) {
    try {
      flagAccepted(item.key);
    } catch (const store::StoreFullError& e) {
      onStoreFull(e);
      return;
    } catch (const std::exception& e) {
      spdlog::warn("SOURCE_FLAG_FAILED key={} error=\"{}\"", item.key, e.what());
      return;
    }
  }
}

void Daemon::intakeNew() {
  std::vector<SourceRef> refs;
  try {
    auto txn = store_.read();
    refs = source_->listNew(txn);
  } catch (const std::exception& e) {
    sourceBackoff_ = std::min<std::chrono::steady_clock::duration>(
        sourceBackoff_ == std::chrono::steady_clock::duration{} ? std::chrono::seconds(1)
                                                                : sourceBackoff_ * 2,
        kSourceBackoffMax);
    spdlog::error("SOURCE_UNAVAILABLE source={} error=\"{}\" retry_in={}s", source_->id(), e.what(),
                  std::chrono::duration_cast<std::chrono::seconds>(sourceBackoff_).count());
    if (once_) exitCode_ = 1;
    return;
  }
  if (sourceBackoff_ != std::chrono::steady_clock::duration{}) {
    spdlog::info("SOURCE_RECOVERED source={}", source_->id());
    sourceBackoff_ = {};
  }
  if (refs.empty()) return;
  spdlog::info("SOURCE_POLLED new_messages={}", refs.size());
  acceptInOrder(refs, pipelineWidth(refs));
}

std::size_t Daemon::pipelineWidth(const std::vector<SourceRef>& refs) {
  // A message with an earlier attempt may be the one that crashed the process; several in
  // hand at once would all be charged for it. So after any crash or failure, one at a time
  // until every message of the cycle is through.
  auto txn = store_.read();
  for (const auto& ref : refs)
    if (txn.counter(attemptCounterKey(ref.key)) != 0) return 1;
  return openers_ == nullptr ? 1 : openerCount_;
}

void Daemon::acceptInOrder(const std::vector<SourceRef>& refs, std::size_t width) {
  // Parsing and OpenPGP (openInbound) run on the opener threads, up to `width` messages
  // ahead; fetching, committing and flagging stay here, in source order, so the stored
  // position never passes a message that is not committed.
  struct InHand {
    SourceRef ref;
    std::shared_ptr<const std::string> raw;
    std::future<crypto::OpenedMessage> opened;
  };
  std::deque<InHand> window;
  bool goOn = true;
  auto commitOldest = [&] {
    InHand oldest = std::move(window.front());
    window.pop_front();
    busySince_ = ticks(std::chrono::steady_clock::now());
    goOn = guarded(oldest.ref, [&] { commit(oldest.ref, *oldest.raw, oldest.opened.get()); });
    busySince_ = 0;
    if (goOn) sendDue();  // the acknowledgement goes out now, not after the whole batch
  };
  for (const auto& ref : refs) {
    while (goOn && !window.empty() &&
           (window.size() >= width || ref.acceptedAtSource || oversized(ref)))
      commitOldest();
    if (!goOn || stopping_) break;
    busySince_ = ticks(std::chrono::steady_clock::now());
    std::shared_ptr<std::string> raw = std::make_shared<std::string>();
    bool toOpen = false;
    goOn = guarded(ref, [&] { toOpen = prepare(ref, *raw); });
    busySince_ = 0;
    if (!goOn || !toOpen) continue;
    if (width == 1) {
      busySince_ = ticks(std::chrono::steady_clock::now());
      goOn = guarded(ref, [&] { commit(ref, *raw, openInbound(intakeEnvironment(), *raw)); });
      busySince_ = 0;
      if (goOn) sendDue();
      continue;
    }
    std::packaged_task<crypto::OpenedMessage()> task(
        [env = intakeEnvironment(), raw] { return openInbound(env, *raw); });
    auto opened = task.get_future();
    boost::asio::post(*openers_, std::move(task));
    window.push_back({ref, std::move(raw), std::move(opened)});
  }
  // What is in hand is finished (also on SIGTERM); after a failure the rest waits for the
  // next cycle, its openers finished first (they read the message bytes).
  while (goOn && !window.empty()) commitOldest();
  for (auto& left : window) left.opened.wait();
}

bool Daemon::oversized(const SourceRef& ref) const {
  return ref.size > config_.limits.parsing.maxMessageBytes;
}

bool Daemon::prepare(const SourceRef& ref, std::string& raw) {
  const auto& limits = config_.limits;
  // Counted before anything else, so a crash, an OOM kill or a watchdog kill while this
  // message is in hand counts too.
  const std::uint64_t attempt = countAttempt(ref.key);
  raw = oversized(ref) ? source_->fetchHeader(ref) : source_->fetch(ref);
  crashPoint("after-fetch");
  if (oversized(ref)) {
    quarantine(ref, raw,
               "message is " + std::to_string(ref.size) + " bytes, over [limits] message_size " +
                   std::to_string(limits.parsing.maxMessageBytes) +
                   ": only its header section was fetched; the whole message stays on the server",
               true);
    return false;
  }
  const auto excused = excusedAttempts_.find(ref.key);
  const std::uint64_t failed =
      attempt - 1 - (excused == excusedAttempts_.end() ? 0 : excused->second);
  if (failed >= limits.maxAttempts) {
    auto last = lastFailure_.find(ref.key);
    const std::string cause = last != lastFailure_.end()
                                  ? "last error: " + last->second
                                  : "the process died while processing it (a crash, an out-of-"
                                    "memory kill or a watchdog kill)";
    spdlog::error("MESSAGE_ATTEMPTS_EXHAUSTED key={} attempts={} {}", ref.key, failed, cause);
    quarantine(ref, raw,
               "processing failed " + std::to_string(failed) + " times, [limits] max_attempts " +
                   std::to_string(limits.maxAttempts) + " (" + cause + ")",
               false);
    return false;
  }
  if (ref.acceptedAtSource && !store_.read().findInboxBySha256(store::sha256Hex(raw))) {
    // Accepted once (the server carries our keyword), unknown to the store: the store was
    // restored from an older backup. Its acknowledgement probably went out already and its
    // case is gone: an operator decides, nobody is answered twice.
    quarantine(ref, raw,
               "accepted before the store was restored from a backup (the server marks it "
               "$CvddAccepted, the store does not know it): its case and acknowledgement may "
               "be lost; review it, then accept or reject",
               true);
    return false;
  }
  return true;
}

void Daemon::commit(const SourceRef& ref, const std::string& raw, crypto::OpenedMessage opened) {
  auto outcome = acceptMessage(intakeEnvironment(), source_->id(), ref, source_->positionAfter(ref),
                               raw, std::move(opened));
  logOutcome(ref, raw.size(), outcome);
  ++totalAccepted_;
  forget(ref.key);
  crashPoint("after-commit");
  flagAccepted(ref.key);
  crashPoint("after-flag");
}

template <typename Step>
bool Daemon::guarded(const SourceRef& ref, Step&& step) {
  try {
    step();
    return true;
  } catch (const store::StoreFullError& e) {
    // Not the message's fault: this attempt does not count against it.
    ++excusedAttempts_[ref.key];
    onStoreFull(e);
  } catch (const SourceError& e) {
    // The server went away: stop this cycle, the rest is fetched next time. Not the
    // message's fault either: this attempt does not count against it.
    ++excusedAttempts_[ref.key];
    spdlog::error("SOURCE_UNAVAILABLE key={} error=\"{}\"", ref.key, e.what());
    if (once_) exitCode_ = 1;
    sourceBackoff_ =
        std::max<std::chrono::steady_clock::duration>(sourceBackoff_, std::chrono::seconds(1));
  } catch (const std::exception& e) {
    // Nothing of this attempt was committed but its count. Intake stops here (the source
    // position must not pass this message) and tries again shortly; when the attempts run
    // out the message is quarantined raw, so one poison message cannot block the rest.
    spdlog::error("MESSAGE_FAILED key={} error=\"{}\"", ref.key, e.what());
    if (once_) exitCode_ = 1;
    lastFailure_[ref.key] = e.what();
    retrySoon_ = true;
  }
  return false;
}

std::uint64_t Daemon::countAttempt(const std::string& key) {
  auto txn = store_.write();
  const auto attempt = txn.bumpCounter(attemptCounterKey(key));
  txn.commit();
  return attempt;
}

void Daemon::quarantine(const SourceRef& ref, const std::string& raw, const std::string& reason,
                        bool readHeader) {
  auto outcome = quarantineUnprocessed(intakeEnvironment(), source_->id(), ref,
                                       source_->positionAfter(ref), raw, reason, readHeader);
  logOutcome(ref, raw.size(), outcome);
  forget(ref.key);
  flagAccepted(ref.key);
}

void Daemon::forget(const std::string& key) {
  lastFailure_.erase(key);
  excusedAttempts_.erase(key);
  if (storeFull_) {
    spdlog::info("STORE_RESUMED map_mib={} (intake continues)", store_.mapSize() >> 20);
    storeFull_.reset();
  }
}

void Daemon::onStoreFull(const store::StoreFullError& e) {
  if (e.kind() == store::StoreFullError::Kind::MapFull &&
      store_.grow(config_.state.mapSizeMaxBytes)) {
    spdlog::warn("STORE_GROWN map_mib={} max_mib={}", store_.mapSize() >> 20,
                 config_.state.mapSizeMaxBytes >> 20);
    retryNow_ = true;
    return;
  }
  retryStoreFull_ = true;
  if (!storeFull_) {
    spdlog::error(
        "STORE_FULL reason=\"{}\" map_mib={} max_mib={} (intake paused until there is "
        "room; nothing is lost)",
        e.what(), store_.mapSize() >> 20, config_.state.mapSizeMaxBytes >> 20);
    storeFull_ = StoreFullEpisode{e.what(), false};
  }
  if (!storeFull_->alerted) storeFull_->alerted = alertStoreFull(storeFull_->reason);
}

bool Daemon::alertStoreFull(const std::string& reason) {
  if (config_.coordinator.operators.empty()) return true;
  try {
    std::vector<store::OutboxEntry> alerts;
    {
      auto txn = store_.read();
      alerts = composeStoreFullAlert(config_, txn, outboundSigner(), reason, now());
    }
    bool all = true;
    for (const auto& alert : alerts) {
      auto sent = transport_->send(alert);
      if (!sent.sent)
        spdlog::error("STORE_FULL_ALERT_FAILED to={} error=\"{}\"", alert.recipients.front(),
                      sent.error);
      all &= sent.sent;
    }
    return all;
  } catch (const std::exception& ex) {
    spdlog::error("STORE_FULL_ALERT_FAILED error=\"{}\"", ex.what());
    return false;
  }
}

void Daemon::flagAccepted(const std::string& key) {
  // A key of another source (config changed) or renumbered away cannot be flagged any
  // more (markAccepted says false); either way there is nothing left to do for it.
  source_->markAccepted(key);
  auto txn = store_.write();
  txn.markFlagged(key);
  // The message is done with: its attempt counter goes (pruning exactly this one key).
  const auto counter = attemptCounterKey(key);
  txn.pruneCounters(counter, counter + '\0');
  txn.commit();
}

void Daemon::fireDeadlines() {
  for (;;) {
    if (stopping_) return;
    FiringTick tick;
    busySince_ = ticks(std::chrono::steady_clock::now());
    try {
      tick = fireDueDeadlines(store_, coordinationEnvironment(), now(), kDeadlinesPerHandler,
                              config_.state.deadlinesPerCommit);
    } catch (const store::StoreFullError& e) {
      // Nothing of the batch was kept; it fires once there is room.
      onStoreFull(e);
      busySince_ = 0;
      return;
    } catch (const std::exception& e) {
      // The store itself failed: nothing of the batch was kept; it is retried next cycle.
      spdlog::error("DEADLINE_FAILED error=\"{}\"", e.what());
      if (once_) exitCode_ = 1;
      retrySoon_ = true;
    }
    busySince_ = 0;
    // A deadline that could not fire was deferred and logged; --once says so in its status.
    if (tick.deferred > 0 && once_) exitCode_ = 1;
    if (tick.handled() < kDeadlinesPerHandler) return;
  }
}

void Daemon::sendDue() {
  if (!once_) {
    // The sender thread sends; the worker goes on with the next message meanwhile.
    {
      std::lock_guard lock(senderMutex_);
      sendRequested_ = true;
    }
    senderWake_.notify_one();
    return;
  }
  // --once: here and now.
  try {
    drainOutbox(*transport_, config_.smtp);
  } catch (const store::StoreFullError& e) {
    onStoreFull(e);
  } catch (const std::exception& e) {
    spdlog::error("OUTBOX_FAILED error=\"{}\"", e.what());
  }
}

void Daemon::drainOutbox(Transport& transport, const SmtpConfig& smtp) {
  // One attempt per due entry; after a failure the server is probably down: wait for the
  // backoff (the entry's next attempt) instead of trying every other entry against it now.
  while (!stopping_ && sendOneDue(store_, transport, smtp, now()) == SendResult::Sent) {
  }
}

std::chrono::steady_clock::duration Daemon::waitUntil(core::Timestamp at) const {
  // Store times are whole seconds: a second more, so the time has surely come.
  const auto left = std::max<std::chrono::seconds>(
      std::chrono::duration_cast<std::chrono::seconds>(at - now()), std::chrono::seconds(0));
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(left +
                                                                         std::chrono::seconds(1));
}

void Daemon::senderLoop() {
  std::unique_ptr<Transport> transport;
  SmtpConfig smtp;
  auto next = std::chrono::steady_clock::now();
  for (;;) {
    {
      std::unique_lock lock(senderMutex_);
      senderWake_.wait_until(lock, next, [&] { return sendRequested_ || senderStop_; });
      if (senderStop_) return;
      sendRequested_ = false;
      if (senderSmtp_) {
        smtp = std::move(*senderSmtp_);
        senderSmtp_.reset();
        transport.reset();
      }
    }
    try {
      if (!transport) transport = makeTransport(smtp);
      drainOutbox(*transport, smtp);
    } catch (const std::exception& e) {
      spdlog::error("OUTBOX_FAILED error=\"{}\"", e.what());
    }
    // Look again at the earliest retry, and at least every minute (cvdctl may queue mail).
    next = std::chrono::steady_clock::now() + std::chrono::minutes(1);
    try {
      auto txn = store_.read();
      pendingOutbox_ = txn.pendingOutboxCount();
      if (auto at = txn.nextOutboxAttempt())
        next = std::min(next, std::chrono::steady_clock::now() + waitUntil(*at));
    } catch (const std::exception& e) {
      spdlog::error("OUTBOX_FAILED error=\"{}\"", e.what());
    }
  }
}

void Daemon::useSmtp(const SmtpConfig& smtp) {
  {
    std::lock_guard lock(senderMutex_);
    senderSmtp_ = smtp;
    sendRequested_ = true;
  }
  senderWake_.notify_one();
}

void Daemon::stopSender() {
  {
    std::lock_guard lock(senderMutex_);
    senderStop_ = true;
  }
  senderWake_.notify_one();
  if (sender_.joinable()) sender_.join();
}

std::chrono::steady_clock::duration Daemon::nextWait() {
  using Duration = std::chrono::steady_clock::duration;
  Duration wait = std::chrono::duration_cast<Duration>(config_.source.pollInterval);
  if (sourceBackoff_ != Duration{}) wait = std::min(wait, sourceBackoff_);
  if (retrySoon_) wait = std::min<Duration>(wait, kRetryAfterFailure);
  if (retryStoreFull_) wait = std::min<Duration>(wait, kRetryWhenStoreFull);
  if (siteFailed_) wait = std::min<Duration>(wait, kRetrySiteAfterFailure);
  if (retryNow_) return Duration{};
  auto txn = store_.read();
  // Outbox retries are the sender thread's (nextWait is not asked in --once).
  if (auto deadline = txn.nextDeadline()) wait = std::min(wait, waitUntil(*deadline));
  return wait;
}

void Daemon::applyReload() {
  std::optional<Config> fresh;
  {
    std::lock_guard lock(reloadMutex_);
    fresh.swap(reloadedConfig_);
  }
  if (!fresh) return;
  notifyReloading();
  if (fresh->state.dir != config_.state.dir) {
    spdlog::warn("CONFIG_RELOAD_PARTIAL [state] dir changes only on restart; keeping {}",
                 config_.state.dir.string());
    fresh->state = config_.state;
  }
  Config previous = std::move(config_);
  config_ = std::move(*fresh);
  try {
    timeZone_ = openTimeZone(config_);
    buildAdapters();
    spdlog::info("CONFIG_RELOADED file={} source={} smtp={}", config_.file.string(), source_->id(),
                 config_.smtp.url);
    if (!once_) useSmtp(config_.smtp);
  } catch (const std::exception& e) {
    config_ = std::move(previous);
    timeZone_ = openTimeZone(config_);
    buildAdapters();
    spdlog::error("CONFIG_RELOAD_FAILED {} (keeping the running configuration)", e.what());
  }
  store_.setQuotas({config_.state.rawQuotaBytes, config_.state.quarantineQuotaBytes});
  siteRendered_.reset();  // [publication] or [coordinator] may have changed: render again
  processingBudget_ = ticks(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      config_.limits.processingBudget));
  notifyReady();
}

IntakeEnvironment Daemon::intakeEnvironment() {
  return IntakeEnvironment{&config_,          &store_,          [this] { return now(); },
                           &randomCaseNumber, outboundSigner(), &replyTokens_,
                           &timeZone_};
}

OutboundSigner Daemon::outboundSigner() {
  return {&keyring_, coordinatorFingerprint_, smime_ ? &*smime_ : nullptr};
}

CoordinationEnvironment Daemon::coordinationEnvironment() {
  return {&config_, &timeZone_, outboundSigner(), &replyTokens_};
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

// ---------------------------------------------------------------------------------------
// The main thread

void Daemon::awaitSignal() {
  signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (!ec) onSignal(signal);
  });
}

void Daemon::onSignal(int signal) {
  if (signal == SIGHUP) {
    spdlog::info("CONFIG_RELOAD_REQUESTED file={}", configFile_.string());
    auto fresh = loadConfig(configFile_);
    if (!fresh) {
      for (const auto& error : fresh.error())
        spdlog::error("CONFIG_RELOAD_FAILED {}: {} (keeping the running configuration)",
                      error.where, error.what);
    } else {
      std::lock_guard lock(reloadMutex_);
      reloadedConfig_ = std::move(*fresh);
    }
    interruptSource();  // the worker applies it before its next cycle
    awaitSignal();
    return;
  }
  spdlog::info("DAEMON_STOPPING signal={} in_progress={}", signal, busySince_.load() != 0);
  notifyStopping();
  stopping_ = true;
  interruptSource();
}

void Daemon::pingWatchdog() {
  auto interval = watchdogInterval();
  if (!interval) return;
  const std::int64_t since = busySince_;
  const auto busyFor = std::chrono::steady_clock::duration(
      since == 0 ? 0 : ticks(std::chrono::steady_clock::now()) - since);
  if (since != 0 && busyFor.count() > processingBudget_) {
    // The worker is stuck in one step: let systemd's watchdog restart the process. The
    // attempt counter was committed, so a message that does this is quarantined in time.
    if (!reportedStuck_)
      spdlog::error("PROCESSING_STUCK seconds={} (not feeding the watchdog; systemd restarts cvdd)",
                    std::chrono::duration_cast<std::chrono::seconds>(busyFor).count());
    reportedStuck_ = true;
  } else {
    reportedStuck_ = false;
    notifyWatchdog();
    notifyStatus("accepted " + std::to_string(totalAccepted_) + " messages; outbox pending " +
                 std::to_string(pendingOutbox_));
  }
  watchdogTimer_.expires_after(*interval / 2);
  watchdogTimer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) pingWatchdog();
  });
}

}  // namespace cvdd::daemon
