#include "parsers/mime_params.hpp"

#include <map>

#include "parsers/header_section.hpp"
#include "parsers/rfc2047.hpp"
#include "parsers/text_decode.hpp"

namespace cvdd::parsers::detail {

namespace {

constexpr std::size_t kMaxSections = 64;

bool isWsp(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// RFC 2231 attribute-char, plus "*" for the section and charset markers.
bool isAttributeChar(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  if (c <= 32 || c >= 127) return false;
  switch (c) {
    case '(':
    case ')':
    case '<':
    case '>':
    case '@':
    case ',':
    case ';':
    case ':':
    case '\\':
    case '"':
    case '/':
    case '[':
    case ']':
    case '?':
    case '=':
    case '\'':
    case '%':
      return false;
    default:
      return true;
  }
}

// Does a parameter ("name=", "name*0*=") start at text[pos], after optional whitespace?
bool isParameterStart(std::string_view text, std::size_t pos) {
  while (pos < text.size() && isWsp(text[pos])) ++pos;
  const std::size_t start = pos;
  while (pos < text.size() && isAttributeChar(text[pos])) ++pos;
  if (pos == start) return false;
  while (pos < text.size() && isWsp(text[pos])) ++pos;
  return pos < text.size() && text[pos] == '=';
}

// Where an unquoted value starting at `from` ends: at a ";" that is followed by another
// parameter or by nothing but separators. A ";" followed by anything else is taken as
// part of the value (unescaped specials, as mail-jdec's fixtures write them).
std::size_t unquotedValueEnd(std::string_view text, std::size_t from) {
  std::size_t pos = from;
  while ((pos = text.find(';', pos)) != std::string_view::npos) {
    // A run of separators is read once, up to what follows it: looking from each of its
    // ";"s again made "; ; ; ...; x" quadratic.
    std::size_t k = pos + 1;
    while (k < text.size() && (isWsp(text[k]) || text[k] == ';')) ++k;
    if (k >= text.size() || isParameterStart(text, k)) return pos;
    pos = k;
  }
  return text.size();
}

std::string stripQuotes(std::string_view s) {
  s = trimWhitespace(s);
  while (!s.empty() && s.front() == '"') s.remove_prefix(1);
  while (!s.empty() && s.back() == '"') s.remove_suffix(1);
  return std::string(trimWhitespace(s));
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string percentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hexValue(s[i + 1]) >= 0 && hexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// "charset'language'value" → charset, value (RFC 2231 §4). Without two quotes the whole
// text is the value.
std::pair<std::string, std::string_view> splitExtendedValue(std::string_view s) {
  const std::size_t q1 = s.find('\'');
  if (q1 == std::string_view::npos) return {{}, s};
  const std::size_t q2 = s.find('\'', q1 + 1);
  if (q2 == std::string_view::npos) return {{}, s};
  return {std::string(trimWhitespace(s.substr(0, q1))), s.substr(q2 + 1)};
}

std::string finish(std::string_view utf8) {
  return std::string(trimWhitespace(scrubControls(utf8, false)));
}

std::string toText(std::string_view bytes, const std::string& charset,
                   std::vector<std::string>* warnings) {
  if (charset.empty()) return decodeHeader(bytes, warnings);
  return decodeLabelled(bytes, charset, warnings);
}

}  // namespace

std::vector<MimeParameter> splitParameters(std::string_view text) {
  std::vector<MimeParameter> params;
  std::size_t pos = 0;
  // The next "=" is searched for only once pos has passed the one found before: "a;a;..."
  // skips one "="-less word at a time, and a search from each read the rest every time.
  std::size_t eq = text.find('=');
  while (params.size() < kMaxParams) {
    while (pos < text.size() && (isWsp(text[pos]) || text[pos] == ';')) ++pos;
    if (pos >= text.size()) break;
    if (eq != std::string_view::npos && eq < pos) eq = text.find('=', pos);
    const std::size_t semi = text.find(';', pos);
    if (eq == std::string_view::npos || (semi != std::string_view::npos && semi < eq)) {
      if (semi == std::string_view::npos) break;
      pos = semi + 1;  // a parameter without "=": skipped
      continue;
    }
    std::string name = asciiLower(trimWhitespace(text.substr(pos, eq - pos)));
    pos = eq + 1;
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
    std::string value;
    if (pos < text.size() && text[pos] == '"') {
      std::size_t i = pos + 1;
      bool closed = false;
      std::string quoted;
      while (i < text.size()) {
        if (text[i] == '\\' && i + 1 < text.size()) {
          quoted += text[i + 1];
          i += 2;
        } else if (text[i] == '"') {
          closed = true;
          ++i;
          break;
        } else {
          quoted += text[i++];
        }
      }
      std::size_t after = i;
      while (after < text.size() && isWsp(text[after])) ++after;
      if (closed && (after >= text.size() || text[after] == ';')) {
        value = std::move(quoted);
        pos = after;
      } else if (closed) {
        // Something follows the closing quote: doubled quotes (`""=?...?=""`) and the
        // like. Read the raw text to the end of the parameter instead.
        const std::size_t end = unquotedValueEnd(text, pos);
        value = stripQuotes(text.substr(pos, end - pos));
        pos = end;
      } else {
        // Unclosed quote: the value most likely ends at the next ";" after all.
        const std::size_t s = text.find(';', pos);
        value = stripQuotes(text.substr(pos, s == std::string_view::npos ? s : s - pos));
        pos = s == std::string_view::npos ? text.size() : s;
      }
    } else {
      const std::size_t end = unquotedValueEnd(text, pos);
      value = stripQuotes(text.substr(pos, end - pos));
      pos = end;
    }
    if (!name.empty()) params.push_back({std::move(name), std::move(value)});
  }
  return params;
}

const std::string* findParameter(const std::vector<MimeParameter>& params, std::string_view name) {
  for (const auto& p : params) {
    if (p.name == name) return &p.value;
  }
  return nullptr;
}

std::string decodedParameter(const std::vector<MimeParameter>& params, std::string_view name,
                             std::vector<std::string>* warnings) {
  const std::string* plain = nullptr;
  const std::string* extended = nullptr;
  std::map<std::size_t, std::pair<const std::string*, bool>> sections;  // n → (value, ext)
  const std::string prefix = std::string(name) + "*";
  for (const auto& p : params) {
    if (p.name == name) {
      if (plain == nullptr) plain = &p.value;
    } else if (p.name == prefix) {
      if (extended == nullptr) extended = &p.value;
    } else if (p.name.starts_with(prefix)) {
      std::string_view rest = std::string_view(p.name).substr(prefix.size());
      const bool ext = rest.ends_with("*");
      if (ext) rest.remove_suffix(1);
      if (rest.empty() || rest.size() > 3) continue;
      std::size_t n = 0;
      bool digits = true;
      for (char c : rest) {
        if (c < '0' || c > '9') digits = false;
        n = n * 10 + static_cast<std::size_t>(c - '0');
      }
      if (!digits || sections.size() >= kMaxSections) continue;
      sections.emplace(n, std::make_pair(&p.value, ext));
    }
  }
  if (sections.contains(0)) {
    std::string charset;
    std::string bytes;
    bool anyExtended = false;
    for (std::size_t n = 0; sections.contains(n); ++n) {
      const auto& [value, ext] = sections.at(n);
      std::string_view v = *value;
      if (ext) {
        anyExtended = true;
        if (n == 0) {
          auto [cs, rest] = splitExtendedValue(v);
          charset = cs;
          v = rest;
        }
        bytes += percentDecode(v);
      } else {
        bytes += v;
      }
    }
    if (!anyExtended) return finish(decodeHeader(bytes, warnings));
    return finish(toText(bytes, charset, warnings));
  }
  if (extended != nullptr) {
    auto [charset, rest] = splitExtendedValue(*extended);
    return finish(toText(percentDecode(rest), charset, warnings));
  }
  if (plain != nullptr) return finish(decodeHeader(*plain, warnings));
  return {};
}

FieldWithParameters splitFieldValue(std::string_view value) {
  FieldWithParameters out;
  const std::string_view v = trimWhitespace(value);
  const std::size_t semi = v.find(';');
  const std::string_view head = trimWhitespace(v.substr(0, semi));
  const std::string_view afterSemi =
      semi == std::string_view::npos ? std::string_view{} : v.substr(semi + 1);
  // The token ends at whitespace, except around a "/" ("text / plain").
  std::size_t end = 0;
  while (end < head.size() && !isWsp(head[end]) && head[end] != '=') ++end;
  if (end < head.size() && head[end] != '=') {
    std::size_t k = end;
    while (k < head.size() && isWsp(head[k])) ++k;
    const bool slashAfter = k < head.size() && head[k] == '/';
    const bool slashBefore = end > 0 && head[end - 1] == '/';
    if (slashAfter || slashBefore) {
      if (slashAfter) ++k;
      while (k < head.size() && isWsp(head[k])) ++k;
      while (k < head.size() && !isWsp(head[k])) ++k;
      end = k;
    }
  }
  const std::string_view token = head.substr(0, end);
  if (end < head.size() && head[end] == '=') {
    // No token at all: the value starts with a parameter ("name=...").
    out.params = splitParameters(v);
    return out;
  }
  std::string compact;
  for (char c : token) {
    if (!isWsp(c)) compact += c;
  }
  out.token = asciiLower(compact);
  const std::string_view remainder = trimWhitespace(head.substr(end));
  if (!remainder.empty()) {
    out.unparsed = std::string(remainder);
    out.params = splitParameters(remainder);
  }
  auto more = splitParameters(afterSemi);
  for (auto& p : more) {
    if (out.params.size() >= kMaxParams) break;
    out.params.push_back(std::move(p));
  }
  return out;
}

std::string partFilename(const std::string* contentDisposition, const std::string* contentType,
                         std::vector<std::string>* warnings) {
  for (const auto& [field, param] :
       {std::pair{contentDisposition, "filename"}, std::pair{contentType, "name"}}) {
    if (field == nullptr) continue;
    const FieldWithParameters parsed = splitFieldValue(*field);
    if (!parsed.unparsed.empty()) return finish(decodeHeader(parsed.unparsed, warnings));
    std::string name = decodedParameter(parsed.params, param, warnings);
    if (!name.empty()) return name;
  }
  return {};
}

}  // namespace cvdd::parsers::detail
