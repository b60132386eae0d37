#pragma once
// Private: finds the part that carries a message's readable text, bounded in depth and
// part count, without recursion.

#include <string>
#include <string_view>
#include <vector>

#include "parsers/header_section.hpp"

namespace cvdd::parsers::detail {

inline constexpr int kMaxMimeDepth = 32;
inline constexpr std::size_t kMaxMimeParts = 1000;

struct TextPart {
  bool found = false;
  bool html = false;
  std::string_view body;         // still transfer-encoded
  std::string transferEncoding;  // lower-cased, "" when absent
  std::string charset;           // declared, lower-cased, "" when absent
};

/// Depth-first: the first text/plain leaf that is no attachment; else the first
/// text/html; else the first other text-like leaf (text/*, delivery and disposition
/// reports). message/rfc822 is never entered: a forwarded mail is not this mail's text.
TextPart findTextPart(const Entity& top, std::vector<std::string>* warnings);

/// The parts of a multipart body between its delimiter lines (RFC 2046 §5.1.1), at most
/// maxParts of them.
std::vector<std::string_view> splitMultipart(std::string_view body, std::string_view boundary,
                                             std::size_t maxParts,
                                             std::vector<std::string>* warnings);

}  // namespace cvdd::parsers::detail
