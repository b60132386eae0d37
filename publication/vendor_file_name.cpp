#include <cstdint>

#include "publication/advisory.hpp"

namespace cvdd::publication {

namespace {

constexpr std::size_t kMaxStem = 100;  // well below NAME_MAX (255) with the extension

char hexDigit(unsigned value) {
  return "0123456789abcdef"[value & 0xf];
}

}  // namespace

std::string vendorPageFileName(std::string_view vendorId, core::Language language) {
  // A registry id is the operator's choice, read here as untrusted: the name must stay one
  // harmless path component whatever it holds ("../x", "a/b", ".hidden", "", NUL bytes).
  std::string stem;
  for (const char c : vendorId) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
      stem += c;
    } else {
      // Upper case too: "Acme" and "acme" must not share a page on a case-insensitive
      // file system.
      stem += '_';
      stem += hexDigit(u >> 4);
      stem += hexDigit(u);
    }
  }
  if (stem.empty()) stem.push_back('_');
  if (stem.size() >= kMaxStem) {  // every hashed stem is kMaxStem long, no kept one is
    // FNV-1a of the whole id keeps two long ids with a common prefix apart.
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char c : vendorId) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 0x100000001b3ULL;
    }
    stem.resize(kMaxStem - 17);
    stem += '-';
    for (int shift = 60; shift >= 0; shift -= 4)
      stem += hexDigit(static_cast<unsigned>(hash >> shift));
  }
  stem.append(language == core::Language::Japanese ? ".ja.html" : ".html");
  return stem;
}

}  // namespace cvdd::publication
