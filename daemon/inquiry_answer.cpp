#include "daemon/inquiry_answer.hpp"

#include <spdlog/spdlog.h>

namespace cvdd::daemon {

std::string applyInquiryAnswer(store::WriteTxn& txn, const CoordinationEnvironment& env,
                               const store::InquiryTarget& target, const std::string& number,
                               const std::string& sender, const std::string& via,
                               core::Timestamp now) {
  const core::command::InquiryAnswered command{target.vendorId, number,
                                               sender.empty() ? "" : "mail:" + sender};
  auto applied =
      applyCaseCommand(txn, env, target.caseId, command, "vendor:" + target.vendorId + via, now);
  if (!applied) {
    spdlog::warn("INQUIRY_ANSWER_REFUSED case={} vendor={} inquiry={} reason=\"{}\"", target.caseId,
                 target.vendorId, number, applied.error().what);
    return "inquiry " + number + " answer refused (" + applied.error().what + ")";
  }
  spdlog::info("INQUIRY_ANSWERED case={} vendor={} inquiry={}", target.caseId, target.vendorId,
               number);
  return "inquiry " + number + " answered by vendor " + target.vendorId;
}

}  // namespace cvdd::daemon
