#pragma once
// Charset conversion of untrusted text to UTF-8 (iconv).

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace cvdd::parsers {

/// Converts bytes in the named charset (any spelling iconv knows: "ISO-2022-JP",
/// "shift_jis", "euc-jp", "utf-8", "us-ascii", ...) to UTF-8. Unknown charset or invalid
/// sequences give an error naming the charset and byte offset.
core::Result<std::string> toUtf8(std::string_view bytes, std::string_view charset);

/// As toUtf8, but never fails: invalid sequences become U+FFFD; an unknown charset is
/// read as UTF-8 when valid, else Latin-1. Adds a warning when it had to guess.
std::string toUtf8Lossy(std::string_view bytes, std::string_view charset,
                        std::vector<std::string>* warnings);

}  // namespace cvdd::parsers
