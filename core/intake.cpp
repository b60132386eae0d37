#include "core/intake.hpp"

#include "core/case_id.hpp"

namespace cvdd::core {

IntakeDecision decideIntake(const InboundMessage& message, std::string_view casePrefix,
                            const std::function<bool(std::string_view)>& caseExists) {
  if (auto id = findCaseId(message.subject, casePrefix); id && caseExists(*id))
    return AttachToCase{*id};
  return OpenCase{!message.autoSubmitted};
}

}  // namespace cvdd::core
