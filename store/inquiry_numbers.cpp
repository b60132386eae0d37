#include "store/inquiry_numbers.hpp"

#include <string>

#include "core/inquiry_number.hpp"

namespace cvdd::store::detail {

namespace {
constexpr std::string_view kSeqKey = "inquiry_seq";
constexpr std::string_view kOp = "inquiry numbers";

std::string numberKey(std::string_view number) {
  return "inquiry/" + std::string(number);
}
std::string vendorKey(std::string_view caseId, std::string_view vendorId) {
  return "inquiry_of/" + std::string(caseId) + "\n" + std::string(vendorId);
}
}  // namespace

bool assignInquiryNumbers(const Environment& env, MDB_txn* txn, core::CaseWorkflow& workflow) {
  bool changed = false;
  for (auto& vendor : workflow.vendors) {
    if (!vendor.inquiryNumber.empty() || !core::listedUnreachable(workflow, vendor)) continue;
    const std::string byVendor = vendorKey(workflow.caseId, vendor.vendorId);
    if (const auto known = get(env, txn, env.meta, byVendor, kOp)) {
      vendor.inquiryNumber = std::string(*known);
    } else {
      // The sequence only grows: a number once given is never given again.
      const std::uint64_t next = readCounter(env, txn, kSeqKey, kOp) + 1;
      writeNumber(txn, env.meta, kSeqKey, next, kOp);
      vendor.inquiryNumber = core::formatInquiryNumber(next);
      put(txn, env.meta, byVendor, vendor.inquiryNumber, 0, kOp);
      put(txn, env.meta, numberKey(vendor.inquiryNumber), workflow.caseId + "\n" + vendor.vendorId,
          0, kOp);
    }
    changed = true;
  }
  return changed;
}

std::optional<InquiryTarget> findInquiryTarget(const Environment& env, MDB_txn* txn,
                                               std::string_view number) {
  const auto value = get(env, txn, env.meta, numberKey(number), kOp);
  if (!value) return std::nullopt;
  const auto cut = value->find('\n');
  if (cut == std::string_view::npos) return std::nullopt;
  return InquiryTarget{std::string(value->substr(0, cut)), std::string(value->substr(cut + 1))};
}

}  // namespace cvdd::store::detail
