#pragma once
// Shared by the parsers tests: reading fixture files, UTF-8 checks.

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "parsers/text_decode.hpp"

namespace cvdd::parsers::test {

inline std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline bool isUtf8(const std::string& s) {
  return detail::isValidUtf8(s);
}

}  // namespace cvdd::parsers::test
