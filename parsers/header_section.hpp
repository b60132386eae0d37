#pragma once
// Private: one entity's header section, split off its body and unfolded, by hand, so
// that every line, field and parameter is bounded (mimetic's parser is not).

#include <string>
#include <string_view>
#include <vector>

namespace cvdd::parsers::detail {

// Postfix's header_size_limit: one field longer than this is cut, with a warning.
inline constexpr std::size_t kMaxFieldBytes = 102400;
inline constexpr std::size_t kMaxFields = 1000;

struct HeaderField {
  std::string name;   // as received
  std::string value;  // unfolded, surrounding whitespace trimmed, raw bytes
};

struct Entity {
  std::vector<HeaderField> fields;
  std::string_view body;          // a view into the bytes given to splitEntity
  bool hasHeaderSection = false;  // false: the bytes start with something that is no field
};

/// Splits an entity (a message or a MIME part) into header fields and body. CRLF and LF
/// line ends both work; a leading mbox "From " line is skipped when topLevel.
Entity splitEntity(std::string_view raw, bool topLevel, std::vector<std::string>* warnings);

/// First field of that name (case-insensitive), or nullptr.
const std::string* findField(const std::vector<HeaderField>& fields, std::string_view name);

/// Every field of that name, in order.
std::vector<const std::string*> findFields(const std::vector<HeaderField>& fields,
                                           std::string_view name);

struct ContentType {
  std::string type = "text";      // lower-cased
  std::string subtype = "plain";  // lower-cased
  std::string charset;            // lower-cased, "" when absent
  std::string boundary;           // as received
  std::string name;               // the name= parameter, as received
};

/// Content-Type with the usual damage tolerated: spaces around "=", missing or extra
/// quotes, trailing ";". A missing subtype reads as application/octet-stream, except
/// for a bare "text".
ContentType parseContentType(std::string_view value);

/// Lower-cased first token of a field value such as Content-Disposition ("attachment").
std::string leadingToken(std::string_view value);

std::string asciiLower(std::string_view s);
std::string_view trimWhitespace(std::string_view s);

}  // namespace cvdd::parsers::detail
