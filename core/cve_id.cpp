#include "core/cve_id.hpp"

#include <algorithm>

namespace cvdd::core {

namespace {

bool allDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool isCveId(std::string_view text) {
  if (text.size() < 13 || !text.starts_with("CVE-") || text[8] != '-') return false;
  return allDigits(text.substr(4, 4)) && allDigits(text.substr(9));
}

Result<std::vector<std::string>> parseCveList(const std::vector<std::string>& items) {
  std::vector<std::string> ids;
  for (const auto& item : items) {
    std::string_view rest = item;
    while (true) {
      const auto comma = rest.find(',');
      const std::string_view id = trimmed(rest.substr(0, comma));
      if (!id.empty()) {
        if (!isCveId(id))
          return fail(Errc::InvalidConfig, "cve",
                      "\"" + std::string(id) + "\" is not a CVE ID (CVE-YYYY-NNNN)");
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.emplace_back(id);
      }
      if (comma == std::string_view::npos) break;
      rest = rest.substr(comma + 1);
    }
  }
  return ids;
}

}  // namespace cvdd::core
