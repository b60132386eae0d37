#include "parsers/mime_walk.hpp"

#include <array>
#include <optional>

namespace cvdd::parsers::detail {

namespace {

void warn(std::vector<std::string>* warnings, std::string w) {
  if (warnings != nullptr) warnings->push_back(std::move(w));
}

struct Node {
  Entity entity;
  int depth = 0;
  bool digestChild = false;  // RFC 2046 §5.1.5: default type message/rfc822
  std::string path;          // "1.2" for warnings
};

// Rank of a leaf as the message text: 0 best; nullopt when it is not text at all.
std::optional<int> textRank(const ContentType& ct) {
  if (ct.type == "text") {
    if (ct.subtype == "plain") return 0;
    if (ct.subtype == "html") return 1;
    // Legacy-display headers (header protection) are not the body.
    if (ct.subtype == "rfc822-headers") return std::nullopt;
    return 2;
  }
  if (ct.type == "message" &&
      (ct.subtype == "delivery-status" || ct.subtype == "disposition-notification" ||
       ct.subtype == "feedback-report")) {
    return 2;
  }
  return std::nullopt;
}

bool isBlankRest(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

// A boundary for a multipart that declares none: the first "--token" line.
std::string guessBoundary(std::string_view body) {
  std::size_t pos = 0;
  while (pos < body.size()) {
    const std::size_t lf = body.find('\n', pos);
    std::string_view line =
        body.substr(pos, (lf == std::string_view::npos ? body.size() : lf) - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > 2 && line.starts_with("--") && line.size() <= 72) {
      std::string_view token = line.substr(2);
      while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) {
        token.remove_suffix(1);
      }
      if (!token.empty() && token.find_first_of(" \t") == std::string_view::npos) {
        return std::string(token);
      }
    }
    if (lf == std::string_view::npos) break;
    pos = lf + 1;
  }
  return {};
}

}  // namespace

std::vector<std::string_view> splitMultipart(std::string_view body, std::string_view boundary,
                                             std::size_t maxParts,
                                             std::vector<std::string>* warnings) {
  std::vector<std::string_view> parts;
  const std::string delimiter = "--" + std::string(boundary);
  std::optional<std::size_t> partStart;
  bool closed = false;
  std::size_t pos = 0;
  while (pos < body.size()) {
    const std::size_t lf = body.find('\n', pos);
    const std::size_t lineEnd = lf == std::string_view::npos ? body.size() : lf;
    const std::size_t next = lf == std::string_view::npos ? body.size() : lf + 1;
    const std::string_view line = body.substr(pos, lineEnd - pos);
    if (line.starts_with(delimiter)) {
      std::string_view after = line.substr(delimiter.size());
      const bool isClose = after.starts_with("--");
      if (isClose) after.remove_prefix(2);
      if (isBlankRest(after)) {
        if (partStart) {
          // The line break before a delimiter belongs to the delimiter.
          std::size_t end = pos;
          if (end > *partStart && body[end - 1] == '\n') --end;
          if (end > *partStart && body[end - 1] == '\r') --end;
          if (parts.size() >= maxParts) {
            warn(warnings, "more than " + std::to_string(maxParts) + " MIME parts");
            return parts;
          }
          parts.push_back(body.substr(*partStart, end - *partStart));
        }
        if (isClose) {
          closed = true;
          break;
        }
        partStart = next;
      }
    }
    pos = next;
  }
  if (!closed && partStart) {
    if (parts.size() < maxParts) parts.push_back(body.substr(*partStart));
    warn(warnings, "multipart without closing delimiter");
  }
  if (!partStart) warn(warnings, "multipart boundary never occurs");
  return parts;
}

TextPart findTextPart(const Entity& top, std::vector<std::string>* warnings) {
  std::array<std::optional<TextPart>, 3> best;
  std::vector<Node> stack;
  stack.push_back(Node{top, 0, false, "0"});
  std::size_t partsSeen = 1;
  bool depthWarned = false;
  while (!stack.empty()) {
    Node node = std::move(stack.back());
    stack.pop_back();
    const auto& fields = node.entity.fields;
    const std::string* ctValue = findField(fields, "Content-Type");
    ContentType ct;
    if (ctValue != nullptr) {
      ct = parseContentType(*ctValue);
    } else if (node.digestChild) {
      ct.type = "message";
      ct.subtype = "rfc822";
    }
    if (ct.type == "multipart") {
      if (node.depth >= kMaxMimeDepth) {
        if (!depthWarned) {
          warn(warnings, "MIME nesting deeper than " + std::to_string(kMaxMimeDepth) + " at part " +
                             node.path + ", not entered");
        }
        depthWarned = true;
        continue;
      }
      std::string boundary = ct.boundary;
      if (boundary.empty()) {
        boundary = guessBoundary(node.entity.body);
        warn(warnings, "multipart without boundary at part " + node.path +
                           (boundary.empty() ? ", read as text" : ", boundary guessed"));
      }
      if (boundary.empty()) {
        ct.type = "text";
        ct.subtype = "plain";
      } else {
        const std::size_t room = partsSeen < kMaxMimeParts ? kMaxMimeParts - partsSeen : 0;
        auto children = splitMultipart(node.entity.body, boundary, room, warnings);
        partsSeen += children.size();
        // Pushed in reverse so the first child is visited first.
        for (std::size_t i = children.size(); i-- > 0;) {
          Entity child = splitEntity(children[i], false, warnings);
          stack.push_back(Node{std::move(child), node.depth + 1, ct.subtype == "digest",
                               node.path + "." + std::to_string(i + 1)});
        }
        continue;
      }
    }
    const std::string* disposition = findField(fields, "Content-Disposition");
    if (disposition != nullptr && leadingToken(*disposition) == "attachment") continue;
    const auto rank = textRank(ct);
    if (!rank || best[static_cast<std::size_t>(*rank)]) continue;
    TextPart part;
    part.found = true;
    part.html = ct.subtype == "html";
    part.body = node.entity.body;
    part.charset = ct.charset;
    if (const std::string* cte = findField(fields, "Content-Transfer-Encoding")) {
      part.transferEncoding = leadingToken(*cte);
    }
    best[static_cast<std::size_t>(*rank)] = std::move(part);
    if (*rank == 0) break;
  }
  for (auto& candidate : best) {
    if (candidate) return std::move(*candidate);
  }
  return {};
}

}  // namespace cvdd::parsers::detail
