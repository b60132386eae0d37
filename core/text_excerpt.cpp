#include "core/text_excerpt.hpp"

namespace cvdd::core {

namespace {

bool isContinuation(char byte) {
  return (static_cast<unsigned char>(byte) & 0xC0U) == 0x80U;
}

// The byte offset where character number n starts (text.size() when it has fewer).
std::size_t offsetOfCharacter(std::string_view text, std::size_t n) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (isContinuation(text[i])) continue;
    if (seen == n) return i;
    ++seen;
  }
  return text.size();
}

}  // namespace

std::string shortenText(std::string_view utf8, std::size_t maxChars) {
  if (maxChars == 0) return {};
  if (offsetOfCharacter(utf8, maxChars) == utf8.size()) return std::string(utf8);
  return std::string(utf8.substr(0, offsetOfCharacter(utf8, maxChars - 1))) + "…";
}

}  // namespace cvdd::core
