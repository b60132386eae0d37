#pragma once
// RFC 2047 encoded words in header fields.

#include <string>
#include <string_view>
#include <vector>

namespace cvdd::parsers {

/// Decodes every encoded word ("=?ISO-2022-JP?B?...?=") of an unfolded header value to
/// UTF-8; whitespace between adjacent encoded words is dropped (RFC 2047 §6.2). Also
/// accepts raw 8-bit UTF-8. Never fails: what cannot be decoded is kept as is, and
/// a warning is added.
std::string decodeHeader(std::string_view value, std::vector<std::string>* warnings = nullptr);

}  // namespace cvdd::parsers
