#include "parsers/rfc2047.hpp"

#include <optional>

#include "parsers/text_decode.hpp"
#include "parsers/transfer_decode.hpp"

namespace cvdd::parsers {

namespace {

// RFC 2047 caps a word at 75 characters; real senders exceed that, so longer words are
// read up to these bounds.
constexpr std::size_t kMaxCharsetLength = 64;
constexpr std::size_t kMaxEncodedText = 1024;

struct Segment {
  bool encoded = false;
  std::string charset;  // lower-cased, encoded words only
  std::string bytes;    // decoded payload (encoded) or UTF-8 text (plain)
};

struct Word {
  std::size_t end = 0;  // one past "?="
  std::string charset;
  std::string bytes;
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

bool isBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

// The first "?=" at or after a position. Successive words look from positions that only
// move forward, so one search serves every "=?" before the "?=" it found: searching
// afresh for each "=?" of an unclosed run rescanned up to kMaxEncodedText bytes each.
class CloseFinder {
 public:
  explicit CloseFinder(std::string_view text) : text_(text) {}

  std::size_t from(std::size_t pos) {
    if (pos < searchedFrom_ || (found_ != std::string_view::npos && found_ < pos)) {
      found_ = text_.find("?=", pos);
      searchedFrom_ = pos;
    }
    return found_;
  }

 private:
  std::string_view text_;
  std::size_t searchedFrom_ = std::string_view::npos;  // nothing searched yet
  std::size_t found_ = 0;
};

// Parses "=?charset?E?text?=" starting at text[pos]; nullopt when it is not a
// well-formed word (the caller keeps it verbatim).
std::optional<Word> parseWord(std::string_view text, std::size_t pos, CloseFinder& closes,
                              bool* damaged) {
  const std::size_t csStart = pos + 2;
  const std::size_t q1 = text.substr(0, csStart + kMaxCharsetLength + 1).find('?', csStart);
  if (q1 == std::string_view::npos || q1 == csStart) return std::nullopt;
  const std::string_view charset = text.substr(csStart, q1 - csStart);
  if (charset.find_first_of(" \t\"()<>,;:") != std::string_view::npos) return std::nullopt;
  if (q1 + 2 >= text.size() || text[q1 + 2] != '?') return std::nullopt;
  const char enc = text[q1 + 1];
  const std::size_t payloadStart = q1 + 3;
  const std::size_t closeAt = closes.from(payloadStart);
  if (closeAt == std::string_view::npos || closeAt + 2 - payloadStart > kMaxEncodedText) {
    return std::nullopt;
  }
  const std::string_view payload = text.substr(payloadStart, closeAt - payloadStart);
  Word word;
  word.end = closeAt + 2;
  word.charset = lower(charset);
  bool bad = false;
  if (enc == 'B' || enc == 'b') {
    word.bytes = detail::decodeBase64(payload, &bad);
  } else if (enc == 'Q' || enc == 'q') {
    word.bytes = detail::decodeQEncoding(payload, &bad);
  } else {
    return std::nullopt;
  }
  if (bad) {
    *damaged = true;
    return std::nullopt;
  }
  return word;
}

std::vector<Segment> segment(std::string_view text, std::vector<std::string>* warnings) {
  std::vector<Segment> segments;
  std::size_t plainStart = 0;
  std::size_t pos = 0;
  CloseFinder closes(text);
  while ((pos = text.find("=?", pos)) != std::string_view::npos) {
    bool damaged = false;
    auto word = parseWord(text, pos, closes, &damaged);
    if (!word) {
      if (damaged && warnings != nullptr) {
        warnings->push_back("malformed encoded word kept verbatim");
      }
      pos += 2;
      continue;
    }
    const std::string_view between = text.substr(plainStart, pos - plainStart);
    const bool afterWord = !segments.empty() && segments.back().encoded;
    // RFC 2047 §6.2: whitespace between two encoded words is not part of the text.
    if (!between.empty() && !(afterWord && isBlank(between))) {
      segments.push_back({false, {}, std::string(between)});
    }
    segments.push_back({true, std::move(word->charset), std::move(word->bytes)});
    plainStart = word->end;
    pos = word->end;
  }
  if (plainStart < text.size())
    segments.push_back({false, {}, std::string(text.substr(plainStart))});
  return segments;
}

}  // namespace

std::string decodeHeader(std::string_view value, std::vector<std::string>* warnings) {
  // Raw 8-bit (RFC 6532 UTF-8, or legacy JIS/Shift_JIS) is turned into UTF-8 first;
  // encoded words are ASCII in every one of those charsets, so they survive.
  std::string text;
  if (detail::isAscii(value) && !detail::hasIso2022JpEscape(value)) {
    text = std::string(value);
  } else {
    text = detail::decodeUnlabelled(value, warnings);
  }
  std::vector<Segment> segments = segment(text, warnings);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (!segments[i].encoded) {
      out += segments[i].bytes;
      continue;
    }
    // Senders split multi-byte (and ISO-2022-JP escape) sequences across adjacent
    // words, so the bytes of a run in one charset are joined before conversion.
    std::string bytes = std::move(segments[i].bytes);
    while (i + 1 < segments.size() && segments[i + 1].encoded &&
           segments[i + 1].charset == segments[i].charset) {
      bytes += segments[i + 1].bytes;
      ++i;
    }
    out += detail::decodeLabelled(bytes, segments[i].charset, warnings);
  }
  return detail::scrubControls(out, false);
}

}  // namespace cvdd::parsers
