#include "daemon/notice_reference.hpp"

#include <map>

#include "core/participant.hpp"

namespace cvdd::daemon {

namespace {

/// A sent notice's timeline entry: its note starts with the notice's name
/// ("vulnerability-details; held: …").
std::string_view noticeNameOf(const core::TimelineEntry& entry) {
  std::string_view note = entry.note;
  return note.substr(0, note.find(';'));
}

bool isNoticeTo(const core::TimelineEntry& entry, const std::string& recipient) {
  return entry.direction == core::Direction::Outbound && entry.role == core::MessageRole::Notice &&
         core::normalizeAddress(entry.to) == recipient;
}

}  // namespace

std::string nextNoticeReference(const crypto::ReplyTokenKey& tokens, const core::Case& c,
                                std::string_view recipient, std::string_view notice) {
  const std::string to = core::normalizeAddress(recipient);
  std::size_t ordinal = 0;
  for (const auto& entry : c.timeline)
    if (isNoticeTo(entry, to) && noticeNameOf(entry) == notice) ++ordinal;
  return tokens.noticeReference(c.id, to, notice, ordinal);
}

std::optional<core::Timestamp> referencedNoticeTime(const crypto::ReplyTokenKey& tokens,
                                                    const core::Case& c, std::string_view sender,
                                                    std::string_view reference) {
  const std::string from = core::normalizeAddress(sender);
  std::map<std::string, std::size_t, std::less<>> ordinals;  // notice name -> seen so far
  for (const auto& entry : c.timeline) {
    if (!isNoticeTo(entry, from)) continue;
    const std::string name(noticeNameOf(entry));
    const std::size_t ordinal = ordinals[name]++;
    if (tokens.noticeReference(c.id, from, name, ordinal) == reference) return entry.at;
  }
  return std::nullopt;
}

}  // namespace cvdd::daemon
