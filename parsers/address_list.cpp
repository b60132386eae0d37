#include "parsers/address_list.hpp"

#include "parsers/header_section.hpp"
#include "parsers/rfc2047.hpp"
#include "parsers/text_decode.hpp"

namespace cvdd::parsers::detail {

namespace {

constexpr int kMaxCommentNesting = 32;

void warn(std::vector<std::string>* warnings, std::string w) {
  if (warnings != nullptr) warnings->push_back(std::move(w));
}

std::string collapseSpaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : trimWhitespace(s)) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// "local@Domain.Example." → "local@domain.example"; "" when it is no address.
std::string normaliseAddress(std::string_view addr) {
  std::string compact;
  for (char c : addr) {
    if (c != ' ' && c != '\t') compact += c;
  }
  // Source routes ("@a,@b:user@c") are obsolete; only the final mailbox counts.
  if (!compact.empty() && compact.front() == '@') {
    const std::size_t colon = compact.find(':');
    compact = colon == std::string::npos ? std::string{} : compact.substr(colon + 1);
  }
  if (compact.starts_with("mailto:")) compact = compact.substr(7);
  // Left-overs of broken syntax (an unclosed quote swallowing "<...>") are no address.
  if (compact.find_first_of("<>(),;\\") != std::string::npos) return {};
  for (char c : compact) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return {};
  }
  const std::size_t at = compact.rfind('@');
  if (at == std::string::npos || at == 0 || at + 1 == compact.size()) return {};
  std::string domain = asciiLower(std::string_view(compact).substr(at + 1));
  while (!domain.empty() && domain.back() == '.') domain.pop_back();
  if (domain.empty()) return {};
  return compact.substr(0, at + 1) + domain;
}

class Collector {
 public:
  explicit Collector(std::vector<std::string>* warnings) : warnings_(warnings) {}

  void phraseChar(char c) {
    phrase_ += c;
    bare_ += c;
    bareHasAt_ = bareHasAt_ || c == '@';
  }
  void space() {
    if (!phrase_.empty() && phrase_.back() != ' ') phrase_ += ' ';
  }
  void quoted(const std::string& text) {
    phrase_ += text;
    bare_ += '"' + text + '"';
    bareHasAt_ = bareHasAt_ || text.find('@') != std::string::npos;
  }
  void comment(const std::string& text) {
    if (!comment_.empty()) comment_ += ' ';
    comment_ += text;
  }
  void angle(std::string text) {
    if (hasAngle_) {
      warn(warnings_, "mailbox with two angle addresses, first kept");
      return;
    }
    angle_ = std::move(text);
    hasAngle_ = true;
  }
  // Kept as a flag: asked at every ':', a search of bare_ made "g:::::..." quadratic.
  bool phraseHasAt() const { return bareHasAt_; }
  bool hasAngle() const { return hasAngle_; }
  void startGroup() { reset(); }

  void flush() {
    if (phrase_.empty() && bare_.empty() && !hasAngle_ && comment_.empty()) return;
    if (out_.size() >= kMaxMailboxes) {
      if (!capWarned_) warn(warnings_, "more than " + std::to_string(kMaxMailboxes) + " mailboxes");
      capWarned_ = true;
      reset();
      return;
    }
    Mailbox box;
    std::string display;
    if (hasAngle_) {
      box.address = normaliseAddress(angle_);
      display = phrase_;
      if (collapseSpaces(display).empty()) display = comment_;
    } else {
      box.address = normaliseAddress(bare_);
      display = comment_;
    }
    if (box.address.empty()) {
      warn(warnings_, "mailbox without a usable address skipped");
    } else {
      box.displayName = collapseSpaces(decodeHeader(collapseSpaces(display), warnings_));
      out_.push_back(std::move(box));
    }
    reset();
  }

  std::vector<Mailbox> take() { return std::move(out_); }

 private:
  void reset() {
    phrase_.clear();
    bare_.clear();
    comment_.clear();
    angle_.clear();
    hasAngle_ = false;
    bareHasAt_ = false;
  }

  std::vector<std::string>* warnings_;
  std::vector<Mailbox> out_;
  std::string phrase_;  // display-name words, quotes removed
  std::string bare_;    // the same without spaces, quotes kept: a bare addr-spec
  bool bareHasAt_ = false;
  std::string comment_;  // text of (comments)
  std::string angle_;
  bool hasAngle_ = false;
  bool capWarned_ = false;
};

}  // namespace

std::vector<Mailbox> parseAddressList(std::string_view value, std::vector<std::string>* warnings) {
  // Raw 8-bit or JIS display names become UTF-8 first; ISO-2022-JP's two-byte codes
  // would otherwise be read as "<", "," or "\"".
  std::string text;
  if (isAscii(value) && !hasIso2022JpEscape(value)) {
    text = std::string(value);
  } else {
    text = decodeUnlabelled(value, warnings);
  }
  Collector collector(warnings);
  bool inGroup = false;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      collector.space();
      ++i;
    } else if (c == '"') {
      std::string q;
      ++i;
      while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        q += text[i++];
      }
      ++i;  // closing quote, or past the end when it is missing
      collector.quoted(q);
    } else if (c == '(') {
      std::string comment;
      int depth = 1;
      ++i;
      while (i < text.size() && depth > 0) {
        const char d = text[i];
        if (d == '\\' && i + 1 < text.size()) {
          comment += text[i + 1];
          i += 2;
          continue;
        }
        if (d == '(' && depth < kMaxCommentNesting) ++depth;
        if (d == ')') --depth;
        if (depth > 0) comment += d;
        ++i;
      }
      collector.comment(comment);
    } else if (c == '<') {
      const std::size_t close = text.find('>', i + 1);
      const std::size_t end = close == std::string::npos ? text.size() : close;
      collector.angle(text.substr(i + 1, end - i - 1));
      i = end + 1;
    } else if (c == ',') {
      collector.flush();
      ++i;
    } else if (c == ';') {
      // Ends a group; Outlook also separates plain mailboxes with ";".
      collector.flush();
      inGroup = false;
      ++i;
    } else if (c == ':' && !collector.hasAngle() && !collector.phraseHasAt() && !inGroup) {
      collector.startGroup();  // "Group name:" — the name is no mailbox
      inGroup = true;
      ++i;
    } else {
      collector.phraseChar(c);
      ++i;
    }
  }
  collector.flush();
  return collector.take();
}

}  // namespace cvdd::parsers::detail
