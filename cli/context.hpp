#pragma once
// What every cvdctl command shares: the config, the state, the operator, the output form.

#include <memory>
#include <optional>
#include <string>

#include "core/time_zone.hpp"
#include "crypto/keyring.hpp"
#include "crypto/reply_token.hpp"
#include "crypto/smime_keyring.hpp"
#include "daemon/config.hpp"
#include "daemon/coordination.hpp"
#include "store/store.hpp"

namespace cvdd::cli {

/// A command's failure: printed as "cvdctl: <message>" with this exit code.
struct CommandError : std::runtime_error {
  CommandError(int code, const std::string& message)
      : std::runtime_error(message), exitCode(code) {}
  int exitCode;
};

class Context {
 public:
  std::string configFile = "/etc/cvdd/cvdd.toml";
  std::string operatorName;  // --as; else $CVDD_OPERATOR, $SUDO_USER, $USER
  bool json = false;

  const daemon::Config& config();
  /// Throws CommandError when the state does not exist yet, or (exit 6) when its store
  /// schema is not this version's: cvdctl never upgrades a store, cvdd does.
  store::Store& store();
  /// For commands that change the state: creates the state directory (0700) and the
  /// store when cvdd has not run yet, as the daemon would on its first start.
  store::Store& storeForWrite();
  /// The state directory, created (0700) as the daemon would when it does not exist yet.
  const std::filesystem::path& createStateDir();
  crypto::Keyring& keyring();
  /// The gpgsm side of the same GnuPG home. Throws CommandError when gpgsm is unusable.
  crypto::SmimeKeyring& smimeKeyring();
  /// The same, or null when gpgsm is unusable (S/MIME is then simply not available).
  crypto::SmimeKeyring* smimeKeyringIfAny();
  /// What carrying out a case command needs: the zone, the coordinator's signing key and
  /// the reply-token key, exactly as the daemon uses them.
  const daemon::CoordinationEnvironment& coordination();
  std::string actor() const;
  core::Timestamp now() const;

 private:
  std::optional<daemon::Config> config_;
  std::optional<store::Store> store_;
  std::optional<crypto::Keyring> keyring_;
  std::optional<crypto::SmimeKeyring> smime_;
  std::optional<core::TimeZone> timeZone_;
  std::optional<crypto::ReplyTokenKey> replyTokens_;
  std::optional<daemon::CoordinationEnvironment> coordination_;
};

/// The bytes of a file, or of stdin for "-"; throws CommandError when it cannot be read.
std::string readInput(const std::string& file);

}  // namespace cvdd::cli
