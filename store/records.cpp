#include "store/records.hpp"

namespace cvdd::store {

CaseSummary summaryOf(const core::Case& c) {
  CaseSummary s;
  s.id = c.id;
  s.state = c.state;
  s.reporter = c.reporter;
  s.subject = c.subject;
  s.receivedAt = c.receivedAt;
  s.language = c.language;
  s.messages = c.timeline.size();
  return s;  // the coordination fields are the store's (putWorkflow, the deadline index)
}

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

std::string_view registrationKindName(RegistrationKind kind) {
  switch (kind) {
    case RegistrationKind::General:
      return "general";
    case RegistrationKind::Unregistered:
      return "unregistered";
    case RegistrationKind::Individual:
      break;
  }
  return "individual";
}

std::string_view participantKindName(ParticipantKind kind) {
  switch (kind) {
    case ParticipantKind::RelatedOrganisation:
      return "related-organisation";
    case ParticipantKind::PriorityRecipient:
      return "priority-recipient";
    case ParticipantKind::Vendor:
      break;
  }
  return "vendor";
}

}  // namespace cvdd::store
