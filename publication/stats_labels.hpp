#pragma once
// The words of the statistics page in English and Japanese.

#include <string_view>

#include "core/language.hpp"
#include "core/lifecycle.hpp"

namespace cvdd::publication {

/// en or ja, as the language asks.
std::string_view pick(core::Language language, std::string_view en, std::string_view ja);

std::string_view stageLabel(core::CaseStage stage, core::Language language);
std::string_view stopReasonLabel(core::StopReason reason, core::Language language);
std::string_view cancelReasonLabel(core::CancelReason reason, core::Language language);

}  // namespace cvdd::publication
