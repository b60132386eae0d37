#pragma once
// Test-only decoders, written independently of templates/mime_encoding.cpp so that a
// bug there cannot cancel itself out, and a bridge to Python's email parser.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cvdd::templates::test {

/// Decodes base64 (ignores CR/LF); nullopt on any other character or bad padding.
std::optional<std::string> decodeBase64(std::string_view text);

/// Decodes quoted-printable with CRLF line ends (soft breaks removed) to "\n" line ends.
std::string decodeQuotedPrintable(std::string_view text);

/// One header field as written: name, raw value with its folding, and unfolded value.
struct RawHeader {
  std::string name;
  std::string folded;    // the value exactly as it appears, CRLFs included
  std::string unfolded;  // CRLF removed (RFC 5322 §2.2.3), leading blank after ':' dropped
};

struct SplitMessage {
  std::vector<RawHeader> headers;
  std::string body;  // after the empty line
};

/// Splits a CRLF message into header fields and body.
SplitMessage splitMessage(std::string_view message);

/// The unfolded value of the first header of that name (case-insensitive), or nullopt.
std::optional<std::string> header(const SplitMessage& message, std::string_view name);

/// The encoded words of an unfolded header value, in order ("=?UTF-8?B?...?=").
std::vector<std::string> encodedWords(std::string_view value);

/// Decodes RFC 2047 B-encoded words in an unstructured value; whitespace between two
/// adjacent encoded words is dropped. nullopt on a malformed word or unknown charset.
std::optional<std::string> decodeUnstructured(std::string_view value);

/// True when text is well-formed UTF-8.
bool isWellFormedUtf8(std::string_view text);

/// What Python's email package (policy=email.policy.default) saw.
struct PythonVerdict {
  bool ok = false;
  std::string report;  // Python's complaints, or the error running it
};

/// Parses message with /usr/bin/python3 and checks: no defects in the message or any
/// header, subject and body text (line ends "\n") equal to the expectations,
/// text/plain; charset=utf-8, and when given, the first To's display name and address.
PythonVerdict checkWithPython(
    const std::string& message, const std::string& subject, const std::string& body,
    const std::optional<std::pair<std::string, std::string>>& firstTo = std::nullopt);

}  // namespace cvdd::templates::test
