#include "daemon/imap_responses.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

namespace cvdd::daemon {

namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::uint64_t> numberAfter(std::string_view text, std::string_view upperText,
                                         std::string_view keyword) {
  auto at = upperText.find(keyword);
  if (at == std::string_view::npos) return std::nullopt;
  std::size_t pos = at + keyword.size();
  while (pos < text.size() && text[pos] == ' ') ++pos;
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), value);
  if (ec != std::errc{} || end == text.data() + pos) return std::nullopt;
  return value;
}

}  // namespace

std::optional<MailboxStatus> parseStatusResponse(std::string_view text) {
  std::string upperText = upper(text);
  auto statusAt = upperText.find("* STATUS ");
  if (statusAt == std::string::npos) return std::nullopt;
  std::string_view line = text.substr(statusAt);
  std::string_view upperLine = std::string_view(upperText).substr(statusAt);
  auto validity = numberAfter(line, upperLine, "UIDVALIDITY");
  if (!validity) return std::nullopt;
  MailboxStatus status;
  status.uidValidity = *validity;
  status.uidNext = numberAfter(line, upperLine, "UIDNEXT").value_or(0);
  return status;
}

std::vector<std::uint64_t> parseSearchResponse(std::string_view text, std::uint64_t minUid) {
  std::vector<std::uint64_t> uids;
  std::size_t lineStart = 0;
  while (lineStart < text.size()) {
    std::size_t lineEnd = text.find('\n', lineStart);
    if (lineEnd == std::string_view::npos) lineEnd = text.size();
    std::string_view line = text.substr(lineStart, lineEnd - lineStart);
    lineStart = lineEnd + 1;
    if (upper(line.substr(0, std::min<std::size_t>(line.size(), 8))) != "* SEARCH") continue;
    const char* p = line.data() + 8;
    const char* end = line.data() + line.size();
    while (p < end) {
      while (p < end && (*p == ' ' || *p == '\r')) ++p;
      std::uint64_t uid = 0;
      auto [next, ec] = std::from_chars(p, end, uid);
      if (ec != std::errc{}) break;
      if (uid >= minUid && uid > 0) uids.push_back(uid);
      p = next;
    }
  }
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  return uids;
}

}  // namespace cvdd::daemon
