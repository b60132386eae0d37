#pragma once
// Every value of the enums the stored records name, in declaration order: a record's
// name is read back by finding the value whose core name function gives it. Shared by the
// record codec and the case-summary decoder so the two never disagree.

#include <array>

#include "core/case.hpp"
#include "core/deadline.hpp"
#include "core/language.hpp"
#include "core/lifecycle.hpp"

namespace cvdd::store::codec {

inline constexpr std::array kCaseStates{core::CaseState::Received};
inline constexpr std::array kLanguages{core::Language::Japanese, core::Language::English};
inline constexpr std::array kCaseStages{
    core::CaseStage::Received,     core::CaseStage::Accepted,
    core::CaseStage::Stopped,      core::CaseStage::VendorsIdentified,
    core::CaseStage::Coordinating, core::CaseStage::PublicationScheduled,
    core::CaseStage::Published,    core::CaseStage::PublicationCancelled,
    core::CaseStage::Closed};
// clang-format off
inline constexpr std::array kDeadlineKinds{
    core::DeadlineKind::PublicationTarget, core::DeadlineKind::UnresponsiveReminder,
    core::DeadlineKind::Unreachable,       core::DeadlineKind::CoordinationImpossible,
    core::DeadlineKind::NonDisclosureEnd,  core::DeadlineKind::PublicationReminder,
    core::DeadlineKind::PublicationDue,
    core::DeadlineKind::UnreachableWarning, core::DeadlineKind::CoordinationImpossibleWarning,
    core::DeadlineKind::NonDisclosureWarning, core::DeadlineKind::PublicationTargetWarning,
    core::DeadlineKind::ProductDisclosure};
// clang-format on

}  // namespace cvdd::store::codec
