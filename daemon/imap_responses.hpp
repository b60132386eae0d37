#pragma once
// Pure readers of the untagged IMAP responses libcurl hands back for custom commands.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace cvdd::daemon {

struct MailboxStatus {
  std::uint64_t uidValidity = 0;
  std::uint64_t uidNext = 0;
};

/// Reads "* STATUS <mailbox> (UIDVALIDITY n UIDNEXT m ...)"; nullopt without UIDVALIDITY.
std::optional<MailboxStatus> parseStatusResponse(std::string_view text);

/// Reads "* SEARCH 3 7 9" lines; returns the UIDs >= minUid, ascending, without repeats.
/// ("UID SEARCH UID n:*" also returns the highest UID when it is below n.)
std::vector<std::uint64_t> parseSearchResponse(std::string_view text, std::uint64_t minUid);

}  // namespace cvdd::daemon
