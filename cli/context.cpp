#include "cli/context.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "daemon/coordinator_key.hpp"
#include "daemon/system_clock.hpp"
#include "daemon/time_zone_loader.hpp"

namespace cvdd::cli {

namespace {

/// Exit code of a store whose schema is not this version's (newer, or older and not yet
/// upgraded by cvdd): distinct from a failure (1), a config error (2), missing state (3),
/// a workflow refusal (4) and a state in use (5).
constexpr int kSchemaMismatch = 6;

/// The store, opened read-only as to its schema: an older one is left for cvdd to upgrade.
store::Store openStore(const std::filesystem::path& db, std::size_t mapSize) {
  try {
    return store::Store::open(db, mapSize);
  } catch (const store::StoreSchemaError& e) {
    throw CommandError(kSchemaMismatch, e.what());
  }
}

}  // namespace

const daemon::Config& Context::config() {
  if (!config_) {
    auto loaded = daemon::loadConfig(configFile);
    if (!loaded) {
      std::string message;
      for (const auto& e : loaded.error())
        message += (message.empty() ? "" : "\ncvdctl: ") + e.where + ": " + e.what;
      throw CommandError(2, message);
    }
    config_ = std::move(*loaded);
  }
  return *config_;
}

store::Store& Context::store() {
  if (!store_) {
    auto db = config().state.dir / "db";
    if (!std::filesystem::exists(db))
      throw CommandError(
          3, "no state in " + config().state.dir.string() + " (has cvdd run with this config?)");
    store_ = openStore(db, config().state.mapSizeBytes);
  }
  return *store_;
}

store::Store& Context::storeForWrite() {
  if (!store_) {
    const auto& dir = createStateDir();
    store_ = openStore(dir / "db", config().state.mapSizeBytes);
  }
  return *store_;
}

const std::filesystem::path& Context::createStateDir() {
  const auto& dir = config().state.dir;
  std::error_code ec;
  if (!std::filesystem::exists(dir / "db", ec)) {
    std::filesystem::create_directories(dir, ec);
    if (ec) throw CommandError(3, "cannot create " + dir.string() + ": " + ec.message());
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
  }
  return dir;
}

crypto::Keyring& Context::keyring() {
  if (!keyring_) {
    auto opened = crypto::Keyring::open(config().openpgp.home);
    if (!opened) throw CommandError(1, "OpenPGP home: " + opened.error().what);
    keyring_ = std::move(*opened);
  }
  return *keyring_;
}

crypto::SmimeKeyring& Context::smimeKeyring() {
  if (!smime_) {
    auto opened = crypto::SmimeKeyring::open(config().openpgp.home);
    if (!opened) throw CommandError(1, "S/MIME (gpgsm): " + opened.error().what);
    smime_ = std::move(*opened);
  }
  return *smime_;
}

crypto::SmimeKeyring* Context::smimeKeyringIfAny() {
  try {
    return &smimeKeyring();
  } catch (const CommandError&) {
    return nullptr;
  }
}

const daemon::CoordinationEnvironment& Context::coordination() {
  if (!coordination_) {
    const auto& cfg = config();
    store();  // the state must exist: the daemon has run and made its keys
    auto zone = daemon::loadTimeZone(cfg.coordinator.timezone);
    if (!zone) throw CommandError(2, "[coordinator] timezone: " + zone.error().what);
    timeZone_ = std::move(*zone);
    const auto tokenFile = cfg.state.dir / "reply-token.key";
    if (!std::filesystem::exists(tokenFile))
      throw CommandError(3, "no reply-token key in " + cfg.state.dir.string() +
                                " (start cvdd once with this config)");
    replyTokens_ = crypto::ReplyTokenKey::loadOrCreate(tokenFile.string());
    daemon::OutboundSigner signer;
    if (cfg.openpgp.sign) {
      auto fingerprint = daemon::findCoordinatorKey(cfg, keyring());
      if (!fingerprint)
        throw CommandError(3, "no coordinator signing key for " + cfg.coordinator.intake + " in " +
                                  cfg.openpgp.home.string() +
                                  " (start cvdd once: it generates one)");
      signer = {&keyring(), *fingerprint, smimeKeyringIfAny()};
    } else {
      signer = {&keyring(), "", smimeKeyringIfAny()};
    }
    coordination_ = daemon::CoordinationEnvironment{&cfg, &*timeZone_, signer, &*replyTokens_};
  }
  return *coordination_;
}

std::string Context::actor() const {
  if (!operatorName.empty()) return operatorName;
  for (const char* variable : {"CVDD_OPERATOR", "SUDO_USER", "USER", "LOGNAME"})
    if (const char* value = std::getenv(variable); value != nullptr && *value != '\0') return value;
  return "unknown-operator";
}

core::Timestamp Context::now() const {
  return daemon::currentTime();
}

std::string readInput(const std::string& file) {
  std::ostringstream data;
  if (file == "-") {
    data << std::cin.rdbuf();
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw CommandError(1, "cannot read " + file);
    data << in.rdbuf();
  }
  return data.str();
}

}  // namespace cvdd::cli
