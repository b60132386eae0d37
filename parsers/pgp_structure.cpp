// Where the OpenPGP data of a message sits. Only the top level and the first part of a
// top-level multipart/mixed count (the Thunderbird "signed + list footer" case); anything
// deeper — inside a forwarded message/rfc822, or signed > mixed > encrypted — is content,
// not this message's structure (Thunderbird's outer-pgp-sig-inner-pgp-enc-with-mixed,
// EFAIL-style wrapping, the Johnny-you-are-fired MIME attacks).

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "parsers/analysis_steps.hpp"
#include "parsers/body_text.hpp"
#include "parsers/html_text.hpp"
#include "parsers/transfer_decode.hpp"

namespace cvdd::parsers::detail {

namespace {

constexpr std::string_view kBeginSigned = "-----BEGIN PGP SIGNED MESSAGE-----";
constexpr std::string_view kEndSignature = "-----END PGP SIGNATURE-----";
constexpr std::string_view kBeginMessage = "-----BEGIN PGP MESSAGE-----";
constexpr std::string_view kEndMessage = "-----END PGP MESSAGE-----";

void warn(std::vector<std::string>* warnings, std::string w) {
  if (warnings != nullptr) warnings->push_back(std::move(w));
}

bool isMultipart(const MimeNode& node, std::string_view subtype) {
  return node.ct.type == "multipart" && node.ct.subtype == subtype && node.multipartEntered;
}

bool hasType(const MimeNode& node, std::string_view type, std::string_view subtype) {
  return node.ct.type == type && node.ct.subtype == subtype;
}

// The protocol parameter matches, or is absent (lenient: some senders drop it).
bool protocolIs(const MimeNode& node, std::string_view protocol) {
  const std::string* value = findParameter(node.ct.params, "protocol");
  return value == nullptr || asciiLower(trimWhitespace(*value)) == protocol;
}

// Leading/trailing whitespace of an armor line, NBSP included (UTF-8 C2 A0 and a Latin-1
// A0 that ends no UTF-8 sequence): mail clients put NBSP into blank armor lines.
std::string_view trimArmorLine(std::string_view line) {
  for (;;) {
    if (!line.empty() && (line.front() == ' ' || line.front() == '\t' || line.front() == '\r')) {
      line.remove_prefix(1);
    } else if (line.starts_with("\xC2\xA0")) {
      line.remove_prefix(2);
    } else if (!line.empty() && static_cast<unsigned char>(line.front()) == 0xA0) {
      line.remove_prefix(1);
    } else {
      break;
    }
  }
  for (;;) {
    if (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
      line.remove_suffix(1);
    } else if (line.ends_with("\xC2\xA0")) {
      line.remove_suffix(2);
    } else if (!line.empty() && static_cast<unsigned char>(line.back()) == 0xA0 &&
               (line.size() == 1 || static_cast<unsigned char>(line[line.size() - 2]) < 0x80)) {
      line.remove_suffix(1);
    } else {
      break;
    }
  }
  return line;
}

struct Line {
  std::size_t begin = 0;  // of the line
  std::size_t end = 0;    // one past its line break (or the text's end)
  std::string_view content;
};

// The lines of a text, one at a time. A vector of them all took 32 bytes a line, five
// times a body of short lines, and its page faults made the cost grow faster than the body.
class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : text_(text) {}

  bool next(Line& line) {
    if (pos_ >= text_.size()) return false;
    const std::size_t lf = text_.find('\n', pos_);
    const std::size_t contentEnd = lf == std::string_view::npos ? text_.size() : lf;
    line.begin = pos_;
    line.end = lf == std::string_view::npos ? text_.size() : lf + 1;
    line.content = text_.substr(pos_, contentEnd - pos_);
    if (!line.content.empty() && line.content.back() == '\r') line.content.remove_suffix(1);
    pos_ = line.end;
    return true;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

bool isBlank(std::string_view s) {
  return trimArmorLine(s).empty();
}

bool isArmorHeader(std::string_view line) {
  const std::size_t colon = line.find(": ");
  if (colon == std::string_view::npos || colon == 0) return false;
  for (char c : line.substr(0, colon)) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

// An armored message rebuilt from the lines between its markers: markers, armor headers,
// one blank line, the radix-64 lines. Rendering damage (NBSP, blank lines between <div>s,
// indentation) goes; the ciphertext is integrity-protected, so nothing an attacker adds
// here can matter.
std::string rearmor(std::string_view between) {
  std::string out(kBeginMessage);
  out += '\n';
  bool inBody = false;
  std::string body;
  LineCursor cursor(between);
  Line l;
  while (cursor.next(l)) {
    const std::string_view line = trimArmorLine(l.content);
    if (line.empty()) continue;
    if (!inBody && isArmorHeader(line)) {
      out.append(line);
      out += '\n';
      continue;
    }
    inBody = true;
    body.append(line);
    body += '\n';
  }
  out += '\n';
  out += body;
  out.append(kEndMessage);
  out += '\n';
  return out;
}

// The cleartext-signed block with a common indentation removed (quoted or indented by the
// sender's client, signed-inline-indented.eml); line ends kept as they are.
std::string signedBlock(std::string_view block) {
  std::size_t indent = std::string_view::npos;
  LineCursor measure(block);
  Line l;
  while (measure.next(l)) {
    const std::string_view c = l.content;
    if (isBlank(c)) continue;
    std::size_t n = 0;
    while (n < c.size() && (c[n] == ' ' || c[n] == '\t')) ++n;
    indent = std::min(indent, n);
  }
  if (indent == std::string_view::npos) indent = 0;
  std::string out;
  LineCursor copy(block);
  while (copy.next(l)) {
    const std::string_view line = block.substr(l.begin, l.end - l.begin);
    std::size_t n = 0;
    while (n < indent && n < line.size() && (line[n] == ' ' || line[n] == '\t')) ++n;
    out.append(line.substr(n));
  }
  return out;
}

// Inline armor in a text part's (transfer-decoded, tag-stripped) text, read in one pass.
PgpStructure scanInline(std::string_view text, const std::string& path) {
  PgpStructure pgp;
  LineCursor cursor(text);
  Line line;
  std::optional<Line> begin;
  bool outside = false;  // non-blank text before or after the block
  while (!begin && cursor.next(line)) {
    const std::string_view t = trimArmorLine(line.content);
    if (t == kBeginSigned || t == kBeginMessage) {
      begin = line;
    } else if (!t.empty()) {
      outside = true;
    }
  }
  if (!begin) return pgp;
  const bool signedBegin = trimArmorLine(begin->content) == kBeginSigned;
  const std::string_view endMarker = signedBegin ? kEndSignature : kEndMessage;
  std::optional<Line> end;
  while (!end && cursor.next(line)) {
    if (trimArmorLine(line.content) == endMarker) end = line;
  }
  while (!outside && cursor.next(line)) outside = !isBlank(line.content);
  pgp.path = path;
  pgp.missingPart = !end;
  pgp.partial = outside;
  if (signedBegin) {
    pgp.kind = PgpKind::InlineSigned;
    const std::size_t last = end ? end->end : text.size();
    pgp.armoredText = signedBlock(text.substr(begin->begin, last - begin->begin));
  } else {
    pgp.kind = PgpKind::InlineEncrypted;
    const std::size_t last = end ? end->begin : text.size();
    pgp.ciphertext = rearmor(text.substr(begin->end, last - begin->end));
  }
  return pgp;
}

// HTML is read as it is first (armor on lines of its own, between tags), then with the
// tags stripped and entities decoded (armor inside <div>s with &nbsp; lines).
PgpStructure scanTextNode(const MimeNode& node) {
  const std::string text = decodedBody(node);
  PgpStructure pgp = scanInline(text, node.path);
  if (pgp.kind == PgpKind::None && hasType(node, "text", "html")) {
    pgp = scanInline(htmlToText(text), node.path);
  }
  return pgp;
}

// S/MIME's protocol parameter is required (RFC 8551 §3.5.3); the x- forms are what
// older clients still send.
bool isSmimeSignatureType(const MimeNode& node) {
  return node.ct.type == "application" &&
         (node.ct.subtype == "pkcs7-signature" || node.ct.subtype == "x-pkcs7-signature");
}

bool smimeProtocol(const MimeNode& node) {
  const std::string* value = findParameter(node.ct.params, "protocol");
  if (value == nullptr) return false;
  const std::string protocol = asciiLower(trimWhitespace(*value));
  return protocol == "application/pkcs7-signature" || protocol == "application/x-pkcs7-signature";
}

bool isOpaqueSigned(const MimeNode& node) {
  if (node.ct.type != "application" ||
      (node.ct.subtype != "pkcs7-mime" && node.ct.subtype != "x-pkcs7-mime"))
    return false;
  const std::string* type = findParameter(node.ct.params, "smime-type");
  return type != nullptr && asciiLower(trimWhitespace(*type)) == "signed-data";
}

PgpStructure signedStructure(const MimeTree& tree, const MimeNode& node, bool smime) {
  PgpStructure pgp;
  pgp.kind = smime ? PgpKind::SmimeSigned : PgpKind::PgpMimeSigned;
  pgp.path = node.path;
  const auto& children = node.children;
  if (!children.empty()) pgp.signedBytes = crlfCanonical(tree.nodes[children[0]].raw);
  const bool signaturePart =
      children.size() >= 2 &&
      (smime ? isSmimeSignatureType(tree.nodes[children[1]])
             : hasType(tree.nodes[children[1]], "application", "pgp-signature"));
  if (!signaturePart) {
    pgp.missingPart = true;
    return pgp;
  }
  pgp.signature = decodedBody(tree.nodes[children[1]]);
  return pgp;
}

PgpStructure encryptedStructure(const MimeTree& tree, const MimeNode& node,
                                std::size_t payloadIndex, std::vector<std::string>* warnings) {
  PgpStructure pgp;
  pgp.kind = PgpKind::PgpMimeEncrypted;
  pgp.path = node.path;
  const auto& children = node.children;
  if (children.size() <= payloadIndex) {
    pgp.missingPart = true;
    return pgp;
  }
  const MimeNode& payload = tree.nodes[children[payloadIndex]];
  pgp.ciphertext = decodedBody(payload);
  if (payloadIndex == 0 ||
      !hasType(tree.nodes[children[payloadIndex - 1]], "application", "pgp-encrypted")) {
    pgp.missingPart = true;
  }
  // Labelled encrypted, but the payload is a cleartext-signed text (Thunderbird's
  // sigspoof-git-commit): it is not encrypted. Reported as the inline signature it is,
  // so that it is verified (and fails or names its real signer) instead of being taken
  // as "decrypted and signed".
  if (pgp.ciphertext.find(kBeginMessage) == std::string::npos) {
    PgpStructure inner = scanInline(pgp.ciphertext, payload.path);
    if (inner.kind == PgpKind::InlineSigned) {
      warn(warnings, "multipart/encrypted at " + whereOf(node.path) +
                         " holds a cleartext-signed text, not ciphertext");
      return inner;
    }
  }
  return pgp;
}

// MS Exchange rewrites PGP/MIME into multipart/mixed[empty text/plain,
// application/pgp-encrypted, application/octet-stream] (Thunderbird, notmuch "mixed-up").
bool isExchangeMangled(const MimeTree& tree, const MimeNode& top) {
  if (!isMultipart(top, "mixed") || top.children.size() != 3) return false;
  const MimeNode& text = tree.nodes[top.children[0]];
  if (!hasType(text, "text", "plain") || !isBlank(trimWhitespace(decodedBody(text)))) {
    return false;
  }
  return hasType(tree.nodes[top.children[1]], "application", "pgp-encrypted") &&
         hasType(tree.nodes[top.children[2]], "application", "octet-stream");
}

// Where inline armor may count as the message's own: the body text part, reached from the
// top only through the first part of multipart/mixed or related, or any alternative.
bool isBodyPosition(const MimeTree& tree, std::size_t index) {
  while (tree.nodes[index].parent != kNoNode) {
    const MimeNode& parent = tree.nodes[tree.nodes[index].parent];
    if (parent.ct.subtype == "alternative") {
      index = tree.nodes[index].parent;
      continue;
    }
    if (parent.ct.subtype != "mixed" && parent.ct.subtype != "related") return false;
    if (parent.children.empty() || parent.children.front() != index) return false;
    index = tree.nodes[index].parent;
  }
  return true;
}

bool isInlineTextLeaf(const MimeNode& node) {
  return !node.multipartEntered && node.disposition != "attachment" && node.ct.type == "text" &&
         (node.ct.subtype == "plain" || node.ct.subtype == "html");
}

// Marks the structure partial when a part that can carry content lies outside the
// subtree at `covered`, and names the first. Not content: multipart containers (their
// preamble and epilogue are never read or shown), parts whose body is empty or
// whitespace (they show nothing, e.g. Exchange's empty text/plain), and `control`, the
// signature part of a multipart/signed or the "Version: 1" part of a multipart/encrypted.
// Everything else is: a sibling text, an attachment, an alternative, a third part inside
// multipart/signed.
void markUncovered(const MimeTree& tree, std::size_t covered, std::size_t control,
                   PgpStructure& pgp) {
  if (pgp.partial && pgp.uncovered.empty()) {
    pgp.uncovered = "text around the armored block" +
                    (pgp.path.empty() ? std::string() : " in part " + pgp.path);
  }
  if (covered >= tree.nodes.size()) return;
  const std::size_t end = subtreeEnd(tree, covered);
  for (std::size_t i = 0; i < tree.nodes.size(); ++i) {
    if (i == covered) {
      i = end - 1;
      continue;
    }
    const MimeNode& node = tree.nodes[i];
    if (i == control || node.multipartEntered) continue;
    if (node.entity.body.find_first_not_of(" \t\r\n") == std::string_view::npos) continue;
    if (!pgp.partial || pgp.uncovered.empty()) pgp.uncovered = whereOf(node.path);
    pgp.partial = true;
    return;
  }
}

}  // namespace

PgpStructure inlinePgpIn(std::string_view text) {
  PgpStructure pgp = scanInline(text, "");
  if (pgp.partial) pgp.uncovered = "text around the armored block";
  return pgp;
}

std::string decodedBody(const MimeNode& node) {
  return decodeTransfer(node.entity.body, node.transferEncoding, nullptr);
}

std::string crlfCanonical(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 32);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) out += '\r';
    out += bytes[i];
  }
  return out;
}

PgpStructure findPgpStructure(const MimeTree& tree, std::size_t textNode,
                              std::vector<std::string>* warnings) {
  if (tree.nodes.empty()) return {};
  const MimeNode& top = tree.nodes.front();
  std::vector<std::size_t> candidates{0};
  if (isMultipart(top, "mixed") && !top.children.empty()) {
    candidates.push_back(top.children.front());
  }
  for (std::size_t index : candidates) {
    const MimeNode& node = tree.nodes[index];
    const auto& children = node.children;
    const bool smime = smimeProtocol(node);
    if (isMultipart(node, "signed") && (smime || protocolIs(node, "application/pgp-signature"))) {
      PgpStructure pgp = signedStructure(tree, node, smime);
      // The signature part is the second; a third part (RFC 1847 allows two) is content
      // the signature does not cover.
      if (!children.empty()) {
        markUncovered(tree, children[0], children.size() > 1 ? children[1] : kNoNode, pgp);
      }
      return pgp;
    }
    if (isMultipart(node, "encrypted") && protocolIs(node, "application/pgp-encrypted")) {
      PgpStructure pgp = encryptedStructure(tree, node, 1, warnings);
      if (children.size() > 1) markUncovered(tree, children[1], children[0], pgp);
      return pgp;
    }
  }
  if (isOpaqueSigned(top)) {
    PgpStructure pgp;
    pgp.kind = PgpKind::SmimeOpaqueSigned;
    pgp.path = top.path;
    pgp.signature = decodedBody(top);
    return pgp;
  }
  if (isExchangeMangled(tree, top)) {
    PgpStructure pgp = encryptedStructure(tree, top, 2, warnings);
    pgp.repairedExchange = pgp.kind == PgpKind::PgpMimeEncrypted;
    if (pgp.repairedExchange) warn(warnings, "MS Exchange-mangled PGP/MIME repaired");
    markUncovered(tree, top.children[2], top.children[1], pgp);
    return pgp;
  }
  if (textNode != kNoNode && textNode < tree.nodes.size() && isBodyPosition(tree, textNode)) {
    PgpStructure pgp = scanTextNode(tree.nodes[textNode]);
    if (pgp.kind != PgpKind::None) {
      markUncovered(tree, textNode, kNoNode, pgp);
      return pgp;
    }
  }
  // Partial inline encryption spread over sibling parts (Apple Mail's split HTML,
  // Thunderbird's partial-encrypt-for-*-html): the recipient's own ciphertext, so it is
  // decrypted, marked partial. A signature in such a position is not the message's.
  if (isMultipart(top, "mixed")) {
    for (std::size_t child : top.children) {
      if (child == textNode || !isInlineTextLeaf(tree.nodes[child])) continue;
      PgpStructure pgp = scanTextNode(tree.nodes[child]);
      if (pgp.kind == PgpKind::InlineEncrypted) {
        pgp.partial = true;
        pgp.uncovered = "parts beside " + whereOf(pgp.path);
        return pgp;
      }
    }
  }
  return {};
}

}  // namespace cvdd::parsers::detail
