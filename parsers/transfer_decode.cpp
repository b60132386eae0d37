#include "parsers/transfer_decode.hpp"

#include <algorithm>

namespace cvdd::parsers::detail {

namespace {

int base64Value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;  // '-' and '_': the URL-safe alphabet, seen in the wild
  if (c == '/' || c == '_') return 63;
  return -1;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string decodeQp(std::string_view text, bool underscoreIsSpace, bool* damaged) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '_' && underscoreIsSpace) {
      out += ' ';
      ++i;
      continue;
    }
    if (c != '=') {
      // Trailing whitespace before a line break was added in transit (RFC 2045 §6.7 (3)).
      if ((c == ' ' || c == '\t') && !underscoreIsSpace) {
        std::size_t j = i;
        while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
        if (j < text.size() && (text[j] == '\r' || text[j] == '\n')) {
          i = j;
          continue;
        }
        out.append(text.substr(i, j - i));
        i = j;
        continue;
      }
      out += c;
      ++i;
      continue;
    }
    if (i + 2 < text.size() && hexValue(text[i + 1]) >= 0 && hexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
      i += 3;
      continue;
    }
    // Soft line break, possibly with transport padding between "=" and the break.
    std::size_t j = i + 1;
    while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
    if (j < text.size() && text[j] == '\r') ++j;
    if (j < text.size() && text[j] == '\n') {
      i = j + 1;
      continue;
    }
    if (j >= text.size()) {  // "=" at the very end: a soft break with nothing after it
      i = j;
      continue;
    }
    *damaged = true;
    out += '=';
    ++i;
  }
  return out;
}

std::string lowerTrimmed(std::string_view s) {
  while (!s.empty() && (isSpace(s.front()) || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (isSpace(s.back()) || s.back() == '"')) s.remove_suffix(1);
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  });
  return out;
}

}  // namespace

std::string decodeBase64(std::string_view text, bool* damaged) {
  std::string out;
  out.reserve(text.size() / 4 * 3 + 3);
  unsigned int acc = 0;
  int bits = 0;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (isSpace(ch)) continue;
    if (ch == '=') {
      // Padding ends a chunk; a following chunk (concatenated parts) starts afresh.
      if (bits >= 6) *damaged = true;
      acc = 0;
      bits = 0;
      continue;
    }
    const int v = base64Value(c);
    if (v < 0) {
      *damaged = true;
      continue;
    }
    acc = ((acc << 6) | static_cast<unsigned int>(v)) & 0xffffffu;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xffu);
    }
  }
  if (bits >= 6) *damaged = true;
  return out;
}

std::string decodeQuotedPrintable(std::string_view text, bool* damaged) {
  return decodeQp(text, false, damaged);
}

std::string decodeQEncoding(std::string_view text, bool* damaged) {
  return decodeQp(text, true, damaged);
}

std::string decodeTransfer(std::string_view body, std::string_view encoding,
                           std::vector<std::string>* warnings) {
  const std::string cte = lowerTrimmed(encoding);
  bool damaged = false;
  if (cte == "base64") {
    std::string out = decodeBase64(body, &damaged);
    if (damaged && warnings != nullptr) warnings->push_back("damaged base64 body");
    return out;
  }
  if (cte == "quoted-printable") {
    std::string out = decodeQuotedPrintable(body, &damaged);
    if (damaged && warnings != nullptr) warnings->push_back("damaged quoted-printable body");
    return out;
  }
  if (!cte.empty() && cte != "7bit" && cte != "8bit" && cte != "binary" && warnings != nullptr) {
    warnings->push_back("unknown transfer encoding " + cte.substr(0, 64) + ", kept as is");
  }
  return std::string(body);
}

}  // namespace cvdd::parsers::detail
