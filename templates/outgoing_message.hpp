#pragma once
// An outgoing message before it becomes MIME bytes.

#include <string>
#include <utility>
#include <vector>

namespace cvdd::templates {

struct Address {
  std::string displayName;  // UTF-8, may be empty
  std::string address;
};

struct OutgoingMessage {
  Address from;
  std::vector<Address> to;
  std::vector<Address> replyTo;
  std::string subject;                  // UTF-8
  std::string messageId;                // without angle brackets
  std::string inReplyTo;                // without angle brackets, may be empty
  std::vector<std::string> references;  // without angle brackets
  std::string date;                     // RFC 5322 date-time
  std::string bodyText;                 // UTF-8, "\n" line ends
  std::string autoSubmitted;            // e.g. "auto-replied"; empty: header omitted
  std::vector<std::pair<std::string, std::string>> extraHeaders;  // ASCII only
};

/// Composes a well-formed MIME message: CRLF line ends, RFC 2047 encoded words for
/// non-ASCII header text, text/plain; charset=UTF-8 with base64 or quoted-printable as
/// the body needs, MIME-Version, lines folded under 78 characters.
std::string composeMime(const OutgoingMessage& message);

}  // namespace cvdd::templates
