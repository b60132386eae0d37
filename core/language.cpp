#include "core/language.hpp"

#include <cstdint>

namespace cvdd::core {

std::string_view languageCode(Language language) {
  return language == Language::Japanese ? "ja" : "en";
}

Language detectLanguage(std::string_view text) {
  // Walk UTF-8 and look for code points in Hiragana, Katakana, CJK ideographs or
  // full-width forms; invalid sequences are skipped, never trusted.
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = (lead >= 0xF0) ? 4 : (lead >= 0xE0) ? 3 : (lead >= 0xC0) ? 2 : 1;
    if (i + length > text.size() || length == 1) {
      ++i;
      continue;
    }
    std::uint32_t cp = lead & (0xFF >> (length + 1));
    for (std::size_t k = 1; k < length; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    const bool japanese = (cp >= 0x3040 && cp <= 0x30FF) ||  // kana
                          (cp >= 0x4E00 && cp <= 0x9FFF) ||  // CJK unified ideographs
                          (cp >= 0xFF01 && cp <= 0xFF9F);    // full-width and half-width forms
    if (japanese) return Language::Japanese;
    i += length;
  }
  return Language::English;
}

}  // namespace cvdd::core
