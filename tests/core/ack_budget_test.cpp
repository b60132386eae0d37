#include "core/ack_budget.hpp"

#include <gtest/gtest.h>

using namespace cvdd::core;

TEST(AckBudget, OneMoreFitsWhileEveryCountIsBelowItsBudget) {
  EXPECT_EQ(ackRefusal({4, 19, 199}, {5, 20, 200}, "a@x.example"), std::nullopt);
  EXPECT_EQ(ackRefusal({0, 0, 0}, {5, 20, 200}, "a@x.example"), std::nullopt);
}

TEST(AckBudget, TheNarrowestSpentBudgetIsNamed) {
  const AckBudget budget{5, 20, 200};
  EXPECT_EQ(ackRefusal({5, 20, 200}, budget, "a@x.example"),
            "acknowledgement rate limit reached for a@x.example");
  EXPECT_EQ(ackRefusal({0, 20, 200}, budget, "a@X.example"),
            "acknowledgement rate limit reached for domain x.example");
  EXPECT_EQ(ackRefusal({0, 0, 200}, budget, "a@x.example"),
            "acknowledgement rate limit reached for all senders");
}

TEST(AckBudget, AZeroBudgetSendsNothing) {
  EXPECT_TRUE(ackRefusal({0, 0, 0}, {5, 20, 0}, "a@x.example"));
  EXPECT_TRUE(ackRefusal({0, 0, 0}, {0, 20, 200}, "a@x.example"));
}

TEST(AckBudget, SenderDomainIsLowerCaseAfterTheLastAt) {
  EXPECT_EQ(senderDomain("Alice@Example.ORG"), "example.org");
  EXPECT_EQ(senderDomain("\"a@b\"@c.example"), "c.example");
  EXPECT_EQ(senderDomain("nobody"), "");
}
