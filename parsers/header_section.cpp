#include "parsers/header_section.hpp"

namespace cvdd::parsers::detail {

namespace {

constexpr std::size_t kMaxParams = 64;

bool isWsp(char c) {
  return c == ' ' || c == '\t';
}

bool isFieldName(std::string_view name) {
  if (name.empty()) return false;
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 33 || c > 126 || c == ':') return false;
  }
  return true;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

void warn(std::vector<std::string>* warnings, std::string w) {
  if (warnings != nullptr) warnings->push_back(std::move(w));
}

void appendBounded(HeaderField& field, std::string_view text, bool& truncated,
                   std::vector<std::string>* warnings) {
  if (truncated) return;
  const std::size_t room = kMaxFieldBytes - field.value.size();
  if (text.size() > room) {
    field.value.append(text.substr(0, room));
    truncated = true;
    warn(warnings, "header field " + field.name.substr(0, 64) + " cut at " +
                       std::to_string(kMaxFieldBytes) + " bytes");
    return;
  }
  field.value.append(text);
}

}  // namespace

std::string asciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

std::string_view trimWhitespace(std::string_view s) {
  auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
  return s;
}

Entity splitEntity(std::string_view raw, bool topLevel, std::vector<std::string>* warnings) {
  Entity entity;
  std::size_t pos = 0;
  if (topLevel && raw.starts_with("From ")) {  // mbox separator, not a field
    const std::size_t lf = raw.find('\n');
    pos = lf == std::string_view::npos ? raw.size() : lf + 1;
  }
  HeaderField* current = nullptr;
  bool truncated = false;
  bool droppedFields = false;
  bool ended = false;
  while (pos < raw.size()) {
    const std::size_t lf = raw.find('\n', pos);
    const std::size_t next = lf == std::string_view::npos ? raw.size() : lf + 1;
    std::string_view line = raw.substr(pos, (lf == std::string_view::npos ? raw.size() : lf) - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      entity.body = raw.substr(next);
      ended = true;
      break;
    }
    if (isWsp(line.front())) {
      if (current == nullptr && entity.fields.empty() && !droppedFields) break;  // not a header
      // RFC 5322 §2.2.3: unfolding removes the line break only, the WSP stays.
      if (current != nullptr) appendBounded(*current, line, truncated, warnings);
      pos = next;
      continue;
    }
    const std::size_t colon = line.find(':');
    std::string_view name =
        colon == std::string_view::npos ? std::string_view{} : line.substr(0, colon);
    while (!name.empty() && isWsp(name.back())) name.remove_suffix(1);  // obsolete "Name :"
    if (!isFieldName(name)) {
      if (entity.fields.empty() && !droppedFields) break;
      warn(warnings, "header section ended by a line that is no field");
      entity.body = raw.substr(pos);
      ended = true;
      break;
    }
    if (entity.fields.size() >= kMaxFields) {
      if (!droppedFields) warn(warnings, "more than " + std::to_string(kMaxFields) + " fields");
      droppedFields = true;
      current = nullptr;
      pos = next;
      continue;
    }
    entity.fields.push_back({std::string(name), {}});
    current = &entity.fields.back();
    truncated = false;
    appendBounded(*current, line.substr(colon + 1), truncated, warnings);
    pos = next;
  }
  entity.hasHeaderSection = !entity.fields.empty() || droppedFields;
  // Without any field the bytes are all body (or, after a blank first line, the rest).
  if (!ended) entity.body = entity.hasHeaderSection ? std::string_view{} : raw;
  for (auto& field : entity.fields) {
    field.value = std::string(trimWhitespace(field.value));
  }
  return entity;
}

const std::string* findField(const std::vector<HeaderField>& fields, std::string_view name) {
  for (const auto& field : fields) {
    if (equalsIgnoreCase(field.name, name)) return &field.value;
  }
  return nullptr;
}

std::vector<const std::string*> findFields(const std::vector<HeaderField>& fields,
                                           std::string_view name) {
  std::vector<const std::string*> out;
  for (const auto& field : fields) {
    if (equalsIgnoreCase(field.name, name)) out.push_back(&field.value);
  }
  return out;
}

ContentType parseContentType(std::string_view value) {
  ContentType ct;
  const std::size_t semi = value.find(';');
  const std::string main = asciiLower(trimWhitespace(value.substr(0, semi)));
  const std::size_t slash = main.find('/');
  if (slash == std::string::npos) {
    if (main != "text") {
      ct.type = "application";
      ct.subtype = "octet-stream";
    }
  } else {
    ct.type = std::string(trimWhitespace(std::string_view(main).substr(0, slash)));
    ct.subtype = std::string(trimWhitespace(std::string_view(main).substr(slash + 1)));
    if (ct.type.empty() || ct.subtype.empty()) {
      ct.type = "application";
      ct.subtype = "octet-stream";
    }
  }
  if (semi == std::string_view::npos) return ct;
  std::string_view rest = value.substr(semi + 1);
  bool haveCharset = false;
  bool haveBoundary = false;
  bool haveName = false;
  for (std::size_t n = 0; n < kMaxParams && !rest.empty(); ++n) {
    rest = trimWhitespace(rest);
    const std::size_t eq = rest.find('=');
    const std::size_t stop = rest.find(';');
    if (eq == std::string_view::npos || (stop != std::string_view::npos && stop < eq)) {
      if (stop == std::string_view::npos) break;
      rest = rest.substr(stop + 1);  // a parameter without "=": skip it
      continue;
    }
    const std::string name = asciiLower(trimWhitespace(rest.substr(0, eq)));
    rest = rest.substr(eq + 1);
    while (!rest.empty() && isWsp(rest.front())) rest.remove_prefix(1);
    std::string paramValue;
    if (!rest.empty() && rest.front() == '"') {
      std::size_t i = 1;
      bool closed = false;
      while (i < rest.size()) {
        if (rest[i] == '\\' && i + 1 < rest.size()) {
          paramValue += rest[i + 1];
          i += 2;
        } else if (rest[i] == '"') {
          closed = true;
          ++i;
          break;
        } else {
          paramValue += rest[i++];
        }
      }
      if (!closed) {
        // An unclosed quote: the value most likely ends at the next ";" after all.
        const std::size_t s = rest.find(';');
        paramValue = std::string(rest.substr(1, s == std::string_view::npos ? s : s - 1));
        rest = s == std::string_view::npos ? std::string_view{} : rest.substr(s + 1);
      } else {
        const std::size_t s = rest.find(';', i);
        rest = s == std::string_view::npos ? std::string_view{} : rest.substr(s + 1);
      }
    } else {
      const std::size_t s = rest.find(';');
      paramValue = std::string(trimWhitespace(rest.substr(0, s)));
      while (!paramValue.empty() && paramValue.back() == '"') paramValue.pop_back();
      rest = s == std::string_view::npos ? std::string_view{} : rest.substr(s + 1);
    }
    if (name == "charset" && !haveCharset) {
      ct.charset = asciiLower(trimWhitespace(paramValue));
      haveCharset = true;
    } else if (name == "boundary" && !haveBoundary) {
      ct.boundary = paramValue;
      haveBoundary = true;
    } else if (name == "name" && !haveName) {
      ct.name = paramValue;
      haveName = true;
    }
  }
  return ct;
}

std::string leadingToken(std::string_view value) {
  const std::size_t semi = value.find(';');
  return asciiLower(trimWhitespace(value.substr(0, semi)));
}

}  // namespace cvdd::parsers::detail
