#include "daemon/imap_response_reader.hpp"

#include <algorithm>
#include <charconv>

namespace cvdd::daemon {

namespace {

// A line ending in "{digits}" announces a literal. Returns its digits, or nullopt for a
// line that merely ends in a brace.
std::optional<std::string_view> literalDigits(std::string_view line) {
  if (!line.ends_with('}')) return std::nullopt;
  auto open = line.rfind('{');
  if (open == std::string_view::npos) return std::nullopt;
  std::string_view digits = line.substr(open + 1, line.size() - open - 2);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  return digits;
}

bool isTagChar(char c) {
  // RFC 3501 tag: ASTRING-CHAR except "+"; we only need to reject what cannot be one.
  return c > ' ' && c < 0x7f && c != '(' && c != ')' && c != '{' && c != '%' && c != '*' &&
         c != '"' && c != '\\' && c != '+';
}

}  // namespace

ResponseReader::ResponseReader(ReaderLimits limits) : limits_(limits) {}

void ResponseReader::feed(std::string_view bytes) {
  if (!failed_) buffer_.append(bytes);
}

std::size_t ResponseReader::pending() const {
  return buffer_.size() - pos_ + currentBytes_;
}

core::Result<std::optional<Response>> ResponseReader::failWith(core::Errc code, std::string what,
                                                               std::uint64_t offset) {
  failed_ = core::Error{code, "server stream @ byte " + std::to_string(offset), std::move(what)};
  buffer_.clear();
  pos_ = scanned_ = 0;
  return tl::unexpected(*failed_);
}

std::string ResponseReader::responseOverLimit() const {
  return "response over the " + std::to_string(limits_.maxResponseBytes) + "-byte response limit";
}

void ResponseReader::compact() {
  if (pos_ == buffer_.size()) {
    buffer_.clear();
    pos_ = scanned_ = 0;
  } else if (pos_ > (std::size_t{64} << 10) && pos_ > buffer_.size() / 2) {
    // Amortised: each byte is moved at most once per halving of the buffer.
    buffer_.erase(0, pos_);
    scanned_ -= pos_;
    pos_ = 0;
  }
}

core::Result<std::optional<Response>> ResponseReader::next() {
  using core::Errc;
  if (failed_) return tl::unexpected(*failed_);
  for (;;) {
    if (inLiteral_) {
      std::size_t take = std::min(literalLeft_, buffer_.size() - pos_);
      current_.literals.back().append(buffer_, pos_, take);
      pos_ += take;
      consumed_ += take;
      currentBytes_ += take;
      literalLeft_ -= take;
      scanned_ = pos_;
      if (literalLeft_ > 0) {
        compact();
        return std::nullopt;
      }
      inLiteral_ = false;
    }

    std::size_t lf = buffer_.find('\n', scanned_);
    if (lf == std::string::npos) {
      scanned_ = buffer_.size();
      if (buffer_.size() - pos_ > limits_.maxLineBytes)
        return failWith(Errc::LimitExceeded,
                        "unterminated line over the " + std::to_string(limits_.maxLineBytes) +
                            "-byte line limit",
                        consumed_);
      compact();
      return std::nullopt;
    }
    std::string_view line(buffer_.data() + pos_, lf - pos_);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.size() > limits_.maxLineBytes)
      return failWith(Errc::LimitExceeded,
                      "line of " + std::to_string(line.size()) + " bytes over the " +
                          std::to_string(limits_.maxLineBytes) + "-byte line limit",
                      consumed_);
    currentBytes_ += lf + 1 - pos_;
    if (currentBytes_ > limits_.maxResponseBytes)
      return failWith(Errc::LimitExceeded, responseOverLimit(), consumed_);
    auto digits = literalDigits(line);
    std::uint64_t literalSize = 0;
    if (digits) {
      auto [end, ec] =
          std::from_chars(digits->data(), digits->data() + digits->size(), literalSize);
      if (ec != std::errc{} || literalSize > limits_.maxLiteralBytes)
        return failWith(Errc::LimitExceeded,
                        "literal of " + std::string(*digits) + " bytes over the " +
                            std::to_string(limits_.maxLiteralBytes) + "-byte literal limit",
                        consumed_);
      if (literalSize > limits_.maxResponseBytes - currentBytes_)
        return failWith(Errc::LimitExceeded, responseOverLimit(), consumed_);
    }
    if (current_.lines.empty()) responseStart_ = consumed_;
    current_.lines.emplace_back(line);
    consumed_ += lf + 1 - pos_;
    pos_ = lf + 1;
    scanned_ = pos_;
    if (digits) {
      current_.literals.emplace_back();
      literalLeft_ = static_cast<std::size_t>(literalSize);
      inLiteral_ = true;
      continue;
    }

    if (!finishLine(current_.lines.front())) return tl::unexpected(*failed_);
    Response done = std::move(current_);
    current_ = Response{};
    currentBytes_ = 0;
    compact();
    return done;
  }
}

// Classifies the completed response by its first line and strips the tag, "*" or "+".
bool ResponseReader::finishLine(std::string_view first) {
  std::string& line = current_.lines.front();
  if (first.starts_with('+')) {
    current_.kind = ResponseKind::Continuation;
    line.erase(0, first.starts_with("+ ") ? 2 : 1);
    return true;
  }
  if (first.starts_with("* ") && first.size() > 2) {
    current_.kind = ResponseKind::Untagged;
    line.erase(0, 2);
    return true;
  }
  auto space = first.find(' ');
  std::string_view tag = first.substr(0, space);
  if (space == std::string_view::npos || space + 1 == first.size() || tag.empty() ||
      !std::all_of(tag.begin(), tag.end(), isTagChar)) {
    failWith(core::Errc::Io, "response without a tag, \"*\" or \"+\"", responseStart_);
    return false;
  }
  current_.kind = ResponseKind::Tagged;
  current_.tag = std::string(tag);
  line.erase(0, space + 1);
  return true;
}

}  // namespace cvdd::daemon
