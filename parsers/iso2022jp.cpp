#include "parsers/iso2022jp.hpp"

namespace cvdd::parsers::detail {

namespace {

enum class JisState { Ascii, Kana, Jis0208, Jis0212 };

constexpr char kEsc = '\x1b';

}  // namespace

std::optional<std::string> iso2022JpToEucJpMs(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  JisState state = JisState::Ascii;
  bool shiftedOut = false;  // SO/SI kana (JIS7) overrides the designated set
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c == static_cast<unsigned char>(kEsc)) {
      const std::string_view rest = bytes.substr(i + 1);
      if (rest.starts_with("(B") || rest.starts_with("(J") || rest.starts_with("(H")) {
        state = JisState::Ascii;
        i += 3;
      } else if (rest.starts_with("(I")) {
        state = JisState::Kana;
        i += 3;
      } else if (rest.starts_with("$B") || rest.starts_with("$@")) {
        state = JisState::Jis0208;
        i += 3;
      } else if (rest.starts_with("$(B") || rest.starts_with("$(@") || rest.starts_with("$(Q") ||
                 rest.starts_with("$(O")) {
        // JIS X 0213 plane 1 is a superset of 0208 in the rows that matter here.
        state = JisState::Jis0208;
        i += 4;
      } else if (rest.starts_with("$(D")) {
        state = JisState::Jis0212;
        i += 4;
      } else if (rest.starts_with("&@")) {
        i += 3;  // JIS C 6226 revision marker, always followed by ESC $ B
      } else {
        return std::nullopt;
      }
      continue;
    }
    if (c == 0x0e || c == 0x0f) {
      shiftedOut = c == 0x0e;
      ++i;
      continue;
    }
    if (c >= 0xa1 && c <= 0xdf) {  // 8-bit JIS X 0201 kana ("JIS8")
      out += '\x8e';
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    if (c >= 0x80) return std::nullopt;
    if (c < 0x21 || c == 0x7f) {  // controls and spaces stand for themselves in every state
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    const JisState effective = shiftedOut ? JisState::Kana : state;
    switch (effective) {
      case JisState::Ascii:
        out += static_cast<char>(c);
        ++i;
        break;
      case JisState::Kana:
        if (c > 0x5f) return std::nullopt;
        out += '\x8e';
        out += static_cast<char>(c | 0x80);
        ++i;
        break;
      case JisState::Jis0208:
      case JisState::Jis0212: {
        if (i + 1 >= bytes.size()) return std::nullopt;
        const auto c2 = static_cast<unsigned char>(bytes[i + 1]);
        if (c2 < 0x21 || c2 > 0x7e) return std::nullopt;
        if (effective == JisState::Jis0212) out += '\x8f';
        out += static_cast<char>(c | 0x80);
        out += static_cast<char>(c2 | 0x80);
        i += 2;
        break;
      }
    }
  }
  return out;
}

}  // namespace cvdd::parsers::detail
