// What kind of mail a message is (RFC 3834 auto-replies, RFC 3464 bounces and the
// common non-standard ones, mailing lists), and the Autocrypt header.

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "parsers/address_list.hpp"
#include "parsers/analysis_steps.hpp"
#include "parsers/message_fields.hpp"
#include "parsers/text_decode.hpp"
#include "parsers/transfer_decode.hpp"

namespace cvdd::parsers::detail {

namespace {

constexpr std::size_t kMaxDsnBlocks = 1000;

// Subjects that bounce generators actually use (Postfix, Sendmail, qmail, Exim, Exchange,
// Gmail, Domino, ...), lower-case.
bool looksLikeBounceSubject(std::string_view subject) {
  static constexpr std::array<std::string_view, 16> markers{
      "undeliverable",        "undelivered",      "delivery status notification",
      "delivery failure",     "delivery failed",  "delivery has failed",
      "failure notice",       "returned mail",    "returned to sender",
      "non-deliverable",      "nondeliverable",   "could not be delivered",
      "mail system error",    "delivery problem", "not delivered",
      "delivery notification"};
  const std::string s = asciiLower(subject);
  for (auto marker : markers) {
    if (s.find(marker) != std::string::npos) return true;
  }
  return false;
}

bool isBounceSender(const ParsedMessage& message, const std::vector<HeaderField>& fields) {
  for (const Mailbox& box : message.from) {
    const std::string local = asciiLower(box.address.substr(0, box.address.find('@')));
    if (local == "mailer-daemon" || local == "postmaster") return true;
  }
  // An empty envelope sender, as the delivering server recorded it.
  if (const std::string* returnPath = findField(fields, "Return-Path")) {
    std::string compact;
    for (char c : *returnPath) {
      if (c != ' ' && c != '\t') compact += c;
    }
    if (compact == "<>") return true;
  }
  return false;
}

// "rfc822; user@example.org" → "user@example.org"; angle brackets dropped, lower-cased.
std::string dsnAddress(std::string_view value) {
  const std::size_t semi = value.find(';');
  std::string_view addr =
      trimWhitespace(semi == std::string_view::npos ? value : value.substr(semi + 1));
  if (addr.starts_with('<') && addr.ends_with('>') && addr.size() >= 2) {
    addr = addr.substr(1, addr.size() - 2);
  }
  return asciiLower(scrubControls(trimWhitespace(addr), false));
}

// "smtp; 550 5.1.1 ..." → "550 5.1.1 ...", folding whitespace collapsed.
std::string afterType(std::string_view value) {
  const std::size_t semi = value.find(';');
  const std::string text = scrubControls(
      trimWhitespace(semi == std::string_view::npos ? value : value.substr(semi + 1)), false);
  std::string out;
  for (char c : text) {
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out += c;
  }
  return out;
}

std::optional<DeliveryStatus> parseDeliveryStatus(const MimeNode& node) {
  const std::string body = decodedBody(node);
  DeliveryStatus dsn;
  std::string_view rest = body;
  bool perMessage = true;
  // Only leading whitespace is looked at: trimming both ends read trailing whitespace
  // again for each of up to kMaxDsnBlocks blocks.
  const auto onlyWhitespace = [](std::string_view s) {
    return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
  };
  for (std::size_t n = 0; n < kMaxDsnBlocks && !onlyWhitespace(rest); ++n) {
    while (rest.starts_with("\r\n") || rest.starts_with("\n")) {
      rest.remove_prefix(rest.starts_with("\r\n") ? 2 : 1);
    }
    const Entity block = splitEntity(rest, false, nullptr);
    if (!block.hasHeaderSection) break;
    if (!perMessage) {
      DsnRecipient r;
      if (const auto* v = findField(block.fields, "Final-Recipient"))
        r.finalRecipient = dsnAddress(*v);
      if (const auto* v = findField(block.fields, "Original-Recipient")) {
        r.originalRecipient = dsnAddress(*v);
      }
      if (const auto* v = findField(block.fields, "Action")) r.action = leadingToken(*v);
      if (const auto* v = findField(block.fields, "Status")) r.status = leadingToken(*v);
      if (const auto* v = findField(block.fields, "Diagnostic-Code")) r.diagnostic = afterType(*v);
      dsn.recipients.push_back(std::move(r));
    }
    perMessage = false;
    if (block.body.data() == nullptr || block.body.empty()) break;
    rest = block.body;
  }
  const DsnRecipient* first = nullptr;
  for (const DsnRecipient& r : dsn.recipients) {
    if (r.action != "failed") continue;
    if (first == nullptr) first = &r;
    for (const std::string& addr : {r.originalRecipient, r.finalRecipient}) {
      if (addr.empty()) continue;
      if (std::find(dsn.failedRecipients.begin(), dsn.failedRecipients.end(), addr) ==
          dsn.failedRecipients.end()) {
        dsn.failedRecipients.push_back(addr);
      }
    }
  }
  if (first == nullptr && !dsn.recipients.empty()) first = &dsn.recipients.front();
  if (first != nullptr) {
    dsn.status = first->status;
    dsn.diagnostic = first->diagnostic;
  }
  return dsn;
}

// The Message-ID of the returned message: a message/rfc822 (or message/global) part, or
// the returned headers (text/rfc822-headers); for text-only bounces, a "Message-ID:" line
// quoted in the body.
std::string returnedMessageId(const MimeTree& tree, const ParsedMessage& message) {
  for (std::size_t i = 1; i < tree.nodes.size(); ++i) {
    const MimeNode& node = tree.nodes[i];
    const bool returned =
        (node.ct.type == "message" && (node.ct.subtype == "rfc822" || node.ct.subtype == "global" ||
                                       node.ct.subtype == "global-headers")) ||
        (node.ct.type == "text" && node.ct.subtype == "rfc822-headers");
    if (!returned) continue;
    const std::string body = decodedBody(node);
    const Entity inner = splitEntity(body, false, nullptr);
    if (const std::string* id = findField(inner.fields, "Message-ID")) {
      auto ids = extractIds(*id);
      if (!ids.empty()) return ids.front();
    }
  }
  std::string_view text = message.bodyText;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t lf = text.find('\n', pos);
    const std::string_view line =
        trimWhitespace(text.substr(pos, lf == std::string_view::npos ? lf : lf - pos));
    if (line.size() > 11 && asciiLower(line.substr(0, 11)) == "message-id:") {
      auto ids = extractIds(line.substr(11));
      if (!ids.empty()) return ids.front();
    }
    if (lf == std::string_view::npos) break;
    pos = lf + 1;
  }
  return {};
}

const MimeNode* findLeaf(const MimeTree& tree, std::string_view type, std::string_view subtype) {
  for (const MimeNode& node : tree.nodes) {
    if (!node.multipartEntered && node.ct.type == type && node.ct.subtype == subtype) return &node;
  }
  return nullptr;
}

std::string reportType(const MimeNode& top) {
  if (top.ct.type != "multipart" || top.ct.subtype != "report") return {};
  const std::string* value = findParameter(top.ct.params, "report-type");
  return value == nullptr ? std::string() : asciiLower(trimWhitespace(*value));
}

}  // namespace

MailKindResult classifyMail(const MimeTree& tree, const ParsedMessage& message) {
  MailKindResult result;
  if (tree.nodes.empty()) return result;
  const MimeNode& top = tree.nodes.front();
  const auto& fields = top.entity.fields;
  const std::string report = reportType(top);

  // Bounces first: a DSN often carries Auto-Submitted too.
  if (report == "delivery-status") {
    result.kind = MailKind::Bounce;
    result.reason = "multipart/report; report-type=delivery-status";
  } else if (isBounceSender(message, fields) && looksLikeBounceSubject(message.subject)) {
    result.kind = MailKind::Bounce;
    result.reason = "non-standard bounce";
  }
  if (result.kind == MailKind::Bounce) {
    if (const MimeNode* status = findLeaf(tree, "message", "delivery-status")) {
      result.deliveryStatus = parseDeliveryStatus(*status);
    }
    if (!result.deliveryStatus) result.deliveryStatus = DeliveryStatus{};
    result.deliveryStatus->originalMessageId = returnedMessageId(tree, message);
    return result;
  }

  if (const std::string* autoSubmitted = findField(fields, "Auto-Submitted")) {
    const std::string value = leadingToken(*autoSubmitted);
    if (!value.empty() && value != "no") {
      result.kind = MailKind::AutoReply;
      result.reason = "Auto-Submitted: " + scrubControls(value, false).substr(0, 64);
      return result;
    }
  }
  for (const char* name : {"X-Autoreply", "X-Autorespond"}) {
    if (findField(fields, name) != nullptr) {
      result.kind = MailKind::AutoReply;
      result.reason = name;
      return result;
    }
  }
  const std::string* precedence = findField(fields, "Precedence");
  const std::string precedenceValue = precedence ? leadingToken(*precedence) : std::string();
  if (precedenceValue == "auto_reply") {
    result.kind = MailKind::AutoReply;
    result.reason = "Precedence: auto_reply";
    return result;
  }
  if (report == "feedback-report") {  // RFC 5965 ARF: generated, not written
    result.kind = MailKind::AutoReply;
    result.reason = "feedback report";
    return result;
  }
  if (report == "disposition-notification") {  // RFC 8098 read receipt
    result.kind = MailKind::AutoReply;
    result.reason = "disposition notification";
    return result;
  }

  for (const char* name : {"List-Id", "List-Unsubscribe", "List-Post"}) {
    if (findField(fields, name) != nullptr) {
      result.kind = MailKind::MailingList;
      result.reason = name;
      return result;
    }
  }
  if (precedenceValue == "list" || precedenceValue == "bulk" || precedenceValue == "junk") {
    result.kind = MailKind::MailingList;
    result.reason = "Precedence: " + precedenceValue;
    return result;
  }
  return result;
}

std::optional<AutocryptHeader> autocryptHeader(const std::vector<HeaderField>& fields,
                                               const ParsedMessage& message) {
  if (message.from.size() != 1) return std::nullopt;
  const std::string from = asciiLower(message.from.front().address);
  std::optional<AutocryptHeader> found;
  std::size_t valid = 0;
  for (const std::string* value : findFields(fields, "Autocrypt")) {
    AutocryptHeader header;
    bool ok = true;
    bool haveKey = false;
    for (const MimeParameter& p : splitParameters(*value)) {
      if (p.name == "addr") {
        header.address = asciiLower(trimWhitespace(p.value));
      } else if (p.name == "prefer-encrypt") {
        header.preferEncrypt = asciiLower(trimWhitespace(p.value)) == "mutual";
      } else if (p.name == "keydata") {
        bool damaged = false;
        header.keyData = decodeBase64(p.value, &damaged);
        haveKey = !damaged && !header.keyData.empty();
      } else if (!p.name.starts_with("_")) {
        ok = false;  // an unknown critical attribute makes the header invalid
      }
    }
    if (!ok || !haveKey || header.address != from) continue;
    ++valid;
    found = std::move(header);
  }
  if (valid != 1) return std::nullopt;  // none, or ambiguous
  return found;
}

}  // namespace cvdd::parsers::detail
