#pragma once
// Turns an outgoing message into the bytes cvdd will send, protected as policy demands:
// PGP/MIME signed by the coordinator, encrypted to the recipient's registered key (OpenPGP,
// or S/MIME to a bound certificate), or held when it is confidential and cannot be
// encrypted.

#include <optional>
#include <string>

#include "core/outbound_policy.hpp"
#include "crypto/keyring.hpp"
#include "crypto/smime_keyring.hpp"
#include "store/records.hpp"
#include "store/store.hpp"
#include "templates/outgoing_message.hpp"

namespace cvdd::daemon {

struct OutboundSigner {
  crypto::Keyring* keyring = nullptr;     // null: nothing is signed or encrypted
  std::string fingerprint;                // the coordinator key
  crypto::SmimeKeyring* smime = nullptr;  // null: no S/MIME (gpgsm missing or not wanted)
};

struct OutboundRequest {
  templates::OutgoingMessage message;
  std::string caseId;
  std::string envelopeFrom;
  std::string recipient;  // one recipient per entry: each gets its own protection
  bool confidential = false;
  core::Timestamp now;
  // The recipient's key as a participant of the case (a reporter's key is bound to its
  // case only); nullopt: an operator's binding for the address, if any.
  std::optional<std::string> recipientKey;
};

/// How a request will be protected, and the key it would be encrypted to: what
/// composeOutbound applies and `cvdctl case preview` shows. Reads the recipient's key
/// binding through txn; signs and encrypts nothing.
struct ProtectionPlan {
  core::Protection protection = core::Protection::Plain;
  std::optional<std::string> recipientKey;          // fingerprint, for SignedEncrypted
  std::optional<std::string> recipientCertificate;  // fingerprint, for SmimeEncrypted
};
ProtectionPlan planProtection(const OutboundRequest& request, const store::ReadTxn& txn,
                              const OutboundSigner& signer);

/// Composes the outbox entry. Reads the recipient's key binding through txn unless the
/// request names the key. Throws
/// std::runtime_error when signing or encryption fails for a reason other than a missing
/// key (an engine failure must not silently downgrade protection).
store::OutboxEntry composeOutbound(const OutboundRequest& request, const store::ReadTxn& txn,
                                   const OutboundSigner& signer,
                                   core::Protection* applied = nullptr);

}  // namespace cvdd::daemon
