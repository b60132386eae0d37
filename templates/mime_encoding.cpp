#include "templates/mime_encoding.hpp"

#include <cstdint>

namespace cvdd::templates::detail {

namespace {

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kHexDigits = "0123456789ABCDEF";
constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::size_t kBase64LineLength = 76;
constexpr std::size_t kQuotedPrintableLineLength = 76;

bool isContinuation(unsigned char c) {
  return (c & 0xC0U) == 0x80U;
}

// Length of the well-formed UTF-8 sequence at text[i] (Unicode Table 3-7), 0 if ill-formed.
std::size_t wellFormedLength(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = byte(0);
  const std::size_t left = text.size() - i;
  if (lead < 0x80U) return 1;
  if (lead >= 0xC2U && lead <= 0xDFU) return left >= 2 && isContinuation(byte(1)) ? 2 : 0;
  if (lead >= 0xE0U && lead <= 0xEFU) {
    if (left < 3 || !isContinuation(byte(1)) || !isContinuation(byte(2))) return 0;
    if (lead == 0xE0U && byte(1) < 0xA0U) return 0;  // overlong
    if (lead == 0xEDU && byte(1) > 0x9FU) return 0;  // surrogate
    return 3;
  }
  if (lead >= 0xF0U && lead <= 0xF4U) {
    if (left < 4 || !isContinuation(byte(1)) || !isContinuation(byte(2)) ||
        !isContinuation(byte(3))) {
      return 0;
    }
    if (lead == 0xF0U && byte(1) < 0x90U) return 0;  // overlong
    if (lead == 0xF4U && byte(1) > 0x8FU) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

std::string base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t n =
        (std::uint32_t{at(i)} << 16U) | (std::uint32_t{at(i + 1)} << 8U) | std::uint32_t{at(i + 2)};
    out += kBase64Alphabet[(n >> 18U) & 0x3FU];
    out += kBase64Alphabet[(n >> 12U) & 0x3FU];
    out += kBase64Alphabet[(n >> 6U) & 0x3FU];
    out += kBase64Alphabet[n & 0x3FU];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = std::uint32_t{at(i)} << 16U;
    if (rest == 2) n |= std::uint32_t{at(i + 1)} << 8U;
    out += kBase64Alphabet[(n >> 18U) & 0x3FU];
    out += kBase64Alphabet[(n >> 12U) & 0x3FU];
    out += rest == 2 ? kBase64Alphabet[(n >> 6U) & 0x3FU] : '=';
    out += '=';
  }
  return out;
}

std::string base64Lines(std::string_view bytes) {
  const std::string flat = base64Encode(bytes);
  std::string out;
  out.reserve(flat.size() + flat.size() / kBase64LineLength * 2 + 2);
  for (std::size_t i = 0; i < flat.size(); i += kBase64LineLength) {
    out.append(flat, i, kBase64LineLength);
    out += "\r\n";
  }
  return out;
}

std::string quotedPrintable(std::string_view text) {
  std::string out;
  std::string line;  // the encoded physical line being built, without its line break
  const auto flushSoft = [&] {
    out += line;
    out += "=\r\n";
    line.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += line;
      out += "\r\n";
      line.clear();
      continue;
    }
    const bool atLineEnd = i + 1 == text.size() || text[i + 1] == '\n';
    const bool blank = c == ' ' || c == '\t';
    const bool literal = (c >= 33 && c <= 126 && c != '=') || (blank && !atLineEnd);
    std::string unit;
    if (literal) {
      unit = static_cast<char>(c);
    } else {
      unit = {'=', kHexDigits[c >> 4U], kHexDigits[c & 0x0FU]};
    }
    // Room for the unit plus the "=" of a soft break, unless this is the last unit of
    // the line (then the limit itself is enough).
    const std::size_t limit =
        atLineEnd ? kQuotedPrintableLineLength : kQuotedPrintableLineLength - 1;
    if (line.size() + unit.size() > limit) flushSoft();
    line += unit;
  }
  if (!line.empty()) out += line;  // text without a final line break: none added here
  return out;
}

std::string sanitizeUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t n = wellFormedLength(text, i);
    if (n == 0) {
      out += kReplacementCharacter;
      ++i;
      // A maximal ill-formed subpart is replaced once: skip its continuation bytes.
      while (i < text.size() && isContinuation(static_cast<unsigned char>(text[i])) &&
             wellFormedLength(text, i) == 0) {
        ++i;
      }
      continue;
    }
    out.append(text, i, n);
    i += n;
  }
  return out;
}

std::size_t utf8SequenceLength(unsigned char lead) {
  if (lead >= 0xF0U && lead <= 0xF4U) return 4;
  if (lead >= 0xE0U && lead <= 0xEFU) return 3;
  if (lead >= 0xC2U && lead <= 0xDFU) return 2;
  return 1;
}

bool isAscii(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80U) return false;
  }
  return true;
}

std::string encodedWord(std::string_view utf8) {
  return "=?UTF-8?B?" + base64Encode(utf8) + "?=";
}

std::string canonicalText(std::string_view raw) {
  const std::string utf8 = sanitizeUtf8(raw);
  std::string text;
  text.reserve(utf8.size() + 1);
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    if (utf8[i] == '\r') {
      if (i + 1 < utf8.size() && utf8[i + 1] == '\n') ++i;
      text += '\n';
    } else {
      text += utf8[i];
    }
  }
  if (text.empty() || text.back() != '\n') text += '\n';
  return text;
}

}  // namespace cvdd::templates::detail
