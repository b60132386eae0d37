#pragma once
// Private: the steps parseMessage and analyzeMessage share, from a walked MIME tree to
// the typed fields of ParsedMessage.

#include <string>
#include <string_view>
#include <vector>

#include "parsers/header_section.hpp"
#include "parsers/mime_walk.hpp"
#include "parsers/parsed_message.hpp"

namespace cvdd::parsers::detail {

/// msg-ids in order, angle brackets and folding whitespace removed. Without any "<...>",
/// whitespace- or comma-separated tokens count as ids (common in broken References).
std::vector<std::string> extractIds(std::string_view value);

/// From, To, Cc, Bcc, Reply-To, Subject, ids, Date and Auto-Submitted of a header section.
void readHeaderFields(const std::vector<HeaderField>& fields, ParsedMessage& msg);

/// bodyText and bodyCharset from the body leaves (bodyTextNodes), joined by a blank line;
/// bodyCharset is the first leaf's. Nothing when there are none.
void readBodyText(const MimeTree& tree, const std::vector<std::size_t>& nodes, ParsedMessage& msg);

}  // namespace cvdd::parsers::detail
