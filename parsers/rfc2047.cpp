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

// The decoded text, built as the words are found. A run of adjacent encoded words in one
// charset is converted at once: senders split multi-byte (and ISO-2022-JP escape) sequences
// across words. A list of every word first took 72 bytes a word, four times a header of
// short words, and its cache misses grew faster than the header.
class Decoded {
 public:
  Decoded(std::size_t size, std::vector<std::string>* warnings) : warnings_(warnings) {
    out_.reserve(size);
  }

  void plain(std::string_view text) {
    flush();
    out_.append(text);
  }

  void word(Word& word) {
    if (inRun_ && word.charset == charset_) {
      bytes_ += word.bytes;
      return;
    }
    flush();
    charset_ = std::move(word.charset);
    bytes_ = std::move(word.bytes);
    inRun_ = true;
  }

  bool afterWord() const { return inRun_; }

  std::string finish() {
    flush();
    return detail::scrubControls(out_, false);
  }

 private:
  void flush() {
    if (!inRun_) return;
    out_ += detail::decodeLabelled(bytes_, charset_, warnings_);
    inRun_ = false;
  }

  std::vector<std::string>* warnings_;
  std::string out_;
  bool inRun_ = false;   // the last thing read was an encoded word
  std::string charset_;  // of the run, lower-cased
  std::string bytes_;    // the run's payloads, joined
};

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
  Decoded decoded(text.size(), warnings);
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
    const std::string_view between = std::string_view(text).substr(plainStart, pos - plainStart);
    // RFC 2047 §6.2: whitespace between two encoded words is not part of the text.
    if (!between.empty() && !(decoded.afterWord() && isBlank(between))) decoded.plain(between);
    plainStart = pos = word->end;
    decoded.word(*word);
  }
  if (plainStart < text.size()) decoded.plain(std::string_view(text).substr(plainStart));
  return decoded.finish();
}

}  // namespace cvdd::parsers
