#include "parsers/mime_walk.hpp"

#include <optional>

#include "parsers/transfer_decode.hpp"

namespace cvdd::parsers::detail {

namespace {

void warn(std::vector<std::string>* warnings, std::string w) {
  if (warnings != nullptr) warnings->push_back(std::move(w));
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
                                             std::vector<std::string>* warnings, bool* more) {
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
            if (more != nullptr) {
              *more = true;
            } else {
              warn(warnings, "more than " + std::to_string(maxParts) + " MIME parts");
            }
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
    if (parts.size() < maxParts) {
      parts.push_back(body.substr(*partStart));
    } else if (more != nullptr) {
      *more = true;
    }
    warn(warnings, "multipart without closing delimiter");
  }
  if (!partStart) warn(warnings, "multipart boundary never occurs");
  return parts;
}

WalkLimits walkLimitsFrom(const Limits& limits) {
  WalkLimits w;
  w.maxDepth = limits.maxMimeDepth;
  w.maxParts = limits.maxParts;
  w.section.maxFields = limits.maxHeaderCount;
  w.section.maxFieldBytes = limits.maxHeaderBytes;
  w.section.stopAtLimit = true;
  w.maxDecodedBytes = limits.maxDecodedBytes;
  w.stopAtLimit = true;
  return w;
}

std::string whereOf(const std::string& path) {
  return path.empty() ? std::string("message") : "part " + path;
}

MimeTree walkMime(std::string_view raw, bool topLevel, const WalkLimits& limits,
                  std::vector<std::string>* warnings) {
  struct Pending {
    std::string_view raw;
    std::size_t depth = 0;
    std::size_t parent = kNoNode;
    std::string path;
    bool digestChild = false;  // RFC 2046 §5.1.5: default type message/rfc822
  };
  MimeTree tree;
  std::vector<Pending> stack;
  stack.push_back(Pending{raw, 0, kNoNode, "", false});
  std::size_t parts = 0;
  std::size_t decoded = 0;
  bool depthWarned = false;
  bool countWarned = false;
  const bool measureDecoded = limits.maxDecodedBytes != std::numeric_limits<std::size_t>::max();
  auto stop = [&](std::string limit, std::string where, std::size_t value, std::size_t maximum) {
    tree.hits.push_back({std::move(limit), std::move(where), value, maximum});
    tree.stopped = true;
  };
  while (!stack.empty() && !tree.stopped) {
    Pending pending = std::move(stack.back());
    stack.pop_back();
    const std::size_t index = tree.nodes.size();
    if (pending.parent != kNoNode) tree.nodes[pending.parent].children.push_back(index);
    tree.nodes.emplace_back();
    MimeNode& node = tree.nodes.back();
    node.path = std::move(pending.path);
    node.depth = pending.depth;
    node.parent = pending.parent;
    node.raw = pending.raw;
    std::optional<SectionLimitHit> hit;
    node.entity = splitEntity(pending.raw, topLevel && pending.parent == kNoNode, warnings,
                              limits.section, &hit);
    const auto& fields = node.entity.fields;
    if (const std::string* ctValue = findField(fields, "Content-Type")) {
      node.ct = parseContentType(*ctValue);
    } else if (pending.digestChild) {
      node.ct.type = "message";
      node.ct.subtype = "rfc822";
      node.ct.mediaType = "message/rfc822";
    }
    if (const std::string* cte = findField(fields, "Content-Transfer-Encoding")) {
      node.transferEncoding = leadingToken(*cte);
    }
    if (const std::string* disposition = findField(fields, "Content-Disposition")) {
      node.disposition = leadingToken(*disposition);
    }
    if (hit) {
      std::string where = node.path.empty() ? std::string() : "part " + node.path + " ";
      stop(hit->limit, where + "header " + std::to_string(hit->field), hit->value, hit->maximum);
      break;
    }
    if (node.ct.type == "multipart") {
      if (node.depth + 1 > limits.maxDepth) {
        if (limits.stopAtLimit) {
          stop("mime_depth", whereOf(node.path), node.depth + 1, limits.maxDepth);
          break;
        }
        if (!depthWarned) {
          warn(warnings, "MIME nesting deeper than " + std::to_string(limits.maxDepth) + " at " +
                             whereOf(node.path) + ", not entered");
        }
        depthWarned = true;
        continue;
      }
      std::string boundary = node.ct.boundary;
      if (boundary.empty()) {
        boundary = guessBoundary(node.entity.body);
        warn(warnings, "multipart without boundary at " + whereOf(node.path) +
                           (boundary.empty() ? ", read as text" : ", boundary guessed"));
      }
      if (boundary.empty()) {
        node.ct.type = "text";
        node.ct.subtype = "plain";
      } else {
        const std::size_t room = parts < limits.maxParts ? limits.maxParts - parts : 0;
        bool more = false;
        auto children = splitMultipart(node.entity.body, boundary, room, warnings, &more);
        parts += children.size();
        node.multipartEntered = true;
        if (more) {
          if (limits.stopAtLimit) {
            stop("part_count", whereOf(node.path), parts + 1, limits.maxParts);
            break;
          }
          if (!countWarned) {
            warn(warnings, "more than " + std::to_string(limits.maxParts) + " MIME parts");
          }
          countWarned = true;
        }
        const bool digest = node.ct.subtype == "digest";
        const std::string prefix = node.path.empty() ? std::string() : node.path + ".";
        // Pushed in reverse so the first child is visited first.
        for (std::size_t i = children.size(); i-- > 0;) {
          stack.push_back(
              Pending{children[i], node.depth + 1, index, prefix + std::to_string(i + 1), digest});
        }
        continue;
      }
    }
    if (measureDecoded) {
      node.decodedBytes = decodeTransfer(node.entity.body, node.transferEncoding, nullptr).size();
      decoded += node.decodedBytes;
      if (decoded > limits.maxDecodedBytes) {
        stop("decoded_size", whereOf(node.path), decoded, limits.maxDecodedBytes);
        break;
      }
    }
  }
  return tree;
}

TextPart textPartOf(const MimeTree& tree, std::size_t index) {
  TextPart part;
  if (index >= tree.nodes.size()) return part;
  const MimeNode& node = tree.nodes[index];
  part.found = true;
  part.html = node.ct.type == "text" && node.ct.subtype == "html";
  part.body = node.entity.body;
  part.transferEncoding = node.transferEncoding;
  part.charset = node.ct.charset;
  return part;
}

}  // namespace cvdd::parsers::detail
