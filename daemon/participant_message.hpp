#pragma once
// What an authenticated participant's message does to its case.

#include <string>
#include <string_view>

#include "core/participant.hpp"
#include "daemon/coordination.hpp"

namespace cvdd::daemon {

/// A vendor's (or related organisation's) reply form moves its state, and may name a
/// related organisation to ask to register; a reporter's reply completes a report that
/// lacked fields and may change its consents (ウ)(エ)(オ) or state exploitation (コ)
/// (daemon/reporter_answers.hpp). Refusals are recorded, never fatal. `via` is appended to the
/// history actor ("vendor:acme" + " via operator:alice" when an operator accepted the message from
/// quarantine). Returns a summary for the timeline, "" when nothing was acted on.
std::string applyParticipantMessage(store::WriteTxn& txn, const CoordinationEnvironment& env,
                                    const std::string& caseId, const core::Participant& participant,
                                    std::string_view body, const std::string& via,
                                    core::Timestamp now);

}  // namespace cvdd::daemon
