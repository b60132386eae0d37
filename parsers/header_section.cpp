#include "parsers/header_section.hpp"

namespace cvdd::parsers::detail {

namespace {

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

// Appends to a field within maxBytes; false when the text did not fit (the field is cut).
bool appendBounded(HeaderField& field, std::string_view text, std::size_t maxBytes) {
  const std::size_t room = maxBytes > field.value.size() ? maxBytes - field.value.size() : 0;
  if (text.size() > room) {
    field.value.append(text.substr(0, room));
    return false;
  }
  field.value.append(text);
  return true;
}

// Length of the field whose first line starts at raw[pos], continuation lines included.
std::size_t fieldLength(std::string_view raw, std::size_t pos) {
  std::size_t length = 0;
  bool first = true;
  while (pos < raw.size()) {
    if (!first && !isWsp(raw[pos])) break;
    const std::size_t lf = raw.find('\n', pos);
    const std::size_t next = lf == std::string_view::npos ? raw.size() : lf + 1;
    length += next - pos;
    pos = next;
    first = false;
  }
  return length;
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

Entity splitEntity(std::string_view raw, bool topLevel, std::vector<std::string>* warnings,
                   const SectionLimits& limits, std::optional<SectionLimitHit>* hit) {
  Entity entity;
  std::size_t pos = 0;
  if (topLevel && raw.starts_with("From ")) {  // mbox separator, not a field
    const std::size_t lf = raw.find('\n');
    pos = lf == std::string_view::npos ? raw.size() : lf + 1;
  }
  HeaderField* current = nullptr;
  std::size_t currentStart = 0;
  bool truncated = false;
  bool droppedFields = false;
  bool ended = false;
  auto stop = [&](SectionLimitHit h) {
    if (hit != nullptr) *hit = h;
    entity.body = {};
    ended = true;
  };
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
      if (current != nullptr && !truncated &&
          !appendBounded(*current, line, limits.maxFieldBytes)) {
        truncated = true;
        if (limits.stopAtLimit) {
          stop({"header_length", entity.fields.size(), fieldLength(raw, currentStart),
                limits.maxFieldBytes});
          break;
        }
        warn(warnings, "header field " + current->name.substr(0, 64) + " cut at " +
                           std::to_string(limits.maxFieldBytes) + " bytes");
      }
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
    if (entity.fields.size() >= limits.maxFields) {
      if (limits.stopAtLimit) {
        stop(
            {"header_count", entity.fields.size() + 1, entity.fields.size() + 1, limits.maxFields});
        break;
      }
      if (!droppedFields) {
        warn(warnings, "more than " + std::to_string(limits.maxFields) + " fields");
      }
      droppedFields = true;
      current = nullptr;
      pos = next;
      continue;
    }
    entity.fields.push_back({std::string(name), {}});
    current = &entity.fields.back();
    currentStart = pos;
    truncated = false;
    if (!appendBounded(*current, line.substr(colon + 1), limits.maxFieldBytes)) {
      truncated = true;
      if (limits.stopAtLimit) {
        stop({"header_length", entity.fields.size(), fieldLength(raw, currentStart),
              limits.maxFieldBytes});
        break;
      }
      warn(warnings, "header field " + current->name.substr(0, 64) + " cut at " +
                         std::to_string(limits.maxFieldBytes) + " bytes");
    }
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
  FieldWithParameters field = splitFieldValue(value);
  const std::string& main = field.token;
  const std::size_t slash = main.find('/');
  if (slash == std::string::npos) {
    if (main == "text") {
      ct.mediaType = "text/plain";
    } else {
      ct.type = "application";
      ct.subtype = "octet-stream";
      // mail-jdec: a type without subtype reads as "type/unknown".
      ct.mediaType = main.empty() ? "application/octet-stream" : main + "/unknown";
    }
  } else {
    ct.type = main.substr(0, slash);
    ct.subtype = main.substr(slash + 1);
    if (ct.type.empty() || ct.subtype.empty()) {
      ct.mediaType = ct.type.empty() ? "application/octet-stream" : ct.type + "/unknown";
      ct.type = "application";
      ct.subtype = "octet-stream";
    } else {
      ct.mediaType = main;
    }
  }
  if (const std::string* charset = findParameter(field.params, "charset")) {
    ct.charset = asciiLower(trimWhitespace(*charset));
  }
  if (const std::string* boundary = findParameter(field.params, "boundary")) {
    ct.boundary = *boundary;
  }
  if (const std::string* name = findParameter(field.params, "name")) ct.name = *name;
  ct.params = std::move(field.params);
  return ct;
}

std::string leadingToken(std::string_view value) {
  const std::string_view v = trimWhitespace(value);
  std::size_t end = 0;
  while (end < v.size() && v[end] != ';' && !isWsp(v[end]) && v[end] != '\r' && v[end] != '\n') {
    ++end;
  }
  return asciiLower(v.substr(0, end));
}

}  // namespace cvdd::parsers::detail
