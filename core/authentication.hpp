#pragma once
// When does a message count as the voice of a case participant? Pure.
//
// The case ID alone never authorises anything. A message speaks for a participant only
// when its From address is that participant's registered contact AND, where that
// participant has a registered key, it carries a good signature by exactly that key.

#include <string>
#include <string_view>
#include <vector>

#include "core/participant.hpp"

namespace cvdd::core {

/// What the cryptography found, reduced to what the rule needs.
struct SignatureEvidence {
  // PartiallySigned: a good signature over only part of the message (content beside it
  // is unsigned), which authenticates nobody.
  enum class Status {
    Unsigned,
    Good,
    Bad,
    UnknownKey,
    ExpiredKey,
    RevokedKey,
    Error,
    PartiallySigned
  };
  Status status = Status::Unsigned;
  std::string fingerprint;  // primary key fingerprint of the signer (upper-case hex)
};

/// Everything about the sender that can be forged or checked.
struct SenderEvidence {
  std::string fromAddress;
  std::size_t fromCount = 1;      // From headers/mailboxes; more than one is ambiguous
  bool forgedReplyToken = false;  // the recipient carried a token that did not verify
  SignatureEvidence signature;
};

struct AuthenticationDecision {
  bool authenticated = false;
  std::string reason;  // why not (for the quarantine), or how (for the history)
  const Participant* participant = nullptr;
};

/// Applies the rule above; the reason names the address, key and what was missing.
AuthenticationDecision authenticateSender(const std::vector<Participant>& participants,
                                          const SenderEvidence& sender);

}  // namespace cvdd::core
