#include "daemon/imap_protocol.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace cvdd::daemon {

namespace {

using core::Errc;

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && upper(a) == upper(b);
}

// The space-separated words of text; runs of spaces count as one.
std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    if (end > pos) out.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

// Server text goes into log lines: printable ASCII only, and at most maxChars of it.
std::string printable(std::string_view text, std::size_t maxChars) {
  std::string out;
  for (char c : text.substr(0, maxChars)) out.push_back(c >= ' ' && c < 0x7f ? c : '?');
  if (text.size() > maxChars) out += "...";
  return out;
}

std::optional<std::uint64_t> number(std::string_view text) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::string_view firstLine(const Response& response) {
  return response.lines.empty() ? std::string_view{} : std::string_view(response.lines.front());
}

// The text after a status response's condition word: "[CODE arg] human text".
std::optional<std::string_view> afterCondition(const Response& response) {
  if (conditionOf(response) == Condition::None) return std::nullopt;
  std::string_view line = firstLine(response);
  std::size_t space = line.find(' ');
  if (space == std::string_view::npos) return std::string_view{};
  return line.substr(space + 1);
}

// A cursor over a response's lines and literals, for the nested data of FETCH.
class Cursor {
 public:
  explicit Cursor(Response& response) : r_(response) {}

  void skipSpaces() {
    while (pos_ < line().size() && line()[pos_] == ' ') ++pos_;
  }

  // The next byte, or 0 at the end of the response (lines carry no NUL from a reader
  // that split on CRLF, and a NUL there is malformed anyway).
  char peek() const { return pos_ < line().size() ? line()[pos_] : '\0'; }
  void advance() { ++pos_; }

  bool atLiteral() const {
    return line_ < r_.literals.size() && pos_ < line().size() && pos_ == line().rfind('{');
  }

  // An atom; "[...]" inside it (BODY[HEADER.FIELDS (FROM)]) is taken whole.
  std::string_view atom() {
    std::size_t start = pos_;
    int depth = 0;
    while (pos_ < line().size()) {
      char c = line()[pos_];
      if (c == '[') ++depth;
      if (c == ']' && depth > 0) --depth;
      if (depth == 0 && (c == ' ' || c == '(' || c == ')' || c == '"' || c == '{')) break;
      ++pos_;
    }
    return std::string_view(line()).substr(start, pos_ - start);
  }

  core::Result<std::uint64_t> numberValue(std::string_view what) {
    auto value = number(atom());
    if (!value)
      return core::fail(Errc::Io, "FETCH response", std::string(what) + " is not a number");
    return *value;
  }

  // nstring: a literal (moved out), a quoted string or NIL.
  core::Result<std::optional<std::string>> nstring() {
    if (atLiteral()) {
      std::string value = std::move(r_.literals[line_]);
      ++line_;
      pos_ = 0;
      return value;
    }
    if (peek() == '"') return quotedValue();
    if (equalsIgnoringCase(atom(), "NIL")) return std::nullopt;
    return core::fail(Errc::Io, "FETCH response", "expected a string, a literal or NIL");
  }

  // A parenthesised list of atoms: "(\\Seen $CvddAccepted)".
  core::Result<std::vector<std::string>> atomList() {
    if (peek() != '(') return core::fail(Errc::Io, "FETCH response", "expected a list of flags");
    advance();
    std::vector<std::string> atoms;
    for (;;) {
      skipSpaces();
      if (peek() == ')') {
        advance();
        return atoms;
      }
      auto next = atom();
      if (next.empty()) return core::fail(Errc::Io, "FETCH response", "unterminated flag list");
      atoms.emplace_back(next);
    }
  }

  // Skips one value of any kind: atom, number, quoted string, literal or nested list.
  core::Result<void> skipValue() {
    if (atLiteral()) {
      ++line_;
      pos_ = 0;
      return {};
    }
    if (peek() == '"') {
      auto skipped = quotedValue();
      if (!skipped) return tl::unexpected(skipped.error());
      return {};
    }
    if (peek() != '(') {
      if (atom().empty()) return core::fail(Errc::Io, "FETCH response", "expected a value");
      return {};
    }
    advance();
    for (;;) {
      skipSpaces();
      if (peek() == ')') {
        advance();
        return {};
      }
      if (peek() == '\0') return core::fail(Errc::Io, "FETCH response", "unterminated list");
      auto inner = skipValue();
      if (!inner) return inner;
    }
  }

 private:
  const std::string& line() const { return r_.lines[line_]; }

  core::Result<std::optional<std::string>> quotedValue() {
    advance();  // the opening quote
    std::string value;
    while (pos_ < line().size()) {
      char c = line()[pos_++];
      if (c == '"') return value;
      if (c == '\\' && pos_ < line().size()) c = line()[pos_++];
      value.push_back(c);
    }
    return core::fail(Errc::Io, "FETCH response", "unterminated quoted string");
  }

  Response& r_;
  std::size_t line_ = 0;
  std::size_t pos_ = 0;
};

}  // namespace

Condition conditionOf(const Response& response) {
  if (response.kind == ResponseKind::Continuation) return Condition::None;
  std::string_view line = firstLine(response);
  std::string word = upper(line.substr(0, line.find(' ')));
  if (word == "OK") return Condition::Ok;
  if (word == "NO") return Condition::No;
  if (word == "BAD") return Condition::Bad;
  if (word == "BYE") return Condition::Bye;
  if (word == "PREAUTH") return Condition::Preauth;
  return Condition::None;
}

std::optional<ResponseCode> responseCode(const Response& response) {
  auto rest = afterCondition(response);
  if (!rest || !rest->starts_with('[')) return std::nullopt;
  std::size_t close = rest->find(']');
  if (close == std::string_view::npos) return std::nullopt;
  std::string_view inside = rest->substr(1, close - 1);
  std::size_t space = inside.find(' ');
  ResponseCode code{upper(inside.substr(0, space)), {}};
  if (space != std::string_view::npos) code.argument = std::string(inside.substr(space + 1));
  return code;
}

std::string statusText(const Response& response) {
  std::string_view text = afterCondition(response).value_or(firstLine(response));
  if (text.starts_with('[')) {
    std::size_t close = text.find(']');
    text = close == std::string_view::npos ? std::string_view{} : text.substr(close + 1);
  }
  while (text.starts_with(' ')) text.remove_prefix(1);
  return printable(text, 200);
}

std::string describeStatus(const Response& response) {
  std::string_view line = firstLine(response);
  std::string out = printable(upper(line.substr(0, line.find(' '))), 16);
  if (auto code = responseCode(response)) out += " [" + printable(code->name, 64) + "]";
  if (auto text = statusText(response); !text.empty()) out += " " + text;
  return out;
}

std::optional<std::vector<std::string>> capabilitiesOf(const Response& response) {
  std::string_view list;
  std::optional<ResponseCode> code;
  std::string_view line = firstLine(response);
  if (response.kind == ResponseKind::Untagged &&
      equalsIgnoringCase(line.substr(0, line.find(' ')), "CAPABILITY")) {
    list = line.substr(std::min(line.size(), std::string_view("CAPABILITY").size()));
  } else if (code = responseCode(response); code && code->name == "CAPABILITY") {
    list = code->argument;
  } else {
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (auto word : words(list)) out.push_back(upper(word));
  return out;
}

std::optional<std::uint64_t> uidValidityOf(const Response& response) {
  auto code = responseCode(response);
  if (!code || code->name != "UIDVALIDITY" || conditionOf(response) != Condition::Ok)
    return std::nullopt;
  return number(code->argument);
}

std::optional<MailboxEvent> mailboxEventOf(const Response& response) {
  if (response.kind != ResponseKind::Untagged) return std::nullopt;
  auto all = words(firstLine(response));
  if (all.size() < 2 || !number(all[0])) return std::nullopt;
  std::string what = upper(all[1]);
  if (what == "EXISTS") return MailboxEvent::Exists;
  if (what == "RECENT") return MailboxEvent::Recent;
  if (what == "EXPUNGE") return MailboxEvent::Expunge;
  if (what == "FETCH") return MailboxEvent::Fetch;
  return std::nullopt;
}

std::optional<std::vector<std::uint64_t>> searchResultsOf(const Response& response) {
  if (response.kind != ResponseKind::Untagged) return std::nullopt;
  auto all = words(firstLine(response));
  if (all.empty() || !equalsIgnoringCase(all.front(), "SEARCH")) return std::nullopt;
  std::vector<std::uint64_t> out;
  for (std::size_t i = 1; i < all.size(); ++i) {
    auto value = number(all[i]);
    if (!value) break;
    out.push_back(*value);
  }
  return out;
}

core::Result<FetchData> parseFetch(Response response) {
  if (mailboxEventOf(response) != MailboxEvent::Fetch)
    return core::fail(Errc::Io, "FETCH response", "not a FETCH response");
  Cursor cursor(response);
  FetchData data;
  auto sequence = cursor.numberValue("the sequence number");
  if (!sequence) return tl::unexpected(sequence.error());
  data.sequence = *sequence;
  cursor.skipSpaces();
  cursor.atom();  // "FETCH", checked above
  cursor.skipSpaces();
  if (cursor.peek() != '(')
    return core::fail(Errc::Io, "FETCH response", "no parenthesised data after FETCH");
  cursor.advance();
  for (;;) {
    cursor.skipSpaces();
    if (cursor.peek() == ')') break;
    std::string name = upper(cursor.atom());
    if (name.empty()) return core::fail(Errc::Io, "FETCH response", "unterminated data list");
    cursor.skipSpaces();
    if (name == "UID" || name == "RFC822.SIZE") {
      auto value = cursor.numberValue(name);
      if (!value) return tl::unexpected(value.error());
      (name == "UID" ? data.uid : data.size) = *value;
    } else if (name == "FLAGS") {
      auto flags = cursor.atomList();
      if (!flags) return tl::unexpected(flags.error());
      data.flags = std::move(*flags);
    } else if (name.starts_with("BODY[")) {
      std::string section = name.substr(5, name.find(']') - 5);
      auto value = cursor.nstring();
      if (!value) return tl::unexpected(value.error());
      if (*value) data.sections[section] = std::move(**value);
    } else if (auto skipped = cursor.skipValue(); !skipped) {
      return tl::unexpected(skipped.error());
    }
  }
  return data;
}

bool hasFlag(const FetchData& data, std::string_view flag) {
  return std::any_of(data.flags.begin(), data.flags.end(),
                     [&](const std::string& listed) { return equalsIgnoringCase(listed, flag); });
}

bool quotable(std::string_view text) {
  return std::none_of(text.begin(), text.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte == 0 || byte == '\r' || byte == '\n' || byte >= 0x80;
  });
}

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::vector<std::string> commandChunks(std::string_view tag, std::string_view verb,
                                       const std::vector<std::string_view>& arguments) {
  std::vector<std::string> chunks;
  std::string current = std::string(tag) + " " + std::string(verb);
  for (std::string_view argument : arguments) {
    current += ' ';
    if (quotable(argument)) {
      current += quoted(argument);
      continue;
    }
    current += "{" + std::to_string(argument.size()) + "}\r\n";
    chunks.push_back(std::move(current));
    current = std::string(argument);
  }
  current += "\r\n";
  chunks.push_back(std::move(current));
  return chunks;
}

std::vector<std::string> uidSets(const std::vector<std::uint64_t>& uids, std::size_t maxChars) {
  std::vector<std::string> sets;
  std::string current;
  for (std::size_t i = 0; i < uids.size();) {
    std::size_t last = i;
    while (last + 1 < uids.size() && uids[last + 1] == uids[last] + 1) ++last;
    std::string range = std::to_string(uids[i]);
    if (last > i) range += ":" + std::to_string(uids[last]);
    if (!current.empty() && current.size() + 1 + range.size() > maxChars) {
      sets.push_back(std::move(current));
      current.clear();
    }
    current += (current.empty() ? "" : ",") + range;
    i = last + 1;
  }
  if (!current.empty()) sets.push_back(std::move(current));
  return sets;
}

}  // namespace cvdd::daemon
