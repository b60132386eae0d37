#include "parsers/body_text.hpp"

#include <algorithm>
#include <cstdint>

namespace cvdd::parsers::detail {

namespace {

// What a subtree can give the body: nothing, HTML only, or text/plain.
enum class Holds : std::uint8_t { Nothing, Html, Plain };

bool isBodyLeaf(const MimeNode& node) {
  return !node.multipartEntered && node.disposition != "attachment" && node.ct.type == "text" &&
         (node.ct.subtype == "plain" || node.ct.subtype == "html");
}

Holds leafHolds(const MimeNode& node) {
  if (!isBodyLeaf(node)) return Holds::Nothing;
  return node.ct.subtype == "plain" ? Holds::Plain : Holds::Html;
}

// Text that is neither plain nor HTML, read only when the message has no other: legacy
// header displays (header protection) are never the body.
bool isOtherText(const MimeNode& node) {
  if (node.multipartEntered || node.disposition == "attachment") return false;
  if (node.ct.type == "text") return node.ct.subtype != "rfc822-headers";
  return node.ct.type == "message" &&
         (node.ct.subtype == "delivery-status" || node.ct.subtype == "disposition-notification" ||
          node.ct.subtype == "feedback-report");
}

bool isAlternative(const MimeNode& node) {
  return node.multipartEntered && node.ct.subtype == "alternative";
}

}  // namespace

std::size_t subtreeEnd(const MimeTree& tree, std::size_t root) {
  if (root >= tree.nodes.size()) return root;
  const std::size_t depth = tree.nodes[root].depth;
  std::size_t end = root + 1;
  while (end < tree.nodes.size() && tree.nodes[end].depth > depth) ++end;
  return end;
}

std::vector<std::size_t> bodyTextNodes(const MimeTree& tree, std::size_t root) {
  std::vector<std::size_t> out;
  if (root >= tree.nodes.size()) return out;
  const std::size_t end = subtreeEnd(tree, root);
  // What each node of the subtree holds, children before parents (reverse document
  // order), so that an alternative is chosen without looking into its children again.
  std::vector<Holds> holds(end - root, Holds::Nothing);
  for (std::size_t i = end; i-- > root;) {
    const MimeNode& node = tree.nodes[i];
    if (!node.multipartEntered) holds[i - root] = leafHolds(node);
    if (i != root && node.parent != kNoNode) {
      Holds& parent = holds[node.parent - root];
      parent = std::max(parent, holds[i - root]);
    }
  }
  // Depth-first in document order; an alternative pushes only the child it reads.
  std::vector<std::size_t> stack{root};
  while (!stack.empty()) {
    const std::size_t i = stack.back();
    stack.pop_back();
    const MimeNode& node = tree.nodes[i];
    if (!node.multipartEntered) {
      if (holds[i - root] != Holds::Nothing) out.push_back(i);
      continue;
    }
    if (isAlternative(node)) {
      std::size_t chosen = kNoNode;
      for (std::size_t child : node.children) {
        if (holds[child - root] == Holds::Plain) {
          chosen = child;
          break;
        }
        if (chosen == kNoNode && holds[child - root] == Holds::Html) chosen = child;
      }
      if (chosen != kNoNode) stack.push_back(chosen);
      continue;
    }
    for (std::size_t k = node.children.size(); k-- > 0;) stack.push_back(node.children[k]);
  }
  if (out.empty()) {
    for (std::size_t i = root; i < end; ++i) {
      if (isOtherText(tree.nodes[i])) {
        out.push_back(i);
        break;
      }
    }
  }
  return out;
}

}  // namespace cvdd::parsers::detail
