#include "publication/advisory_text.hpp"

#include "publication/html.hpp"

namespace cvdd::publication {

namespace {

bool startsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

std::string_view trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

std::optional<std::string> linkUrl(std::string_view url) {
  std::string_view rest;
  if (startsWithNoCase(url, "https://"))
    rest = url.substr(8);
  else if (startsWithNoCase(url, "http://"))
    rest = url.substr(7);
  else
    return std::nullopt;
  if (rest.empty() || rest.front() == '/') return std::nullopt;  // no host
  std::string out;
  for (const char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' ||
        c == '`')
      return std::nullopt;
    if (c == '|')
      out += "%7C";
    else
      out += c;
  }
  return out;
}

Reference parseReference(std::string_view line) {
  const std::string_view text = trimmed(line);
  const auto space = text.find_last_of(" \t");
  const std::string_view last = space == std::string_view::npos ? text : text.substr(space + 1);
  if (auto url = linkUrl(last)) {
    return {std::string(space == std::string_view::npos ? std::string_view{}
                                                        : trimmed(text.substr(0, space))),
            std::move(url)};
  }
  return {std::string(text), std::nullopt};
}

std::string htmlParagraphs(std::string_view text) {
  std::string out;
  std::string paragraph;
  auto flush = [&] {
    if (!paragraph.empty()) out += "<p>" + paragraph + "</p>";
    paragraph.clear();
  };
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const auto nl = text.find('\n', pos);
    const std::string_view line =
        trimmed(text.substr(pos, nl == std::string_view::npos ? nl : nl - pos));
    if (line.empty())
      flush();
    else
      paragraph += (paragraph.empty() ? "" : "<br/>") + htmlEscape(line);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  flush();
  return out;
}

std::string markdownEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool lineStart = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') continue;
    if (lineStart && (c == '#' || c == '+' || c == '-' || c == '=')) out += '\\';
    if (lineStart && c >= '0' && c <= '9') {
      // "1. " or "1) " would start an ordered list: escape the mark after the digits.
      std::size_t j = i;
      while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
      if (j < text.size() && (text[j] == '.' || text[j] == ')')) {
        out.append(text.substr(i, j - i));
        out += '\\';
        out += text[j];
        i = j;
        lineStart = false;
        continue;
      }
    }
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '|':
      case '!':
        out += '\\';
        break;
      case '&':
        out += "&amp;";  // an entity reference would be decoded
        lineStart = false;
        continue;
      default:
        break;
    }
    out += c;
    if (c == '\n')
      lineStart = true;
    else if (c != ' ' && c != '\t')
      lineStart = false;
  }
  return out;
}

std::string markdownCell(std::string_view text) {
  std::string flat;
  flat.reserve(text.size());
  for (const char c : trimmed(text)) flat += c == '\n' || c == '\r' || c == '\t' ? ' ' : c;
  return markdownEscape(flat);
}

}  // namespace cvdd::publication
