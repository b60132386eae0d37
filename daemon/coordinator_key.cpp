#include "daemon/coordinator_key.hpp"

#include <stdexcept>

namespace cvdd::daemon {

std::optional<std::string> findCoordinatorKey(const Config& config, crypto::Keyring& keyring) {
  if (!config.openpgp.sign) return std::string();
  if (!config.openpgp.keyFingerprint.empty()) {
    auto key = keyring.findKey(config.openpgp.keyFingerprint);
    if (!key || !key->hasSecret || !key->canSign)
      throw std::runtime_error("[openpgp] key " + config.openpgp.keyFingerprint +
                               ": no usable secret signing key in " + config.openpgp.home.string());
    return key->fingerprint;
  }
  for (const auto& key : keyring.listKeys(config.coordinator.intake))
    if (key.hasSecret && key.canSign && !key.expired && !key.revoked) return key.fingerprint;
  return std::nullopt;
}

}  // namespace cvdd::daemon
