#include "core/replay.hpp"

namespace cvdd::core {

std::optional<std::string> replayRefusal(const SignedReplyFacts& facts) {
  if (facts.appliedBefore)
    return "replayed: this signed reply was already applied to " + facts.caseId;
  if (!facts.signedContentNamesCase && !facts.referencedNotice)
    return "the signed content does not name " + facts.caseId +
           " nor the reference of a notice sent to its signer there (a signed reply to "
           "another case, or without the reply form, is not applied to this one)";
  const auto& since = facts.referencedNotice ? facts.referencedNotice : facts.firstMailToSender;
  if (since) {
    if (!facts.signedAt) return "the signature carries no creation time to tell it from a replay";
    if (*facts.signedAt < *since)
      return "the signature (" + formatIso8601(*facts.signedAt) + ") is older than " +
             (facts.referencedNotice ? std::string("the notice it answers")
                                     : "the first mail sent to its signer on " + facts.caseId) +
             " (" + formatIso8601(*since) + "): a replay";
  }
  return std::nullopt;
}

}  // namespace cvdd::core
