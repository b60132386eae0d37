#pragma once
// Private: the MIME tree of one message, walked without recursion and bounded in depth,
// part count, header size and decoded size.

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/header_section.hpp"
#include "parsers/limits.hpp"

namespace cvdd::parsers::detail {

inline constexpr int kMaxMimeDepth = 32;
inline constexpr std::size_t kMaxMimeParts = 1000;
inline constexpr std::size_t kNoNode = std::numeric_limits<std::size_t>::max();

struct WalkLimits {
  std::size_t maxDepth = kMaxMimeDepth;
  std::size_t maxParts = kMaxMimeParts;  // entities below the top one
  SectionLimits section;
  std::size_t maxDecodedBytes = std::numeric_limits<std::size_t>::max();  // all leaves
  bool stopAtLimit = false;  // false: skip what is over a bound and go on (parseMessage)
};

/// The bounds of analyzeMessage: the walk stops at the first one reached.
WalkLimits walkLimitsFrom(const Limits& limits);

struct MimeNode {
  std::string path;  // IMAP-style: "" for the top entity, "1", "1.2", ...
  std::size_t depth = 0;
  std::size_t parent = kNoNode;
  std::vector<std::size_t> children;  // indices into MimeTree::nodes, in order
  Entity entity;
  ContentType ct;                 // effective type (defaults applied)
  std::string_view raw;           // the whole entity, header section included
  std::string transferEncoding;   // lower-cased, "" when absent
  std::string disposition;        // lower-cased leading token, "" when absent
  bool multipartEntered = false;  // its children were split off
  std::size_t decodedBytes = 0;   // leaves; 0 when decoded sizes were not asked for
};

struct MimeTree {
  std::vector<MimeNode> nodes;  // document order; nodes[0] is the top entity
  std::vector<LimitViolation> hits;
  bool stopped = false;  // a limit stopped the walk
};

/// Walks the entity in `raw` depth-first. message/rfc822 is never entered: a forwarded
/// mail is a leaf here. A multipart without a usable boundary becomes a text/plain leaf.
/// Every view in the result points into `raw`.
MimeTree walkMime(std::string_view raw, bool topLevel, const WalkLimits& limits,
                  std::vector<std::string>* warnings);

/// "message" for the top entity, else "part 1.2".
std::string whereOf(const std::string& path);

struct TextPart {
  bool found = false;
  bool html = false;
  std::string_view body;         // still transfer-encoded
  std::string transferEncoding;  // lower-cased, "" when absent
  std::string charset;           // declared, lower-cased, "" when absent
};

TextPart textPartOf(const MimeTree& tree, std::size_t node);

/// The parts of a multipart body between its delimiter lines (RFC 2046 §5.1.1), at most
/// maxParts of them; *more is set when there were more.
std::vector<std::string_view> splitMultipart(std::string_view body, std::string_view boundary,
                                             std::size_t maxParts,
                                             std::vector<std::string>* warnings,
                                             bool* more = nullptr);

}  // namespace cvdd::parsers::detail
