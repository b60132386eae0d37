// The coordination benchmark's C++ half (bench/coordination_bench.py drives it): fills a
// state dir with realistic coordinated cases and their pending deadlines, tells the clock
// at which a given number of deadlines is due, and times daemon::fireDueDeadlines. Prints
// figures; never run as a test.
//
//   coordination_bench populate  --config FILE [--cases 100000] [--vendors 3000] [--batch 1000]
//   coordination_bench due-clock --config FILE --due N
//   coordination_bench fire      --config FILE --due N [--ticks 10] [--per-commit 32] [--sign]

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "bench/bench_support.hpp"
#include "core/deadlines.hpp"
#include "core/lifecycle.hpp"
#include "crypto/keyring.hpp"
#include "crypto/reply_token.hpp"
#include "daemon/config.hpp"
#include "daemon/coordination.hpp"
#include "daemon/coordinator_key.hpp"
#include "daemon/deadline_firing.hpp"
#include "daemon/time_zone_loader.hpp"
#include "store/store.hpp"

namespace {

using namespace std::chrono;
using cvdd::bench::caseId;
using cvdd::bench::millis;
using cvdd::bench::TimedCommand;
using cvdd::core::CaseWorkflow;
using cvdd::core::Deadline;
using cvdd::core::Timestamp;
using cvdd::daemon::Config;
using cvdd::store::Store;

struct Options {
  std::string command;
  std::string config;
  std::size_t cases = 100'000;
  std::size_t vendors = 3'000;
  std::size_t batch = 1'000;
  std::size_t due = 1'000;
  std::size_t ticks = 10;
  std::size_t perCommit = 32;  // [state] deadlines_per_commit
  bool sign = false;
};

Options parseOptions(int argc, char** argv) {
  if (argc < 2)
    throw std::invalid_argument("usage: coordination_bench populate|due-clock|fire ...");
  Options o;
  o.command = argv[1];
  cvdd::bench::Args args(argc, argv, 2);
  for (auto arg = args.next(); !arg.empty(); arg = args.next()) {
    if (arg == "--config") {
      o.config = args.text();
    } else if (arg == "--cases") {
      o.cases = args.number();
    } else if (arg == "--vendors") {
      o.vendors = args.number();
    } else if (arg == "--batch") {
      o.batch = args.number();
    } else if (arg == "--due") {
      o.due = args.number();
    } else if (arg == "--ticks") {
      o.ticks = args.number();
    } else if (arg == "--per-commit") {
      o.perCommit = args.number();
    } else if (arg == "--sign") {
      o.sign = true;
    } else {
      throw std::invalid_argument("unknown option " + std::string(arg));
    }
  }
  if (o.config.empty()) throw std::invalid_argument("--config is required");
  if (o.cases == 0 || o.vendors < 4 || o.batch == 0 || o.due == 0)
    throw std::invalid_argument("--cases, --batch and --due must be positive, --vendors >= 4");
  return o;
}

Config loadConfig(const std::string& file) {
  auto config = cvdd::daemon::loadConfig(file);
  if (!config)
    throw std::runtime_error(file + ": " + config.error().front().where + ": " +
                             config.error().front().what);
  return std::move(*config);
}

cvdd::core::TimeZone loadZone(const Config& config) {
  auto tz = cvdd::daemon::loadTimeZone(config.coordinator.timezone);
  if (!tz) throw std::runtime_error(tz.error().what);
  return std::move(*tz);
}

Store openStore(const Config& config) {
  return Store::open(config.state.dir / "db", config.state.mapSizeBytes);
}

// --- population ---------------------------------------------------------------------------

/// The first case is received here; the rest follow evenly over a year.
constexpr sys_days kWindowStart{2025y / 11 / 20};

std::string vendorId(std::size_t v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "v%04zu", v);
  return buffer;
}

cvdd::store::VendorRecord vendorRecord(std::size_t v) {
  cvdd::store::VendorRecord r;
  r.id = vendorId(v);
  r.organisation = "Vendor " + std::to_string(v) + " Corporation";
  r.registration = cvdd::store::RegistrationKind::General;
  r.contacts.push_back({"psirt@" + r.id + ".example", "PSIRT " + std::to_string(v), std::nullopt});
  if (v % 3 == 0) r.contacts.push_back({"security@" + r.id + ".example", "", std::nullopt});
  r.otherChannels = {"phone:+81-3-" + std::to_string(1000 + v % 9000) + "-0000"};
  r.keywords = {"web", v % 2 == 0 ? "router" : "cms", "product-line-" + std::to_string(v % 50)};
  r.products = {"Product " + std::to_string(v) + " Server",
                "Product " + std::to_string(v) + " Cloud"};
  r.language = v % 4 == 0 ? "en" : "ja";
  r.createdAt = sys_days{2020y / 1 / 1};
  r.updatedAt = r.createdAt;
  return r;
}

std::string messageIdLocal(const std::string& id) {
  std::string local = id;
  for (char& ch : local)
    if (ch == '#') ch = '-';
  return local;
}

struct Generated {
  cvdd::core::Case c;
  cvdd::store::CaseReport report;
  CaseWorkflow workflow;
  std::vector<Deadline> pending;
};

/// One case as intake and a few weeks of coordination leave it: the report and its
/// acknowledgement, 2-4 vendors contacted at staggered start dates (the first one asked for
/// and got the details, the second did so in every other case, the rest never answered),
/// and in every third case a publication date agreed.
class CaseGenerator {
 public:
  CaseGenerator(const Config& config, const cvdd::core::TimeZone& tz, std::size_t cases,
                const Store& store)
      : config_(config), tz_(tz), cases_(cases) {
    auto txn = store.read();
    registry_ = txn.listVendors();
    for (const auto& record : registry_) {
      auto add = cvdd::daemon::addVendorCommand(txn, record.id);
      if (!add) throw std::runtime_error(add.error().what);
      addVendor_.push_back(std::move(*add));
    }
  }

  Generated make(std::size_t i) {
    std::mt19937_64 random(i * 7919 + 17);
    Generated g;
    const std::string id = caseId(i);
    const auto received =
        Timestamp{kWindowStart} + seconds{static_cast<long long>(i * 365 * 86'400 / cases_)};
    const bool japanese = i % 2 == 1;
    const std::string reporter =
        "reporter" + std::to_string(i) + "@mail" + std::to_string(i % 500) + ".example.org";
    const std::string subject =
        japanese ? "製品" + std::to_string(i % 997) + "のログイン画面における SQL インジェクション"
                 : "SQL injection in the login form of product " + std::to_string(i % 997);
    const auto& intake = config_.coordinator.intake;
    const auto& host = config_.coordinator.hostname;

    auto& c = g.c;
    c.id = id;
    c.reporter = reporter;
    c.subject = subject;
    c.receivedAt = received;
    c.language = japanese ? cvdd::core::Language::Japanese : cvdd::core::Language::English;
    c.participants.push_back(
        {reporter, cvdd::core::ParticipantRole::Reporter, "Reporter " + std::to_string(i), {}});
    cvdd::core::TimelineEntry report{
        received,
        cvdd::core::Direction::Inbound,
        cvdd::core::MessageRole::Report,
        "maildir:" + std::to_string(1763596800 + i) + ".bench" + std::to_string(i) + ".host",
        "report-" + std::to_string(i) + "@mail.example.org",
        reporter,
        intake,
        subject};
    report.signature = "unsigned";
    c.timeline.push_back(report);
    const std::string ackId = messageIdLocal(id) + ".acknowledgement@" + host;
    cvdd::core::TimelineEntry ack{
        received,
        cvdd::core::Direction::Outbound,
        cvdd::core::MessageRole::Acknowledgement,
        ackId,
        ackId,
        intake,
        reporter,
        "[" + id + "] " + (japanese ? "受付のお知らせ" : "Report received")};
    ack.signature = "signed";
    ack.signerFingerprint = "8D5B1C35E0A4A4E5C2D0F7B1A9C3E2D4F6A8B0C2";
    c.timeline.push_back(ack);

    auto& r = g.report;
    r.caseId = id;
    r.reporterName = "Reporter " + std::to_string(i);
    r.reporterContact = reporter;
    r.shareIdentityWithVendor = i % 3 == 0 ? "yes" : "no";
    r.vendorMayContactDirectly = "no";
    r.publishName = i % 2 == 0 ? "yes" : "no";
    r.product = "ExampleShop " + std::to_string(i % 997) + " 3.2.1";
    r.vulnerability.reserve(1600);
    for (int line = 0; line < 16; ++line)
      r.vulnerability +=
          "The login form passes the user parameter unescaped to the SQL query; "
          "step " +
          std::to_string(line) + " of the reproduction follows.\n";
    r.personalData = "none";
    r.otherOrganisations = "none";
    r.otherFacts = "Tested against the vendor's demo instance.";
    r.title = "SQL injection in ExampleShop " + std::to_string(i % 997);
    r.summary = "ExampleShop " + std::to_string(i % 997) +
                " contains an SQL injection vulnerability in its login form.";

    // Commands, in time order.
    const std::size_t count = 2 + i % 3;
    std::vector<std::size_t> picked;
    std::vector<std::string> ids;
    while (picked.size() < count) {
      auto v = std::uniform_int_distribution<std::size_t>(0, registry_.size() - 1)(random);
      if (std::find(picked.begin(), picked.end(), v) != picked.end()) continue;
      picked.push_back(v);
      ids.push_back(registry_[v].id);
    }
    using namespace cvdd::core::command;
    std::vector<TimedCommand> commands;
    const Timestamp accepted = received + days{1};
    commands.push_back({accepted, Accept{}});
    for (const auto v : picked) {
      commands.push_back({accepted, addVendor_[v]});
      const auto& record = registry_[v];
      for (const auto& contact : record.contacts)
        c.participants.push_back({contact.address, cvdd::core::ParticipantRole::Vendor,
                                  record.organisation, contact.keyFingerprint});
    }
    Timestamp start = accepted + days{1} + hours{2};
    for (std::size_t k = 0; k < count; ++k) {
      if (k > 0) start += days{std::uniform_int_distribution<int>(3, 12)(random)};
      commands.push_back({start, SendSummary{ids[k]}});
      if (k == 0 || (k == 1 && i % 2 == 0)) {
        commands.push_back({start + days{2}, VendorRequestedDetails{ids[k]}});
        commands.push_back({start + days{2} + hours{3}, SendDetails{ids[k], false}});
      }
    }
    std::stable_sort(commands.begin(), commands.end(),
                     [](const TimedCommand& a, const TimedCommand& b) { return a.at < b.at; });
    if (i % 3 == 0) commands.push_back({start + days{6}, SetPublicationDate{}});

    // One command at a time: each notice it sends becomes a timeline entry per recipient,
    // as the coordination layer records them.
    CaseWorkflow wf;
    wf.caseId = id;
    std::vector<cvdd::core::Effect> effects;
    for (auto& [at, command] : commands) {
      if (auto* set = std::get_if<SetPublicationDate>(&command))
        set->date = *cvdd::core::proposedPublicationDate(wf, config_.deadlines, tz_);
      const std::size_t first = effects.size();
      wf = cvdd::bench::applyCommands(std::move(wf), {{at, command}}, tz_, config_.deadlines,
                                      &effects);
      std::size_t recipient = 0;
      for (std::size_t e = first; e < effects.size(); ++e) {
        const auto* notice = std::get_if<cvdd::core::effect::SendNotice>(&effects[e]);
        if (notice == nullptr) continue;
        std::vector<std::string> to;
        if (notice->recipient == cvdd::core::NoticeRecipient::Reporter) to.push_back(reporter);
        for (std::size_t k = 0; k < ids.size(); ++k)
          if (ids[k] == notice->vendorId)
            for (const auto& contact : registry_[picked[k]].contacts) to.push_back(contact.address);
        for (const auto& address : to) {
          const std::string messageId = messageIdLocal(id) + "." +
                                        std::to_string(wf.history.size()) + "." + notice->notice +
                                        "." + std::to_string(recipient++) + "@" + host;
          cvdd::core::TimelineEntry sent{at,
                                         cvdd::core::Direction::Outbound,
                                         cvdd::core::MessageRole::Notice,
                                         messageId,
                                         messageId,
                                         intake,
                                         address,
                                         "[" + id + "] " + r.title};
          sent.signature = "signed";
          sent.signerFingerprint = ack.signerFingerprint;
          sent.note = notice->notice;
          c.timeline.push_back(std::move(sent));
        }
      }
    }

    // The index holds what the engine says is pending; the transitions' own schedule and
    // cancel effects must say the same.
    g.pending = cvdd::core::pendingDeadlines(wf, config_.deadlines, tz_);
    std::set<std::string> fromEffects;
    for (const auto& e : effects) {
      if (const auto* s = std::get_if<cvdd::core::effect::ScheduleDeadline>(&e))
        fromEffects.insert(s->deadline.key());
      if (const auto* x = std::get_if<cvdd::core::effect::CancelDeadlines>(&e))
        for (const auto& key : x->keys) fromEffects.erase(key);
    }
    std::set<std::string> pendingKeys;
    for (const auto& d : g.pending) pendingKeys.insert(d.key());
    if (pendingKeys != fromEffects) ++effectMismatches;
    g.workflow = std::move(wf);
    return g;
  }

  std::size_t effectMismatches = 0;

 private:
  const Config& config_;
  const cvdd::core::TimeZone& tz_;
  std::size_t cases_;
  std::vector<cvdd::store::VendorRecord> registry_;
  std::vector<cvdd::core::command::AddVendor> addVendor_;
};

int populate(const Options& o) {
  const Config config = loadConfig(o.config);
  const auto tz = loadZone(config);
  Store store = openStore(config);
  if (store.read().hasCase(caseId(0))) throw std::runtime_error("the state dir is not empty");

  auto start = steady_clock::now();
  {
    auto txn = store.write();
    for (std::size_t v = 0; v < o.vendors; ++v) txn.putVendor(vendorRecord(v));
    txn.commit();
  }
  const double vendorMs = millis(steady_clock::now() - start);

  CaseGenerator generator(config, tz, o.cases, store);
  std::size_t deadlines = 0;
  std::map<std::size_t, std::size_t> perCase;
  double generateMs = 0, writeMs = 0;
  for (std::size_t done = 0; done < o.cases;) {
    const auto t0 = steady_clock::now();
    std::vector<Generated> batch;
    for (const std::size_t end = std::min(o.cases, done + o.batch); done < end; ++done)
      batch.push_back(generator.make(done));
    const auto t1 = steady_clock::now();
    auto txn = store.write();
    for (const auto& g : batch) {
      txn.putCase(g.c);
      txn.putReport(g.report);
      txn.putWorkflow(g.workflow);
      for (const auto& d : g.pending) txn.scheduleDeadline(g.c.id, d);
      deadlines += g.pending.size();
      ++perCase[g.pending.size()];
    }
    txn.commit();
    generateMs += millis(t1 - t0);
    writeMs += millis(steady_clock::now() - t1);
  }

  std::printf("vendors:                 %8zu in %.0f ms\n", o.vendors, vendorMs);
  std::printf("cases:                   %8zu (workflows by core::apply: %.0f ms, %.1f us/case)\n",
              o.cases, generateMs, generateMs * 1000 / static_cast<double>(o.cases));
  std::printf("written in batches of %zu: %.0f ms (%.1f us/case)\n", o.batch, writeMs,
              writeMs * 1000 / static_cast<double>(o.cases));
  std::printf("pending deadlines:       %8zu (%.2f per case; index holds %zu)\n", deadlines,
              static_cast<double>(deadlines) / static_cast<double>(o.cases),
              store.read().scheduledDeadlineCount());
  std::printf("deadlines per case:     ");
  for (const auto& [n, count] : perCase) std::printf(" %zu:%zu", n, count);
  std::printf("\n");
  if (generator.effectMismatches != 0)
    std::printf("WARNING: %zu cases where the apply effects disagree with pendingDeadlines\n",
                generator.effectMismatches);
  else
    std::printf("apply's schedule/cancel effects equal pendingDeadlines for every case\n");
  cvdd::bench::printFile("data.mdb:", config.state.dir / "db" / "data.mdb");
  return 0;
}

// --- clock and firing ---------------------------------------------------------------------

/// The due time of the due-th earliest deadline in the index: at that clock at least `due`
/// are due (more when others share that date).
Timestamp clockFor(const Store& store, std::size_t due) {
  auto txn = store.read();
  auto first = txn.dueDeadlines(Timestamp::max(), due);
  if (first.empty()) throw std::runtime_error("no deadline is scheduled");
  return first.back().deadline.due;
}

std::size_t dueAt(const Store& store, Timestamp clock) {
  return store.read().dueDeadlines(clock, std::numeric_limits<std::size_t>::max()).size();
}

int dueClock(const Options& o) {
  const Config config = loadConfig(o.config);
  Store store = openStore(config);
  const Timestamp clock = clockFor(store, o.due);
  const auto txn = store.read();
  std::printf("clock=%lld due=%zu first=%lld scheduled=%zu outbox=%zu\n",
              static_cast<long long>(duration_cast<seconds>(clock.time_since_epoch()).count()),
              dueAt(store, clock),
              static_cast<long long>(
                  duration_cast<seconds>(txn.nextDeadline()->time_since_epoch()).count()),
              txn.scheduledDeadlineCount(), txn.pendingOutboxCount());
  return 0;
}

int fire(const Options& o) {
  const Config config = loadConfig(o.config);
  const auto tz = loadZone(config);
  Store store = openStore(config);
  // The daemon logs every firing; here to a file, so the cost is counted but not shown.
  auto logger = spdlog::basic_logger_mt("cvdd", (config.state.dir / "bench-fire.log").string());
  spdlog::set_default_logger(logger);
  const auto replyTokens =
      cvdd::crypto::ReplyTokenKey::loadOrCreate((config.state.dir / "reply-token.key").string());

  std::optional<cvdd::crypto::Keyring> keyring;
  cvdd::daemon::OutboundSigner signer;
  if (o.sign) {
    auto opened = cvdd::crypto::Keyring::open(config.openpgp.home);
    if (!opened) throw std::runtime_error(opened.error().what);
    keyring = std::move(*opened);
    auto key = cvdd::daemon::findCoordinatorKey(config, *keyring);
    if (!key) throw std::runtime_error("no coordinator key yet: run cvdd once first");
    signer = {&*keyring, *key};
  }
  const cvdd::daemon::CoordinationEnvironment env{&config, &tz, signer, &replyTokens};

  const std::size_t outboxBefore = store.read().pendingOutboxCount();
  std::vector<double> ticks, perDeadline;
  std::size_t fired = 0, stale = 0, dueTotal = 0;
  std::map<std::string, std::size_t> kinds;  // of the deadlines each tick takes first
  double totalMs = 0;
  for (std::size_t tick = 0; tick < o.ticks; ++tick) {
    const Timestamp clock = clockFor(store, o.due);
    dueTotal += dueAt(store, clock);
    for (const auto& d : store.read().dueDeadlines(clock, o.due))
      ++kinds[std::string(cvdd::core::deadlineKindName(d.deadline.kind))];
    const auto t0 = steady_clock::now();
    const auto result = cvdd::daemon::fireDueDeadlines(store, env, clock, o.due, o.perCommit);
    const double ms = millis(steady_clock::now() - t0);
    ticks.push_back(ms);
    totalMs += ms;
    const std::size_t n = result.handled();
    if (n > 0) perDeadline.push_back(ms / static_cast<double>(n));
    fired += result.fired;
    stale += result.stale;
  }
  const std::size_t queued = store.read().pendingOutboxCount() - outboxBefore;
  std::printf(
      "firing (%s): %zu ticks, limit %zu per tick, %zu per commit (%.0f due at each tick's "
      "clock)\n",
      o.sign ? "signed with gpg" : "keyring null, unsigned", ticks.size(), o.due, o.perCommit,
      static_cast<double>(dueTotal) / static_cast<double>(ticks.size()));
  cvdd::bench::printStats("fireDueDeadlines per tick", cvdd::bench::statsOf(ticks));
  cvdd::bench::printStats("per deadline", cvdd::bench::statsOf(perDeadline));
  std::printf("  fired %zu, stale %zu, notices queued %zu (%.2f per deadline), %.3f ms/deadline\n",
              fired, stale, queued,
              static_cast<double>(queued) / static_cast<double>(std::max<std::size_t>(1, fired)),
              totalMs / static_cast<double>(std::max<std::size_t>(1, fired + stale)));
  std::printf("  kinds taken first:");
  for (const auto& [kind, n] : kinds) std::printf(" %s %zu", kind.c_str(), n);
  std::printf("\n");
  std::printf(
      "figures: tick_mean_ms=%.3f tick_p99_ms=%.3f deadline_ms=%.4f fired=%zu "
      "queued=%zu\n",
      cvdd::bench::statsOf(ticks).mean, cvdd::bench::statsOf(ticks).p99,
      totalMs / static_cast<double>(std::max<std::size_t>(1, fired + stale)), fired, queued);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options o = parseOptions(argc, argv);
    if (o.command == "populate") return populate(o);
    if (o.command == "due-clock") return dueClock(o);
    if (o.command == "fire") return fire(o);
    throw std::invalid_argument("unknown command " + o.command);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "coordination_bench: %s\n", e.what());
    return 1;
  }
}
