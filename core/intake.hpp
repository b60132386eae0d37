#pragma once
// The intake decision: does an inbound message open a case or join one? Pure.

#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cvdd::core {

/// What intake needs to know of a parsed inbound message.
struct InboundMessage {
  std::string fromAddress;
  std::string subject;  // decoded UTF-8
  std::string messageId;
  std::vector<std::string> references;  // In-Reply-To first, then References
  bool autoSubmitted = false;           // RFC 3834 Auto-Submitted other than "no"
};

struct OpenCase {
  bool acknowledge;  // false for automatic mail: never answer a robot
};

struct AttachToCase {
  std::string caseId;
};

using IntakeDecision = std::variant<OpenCase, AttachToCase>;

/// Opens a case unless the subject names a case of this prefix that exists.
/// A case ID naming no existing case opens a new case, so a guessed ID reaches nothing.
IntakeDecision decideIntake(const InboundMessage& message, std::string_view casePrefix,
                            const std::function<bool(std::string_view)>& caseExists);

}  // namespace cvdd::core
