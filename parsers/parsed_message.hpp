#pragma once
// Untrusted bytes of one RFC 5322 message, turned into typed, UTF-8 values.

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace cvdd::parsers {

struct Mailbox {
  std::string displayName;  // decoded UTF-8, may be empty
  std::string address;      // "local@domain", lower-cased domain
};

struct ParsedMessage {
  std::vector<Mailbox> from;
  std::vector<Mailbox> to;
  std::vector<Mailbox> replyTo;
  std::vector<Mailbox> cc;
  std::vector<Mailbox> bcc;             // present only in copies kept by the sender
  std::string subject;                  // RFC 2047 decoded, UTF-8, unfolded
  std::string rawSubject;               // as received, unfolded
  std::string messageId;                // without angle brackets
  std::string inReplyTo;                // without angle brackets
  std::vector<std::string> references;  // without angle brackets, in order
  std::string date;                     // Date header as received
  std::string autoSubmitted;            // Auto-Submitted header value, lower-cased
  std::string bodyText;     // the first text/plain part (or text/html, tags stripped), UTF-8
  std::string bodyCharset;  // charset that part declared, lower-cased; "" when none
  std::vector<std::string> warnings;  // what was repaired or guessed, e.g. "unknown charset x"
};

/// Parses a whole message. Never throws on hostile input; returns an error only when the
/// bytes hold no header section at all.
core::Result<ParsedMessage> parseMessage(std::string_view raw);

}  // namespace cvdd::parsers
