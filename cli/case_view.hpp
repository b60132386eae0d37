#pragma once
// How cvdctl presents cases: JSON for scripts, text for people.

#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

#include "core/case.hpp"

namespace cvdd::cli {

nlohmann::json caseSummaryJson(const core::Case& c);
nlohmann::json caseDetailJson(const core::Case& c);

void printCaseTable(std::ostream& out, const std::vector<core::Case>& cases);
void printCaseDetail(std::ostream& out, const core::Case& c);

}  // namespace cvdd::cli
