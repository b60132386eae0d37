#include "core/operator_view.hpp"

#include <algorithm>

namespace cvdd::core {

std::size_t vendorsWaiting(const CaseWorkflow& workflow) {
  return static_cast<std::size_t>(std::count_if(
      workflow.vendors.begin(), workflow.vendors.end(), [](const VendorParticipant& v) {
        if (!v.startedAt || v.handlingEnded) return false;
        return v.phase == VendorPhase::NotContacted || v.phase == VendorPhase::SummarySent ||
               v.phase == VendorPhase::DetailsSent;
      }));
}

std::vector<std::string> dueDecisions(const CaseWorkflow& workflow) {
  std::vector<std::string> out;
  switch (workflow.stage) {
    case CaseStage::Received:
    case CaseStage::Stopped:
    case CaseStage::Published:
    case CaseStage::PublicationCancelled:
    case CaseStage::Closed:
      return out;
    case CaseStage::Accepted:
    case CaseStage::VendorsIdentified:
    case CaseStage::Coordinating:
    case CaseStage::PublicationScheduled:
      break;
  }
  bool impossible = false;
  for (const auto& v : workflow.vendors) {
    // An unregistered vendor's request waits for its registration, not for the operator.
    if (v.phase == VendorPhase::DetailsRequested && v.registered)
      out.push_back("send-details:" + v.vendorId);
    // The committee's course is due until its outcome is recorded (cvdctl case committee);
    // a vendor whose handling ended needs nothing more.
    if (v.coordinationImpossible && !v.committeeOutcome && !v.handlingEnded) {
      out.push_back("committee:" + v.vendorId);
      impossible = true;
    }
  }
  if (impossible && !workflow.assessment) out.emplace_back("assess");
  return out;
}

bool publicationOverdue(CaseStage stage, const CivilDate& publicationDate, const CivilDate& today) {
  return stage == CaseStage::PublicationScheduled && publicationDate < today;
}

}  // namespace cvdd::core
