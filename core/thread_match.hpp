#pragma once
// Which case does an inbound message belong to? Pure; lookups are passed in.
//
// In order: a reply token in a recipient address (intake+<token>@domain), then
// In-Reply-To/References against the Message-IDs cvdd sent, then the case ID in the
// subject, then a DID# inquiry number of the unreachable-vendors list in the subject (the
// case and vendor it was given to). The first clue that names an existing case wins.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cvdd::core {

enum class MatchedBy { None, ReplyToken, References, Subject, Inquiry };

std::string_view matchedByName(MatchedBy by);

struct ThreadClues {
  std::vector<std::string> replyTokens;  // tokens found in recipient addresses
  std::vector<std::string> references;   // In-Reply-To first, then References
  std::string subject;                   // decoded
};

/// Whom an inquiry number was given to.
struct InquiryRoute {
  std::string caseId;
  std::string vendorId;
};

struct ThreadLookups {
  /// The case a token was issued for, when it verifies for this sender; else nullopt.
  std::function<std::optional<std::string>(std::string_view token)> caseForToken;
  /// The case of a Message-ID cvdd sent, if any.
  std::function<std::optional<std::string>(std::string_view messageId)> caseForSentMessage;
  std::function<bool(std::string_view caseId)> caseExists;
  /// The case and vendor an inquiry number ("DID#00042") was given to; unset: none.
  std::function<std::optional<InquiryRoute>(std::string_view number)> inquiryRoute;
};

struct ThreadMatch {
  std::optional<std::string> caseId;
  MatchedBy by = MatchedBy::None;
  bool forgedToken = false;   // a token was present and none verified
  std::string inquiryNumber;  // a DID# number in the subject, known or not ("" when none)
  std::string inquiryVendor;  // the vendor it names, when MatchedBy::Inquiry
};

ThreadMatch matchThread(const ThreadClues& clues, std::string_view casePrefix,
                        const ThreadLookups& lookups);

}  // namespace cvdd::core
