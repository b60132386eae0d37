#pragma once
// Which key signs cvdd's mail: the same answer for the daemon and for cvdctl, which
// composes the notices an operator's command causes.

#include <optional>
#include <string>

#include "crypto/keyring.hpp"
#include "daemon/config.hpp"

namespace cvdd::daemon {

/// "" when [openpgp] sign = false. Otherwise the configured key, else the intake
/// address's usable secret key; nullopt when there is none yet. Throws
/// std::runtime_error when a configured key is not a usable secret signing key.
std::optional<std::string> findCoordinatorKey(const Config& config, crypto::Keyring& keyring);

}  // namespace cvdd::daemon
