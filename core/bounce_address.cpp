#include "core/bounce_address.hpp"

#include "core/participant.hpp"

namespace cvdd::core {

BounceVerdict judgeBounce(const BounceAddressEvidence& evidence) {
  if (!evidence.toBounceAddress)
    return {false, std::nullopt, "not delivered to a bounce address of cvdd"};
  if (!evidence.sent)
    return {false, std::nullopt, "the bounce address token verifies for no message cvdd sent"};
  const SentMessage& sent = *evidence.sent;
  if (evidence.failedRecipients.empty())
    return {false, sent.caseId, "names no failed recipient of <" + sent.messageId + ">"};
  for (const auto& failed : evidence.failedRecipients) {
    if (normalizeAddress(failed) != normalizeAddress(sent.recipient))
      return {false, sent.caseId,
              "failed recipient " + failed + " is not the recipient of <" + sent.messageId + ">"};
  }
  return {true, sent.caseId, "bounce address verified for <" + sent.messageId + ">"};
}

}  // namespace cvdd::core
