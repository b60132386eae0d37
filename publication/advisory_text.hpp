#pragma once
// Text into the advisory's HTML and Markdown: links only for http(s) URLs, paragraphs,
// and Markdown escaping, so that no text an operator or a vendor wrote can add markup,
// a link or a table column.

#include <optional>
#include <string>
#include <string_view>

namespace cvdd::publication {

/// The URL as a link target when it is an absolute http:// or https:// URL (scheme in any
/// case) with no space, control character, quote, '<', '>', '\\' or '`'; '|' is
/// percent-encoded (a Markdown table would split on it). nullopt otherwise: shown as text.
std::optional<std::string> linkUrl(std::string_view url);

/// A reference line: "URL", or "text URL" with the URL last.
struct Reference {
  std::string text;  // "" for a bare URL
  std::optional<std::string> url;
};
Reference parseReference(std::string_view line);

/// Paragraphs (split on blank lines) with line breaks, escaped, as XHTML.
std::string htmlParagraphs(std::string_view text);

/// Text for a Markdown block: \ ` * _ [ ] < > | escaped everywhere, a leading #, +, - or
/// "N." of a line escaped, CR dropped. Newlines stay.
std::string markdownEscape(std::string_view text);

/// Text for a Markdown table cell: escaped as above, newlines become spaces.
std::string markdownCell(std::string_view text);

}  // namespace cvdd::publication
