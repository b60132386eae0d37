#include "parsers/parsed_message.hpp"

#include <exception>

#include "parsers/address_list.hpp"
#include "parsers/body_text.hpp"
#include "parsers/header_section.hpp"
#include "parsers/html_text.hpp"
#include "parsers/message_fields.hpp"
#include "parsers/mime_walk.hpp"
#include "parsers/rfc2047.hpp"
#include "parsers/text_decode.hpp"
#include "parsers/transfer_decode.hpp"

namespace cvdd::parsers {

namespace detail {

namespace {

// Larger messages are parsed from their first 64 MiB; the source already refuses
// anything near this, so reaching it means something upstream is off.
constexpr std::size_t kMaxMessageBytes = 64u << 20;
constexpr std::size_t kMaxIds = 1000;
constexpr std::size_t kMaxIdBytes = 998;

void warn(std::vector<std::string>& warnings, std::string w) {
  try {
    warnings.push_back(std::move(w));
  } catch (...) {  // out of memory while reporting: the result is still usable
  }
}

}  // namespace

std::vector<std::string> extractIds(std::string_view value) {
  std::vector<std::string> ids;
  auto add = [&](std::string_view id) {
    std::string clean;
    for (char c : id) {
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') clean += c;
    }
    if (!clean.empty() && clean.size() <= kMaxIdBytes && ids.size() < kMaxIds) {
      ids.push_back(detail::scrubControls(clean, false));
    }
  };
  if (value.find('<') != std::string_view::npos) {
    std::size_t pos = 0;
    while ((pos = value.find('<', pos)) != std::string_view::npos) {
      const std::size_t close = value.find('>', pos + 1);
      if (close == std::string_view::npos) {
        add(value.substr(pos + 1));
        break;
      }
      add(value.substr(pos + 1, close - pos - 1));
      pos = close + 1;
    }
    return ids;
  }
  std::size_t pos = 0;
  while (pos < value.size()) {
    const std::size_t end = value.find_first_of(" \t,", pos);
    add(value.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return ids;
}

namespace {

std::string normaliseNewlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::vector<Mailbox> mailboxes(const std::vector<detail::HeaderField>& fields,
                               std::string_view name, std::vector<std::string>& warnings) {
  std::vector<Mailbox> out;
  const auto values = detail::findFields(fields, name);
  if (values.size() > 1) warn(warnings, "more than one " + std::string(name) + " field");
  for (const std::string* value : values) {
    auto boxes = detail::parseAddressList(*value, &warnings);
    for (auto& box : boxes) {
      if (out.size() >= detail::kMaxMailboxes) break;
      out.push_back(std::move(box));
    }
  }
  return out;
}

}  // namespace

void readHeaderFields(const std::vector<HeaderField>& fields, ParsedMessage& msg) {
  msg.from = mailboxes(fields, "From", msg.warnings);
  msg.to = mailboxes(fields, "To", msg.warnings);
  msg.cc = mailboxes(fields, "Cc", msg.warnings);
  msg.bcc = mailboxes(fields, "Bcc", msg.warnings);
  msg.replyTo = mailboxes(fields, "Reply-To", msg.warnings);
  if (const std::string* subject = findField(fields, "Subject")) {
    msg.rawSubject = *subject;
    msg.subject = std::string(trimWhitespace(decodeHeader(*subject, &msg.warnings)));
  }
  if (const std::string* id = findField(fields, "Message-ID")) {
    auto ids = extractIds(*id);
    if (!ids.empty()) msg.messageId = std::move(ids.front());
  }
  if (const std::string* id = findField(fields, "In-Reply-To")) {
    auto ids = extractIds(*id);
    if (!ids.empty()) msg.inReplyTo = std::move(ids.front());
  }
  if (const std::string* refs = findField(fields, "References")) {
    msg.references = extractIds(*refs);
  }
  if (const std::string* date = findField(fields, "Date")) {
    msg.date = scrubControls(*date, false);
  }
  if (const std::string* autoSubmitted = findField(fields, "Auto-Submitted")) {
    msg.autoSubmitted = asciiLower(scrubControls(*autoSubmitted, false));
  }
}

namespace {

// One body leaf as UTF-8 text with "\n" line ends and no control characters.
std::string leafText(const TextPart& part, ParsedMessage& msg) {
  const std::string bytes = decodeTransfer(part.body, part.transferEncoding, &msg.warnings);
  std::string text = part.charset.empty() ? decodeUnlabelled(bytes, &msg.warnings)
                                          : decodeLabelled(bytes, part.charset, &msg.warnings);
  if (part.html) text = htmlToText(text);
  text = normaliseNewlines(text);
  if (text.find('\0') != std::string::npos) warn(msg.warnings, "NUL bytes removed from body");
  return scrubControls(text, true);
}

bool isBlankText(std::string_view text) {
  return text.find_first_not_of(" \t\n") == std::string_view::npos;
}

}  // namespace

void readBodyText(const MimeTree& tree, const std::vector<std::size_t>& nodes, ParsedMessage& msg) {
  if (nodes.empty()) return;
  msg.bodyCharset = textPartOf(tree, nodes.front()).charset;
  if (nodes.size() == 1) {
    msg.bodyText = leafText(textPartOf(tree, nodes.front()), msg);
    return;
  }
  // Pieces of one text split around images: one blank line between them, blank pieces
  // left out. Appended in place, so many small pieces cost what one large one does.
  std::string body;
  for (std::size_t node : nodes) {
    std::string piece = leafText(textPartOf(tree, node), msg);
    if (isBlankText(piece)) continue;
    if (!body.empty()) {
      while (!body.empty() && body.back() == '\n') body.pop_back();
      body += "\n\n";
    }
    body += piece;
  }
  msg.bodyText = std::move(body);
}

}  // namespace detail

core::Result<ParsedMessage> parseMessage(std::string_view raw) {
  ParsedMessage msg;
  bool haveHeaders = false;
  detail::MimeTree tree;
  // Hostile input must come back as a value; anything thrown below (bad_alloc, a bug)
  // leaves the fields read so far and a warning.
  try {
    if (raw.size() > detail::kMaxMessageBytes) {
      detail::warn(msg.warnings, "message larger than 64 MiB, read in part");
      raw = raw.substr(0, detail::kMaxMessageBytes);
    }
    tree = detail::walkMime(raw, true, detail::WalkLimits{}, &msg.warnings);
    haveHeaders = tree.nodes.front().entity.hasHeaderSection;
    if (haveHeaders) detail::readHeaderFields(tree.nodes.front().entity.fields, msg);
  } catch (const std::exception& e) {
    detail::warn(msg.warnings, std::string("header parsing stopped: ") + e.what());
  } catch (...) {
    detail::warn(msg.warnings, "header parsing stopped");
  }
  if (!haveHeaders) {
    return core::fail(core::Errc::MalformedMime, "byte 0", "no header section");
  }
  try {
    detail::readBodyText(tree, detail::bodyTextNodes(tree), msg);
  } catch (const std::exception& e) {
    detail::warn(msg.warnings, std::string("body parsing stopped: ") + e.what());
  } catch (...) {
    detail::warn(msg.warnings, "body parsing stopped");
  }
  return msg;
}

}  // namespace cvdd::parsers
