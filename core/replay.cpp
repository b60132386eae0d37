#include "core/replay.hpp"

namespace cvdd::core {

std::optional<std::string> replayRefusal(const SignedReplyFacts& facts) {
  if (facts.appliedBefore)
    return "replayed: this signed reply was already applied to " + facts.caseId;
  if (!facts.signedContentNamesCase)
    return "the signed content does not name " + facts.caseId +
           " (a signed reply to another case, or without the reply form, is not applied "
           "to this one)";
  if (facts.firstMailToSender) {
    if (!facts.signedAt) return "the signature carries no creation time to tell it from a replay";
    if (*facts.signedAt < *facts.firstMailToSender)
      return "the signature (" + formatIso8601(*facts.signedAt) +
             ") is older than the first mail sent to its signer on " + facts.caseId + " (" +
             formatIso8601(*facts.firstMailToSender) + "): a replay";
  }
  return std::nullopt;
}

}  // namespace cvdd::core
