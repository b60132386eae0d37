#pragma once
// The frame of every published page: a standalone polyglot XHTML document (well-formed
// XML, no script, no external resource) with its style inline.

#include <string>
#include <string_view>

#include "core/language.hpp"

namespace cvdd::publication {

/// From the DOCTYPE to the opening <body>; the title is escaped here.
std::string xhtmlPageStart(core::Language language, std::string_view title, std::string_view style);

/// The link to the other-language twin of a page: `enHref` from the Japanese page,
/// `jaHref` from the English one (hrefs are the caller's, already safe file names).
std::string twinLink(core::Language language, std::string_view enHref, std::string_view jaHref);

/// Closes the body and the document.
inline constexpr std::string_view kXhtmlPageEnd = "</body></html>\n";

}  // namespace cvdd::publication
