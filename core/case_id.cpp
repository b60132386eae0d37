#include "core/case_id.hpp"

#include <cctype>

namespace cvdd::core {

namespace {
constexpr std::size_t kDigits = 8;

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}
}  // namespace

std::string formatCaseId(std::string_view prefix, std::uint32_t number) {
  std::string digits = std::to_string(number % 100000000u);
  std::string id(prefix);
  id += '#';
  id.append(kDigits - digits.size(), '0');
  id += digits;
  return id;
}

bool isCaseId(std::string_view text, std::string_view prefix) {
  if (text.size() != prefix.size() + 1 + kDigits) return false;
  if (!equalsIgnoreCase(text.substr(0, prefix.size()), prefix)) return false;
  if (text[prefix.size()] != '#') return false;
  for (char c : text.substr(prefix.size() + 1))
    if (!isDigit(c)) return false;
  return true;
}

std::optional<std::string> findCaseId(std::string_view subject, std::string_view prefix) {
  if (prefix.empty()) return std::nullopt;
  const std::size_t idLength = prefix.size() + 1 + kDigits;
  for (std::size_t at = 0; at + idLength <= subject.size(); ++at) {
    // A match must not be the tail of a longer word ("XCVD#...") nor run into more digits.
    if (at > 0 && isWordChar(subject[at - 1])) continue;
    std::string_view candidate = subject.substr(at, idLength);
    if (!isCaseId(candidate, prefix)) continue;
    if (at + idLength < subject.size() && isDigit(subject[at + idLength])) continue;
    return std::string(prefix) + '#' + std::string(candidate.substr(prefix.size() + 1));
  }
  return std::nullopt;
}

}  // namespace cvdd::core
