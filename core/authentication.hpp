#pragma once
// When does a message count as the voice of a case participant? Pure.
//
// The case ID alone never authorises anything: the reporter, every vendor on the case and
// every mail hop see it. A message speaks for a participant only when its From address is
// that participant's registered contact AND
// - where the participant has a registered key: it carries a good signature by exactly
//   that key over the whole message;
// - where it has none: it carries a reply token for this case and this participant (in
//   the tagged intake address it was sent to, or in the Message-ID of a notice cvdd sent
//   that it answers). A token is an HMAC only cvdd can make, and only that participant
//   was sent it.

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

/// Where a reply token for this case and this sender was found, if anywhere.
enum class TokenProof { None, RecipientAddress, References };

std::string_view tokenProofName(TokenProof proof);  // "none", "recipient address", "references"

/// Everything about the sender that can be forged or checked.
struct SenderEvidence {
  std::string fromAddress;
  std::size_t fromCount = 1;            // From headers/mailboxes; more than one is ambiguous
  bool forgedReplyToken = false;        // the recipient carried a token that did not verify
  TokenProof token = TokenProof::None;  // a token that verified for this case and sender
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
