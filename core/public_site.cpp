#include "core/public_site.hpp"

#include <algorithm>

namespace cvdd::core {

bool isPublished(const CaseWorkflow& workflow) {
  return workflow.publishedAt &&
         (workflow.stage == CaseStage::Published || workflow.stage == CaseStage::Closed);
}

bool touchesPublicSite(const CaseWorkflow& workflow) {
  return isPublished(workflow) ||
         std::any_of(workflow.vendors.begin(), workflow.vendors.end(), [](const auto& v) {
           return v.unreachableSince.has_value() || v.reachability == Reachability::Unreachable ||
                  v.reachability == Reachability::Resumed;
         });
}

}  // namespace cvdd::core
