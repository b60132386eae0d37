#pragma once
// Bounds on what cvdd will parse of one message; every one is a named setting in the
// [limits] section of the config, with these safe defaults.

#include <cstddef>
#include <string>

namespace cvdd::parsers {

struct Limits {
  std::size_t maxMessageBytes = std::size_t{25} << 20;  // message_size
  std::size_t maxMimeDepth = 20;                        // mime_depth
  std::size_t maxParts = 250;                           // part_count
  std::size_t maxHeaderCount = 500;                     // header_count (per header section)
  std::size_t maxHeaderBytes = std::size_t{64} << 10;   // header_length (one unfolded field)
  std::size_t maxDecodedBytes = std::size_t{50} << 20;  // decoded_size (all parts, decoded)

  friend bool operator==(const Limits&, const Limits&) = default;
};

/// One limit a message went over.
struct LimitViolation {
  std::string limit;  // the config key: "message_size", "mime_depth", ...
  std::string where;  // "part 1.2", "header 37", "message"
  std::size_t value = 0;
  std::size_t maximum = 0;
};

}  // namespace cvdd::parsers
