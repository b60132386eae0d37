#include "core/case.hpp"

namespace cvdd::core {

std::string_view caseStateName(CaseState state) {
  switch (state) {
    case CaseState::Received:
      return "received";
  }
  return "unknown";
}

std::string_view directionName(Direction direction) {
  return direction == Direction::Inbound ? "in" : "out";
}

std::string_view messageRoleName(MessageRole role) {
  switch (role) {
    case MessageRole::Report:
      return "report";
    case MessageRole::Reply:
      return "reply";
    case MessageRole::Acknowledgement:
      return "acknowledgement";
    case MessageRole::Notice:
      return "notice";
    case MessageRole::Bounce:
      return "bounce";
  }
  return "unknown";
}

}  // namespace cvdd::core
