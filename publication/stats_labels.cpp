#include "publication/stats_labels.hpp"

namespace cvdd::publication {

using core::Language;

std::string_view pick(Language language, std::string_view en, std::string_view ja) {
  return language == Language::Japanese ? ja : en;
}

std::string_view stageLabel(core::CaseStage stage, Language l) {
  using core::CaseStage;
  switch (stage) {
    case CaseStage::Received:
      return pick(l, "received", "受付");
    case CaseStage::Accepted:
      return pick(l, "accepted", "受理");
    case CaseStage::Stopped:
      return pick(l, "not accepted", "不受理");
    case CaseStage::VendorsIdentified:
      return pick(l, "vendors identified", "製品開発者特定");
    case CaseStage::Coordinating:
      return pick(l, "coordinating", "調整中");
    case CaseStage::PublicationScheduled:
      return pick(l, "publication scheduled", "公表日決定");
    case CaseStage::Published:
      return pick(l, "published", "公表済み");
    case CaseStage::PublicationCancelled:
      return pick(l, "publication cancelled", "公表取りやめ");
    case CaseStage::Closed:
      return pick(l, "closed", "終了");
  }
  return "?";
}

std::string_view stopReasonLabel(core::StopReason reason, Language l) {
  using core::StopReason;
  switch (reason) {
    case StopReason::NotVulnerabilityInformation:
      return pick(l, "not vulnerability information", "脆弱性関連情報ではない");
    case StopReason::OutOfScope:
      return pick(l, "out of scope", "対象外");
    case StopReason::LowImpact:
      return pick(l, "low impact", "影響が軽微");
    case StopReason::AlreadyPublished:
      return pick(l, "already published", "既に公表済み");
    case StopReason::VendorNotifiesUsers:
      return pick(l, "vendor notifies its users", "製品開発者が利用者に通知");
  }
  return "?";
}

std::string_view cancelReasonLabel(core::CancelReason reason, Language l) {
  using core::CancelReason;
  switch (reason) {
    case CancelReason::NotAVulnerability:
      return pick(l, "not a vulnerability", "脆弱性ではない");
    case CancelReason::NoImpact:
      return pick(l, "no impact", "影響なし");
    case CancelReason::LowImpact:
      return pick(l, "low impact", "影響が軽微");
    case CancelReason::AlreadyPublished:
      return pick(l, "already published", "既に公表済み");
    case CancelReason::VendorNotifiesAllUsers:
      return pick(l, "vendor notifies all users", "製品開発者が全利用者に通知");
  }
  return "?";
}

}  // namespace cvdd::publication
