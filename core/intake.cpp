#include "core/intake.hpp"

namespace cvdd::core {

IntakeDecision decideIntake(const IntakeFacts& facts) {
  if (facts.limitViolation)
    return Quarantine{"over a limit: " + *facts.limitViolation, facts.matchedCase};
  if (facts.mailClass == MailClass::Bounce) {
    if (facts.bouncedCase && facts.bounceAddressVerified)
      return RecordBounce{*facts.bouncedCase, facts.bouncedRecipient};
    if (facts.bouncedCase)
      return Quarantine{"bounce not believed: " + facts.bounceAddressReason, facts.bouncedCase};
    return Quarantine{"bounce for no message cvdd sent (" + facts.mailClassReason + ")",
                      facts.matchedCase};
  }
  if (facts.matchedCase) return AttachToCase{*facts.matchedCase};
  if (facts.unknownInquiry)
    return Quarantine{"the subject names inquiry " + *facts.unknownInquiry +
                          ", which no vendor on the unreachable-vendors list was given",
                      std::nullopt};
  if (facts.mailClass != MailClass::Normal)
    return Quarantine{"automatic mail for no case (" + facts.mailClassReason + ")", std::nullopt};
  if (!facts.hasSender) return Quarantine{"no usable From address", std::nullopt};
  return OpenCase{true};
}

}  // namespace cvdd::core
