#pragma once
// Internal to crypto/: the text rules reply tokens and bounce tokens share. Both carry the
// case's 8 digits, then a base32 HMAC tag, and both must survive mail systems that fold
// the case of an address.

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>

namespace cvdd::crypto::token_text {

inline constexpr std::size_t kCaseDigits = 8;
inline constexpr std::size_t kTagChars = 26;  // ceil(128 / 5) base32 characters

inline std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

inline bool isDigits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace cvdd::crypto::token_text
