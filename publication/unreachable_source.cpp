#include "publication/unreachable_source.hpp"

namespace cvdd::publication {

std::vector<core::UnreachableEntry> unreachableEntries(const store::ReadTxn& txn,
                                                       const core::TimeZone& tz) {
  return unreachableEntries(txn, txn.listWorkflows(), tz);
}

std::vector<core::UnreachableEntry> unreachableEntries(
    const store::ReadTxn& txn, const std::vector<core::CaseWorkflow>& workflows,
    const core::TimeZone& tz) {
  core::ListingFacts facts;
  for (const auto& wf : workflows) {
    bool listed = false;
    for (const auto& v : wf.vendors) {
      if (!core::listedUnreachable(wf, v) || facts.vendors.contains(v.vendorId)) {
        listed = listed || core::listedUnreachable(wf, v);
        continue;
      }
      listed = true;
      if (const auto record = txn.getVendor(v.vendorId))
        facts.vendors[v.vendorId] = {record->organisation, record->link};
    }
    // Only a listed vendor's case gives its product, and only once disclosed (the core
    // function decides); nothing else of the report is read.
    if (listed) {
      if (const auto report = txn.getReport(wf.caseId))
        facts.caseProducts[wf.caseId] = report->product;
    }
  }
  return core::unreachableListing(workflows, facts, tz);
}

}  // namespace cvdd::publication
