#include "parsers/html_text.hpp"

#include <array>
#include <cstdint>
#include <utility>

#include "parsers/header_section.hpp"

namespace cvdd::parsers::detail {

namespace {

bool startsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && asciiLower(s.substr(0, prefix.size())) == prefix;
}

void appendUtf8(std::string& out, std::uint32_t cp) {
  if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// The longest entity name decoded: "#x10FFFF" and "#1114111" with a leading zero.
constexpr std::size_t kMaxEntityName = 9;

// Decodes the entity at html[i] ('&'); returns the characters consumed, 0 if none.
std::size_t decodeEntity(std::string_view html, std::size_t i, std::string& out) {
  // The ';' is looked for only as far as a name can reach: searching the rest of the
  // document from every '&' made a body of '&'s quadratic (35 s for 2 MB).
  const std::size_t semi = html.substr(i + 1, kMaxEntityName + 1).find(';');
  if (semi == std::string_view::npos) return 0;
  const std::string name = asciiLower(html.substr(i + 1, semi));
  static const std::array<std::pair<std::string_view, std::string_view>, 6> named{
      {{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}}};
  for (const auto& [key, text] : named) {
    if (name == key) {
      out += text;
      return semi + 2;
    }
  }
  if (name.size() >= 2 && name[0] == '#') {
    const bool hex = name[1] == 'x';
    std::uint32_t cp = 0;
    const std::size_t digitsFrom = hex ? 2 : 1;
    if (name.size() == digitsFrom) return 0;
    for (std::size_t k = digitsFrom; k < name.size(); ++k) {
      const char c = name[k];
      int v = -1;
      if (c >= '0' && c <= '9') v = c - '0';
      if (hex && c >= 'a' && c <= 'f') v = c - 'a' + 10;
      if (v < 0) return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
      if (cp > 0x10ffff) cp = 0x110000;  // stays out of range without overflowing
    }
    appendUtf8(out, cp);
    return semi + 2;
  }
  return 0;
}

bool isBlockTag(std::string_view tagName) {
  static const std::array<std::string_view, 12> blocks{"br", "p",  "div", "tr", "li", "h1",
                                                       "h2", "h3", "h4",  "h5", "h6", "blockquote"};
  for (auto b : blocks) {
    if (tagName == b) return true;
  }
  return false;
}

}  // namespace

std::string htmlToText(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  bool pendingSpace = false;
  std::size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '<') {
      const std::string_view rest = html.substr(i);
      if (rest.starts_with("<!--")) {
        const std::size_t end = html.find("-->", i + 4);
        i = end == std::string_view::npos ? html.size() : end + 3;
        continue;
      }
      std::string_view skipTo;
      if (startsWithIgnoreCase(rest, "<script")) skipTo = "</script";
      if (startsWithIgnoreCase(rest, "<style")) skipTo = "</style";
      if (!skipTo.empty()) {
        // Case-insensitive search without copying the whole document.
        std::size_t k = i + 1;
        std::size_t found = std::string_view::npos;
        while ((k = html.find('<', k)) != std::string_view::npos) {
          if (startsWithIgnoreCase(html.substr(k), skipTo)) {
            found = k;
            break;
          }
          ++k;
        }
        const std::size_t close =
            found == std::string_view::npos ? std::string_view::npos : html.find('>', found);
        i = close == std::string_view::npos ? html.size() : close + 1;
        continue;
      }
      const std::size_t close = html.find('>', i);
      std::size_t nameStart = i + 1;
      if (nameStart < html.size() && html[nameStart] == '/') ++nameStart;
      std::size_t nameEnd = nameStart;
      while (nameEnd < html.size() && nameEnd - nameStart < 16 &&
             ((html[nameEnd] >= 'a' && html[nameEnd] <= 'z') ||
              (html[nameEnd] >= 'A' && html[nameEnd] <= 'Z') ||
              (html[nameEnd] >= '0' && html[nameEnd] <= '9'))) {
        ++nameEnd;
      }
      if (isBlockTag(asciiLower(html.substr(nameStart, nameEnd - nameStart)))) {
        out += '\n';
        pendingSpace = false;
      }
      i = close == std::string_view::npos ? html.size() : close + 1;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      // HTML source whitespace is not layout: runs collapse to one space.
      pendingSpace = !out.empty() && out.back() != '\n';
      ++i;
      continue;
    }
    if (pendingSpace) {
      out += ' ';
      pendingSpace = false;
    }
    if (c == '&') {
      const std::size_t used = decodeEntity(html, i, out);
      if (used > 0) {
        i += used;
        continue;
      }
    }
    out += c;
    ++i;
  }
  // Leading block tags (<html><body><p>) would otherwise start the text with blank lines.
  const std::size_t first = out.find_first_not_of('\n');
  return first == std::string::npos ? std::string{} : out.substr(first);
}

}  // namespace cvdd::parsers::detail
