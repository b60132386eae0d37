#pragma once
// The dated lines an advisory shows of a vendor, read from the case's history: only events
// that are public once the case is (the day the vendor was given the details, the status it
// stated, the stages of a publication after the committee), never a note, a notice or a
// comment.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/lifecycle.hpp"
#include "publication/advisory_content.hpp"

namespace cvdd::publication {

/// Every vendor's history for its page, by vendor id, oldest first: given the details,
/// then each statement with the status stated. One pass over the case's history.
std::map<std::string, std::vector<AdvisoryEvent>, std::less<>> vendorPublicHistories(
    const core::CaseWorkflow& workflow, core::Language language, const core::TimeZone& timeZone);

/// Figure 6 (003 §7-2), oldest first: declared unreachable and listed, no answer by the
/// deadline (or no agreement reachable, (イ)), the committee's decision to publish, the
/// publication. Empty unless the committee ruled to publish and the case is published.
std::vector<AdvisoryEvent> committeeTimeline(const core::CaseWorkflow& workflow,
                                             const core::VendorParticipant& vendor,
                                             core::Language language,
                                             const core::TimeZone& timeZone);

}  // namespace cvdd::publication
