#pragma once
// Private: ISO-2022-JP as Microsoft writes it (CP50220/CP50221: NEC row 13, JIS X 0201
// kana), which glibc's ISO-2022-JP* converters reject.

#include <optional>
#include <string>
#include <string_view>

namespace cvdd::parsers::detail {

/// Re-encodes ISO-2022-JP (any of its designations, SO/SI kana, 8-bit kana) as EUC-JP-MS
/// bytes so glibc's EUC-JP-MS converter can finish the job. nullopt on an unknown escape
/// sequence or a byte that has no place in the current state.
std::optional<std::string> iso2022JpToEucJpMs(std::string_view bytes);

}  // namespace cvdd::parsers::detail
