#include "core/operator_view.hpp"

#include <gtest/gtest.h>

#include "tests/core/workflow_fixture.hpp"

using namespace cvdd::core;
using namespace cvdd::core::testing;

TEST(VendorsWaiting, CountsContactedVendorsWithoutAnAnswerOrStatus) {
  EXPECT_EQ(vendorsWaiting(identified()), 0u);        // not contacted yet
  EXPECT_EQ(vendorsWaiting(summarySent()), 1u);       // summary, no answer
  EXPECT_EQ(vendorsWaiting(detailsRequested()), 0u);  // the coordinator owes it the details
  EXPECT_EQ(vendorsWaiting(detailsSent()), 1u);       // details, no status yet
  EXPECT_EQ(vendorsWaiting(statementGiven()), 0u);
  EXPECT_EQ(vendorsWaiting(noAffectedProduct()), 0u);
  EXPECT_EQ(vendorsWaiting(twoVendors()), 1u);  // beta is not contacted
  // A related organisation is never a vendor waited for.
  const auto related = run(detailsSent(), {command::AddRelatedOrganisation{"sub", "acme", {}},
                                           command::SendRelatedDetails{"sub"}});
  EXPECT_EQ(vendorsWaiting(related), 1u);
}

TEST(DueDecisions, DetailsRequestedCommitteeAndAssessment) {
  EXPECT_TRUE(dueDecisions(summarySent()).empty());
  EXPECT_EQ(dueDecisions(detailsRequested()), std::vector<std::string>{"send-details:acme"});
  auto impossible = summarySent();
  impossible.vendors[0].coordinationImpossible = true;
  EXPECT_EQ(dueDecisions(impossible), (std::vector<std::string>{"committee:acme", "assess"}));
  impossible.assessment = Assessment{Impact::Normal, true};
  EXPECT_EQ(dueDecisions(impossible), std::vector<std::string>{"committee:acme"});
  // Once the committee has ruled, nothing more is due for that vendor.
  for (const auto outcome : kCommitteeOutcomes) {
    auto ruled = impossible;
    ruled.vendors[0].committeeOutcome = outcome;
    ruled.vendors[0].handlingEnded = outcome == CommitteeOutcome::EndHandling;
    EXPECT_TRUE(dueDecisions(ruled).empty()) << committeeOutcomeName(outcome);
    EXPECT_EQ(vendorsWaiting(ruled), outcome == CommitteeOutcome::EndHandling ? 0u : 1u);
  }
  // A case out of coordination has nothing due.
  auto done = published();
  done.vendors[0].coordinationImpossible = true;
  EXPECT_TRUE(dueDecisions(done).empty());
}

TEST(PublicationOverdue, OnlyAScheduledCaseAfterItsDate) {
  using namespace std::chrono;
  EXPECT_FALSE(publicationOverdue(CaseStage::PublicationScheduled, 2026y / 1 / 14, 2026y / 1 / 14));
  EXPECT_TRUE(publicationOverdue(CaseStage::PublicationScheduled, 2026y / 1 / 14, 2026y / 1 / 15));
  EXPECT_FALSE(publicationOverdue(CaseStage::Published, 2026y / 1 / 14, 2026y / 1 / 15));
}
