#pragma once
// Which case does an inbound message belong to? Pure; lookups are passed in.
//
// In order: a reply token in a recipient address (intake+<token>@domain), then
// In-Reply-To/References against the Message-IDs cvdd sent, then the case ID in the
// subject. The first clue that names an existing case wins.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cvdd::core {

enum class MatchedBy { None, ReplyToken, References, Subject };

std::string_view matchedByName(MatchedBy by);

struct ThreadClues {
  std::vector<std::string> replyTokens;  // tokens found in recipient addresses
  std::vector<std::string> references;   // In-Reply-To first, then References
  std::string subject;                   // decoded
};

struct ThreadLookups {
  /// The case a token was issued for, when it verifies for this sender; else nullopt.
  std::function<std::optional<std::string>(std::string_view token)> caseForToken;
  /// The case of a Message-ID cvdd sent, if any.
  std::function<std::optional<std::string>(std::string_view messageId)> caseForSentMessage;
  std::function<bool(std::string_view caseId)> caseExists;
};

struct ThreadMatch {
  std::optional<std::string> caseId;
  MatchedBy by = MatchedBy::None;
  bool forgedToken = false;  // a token was present and none verified
};

ThreadMatch matchThread(const ThreadClues& clues, std::string_view casePrefix,
                        const ThreadLookups& lookups);

}  // namespace cvdd::core
