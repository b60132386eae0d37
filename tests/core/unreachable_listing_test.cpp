// The unreachable-vendors list (003 §7, figures 3–5): inquiry numbers, the listing's stages
// on the deadline engine, the answer that takes a vendor off the list, the public entries,
// and DID# subjects in thread matching and the intake decision.

#include "core/unreachable_listing.hpp"

#include <gtest/gtest.h>

#include "core/inquiry_number.hpp"
#include "core/intake.hpp"
#include "core/thread_match.hpp"
#include "tests/core/workflow_fixture.hpp"

using namespace cvdd::core;
using namespace cvdd::core::testing;
using namespace std::chrono;

namespace {

// Six months between the listing and coordination impossible (003 §7-2's longer course),
// so the product stage (listing + 3) and the contact deadline come apart.
const DeadlinePolicy& separatedPolicy() {
  static const DeadlinePolicy policy = [] {
    DeadlinePolicy p;
    p.coordinationImpossibleMonths = 9;
    return p;
  }();
  return policy;
}

struct Fired {
  CaseWorkflow workflow;
  std::vector<std::string> keys;
  std::vector<std::string> alerts;
};

Fired fireAllDue(CaseWorkflow wf, Timestamp now, const DeadlinePolicy& policy) {
  Fired out;
  for (int guard = 0; guard < 100; ++guard) {
    const auto due = dueDeadlines(wf, policy, tokyo(), now);
    if (due.empty()) break;
    auto t = step(wf, command::DeadlineFired{due.front()}, now, tokyo(), policy);
    EXPECT_TRUE(t.has_value()) << due.front().key() << ": " << (t ? "" : t.error().what);
    if (!t) break;
    out.keys.push_back(due.front().key());
    for (auto& a : alertCodes(*t)) out.alerts.push_back(a);
    wf = std::move(t->workflow);
  }
  out.workflow = std::move(wf);
  return out;
}

// acme declared unreachable (no channel) on day0, 2025-11-30; the store would number it.
CaseWorkflow listed() {
  auto wf = run(summarySent(), {command::MarkUnreachable{"acme", UnreachableReason::NoChannel}});
  for (auto& v : wf.vendors)
    if (v.vendorId == "acme") v.inquiryNumber = "DID#00007";
  return wf;
}

ListingFacts facts() {
  ListingFacts f;
  f.vendors["acme"] = {"Acme Corporation", "https://acme.example/"};
  f.caseProducts["CVD#00000042"] = "Acme Router 2.1";
  return f;
}

}  // namespace

TEST(InquiryNumber, FormatsWithFiveDigitsAtLeast) {
  EXPECT_EQ(formatInquiryNumber(1), "DID#00001");
  EXPECT_EQ(formatInquiryNumber(99999), "DID#99999");
  EXPECT_EQ(formatInquiryNumber(100000), "DID#100000");
}

TEST(InquiryNumber, IsFoundInASubjectOnlyAsAWholeWord) {
  EXPECT_EQ(findInquiryNumber("Re: DID#00042"), "DID#00042");
  EXPECT_EQ(findInquiryNumber("Inquiry did#00042: we are the developer"), "DID#00042");
  EXPECT_EQ(findInquiryNumber("[DID#123456] ok"), "DID#123456");
  for (const char* none :
       {"Re: DID#0042", "XDID#00042", "DID#00042a", "DID#", "no number", "DID#1234567890123"}) {
    EXPECT_EQ(findInquiryNumber(none), std::nullopt) << none;
  }
}

TEST(UnreachableStages, ProductsThenContactDeadlineEachFireOnceAsHistory) {
  const auto wf = listed();
  // Listed by name: the product stage is scheduled three months on.
  const auto pending = pendingDeadlines(wf, separatedPolicy(), tokyo());
  const auto product = std::find_if(pending.begin(), pending.end(), [](const Deadline& d) {
    return d.kind == DeadlineKind::ProductDisclosure;
  });
  ASSERT_NE(product, pending.end());
  EXPECT_EQ(product->key(), "product-disclosure/acme/2026-02-28");

  const auto disclosed = fireAllDue(wf, jst(2026y / 3 / 1), separatedPolicy());
  EXPECT_EQ(disclosed.keys, std::vector<std::string>{"product-disclosure/acme/2026-02-28"});
  EXPECT_TRUE(disclosed.alerts.empty());  // a history event; nobody must act
  const auto& acme = *disclosed.workflow.vendor("acme");
  EXPECT_EQ(acme.productsDisclosedAt, jst(2026y / 3 / 1));
  EXPECT_FALSE(acme.contactDeadline);
  EXPECT_EQ(disclosed.workflow.history.back().command, "deadline-fired");
  EXPECT_NE(disclosed.workflow.history.back().detail.find("product name and version added"),
            std::string::npos);
  EXPECT_NE(disclosed.workflow.history.back().detail.find("DID#00007"), std::string::npos);
  // Never again: nothing of the kind is pending once fired.
  EXPECT_TRUE(fireAllDue(disclosed.workflow, jst(2026y / 3 / 2), separatedPolicy()).keys.empty());

  // Coordination impossible six months after the listing adds the contact deadline, three
  // months after that day (figure 5).
  const auto impossible = fireAllDue(disclosed.workflow, jst(2026y / 5 / 31), separatedPolicy());
  EXPECT_EQ(impossible.keys,
            (std::vector<std::string>{"coordination-impossible-warning/acme/2026-05-23",
                                      "coordination-impossible/acme/2026-05-30"}));
  const auto& later = *impossible.workflow.vendor("acme");
  EXPECT_TRUE(later.coordinationImpossible);
  EXPECT_EQ(later.contactDeadline, CivilDate{2026y / 8 / 30});
  EXPECT_EQ(later.contactDeadlineAddedAt, jst(2026y / 5 / 31));
  EXPECT_NE(impossible.workflow.history.back().detail.find(
                "coordination-impossible/acme/2026-05-30; contact deadline 2026-08-30 added"),
            std::string::npos)
      << impossible.workflow.history.back().detail;

  const auto entries = unreachableListing({impossible.workflow}, facts(), tokyo());
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].stage, ListingStage::ContactDeadline);
  EXPECT_EQ(entries[0].products, "Acme Router 2.1");
  EXPECT_EQ(entries[0].productsDisclosedOn, CivilDate{2026y / 3 / 1});
  EXPECT_EQ(entries[0].contactDeadline, CivilDate{2026y / 8 / 30});
}

TEST(UnreachableStages, WithTheDefaultsTheProductsComeWithTheContactDeadlineOnOneClock) {
  // Listing + 3 months is both the product stage and coordination impossible (000 ch.5's
  // six months): no second clock for the same day.
  const auto wf = listed();
  for (const auto& d : pendingDeadlines(wf, defaultPolicy(), tokyo()))
    EXPECT_NE(d.kind, DeadlineKind::ProductDisclosure) << d.key();
  const auto fired = fireAllDue(wf, jst(2026y / 3 / 1), defaultPolicy());
  EXPECT_EQ(fired.keys, (std::vector<std::string>{"coordination-impossible-warning/acme/2026-02-21",
                                                  "coordination-impossible/acme/2026-02-28"}));
  EXPECT_EQ(fired.alerts, (std::vector<std::string>{"COORDINATION_IMPOSSIBLE"}));
  const auto& acme = *fired.workflow.vendor("acme");
  EXPECT_EQ(acme.productsDisclosedAt, jst(2026y / 3 / 1));
  EXPECT_EQ(acme.contactDeadline, CivilDate{2026y / 5 / 28});
  EXPECT_NE(fired.workflow.history.back().detail.find(
                "product name and version and contact deadline 2026-05-28 added to the "
                "unreachable-vendors list (DID#00007)"),
            std::string::npos)
      << fired.workflow.history.back().detail;
  const auto entries = unreachableListing({fired.workflow}, facts(), tokyo());
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].stage, ListingStage::ContactDeadline);
  EXPECT_EQ(entries[0].products, "Acme Router 2.1");
}

TEST(UnreachableStages, TheAnswerToItsInquiryResumesTheVendorAndClearsTheStages) {
  const auto disclosed = fireAllDue(listed(), jst(2026y / 3 / 1), separatedPolicy()).workflow;
  auto t = step(disclosed, command::InquiryAnswered{"acme", "DID#00007", "mail:psirt@acme.example"},
                jst(2026y / 3 / 5), tokyo(), separatedPolicy());
  ASSERT_TRUE(t) << t.error().what;
  EXPECT_EQ(t->event.command, "inquiry-answered");
  EXPECT_NE(t->event.detail.find("answered inquiry DID#00007"), std::string::npos);
  EXPECT_NE(t->event.detail.find("off the unreachable-vendors list"), std::string::npos);
  EXPECT_EQ(alertCodes(*t), std::vector<std::string>{"VENDOR_RESUMED"});
  const auto& acme = *t->workflow.vendor("acme");
  EXPECT_EQ(acme.reachability, Reachability::Resumed);
  EXPECT_EQ(acme.inquiryNumber, "DID#00007");               // kept, for history and a later listing
  EXPECT_EQ(acme.productsDisclosedAt, jst(2026y / 3 / 1));  // kept: the statistics count it
  EXPECT_FALSE(listedUnreachable(t->workflow, acme));
  EXPECT_EQ(acme.attempts.back().result, ContactResult::Answered);
  // Its listing clocks are gone.
  for (const auto& d : pendingDeadlines(t->workflow, separatedPolicy(), tokyo())) {
    EXPECT_NE(d.kind, DeadlineKind::ProductDisclosure) << d.key();
    EXPECT_NE(d.kind, DeadlineKind::CoordinationImpossible) << d.key();
  }
  EXPECT_TRUE(unreachableListing({t->workflow}, facts(), tokyo()).empty());

  // Listed again later, it starts from its name: the old disclosure is not this listing's.
  auto again = step(t->workflow, command::MarkUnreachable{"acme", UnreachableReason::NoChannel},
                    jst(2026y / 6 / 1), tokyo(), separatedPolicy());
  ASSERT_TRUE(again) << again.error().what;
  EXPECT_FALSE(productsDisclosed(*again->workflow.vendor("acme")));
  const auto relisted = unreachableListing({again->workflow}, facts(), tokyo());
  ASSERT_EQ(relisted.size(), 1u);
  EXPECT_EQ(relisted[0].stage, ListingStage::Listed);
  EXPECT_EQ(relisted[0].products, "");

  auto unknown =
      step(disclosed, command::InquiryAnswered{"nobody", "DID#00007", ""}, jst(2026y / 3 / 5));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Errc::NotFound);
}

TEST(UnreachableListing, ShowsOnlyListedVendorsByOrganisationWithoutCaseOrProductsUntilDisclosed) {
  const auto wf = listed();
  auto other = run(twoVendors(), {command::SendSummary{"beta"}});
  other.caseId = "CVD#00000043";  // beta contacted, not unreachable: not listed

  const auto entries = unreachableListing({wf, other}, facts(), tokyo());
  ASSERT_EQ(entries.size(), 1u);
  const auto& e = entries[0];
  EXPECT_EQ(e.inquiryNumber, "DID#00007");
  EXPECT_EQ(e.vendorName, "Acme Corporation");
  EXPECT_EQ(e.relatedLink, "https://acme.example/");
  EXPECT_EQ(e.listedOn, CivilDate{2025y / 11 / 30});
  EXPECT_EQ(e.products, "");  // not disclosed yet
  EXPECT_FALSE(e.productsDisclosedOn);
  EXPECT_EQ(e.reason, UnreachableReason::NoChannel);
  EXPECT_EQ(e.stage, ListingStage::Listed);

  // Without a registry entry the vendor id stands in; a stopped case lists nobody.
  EXPECT_EQ(unreachableListing({wf}, ListingFacts{}, tokyo())[0].vendorName, "acme");
  const auto ended = run(wf, {command::Stop{StopReason::OutOfScope, ""}});
  EXPECT_TRUE(unreachableListing({ended}, facts(), tokyo()).empty());
  // Unnumbered (never written by the store): nobody could answer it, so not shown.
  auto unnumbered = wf;
  unnumbered.vendors[0].inquiryNumber.clear();
  EXPECT_TRUE(unreachableListing({unnumbered}, facts(), tokyo()).empty());
}

TEST(UnreachableListing, IsOrderedByInquiryNumber) {
  auto a = listed();
  a.vendors[0].inquiryNumber = "DID#100000";
  auto b = listed();
  b.caseId = "CVD#00000043";
  b.vendors[0].inquiryNumber = "DID#99999";
  const auto entries = unreachableListing({a, b}, facts(), tokyo());
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].inquiryNumber, "DID#99999");
  EXPECT_EQ(entries[1].inquiryNumber, "DID#100000");
}

TEST(InquiryThreading, ADidNumberNamesItsCaseAndVendorAndAnUnknownOneIsQuarantined) {
  ThreadLookups lookups;
  lookups.caseForToken = [](std::string_view) { return std::nullopt; };
  lookups.caseForSentMessage = [](std::string_view) { return std::nullopt; };
  lookups.caseExists = [](std::string_view id) { return id == "CVD#00000042"; };
  lookups.inquiryRoute = [](std::string_view number) -> std::optional<InquiryRoute> {
    if (number == "DID#00007") return InquiryRoute{"CVD#00000042", "acme"};
    return std::nullopt;
  };
  const auto known = matchThread({{}, {}, "Re: DID#00007 we are the developer"}, "CVD", lookups);
  EXPECT_EQ(known.caseId, "CVD#00000042");
  EXPECT_EQ(known.by, MatchedBy::Inquiry);
  EXPECT_EQ(known.inquiryVendor, "acme");
  EXPECT_EQ(matchedByName(known.by), "inquiry");

  const auto unknown = matchThread({{}, {}, "Re: DID#00008"}, "CVD", lookups);
  EXPECT_FALSE(unknown.caseId);
  EXPECT_EQ(unknown.inquiryNumber, "DID#00008");
  IntakeFacts f;
  f.unknownInquiry = unknown.inquiryNumber;
  const auto decision = decideIntake(f);
  const auto* q = std::get_if<Quarantine>(&decision);
  ASSERT_NE(q, nullptr) << "an unknown DID# never opens a report case";
  EXPECT_NE(q->reason.find("DID#00008"), std::string::npos);
  EXPECT_FALSE(q->caseId);
}
