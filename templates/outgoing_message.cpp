#include "templates/outgoing_message.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string_view>
#include <utility>
#include <vector>

#include "templates/mime_encoding.hpp"

namespace cvdd::templates {

namespace {

using detail::encodedWord;
using detail::encodedWordLength;
using detail::isAscii;
using detail::sanitizeUtf8;
using detail::utf8SequenceLength;

constexpr std::size_t kMaxHeaderLine = 78;   // RFC 5322 §2.1.1 "SHOULD", without CRLF
constexpr std::size_t kMaxEncodedWord = 75;  // RFC 2047 §2
constexpr std::size_t kMaxBodyLine = 998;    // RFC 5322 §2.1.1 "MUST", without CRLF
// Below this much room left on a line, an encoded word starts on a fresh line instead:
// it avoids words carrying one or two characters.
constexpr std::size_t kMinEncodedWordRoom = 24;

bool isControl(unsigned char c) {
  return c < 0x20U || c == 0x7FU;
}

// One line of header text from any input: well-formed UTF-8, every control character
// (CR and LF above all: they would start a new header) turned into a space, a run of
// line breaks into a single space, no leading or trailing blanks.
std::string oneLine(std::string_view raw) {
  const std::string text = sanitizeUtf8(raw);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' || c == '\n') {
      while (i + 1 < text.size() && (text[i + 1] == '\r' || text[i + 1] == '\n')) ++i;
      out += ' ';
    } else if (isControl(static_cast<unsigned char>(c))) {
      out += ' ';
    } else {
      out += c;
    }
  }
  const auto first = out.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  const auto last = out.find_last_not_of(' ');
  return out.substr(first, last - first + 1);
}

// An addr-spec or msg-id: a line break ends it (what follows is another line, never
// part of an address or id), and everything is removed that could end it early or start
// another one: controls, blanks, and the specials that delimit addresses and ids.
std::string bareToken(std::string_view raw, std::string_view alsoRemove) {
  const std::string text = sanitizeUtf8(raw.substr(0, raw.find_first_of("\r\n")));
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (isControl(u) || c == ' ' || alsoRemove.find(c) != std::string_view::npos) continue;
    out += c;
  }
  return out;
}

std::string addrSpec(std::string_view raw) {
  return bareToken(raw, "<>(),;:\\\"[]");
}
std::string msgId(std::string_view raw) {
  return bareToken(raw, "<>(),;\\\"[]");
}

bool isAtext(char c) {
  if (std::isalnum(static_cast<unsigned char>(c)) != 0) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool needsEncoding(std::string_view word) {
  // "=?" could be taken for an encoded word by the reader; a word longer than a line
  // could not be folded; both are safe once encoded.
  return !isAscii(word) || word.find("=?") != std::string_view::npos ||
         word.size() + 1 > kMaxHeaderLine;
}

// Builds one header field, folding at whitespace so that lines stay within 78
// characters (a single unbreakable token longer than that is written as is).
class HeaderField {
 public:
  explicit HeaderField(std::string_view name) : out_(name) {
    out_ += ':';
    column_ = out_.size();
  }

  // Text that is never split, after the whitespace ws; folding happens before ws.
  void token(std::string_view text, std::string_view ws = " ") {
    if (column_ + ws.size() + text.size() > kMaxHeaderLine && !ws.empty() && !lineFresh_) {
      fold();
    }
    out_ += ws;
    out_ += text;
    column_ += ws.size() + text.size();
    lineFresh_ = false;
  }

  // UTF-8 text as a series of RFC 2047 encoded words (a reader drops the whitespace
  // between adjacent encoded words), each at most 75 characters, no character split
  // between two words; the first word comes after the whitespace ws.
  void encoded(std::string_view text, std::string_view ws = " ") {
    std::size_t i = 0;
    bool first = true;
    while (i < text.size()) {
      const std::string_view gap = first ? ws : std::string_view(" ");
      std::size_t room = roomFor(gap);
      if (room < kMinEncodedWordRoom && !lineFresh_) {
        fold();
        room = roomFor(gap);
      }
      const std::size_t limit = std::max(std::min(room, kMaxEncodedWord), encodedWordLength(4));
      std::size_t end = i;
      while (end < text.size()) {
        const std::size_t n =
            std::min(utf8SequenceLength(static_cast<unsigned char>(text[end])), text.size() - end);
        if (end > i && encodedWordLength(end + n - i) > limit) break;
        end += n;
      }
      token(encodedWord(text.substr(i, end - i)), gap);
      i = end;
      first = false;
    }
  }

  // Unstructured text (RFC 5322 §3.2.5): the words as they are where possible, runs of
  // words that need it as encoded words; the whitespace between words is kept.
  void unstructured(std::string_view raw) {
    const std::string text = oneLine(raw);
    struct Word {
      std::string_view ws;
      std::string_view word;
    };
    std::vector<Word> words;
    const std::string_view view(text);
    std::size_t i = 0;
    while (i < view.size()) {
      const std::size_t start = view.find_first_not_of(' ', i);
      const std::size_t end = std::min(view.find(' ', start), view.size());
      words.push_back({i == 0 ? std::string_view(" ") : view.substr(i, start - i),
                       view.substr(start, end - start)});
      i = end;
    }
    for (std::size_t w = 0; w < words.size();) {
      if (!needsEncoding(words[w].word)) {
        token(words[w].word, words[w].ws);
        ++w;
        continue;
      }
      // The run of words to encode, with the whitespace between them inside the words.
      std::size_t last = w;
      while (last + 1 < words.size() && needsEncoding(words[last + 1].word)) ++last;
      const char* begin = words[w].word.data();
      const char* end = words[last].word.data() + words[last].word.size();
      encoded(std::string_view(begin, static_cast<std::size_t>(end - begin)), words[w].ws);
      w = last + 1;
    }
  }

  // A display name as an RFC 5322 phrase. ASCII: atoms as they are, else a quoted
  // string, else (contains "=?", too long to quote on one line) encoded words.
  // Non-ASCII: atoms as they are, the other words as encoded words.
  void phrase(std::string_view raw) {
    const std::string text = oneLine(raw);
    if (text.empty()) return;
    if (isAscii(text) && text.find("=?") == std::string::npos) {
      const bool atoms =
          text.find("  ") == std::string::npos &&
          std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || isAtext(c); });
      if (atoms) {
        std::size_t i = 0;
        while (i < text.size()) {
          const std::size_t end = std::min(text.find(' ', i), text.size());
          token(std::string_view(text).substr(i, end - i));
          i = end + 1;
        }
        return;
      }
      std::string quoted = "\"";
      for (const char c : text) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
      }
      quoted += '"';
      if (quoted.size() + 1 < kMaxHeaderLine) {
        token(quoted);
        return;
      }
      encoded(text);
      return;
    }
    // Atoms stay readable; each run of other words becomes encoded words, the spaces
    // of the run inside them. Fewer adjacent encoded words also spares readers that
    // keep the blank between two of them in a display name (CPython before gh-128110).
    std::vector<std::string_view> words;
    for (std::size_t i = 0; i < text.size();) {
      const std::size_t end = std::min(text.find(' ', i), text.size());
      if (end > i) words.push_back(std::string_view(text).substr(i, end - i));
      i = end + 1;
    }
    const auto isAtom = [](std::string_view word) {
      return word.find("=?") == std::string_view::npos && word.size() + 1 < kMaxHeaderLine &&
             std::all_of(word.begin(), word.end(), isAtext);
    };
    for (std::size_t w = 0; w < words.size();) {
      if (isAtom(words[w])) {
        token(words[w]);
        ++w;
        continue;
      }
      std::size_t last = w;
      while (last + 1 < words.size() && !isAtom(words[last + 1])) ++last;
      const char* begin = words[w].data();
      const char* end = words[last].data() + words[last].size();
      encoded(std::string_view(begin, static_cast<std::size_t>(end - begin)));
      w = last + 1;
    }
  }

  void addressList(const std::vector<Address>& addresses) {
    for (std::size_t i = 0; i < addresses.size(); ++i) {
      const std::string spec = addrSpec(addresses[i].address);
      const std::string comma = i + 1 < addresses.size() ? "," : "";
      if (oneLine(addresses[i].displayName).empty()) {
        token(spec + comma);
      } else {
        phrase(addresses[i].displayName);
        token("<" + spec + ">" + comma);
      }
    }
  }

  std::string finish() && {
    out_ += "\r\n";
    return std::move(out_);
  }

 private:
  std::size_t roomFor(std::string_view gap) const {
    const std::size_t used = column_ + gap.size();
    return used < kMaxHeaderLine ? kMaxHeaderLine - used : 0;
  }

  void fold() {
    // The whitespace that follows stays: unfolding (RFC 5322 §2.2.3) removes only CRLF.
    out_ += "\r\n";
    column_ = 0;
    lineFresh_ = true;
  }

  std::string out_;
  std::size_t column_ = 0;
  bool lineFresh_ = false;  // nothing but whitespace on the current line yet
};

std::string rfc5322Now() {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::array<char, 40> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%s, %02d %s %04d %02d:%02d:%02d +0000",
                kDays.at(static_cast<std::size_t>(tm.tm_wday)), tm.tm_mday,
                kMonths.at(static_cast<std::size_t>(tm.tm_mon)), tm.tm_year + 1900, tm.tm_hour,
                tm.tm_min, tm.tm_sec);
  return buffer.data();
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Headers composeMime writes itself: an extra header by one of these names would make
// a second, conflicting copy. Bcc never belongs in a message that is sent.
bool isReservedHeader(std::string_view name) {
  static constexpr std::array<std::string_view, 14> kReserved = {"Date",
                                                                 "From",
                                                                 "To",
                                                                 "Reply-To",
                                                                 "Subject",
                                                                 "Message-ID",
                                                                 "In-Reply-To",
                                                                 "References",
                                                                 "MIME-Version",
                                                                 "Content-Type",
                                                                 "Content-Transfer-Encoding",
                                                                 "Auto-Submitted",
                                                                 "Bcc",
                                                                 "Resent-Bcc"};
  return std::any_of(kReserved.begin(), kReserved.end(),
                     [&](std::string_view reserved) { return equalsIgnoreCase(reserved, name); });
}

// A field name is printable ASCII without ':' (RFC 5322 §3.6.8).
std::string fieldName(std::string_view raw) {
  std::string out;
  for (const char c : raw) {
    if (c > 32 && c < 127 && c != ':') out += c;
  }
  return out;
}

struct Body {
  std::string encoding;
  std::string bytes;
};

Body encodeBody(std::string_view raw) {
  const std::string text = detail::canonicalText(raw);

  if (!isAscii(text)) {
    std::string crlf;
    crlf.reserve(text.size() + text.size() / 32);
    for (const char c : text) {
      if (c == '\n') crlf += '\r';
      crlf += c;
    }
    return {"base64", detail::base64Lines(crlf)};
  }
  std::size_t longest = 0;
  std::size_t current = 0;
  for (const char c : text) {
    current = c == '\n' ? 0 : current + 1;
    longest = std::max(longest, current);
  }
  if (longest > kMaxBodyLine || text.find('\0') != std::string::npos) {
    return {"quoted-printable", detail::quotedPrintable(text)};
  }
  std::string crlf;
  crlf.reserve(text.size() + text.size() / 32);
  for (const char c : text) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  return {"7bit", crlf};
}

}  // namespace

namespace detail {

std::string headerBlock(const OutgoingMessage& message, std::string_view contentHeaders) {
  std::string out;
  {
    HeaderField date("Date");
    const std::string value = oneLine(message.date);
    date.unstructured(value.empty() ? rfc5322Now() : value);
    out += std::move(date).finish();
  }
  {
    HeaderField from("From");
    from.addressList({message.from});
    out += std::move(from).finish();
  }
  if (!message.to.empty()) {
    HeaderField to("To");
    to.addressList(message.to);
    out += std::move(to).finish();
  }
  if (!message.replyTo.empty()) {
    HeaderField replyTo("Reply-To");
    replyTo.addressList(message.replyTo);
    out += std::move(replyTo).finish();
  }
  {
    HeaderField subject("Subject");
    subject.unstructured(message.subject);
    out += std::move(subject).finish();
  }
  if (const std::string id = msgId(message.messageId); !id.empty()) {
    HeaderField field("Message-ID");
    field.token("<" + id + ">");
    out += std::move(field).finish();
  }
  if (const std::string id = msgId(message.inReplyTo); !id.empty()) {
    HeaderField field("In-Reply-To");
    field.token("<" + id + ">");
    out += std::move(field).finish();
  }
  {
    HeaderField references("References");
    bool any = false;
    for (const std::string& reference : message.references) {
      if (const std::string id = msgId(reference); !id.empty()) {
        references.token("<" + id + ">");
        any = true;
      }
    }
    if (any) out += std::move(references).finish();
  }
  out += contentHeaders;
  if (const std::string value = oneLine(message.autoSubmitted); !value.empty()) {
    HeaderField field("Auto-Submitted");
    field.unstructured(value);
    out += std::move(field).finish();
  }
  for (const auto& [rawName, rawValue] : message.extraHeaders) {
    const std::string name = fieldName(rawName);
    if (name.empty() || isReservedHeader(name)) continue;
    HeaderField field(name);
    field.unstructured(rawValue);
    out += std::move(field).finish();
  }
  return out;
}

}  // namespace detail

std::string composeMime(const OutgoingMessage& message) {
  const Body body = encodeBody(message.bodyText);
  std::string out = detail::headerBlock(message,
                                        "MIME-Version: 1.0\r\n"
                                        "Content-Type: text/plain; charset=UTF-8\r\n"
                                        "Content-Transfer-Encoding: " +
                                            body.encoding + "\r\n");
  out += "\r\n";
  out += body.bytes;
  return out;
}

}  // namespace cvdd::templates
