#include "daemon/key_propagation.hpp"

#include <gtest/gtest.h>

#include "core/lifecycle.hpp"
#include "temp_dir.hpp"

using namespace cvdd;
using namespace std::chrono_literals;

namespace {

const core::Timestamp kNow{std::chrono::sys_days{2026y / 12 / 7} + 9h};
constexpr const char* kOld = "1111111111111111111111111111111111111111";
constexpr const char* kNew = "2222222222222222222222222222222222222222";

core::Case caseWith(const std::string& id) {
  core::Case c;
  c.id = id;
  c.reporter = "reporter@example.org";
  c.participants = {
      {"reporter@example.org", core::ParticipantRole::Reporter, "", std::nullopt},
      {"psirt@acme.example", core::ParticipantRole::Vendor, "Acme", std::string(kOld)}};
  return c;
}

}  // namespace

TEST(BindContactKey, ANewVendorKeyReachesEveryOpenCaseAndTheRegistry) {
  test::TempDir dir;
  auto store = store::Store::open(dir.path() / "db", 16 << 20);
  {
    auto txn = store.write();
    store::VendorRecord acme;
    acme.id = "acme";
    acme.organisation = "Acme";
    acme.contacts = {{"psirt@acme.example", "PSIRT", std::string(kOld)}};
    txn.putVendor(acme);
    for (const char* id : {"CVD#00000001", "CVD#00000002"}) txn.putCase(caseWith(id));
    core::CaseWorkflow closed;
    closed.caseId = "CVD#00000002";
    closed.stage = core::CaseStage::Closed;
    txn.putWorkflow(closed);
    txn.commit();
  }
  auto txn = store.write();
  const auto changed = daemon::bindContactKey(txn, "PSIRT@acme.example", kNew, "alice", kNow);
  txn.commit();
  EXPECT_EQ(changed, std::vector<std::string>{"CVD#00000001"});

  auto read = store.read();
  EXPECT_EQ(read.getCase("CVD#00000001")->participants[1].keyFingerprint, kNew);
  EXPECT_FALSE(read.getCase("CVD#00000001")->participants[0].keyFingerprint);
  // A closed case keeps the key it was coordinated with.
  EXPECT_EQ(read.getCase("CVD#00000002")->participants[1].keyFingerprint, kOld);
  EXPECT_EQ(read.getVendor("acme")->contacts[0].keyFingerprint, kNew);
  const auto binding = read.getKeyBinding("psirt@acme.example");
  ASSERT_TRUE(binding);
  EXPECT_EQ(binding->fingerprint, kNew);
  EXPECT_EQ(binding->trust, "operator");
  EXPECT_EQ(binding->boundBy, "alice");
  const auto history = read.getWorkflow("CVD#00000001")->history;
  ASSERT_FALSE(history.empty());
  EXPECT_EQ(history.back().command, "key-bound");
  EXPECT_EQ(history.back().actor, "operator:alice");

  // An S/MIME certificate reaches the case the same way, bound as one.
  auto cms = store.write();
  EXPECT_EQ(daemon::bindContactKey(cms, "psirt@acme.example", "3333", "carol", kNow, "cms"),
            std::vector<std::string>{"CVD#00000001"});
  cms.commit();
  EXPECT_EQ(store.read().getKeyBinding("psirt@acme.example")->protocol, "cms");
  EXPECT_EQ(store.read().getCase("CVD#00000001")->participants[1].keyFingerprint, "3333");

  // Binding the same key again changes no case.
  auto again = store.write();
  EXPECT_TRUE(
      daemon::bindContactKey(again, "psirt@acme.example", "3333", "bob", kNow, "cms").empty());
}
