// A related organisation (003 §8-2) takes part in a case as its own kind of participant:
// details under a vendor's confidentiality, answers recorded, no status, no clocks.

#include <gtest/gtest.h>

#include "core/deadlines.hpp"
#include "core/lifecycle.hpp"
#include "core/vendor_disclosure.hpp"
#include "tests/core/workflow_fixture.hpp"

using namespace cvdd::core;
using namespace cvdd::core::testing;
using namespace std::chrono;

namespace {

const std::vector<std::string>& subChannels() {
  static const std::vector<std::string> channels{"mail:sec@sub.example"};
  return channels;
}

CaseWorkflow relatedAdded() {
  return run(detailsSent(), {command::AddRelatedOrganisation{"sub", "acme", subChannels()}});
}

CaseWorkflow relatedInformed() {
  return run(relatedAdded(), {command::SendRelatedDetails{"sub"}});
}

std::vector<std::string> deadlineKeys(const CaseWorkflow& wf) {
  std::vector<std::string> keys;
  for (const auto& d : deadlinesFor(wf, defaultPolicy(), tokyo())) keys.push_back(d.key());
  return keys;
}

}  // namespace

TEST(RelatedOrganisation, AddedBesideTheVendorsNotAmongThem) {
  const auto t = step(detailsSent(), command::AddRelatedOrganisation{"sub", "acme", subChannels()},
                      day0() + hours{1});
  ASSERT_TRUE(t) << t.error().what;
  const auto& wf = t->workflow;
  EXPECT_EQ(wf.vendors.size(), 1u);
  EXPECT_EQ(wf.vendor("sub"), nullptr);
  const auto* r = wf.relatedOrganisation("sub");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->sharedBy, "acme");
  EXPECT_EQ(r->channels, subChannels());
  EXPECT_EQ(r->addedAt, day0() + hours{1});
  EXPECT_FALSE(r->detailsSentAt);
  EXPECT_TRUE(t->effects.empty());  // no notice, no deadline: it has no clocks
  EXPECT_EQ(t->event.command, "add-related");
  EXPECT_EQ(wf.stage, CaseStage::Coordinating);
}

TEST(RelatedOrganisation, OnlyAVendorThatHasTheDetailsSharesThem) {
  // acme has only been sent the summary: it has nothing to share yet.
  auto t =
      step(summarySent(), command::AddRelatedOrganisation{"sub", "acme", subChannels()}, day0());
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, Errc::IllegalTransition);
  EXPECT_NE(t.error().what.find("has not been sent the details"), std::string::npos);
  t = step(detailsSent(), command::AddRelatedOrganisation{"sub", "nobody", subChannels()}, day0());
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, Errc::NotFound);
  t = step(detailsSent(), command::AddRelatedOrganisation{"sub", "", subChannels()}, day0());
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, Errc::InvalidConfig);
  t = step(relatedAdded(), command::AddRelatedOrganisation{"sub", "acme", subChannels()}, day0());
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, Errc::Duplicate);
  t = step(detailsSent(), command::AddRelatedOrganisation{"acme", "acme", {}}, day0());
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, Errc::IllegalTransition);
  t = step(accepted(), command::AddRelatedOrganisation{"sub", "acme", subChannels()}, day0());
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, Errc::IllegalTransition);
}

TEST(RelatedOrganisation, DetailsGoOutConfidentialOnce) {
  const auto t = step(relatedAdded(), command::SendRelatedDetails{"sub"}, day0() + hours{2});
  ASSERT_TRUE(t) << t.error().what;
  const auto notices = effectsOf<effect::SendNotice>(*t);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0], (effect::SendNotice{"related-organisation-details",
                                            NoticeRecipient::RelatedOrganisation, "sub", true}));
  EXPECT_EQ(t->workflow.relatedOrganisation("sub")->detailsSentAt, day0() + hours{2});
  // The vendor's own state is untouched.
  EXPECT_EQ(t->workflow.vendor("acme")->attempts.size(),
            detailsSent().vendor("acme")->attempts.size());

  auto again = step(t->workflow, command::SendRelatedDetails{"sub"}, day0() + hours{3});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::IllegalTransition);
  auto unknown = step(relatedAdded(), command::SendRelatedDetails{"other"}, day0());
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Errc::NotFound);
}

TEST(RelatedOrganisation, AnswersAreRecordedAndChangeNoStatusOrClock) {
  const auto before = relatedInformed();
  const auto t = step(before, command::RelatedOrganisationAnswered{"sub", "we ship acme's lib"},
                      day0() + hours{5});
  ASSERT_TRUE(t) << t.error().what;
  const auto& wf = t->workflow;
  const auto* r = wf.relatedOrganisation("sub");
  ASSERT_EQ(r->answers.size(), 1u);
  EXPECT_EQ(r->answers[0].at, day0() + hours{5});
  EXPECT_EQ(r->answers[0].text, "we ship acme's lib");
  EXPECT_TRUE(t->effects.empty());
  EXPECT_EQ(wf.stage, before.stage);
  const auto* acme = wf.vendor("acme");
  EXPECT_EQ(acme->phase, before.vendor("acme")->phase);
  EXPECT_EQ(acme->publicStatus, before.vendor("acme")->publicStatus);
  EXPECT_EQ(acme->lastResponseAt, before.vendor("acme")->lastResponseAt);
  EXPECT_EQ(deadlineKeys(wf), deadlineKeys(before));

  auto empty = step(before, command::RelatedOrganisationAnswered{"sub", ""}, day0());
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, Errc::InvalidConfig);
  auto unknown = step(before, command::RelatedOrganisationAnswered{"other", "hi"}, day0());
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Errc::NotFound);
}

TEST(RelatedOrganisation, HasNoDeadlines) {
  // Every pending deadline still belongs to a vendor or to the case, never to "sub".
  for (const auto& d : deadlinesFor(relatedInformed(), defaultPolicy(), tokyo()))
    EXPECT_NE(d.vendorId, "sub") << d.key();
  EXPECT_EQ(deadlineKeys(relatedInformed()), deadlineKeys(detailsSent()));
}

TEST(RelatedOrganisation, InformedOnesHearOfCaseWideChangesButNotReminders) {
  auto wf = run(relatedInformed(),
                {command::VendorStatement{"acme", PublicStatus::Affected, "", "", true, false},
                 // "late" has been added but not sent the details: it hears nothing.
                 command::AddRelatedOrganisation{"late", "acme", {"mail:late@sub.example"}}});
  auto related = [](const Transition& t) {
    std::vector<std::string> ids;
    for (const auto& n : effectsOf<effect::SendNotice>(t))
      if (n.recipient == NoticeRecipient::RelatedOrganisation) {
        EXPECT_EQ(n.notice, "related-organisation-update");
        EXPECT_TRUE(n.confidential);
        ids.push_back(n.vendorId);
      }
    return ids;
  };
  const std::vector<std::string> sub{"sub"};
  auto set = step(wf, command::SetPublicationDate{2026y / 1 / 14}, day0());
  ASSERT_TRUE(set);
  EXPECT_EQ(related(*set), sub);
  auto moved =
      step(set->workflow, command::MovePublicationDate{2026y / 1 / 21, "fix late"}, day0());
  ASSERT_TRUE(moved);
  EXPECT_EQ(related(*moved), sub);
  auto cancelled = step(moved->workflow, command::Cancel{CancelReason::NoImpact, ""}, day0());
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(related(*cancelled), sub);
  auto published = step(moved->workflow, command::Publish{}, jst(2026y / 1 / 21));
  ASSERT_TRUE(published);
  EXPECT_EQ(related(*published), sub);
  // The publication reminder asks vendors for their status: not for related organisations.
  for (const auto& d : deadlinesFor(moved->workflow, defaultPolicy(), tokyo())) {
    if (d.kind != DeadlineKind::PublicationReminder) continue;
    auto fired = step(moved->workflow, command::DeadlineFired{d}, d.due);
    ASSERT_TRUE(fired) << fired.error().what;
    EXPECT_TRUE(related(*fired).empty());
  }
}

TEST(RelatedOrganisation, CommandNamesAreStable) {
  EXPECT_EQ(commandName(command::AddRelatedOrganisation{}), "add-related");
  EXPECT_EQ(commandName(command::SendRelatedDetails{}), "send-related-details");
  EXPECT_EQ(commandName(command::RelatedOrganisationAnswered{}), "related-organisation-answer");
  EXPECT_TRUE(
      noticeIsConfidential("related-organisation-details", NoticeRecipient::RelatedOrganisation));
  EXPECT_TRUE(
      noticeIsConfidential("related-organisation-update", NoticeRecipient::RelatedOrganisation));
}

TEST(RelatedOrganisation, ItsDetailsNoticeIsGatedLikeAVendors) {
  // daemon/coordination.cpp refuses a command whose notices carry details not yet released.
  EXPECT_TRUE(noticeCarriesDetails("related-organisation-details"));
  EXPECT_FALSE(noticeCarriesDetails("related-organisation-update"));
}
