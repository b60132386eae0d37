#include "crypto/bounce_token.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "crypto/token_text.hpp"

namespace cvdd::crypto {

namespace {

constexpr std::string_view kLabel = "cvdd bounce address v1";
constexpr std::string_view kTagPrefix = "b-";  // tells a bounce address from a reply address
using token_text::isDigits;
using token_text::kCaseDigits;
using token_text::kTagChars;
using token_text::lower;

// Case and recipient lower-case (a bounce may fold either); the Message-ID as cvdd made it.
std::string tagFor(const ReplyTokenKey& key, std::string_view caseId, std::string_view messageId,
                   std::string_view recipient) {
  return key.labelledTag(kLabel,
                         lower(caseId) + '\0' + std::string(messageId) + '\0' + lower(recipient));
}

}  // namespace

std::string bounceTokenFor(const ReplyTokenKey& key, std::string_view caseId,
                           std::string_view messageId, std::string_view recipient) {
  const std::size_t hash = caseId.rfind('#');
  const std::string_view digits =
      hash == std::string_view::npos ? std::string_view{} : caseId.substr(hash + 1);
  if (digits.size() != kCaseDigits || !isDigits(digits))
    throw std::invalid_argument("not a case ID: " + std::string(caseId));
  return std::string(digits) + tagFor(key, caseId, messageId, recipient);
}

std::optional<std::string> bounceTokenCase(std::string_view token, std::string_view casePrefix) {
  if (token.size() != kCaseDigits + kTagChars) return std::nullopt;
  const std::string_view digits = token.substr(0, kCaseDigits);
  if (!isDigits(digits)) return std::nullopt;
  return std::string(casePrefix) + '#' + std::string(digits);
}

bool bounceTokenMatches(const ReplyTokenKey& key, std::string_view token, std::string_view caseId,
                        std::string_view messageId, std::string_view recipient) {
  if (token.size() != kCaseDigits + kTagChars) return false;
  std::string expected;
  try {
    expected = bounceTokenFor(key, caseId, messageId, recipient);
  } catch (const std::invalid_argument&) {
    return false;  // not a case ID: no token was ever made for it
  }
  const std::string given = lower(token);
  return CRYPTO_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

std::string bounceAddress(std::string_view intake, std::string_view token) {
  return taggedAddress(intake, std::string(kTagPrefix) + std::string(token));
}

std::optional<std::string> bounceTokenInAddress(std::string_view address, std::string_view intake) {
  auto tag = tokenInAddress(address, intake);  // lower-case already
  if (!tag || !tag->starts_with(kTagPrefix) || tag->size() == kTagPrefix.size())
    return std::nullopt;
  return tag->substr(kTagPrefix.size());
}

}  // namespace cvdd::crypto
