#pragma once
// Internal: the byte-level encodings composeMime needs (RFC 2045 base64 and
// quoted-printable, RFC 2047 B encoding) and UTF-8 hygiene. Pure functions, no I/O.

#include <cstddef>
#include <string>
#include <string_view>

namespace cvdd::templates {
struct OutgoingMessage;
}  // namespace cvdd::templates

namespace cvdd::templates::detail {

/// The header block composeMime writes (Date, From, To, Reply-To, Subject, Message-ID,
/// In-Reply-To, References, then contentHeaders — complete CRLF-ended lines — then
/// Auto-Submitted and the extra headers), without the empty line that ends it.
std::string headerBlock(const OutgoingMessage& message, std::string_view contentHeaders);

/// Base64 of bytes (RFC 4648 alphabet, padded), as one line.
std::string base64Encode(std::string_view bytes);

/// Base64 of bytes in lines of at most 76 characters, each ended by CRLF (RFC 2045 §6.8).
std::string base64Lines(std::string_view bytes);

/// Quoted-printable (RFC 2045 §6.7) of text with "\n" line ends: CRLF line ends out,
/// encoded lines of at most 76 characters, trailing blanks encoded.
std::string quotedPrintable(std::string_view text);

/// The text with every ill-formed UTF-8 sequence (overlong, surrogate, > U+10FFFF,
/// truncated, stray continuation byte) replaced by U+FFFD.
std::string sanitizeUtf8(std::string_view text);

/// Body text made canonical: well-formed UTF-8, "\n" for every kind of line end, ending
/// in exactly one.
std::string canonicalText(std::string_view raw);

/// Number of bytes of the UTF-8 sequence that starts with lead; 1 for anything else, so a
/// scan always advances. Meant for text that went through sanitizeUtf8.
std::size_t utf8SequenceLength(unsigned char lead);

/// True when every byte is below 0x80.
bool isAscii(std::string_view text);

/// Length of an RFC 2047 "=?UTF-8?B?...?=" word carrying n bytes.
constexpr std::size_t encodedWordLength(std::size_t n) {
  return 12 + 4 * ((n + 2) / 3);
}

/// "=?UTF-8?B?<base64>?=".
std::string encodedWord(std::string_view utf8);

}  // namespace cvdd::templates::detail
