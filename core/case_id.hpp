#pragma once
// Case identifiers: "<prefix>#<8 digits>", e.g. "CVD#01234567".

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cvdd::core {

/// Formats a case ID; number is taken modulo 10^8 and zero-padded to 8 digits.
std::string formatCaseId(std::string_view prefix, std::uint32_t number);

/// Finds the first case ID of this prefix in a decoded subject ("Re: [CVD#12345678] x"),
/// bracketed or bare; the prefix matches case-insensitively. Returns the canonical
/// spelling ("CVD#12345678"), or nullopt when none is present.
std::optional<std::string> findCaseId(std::string_view subject, std::string_view prefix);

/// True when text is a well-formed case ID of this prefix.
bool isCaseId(std::string_view text, std::string_view prefix);

}  // namespace cvdd::core
