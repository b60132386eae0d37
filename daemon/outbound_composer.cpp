#include "daemon/outbound_composer.hpp"

#include <stdexcept>

#include "core/participant.hpp"
#include "daemon/held_notice.hpp"
#include "templates/pgp_mime.hpp"

namespace cvdd::daemon {

namespace {

templates::DetachedSigner signerFor(const OutboundSigner& signer) {
  return [&signer](std::string_view bytes) -> core::Result<std::pair<std::string, std::string>> {
    auto signature = signer.keyring->signDetached(bytes, signer.fingerprint);
    if (!signature) return tl::unexpected(signature.error());
    return std::make_pair(signature->armored, signature->micalg);
  };
}

[[noreturn]] void failComposition(const std::string& what, const core::Error& error) {
  throw std::runtime_error(what + ": " + error.where + ": " + error.what);
}

}  // namespace

ProtectionPlan planProtection(const OutboundRequest& request, const store::ReadTxn& txn,
                              const OutboundSigner& signer) {
  const bool canSign = signer.keyring != nullptr && !signer.fingerprint.empty();
  ProtectionPlan plan;
  const auto binding = txn.getKeyBinding(core::normalizeAddress(request.recipient));
  std::optional<std::string> wanted = request.recipientKey;
  // Only an operator's binding holds for an address everywhere; one made by trust on
  // first use (stores from before issue 11) never decides where confidential mail goes.
  if (!wanted && binding && binding->trust == "operator") wanted = binding->fingerprint;
  const bool certificate =
      wanted && binding && binding->protocol == "cms" && binding->fingerprint == *wanted;
  if (wanted && certificate) {
    // gpgsm validates the chain now: an expired or revoked certificate, or one whose CA
    // is no longer trusted, encrypts nothing.
    if (signer.smime != nullptr) {
      auto cert = signer.smime->findCertificate(*wanted);
      if (cert && cert->canEncrypt) plan.recipientCertificate = *wanted;
    }
  } else if (wanted && canSign) {
    auto key = signer.keyring->findKey(*wanted);
    if (key && key->canEncrypt) plan.recipientKey = *wanted;
  }
  plan.protection = core::protectionFor({request.confidential, plan.recipientKey.has_value(),
                                         canSign, plan.recipientCertificate.has_value()});
  return plan;
}

store::OutboxEntry composeOutbound(const OutboundRequest& request, const store::ReadTxn& txn,
                                   const OutboundSigner& signer, core::Protection* applied) {
  const auto plan = planProtection(request, txn, signer);
  const auto& [protection, recipientKey, recipientCertificate] = plan;
  const bool canSign = signer.keyring != nullptr && !signer.fingerprint.empty();
  if (applied != nullptr) *applied = protection;

  store::OutboxEntry entry;
  entry.caseId = request.caseId;
  entry.messageId = request.message.messageId;
  entry.envelopeFrom = request.envelopeFrom;
  entry.recipients = {request.recipient};
  entry.nextAttemptAt = request.now;
  entry.confidential = request.confidential;

  switch (protection) {
    case core::Protection::Plain:
      entry.raw = templates::composeMime(request.message);
      break;
    case core::Protection::Signed: {
      auto raw = templates::composeSigned(request.message, signerFor(signer));
      if (!raw) failComposition("signing " + entry.messageId, raw.error());
      entry.raw = std::move(*raw);
      break;
    }
    case core::Protection::SignedEncrypted: {
      const std::vector<std::string> recipients{*recipientKey};
      auto signAndEncrypt = [&](std::string_view plaintext) -> core::Result<std::string> {
        return signer.keyring->signAndEncrypt(plaintext, recipients, signer.fingerprint);
      };
      auto raw = templates::composeSignedEncrypted(request.message, request.caseId, signAndEncrypt);
      if (!raw) failComposition("encrypting " + entry.messageId, raw.error());
      entry.raw = std::move(*raw);
      break;
    }
    case core::Protection::SmimeEncrypted: {
      const std::vector<std::string> recipients{*recipientCertificate};
      auto encrypt = [&](std::string_view entity) -> core::Result<std::string> {
        return signer.smime->encrypt(entity, recipients);
      };
      const auto sign = signerFor(signer);
      auto raw = templates::composeSmimeEncrypted(request.message, request.caseId,
                                                  canSign ? &sign : nullptr, encrypt);
      if (!raw) failComposition("S/MIME-encrypting " + entry.messageId, raw.error());
      entry.raw = std::move(*raw);
      break;
    }
    case core::Protection::Held:
      // No bytes that could leave are stored: the entry keeps the notice as composed
      // (the store holds the report it came from anyway) and why it waits; only an
      // operator's release (held_notice.hpp) turns it into mail.
      entry.state = store::OutboxState::Held;
      entry.heldNotice = encodeHeldNotice(request.message);
      entry.lastError =
          "confidential, and no usable OpenPGP key or S/MIME certificate is bound to " +
          request.recipient;
      break;
  }
  return entry;
}

}  // namespace cvdd::daemon
