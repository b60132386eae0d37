#pragma once
// Short excerpts of untrusted text, for mail that goes to an unauthenticated address. Pure.

#include <cstddef>
#include <string>
#include <string_view>

namespace cvdd::core {

/// The text itself when it has at most maxChars characters (code points); else its first
/// maxChars - 1 characters and "…", so the result never exceeds maxChars characters and is
/// never cut inside a UTF-8 sequence. maxChars 0 gives "".
std::string shortenText(std::string_view utf8, std::size_t maxChars);

}  // namespace cvdd::core
