#pragma once
// Text into HTML and SVG: every string a page shows goes through here.

#include <string>
#include <string_view>

namespace cvdd::publication {

/// text with & < > " ' replaced by character references: safe in element content and in
/// quoted attribute values. Total.
std::string htmlEscape(std::string_view text);

}  // namespace cvdd::publication
