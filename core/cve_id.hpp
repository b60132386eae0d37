#pragma once
// CVE identifiers as the CVE Program assigns them: "CVE-" year "-" four or more digits
// (the pattern CSAF 2.0's schema requires of vulnerabilities[].cve).

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace cvdd::core {

/// Whether text is a well-formed CVE ID, e.g. "CVE-2024-12345".
bool isCveId(std::string_view text);

/// The IDs of a `--cve` list (each item may itself be a comma list, blanks ignored), in
/// order, without repeats; InvalidConfig naming the first malformed ID.
Result<std::vector<std::string>> parseCveList(const std::vector<std::string>& items);

}  // namespace cvdd::core
