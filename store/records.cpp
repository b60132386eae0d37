#include "store/records.hpp"

namespace cvdd::store {

std::string_view outboxStateName(OutboxState state) {
  switch (state) {
    case OutboxState::Sent:
      return "sent";
    case OutboxState::Held:
      return "held";
    case OutboxState::Pending:
      break;
  }
  return "pending";
}

std::string_view quarantineStateName(QuarantineState state) {
  switch (state) {
    case QuarantineState::Accepted:
      return "accepted";
    case QuarantineState::Rejected:
      return "rejected";
    case QuarantineState::Pending:
      break;
  }
  return "pending";
}

}  // namespace cvdd::store
