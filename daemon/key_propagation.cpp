#include "daemon/key_propagation.hpp"

#include "core/lifecycle.hpp"
#include "core/participant.hpp"

namespace cvdd::daemon {

namespace {

bool stillOpen(const store::ReadTxn& txn, const std::string& caseId) {
  const auto workflow = txn.getWorkflow(caseId);
  return !workflow || (workflow->stage != core::CaseStage::Stopped &&
                       workflow->stage != core::CaseStage::Closed);
}

}  // namespace

std::vector<std::string> bindContactKey(store::WriteTxn& txn, std::string_view address,
                                        const std::string& fingerprint,
                                        const std::string& operatorName, core::Timestamp now,
                                        const std::string& protocol) {
  const std::string wanted = core::normalizeAddress(address);
  // An operator's binding replaces any earlier one: that is its purpose.
  store::KeyBinding binding{
      wanted, fingerprint, protocol == "cms" ? "operator-certificate" : "operator", "operator", now,
      "",     operatorName};
  binding.protocol = protocol;
  txn.putKeyBinding(binding);
  const std::string actor = "operator:" + operatorName;
  if (auto vendor = txn.findVendorByAddress(wanted)) {
    for (auto& contact : vendor->contacts)
      if (core::normalizeAddress(contact.address) == wanted) contact.keyFingerprint = fingerprint;
    vendor->updatedAt = now;
    vendor->updatedBy = actor;
    txn.putVendor(*vendor);
  }
  std::vector<std::string> changed;
  for (auto summary : txn.listCaseSummaries()) {
    if (!stillOpen(txn, summary.id)) continue;
    auto c = txn.getCase(summary.id);
    bool touched = false;
    for (auto& p : c->participants) {
      if (core::normalizeAddress(p.address) != wanted || p.keyFingerprint == fingerprint) continue;
      p.keyFingerprint = fingerprint;
      touched = true;
    }
    if (!touched) continue;
    txn.putCase(*c);
    auto workflow = txn.getWorkflow(c->id).value_or(core::CaseWorkflow{});
    workflow.caseId = c->id;
    workflow.history.push_back({now, actor, "key-bound", wanted + " now " + fingerprint});
    txn.putWorkflow(workflow);
    changed.push_back(c->id);
  }
  return changed;
}

}  // namespace cvdd::daemon
