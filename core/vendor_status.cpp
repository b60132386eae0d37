#include "core/vendor_status.hpp"

namespace cvdd::core {

std::string_view publicStatusName(PublicStatus status) {
  switch (status) {
    case PublicStatus::Affected:
      return "affected";
    case PublicStatus::AffectedInvestigating:
      return "affected-investigating";
    case PublicStatus::NotAffected:
      return "not-affected";
    case PublicStatus::NotAffectedInvestigating:
      return "not-affected-investigating";
    case PublicStatus::InformationProvided:
      return "information-provided";
  }
  return "unknown";
}

std::string_view publicStatusLabelJa(PublicStatus status) {
  switch (status) {
    case PublicStatus::Affected:
      return "該当製品あり";
    case PublicStatus::AffectedInvestigating:
      return "該当製品あり：調査中";
    case PublicStatus::NotAffected:
      return "該当製品なし";
    case PublicStatus::NotAffectedInvestigating:
      return "該当製品なし：調査中";
    case PublicStatus::InformationProvided:
      return "脆弱性情報提供済み";
  }
  return "";
}

std::string_view publicStatusLabelEn(PublicStatus status) {
  switch (status) {
    case PublicStatus::Affected:
      return "Affected";
    case PublicStatus::AffectedInvestigating:
      return "Affected (under investigation)";
    case PublicStatus::NotAffected:
      return "Not affected";
    case PublicStatus::NotAffectedInvestigating:
      return "Not affected (under investigation)";
    case PublicStatus::InformationProvided:
      return "Information provided";
  }
  return "";
}

std::optional<PublicStatus> publicStatusFromName(std::string_view name) {
  for (const auto status : kPublicStatuses) {
    if (publicStatusName(status) == name) return status;
  }
  return std::nullopt;
}

std::string_view vendorPhaseName(VendorPhase phase) {
  switch (phase) {
    case VendorPhase::NotContacted:
      return "not-contacted";
    case VendorPhase::SummarySent:
      return "summary-sent";
    case VendorPhase::DetailsRequested:
      return "details-requested";
    case VendorPhase::NoAffectedProduct:
      return "no-affected-product";
    case VendorPhase::DetailsSent:
      return "details-sent";
    case VendorPhase::StatementGiven:
      return "statement-given";
  }
  return "unknown";
}

std::string_view reachabilityName(Reachability reachability) {
  switch (reachability) {
    case Reachability::NotYetAnswered:
      return "not-yet-answered";
    case Reachability::Answered:
      return "answered";
    case Reachability::Unresponsive:
      return "unresponsive";
    case Reachability::Unreachable:
      return "unreachable";
    case Reachability::Resumed:
      return "resumed";
  }
  return "unknown";
}

std::string_view vendorStateName(VendorState state) {
  switch (state) {
    case VendorState::NotContacted:
      return "not-contacted";
    case VendorState::SummarySent:
      return "summary-sent";
    case VendorState::DetailsRequested:
      return "details-requested";
    case VendorState::DetailsSent:
      return "details-sent";
    case VendorState::Affected:
      return "affected";
    case VendorState::AffectedInvestigating:
      return "affected-investigating";
    case VendorState::NotAffected:
      return "not-affected";
    case VendorState::NotAffectedInvestigating:
      return "not-affected-investigating";
    case VendorState::InformationProvided:
      return "information-provided";
    case VendorState::Unresponsive:
      return "unresponsive";
    case VendorState::Unreachable:
      return "unreachable";
    case VendorState::Resumed:
      return "resumed";
  }
  return "unknown";
}

VendorState vendorState(VendorPhase phase, Reachability reachability,
                        std::optional<PublicStatus> status) {
  if (reachability == Reachability::Unreachable) return VendorState::Unreachable;
  if (reachability == Reachability::Unresponsive) return VendorState::Unresponsive;
  if (status) {
    switch (*status) {
      case PublicStatus::Affected:
        return VendorState::Affected;
      case PublicStatus::AffectedInvestigating:
        return VendorState::AffectedInvestigating;
      case PublicStatus::NotAffected:
        return VendorState::NotAffected;
      case PublicStatus::NotAffectedInvestigating:
        return VendorState::NotAffectedInvestigating;
      case PublicStatus::InformationProvided:
        return VendorState::InformationProvided;
    }
  }
  if (reachability == Reachability::Resumed) return VendorState::Resumed;
  switch (phase) {
    case VendorPhase::NotContacted:
      return VendorState::NotContacted;
    case VendorPhase::SummarySent:
      return VendorState::SummarySent;
    case VendorPhase::DetailsRequested:
      return VendorState::DetailsRequested;
    case VendorPhase::NoAffectedProduct:
      return VendorState::NotAffected;
    case VendorPhase::DetailsSent:
    case VendorPhase::StatementGiven:
      return VendorState::InformationProvided;
  }
  return VendorState::NotContacted;
}

}  // namespace cvdd::core
