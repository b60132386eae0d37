#include "core/inquiry_number.hpp"

#include <cctype>

namespace cvdd::core {

namespace {
constexpr std::string_view kPrefix = "DID#";
constexpr std::size_t kMinDigits = 5;
constexpr std::size_t kMaxDigits = 12;

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}
bool prefixAt(std::string_view text, std::size_t at) {
  if (at + kPrefix.size() > text.size()) return false;
  for (std::size_t i = 0; i < kPrefix.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(text[at + i])) != kPrefix[i]) return false;
  }
  return true;
}
}  // namespace

std::string formatInquiryNumber(std::uint64_t number) {
  const std::string digits = std::to_string(number);
  std::string out(kPrefix);
  if (digits.size() < kMinDigits) out.append(kMinDigits - digits.size(), '0');
  return out + digits;
}

std::optional<std::string> findInquiryNumber(std::string_view subject) {
  for (std::size_t at = 0; at < subject.size(); ++at) {
    if (!prefixAt(subject, at) || (at > 0 && isWordChar(subject[at - 1]))) continue;
    std::size_t end = at + kPrefix.size();
    while (end < subject.size() && isDigit(subject[end])) ++end;
    const std::size_t digits = end - at - kPrefix.size();
    if (digits < kMinDigits || digits > kMaxDigits) continue;
    if (end < subject.size() && isWordChar(subject[end])) continue;
    return std::string(kPrefix) + std::string(subject.substr(at + kPrefix.size(), digits));
  }
  return std::nullopt;
}

}  // namespace cvdd::core
