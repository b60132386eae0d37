#include "parsers/message_analysis.hpp"

#include <exception>
#include <unordered_set>

#include "parsers/address_list.hpp"
#include "parsers/analysis_steps.hpp"
#include "parsers/body_text.hpp"
#include "parsers/message_fields.hpp"
#include "parsers/mime_params.hpp"
#include "parsers/rfc5322_date.hpp"
#include "parsers/text_decode.hpp"

namespace cvdd::parsers {

namespace {

void warn(std::vector<std::string>& warnings, std::string w) {
  try {
    warnings.push_back(std::move(w));
  } catch (...) {  // out of memory while reporting: the result is still usable
  }
}

std::size_t offsetIn(std::string_view raw, std::string_view part) {
  if (part.data() == nullptr || part.data() < raw.data() || part.data() > raw.data() + raw.size()) {
    return 0;
  }
  return static_cast<std::size_t>(part.data() - raw.data());
}

std::vector<std::string> lowerAddresses(const std::vector<Mailbox>& boxes) {
  std::vector<std::string> out;
  for (const Mailbox& box : boxes) out.push_back(detail::asciiLower(box.address));
  return out;
}

std::vector<PartInfo> partInfos(std::string_view raw, const detail::MimeTree& tree,
                                std::vector<std::string>* warnings) {
  std::vector<PartInfo> parts;
  parts.reserve(tree.nodes.size());
  for (const detail::MimeNode& node : tree.nodes) {
    PartInfo info;
    info.path = node.path;
    info.contentType = node.ct.mediaType;
    info.charset = node.ct.charset;
    const auto& fields = node.entity.fields;
    info.filename = detail::partFilename(detail::findField(fields, "Content-Disposition"),
                                         detail::findField(fields, "Content-Type"), warnings);
    info.disposition = node.disposition;
    info.transferEncoding = node.transferEncoding;
    info.encodedBytes = node.entity.body.size();
    info.decodedBytes = node.decodedBytes;
    info.depth = node.depth;
    info.begin = offsetIn(raw, node.raw);
    info.end = info.begin + node.raw.size();
    parts.push_back(std::move(info));
  }
  return parts;
}

std::vector<std::string> envelopeRecipients(const std::vector<detail::HeaderField>& fields,
                                            std::vector<std::string>* warnings) {
  // At most kMaxMailboxes distinct addresses: servers prepend their trace fields, so the
  // first ones are the receiving servers' own. Only hostile mail has more, up to
  // header_count fields of kMaxMailboxes each, and a lookup in all of them each time made
  // that quadratic; a set of at most kMaxMailboxes keeps each lookup cheap.
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  for (const char* name : {"Delivered-To", "X-Original-To"}) {
    for (const std::string* value : detail::findFields(fields, name)) {
      for (const Mailbox& box : detail::parseAddressList(*value, warnings)) {
        if (out.size() >= detail::kMaxMailboxes) {
          if (warnings != nullptr) {
            warnings->push_back("more than " + std::to_string(detail::kMaxMailboxes) +
                                " envelope recipients, the rest ignored");
          }
          return out;
        }
        std::string addr = detail::asciiLower(box.address);
        if (seen.insert(addr).second) out.push_back(std::move(addr));
      }
    }
  }
  return out;
}

void analyze(std::string_view raw, const Limits& limits, MessageAnalysis& a) {
  ParsedMessage& msg = a.message;
  if (raw.size() > limits.maxMessageBytes) {
    a.limitHits.push_back({"message_size", "message", raw.size(), limits.maxMessageBytes});
    raw = raw.substr(0, limits.maxMessageBytes);
  }
  const detail::MimeTree tree =
      detail::walkMime(raw, true, detail::walkLimitsFrom(limits), &msg.warnings);
  a.limitHits.insert(a.limitHits.end(), tree.hits.begin(), tree.hits.end());
  const detail::MimeNode& top = tree.nodes.front();
  if (top.entity.hasHeaderSection) {
    detail::readHeaderFields(top.entity.fields, msg);
  } else {
    warn(msg.warnings, "no header section, read as a text body");
  }
  const std::vector<std::size_t> bodyNodes = detail::bodyTextNodes(tree);
  detail::readBodyText(tree, bodyNodes, msg);
  const std::size_t textNode = bodyNodes.empty() ? detail::kNoNode : bodyNodes.front();

  a.cc = lowerAddresses(msg.cc);
  a.bcc = lowerAddresses(msg.bcc);
  a.deliveredTo = envelopeRecipients(top.entity.fields, &msg.warnings);
  if (const auto date = parseRfc5322Date(msg.date)) {
    a.date = date->utc;
    a.dateOffset = date->offset;
  } else if (!msg.date.empty()) {
    warn(msg.warnings, "Date field is no RFC 5322 date");
  }
  a.parts = partInfos(raw, tree, &msg.warnings);
  a.pgp = detail::findPgpStructure(tree, textNode, &msg.warnings);
  for (const detail::MimeNode& node : tree.nodes) {
    if (!node.multipartEntered && node.ct.type == "application" && node.ct.subtype == "pgp-keys") {
      a.attachedKeys.push_back(detail::decodedBody(node));
    }
  }
  a.autocrypt = detail::autocryptHeader(top.entity.fields, msg);
  auto kind = detail::classifyMail(tree, msg);
  a.kind = kind.kind;
  // These quote header bytes: like every other text field, they leave as valid UTF-8
  // without control characters (they end up in logs, JSON and LMDB records).
  auto clean = [](std::string_view text) {
    return detail::scrubControls(detail::utf8Lossy(text), false);
  };
  a.kindReason = clean(kind.reason);
  a.deliveryStatus = std::move(kind.deliveryStatus);
  if (a.deliveryStatus) {
    for (auto& r : a.deliveryStatus->failedRecipients) r = clean(r);
    a.deliveryStatus->originalMessageId = clean(a.deliveryStatus->originalMessageId);
    a.deliveryStatus->status = clean(a.deliveryStatus->status);
    a.deliveryStatus->diagnostic = clean(a.deliveryStatus->diagnostic);
    for (auto& r : a.deliveryStatus->recipients) {
      for (std::string* field :
           {&r.finalRecipient, &r.originalRecipient, &r.action, &r.status, &r.diagnostic}) {
        *field = clean(*field);
      }
    }
  }
  // Likewise everything else copied from header bytes without a decoding step.
  for (PartInfo& part : a.parts) {
    for (std::string* field : {&part.contentType, &part.charset, &part.filename, &part.disposition,
                               &part.transferEncoding}) {
      *field = clean(*field);
    }
  }
  for (auto* list : {&a.cc, &a.bcc, &a.deliveredTo}) {
    for (std::string& address : *list) address = clean(address);
  }
  if (a.autocrypt) a.autocrypt->address = clean(a.autocrypt->address);
}

}  // namespace

std::string_view pgpKindName(PgpKind kind) {
  switch (kind) {
    case PgpKind::None:
      return "none";
    case PgpKind::PgpMimeSigned:
      return "pgp-mime-signed";
    case PgpKind::PgpMimeEncrypted:
      return "pgp-mime-encrypted";
    case PgpKind::InlineSigned:
      return "inline-signed";
    case PgpKind::InlineEncrypted:
      return "inline-encrypted";
    case PgpKind::SmimeSigned:
      return "smime-signed";
    case PgpKind::SmimeOpaqueSigned:
      return "smime-opaque-signed";
  }
  return "unknown";
}

std::string_view mailKindName(MailKind kind) {
  switch (kind) {
    case MailKind::Normal:
      return "normal";
    case MailKind::AutoReply:
      return "auto-reply";
    case MailKind::Bounce:
      return "bounce";
    case MailKind::MailingList:
      return "mailing-list";
  }
  return "unknown";
}

MessageAnalysis analyzeMessage(std::string_view raw, const Limits& limits) {
  MessageAnalysis analysis;
  // Hostile input must come back as a value; anything thrown below (bad_alloc, a bug)
  // leaves what was read so far and a warning.
  try {
    analyze(raw, limits, analysis);
  } catch (const std::exception& e) {
    warn(analysis.message.warnings, std::string("analysis stopped: ") + e.what());
  } catch (...) {
    warn(analysis.message.warnings, "analysis stopped");
  }
  return analysis;
}

PgpStructure inlinePgpStructure(std::string_view text) {
  try {
    return detail::inlinePgpIn(text);
  } catch (...) {  // bad_alloc: no structure as far as the caller can tell
    return {};
  }
}

std::optional<std::string> decodedPart(std::string_view raw, std::string_view path,
                                       const Limits& limits) {
  try {
    if (raw.size() > limits.maxMessageBytes) raw = raw.substr(0, limits.maxMessageBytes);
    const detail::MimeTree tree =
        detail::walkMime(raw, true, detail::walkLimitsFrom(limits), nullptr);
    for (const detail::MimeNode& node : tree.nodes) {
      if (node.path == path && !node.multipartEntered) return detail::decodedBody(node);
    }
  } catch (...) {  // bad_alloc: no such part as far as the caller can tell
  }
  return std::nullopt;
}

}  // namespace cvdd::parsers
