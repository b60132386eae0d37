#include "publication/site_paths.hpp"

#include "publication/csaf.hpp"

namespace cvdd::publication {

std::string advisoryDirName(std::string_view caseId) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string name;
  name.reserve(caseId.size());
  for (const char ch : caseId) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      name += ch;
    } else if (c == '#') {
      name += '-';
    } else {
      name += '_';
      name += kHex[c >> 4];
      name += kHex[c & 0xf];
    }
  }
  return name;
}

std::string advisoryDir(std::string_view caseId) {
  return "advisories/" + advisoryDirName(caseId) + "/";
}

std::string pageName(core::Language language) {
  return language == core::Language::Japanese ? "index.ja.html" : "index.html";
}

std::string advisoryPage(std::string_view caseId, core::Language language) {
  return advisoryDir(caseId) + pageName(language);
}

std::string csafDocumentPath(std::string_view caseId, core::Timestamp initialRelease) {
  return "csaf/" + core::formatIso8601(initialRelease).substr(0, 4) + "/" + csafFileName(caseId);
}

}  // namespace cvdd::publication
