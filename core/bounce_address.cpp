#include "core/bounce_address.hpp"

#include "core/participant.hpp"

namespace cvdd::core {

namespace {

BounceVerdict notBelieved(std::optional<std::string> caseId, std::string reason) {
  return {false, std::move(caseId), std::move(reason), {}};
}

}  // namespace

BounceVerdict judgeBounce(const BounceAddressEvidence& evidence) {
  if (!evidence.toBounceAddress)
    return notBelieved(std::nullopt, "not delivered to a bounce address of cvdd");
  if (!evidence.sent)
    return notBelieved(std::nullopt, "the bounce address token verifies for no message cvdd sent");
  const SentMessage& sent = *evidence.sent;
  if (evidence.failedRecipients.empty())
    return notBelieved(sent.caseId, "names no failed recipient of <" + sent.messageId + ">");
  for (const auto& failed : evidence.failedRecipients) {
    if (normalizeAddress(failed) != normalizeAddress(sent.recipient))
      return notBelieved(sent.caseId, "failed recipient " + failed + " is not the recipient of <" +
                                          sent.messageId + ">");
  }
  return {true, sent.caseId, "bounce address verified for <" + sent.messageId + ">",
          normalizeAddress(sent.recipient)};
}

}  // namespace cvdd::core
