#pragma once
// Private helpers shared by the parsers: UTF-8 checks and charset guessing for
// unlabelled or mislabelled bytes. Not part of the library's contract.

#include <string>
#include <string_view>
#include <vector>

namespace cvdd::parsers::detail {

bool isAscii(std::string_view bytes);
bool isValidUtf8(std::string_view bytes);
/// Length of the longest prefix of bytes that is valid UTF-8.
std::size_t validUtf8Prefix(std::string_view bytes);
/// True when the bytes hold an ISO-2022-JP designation (ESC $ B, ESC $ @, ESC ( I, ...).
bool hasIso2022JpEscape(std::string_view bytes);
/// UTF-8 with every invalid sequence replaced by U+FFFD.
std::string utf8Lossy(std::string_view bytes);

/// Best charset label for bytes that declare none: "us-ascii", "iso-2022-jp", "utf-8",
/// "shift_jis" or "euc-jp"; "" when nothing fits.
std::string guessCharset(std::string_view bytes);

/// Text with no declared charset: ASCII/UTF-8 pass; anything else is guessed (warning).
std::string decodeUnlabelled(std::string_view bytes, std::vector<std::string>* warnings);

/// Text with a declared charset, tolerating the common mislabels (ISO-2022-JP or UTF-8
/// sent as us-ascii, Shift_JIS sent as utf-8); never fails.
std::string decodeLabelled(std::string_view bytes, std::string_view charset,
                           std::vector<std::string>* warnings);

/// Replaces NUL and other C0 controls (except TAB/LF when keepNewlines) and DEL with a
/// space: decoded header text must not smuggle line breaks into replies or logs.
std::string scrubControls(std::string_view text, bool keepNewlines);

}  // namespace cvdd::parsers::detail
