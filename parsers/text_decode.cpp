#include "parsers/text_decode.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "parsers/charset.hpp"

namespace cvdd::parsers::detail {

namespace {

// Length of the valid UTF-8 sequence at bytes[i], or 0 (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF).
std::size_t utf8SequenceLength(std::string_view bytes, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  const unsigned char c = at(i);
  if (c < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) {
    len = 2;
  } else if (c >= 0xe0 && c <= 0xef) {
    len = 3;
    if (c == 0xe0) lo = 0xa0;
    if (c == 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    len = 4;
    if (c == 0xf0) lo = 0x90;
    if (c == 0xf4) hi = 0x8f;
  } else {
    return 0;
  }
  if (i + len > bytes.size()) return 0;
  if (at(i + 1) < lo || at(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (at(i + k) < 0x80 || at(i + k) > 0xbf) return 0;
  }
  return len;
}

// How Japanese a UTF-8 string looks: kana and common kanji count for it, halfwidth kana
// and replacement characters (typical of a wrong guess between Shift_JIS and EUC-JP)
// against it.
long japaneseScore(std::string_view utf8) {
  long score = 0;
  std::size_t i = 0;
  while (i < utf8.size()) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    std::uint32_t cp = c;
    std::size_t len = 1;
    if (c >= 0xf0 && i + 3 < utf8.size()) {
      cp = ((c & 0x07u) << 18) | ((utf8[i + 1] & 0x3fu) << 12) | ((utf8[i + 2] & 0x3fu) << 6) |
           (utf8[i + 3] & 0x3fu);
      len = 4;
    } else if (c >= 0xe0 && i + 2 < utf8.size()) {
      cp = ((c & 0x0fu) << 12) | ((utf8[i + 1] & 0x3fu) << 6) | (utf8[i + 2] & 0x3fu);
      len = 3;
    } else if (c >= 0xc0 && i + 1 < utf8.size()) {
      cp = ((c & 0x1fu) << 6) | (utf8[i + 1] & 0x3fu);
      len = 2;
    }
    if ((cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3000 && cp <= 0x303f)) {
      score += 3;
    } else if (cp >= 0x4e00 && cp <= 0x9fff) {
      score += 2;
    } else if (cp >= 0xff61 && cp <= 0xff9f) {
      score -= 2;
    } else if (cp == 0xfffd || (cp >= 0xe000 && cp <= 0xf8ff)) {
      score -= 5;
    } else if (cp >= 0x80 && cp < 0x3000) {
      score -= 1;
    }
    i += len;
  }
  return score;
}

void warn(std::vector<std::string>* warnings, std::string w) {
  if (warnings != nullptr) warnings->push_back(std::move(w));
}

std::string normalLabel(std::string_view charset) {
  std::string out;
  for (char c : charset) {
    if (c == '"' || c == ' ' || c == '\t') continue;
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  return out;
}

}  // namespace

bool isAscii(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool isValidUtf8(std::string_view bytes) {
  return validUtf8Prefix(bytes) == bytes.size();
}

std::size_t validUtf8Prefix(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::size_t len = utf8SequenceLength(bytes, i);
    if (len == 0) return i;
    i += len;
  }
  return i;
}

bool hasIso2022JpEscape(std::string_view bytes) {
  for (std::string_view esc : {"\x1b$B", "\x1b$@", "\x1b(I", "\x1b(J", "\x1b$(D", "\x1b$(Q"}) {
    if (bytes.find(esc) != std::string_view::npos) return true;
  }
  return false;
}

std::string utf8Lossy(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::size_t len = utf8SequenceLength(bytes, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(bytes.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string guessCharset(std::string_view bytes) {
  if (hasIso2022JpEscape(bytes)) return "iso-2022-jp";
  if (isAscii(bytes)) return "us-ascii";
  if (isValidUtf8(bytes)) return "utf-8";
  std::string best;
  long bestScore = 0;
  for (std::string_view candidate : {"shift_jis", "euc-jp"}) {
    auto text = toUtf8(bytes, candidate);
    if (!text) continue;
    const long score = japaneseScore(*text);
    if (best.empty() || score > bestScore) {
      best = std::string(candidate);
      bestScore = score;
    }
  }
  return best;
}

std::string decodeUnlabelled(std::string_view bytes, std::vector<std::string>* warnings) {
  if (!hasIso2022JpEscape(bytes)) {
    if (isAscii(bytes) || isValidUtf8(bytes)) return std::string(bytes);
  }
  const std::string guess = guessCharset(bytes);
  if (guess.empty()) {
    warn(warnings, "unlabelled 8-bit text not recognised, invalid bytes replaced");
    return utf8Lossy(bytes);
  }
  warn(warnings, "unlabelled text guessed as " + guess);
  return toUtf8Lossy(bytes, guess, warnings);
}

std::string decodeLabelled(std::string_view bytes, std::string_view charset,
                           std::vector<std::string>* warnings) {
  const std::string label = normalLabel(charset);
  if (label.empty()) return decodeUnlabelled(bytes, warnings);
  const bool asciiLabel = label == "us-ascii" || label == "ascii";
  if (asciiLabel && !isAscii(bytes)) {
    warn(warnings, "8-bit text labelled " + label);
    return decodeUnlabelled(bytes, warnings);
  }
  if (asciiLabel && hasIso2022JpEscape(bytes)) {
    warn(warnings, "ISO-2022-JP text labelled " + label);
    return toUtf8Lossy(bytes, "iso-2022-jp", warnings);
  }
  if ((label == "utf-8" || label == "utf8") && !isValidUtf8(bytes)) {
    const std::string guess = guessCharset(bytes);
    if (guess == "shift_jis" || guess == "euc-jp") {
      warn(warnings, "invalid UTF-8 read as " + guess);
      return toUtf8Lossy(bytes, guess, warnings);
    }
  }
  return toUtf8Lossy(bytes, charset, warnings);
}

std::string scrubControls(std::string_view text, bool keepNewlines) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (keepNewlines && (c == '\n' || c == '\t')) {
      out += ch;
    } else if (c == 0) {
      continue;
    } else if (c < 0x20 || c == 0x7f) {
      out += ' ';
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace cvdd::parsers::detail
