#include "core/thread_match.hpp"

#include "core/case_id.hpp"
#include "core/inquiry_number.hpp"

namespace cvdd::core {

std::string_view matchedByName(MatchedBy by) {
  switch (by) {
    case MatchedBy::None:
      return "none";
    case MatchedBy::ReplyToken:
      return "reply-token";
    case MatchedBy::References:
      return "references";
    case MatchedBy::Subject:
      return "subject";
    case MatchedBy::Inquiry:
      return "inquiry";
  }
  return "unknown";
}

ThreadMatch matchThread(const ThreadClues& clues, std::string_view casePrefix,
                        const ThreadLookups& lookups) {
  ThreadMatch match;
  for (const auto& token : clues.replyTokens) {
    if (auto id = lookups.caseForToken(token); id && lookups.caseExists(*id)) {
      match.caseId = *id;
      match.by = MatchedBy::ReplyToken;
      return match;
    }
  }
  // A token that does not verify is a forgery or a mangled address: the message may
  // still thread by other clues, but it must not count as authenticated.
  match.forgedToken = !clues.replyTokens.empty();
  for (const auto& reference : clues.references) {
    if (auto id = lookups.caseForSentMessage(reference); id && lookups.caseExists(*id)) {
      match.caseId = *id;
      match.by = MatchedBy::References;
      return match;
    }
  }
  if (auto id = findCaseId(clues.subject, casePrefix); id && lookups.caseExists(*id)) {
    match.caseId = *id;
    match.by = MatchedBy::Subject;
    return match;
  }
  // A vendor answering the unreachable-vendors list writes with only its inquiry number
  // (003 §7, figure 3): that names its case, never a new report.
  if (auto number = findInquiryNumber(clues.subject)) {
    match.inquiryNumber = *number;
    if (!lookups.inquiryRoute) return match;
    if (auto route = lookups.inquiryRoute(*number); route && lookups.caseExists(route->caseId)) {
      match.caseId = route->caseId;
      match.inquiryVendor = route->vendorId;
      match.by = MatchedBy::Inquiry;
    }
  }
  return match;
}

}  // namespace cvdd::core
