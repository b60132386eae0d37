#pragma once
// The reporter's consents (000 ch.5 (ウ) pass the name and address to vendors, (エ) the
// vendor may contact the reporter directly, (オ) the name may be published) as they change
// over a case, and the reporter's statement that the vulnerability is exploited ((コ)).
// Pure: the operator (`cvdctl case edit --consent-*`) and the reporter's own authenticated
// mail (daemon/participant_message.cpp) change them through these decisions; what a
// vendor may then read is decided in core/vendor_disclosure.hpp alone.

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace cvdd::core {

enum class ConsentTopic {
  ShareIdentity,  // (ウ)
  DirectContact,  // (エ)
  Credit,         // (オ)
};

inline constexpr std::array kConsentTopics = {ConsentTopic::ShareIdentity,
                                              ConsentTopic::DirectContact, ConsentTopic::Credit};

/// The three answers as stored: "yes", "no" or "unknown" (anything else counts as unknown).
struct ConsentAnswers {
  std::string shareIdentity = "unknown";
  std::string directContact = "unknown";
  std::string credit = "unknown";

  /// The answer stored for topic.
  const std::string& of(ConsentTopic topic) const;
  std::string& of(ConsentTopic topic);

  friend bool operator==(const ConsentAnswers&, const ConsentAnswers&) = default;
};

struct ConsentChange {
  ConsentTopic topic;
  std::string from;
  std::string to;

  friend bool operator==(const ConsentChange&, const ConsentChange&) = default;
};

/// What the new answers change: only a definite "yes" or "no" that differs from the
/// stored answer; an unanswered question ("unknown", blank) never withdraws a given one.
std::vector<ConsentChange> consentChanges(const ConsentAnswers& stored,
                                          const ConsentAnswers& given);

/// Applies the changes to stored.
void applyConsentChanges(ConsentAnswers& stored, const std::vector<ConsentChange>& changes);

/// The topics the reporter has not answered yet ("unknown" or anything but yes/no), in
/// (ウ)(エ)(オ) order: the missing-information notice asks for them.
std::vector<ConsentTopic> unansweredConsents(const ConsentAnswers& answers);

/// "yes" or "no" as given to `cvdctl case edit --consent-*`; an InvalidConfig error for
/// anything else (the operator cannot set a consent back to "unknown").
Result<std::string> consentAnswer(std::string_view text);

/// Stable names: "identity", "contact", "credit" (the `--consent-*` option suffixes).
std::string_view consentTopicName(ConsentTopic topic);

/// The seed's letter: "(ウ)", "(エ)", "(オ)".
std::string_view consentTopicLetter(ConsentTopic topic);

/// The history text of changes: "consent (エ) contact no -> yes; consent (オ) credit
/// unknown -> yes"; "" for none.
std::string describeConsentChanges(const std::vector<ConsentChange>& changes);

/// Whether a reporter's answer to "exploitation observed?" marks the case exploited now:
/// only a "yes", and only once (a case already marked, by anyone, is not alerted again).
bool reporterExploitationMarks(std::string_view answer, bool alreadyMarked);

}  // namespace cvdd::core
