#pragma once
// Private: one entity's header section, split off its body and unfolded, by hand, so
// that every line, field and parameter is bounded (mimetic's parser is not).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/mime_params.hpp"

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

/// Bounds on one header section. Without stopAtLimit an over-long field is cut and extra
/// fields are dropped (with a warning) while the section is still read to its end; with
/// it, reading stops at the first field over a bound and the entity has no body.
struct SectionLimits {
  std::size_t maxFields = kMaxFields;
  std::size_t maxFieldBytes = kMaxFieldBytes;
  bool stopAtLimit = false;
};

/// Where a header section went over a bound.
struct SectionLimitHit {
  const char* limit = "";  // "header_count" or "header_length"
  std::size_t field = 0;   // 1-based number of the field
  std::size_t value = 0;   // fields seen (header_count) or the field's length in bytes
  std::size_t maximum = 0;
};

/// Splits an entity (a message or a MIME part) into header fields and body. CRLF and LF
/// line ends both work; a leading mbox "From " line is skipped when topLevel.
Entity splitEntity(std::string_view raw, bool topLevel, std::vector<std::string>* warnings,
                   const SectionLimits& limits = {}, std::optional<SectionLimitHit>* hit = nullptr);

/// First field of that name (case-insensitive), or nullptr.
const std::string* findField(const std::vector<HeaderField>& fields, std::string_view name);

/// Every field of that name, in order.
std::vector<const std::string*> findFields(const std::vector<HeaderField>& fields,
                                           std::string_view name);

struct ContentType {
  std::string type = "text";             // lower-cased
  std::string subtype = "plain";         // lower-cased
  std::string charset;                   // lower-cased, "" when absent
  std::string boundary;                  // as received
  std::string name;                      // the name= parameter, as received
  std::string mediaType = "text/plain";  // "type/subtype" as declared, lower-cased, for reports:
                                         // "application/unknown" when the subtype is missing
  std::vector<MimeParameter> params;
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
