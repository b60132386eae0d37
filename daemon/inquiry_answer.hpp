#pragma once
// A vendor on the unreachable-vendors list answers its DID# inquiry (003 §7): recorded as
// its answer, which resumes coordination and takes it off the list.

#include <string>

#include "daemon/coordination.hpp"
#include "store/store.hpp"

namespace cvdd::daemon {

/// Applies command::InquiryAnswered for target's vendor in target's case, the history
/// actor "vendor:<id>" + via (" via operator:alice" when an operator accepted the message),
/// the channel "mail:<sender>". Refusals are recorded, never fatal. Returns a summary for
/// the timeline.
std::string applyInquiryAnswer(store::WriteTxn& txn, const CoordinationEnvironment& env,
                               const store::InquiryTarget& target, const std::string& number,
                               const std::string& sender, const std::string& via,
                               core::Timestamp now);

}  // namespace cvdd::daemon
