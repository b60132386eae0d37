#include "parsers/rfc5322_date.hpp"

#include <array>
#include <string>
#include <vector>

namespace cvdd::parsers {

namespace {

constexpr std::size_t kMaxDateBytes = 256;
constexpr std::size_t kMaxCommentNesting = 8;

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

bool isAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

// Tokens separated by whitespace and commas; comments (nested) dropped.
std::optional<std::vector<std::string>> tokenize(std::string_view value) {
  std::vector<std::string> tokens;
  std::string current;
  std::size_t depth = 0;
  for (char c : value) {
    if (c == '(') {
      if (++depth > kMaxCommentNesting) return std::nullopt;
      continue;
    }
    if (c == ')') {
      if (depth > 0) --depth;
      continue;
    }
    if (depth > 0) continue;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',') {
      if (!current.empty()) tokens.push_back(std::move(current));
      current.clear();
      continue;
    }
    current += c;
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

std::optional<unsigned> number(std::string_view s, std::size_t minDigits, std::size_t maxDigits) {
  if (s.size() < minDigits || s.size() > maxDigits) return std::nullopt;
  unsigned n = 0;
  for (char c : s) {
    if (!isDigit(c)) return std::nullopt;
    n = n * 10 + static_cast<unsigned>(c - '0');
  }
  return n;
}

std::optional<unsigned> monthNumber(std::string_view s) {
  static constexpr std::array<std::string_view, 12> names{"jan", "feb", "mar", "apr", "may", "jun",
                                                          "jul", "aug", "sep", "oct", "nov", "dec"};
  if (s.size() < 3) return std::nullopt;
  const std::string l = lower(s);
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (l.starts_with(names[i])) return static_cast<unsigned>(i + 1);
  }
  return std::nullopt;
}

bool isDayName(std::string_view s) {
  static constexpr std::array<std::string_view, 7> names{"mon", "tue", "wed", "thu",
                                                         "fri", "sat", "sun"};
  if (s.size() < 3) return false;
  const std::string l = lower(s);
  for (auto n : names) {
    if (l.starts_with(n)) return true;
  }
  return false;
}

// Zone offset in minutes; nullopt when the token is no zone.
std::optional<int> zoneMinutes(std::string_view s) {
  if ((s.front() == '+' || s.front() == '-') && s.size() == 5) {
    const auto hh = number(s.substr(1, 2), 2, 2);
    const auto mm = number(s.substr(3, 2), 2, 2);
    if (!hh || !mm || *hh > 23 || *mm > 59) return std::nullopt;
    const int minutes = static_cast<int>(*hh * 60 + *mm);
    return s.front() == '-' ? -minutes : minutes;
  }
  for (char c : s) {
    if (!isAlpha(c)) return std::nullopt;
  }
  const std::string l = lower(s);
  static const std::array<std::pair<std::string_view, int>, 11> named{{{"ut", 0},
                                                                       {"utc", 0},
                                                                       {"gmt", 0},
                                                                       {"est", -300},
                                                                       {"edt", -240},
                                                                       {"cst", -360},
                                                                       {"cdt", -300},
                                                                       {"mst", -420},
                                                                       {"mdt", -360},
                                                                       {"pst", -480},
                                                                       {"pdt", -420}}};
  for (const auto& [name, minutes] : named) {
    if (l == name) return minutes;
  }
  // RFC 5322 §4.3: military zones and other names are read as UT (-0000).
  return 0;
}

}  // namespace

std::optional<MessageDate> parseRfc5322Date(std::string_view value) {
  if (value.size() > kMaxDateBytes) return std::nullopt;
  auto maybeTokens = tokenize(value);
  if (!maybeTokens) return std::nullopt;
  const auto& tokens = *maybeTokens;
  std::size_t i = 0;
  if (i < tokens.size() && isDayName(tokens[i]) && !isDigit(tokens[i].front())) ++i;
  if (tokens.size() < i + 4) return std::nullopt;
  const auto day = number(tokens[i], 1, 2);
  const auto month = monthNumber(tokens[i + 1]);
  auto year = number(tokens[i + 2], 2, 4);
  if (!day || !month || !year) return std::nullopt;
  if (tokens[i + 2].size() == 2) {
    *year += *year < 50 ? 2000 : 1900;
  } else if (tokens[i + 2].size() == 3) {
    *year += 1900;
  }
  if (*year < 1900) return std::nullopt;
  // hh:mm[:ss]
  const std::string& time = tokens[i + 3];
  const std::size_t c1 = time.find(':');
  if (c1 == std::string::npos) return std::nullopt;
  const std::size_t c2 = time.find(':', c1 + 1);
  const auto hour = number(std::string_view(time).substr(0, c1), 1, 2);
  const auto minute = number(
      std::string_view(time).substr(c1 + 1, c2 == std::string::npos ? c2 : c2 - c1 - 1), 2, 2);
  std::optional<unsigned> second = 0u;
  if (c2 != std::string::npos) second = number(std::string_view(time).substr(c2 + 1), 2, 2);
  if (!hour || !minute || !second || *minute > 59 || *second > 60) return std::nullopt;
  int offset = 0;
  if (tokens.size() > i + 4) {
    const auto zone = zoneMinutes(tokens[i + 4]);
    if (!zone) return std::nullopt;
    offset = *zone;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{static_cast<int>(*year)},
                                        std::chrono::month{*month}, std::chrono::day{*day}};
  if (!ymd.ok()) return std::nullopt;
  MessageDate date;
  date.offset = std::chrono::minutes{offset};
  date.utc = std::chrono::sys_days{ymd} + std::chrono::hours{*hour} +
             std::chrono::minutes{*minute} + std::chrono::seconds{*second} - date.offset;
  return date;
}

}  // namespace cvdd::parsers
