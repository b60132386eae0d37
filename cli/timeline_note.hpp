#pragma once
// What an operator did to a quarantined message, written where the case shows it.

#include <optional>
#include <string>

#include "store/store.hpp"

namespace cvdd::cli {

/// Appends text to the note of the case's timeline entries for the message and, when
/// authenticated is given, sets their trust to it; nothing when there is no such case.
void noteOnTimeline(store::WriteTxn& txn, const std::string& caseId, const std::string& messageKey,
                    const std::string& text, std::optional<bool> authenticated);

}  // namespace cvdd::cli
