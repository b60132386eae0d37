#include "core/unreachable_listing.hpp"

#include <algorithm>

namespace cvdd::core {

std::string_view listingStageName(ListingStage stage) {
  switch (stage) {
    case ListingStage::Listed:
      return "listed";
    case ListingStage::ProductsDisclosed:
      return "products-disclosed";
    case ListingStage::ContactDeadline:
      return "contact-deadline";
  }
  return "unknown";
}

std::vector<UnreachableEntry> unreachableListing(const std::vector<CaseWorkflow>& workflows,
                                                 const ListingFacts& facts, const TimeZone& tz) {
  std::vector<UnreachableEntry> out;
  for (const auto& wf : workflows) {
    for (const auto& v : wf.vendors) {
      if (!listedUnreachable(wf, v) || v.inquiryNumber.empty()) continue;
      UnreachableEntry e;
      e.inquiryNumber = v.inquiryNumber;
      const auto known = facts.vendors.find(v.vendorId);
      e.vendorName = known != facts.vendors.end() && !known->second.name.empty()
                         ? known->second.name
                         : v.vendorId;
      if (known != facts.vendors.end()) e.relatedLink = known->second.relatedLink;
      // unreachableSince is set by every way of becoming unreachable; the start date
      // stands in for records from before it was kept.
      const auto since = v.unreachableSince ? v.unreachableSince : v.startedAt;
      e.listedOn = since ? localDate(*since, tz) : CivilDate{};
      e.reason = v.unreachableReason;
      if (productsDisclosed(v)) {
        e.productsDisclosedOn = localDate(*v.productsDisclosedAt, tz);
        if (const auto p = facts.caseProducts.find(wf.caseId); p != facts.caseProducts.end())
          e.products = p->second;
        e.stage = ListingStage::ProductsDisclosed;
      }
      if (v.contactDeadline) {
        e.contactDeadline = v.contactDeadline;
        if (v.contactDeadlineAddedAt)
          e.contactDeadlineAddedOn = localDate(*v.contactDeadlineAddedAt, tz);
        e.stage = ListingStage::ContactDeadline;
      }
      out.push_back(std::move(e));
    }
  }
  // Longer numbers come later: "DID#100000" after "DID#99999".
  std::sort(out.begin(), out.end(), [](const UnreachableEntry& a, const UnreachableEntry& b) {
    return a.inquiryNumber.size() != b.inquiryNumber.size()
               ? a.inquiryNumber.size() < b.inquiryNumber.size()
               : a.inquiryNumber < b.inquiryNumber;
  });
  return out;
}

}  // namespace cvdd::core
