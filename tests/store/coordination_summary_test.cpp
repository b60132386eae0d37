// The case summary carries the coordination stage, the next deadline, the vendors waiting
// and the decisions due, kept by the store whenever a workflow or its deadlines change;
// related organisations round-trip in the workflow; raised alerts are kept until
// acknowledged. Older records decode with the new fields empty.

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "core/deadlines.hpp"
#include "store/record_codec.hpp"
#include "store/store.hpp"
#include "tests/core/workflow_fixture.hpp"
#include "tests/store/older_store.hpp"
#include "tests/store/temp_dir.hpp"

namespace cvdd::store {
namespace {

using namespace std::chrono;
using core::testing::jst;
using test::TempDir;

constexpr std::string_view kId = "CVD#00000042";

core::Case storedCase() {
  core::Case c;
  c.id = std::string(kId);
  c.reporter = "reporter@example.org";
  c.subject = "a report";
  c.receivedAt = core::testing::day0();
  return c;
}

/// Stores the case, then applies each command the daemon's way: workflow, deadline index
/// and case in one transaction each.
void applyAll(Store& store, const std::vector<core::Command>& commands, core::Timestamp now) {
  for (const auto& command : commands) {
    auto txn = store.write();
    core::CaseWorkflow fresh;
    fresh.caseId = std::string(kId);
    auto wf = txn.getWorkflow(kId).value_or(fresh);
    auto t = core::testing::step(wf, command, now);
    ASSERT_TRUE(t) << core::commandName(command) << ": " << t.error().what;
    txn.putWorkflow(t->workflow);
    for (const auto& e : t->effects) {
      if (const auto* s = std::get_if<core::effect::ScheduleDeadline>(&e))
        txn.scheduleDeadline(kId, s->deadline);
      if (const auto* c = std::get_if<core::effect::CancelDeadlines>(&e))
        for (const auto& key : c->keys) txn.cancelDeadline(kId, key);
    }
    txn.putCase(storedCase());
    txn.commit();
  }
}

CaseSummary summary(const Store& store) {
  const auto all = store.read().listCaseSummaries();
  EXPECT_EQ(all.size(), 1u);
  return all.empty() ? CaseSummary{} : all.front();
}

TEST(CoordinationSummary, FollowsTheWorkflowAndItsDeadlines) {
  using namespace core::command;
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  {
    auto txn = store.write();
    txn.putCase(storedCase());
    txn.commit();
  }
  EXPECT_FALSE(summary(store).stage);  // no workflow yet: the list shows the case state
  applyAll(store,
           {Accept{}, AddVendor{"acme", {"mail:psirt@acme.example"}, true},
            AddVendor{"beta", {"mail:sec@beta.example"}, true}, SendSummary{"acme"},
            SendSummary{"beta"}},
           core::testing::day0());
  auto s = summary(store);
  EXPECT_EQ(s.stage, core::CaseStage::Coordinating);
  EXPECT_EQ(s.vendorsWaiting, 2u);
  const auto pending = core::pendingDeadlines(
      *store.read().getWorkflow(kId), core::testing::defaultPolicy(), core::testing::tokyo());
  ASSERT_FALSE(pending.empty());
  ASSERT_TRUE(s.nextDeadline);
  EXPECT_EQ(*s.nextDeadline, pending.front());
  EXPECT_TRUE(s.decisions.empty());

  applyAll(store, {VendorRequestedDetails{"acme"}}, core::testing::day0() + hours{1});
  s = summary(store);
  EXPECT_EQ(s.vendorsWaiting, 1u);
  EXPECT_EQ(s.decisions, std::vector<std::string>{"send-details:acme"});
  // A putCase alone (a new timeline entry) keeps the coordination fields.
  {
    auto txn = store.write();
    auto c = storedCase();
    c.subject = "renamed";
    txn.putCase(c);
    txn.commit();
  }
  const auto kept = summary(store);
  EXPECT_EQ(kept.subject, "renamed");
  EXPECT_EQ(kept.stage, s.stage);
  EXPECT_EQ(kept.nextDeadline, s.nextDeadline);
  EXPECT_EQ(kept.decisions, s.decisions);

  // Removing every deadline (as firing would) clears the next one.
  {
    auto txn = store.write();
    for (const auto& d : txn.deadlinesOfCase(kId)) txn.cancelDeadline(kId, d.deadline.key());
    txn.commit();
  }
  EXPECT_FALSE(summary(store).nextDeadline);
}

TEST(CoordinationSummary, OlderSummaryRecordsDecodeWithoutTheFields) {
  auto j = nlohmann::json::parse(codec::encodeCaseSummary(summaryOf(storedCase())));
  for (const char* field :
       {"stage", "nextDeadline", "vendorsWaiting", "publicationDate", "decisions"})
    j.erase(field);
  const auto old = codec::decodeCaseSummary(j.dump());
  EXPECT_FALSE(old.stage);
  EXPECT_FALSE(old.nextDeadline);
  EXPECT_EQ(old.vendorsWaiting, 0u);
  EXPECT_TRUE(old.decisions.empty());
  EXPECT_EQ(old.id, kId);

  CaseSummary full = summaryOf(storedCase());
  full.stage = core::CaseStage::PublicationScheduled;
  full.nextDeadline =
      core::Deadline{core::DeadlineKind::PublicationDue, "", 2026y / 1 / 14, jst(2026y / 1 / 14)};
  full.vendorsWaiting = 3;
  full.publicationDate = 2026y / 1 / 14;
  full.decisions = {"committee:acme", "assess"};
  EXPECT_EQ(codec::decodeCaseSummary(codec::encodeCaseSummary(full)), full);
}

// The summary is decoded from the parser's events (store/case_summary_decoder.cpp): what
// it refuses and what it skips, as the record codec does for every other record.
TEST(CoordinationSummary, MalformedSummariesAreRefusedUnknownFieldsSkipped) {
  CaseSummary full = summaryOf(storedCase());
  full.stage = core::CaseStage::Coordinating;
  full.nextDeadline = core::Deadline{core::DeadlineKind::UnreachableWarning, "acme", 2026y / 2 / 21,
                                     jst(2026y / 2 / 21)};
  full.decisions = {"send-details:acme"};
  const auto j = nlohmann::json::parse(codec::encodeCaseSummary(full));

  auto extra = j;  // a later version's field
  extra["laterField"] = {{"nested", {1, 2, {{"deeper", true}}}}};
  EXPECT_EQ(codec::decodeCaseSummary(extra.dump()), full);

  for (const char* field :
       {"id", "state", "reporter", "subject", "receivedAt", "language", "messages"}) {
    auto missing = j;
    missing.erase(field);
    EXPECT_THROW(codec::decodeCaseSummary(missing.dump()), std::invalid_argument) << field;
  }
  const std::vector<std::pair<const char*, nlohmann::json>> bad{
      {"id", 7},
      {"receivedAt", "yesterday"},
      {"messages", nlohmann::json::array()},
      {"stage", "pondering"},
      {"state", "lost"},
      {"nextDeadline", {"unreachable", "acme", "2026-02-30", 0}},
      {"nextDeadline", {"unreachable", "acme"}},
      {"nextDeadline", "soon"},
      {"decisions", {nullptr}},
      {"publicationDate", 20260114},
  };
  for (const auto& [field, value] : bad) {
    auto wrong = j;
    wrong[field] = value;
    EXPECT_THROW(codec::decodeCaseSummary(wrong.dump()), std::invalid_argument)
        << field << " = " << value.dump();
  }
  EXPECT_THROW(codec::decodeCaseSummary("{\"id\": "), std::invalid_argument);
}

TEST(CoordinationSummary, AStoreWrittenBeforeTheFieldsGetsThemWhenOpened) {
  using namespace core::command;
  TempDir tmp;
  CaseSummary filled;
  {
    Store store = Store::open(tmp.storeDir());
    applyAll(store,
             {Accept{}, AddVendor{"acme", {"mail:psirt@acme.example"}, true}, SendSummary{"acme"}},
             core::testing::day0());
    filled = summary(store);
  }
  ASSERT_EQ(filled.stage, core::CaseStage::Coordinating);
  // As an older version left it: the summary without the fields, a schema-1 store not
  // marked summary_coordination.
  test::withRawLmdb(tmp.storeDir(), [](MDB_txn* txn) {
    MDB_dbi summaries = 0;
    ASSERT_EQ(mdb_dbi_open(txn, "case_summaries", 0, &summaries), 0);
    const std::string old = codec::encodeCaseSummary(summaryOf(storedCase()));
    MDB_val key{kId.size(), const_cast<char*>(kId.data())};
    MDB_val value{old.size(), const_cast<char*>(old.data())};
    ASSERT_EQ(mdb_put(txn, summaries, &key, &value, 0), 0);
  });
  test::setSchema(tmp.storeDir(), "1");
  Store reopened = test::openUpgrading(tmp.storeDir());
  EXPECT_EQ(summary(reopened), filled);
}

TEST(CoordinationSummary, RelatedOrganisationsRoundTripAndOlderWorkflowsHaveNone) {
  auto wf = core::testing::run(
      core::testing::detailsSent(),
      {core::command::AddRelatedOrganisation{"sub", "acme", {"mail:sec@sub.example"}},
       core::command::SendRelatedDetails{"sub"},
       core::command::RelatedOrganisationAnswered{"sub", "我々も影響を受けます"}});
  const auto decoded = codec::decodeWorkflow(codec::encodeWorkflow(wf));
  ASSERT_EQ(decoded.relatedOrganisations.size(), 1u);
  const auto& r = decoded.relatedOrganisations[0];
  EXPECT_EQ(r.organisationId, "sub");
  EXPECT_EQ(r.sharedBy, "acme");
  EXPECT_EQ(r.channels, std::vector<std::string>{"mail:sec@sub.example"});
  EXPECT_EQ(r.addedAt, wf.relatedOrganisations[0].addedAt);
  EXPECT_EQ(r.detailsSentAt, wf.relatedOrganisations[0].detailsSentAt);
  ASSERT_EQ(r.answers.size(), 1u);
  EXPECT_EQ(r.answers[0].text, "我々も影響を受けます");
  EXPECT_EQ(r.answers[0].at, wf.relatedOrganisations[0].answers[0].at);

  auto j = nlohmann::json::parse(codec::encodeWorkflow(wf));
  j.erase("relatedOrganisations");  // written before related organisations took part
  EXPECT_TRUE(codec::decodeWorkflow(j.dump()).relatedOrganisations.empty());

  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  {
    auto txn = store.write();
    txn.putWorkflow(wf);
    txn.commit();
  }
  Store reopened = Store::open(tmp.storeDir());
  EXPECT_EQ(reopened.read().getWorkflow(kId)->relatedOrganisations.size(), 1u);
}

TEST(RaisedAlerts, KeptOpenUntilAcknowledgedOnce) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  {
    auto txn = store.write();
    EXPECT_EQ(txn.addAlert({0, std::string(kId), "DETAILS_REQUESTED", "acme asked",
                            core::testing::day0(), "", std::nullopt}),
              1u);
    EXPECT_EQ(txn.addAlert({0, std::string(kId), "VENDOR_UNREACHABLE", "beta silent",
                            core::testing::day0(), "", std::nullopt}),
              2u);
    txn.commit();
  }
  {
    auto txn = store.write();  // aborted: nothing of it stays
    txn.addAlert({0, "", "X", "x", core::testing::day0(), "", std::nullopt});
  }
  EXPECT_EQ(store.read().listAlerts(true).size(), 2u);
  {
    auto txn = store.write();
    EXPECT_TRUE(txn.acknowledgeAlert(1, "operator:alice", core::testing::day0() + hours{1}));
    EXPECT_FALSE(txn.acknowledgeAlert(1, "operator:bob", core::testing::day0() + hours{2}));
    EXPECT_FALSE(txn.acknowledgeAlert(9, "operator:bob", core::testing::day0()));
    txn.commit();
  }
  auto txn = store.read();
  const auto open = txn.listAlerts(true);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].code, "VENDOR_UNREACHABLE");
  const auto all = txn.listAlerts(false);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].acknowledgedBy, "operator:alice");
  EXPECT_EQ(all[0].acknowledgedAt, core::testing::day0() + hours{1});
  EXPECT_EQ(codec::decodeRaisedAlert(codec::encodeRaisedAlert(all[0])), all[0]);
}

}  // namespace
}  // namespace cvdd::store
