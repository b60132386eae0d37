#pragma once
// Splits the bytes an IMAP server sends into whole responses (RFC 3501 section 7): bytes
// in, responses out, no sockets. Like Postfix's mime_state it reads each byte once, so a
// response that arrives one byte at a time costs no rescans, and every dimension is
// bounded: a literal announced above the limit is an error before anything is allocated.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace cvdd::daemon {

enum class ResponseKind { Tagged, Untagged, Continuation };

/// One server response. A literal ("{n}" closing a line, then n raw bytes) splits it into
/// lines: lines[i] ends with the "{n}" that announced literals[i], and the response goes
/// on in lines[i + 1]; so lines.size() == literals.size() + 1. Lines carry no CRLF, and
/// lines[0] starts after the tag, "*" or "+" and the space that follows it.
struct Response {
  ResponseKind kind = ResponseKind::Untagged;
  std::string tag;  // Tagged only: the tag of the command this completes
  std::vector<std::string> lines;
  std::vector<std::string> literals;
};

struct ReaderLimits {
  // One line; a UID SEARCH result lists every UID on one line (about 8 bytes each).
  std::size_t maxLineBytes = std::size_t{8} << 20;
  // One literal: a whole message (ImapSource passes its message size limit).
  std::size_t maxLiteralBytes = std::size_t{256} << 20;
  // All lines and literals of one response.
  std::size_t maxResponseBytes = (std::size_t{256} << 20) + (std::size_t{16} << 20);
};

class ResponseReader {
 public:
  explicit ResponseReader(ReaderLimits limits = {});

  /// Appends bytes as they came from the server.
  void feed(std::string_view bytes);

  /// The next complete response, or nullopt until more bytes are fed. A malformed stream
  /// (Errc::Io) or one over a limit (Errc::LimitExceeded) is an error whose `where` is the
  /// stream offset; the reader then stays failed, as the connection cannot resynchronise.
  core::Result<std::optional<Response>> next();

  /// Bytes fed but not yet returned in a response: after STARTTLS this must be 0, or the
  /// server (or a man in the middle) sent plaintext meant to be read as if encrypted.
  std::size_t pending() const;

 private:
  core::Result<std::optional<Response>> failWith(core::Errc code, std::string what,
                                                 std::uint64_t offset);
  std::string responseOverLimit() const;
  bool finishLine(std::string_view line);  // false when failed_ was set
  void compact();

  ReaderLimits limits_;
  std::string buffer_;
  std::size_t pos_ = 0;              // first byte of buffer_ not yet consumed
  std::size_t scanned_ = 0;          // buffer_[pos_, scanned_) holds no LF: never searched twice
  std::uint64_t consumed_ = 0;       // stream offset of buffer_[pos_], for error messages
  std::uint64_t responseStart_ = 0;  // stream offset of current_
  std::size_t literalLeft_ = 0;
  bool inLiteral_ = false;
  Response current_;
  std::size_t currentBytes_ = 0;  // bytes of current_ so far, CRLFs included
  std::optional<core::Error> failed_;
};

}  // namespace cvdd::daemon
