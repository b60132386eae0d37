#include "crypto/reply_token.hpp"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "crypto/token_text.hpp"

namespace cvdd::crypto {

namespace {

using token_text::isDigits;
using token_text::kCaseDigits;
using token_text::kTagChars;
using token_text::lower;

constexpr std::size_t kKeyBytes = 32;
constexpr std::size_t kTagBytes = 16;  // 128 bits of HMAC-SHA256
constexpr std::size_t kTokenChars = kCaseDigits + kTagChars;
constexpr std::size_t kReferenceChars = 16;                               // 80 bits
constexpr std::string_view kBase32 = "abcdefghijklmnopqrstuvwxyz234567";  // RFC 4648, lower

// Base32 without padding: 16 bytes make 26 characters, the last carrying 3 bits.
std::string base32(const unsigned char* bytes, std::size_t n) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    buffer = (buffer << 8U) | bytes[i];
    bits += 8;
    while (bits >= 5) {
      out += kBase32[(buffer >> static_cast<unsigned>(bits - 5)) & 0x1FU];
      bits -= 5;
    }
  }
  if (bits > 0) out += kBase32[(buffer << static_cast<unsigned>(5 - bits)) & 0x1FU];
  return out;
}

// The first 128 bits of HMAC-SHA256(secret, message), in base32.
std::string hmacTag(const std::string& secret, std::string_view message) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac.data(),
           &length) == nullptr ||
      length < kTagBytes) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return base32(mac.data(), kTagBytes);
}

// The tag over "case\0participant", both lower-case: the same reply token whatever case
// a mail system gives the address or the case prefix.
std::string tagFor(const std::string& secret, std::string_view caseId,
                   std::string_view participant) {
  return hmacTag(secret, lower(caseId) + '\0' + lower(participant));
}

std::string readKeyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() != kKeyBytes) {
    throw std::runtime_error("reply token key " + path + ": expected " + std::to_string(kKeyBytes) +
                             " bytes, found " + std::to_string(bytes.size()));
  }
  return bytes;
}

void writeAll(int fd, const unsigned char* data, std::size_t n, const std::string& path) {
  while (n > 0) {
    const ssize_t written = ::write(fd, data, n);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0)
      throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
    data += written;
    n -= static_cast<std::size_t>(written);
  }
}

// Writes a fresh key next to path and links it into place. link() never replaces a key
// another process created meanwhile (rename would, and invalidate its tokens); the loser
// reads the winner's key.
void createKeyFile(const std::string& path) {
  std::array<unsigned char, kKeyBytes> key{};
  if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  // mkstemp: a name of its own (threads share a pid) and mode 0600.
  std::string tmp = path + ".tmp.XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) throw std::runtime_error("cannot create " + tmp + ": " + std::strerror(errno));
  try {
    writeAll(fd, key.data(), key.size(), tmp);
    if (::fsync(fd) != 0) throw std::runtime_error("cannot fsync " + tmp);
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    OPENSSL_cleanse(key.data(), key.size());
    throw;
  }
  ::close(fd);
  OPENSSL_cleanse(key.data(), key.size());
  const int linked = ::link(tmp.c_str(), path.c_str());
  const int linkErrno = errno;
  ::unlink(tmp.c_str());
  if (linked != 0 && linkErrno != EEXIST) {
    throw std::runtime_error("cannot create " + path + ": " + std::strerror(linkErrno));
  }
  // The directory entry is durable before any token made with the key leaves the host.
  const std::size_t slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  if (const int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dirFd >= 0) {
    ::fsync(dirFd);
    ::close(dirFd);
  }
}

}  // namespace

ReplyTokenKey ReplyTokenKey::loadOrCreate(const std::string& path) {
  std::string secret = readKeyFile(path);
  if (secret.empty()) {
    createKeyFile(path);
    secret = readKeyFile(path);
    if (secret.empty()) throw std::runtime_error("cannot read reply token key " + path);
  }
  return ReplyTokenKey(std::move(secret));
}

ReplyTokenKey::ReplyTokenKey(std::string secret) : secret_(std::move(secret)) {
  if (secret_.empty()) throw std::invalid_argument("reply token key is empty");
}

std::string ReplyTokenKey::tokenFor(std::string_view caseId, std::string_view participant) const {
  const std::size_t hash = caseId.rfind('#');
  const std::string_view digits =
      hash == std::string_view::npos ? std::string_view{} : caseId.substr(hash + 1);
  if (digits.size() != kCaseDigits || !isDigits(digits)) {
    throw std::invalid_argument("not a case ID: " + std::string(caseId));
  }
  return std::string(digits) + tagFor(secret_, caseId, participant);
}

std::optional<std::string> ReplyTokenKey::caseFor(std::string_view token,
                                                  std::string_view casePrefix,
                                                  std::string_view participant) const {
  if (token.size() != kTokenChars) return std::nullopt;
  const std::string folded = lower(token);  // mail systems may have upper-cased it
  const std::string_view digits = std::string_view(folded).substr(0, kCaseDigits);
  if (!isDigits(digits)) return std::nullopt;
  std::string caseId = std::string(casePrefix) + '#' + std::string(digits);
  const std::string expected = tagFor(secret_, caseId, participant);
  const std::string_view given = std::string_view(folded).substr(kCaseDigits);
  if (CRYPTO_memcmp(expected.data(), given.data(), kTagChars) != 0) return std::nullopt;
  return caseId;
}

std::string ReplyTokenKey::labelledTag(std::string_view label, std::string_view message) const {
  std::string labelled(label);
  labelled += '\0';
  labelled += message;
  return hmacTag(secret_, labelled);
}

std::string ReplyTokenKey::noticeReference(std::string_view caseId, std::string_view participant,
                                           std::string_view notice, std::size_t ordinal) const {
  // A label of its own: a reference is never a valid reply token, nor the reverse.
  const std::string message = std::string("notice-reference") + '\0' + lower(caseId) + '\0' +
                              lower(participant) + '\0' + std::string(notice) + '\0' +
                              std::to_string(ordinal);
  return hmacTag(secret_, message).substr(0, kReferenceChars);
}

namespace {

struct AddrParts {
  std::string_view local;
  std::string_view domain;
};

std::optional<AddrParts> splitAddress(std::string_view address) {
  while (!address.empty() && (address.front() == ' ' || address.front() == '<')) {
    address.remove_prefix(1);
  }
  while (!address.empty() && (address.back() == ' ' || address.back() == '>')) {
    address.remove_suffix(1);
  }
  const std::size_t at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) return std::nullopt;
  return AddrParts{address.substr(0, at), address.substr(at + 1)};
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && lower(a) == lower(b);
}

}  // namespace

std::optional<std::string> tokenInAddress(std::string_view address, std::string_view intake) {
  const auto addr = splitAddress(address);
  const auto in = splitAddress(intake);
  if (!addr || !in) return std::nullopt;
  if (!equalsIgnoreCase(addr->domain, in->domain)) return std::nullopt;
  if (addr->local.size() < in->local.size() + 2) return std::nullopt;  // "+" and a token
  if (!equalsIgnoreCase(addr->local.substr(0, in->local.size()), in->local)) return std::nullopt;
  if (addr->local[in->local.size()] != '+') return std::nullopt;
  return lower(addr->local.substr(in->local.size() + 1));
}

std::string taggedAddress(std::string_view intake, std::string_view token) {
  const std::size_t at = intake.rfind('@');
  if (at == std::string_view::npos) return std::string(intake) + '+' + std::string(token);
  return std::string(intake.substr(0, at)) + '+' + std::string(token) +
         std::string(intake.substr(at));
}

namespace {
constexpr std::string_view kMessageIdTokenMark = ".rt-";
}  // namespace

std::string tokenedMessageId(std::string_view base, std::string_view token, std::string_view host) {
  return std::string(base) + std::string(kMessageIdTokenMark) + std::string(token) + "@" +
         std::string(host);
}

std::optional<std::string> tokenInMessageId(std::string_view messageId) {
  const auto id = splitAddress(messageId);
  if (!id) return std::nullopt;
  const std::string local = lower(id->local);  // a mail system may have upper-cased it
  const std::size_t mark = local.rfind(kMessageIdTokenMark);
  if (mark == std::string::npos) return std::nullopt;
  std::string token = local.substr(mark + kMessageIdTokenMark.size());
  if (token.size() != kTokenChars) return std::nullopt;
  return token;
}

}  // namespace cvdd::crypto
