#include "parsers/report_form.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "parsers/text_decode.hpp"

namespace cvdd::parsers {

namespace detail {

namespace {

// A label is short: longer text before a colon is a sentence, not a form's label.
constexpr std::size_t kMaxLabelBytes = 160;
constexpr std::size_t kMaxLabelWords = 15;

constexpr std::string_view kFullWidthColon = "\xEF\xBC\x9A";     // ：
constexpr std::string_view kFullWidthQuestion = "\xEF\xBC\x9F";  // ？
constexpr std::string_view kFullWidthOpen = "\xEF\xBC\x88";      // （
constexpr std::string_view kFullWidthClose = "\xEF\xBC\x89";     // ）
constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";   // U+3000

// One code point at text[i] (text is valid UTF-8); len 0 at the end.
std::uint32_t codePointAt(std::string_view text, std::size_t i, std::size_t* len) {
  if (i >= text.size()) {
    *len = 0;
    return 0;
  }
  const auto c = static_cast<unsigned char>(text[i]);
  const auto cont = [&](std::size_t k) {
    return i + k < text.size() ? static_cast<std::uint32_t>(text[i + k] & 0x3f) : 0u;
  };
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  if (c >= 0xf0) {
    *len = std::min<std::size_t>(4, text.size() - i);
    return ((c & 0x07u) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
  }
  if (c >= 0xe0) {
    *len = std::min<std::size_t>(3, text.size() - i);
    return ((c & 0x0fu) << 12) | (cont(1) << 6) | cont(2);
  }
  *len = std::min<std::size_t>(2, text.size() - i);
  return ((c & 0x1fu) << 6) | cont(1);
}

bool isAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isAsciiAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string_view dropPrefix(std::string_view s, std::size_t n) {
  return trimSpace(s.substr(std::min(n, s.size())));
}

// "-", "*", "+", "•", "・", "■", "□", "●", "○", "◆", "◇", "▪", "▶", "#" before a label.
std::string_view stripListMarker(std::string_view s) {
  static constexpr std::array<std::string_view, 12> kMarkers = {
      "\xE2\x80\xA2", "\xE3\x83\xBB", "\xE2\x96\xA0", "\xE2\x96\xA1",
      "\xE2\x97\x8F", "\xE2\x97\x8B", "\xE2\x97\x86", "\xE2\x97\x87",
      "\xE2\x96\xAA", "\xE2\x96\xB6", "\xEF\xBC\x8A", "\xE2\x80\xBB"};
  for (int pass = 0; pass < 4 && !s.empty(); ++pass) {
    if (s[0] == '-' || s[0] == '+' || s[0] == '#' || s[0] == '*') {
      std::size_t n = 0;
      while (n < s.size() && n < 8 && s[n] == s[0]) ++n;
      s = dropPrefix(s, n);
      continue;
    }
    bool stripped = false;
    for (std::string_view m : kMarkers) {
      if (s.starts_with(m)) {
        s = dropPrefix(s, m.size());
        stripped = true;
        break;
      }
    }
    if (!stripped) break;
  }
  return s;
}

bool isKatakana(std::uint32_t cp) {
  return cp >= 0x30a1 && cp <= 0x30fa;
}
bool isCircledNumber(std::uint32_t cp) {
  return cp >= 0x2460 && cp <= 0x2473;
}
bool isFullWidthDigit(std::uint32_t cp) {
  return cp >= 0xff10 && cp <= 0xff19;
}

// One enumerator token at s: a katakana, one or two (full-width) digits, or one ASCII
// letter (letters only inside parentheses or before ")"). Returns its byte length or 0.
std::size_t enumeratorLength(std::string_view s, bool allowLetter) {
  std::size_t len = 0;
  const std::uint32_t cp = codePointAt(s, 0, &len);
  if (isKatakana(cp)) return len;
  if (allowLetter && len == 1 && isAsciiAlpha(s[0])) return 1;
  std::size_t total = 0;
  for (int k = 0; k < 2; ++k) {
    std::size_t l = 0;
    const std::uint32_t d = codePointAt(s, total, &l);
    if (!(d >= '0' && d <= '9') && !isFullWidthDigit(d)) break;
    total += l;
  }
  return total;
}

// "(ア)", "（１）", "(a)", "ア)", "ア．", "1.", "1)", "１．", "①" before a label.
std::string_view stripNumbering(std::string_view s) {
  for (int pass = 0; pass < 3 && !s.empty(); ++pass) {
    std::size_t len = 0;
    const std::uint32_t first = codePointAt(s, 0, &len);
    if (isCircledNumber(first)) {
      s = dropPrefix(s, len);
      continue;
    }
    std::size_t open = 0;
    if (s.starts_with("(")) open = 1;
    if (s.starts_with(kFullWidthOpen)) open = kFullWidthOpen.size();
    if (open != 0) {
      const std::size_t n = enumeratorLength(s.substr(open), true);
      if (n == 0) break;
      const std::string_view after = s.substr(open + n);
      if (after.starts_with(")")) {
        s = dropPrefix(s, open + n + 1);
      } else if (after.starts_with(kFullWidthClose)) {
        s = dropPrefix(s, open + n + kFullWidthClose.size());
      } else {
        break;
      }
      continue;
    }
    const std::size_t n = enumeratorLength(s, true);
    if (n == 0) break;
    const std::string_view after = s.substr(n);
    const bool letter = n == 1 && isAsciiAlpha(s[0]);
    std::size_t close = 0;
    if (after.starts_with(")")) close = 1;
    if (after.starts_with(kFullWidthClose)) close = kFullWidthClose.size();
    if (!letter && close == 0) {
      if (after.starts_with(".") && !(after.size() > 1 && isDigit(after[1]))) close = 1;
      if (after.starts_with("\xEF\xBC\x8E")) close = 3;  // ．
      if (after.starts_with("\xE3\x80\x81")) close = 3;  // 、
    }
    if (close == 0) break;
    s = dropPrefix(s, n + close);
  }
  return s;
}

std::string_view trimStars(std::string_view s) {
  while (!s.empty() && (s.front() == '*' || s.front() == '_')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == '*' || s.back() == '_')) s.remove_suffix(1);
  return trimSpace(s);
}

}  // namespace

std::string formText(std::string_view body, std::vector<std::string>* warnings) {
  std::string_view slice = body;
  if (slice.size() > kMaxFormBytes) {
    slice = slice.substr(0, kMaxFormBytes);
    warnings->push_back("body longer than " + std::to_string(kMaxFormBytes) +
                        " bytes: only the first " + std::to_string(kMaxFormBytes) + " read");
  }
  const std::string valid = utf8Lossy(slice);
  std::string lf;
  lf.reserve(valid.size());
  for (std::size_t i = 0; i < valid.size(); ++i) {
    if (valid[i] == '\r') {
      lf += '\n';
      if (i + 1 < valid.size() && valid[i + 1] == '\n') ++i;
    } else {
      lf += valid[i];
    }
  }
  return scrubControls(lf, true);
}

std::string foldForMatch(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pendingSpace = false;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t len = 0;
    const std::uint32_t cp = codePointAt(text, i, &len);
    char ascii = 0;
    bool space = false;
    if (cp < 0x80) {
      ascii = static_cast<char>(cp);
      space = isAsciiSpace(ascii);
    } else if (cp >= 0xff01 && cp <= 0xff5e) {
      ascii = static_cast<char>(cp - 0xfee0);
    } else if (cp == 0x3000) {
      space = true;
    }
    if (space) {
      pendingSpace = !out.empty();
    } else {
      if (pendingSpace) out += ' ';
      pendingSpace = false;
      if (ascii != 0) {
        out += (ascii >= 'A' && ascii <= 'Z') ? static_cast<char>(ascii - 'A' + 'a') : ascii;
      } else {
        out.append(text.substr(i, len));
      }
    }
    i += len;
  }
  return out;
}

std::string withoutParentheticals(std::string_view folded) {
  std::string out;
  out.reserve(folded.size());
  int depth = 0;
  for (char c : folded) {
    if (c == '(') {
      ++depth;
    } else if (c == ')' && depth > 0) {
      --depth;
    } else if (depth == 0) {
      out += c;
    }
  }
  return out;
}

std::string_view trimSpace(std::string_view text) {
  for (;;) {
    if (!text.empty() && isAsciiSpace(text.front())) {
      text.remove_prefix(1);
    } else if (text.starts_with(kIdeographicSpace)) {
      text.remove_prefix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!text.empty() && isAsciiSpace(text.back())) {
      text.remove_suffix(1);
    } else if (text.ends_with(kIdeographicSpace)) {
      text.remove_suffix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  return text;
}

std::optional<LabelledLine> splitLabel(std::string_view line) {
  std::string_view s = stripNumbering(stripListMarker(trimSpace(line)));
  if (s.empty()) return std::nullopt;
  // Bracketed labels: "【製品名】ExampleShop", "[Product] ExampleShop".
  const std::string_view open = s.starts_with("\xE3\x80\x90") ? "\xE3\x80\x90" : "[";
  const std::string_view close = open == "[" ? "]" : "\xE3\x80\x91";
  if (s.starts_with(open)) {
    const std::size_t end = s.find(close, open.size());
    if (end == std::string_view::npos || end > kMaxLabelBytes) return std::nullopt;
    std::string_view value = trimSpace(s.substr(end + close.size()));
    if (value.starts_with(":")) value = trimSpace(value.substr(1));
    if (value.starts_with(kFullWidthColon)) value = trimSpace(value.substr(kFullWidthColon.size()));
    const std::string_view label = trimSpace(s.substr(open.size(), end - open.size()));
    if (label.empty()) return std::nullopt;
    return LabelledLine{label, value, false};
  }
  // The first colon (or question mark) outside parentheses: "Status (a: b): x".
  int depth = 0;
  const std::size_t limit = std::min(s.size(), kMaxLabelBytes + 4);
  for (std::size_t i = 0; i < limit; ++i) {
    const std::string_view at = s.substr(i);
    if (at.starts_with("(") || at.starts_with(kFullWidthOpen)) {
      ++depth;
      continue;
    }
    if ((at.starts_with(")") || at.starts_with(kFullWidthClose)) && depth > 0) {
      --depth;
      continue;
    }
    if (depth > 0) continue;
    std::size_t sep = 0;
    bool question = false;
    if (at.starts_with(":")) sep = 1;
    if (at.starts_with(kFullWidthColon)) sep = kFullWidthColon.size();
    if (at.starts_with("?")) sep = 1, question = true;
    if (at.starts_with(kFullWidthQuestion)) sep = kFullWidthQuestion.size(), question = true;
    if (sep == 0) continue;
    if (i > kMaxLabelBytes) return std::nullopt;
    const std::string_view label = trimStars(s.substr(0, i));
    std::string_view value = trimSpace(s.substr(i + sep));
    if (question) {
      // "May I be credited?: yes" and "May I be credited? yes" both.
      if (value.starts_with(":")) value = trimSpace(value.substr(1));
      if (value.starts_with(kFullWidthColon)) {
        value = trimSpace(value.substr(kFullWidthColon.size()));
      }
    }
    while (!value.empty() && (value.front() == '*' || value.front() == '_')) {
      value = trimSpace(value.substr(1));
    }
    if (label.empty()) return std::nullopt;
    return LabelledLine{label, value, question};
  }
  return std::nullopt;
}

bool appendBounded(std::string& to, std::string_view text, std::size_t max) {
  if (to.size() >= max) return text.empty();
  const std::size_t room = max - to.size();
  if (text.size() <= room) {
    to.append(text);
    return true;
  }
  std::size_t cut = room;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
  to.append(text.substr(0, cut));
  return false;
}

std::string labelKey(std::string_view rawLabel) {
  if (rawLabel.size() > kMaxLabelBytes) return {};
  std::string folded = foldForMatch(rawLabel);
  if (folded.find("\xE3\x80\x82") != std::string::npos) return {};  // 。: a sentence
  if (folded.find(". ") != std::string::npos) return {};
  folded = withoutParentheticals(folded);
  std::string key = " ";
  std::size_t words = 1;
  for (char c : folded) {
    if (c == '.' || c == ':' || c == '?' || c == '!' || c == '*' || c == '_' || c == '"' ||
        c == '\'' || c == '`' || c == '#' || c == '[' || c == ']') {
      c = ' ';
    }
    if (c == ' ' && key.back() == ' ') continue;
    if (c == ' ') ++words;
    key += c;
  }
  if (key.back() != ' ') key += ' ';
  if (key.size() <= 2 || words > kMaxLabelWords) return {};
  return key;
}

// A paragraph that starts like this is the letter's closing, not part of a field.
constexpr std::array<std::string_view, 14> kClosings = {
    "regards",        "best regards", "kind regards", "best wishes", "thanks",
    "thank you",      "sincerely",    "cheers",       "yours",       "best,",
    "よろしくお願い", "宜しくお願い", "以上",         "敬具"};

bool isLetterClosing(std::string_view line) {
  const std::string folded =
      foldForMatch(trimSpace(line).substr(0, std::min<std::size_t>(line.size(), 64)));
  for (std::string_view c : kClosings) {
    if (folded.starts_with(c)) return true;
  }
  return false;
}

bool isSignatureDelimiter(std::string_view line) {
  return line == "-- " || line == "--";
}

}  // namespace detail

namespace {

using detail::foldForMatch;
using detail::trimSpace;

// ---------------------------------------------------------------------------------------
// Yes/no answers.

// Japanese answers, matched as prefixes of the folded answer; the longest match wins, so
// "不可" beats "可" and "同意しない" beats "同意".
struct JaAnswer {
  std::string_view text;
  Consent consent;
};
constexpr std::array kJaAnswers = {
    JaAnswer{"不許可", Consent::No},        JaAnswer{"不可", Consent::No},
    JaAnswer{"不同意", Consent::No},        JaAnswer{"同意しない", Consent::No},
    JaAnswer{"同意しません", Consent::No},  JaAnswer{"同意できない", Consent::No},
    JaAnswer{"同意不可", Consent::No},      JaAnswer{"希望しない", Consent::No},
    JaAnswer{"希望しません", Consent::No},  JaAnswer{"希望せず", Consent::No},
    JaAnswer{"望まない", Consent::No},      JaAnswer{"望みません", Consent::No},
    JaAnswer{"いいえ", Consent::No},        JaAnswer{"否", Consent::No},
    JaAnswer{"拒否", Consent::No},          JaAnswer{"なし", Consent::No},
    JaAnswer{"無し", Consent::No},          JaAnswer{"無", Consent::No},
    JaAnswer{"ない", Consent::No},          JaAnswer{"ありません", Consent::No},
    JaAnswer{"しない", Consent::No},        JaAnswer{"しません", Consent::No},
    JaAnswer{"不要", Consent::No},          JaAnswer{"匿名", Consent::No},
    JaAnswer{"非公開", Consent::No},        JaAnswer{"未提供", Consent::No},
    JaAnswer{"許可", Consent::Yes},         JaAnswer{"可", Consent::Yes},
    JaAnswer{"はい", Consent::Yes},         JaAnswer{"同意", Consent::Yes},
    JaAnswer{"希望", Consent::Yes},         JaAnswer{"あり", Consent::Yes},
    JaAnswer{"有り", Consent::Yes},         JaAnswer{"有", Consent::Yes},
    JaAnswer{"承諾", Consent::Yes},         JaAnswer{"問題なし", Consent::Yes},
    JaAnswer{"問題ない", Consent::Yes},     JaAnswer{"問題ありません", Consent::Yes},
    JaAnswer{"構わない", Consent::Yes},     JaAnswer{"構いません", Consent::Yes},
    JaAnswer{"かまいません", Consent::Yes}, JaAnswer{"公開可", Consent::Yes},
    JaAnswer{"公表可", Consent::Yes},       JaAnswer{"実名", Consent::Yes},
    JaAnswer{"提供済", Consent::Yes},       JaAnswer{"提供中", Consent::Yes},
    JaAnswer{"不明", Consent::Unknown},     JaAnswer{"未確認", Consent::Unknown},
    JaAnswer{"未定", Consent::Unknown},     JaAnswer{"わから", Consent::Unknown},
    JaAnswer{"分から", Consent::Unknown},   JaAnswer{"確認中", Consent::Unknown},
    JaAnswer{"調査中", Consent::Unknown},
};

constexpr std::array<std::string_view, 27> kYesWords = {
    "yes",       "y",         "yeah",      "yep",      "agree",   "agreed", "consent",
    "consented", "ok",        "okay",      "sure",     "allowed", "allow",  "permitted",
    "permit",    "accept",    "accepted",  "true",     "granted", "fine",   "affirmative",
    "observed",  "confirmed", "available", "released", "exists",  "public"};
constexpr std::array<std::string_view, 24> kNoWords = {
    "no",        "n",           "nope",    "not",      "none",    "never",  "disagree", "disagreed",
    "decline",   "declined",    "refuse",  "refused",  "deny",    "denied", "false",    "ng",
    "anonymous", "anonymously", "private", "negative", "nothing", "nobody", "dont",     "without"};
constexpr std::array<std::string_view, 8> kUnknownWords = {
    "unknown", "unsure", "undecided", "tbd", "tba", "maybe", "unclear", "pending"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

std::vector<std::string_view> asciiWords(std::string_view s, std::size_t max) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < s.size() && words.size() < max) {
    while (i < s.size() && !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'))) {
      if (static_cast<unsigned char>(s[i]) >= 0x80) return words;  // Japanese: stop here
      ++i;
    }
    const std::size_t start = i;
    while (i < s.size() && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'))) ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

// One folded answer, no checkbox or alternatives handling.
Consent classifyAnswer(std::string_view s) {
  // Leading quotes and brackets: "「可」", "(yes)", "'no'".
  for (;;) {
    if (!s.empty() && (s[0] == '(' || s[0] == '[' || s[0] == '"' || s[0] == '\'' || s[0] == '*' ||
                       s[0] == ' ' || s[0] == '<')) {
      s.remove_prefix(1);
    } else if (s.starts_with("\xE3\x80\x8C") || s.starts_with("\xE3\x80\x90") ||
               s.starts_with("\xE3\x80\x8E")) {  // 「 【 『
      s.remove_prefix(3);
    } else {
      break;
    }
  }
  if (s.empty()) return Consent::Unknown;
  if (s.starts_with("n/a")) return Consent::Unknown;
  if (static_cast<unsigned char>(s[0]) >= 0x80) {
    std::size_t best = 0;
    Consent consent = Consent::Unknown;
    for (const JaAnswer& a : kJaAnswers) {
      if (a.text.size() > best && s.starts_with(a.text)) {
        best = a.text.size();
        consent = a.consent;
      }
    }
    return consent;
  }
  const auto words = asciiWords(s, 8);
  std::size_t k = 0;
  // Fillers and auxiliaries: "I agree", "we do not consent", "please don't", "can't".
  for (; k < words.size(); ++k) {
    const std::string_view w = words[k];
    const std::string_view next = k + 1 < words.size() ? words[k + 1] : std::string_view{};
    if (w == "don" || w == "won" || w == "cannot") return Consent::No;
    const bool auxiliary = w == "do" || w == "does" || w == "can" || w == "will" || w == "may";
    if (auxiliary && (next == "not" || next == "t" || next == "n")) return Consent::No;
    if (!auxiliary && w != "i" && w != "we" && w != "please") break;
  }
  if (k >= words.size()) return Consent::Unknown;
  const std::string_view w = words[k];
  const std::string_view next = k + 1 < words.size() ? words[k + 1] : std::string_view{};
  if (contains(kUnknownWords, w)) return Consent::Unknown;
  if (w == "not" &&
      (next == "sure" || next == "known" || next == "decided" || next == "applicable")) {
    return Consent::Unknown;
  }
  if (w == "no" && (next == "idea" || next == "answer")) return Consent::Unknown;
  if (contains(kYesWords, w)) return Consent::Yes;
  if (contains(kNoWords, w)) return Consent::No;
  return Consent::Unknown;
}

// Marks that tick a choice in "[x] yes [ ] no", "■はい □いいえ", "☑可 ☐不可".
constexpr std::array<std::string_view, 9> kTickMarks = {
    "[x]",          "[v]",          "[*]",          "[\xE2\x9C\x93]", "[\xE2\x9C\x94]",
    "\xE2\x96\xA0", "\xE2\x98\x91", "\xE2\x98\x92", "\xE2\x9C\x94"};

}  // namespace

Consent parseConsent(std::string_view answer) {
  // The first non-blank line only: what follows is commentary.
  std::string_view first;
  std::size_t pos = 0;
  while (pos <= answer.size()) {
    const std::size_t nl = answer.find('\n', pos);
    const std::string_view line = trimSpace(
        answer.substr(pos, nl == std::string_view::npos ? answer.size() - pos : nl - pos));
    if (!line.empty()) {
      first = line;
      break;
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  if (first.empty()) return Consent::Unknown;
  const std::string s = foldForMatch(first.substr(0, std::min<std::size_t>(first.size(), 300)));
  for (std::string_view mark : kTickMarks) {
    const std::size_t at = s.find(mark);
    if (at != std::string::npos) {
      return classifyAnswer(std::string_view(s).substr(at + mark.size()));
    }
  }
  const Consent consent = classifyAnswer(s);
  // "yes / no", "可／不可", "y/n": the choices are still there, nothing was chosen.
  const std::size_t slash = s.rfind('/');
  if (consent != Consent::Unknown && slash != std::string::npos) {
    const Consent other = classifyAnswer(std::string_view(s).substr(slash + 1));
    if (other != Consent::Unknown && other != consent) return Consent::Unknown;
  }
  return consent;
}

std::string_view consentName(Consent consent) {
  switch (consent) {
    case Consent::Yes:
      return "yes";
    case Consent::No:
      return "no";
    case Consent::Unknown:
      break;
  }
  return "unknown";
}

namespace {

// ---------------------------------------------------------------------------------------
// Labels.

enum class Field {
  None,
  Name,
  Contact,
  ShareIdentity,
  VendorContact,
  PublishName,
  Vendor,
  Product,
  Version,
  Vulnerability,
  PersonalData,
  OtherOrganisations,
  OtherFacts,
  Exploitation,
};

bool isLong(Field f) {
  return f == Field::Vulnerability || f == Field::PersonalData || f == Field::OtherOrganisations ||
         f == Field::OtherFacts;
}

bool isConsent(Field f) {
  return f == Field::ShareIdentity || f == Field::VendorContact || f == Field::PublishName ||
         f == Field::Exploitation;
}

struct LabelWord {
  std::string_view text;  // matched anywhere in " label " (spaces mark word edges)
  Field field;
};

// First match wins: the specific phrases come before the generic words they contain
// ("May the vendor contact me" before "contact", "製品開発者への連絡先の開示" before
// "連絡先" and "製品").
constexpr std::array kLabelWords = {
    // Evidence, not the exploitation question.
    LabelWord{"proof of concept", Field::Vulnerability},
    LabelWord{" poc ", Field::Vulnerability},
    LabelWord{"exploit code", Field::Vulnerability},
    LabelWord{"exploit script", Field::Vulnerability},
    LabelWord{"personal data", Field::PersonalData},
    LabelWord{"personal information", Field::PersonalData},
    LabelWord{"privacy", Field::PersonalData},
    LabelWord{"個人情報", Field::PersonalData},
    LabelWord{"exploit", Field::Exploitation},
    LabelWord{"in the wild", Field::Exploitation},
    LabelWord{"attack observed", Field::Exploitation},
    LabelWord{"attacks observed", Field::Exploitation},
    LabelWord{"observed attack", Field::Exploitation},
    LabelWord{"悪用", Field::Exploitation},
    LabelWord{"攻撃の観測", Field::Exploitation},
    LabelWord{"攻撃観測", Field::Exploitation},
    LabelWord{"攻撃の有無", Field::Exploitation},
    LabelWord{"観測", Field::Exploitation},
    LabelWord{"other organi", Field::OtherOrganisations},
    LabelWord{"other parties", Field::OtherOrganisations},
    LabelWord{"other party", Field::OtherOrganisations},
    LabelWord{"other vendor", Field::OtherOrganisations},
    LabelWord{"other coordinat", Field::OtherOrganisations},
    LabelWord{"reported to", Field::OtherOrganisations},
    LabelWord{"reported elsewhere", Field::OtherOrganisations},
    LabelWord{"notified", Field::OtherOrganisations},
    LabelWord{"他の組織", Field::OtherOrganisations},
    LabelWord{"他組織", Field::OtherOrganisations},
    LabelWord{"他機関", Field::OtherOrganisations},
    LabelWord{"他の機関", Field::OtherOrganisations},
    LabelWord{"届出の状況", Field::OtherOrganisations},
    LabelWord{"届出状況", Field::OtherOrganisations},
    LabelWord{"への届出", Field::OtherOrganisations},
    LabelWord{"への届け出", Field::OtherOrganisations},
    LabelWord{"contact me", Field::VendorContact},
    LabelWord{"contact you", Field::VendorContact},
    LabelWord{"contact the reporter", Field::VendorContact},
    LabelWord{"directly", Field::VendorContact},
    LabelWord{"direct contact", Field::VendorContact},
    LabelWord{"直接", Field::VendorContact},
    LabelWord{"passed to", Field::ShareIdentity},
    LabelWord{"passed on", Field::ShareIdentity},
    LabelWord{"pass on", Field::ShareIdentity},
    LabelWord{"pass my", Field::ShareIdentity},
    LabelWord{"share my", Field::ShareIdentity},
    LabelWord{"shared with", Field::ShareIdentity},
    LabelWord{"disclose", Field::ShareIdentity},
    LabelWord{"disclosure of my", Field::ShareIdentity},
    LabelWord{"forward my", Field::ShareIdentity},
    LabelWord{"identity", Field::ShareIdentity},
    LabelWord{"reveal", Field::ShareIdentity},
    LabelWord{"開示", Field::ShareIdentity},
    LabelWord{"通知の可否", Field::ShareIdentity},
    LabelWord{"への通知", Field::ShareIdentity},
    LabelWord{"製品開発者への連絡先", Field::ShareIdentity},
    LabelWord{"製品開発者への氏名", Field::ShareIdentity},
    LabelWord{"publish", Field::PublishName},
    LabelWord{"credit", Field::PublishName},
    LabelWord{"acknowledg", Field::PublishName},
    LabelWord{"公表", Field::PublishName},
    LabelWord{"謝辞", Field::PublishName},
    LabelWord{"掲載", Field::PublishName},
    LabelWord{"クレジット", Field::PublishName},
    LabelWord{"氏名の公開", Field::PublishName},
    LabelWord{"名前の公開", Field::PublishName},
    LabelWord{"other", Field::OtherFacts},
    LabelWord{"additional", Field::OtherFacts},
    LabelWord{"remarks", Field::OtherFacts},
    LabelWord{" notes ", Field::OtherFacts},
    LabelWord{" comments ", Field::OtherFacts},
    LabelWord{"user base", Field::OtherFacts},
    LabelWord{"number of users", Field::OtherFacts},
    LabelWord{"critical infrastructure", Field::OtherFacts},
    LabelWord{"references", Field::OtherFacts},
    LabelWord{"その他", Field::OtherFacts},
    LabelWord{"参考", Field::OtherFacts},
    LabelWord{"備考", Field::OtherFacts},
    LabelWord{"補足", Field::OtherFacts},
    LabelWord{"利用者", Field::OtherFacts},
    LabelWord{"重要インフラ", Field::OtherFacts},
    LabelWord{" vendor", Field::Vendor},
    LabelWord{"manufacturer", Field::Vendor},
    LabelWord{"developer", Field::Vendor},
    LabelWord{"開発者", Field::Vendor},
    LabelWord{"ベンダ", Field::Vendor},
    LabelWord{"メーカ", Field::Vendor},
    LabelWord{"version", Field::Version},
    LabelWord{"バージョン", Field::Version},
    LabelWord{"product", Field::Product},
    LabelWord{"software", Field::Product},
    LabelWord{"affected system", Field::Product},
    LabelWord{"製品", Field::Product},
    LabelWord{"ソフトウェア", Field::Product},
    LabelWord{"vulnerab", Field::Vulnerability},
    LabelWord{"description", Field::Vulnerability},
    LabelWord{"detail", Field::Vulnerability},
    LabelWord{"steps", Field::Vulnerability},
    LabelWord{"reproduc", Field::Vulnerability},
    LabelWord{"impact", Field::Vulnerability},
    LabelWord{"environment", Field::Vulnerability},
    LabelWord{"evidence", Field::Vulnerability},
    LabelWord{"summary", Field::Vulnerability},
    LabelWord{" issue", Field::Vulnerability},
    LabelWord{" result", Field::Vulnerability},
    LabelWord{"脆弱性", Field::Vulnerability},
    LabelWord{"再現", Field::Vulnerability},
    LabelWord{"手順", Field::Vulnerability},
    LabelWord{"詳細", Field::Vulnerability},
    LabelWord{"概要", Field::Vulnerability},
    LabelWord{"環境", Field::Vulnerability},
    LabelWord{"証拠", Field::Vulnerability},
    LabelWord{"影響", Field::Vulnerability},
    LabelWord{"結果", Field::Vulnerability},
    LabelWord{"内容", Field::Vulnerability},
    LabelWord{"contact", Field::Contact},
    LabelWord{"e-mail", Field::Contact},
    LabelWord{"email", Field::Contact},
    LabelWord{" mail ", Field::Contact},
    LabelWord{"address", Field::Contact},
    LabelWord{"phone", Field::Contact},
    LabelWord{" tel ", Field::Contact},
    LabelWord{"連絡先", Field::Contact},
    LabelWord{"メール", Field::Contact},
    LabelWord{"アドレス", Field::Contact},
    LabelWord{"電話", Field::Contact},
    LabelWord{" name", Field::Name},
    LabelWord{"reporter", Field::Name},
    LabelWord{"researcher", Field::Name},
    LabelWord{"finder", Field::Name},
    LabelWord{"discoverer", Field::Name},
    LabelWord{"handle", Field::Name},
    LabelWord{"reported by", Field::Name},
    LabelWord{"submitter", Field::Name},
    LabelWord{"氏名", Field::Name},
    LabelWord{"名前", Field::Name},
    LabelWord{"ハンドル", Field::Name},
    LabelWord{"発見者", Field::Name},
    LabelWord{"届出者", Field::Name},
    LabelWord{"ニックネーム", Field::Name},
};

// Words of technical text that happens to hold a colon ("Parameter name: user",
// "Cookie: ..."): such a line is part of the description, not a label.
constexpr std::array<std::string_view, 17> kTechnicalWords = {
    " parameter", " header",   " cookie", " payload", " request", " response",
    " query",     " url ",     " uri ",   " path ",   " host ",   " port ",
    " endpoint",  " password", " token",  " session", " http"};

// Conjunctions that make "Product name and version" a product label, not a version one.
constexpr std::array<std::string_view, 7> kConjunctions = {" and ",  "&",    "/",           ",",
                                                           "および", "及び", "\xE3\x83\xBB"};

Field classifyLabel(std::string_view rawLabel) {
  const std::string key = detail::labelKey(rawLabel);
  if (key.empty()) return Field::None;
  for (std::string_view w : kTechnicalWords) {
    if (key.find(w) != std::string::npos) return Field::None;
  }
  for (const LabelWord& w : kLabelWords) {
    if (key.find(w.text) == std::string::npos) continue;
    if (w.field == Field::Version) {
      for (std::string_view c : kConjunctions) {
        if (key.find(c) != std::string::npos) return Field::Product;
      }
    }
    return w.field;
  }
  return Field::None;
}

std::string_view fieldName(Field f) {
  switch (f) {
    case Field::Name:
      return "reporterName";
    case Field::Contact:
      return "contact";
    case Field::ShareIdentity:
      return "shareIdentityWithVendor";
    case Field::VendorContact:
      return "vendorMayContactDirectly";
    case Field::PublishName:
      return "publishName";
    case Field::Vendor:
      return "vendor";
    case Field::Product:
      return "product";
    case Field::Version:
      return "version";
    case Field::Vulnerability:
      return "vulnerability";
    case Field::PersonalData:
      return "personalData";
    case Field::OtherOrganisations:
      return "otherOrganisations";
    case Field::OtherFacts:
      return "otherFacts";
    case Field::Exploitation:
      return "exploitationObserved";
    case Field::None:
      break;
  }
  return "none";
}

std::string trimmedCopy(std::string_view s) {
  return std::string(trimSpace(s));
}

// Collects the values while walking the lines.
class ReportReader {
 public:
  void line(std::string_view raw) {
    const std::string_view line = rtrim(raw);
    const bool blank = trimSpace(line).empty();
    if (detail::isSignatureDelimiter(line)) {
      current_ = Field::None;
      signature_ = true;
      return;
    }
    if (signature_) return;
    if (blank) {
      afterBlank_ = true;
      if (current_ != Field::None && !isLong(current_)) current_ = Field::None;
      if (current_ != Field::None) pendingBlank_ = true;
      if (current_ == Field::None) orphanBlank_ = true;
      return;
    }
    const bool paragraphStart = afterBlank_;
    afterBlank_ = false;
    if (const auto labelled = detail::splitLabel(line)) {
      const Field field = classifyLabel(labelled->label);
      if (field != Field::None && !(labelled->question && !isConsent(field)) &&
          !continuesCurrent(field)) {
        start(field, line, *labelled);
        return;
      }
    }
    if (current_ != Field::None && paragraphStart && detail::isLetterClosing(line))
      current_ = Field::None;
    if (current_ == Field::None) {
      orphan(line);
      return;
    }
    continueValue(line);
  }

  ReportFields finish(std::vector<std::string> warnings) {
    ReportFields r;
    r.warnings = std::move(warnings);
    r.fromForm = distinct_.size() >= 2;
    r.reporterName = trimmedCopy(values_[index(Field::Name)]);
    r.contact = trimmedCopy(values_[index(Field::Contact)]);
    r.shareIdentityWithVendor = consents_[index(Field::ShareIdentity)];
    r.vendorMayContactDirectly = consents_[index(Field::VendorContact)];
    r.publishName = consents_[index(Field::PublishName)];
    r.exploitationObserved = consents_[index(Field::Exploitation)];
    r.product = productText();
    r.personalData = trimmedCopy(values_[index(Field::PersonalData)]);
    r.otherOrganisations = trimmedCopy(values_[index(Field::OtherOrganisations)]);
    r.otherFacts = trimmedCopy(values_[index(Field::OtherFacts)]);
    r.vulnerability = trimmedCopy(values_[index(Field::Vulnerability)]);
    for (Field f : conflicting_) {
      r.warnings.push_back("contradictory answers for " + std::string(fieldName(f)) +
                           ": taken as no");
    }
    for (Field f : truncated_) {
      r.warnings.push_back(std::string(fieldName(f)) + " cut to its size limit");
    }
    return r;
  }

  const std::string& orphans() const { return orphans_; }

 private:
  static constexpr std::size_t kFields = static_cast<std::size_t>(Field::Exploitation) + 1;
  static constexpr std::size_t kBareAnswerBytes = 16;  // "not observed", "いいえ"
  static std::size_t index(Field f) { return static_cast<std::size_t>(f); }

  static std::string_view rtrim(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  }

  static std::size_t cap(Field f) {
    if (f == Field::Vulnerability) return kMaxFormBytes;
    return isLong(f) ? kMaxLongFieldBytes : kMaxShortFieldBytes;
  }

  // A label inside a free-text field that names a one-line field already filled is part
  // of the text ("Parameter name: ..." after the form's "Name:").
  // So is any label of the free-text field being read ("・環境：..." inside "脆弱性の内容：").
  bool continuesCurrent(Field field) const {
    if (!isLong(current_)) return false;
    if (isLong(field)) return field == current_;
    if (isConsent(field)) return seen_[index(field)];
    return !values_[index(field)].empty();
  }

  void start(Field field, std::string_view line, const detail::LabelledLine& labelled) {
    if (std::find(distinct_.begin(), distinct_.end(), field) == distinct_.end()) {
      distinct_.push_back(field);
    }
    current_ = field;
    pendingBlank_ = false;
    if (isConsent(field)) {
      // The answer may also be on the next line ("Credit:" then "yes"): settled then.
      seen_[index(field)] = true;
      answerPending_ = true;
      answerLine_ = std::string(trimSpace(line));
      if (!labelled.value.empty()) settleAnswer(labelled.value);
      return;
    }
    const std::string& value = values_[index(field)];
    if (value.empty()) {
      append(field, labelled.value, "");
    } else if (isLong(field)) {
      // A second section of the same field ("Impact:" after "Description:") keeps its label.
      append(field, trimSpace(line), "\n\n");
    } else {
      append(field, labelled.value, " / ");
    }
  }

  void continueValue(std::string_view line) {
    if (isConsent(current_)) {
      if (answerPending_) {
        answerLine_ += '\n';
        answerLine_ += trimSpace(line);
        settleAnswer(trimSpace(line));
      } else if (current_ == Field::Exploitation) {
        // Details of what was seen are facts of (コ) worth keeping.
        append(Field::OtherFacts, trimSpace(line), "\n");
      }
      return;
    }
    const std::string& value = values_[index(current_)];
    if (isLong(current_)) {
      const char* sep = value.empty() ? "" : (pendingBlank_ ? "\n\n" : "\n");
      append(current_, line, sep);
    } else {
      append(current_, trimSpace(line), value.empty() ? "" : " ");
    }
    pendingBlank_ = false;
  }

  void settleAnswer(std::string_view text) {
    answerPending_ = false;
    const Consent c = parseConsent(text);
    Consent& slot = consents_[index(current_)];
    if (c != Consent::Unknown && slot != Consent::Unknown && c != slot) {
      // Contradictory answers: the one that protects the reporter.
      slot = Consent::No;
      if (std::find(conflicting_.begin(), conflicting_.end(), current_) == conflicting_.end()) {
        conflicting_.push_back(current_);
      }
    } else if (c != Consent::Unknown) {
      slot = c;
    }
    // More than a bare answer about exploitation ("yes, in our honeypot since May") is a
    // fact of (コ): keep the reporter's line.
    if (current_ == Field::Exploitation && foldForMatch(text).size() > kBareAnswerBytes) {
      append(Field::OtherFacts, answerLine_, "\n");
    }
  }

  void append(Field field, std::string_view text, std::string_view sep) {
    std::string& value = values_[index(field)];
    if (text.empty()) return;
    const std::size_t max = cap(field);
    bool ok = value.empty() || detail::appendBounded(value, sep, max);
    ok = ok && detail::appendBounded(value, text, max);
    if (!ok && std::find(truncated_.begin(), truncated_.end(), field) == truncated_.end()) {
      truncated_.push_back(field);
    }
  }

  void orphan(std::string_view line) {
    if (!orphans_.empty()) {
      detail::appendBounded(orphans_, orphanBlank_ ? "\n\n" : "\n", kMaxFormBytes);
    }
    orphanBlank_ = false;
    detail::appendBounded(orphans_, line, kMaxFormBytes);
  }

  std::string productText() const {
    const std::string vendor = trimmedCopy(values_[index(Field::Vendor)]);
    std::string product = trimmedCopy(values_[index(Field::Product)]);
    const std::string version = trimmedCopy(values_[index(Field::Version)]);
    const auto has = [](const std::string& in, const std::string& part) {
      return foldForMatch(in).find(foldForMatch(part)) != std::string::npos;
    };
    // "Vendor: Acme Corp" + "Product: Acme Router" is "Acme Router", not "Acme Corp Acme
    // Router": the vendor is left out when the product already names it.
    const std::string vendorWord = vendor.substr(0, vendor.find(' '));
    if (!vendor.empty() && !product.empty() && !has(product, vendorWord)) {
      product = vendor + " " + product;
    }
    if (!version.empty() && !has(product, version)) {
      product = product.empty() ? version : product + " " + version;
    }
    if (product.size() > kMaxShortFieldBytes) {
      std::string cut;
      detail::appendBounded(cut, product, kMaxShortFieldBytes);
      product = std::move(cut);
    }
    return product;
  }

  Field current_ = Field::None;
  bool afterBlank_ = true;
  bool pendingBlank_ = false;
  bool orphanBlank_ = false;
  bool signature_ = false;
  std::array<std::string, kFields> values_;
  std::array<Consent, kFields> consents_{};
  std::array<bool, kFields> seen_{};
  bool answerPending_ = false;
  std::string answerLine_;  // the label line of the consent being read, for (コ)
  std::vector<Field> distinct_;
  std::vector<Field> conflicting_;
  std::vector<Field> truncated_;
  std::string orphans_;
};

}  // namespace

ReportFields extractReportFields(std::string_view body) {
  std::vector<std::string> warnings;
  const std::string text = detail::formText(body, &warnings);
  ReportReader reader;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    reader.line(std::string_view(text).substr(pos, nl - pos));
    pos = nl + 1;
  }
  ReportFields r = reader.finish(std::move(warnings));
  if (!r.fromForm) {
    // Free text: the whole body describes the vulnerability; single labelled values (a
    // "Product:" line) are kept, consent answers too (they were explicit).
    r.vulnerability = std::string(trimSpace(text));
  } else if (r.vulnerability.empty() && !trimSpace(reader.orphans()).empty()) {
    r.vulnerability = std::string(trimSpace(reader.orphans()));
    r.warnings.push_back("no vulnerability label: the unlabelled text taken as the description");
  }
  if (r.contact.empty()) r.missing.push_back("contact");
  if (r.product.empty()) r.missing.push_back("product");
  if (r.vulnerability.empty()) r.missing.push_back("vulnerability");
  return r;
}

}  // namespace cvdd::parsers
