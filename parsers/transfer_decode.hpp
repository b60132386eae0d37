#pragma once
// Private: Content-Transfer-Encoding and RFC 2047 B/Q payloads, tolerant of damage.

#include <string>
#include <string_view>
#include <vector>

namespace cvdd::parsers::detail {

/// Base64 ignoring whitespace, skipping stray characters and padding in the middle
/// (concatenated chunks). Sets *damaged when anything but whitespace had to be skipped
/// or bits were left over.
std::string decodeBase64(std::string_view text, bool* damaged);

/// Quoted-printable body (RFC 2045 §6.7): soft breaks, "=XX" in either case; a "=" that
/// starts no valid escape is kept literally and sets *damaged.
std::string decodeQuotedPrintable(std::string_view text, bool* damaged);

/// RFC 2047 "Q": as quoted-printable, plus "_" for space.
std::string decodeQEncoding(std::string_view text, bool* damaged);

/// Decodes a body by its Content-Transfer-Encoding value (any case; unknown ones are
/// passed through with a warning).
std::string decodeTransfer(std::string_view body, std::string_view encoding,
                           std::vector<std::string>* warnings);

}  // namespace cvdd::parsers::detail
