#include "core/authentication.hpp"

namespace cvdd::core {

namespace {

std::string_view statusWords(SignatureEvidence::Status status) {
  using S = SignatureEvidence::Status;
  switch (status) {
    case S::Unsigned:
      return "is not signed";
    case S::Good:
      return "has a good signature";
    case S::Bad:
      return "has a bad signature";
    case S::UnknownKey:
      return "is signed by an unknown key";
    case S::ExpiredKey:
      return "is signed by an expired key";
    case S::RevokedKey:
      return "is signed by a revoked key";
    case S::Error:
      return "has a signature that could not be checked";
    case S::PartiallySigned:
      return "is only partially signed (content outside the signature)";
  }
  return "has an unknown signature state";
}

}  // namespace

std::string_view tokenProofName(TokenProof proof) {
  switch (proof) {
    case TokenProof::None:
      return "none";
    case TokenProof::RecipientAddress:
      return "recipient address";
    case TokenProof::References:
      return "references";
  }
  return "none";
}

AuthenticationDecision authenticateSender(const std::vector<Participant>& participants,
                                          const SenderEvidence& sender) {
  AuthenticationDecision decision;
  if (sender.forgedReplyToken) {
    decision.reason = "the reply token in the recipient address does not verify for " +
                      normalizeAddress(sender.fromAddress);
    return decision;
  }
  if (sender.fromCount != 1) {
    decision.reason = "the message has " + std::to_string(sender.fromCount) +
                      " From addresses; the sender is ambiguous";
    return decision;
  }
  const Participant* participant = findParticipant(participants, sender.fromAddress);
  if (participant == nullptr) {
    decision.reason = "sender " + normalizeAddress(sender.fromAddress) +
                      " is not a registered participant of the case";
    return decision;
  }
  decision.participant = participant;
  const auto& sig = sender.signature;
  if (participant->keyFingerprint) {
    if (sig.status != SignatureEvidence::Status::Good) {
      decision.reason = std::string(participantRoleName(participant->role)) + " " +
                        participant->address + " has registered key " +
                        *participant->keyFingerprint + " but the message " +
                        std::string(statusWords(sig.status));
      return decision;
    }
    if (sig.fingerprint != *participant->keyFingerprint) {
      decision.reason = "the message is signed by " + sig.fingerprint + ", not by " +
                        participant->address + "'s registered key " + *participant->keyFingerprint;
      return decision;
    }
    decision.authenticated = true;
    decision.reason = "registered address and good signature by its registered key " +
                      *participant->keyFingerprint;
    return decision;
  }
  if (sender.token == TokenProof::None) {
    decision.reason = std::string(participantRoleName(participant->role)) + " " +
                      participant->address +
                      " has no registered key and the message carries no valid reply token "
                      "for this case (neither in the address it was sent to nor in a notice "
                      "it answers)";
    return decision;
  }
  decision.authenticated = true;
  decision.reason = "registered address " + participant->address +
                    " (no key registered) and a valid reply token in the " +
                    std::string(tokenProofName(sender.token));
  return decision;
}

}  // namespace cvdd::core
