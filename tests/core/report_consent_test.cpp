// The reporter's consents as they change, and the reporter's exploitation statement
// (000 ch.5 (ウ)(エ)(オ), (コ)), table-driven.

#include "core/report_consent.hpp"

#include <gtest/gtest.h>

using namespace cvdd::core;

namespace {

ConsentAnswers answers(std::string identity, std::string contact, std::string credit) {
  return {std::move(identity), std::move(contact), std::move(credit)};
}

}  // namespace

TEST(ConsentChanges, OnlyADefiniteAnswerThatDiffersChangesAConsent) {
  const auto stored = answers("yes", "no", "unknown");
  EXPECT_EQ(consentChanges(stored, answers("yes", "yes", "unknown")),
            (std::vector<ConsentChange>{{ConsentTopic::DirectContact, "no", "yes"}}));
  EXPECT_EQ(consentChanges(stored, answers("no", "no", "yes")),
            (std::vector<ConsentChange>{{ConsentTopic::ShareIdentity, "yes", "no"},
                                        {ConsentTopic::Credit, "unknown", "yes"}}));
  EXPECT_TRUE(consentChanges(stored, stored).empty());
}

TEST(ConsentChanges, AnUnansweredOrGarbledQuestionNeverWithdrawsAGivenAnswer) {
  const auto stored = answers("yes", "no", "yes");
  EXPECT_TRUE(consentChanges(stored, ConsentAnswers{}).empty());
  EXPECT_TRUE(consentChanges(stored, answers("", "maybe", "YES")).empty());
}

TEST(ConsentChanges, ApplyingThemGivesTheNewAnswers) {
  auto stored = answers("yes", "no", "unknown");
  const auto given = answers("unknown", "yes", "no");
  applyConsentChanges(stored, consentChanges(stored, given));
  EXPECT_EQ(stored, answers("yes", "yes", "no"));
}

TEST(UnansweredConsents, ListsEveryTopicWithoutAYesOrNoInSeedOrder) {
  EXPECT_EQ(unansweredConsents(ConsentAnswers{}),
            (std::vector<ConsentTopic>{ConsentTopic::ShareIdentity, ConsentTopic::DirectContact,
                                       ConsentTopic::Credit}));
  EXPECT_EQ(unansweredConsents(answers("no", "", "yes")),
            (std::vector<ConsentTopic>{ConsentTopic::DirectContact}));
  EXPECT_TRUE(unansweredConsents(answers("no", "no", "yes")).empty());
}

TEST(ConsentAnswer, TheOperatorSetsYesOrNoOnly) {
  EXPECT_EQ(consentAnswer("yes").value_or(""), "yes");
  EXPECT_EQ(consentAnswer("no").value_or(""), "no");
  for (const char* bad : {"unknown", "", "Yes", "y"}) {
    const auto r = consentAnswer(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, Errc::InvalidConfig);
  }
}

TEST(DescribeConsentChanges, NamesTheSeedLetterTheTopicAndOldToNew) {
  EXPECT_EQ(describeConsentChanges({{ConsentTopic::DirectContact, "no", "yes"},
                                    {ConsentTopic::Credit, "unknown", "yes"}}),
            "consent (エ) contact no -> yes; consent (オ) credit unknown -> yes");
  EXPECT_EQ(describeConsentChanges({}), "");
}

TEST(ReporterExploitationMarks, OnlyAYesOnACaseNotYetMarked) {
  struct Row {
    const char* answer;
    bool marked;
    bool marks;
  };
  for (const Row row : {Row{"yes", false, true}, Row{"yes", true, false}, Row{"no", false, false},
                        Row{"unknown", false, false}, Row{"", false, false}}) {
    EXPECT_EQ(reporterExploitationMarks(row.answer, row.marked), row.marks)
        << row.answer << " " << row.marked;
  }
}
