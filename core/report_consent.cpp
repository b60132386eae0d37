#include "core/report_consent.hpp"

namespace cvdd::core {

namespace {

bool definite(std::string_view answer) {
  return answer == "yes" || answer == "no";
}

}  // namespace

const std::string& ConsentAnswers::of(ConsentTopic topic) const {
  switch (topic) {
    case ConsentTopic::ShareIdentity:
      return shareIdentity;
    case ConsentTopic::DirectContact:
      return directContact;
    case ConsentTopic::Credit:
      break;
  }
  return credit;
}

std::string& ConsentAnswers::of(ConsentTopic topic) {
  return const_cast<std::string&>(static_cast<const ConsentAnswers&>(*this).of(topic));
}

std::vector<ConsentChange> consentChanges(const ConsentAnswers& stored,
                                          const ConsentAnswers& given) {
  std::vector<ConsentChange> changes;
  for (const ConsentTopic topic : kConsentTopics) {
    const std::string& to = given.of(topic);
    if (definite(to) && to != stored.of(topic)) changes.push_back({topic, stored.of(topic), to});
  }
  return changes;
}

void applyConsentChanges(ConsentAnswers& stored, const std::vector<ConsentChange>& changes) {
  for (const auto& change : changes) stored.of(change.topic) = change.to;
}

std::vector<ConsentTopic> unansweredConsents(const ConsentAnswers& answers) {
  std::vector<ConsentTopic> topics;
  for (const ConsentTopic topic : kConsentTopics)
    if (!definite(answers.of(topic))) topics.push_back(topic);
  return topics;
}

Result<std::string> consentAnswer(std::string_view text) {
  if (definite(text)) return std::string(text);
  return fail(Errc::InvalidConfig, "consent",
              "a consent is \"yes\" or \"no\", not \"" + std::string(text) + "\"");
}

std::string_view consentTopicName(ConsentTopic topic) {
  switch (topic) {
    case ConsentTopic::ShareIdentity:
      return "identity";
    case ConsentTopic::DirectContact:
      return "contact";
    case ConsentTopic::Credit:
      break;
  }
  return "credit";
}

std::string_view consentTopicLetter(ConsentTopic topic) {
  switch (topic) {
    case ConsentTopic::ShareIdentity:
      return "(ウ)";
    case ConsentTopic::DirectContact:
      return "(エ)";
    case ConsentTopic::Credit:
      break;
  }
  return "(オ)";
}

std::string describeConsentChanges(const std::vector<ConsentChange>& changes) {
  std::string text;
  for (const auto& c : changes) {
    text += (text.empty() ? "" : "; ") + std::string("consent ") +
            std::string(consentTopicLetter(c.topic)) + " " +
            std::string(consentTopicName(c.topic)) + " " + c.from + " -> " + c.to;
  }
  return text;
}

bool reporterExploitationMarks(std::string_view answer, bool alreadyMarked) {
  return answer == "yes" && !alreadyMarked;
}

}  // namespace cvdd::core
