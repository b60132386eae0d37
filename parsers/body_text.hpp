#pragma once
// Private: which leaves of a walked message are its readable body, in reading order.
//
// Mail clients split one text around inline images (Apple Mail, Thunderbird: multipart/
// mixed or related holding text/plain, image/png, text/plain), so the body is every inline
// text leaf, not only the first. Of a multipart/alternative one alternative is read: the
// first holding text/plain, else the first holding any text; HTML is read only where no
// plain alternative says the same.

#include <cstddef>
#include <vector>

#include "parsers/mime_walk.hpp"

namespace cvdd::parsers::detail {

/// The leaves of the subtree at `root` whose text makes the body, in document order:
/// every text/plain or text/html leaf that is no attachment, one alternative of each
/// multipart/alternative. When there is none, the first other text-like leaf that is no
/// attachment (text/*, delivery reports). Empty when the subtree holds no text at all.
/// Linear in the subtree's size.
std::vector<std::size_t> bodyTextNodes(const MimeTree& tree, std::size_t root = 0);

/// One past the last node of the subtree at `root` (nodes are in document order, so a
/// subtree is a contiguous range).
std::size_t subtreeEnd(const MimeTree& tree, std::size_t root);

}  // namespace cvdd::parsers::detail
