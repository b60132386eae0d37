#pragma once
// A pure reader of TZif bytes (RFC 8536): the caller reads the file, core/ parses it.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time_zone.hpp"

namespace cvdd::core {

/// TZif files larger than this are refused (real ones are under 4 KiB).
inline constexpr std::size_t kMaxTzifBytes = 256 * 1024;

/// Builds the time zone `name` from the bytes of a TZif file, versions 1 to 4: the 64-bit
/// (v2+) data block when present, else the 32-bit one; the footer TZ string (v2+) governs
/// instants after the last transition, including DST rules; a v1 file or an empty footer
/// keeps the last offset forever. Leap-second ("right/") files are refused. Returns
/// Errc::LimitExceeded above kMaxTzifBytes and Errc::InvalidConfig, naming the byte
/// offset, for a bad magic, truncation, an out-of-range index or a malformed footer.
Result<TimeZone> parseTzif(std::string name, std::string_view bytes);

}  // namespace cvdd::core
