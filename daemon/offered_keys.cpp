#include "daemon/offered_keys.hpp"

#include <algorithm>

#include "daemon/inbound_evidence.hpp"

namespace cvdd::daemon {

namespace {

std::optional<std::string> protectedRoleOf(const Config& config, const store::ReadTxn& txn,
                                           const std::string& address) {
  if (auto vendor = txn.findVendorByAddress(address))
    return std::string(store::participantKindName(vendor->kind)) + " " + vendor->id;
  const auto& operators = config.coordinator.operators;
  if (std::any_of(operators.begin(), operators.end(),
                  [&](const std::string& op) { return core::normalizeAddress(op) == address; }))
    return std::string("an operator");
  if (core::normalizeAddress(config.coordinator.intake) == address)
    return std::string("the intake itself");
  return std::nullopt;
}

}  // namespace

core::ReporterKeyDecision reporterKeyFor(const IntakeEnvironment& env, const store::ReadTxn& txn,
                                         crypto::OpenedMessage& opened, const std::string& sender,
                                         const std::function<crypto::OpenedMessage()>& reopen) {
  core::KeyOffer offer;
  offer.sender = sender;
  if (sender.empty()) return {};
  if (auto binding = txn.getKeyBinding(sender); binding && binding->trust == "operator")
    offer.operatorKey = binding->fingerprint;

  std::vector<std::pair<std::string_view, std::string_view>> offers;  // (source, key data)
  for (const auto& key : opened.effective.attachedKeys) offers.emplace_back("attached-key", key);
  if (opened.outer.autocrypt && opened.outer.autocrypt->address == sender)
    offers.emplace_back("autocrypt", opened.outer.autocrypt->keyData);
  offer.offered = !offers.empty();
  offer.protectedRole = protectedRoleOf(*env.config, txn, sender);

  const auto& limits = env.config->openpgp;
  if (offer.offered && !offer.operatorKey && !offer.protectedRole && env.signer.keyring) {
    std::size_t keysLeft = limits.offeredKeys;
    for (const auto& [source, data] : offers) {
      if (data.size() > limits.offeredKeyBytes) {
        offer.refusals.push_back(std::string(source) + ": " + std::to_string(data.size()) +
                                 " bytes, over offered_key_kib");
        continue;
      }
      if (keysLeft == 0) {
        offer.refusals.push_back(std::string(source) + ": offered_keys reached");
        continue;
      }
      auto imported = env.signer.keyring->importOfferedKeys(data, sender, keysLeft);
      if (!imported) {
        offer.refusals.push_back(std::string(source) + ": " + imported.error().what);
        continue;
      }
      keysLeft -= std::min(keysLeft, imported->fingerprints.size());
      for (const auto& fingerprint : imported->fingerprints) {
        auto key = env.signer.keyring->findKey(fingerprint);
        if (key && !key->revoked && !key->expired) offer.imported.push_back(fingerprint);
      }
    }
    // The key that signed the report may have come with it: verify again now.
    if (!offer.imported.empty() &&
        opened.verification.status == crypto::SignatureStatus::UnknownKey)
      opened = reopen();
  }
  offer.signature = senderEvidenceOf(opened, false, core::TokenProof::None).signature;
  return core::decideReporterKey(offer);
}

}  // namespace cvdd::daemon
