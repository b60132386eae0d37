#pragma once
// Private: readable text from an HTML body, for mail that has no text/plain part.

#include <string>
#include <string_view>

namespace cvdd::parsers::detail {

/// Drops tags, comments, <script> and <style>; block tags become line breaks; the
/// common entities and numeric references are decoded. Linear in the input.
std::string htmlToText(std::string_view html);

}  // namespace cvdd::parsers::detail
