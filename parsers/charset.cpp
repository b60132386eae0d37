#include "parsers/charset.hpp"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <optional>
#include <utility>

#include "parsers/iso2022jp.hpp"
#include "parsers/text_decode.hpp"

namespace cvdd::parsers {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
// Stands for our own ISO-2022-JP → EUC-JP-MS step in a candidate list.
constexpr std::string_view kJisMs = "*JIS-MS";
// UTF-7 as some Japanese mailers write it, with "," for "/" in the base64 runs (as in
// IMAP's modified UTF-7, but shifted with "+").
constexpr std::string_view kUtf7Comma = "*UTF-7-COMMA";
constexpr std::size_t kMaxLabel = 64;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  });
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  });
  return out;
}

// A label from the wire goes to iconv_open, which also parses "//TRANSLIT"-style
// suffixes and path-like names; only plain charset names may pass.
std::optional<std::string> cleanLabel(std::string_view label) {
  auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '"' || c == '\''; };
  while (!label.empty() && isSpace(label.front())) label.remove_prefix(1);
  while (!label.empty() && isSpace(label.back())) label.remove_suffix(1);
  if (auto star = label.find('*'); star != std::string_view::npos) {
    label = label.substr(0, star);  // RFC 2231 "charset*language"
  }
  if (label.empty() || label.size() > kMaxLabel) return std::nullopt;
  for (unsigned char c : label) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == ':' || c == '+' || c == '(' ||
                    c == ')';
    if (!ok) return std::nullopt;
  }
  return lower(label);
}

struct Alias {
  std::initializer_list<std::string_view> labels;
  std::initializer_list<std::string_view> candidates;
};

// Japanese labels map to supersets because real senders (Outlook, carriers) write the
// Microsoft variants under the standard names.
const std::array<Alias, 13>& aliasTable() {
  static const std::array<Alias, 13> table{{
      {{"utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8"}, {"UTF-8"}},
      {{"us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "cp367", "csascii"},
       {"US-ASCII"}},
      {{"utf-7", "unicode-1-1-utf-7", "csunicode11utf7", "x-unicode-2-0-utf-7"},
       {"UTF-7", kUtf7Comma}},
      {{"iso-2022-jp", "csiso2022jp", "iso2022jp", "jis", "iso-2022-jp-1", "iso-2022-jp-ms",
        "cp50220", "cp50221", "cp50222", "x-cp50220", "x-cp50221"},
       {"ISO-2022-JP", "ISO-2022-JP-2", "ISO-2022-JP-3", kJisMs}},
      {{"iso-2022-jp-2", "csiso2022jp2"}, {"ISO-2022-JP-2", "ISO-2022-JP-3", kJisMs}},
      {{"iso-2022-jp-3"}, {"ISO-2022-JP-3", kJisMs}},
      {{"shift_jis", "shift-jis", "sjis", "x-sjis", "windows-31j", "ms_kanji", "csshiftjis",
        "cswindows31j", "cp932", "ms932", "x-ms-cp932", "ibm-943", "shift_jisx0213"},
       {"CP932", "SHIFT_JISX0213"}},
      {{"euc-jp", "x-euc-jp", "eucjp", "cseucpkdfmtjapanese", "euc-jp-ms", "eucjp-ms",
        "euc-jisx0213"},
       {"EUC-JP", "EUC-JP-MS", "EUC-JISX0213"}},
      {{"gb2312", "gbk", "gb18030", "euc-cn", "x-gbk", "cp936", "csgb2312", "chinese", "gb_2312-80",
        "x-euc-cn", "windows-936"},
       {"GB18030"}},
      {{"big5", "x-big5", "cn-big5", "csbig5", "big5-hkscs", "cp950", "x-x-big5"},
       {"BIG5", "CP950", "BIG5-HKSCS"}},
      {{"euc-kr", "ks_c_5601-1987", "ks_c_5601", "ksc5601", "korean", "cseuckr", "csksc56011987",
        "cp949", "uhc", "windows-949", "ks_c_5601-1989"},
       {"CP949"}},
      {{"latin1", "l1", "iso8859-1", "iso_8859-1", "iso-8859-1", "cp819", "iso-ir-100"},
       {"ISO-8859-1"}},
      {{"x-mac-japanese", "macjapanese"}, {"CP932"}},
  }};
  return table;
}

std::vector<std::string> candidatesFor(const std::string& label) {
  for (const auto& alias : aliasTable()) {
    if (std::find(alias.labels.begin(), alias.labels.end(), label) != alias.labels.end()) {
      return {alias.candidates.begin(), alias.candidates.end()};
    }
  }
  // "windows-1252" and "x-cp1252" are spelled CP1252 in glibc.
  for (std::string_view prefix : {"windows-", "x-cp", "cp-"}) {
    if (label.starts_with(prefix)) return {"CP" + upper(label.substr(prefix.size()))};
  }
  return {upper(label)};
}

class IconvHandle {
 public:
  explicit IconvHandle(const std::string& from) : cd_(iconv_open("UTF-8", from.c_str())) {}
  ~IconvHandle() {
    if (valid()) iconv_close(cd_);
  }
  IconvHandle(const IconvHandle&) = delete;
  IconvHandle& operator=(const IconvHandle&) = delete;
  bool valid() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

enum class Outcome { Ok, Unknown, Invalid };

struct Conversion {
  Outcome outcome = Outcome::Ok;
  std::string text;
  std::size_t badOffset = 0;
};

// Any UTF-8 output is at most 4 bytes per input byte (U+FFFD is 3); a larger result
// means the converter misbehaves, and we stop rather than grow without bound.
std::size_t outputCap(std::size_t inputSize) {
  return inputSize * 8 + 64;
}

// iconv is handed the input a window at a time. A lossy conversion of hostile text calls
// iconv once per invalid byte; each call given the whole rest of the input costs whatever
// the implementation does with that range up front (ASan's interceptor checks all of it),
// which made 3 MB of bytes invalid in UTF-7 take 32 s where 800 KB took 4 s. A window is
// far longer than any multibyte sequence, so a sequence cut by its end is completed by the
// next window.
constexpr std::size_t kIconvWindow = 4096;

Conversion iconvConvert(std::string_view bytes, const std::string& from, bool lossy) {
  Conversion result;
  IconvHandle cd(from);
  if (!cd.valid()) {
    result.outcome = Outcome::Unknown;
    return result;
  }
  std::array<char, 16384> chunk{};
  // iconv's API is not const-correct; it never writes through the input pointer.
  char* in = const_cast<char*>(bytes.data());
  std::size_t inLeft = bytes.size();
  const std::size_t cap = outputCap(bytes.size());
  bool flushing = false;
  while (true) {
    char* out = chunk.data();
    std::size_t outLeft = chunk.size();
    const std::size_t window = std::min(inLeft, kIconvWindow);
    std::size_t windowLeft = window;
    const std::size_t rc = flushing ? iconv(cd.get(), nullptr, nullptr, &out, &outLeft)
                                    : iconv(cd.get(), &in, &windowLeft, &out, &outLeft);
    const int err = errno;
    inLeft -= window - windowLeft;
    result.text.append(chunk.data(), chunk.size() - outLeft);
    if (result.text.size() > cap) {
      result.outcome = Outcome::Invalid;
      result.badOffset = bytes.size() - inLeft;
      return result;
    }
    if (rc != static_cast<std::size_t>(-1)) {
      if (flushing) break;
      if (inLeft == 0) {
        flushing = true;  // stateful encodings may still owe a shift back to ASCII
      }
      continue;
    }
    if (err == E2BIG) continue;
    // A sequence cut by the window's end, not the input's: the next window holds all of it.
    const bool cutByWindow = err == EINVAL && inLeft > windowLeft;
    if (cutByWindow && windowLeft < window) continue;
    // EILSEQ, or EINVAL (a sequence cut short at the end)
    if (!lossy) {
      result.outcome = Outcome::Invalid;
      result.badOffset = bytes.size() - inLeft;
      return result;
    }
    result.text += kReplacement;
    if ((err == EINVAL && !cutByWindow) || inLeft == 0) break;
    ++in;
    --inLeft;
    if (inLeft == 0) flushing = true;
  }
  return result;
}

Conversion convertOne(std::string_view bytes, const std::string& name, bool lossy) {
  Conversion result;
  if (name == "UTF-8") {
    if (detail::isValidUtf8(bytes)) {
      result.text = std::string(bytes);
    } else if (lossy) {
      result.text = detail::utf8Lossy(bytes);
    } else {
      result.outcome = Outcome::Invalid;
      // The first offending byte ends the longest valid prefix, found in one pass (a
      // binary search over prefixes read the text log2(size) times).
      result.badOffset = detail::validUtf8Prefix(bytes);
    }
    return result;
  }
  if (name == "US-ASCII") {
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      const auto c = static_cast<unsigned char>(bytes[i]);
      if (c < 0x80) {
        result.text += static_cast<char>(c);
      } else if (lossy) {
        result.text += kReplacement;
      } else {
        result.outcome = Outcome::Invalid;
        result.badOffset = i;
        return result;
      }
    }
    return result;
  }
  if (name == kUtf7Comma) {
    std::string fixed(bytes);
    bool shifted = false;
    for (char& c : fixed) {
      if (c == '+') shifted = true;
      if (c == '-' || c == ' ' || c == '\r' || c == '\n') shifted = false;
      if (shifted && c == ',') c = '/';
    }
    return iconvConvert(fixed, "UTF-7", lossy);
  }
  if (name == kJisMs) {
    auto euc = detail::iso2022JpToEucJpMs(bytes);
    if (!euc) {
      result.outcome = Outcome::Invalid;
      return result;
    }
    return iconvConvert(*euc, "EUC-JP-MS", lossy);
  }
  return iconvConvert(bytes, name, lossy);
}

}  // namespace

core::Result<std::string> toUtf8(std::string_view bytes, std::string_view charset) {
  const auto label = cleanLabel(charset);
  const std::string shown(charset.substr(0, kMaxLabel));
  if (!label) {
    return core::fail(core::Errc::BadCharset, "charset " + shown, "unusable charset label");
  }
  std::optional<Conversion> firstFailure;
  bool anyKnown = false;
  for (const auto& name : candidatesFor(*label)) {
    Conversion conv = convertOne(bytes, name, false);
    if (conv.outcome == Outcome::Ok) return std::move(conv.text);
    if (conv.outcome == Outcome::Invalid) {
      anyKnown = true;
      if (!firstFailure) firstFailure = std::move(conv);
    }
  }
  if (!anyKnown) {
    return core::fail(core::Errc::BadCharset, "charset " + shown, "unknown charset");
  }
  return core::fail(core::Errc::BadCharset,
                    "charset " + shown + " @ byte " + std::to_string(firstFailure->badOffset),
                    "invalid byte sequence");
}

std::string toUtf8Lossy(std::string_view bytes, std::string_view charset,
                        std::vector<std::string>* warnings) {
  auto warn = [&](std::string w) {
    if (warnings != nullptr) warnings->push_back(std::move(w));
  };
  const std::string shown(charset.substr(0, kMaxLabel));
  const auto label = cleanLabel(charset);
  std::vector<std::string> candidates;
  if (label) candidates = candidatesFor(*label);
  std::optional<std::string> firstKnown;
  for (const auto& name : candidates) {
    Conversion conv = convertOne(bytes, name, false);
    if (conv.outcome == Outcome::Ok) return std::move(conv.text);
    if (conv.outcome == Outcome::Invalid && !firstKnown) firstKnown = name;
  }
  if (firstKnown) {
    warn("invalid bytes for charset " + shown + " replaced");
    Conversion conv = convertOne(bytes, *firstKnown, true);
    if (conv.outcome == Outcome::Ok) return std::move(conv.text);
    return detail::utf8Lossy(bytes);
  }
  if (detail::isValidUtf8(bytes)) {
    warn("unknown charset " + shown + ", read as UTF-8");
    return std::string(bytes);
  }
  warn("unknown charset " + shown + ", read as Latin-1");
  return convertOne(bytes, "ISO-8859-1", true).text;
}

}  // namespace cvdd::parsers
