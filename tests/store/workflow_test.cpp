// The coordination workflow in LMDB: the vendor registry, case workflows and the deadline
// due-time index.

#include <gtest/gtest.h>
#include <lmdb.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

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
using core::testing::tokyo;
using test::TempDir;

core::Timestamp at(year_month_day day, hours h = hours{0}) {
  return sys_days{day} + h;
}

// ---------------------------------------------------------------------------------------
// Vendor registry

VendorRecord acme() {
  VendorRecord v;
  v.id = "acme";
  v.organisation = "ACME 株式会社";
  v.kind = ParticipantKind::Vendor;
  v.registration = RegistrationKind::General;
  v.contacts = {
      VendorContact{"PSIRT@Acme.example", "山田 太郎", "0123456789ABCDEF0123456789ABCDEF01234567"},
      VendorContact{"security@acme.example", "Jane Doe", std::nullopt}};
  v.otherChannels = {"phone:+81-3-0000-0000", "fax:+81-3-0000-0001", "post:東京都千代田区"};
  v.keywords = {"router", "firmware"};
  v.products = {"AcmeRouter X1"};
  v.language = "ja";
  v.createdAt = at(2025y / 11 / 1, hours{3});
  v.updatedAt = at(2025y / 11 / 2, hours{4});
  v.createdBy = "alice";
  v.updatedBy = "bob";
  return v;
}

VendorRecord beta() {
  VendorRecord v;
  v.id = "beta";
  v.organisation = "Beta Related Ltd";
  v.kind = ParticipantKind::RelatedOrganisation;
  v.registration = RegistrationKind::Unregistered;
  v.contacts = {VendorContact{"sec@beta.example", "", std::nullopt}};
  v.relatedTo = "acme";
  v.createdAt = at(2025y / 11 / 3);
  v.updatedAt = at(2025y / 11 / 3);
  return v;
}

void expectSameVendor(const VendorRecord& a, const VendorRecord& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.organisation, b.organisation);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.registration, b.registration);
  ASSERT_EQ(a.contacts.size(), b.contacts.size());
  for (std::size_t i = 0; i < a.contacts.size(); ++i) {
    EXPECT_EQ(a.contacts[i].address, b.contacts[i].address) << i;
    EXPECT_EQ(a.contacts[i].managerName, b.contacts[i].managerName) << i;
    EXPECT_EQ(a.contacts[i].keyFingerprint, b.contacts[i].keyFingerprint) << i;
  }
  EXPECT_EQ(a.otherChannels, b.otherChannels);
  EXPECT_EQ(a.keywords, b.keywords);
  EXPECT_EQ(a.products, b.products);
  EXPECT_EQ(a.relatedTo, b.relatedTo);
  EXPECT_EQ(a.language, b.language);
  EXPECT_EQ(a.createdAt, b.createdAt);
  EXPECT_EQ(a.updatedAt, b.updatedAt);
  EXPECT_EQ(a.createdBy, b.createdBy);
  EXPECT_EQ(a.updatedBy, b.updatedBy);
}

TEST(StoreVendors, RoundTripAndListIsOrderedById) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  {
    auto txn = store.write();
    txn.putVendor(beta());
    txn.putVendor(acme());
    txn.commit();
  }
  auto txn = store.read();
  ASSERT_TRUE(txn.getVendor("acme"));
  expectSameVendor(*txn.getVendor("acme"), acme());
  EXPECT_FALSE(txn.getVendor("gamma"));
  EXPECT_FALSE(txn.getVendor(""));
  const auto all = txn.listVendors();
  ASSERT_EQ(all.size(), 2u);
  expectSameVendor(all[0], acme());
  expectSameVendor(all[1], beta());
}

TEST(StoreVendors, FindByAddressIgnoresCase) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  {
    auto txn = store.write();
    txn.putVendor(acme());
    txn.putVendor(beta());
    txn.commit();
  }
  auto txn = store.read();
  for (const char* address :
       {"psirt@acme.example", "PSIRT@ACME.EXAMPLE", "Security@Acme.Example"}) {
    const auto found = txn.findVendorByAddress(address);
    ASSERT_TRUE(found) << address;
    EXPECT_EQ(found->id, "acme") << address;
  }
  EXPECT_EQ(txn.findVendorByAddress("sec@beta.example")->id, "beta");
  EXPECT_FALSE(txn.findVendorByAddress("nobody@acme.example"));
  EXPECT_FALSE(txn.findVendorByAddress(""));
}

TEST(StoreVendors, AddressOfAnotherVendorIsRefusedNamingBothAndChangesNothing) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  {
    auto txn = store.write();
    txn.putVendor(acme());
    txn.commit();
  }
  auto txn = store.write();
  VendorRecord clash = beta();
  clash.contacts.push_back(VendorContact{"Psirt@acme.EXAMPLE", "", std::nullopt});
  try {
    txn.putVendor(clash);
    FAIL() << "a second vendor took psirt@acme.example";
  } catch (const StoreError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("\"acme\""), std::string::npos) << what;
    EXPECT_NE(what.find("\"beta\""), std::string::npos) << what;
    EXPECT_NE(what.find("psirt@acme.example"), std::string::npos) << what;
  }
  // The refusal wrote nothing, not even the addresses checked before the clash.
  EXPECT_FALSE(txn.getVendor("beta"));
  EXPECT_FALSE(txn.findVendorByAddress("sec@beta.example"));
  EXPECT_EQ(txn.findVendorByAddress("psirt@acme.example")->id, "acme");
  txn.putVendor(beta());  // the transaction is still usable
  txn.commit();
  EXPECT_EQ(store.read().findVendorByAddress("sec@beta.example")->id, "beta");
}

TEST(StoreVendors, ChangedContactReleasesTheOldAddress) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  {
    auto txn = store.write();
    txn.putVendor(acme());
    txn.commit();
  }
  {
    auto txn = store.write();
    VendorRecord renamed = acme();
    renamed.contacts[0].address = "cert@acme.example";
    renamed.updatedAt = at(2025y / 12 / 1);
    txn.putVendor(renamed);
    txn.commit();
  }
  {
    auto txn = store.read();
    EXPECT_FALSE(txn.findVendorByAddress("psirt@acme.example"));
    EXPECT_EQ(txn.findVendorByAddress("CERT@acme.example")->id, "acme");
    EXPECT_EQ(txn.findVendorByAddress("security@acme.example")->id, "acme");
    EXPECT_EQ(txn.getVendor("acme")->contacts[0].address, "cert@acme.example");
  }
  // The released address is free for another vendor.
  auto txn = store.write();
  VendorRecord taker = beta();
  taker.contacts.push_back(VendorContact{"psirt@acme.example", "", std::nullopt});
  EXPECT_NO_THROW(txn.putVendor(taker));
  EXPECT_EQ(txn.findVendorByAddress("psirt@acme.example")->id, "beta");
}

TEST(StoreVendors, PuttingTheSameRecordTwiceIsHarmless) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto txn = store.write();
  txn.putVendor(acme());
  VendorRecord twice = acme();
  twice.contacts.push_back(VendorContact{"psirt@acme.example", "again", std::nullopt});
  txn.putVendor(twice);
  txn.putVendor(acme());
  EXPECT_EQ(txn.findVendorByAddress("psirt@acme.example")->id, "acme");
  EXPECT_EQ(txn.listVendors().size(), 1u);
}

TEST(StoreVendors, EmptyIdOrAddressIsRefused) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto txn = store.write();
  VendorRecord noId = acme();
  noId.id.clear();
  EXPECT_THROW(txn.putVendor(noId), StoreError);
  VendorRecord noAddress = acme();
  noAddress.contacts.push_back(VendorContact{"", "", std::nullopt});
  EXPECT_THROW(txn.putVendor(noAddress), StoreError);
  EXPECT_TRUE(txn.listVendors().empty());
}

/// A store in dir holding what fn writes, committed and closed (the state an older
/// version would then find).
template <class Fn>
void writeAndClose(const std::filesystem::path& dir, Fn fn) {
  Store store = Store::open(dir);
  auto txn = store.write();
  fn(txn);
  txn.commit();
}

TEST(StoreVendors, LanguageRoundTripsAndIsStoredByName) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  {
    auto txn = store.write();
    VendorRecord english = beta();
    english.language = "en";
    txn.putVendor(acme());
    txn.putVendor(english);
    txn.commit();
  }
  EXPECT_EQ(store.read().getVendor("acme")->language, "ja");
  EXPECT_EQ(store.read().getVendor("beta")->language, "en");
  {
    auto txn = store.write();
    VendorRecord unset = acme();
    unset.language.clear();  // back to "the case's language"
    txn.putVendor(unset);
    txn.commit();
  }
  EXPECT_EQ(store.read().getVendor("acme")->language, "");
  EXPECT_EQ(store.read().listVendors()[1].language, "en");
}

TEST(StoreVendors, RecordWrittenBeforeTheLanguageFieldReadsAsTheCasesLanguage) {
  TempDir tmp;
  writeAndClose(tmp.storeDir(), [](WriteTxn& txn) { txn.putVendor(acme()); });
  // Rewrite the stored JSON without "language", as the previous version stored it.
  test::withRawLmdb(tmp.storeDir(), [](MDB_txn* txn) {
    MDB_dbi vendors = 0;
    ASSERT_EQ(mdb_dbi_open(txn, "vendors", 0, &vendors), 0);
    MDB_val key{4, const_cast<char*>("acme")};
    MDB_val value{};
    ASSERT_EQ(mdb_get(txn, vendors, &key, &value), 0);
    auto j = nlohmann::json::parse(std::string(static_cast<char*>(value.mv_data), value.mv_size));
    ASSERT_EQ(j.at("language"), "ja");
    ASSERT_EQ(j.at("createdBy"), "alice");
    for (const char* field : {"language", "createdBy", "updatedBy"}) j.erase(field);
    const std::string old = j.dump();
    MDB_val oldValue{old.size(), const_cast<char*>(old.data())};
    ASSERT_EQ(mdb_put(txn, vendors, &key, &oldValue, 0), 0);
  });
  Store store = Store::open(tmp.storeDir());
  const auto vendor = store.read().getVendor("acme");
  ASSERT_TRUE(vendor);
  EXPECT_EQ(vendor->language, "");
  EXPECT_EQ(vendor->createdBy, "");
  EXPECT_EQ(vendor->updatedBy, "");
  EXPECT_EQ(vendor->organisation, "ACME 株式会社");
}

// ---------------------------------------------------------------------------------------
// Case reports

CaseReport fullReport() {
  CaseReport r;
  r.caseId = "CVD#00000042";
  r.reporterName = "山田 花子";
  r.reporterContact = "hanako@reporter.example";
  r.shareIdentityWithVendor = "yes";
  r.vendorMayContactDirectly = "no";
  r.publishName = "yes";
  r.product = "AcmeRouter X1 firmware 2.3";
  r.vulnerability = "ログイン画面の XSS\n<script>alert(1)</script>";
  r.personalData = "none";
  r.otherOrganisations = "IPA";
  r.otherFacts = "found while testing";
  r.exploitationObserved = "no";
  r.missing = {"(カ)", "(ク)"};
  r.title = "AcmeRouter におけるクロスサイトスクリプティング";
  r.summary = "A cross-site scripting flaw in the login page";
  r.solution = "Update to 2.4";
  r.credit = "Hanako Yamada";
  r.advisoryUrl = "https://jvn.example/JVN00000042/";
  r.details = "The login form echoes the \"next\" parameter unescaped.\n詳細";
  r.detailsSource = "operator";
  r.detailsBy = "operator:alice";
  r.productByOperator = true;
  r.exploitationStatement = "悪用が確認されています (exploited in the wild)";
  r.cves = {"CVE-2026-0001", "CVE-2026-12345"};
  r.cvssVector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
  return r;
}

void expectSameReport(const CaseReport& a, const CaseReport& b) {
  // Every field, including ones added later: the record's own defaulted ==.
  EXPECT_TRUE(a == b) << codec::encodeReport(a) << "\n" << codec::encodeReport(b);
}

TEST(StoreReports, ARecordWrittenBeforeTheOperatorsDetailsHasNone) {
  auto json = nlohmann::json::parse(codec::encodeReport(fullReport()));
  for (const char* key : {"details", "detailsSource", "detailsBy", "productByOperator"})
    json.erase(key);
  const CaseReport old = codec::decodeReport(json.dump());
  EXPECT_EQ(old.details, "");
  EXPECT_EQ(old.detailsSource, "none");
  EXPECT_EQ(old.detailsBy, "");
  EXPECT_FALSE(old.productByOperator);
  EXPECT_EQ(old.vulnerability, fullReport().vulnerability);
}

TEST(StoreReports, ARecordWrittenBeforeTheExploitationStatementHasNone) {
  auto json = nlohmann::json::parse(codec::encodeReport(fullReport()));
  json.erase("exploitationStatement");
  const CaseReport old = codec::decodeReport(json.dump());
  EXPECT_EQ(old.exploitationStatement, "");
  CaseReport expected = fullReport();
  expected.exploitationStatement.clear();
  expectSameReport(old, expected);
}

TEST(StoreReports, ARecordWrittenBeforeCveAndCvssHasNeither) {
  auto json = nlohmann::json::parse(codec::encodeReport(fullReport()));
  json.erase("cves");
  json.erase("cvssVector");
  const CaseReport old = codec::decodeReport(json.dump());
  EXPECT_TRUE(old.cves.empty());
  EXPECT_EQ(old.cvssVector, "");
  CaseReport expected = fullReport();
  expected.cves.clear();
  expected.cvssVector.clear();
  expectSameReport(old, expected);
}

TEST(StoreReports, RoundTripEveryFieldAndReplace) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  CaseReport defaults;
  defaults.caseId = "CVD#00000001";
  {
    auto txn = store.write();
    txn.putReport(fullReport());
    txn.putReport(defaults);
    txn.commit();
  }
  {
    auto txn = store.read();
    ASSERT_TRUE(txn.getReport("CVD#00000042"));
    expectSameReport(*txn.getReport("CVD#00000042"), fullReport());
    ASSERT_TRUE(txn.getReport("CVD#00000001"));
    expectSameReport(*txn.getReport("CVD#00000001"), defaults);
    EXPECT_EQ(txn.getReport("CVD#00000001")->publishName, "unknown");
    EXPECT_FALSE(txn.getReport("CVD#00000043"));
    EXPECT_FALSE(txn.getCase("CVD#00000042"));  // kept apart from the case
  }
  CaseReport edited = fullReport();
  edited.title = "Neutral title";
  edited.missing.clear();
  {
    auto txn = store.write();
    txn.putReport(edited);
    txn.commit();
  }
  expectSameReport(*store.read().getReport("CVD#00000042"), edited);
}

TEST(StoreReports, AbortedPutLeavesTheStoredVersion) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  {
    auto txn = store.write();
    txn.putReport(fullReport());
    txn.commit();
  }
  {
    auto txn = store.write();
    CaseReport changed = fullReport();
    changed.vulnerability = "changed";
    txn.putReport(changed);
    CaseReport other = fullReport();
    other.caseId = "CVD#00000099";
    txn.putReport(other);
    EXPECT_EQ(txn.getReport("CVD#00000042")->vulnerability, "changed");
    // no commit
  }
  auto txn = store.read();
  expectSameReport(*txn.getReport("CVD#00000042"), fullReport());
  EXPECT_FALSE(txn.getReport("CVD#00000099"));
}

TEST(StoreReports, StoreWrittenBeforeTheReportsDatabaseOpens) {
  TempDir tmp;
  writeAndClose(tmp.storeDir(), [](WriteTxn& txn) { txn.putReport(fullReport()); });
  test::withRawLmdb(tmp.storeDir(), [](MDB_txn* txn) {
    MDB_dbi reports = 0;
    ASSERT_EQ(mdb_dbi_open(txn, "reports", 0, &reports), 0);
    ASSERT_EQ(mdb_drop(txn, reports, 1), 0);
  });
  test::setSchema(tmp.storeDir(), "1");
  Store store = test::openUpgrading(tmp.storeDir());
  EXPECT_FALSE(store.read().getReport("CVD#00000042"));
  auto txn = store.write();
  txn.putReport(fullReport());
  txn.commit();
  expectSameReport(*store.read().getReport("CVD#00000042"), fullReport());
}

// ---------------------------------------------------------------------------------------
// Workflows, driven through core::apply() with the effects kept in the store, as the
// daemon does.

void expectSameWorkflow(const core::CaseWorkflow& a, const core::CaseWorkflow& b) {
  EXPECT_EQ(a.caseId, b.caseId);
  EXPECT_EQ(a.stage, b.stage);
  EXPECT_EQ(a.stopReason, b.stopReason);
  EXPECT_EQ(a.cancelReason, b.cancelReason);
  ASSERT_EQ(a.vendors.size(), b.vendors.size());
  for (std::size_t i = 0; i < a.vendors.size(); ++i) {
    const auto& x = a.vendors[i];
    const auto& y = b.vendors[i];
    EXPECT_EQ(x.vendorId, y.vendorId) << i;
    EXPECT_EQ(x.registered, y.registered) << i;
    EXPECT_EQ(x.channels, y.channels) << i;
    ASSERT_EQ(x.attempts.size(), y.attempts.size()) << i;
    for (std::size_t k = 0; k < x.attempts.size(); ++k) {
      EXPECT_EQ(x.attempts[k].at, y.attempts[k].at) << i << "/" << k;
      EXPECT_EQ(x.attempts[k].channel, y.attempts[k].channel) << i << "/" << k;
      EXPECT_EQ(x.attempts[k].result, y.attempts[k].result) << i << "/" << k;
    }
    EXPECT_EQ(x.phase, y.phase) << i;
    EXPECT_EQ(x.reachability, y.reachability) << i;
    EXPECT_EQ(x.summarySkipped, y.summarySkipped) << i;
    EXPECT_EQ(x.startedAt, y.startedAt) << i;
    EXPECT_EQ(x.lastResponseAt, y.lastResponseAt) << i;
    EXPECT_EQ(x.unreachableSince, y.unreachableSince) << i;
    EXPECT_EQ(x.coordinationImpossible, y.coordinationImpossible) << i;
    EXPECT_EQ(x.publicStatus, y.publicStatus) << i;
    EXPECT_EQ(x.comment, y.comment) << i;
    EXPECT_EQ(x.advisoryUrl, y.advisoryUrl) << i;
    EXPECT_EQ(x.fixAvailable, y.fixAvailable) << i;
    EXPECT_EQ(x.exploitationReported, y.exploitationReported) << i;
    EXPECT_EQ(x.impossibleReason, y.impossibleReason) << i;
    EXPECT_EQ(x.committeeOutcome, y.committeeOutcome) << i;
    EXPECT_EQ(x.handlingEnded, y.handlingEnded) << i;
  }
  EXPECT_EQ(a.publicationDate, b.publicationDate);
  EXPECT_EQ(a.publicationDateSetAt, b.publicationDateSetAt);
  EXPECT_EQ(a.publishedAt, b.publishedAt);
  EXPECT_EQ(a.publishedBeforeDate, b.publishedBeforeDate);
  EXPECT_EQ(a.exploitationReported, b.exploitationReported);
  EXPECT_EQ(a.assessment, b.assessment);
  EXPECT_EQ(a.priorityProvisions, b.priorityProvisions);
  EXPECT_EQ(a.firedDeadlines, b.firedDeadlines);
  ASSERT_EQ(a.history.size(), b.history.size());
  for (std::size_t i = 0; i < a.history.size(); ++i) {
    EXPECT_EQ(a.history[i].at, b.history[i].at) << i;
    EXPECT_EQ(a.history[i].actor, b.history[i].actor) << i;
    EXPECT_EQ(a.history[i].command, b.history[i].command) << i;
    EXPECT_EQ(a.history[i].detail, b.history[i].detail) << i;
  }
  // Nothing the comparison above could miss: the encodings agree byte for byte.
  EXPECT_EQ(codec::encodeWorkflow(a), codec::encodeWorkflow(b));
}

/// One case handled the daemon's way: every transition is one write transaction holding
/// the new workflow and the deadline index changes; the timer fires what the index says.
class StoredCase {
 public:
  StoredCase(Store& store, std::string caseId) : store_(store), caseId_(std::move(caseId)) {
    core::CaseWorkflow wf;
    wf.caseId = caseId_;
    auto txn = store_.write();
    txn.putWorkflow(wf);
    txn.commit();
  }

  core::CaseWorkflow workflow() const { return *store_.read().getWorkflow(caseId_); }

  /// Applies the command at `now`, failing the test when it is refused.
  void apply(const core::Command& command, core::Timestamp now) {
    auto txn = store_.write();
    auto wf = txn.getWorkflow(caseId_);
    ASSERT_TRUE(wf);
    auto t = core::testing::step(*wf, command, now);
    ASSERT_TRUE(t) << core::commandName(command) << ": " << t.error().where << ": "
                   << t.error().what;
    keep(txn, *t);
    txn.commit();
  }

  /// The deadline timer at `now`: fires every due deadline of the index, one transaction
  /// each, until none is due (firing one can make another due).
  int fireDue(core::Timestamp now) {
    int fired = 0;
    for (;;) {
      auto txn = store_.write();
      const auto due = txn.dueDeadlines(now, 1);
      if (due.empty()) break;
      EXPECT_EQ(due[0].caseId, caseId_);
      auto t = core::testing::step(*txn.getWorkflow(due[0].caseId),
                                   core::command::DeadlineFired{due[0].deadline}, now);
      EXPECT_TRUE(t) << due[0].deadline.key() << ": " << (t ? "" : t.error().what);
      if (!t) return fired;
      EXPECT_TRUE(txn.removeDueDeadline(due[0].caseId, due[0].deadline.key()));
      keep(txn, *t);
      txn.commit();
      ++fired;
    }
    return fired;
  }

 private:
  static void keep(WriteTxn& txn, const core::Transition& t) {
    txn.putWorkflow(t.workflow);
    for (const auto& e : t.effects) {
      if (const auto* s = std::get_if<core::effect::ScheduleDeadline>(&e))
        txn.scheduleDeadline(t.workflow.caseId, s->deadline);
      if (const auto* c = std::get_if<core::effect::CancelDeadlines>(&e)) {
        for (const auto& key : c->keys) EXPECT_TRUE(txn.cancelDeadline(t.workflow.caseId, key));
      }
    }
  }

  Store& store_;
  std::string caseId_;
};

/// The index holds exactly the case's pending deadlines.
void expectIndexMatches(const Store& store, const core::CaseWorkflow& wf) {
  auto txn = store.read();
  const auto scheduled = txn.deadlinesOfCase(wf.caseId);
  const auto pending =
      core::pendingDeadlines(wf, core::testing::defaultPolicy(), core::testing::tokyo());
  ASSERT_EQ(scheduled.size(), pending.size()) << wf.caseId;
  for (std::size_t i = 0; i < pending.size(); ++i) {
    EXPECT_EQ(scheduled[i].caseId, wf.caseId);
    EXPECT_EQ(scheduled[i].deadline, pending[i]) << pending[i].key();
  }
}

TEST(StoreWorkflows, WorkflowDrivenThroughTheLifecycleRoundTripsExactly) {
  using namespace core::command;
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  StoredCase c(store, "CVD#00000042");
  const auto day0 = jst(2025y / 11 / 30);
  c.apply(Accept{}, day0);
  c.apply(AddVendor{"acme", {"mail:psirt@acme.example", "phone:+81-3-0000"}, true}, day0);
  c.apply(AddVendor{"beta", {"mail:sec@beta.example", "phone:+81-6-1111"}, false}, day0);
  c.apply(AddVendor{"gamma", {"mail:cert@gamma.example"}, true}, day0);
  c.apply(AddVendor{"delta", {"mail:sec@delta.example", "phone:+81-6-1111"}, true}, day0);
  c.apply(AddVendor{"epsilon", {}, false}, day0);  // never registers
  c.apply(VendorRegistered{"beta"}, day0 + hours{1});
  c.apply(SendSummary{"acme"}, day0 + hours{2});
  c.apply(SendSummary{"beta"}, day0 + hours{2});
  c.apply(SendSummary{"delta"}, day0 + hours{2});
  c.apply(SendDetails{"gamma", true}, day0 + hours{3});
  c.apply(ContactAttempt{"delta", "phone:+81-6-1111", core::ContactResult::NoAnswer},
          day0 + hours{4});
  c.apply(ContactAttempt{"delta", "mail:sec@delta.example", core::ContactResult::Bounced},
          day0 + hours{5});
  expectIndexMatches(store, c.workflow());

  const auto day2 = jst(2025y / 12 / 2);
  c.apply(VendorRequestedDetails{"acme"}, day2);
  c.apply(SendDetails{"acme", false}, day2 + hours{1});
  c.apply(VendorStatement{"acme", core::PublicStatus::Affected, "2.1 で修正",
                          "https://acme.example/sa/2025-01", true, false},
          jst(2025y / 12 / 5));
  c.apply(
      VendorStatement{"gamma", core::PublicStatus::NotAffectedInvestigating, "", "", false, false},
      jst(2025y / 12 / 6));
  c.apply(MarkExploited{"acme", "attacks seen in the wild"}, jst(2025y / 12 / 7));
  c.apply(Note{"報告者より追加情報：PoC を受領"}, jst(2025y / 12 / 8));
  expectIndexMatches(store, c.workflow());

  // Reminders for beta and delta, then delta unreachable after three months and coordination
  // impossible after six, each fired once from the index.
  EXPECT_GT(c.fireDue(jst(2025y / 12 / 20)), 0);
  expectIndexMatches(store, c.workflow());
  EXPECT_GT(c.fireDue(jst(2026y / 3 / 15)), 0);
  EXPECT_EQ(c.workflow().vendor("delta")->reachability, core::Reachability::Unreachable);
  expectIndexMatches(store, c.workflow());
  EXPECT_GT(c.fireDue(jst(2026y / 6 / 15)), 0);
  EXPECT_TRUE(c.workflow().vendor("delta")->coordinationImpossible);
  expectIndexMatches(store, c.workflow());
  EXPECT_EQ(c.fireDue(jst(2026y / 6 / 15)), 0);  // nothing fires twice

  c.apply(SetPublicationDate{2026y / 7 / 15}, jst(2026y / 6 / 16));
  expectIndexMatches(store, c.workflow());
  c.apply(ProvidePriority{false}, jst(2026y / 6 / 17));
  c.apply(MovePublicationDate{2026y / 7 / 22, "vendor asked for one more week"},
          jst(2026y / 6 / 18));
  expectIndexMatches(store, c.workflow());
  EXPECT_GT(c.fireDue(jst(2026y / 7 / 16)), 0);
  c.apply(Publish{true, "details leaked on a forum"}, jst(2026y / 7 / 17));
  expectIndexMatches(store, c.workflow());

  const auto wf = c.workflow();
  // The workflow exercises every optional field.
  EXPECT_EQ(wf.stage, core::CaseStage::Published);
  EXPECT_TRUE(wf.publicationDate && wf.publicationDateSetAt && wf.publishedAt);
  EXPECT_TRUE(wf.publishedBeforeDate);
  EXPECT_TRUE(wf.exploitationReported);
  EXPECT_FALSE(wf.priorityProvisions.empty());
  EXPECT_FALSE(wf.firedDeadlines.empty());
  EXPECT_GT(wf.history.size(), 20u);
  const auto* gamma = wf.vendor("gamma");
  ASSERT_TRUE(gamma);
  EXPECT_TRUE(gamma->summarySkipped);
  const auto* delta = wf.vendor("delta");
  ASSERT_TRUE(delta);
  EXPECT_TRUE(delta->unreachableSince);
  EXPECT_GE(delta->attempts.size(), 3u);
  ASSERT_TRUE(wf.vendor("epsilon"));
  EXPECT_FALSE(wf.vendor("epsilon")->registered);
  const auto* acme = wf.vendor("acme");
  ASSERT_TRUE(acme);
  EXPECT_TRUE(acme->startedAt && acme->lastResponseAt && acme->publicStatus);

  // Decoding and re-encoding the stored record is exact; so is a reopened store.
  const auto decoded = codec::decodeWorkflow(codec::encodeWorkflow(wf));
  expectSameWorkflow(decoded, wf);
  Store reopened = Store::open(tmp.storeDir());
  const auto again = reopened.read().getWorkflow("CVD#00000042");
  ASSERT_TRUE(again);
  expectSameWorkflow(*again, wf);
}

TEST(StoreWorkflows, StoppedAndCancelledCasesKeepTheirReasons) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  const auto stopped = core::testing::stopped();
  auto cancelled = core::testing::cancelled();
  cancelled.caseId = "CVD#00000043";
  {
    auto txn = store.write();
    txn.putWorkflow(stopped);
    txn.putWorkflow(cancelled);
    txn.commit();
  }
  auto txn = store.read();
  const auto a = txn.getWorkflow(stopped.caseId);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->stopReason, core::StopReason::OutOfScope);
  expectSameWorkflow(*a, stopped);
  const auto b = txn.getWorkflow(cancelled.caseId);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->cancelReason, core::CancelReason::NoImpact);
  expectSameWorkflow(*b, cancelled);
  const auto all = txn.listWorkflows();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].caseId, "CVD#00000042");
  EXPECT_EQ(all[1].caseId, "CVD#00000043");
  EXPECT_FALSE(txn.getWorkflow("CVD#00000044"));
}

TEST(StoreWorkflows, StoredFormatIsNamedJson) {
  const auto wf = core::testing::scheduled();
  const auto j = nlohmann::json::parse(codec::encodeWorkflow(wf));
  EXPECT_EQ(j.at("stage"), "publication-scheduled");
  EXPECT_EQ(j.at("publicationDate"), "2026-01-14");
  EXPECT_TRUE(j.at("stopReason").is_null());
  const auto& v = j.at("vendors").at(0);
  EXPECT_EQ(v.at("phase"), "statement-given");
  EXPECT_EQ(v.at("reachability"), "answered");
  EXPECT_EQ(v.at("publicStatus"), "affected");
  EXPECT_EQ(v.at("attempts").at(0).at("result"), "sent");
  EXPECT_TRUE(v.at("startedAt").is_number_integer());
}

TEST(StoreWorkflows, AssessmentRoundTripsAndOlderRecordsWithoutItDecode) {
  auto wf = core::testing::scheduled();
  wf.assessment = core::Assessment{core::Impact::Priority, false};
  const auto j = nlohmann::json::parse(codec::encodeWorkflow(wf));
  EXPECT_EQ(j.at("assessment").at("impact"), "priority");
  EXPECT_EQ(j.at("assessment").at("verifiable"), false);
  EXPECT_EQ(codec::decodeWorkflow(j.dump()).assessment, wf.assessment);

  auto older = j;  // written before cases could be assessed
  older.erase("assessment");
  EXPECT_FALSE(codec::decodeWorkflow(older.dump()).assessment);
  auto unassessed = j;
  unassessed["assessment"] = nullptr;
  EXPECT_FALSE(codec::decodeWorkflow(unassessed.dump()).assessment);
  auto bad = j;
  bad["assessment"]["impact"] = "huge";
  EXPECT_THROW(codec::decodeWorkflow(bad.dump()), std::invalid_argument);
}

// Issue 13 item 5: 調整不能 (イ) and the publication committee's outcome are kept per vendor.
TEST(StoreWorkflows, EndingFieldsRoundTripAndOlderRecordsDecodeToTheDeadlineReason) {
  auto wf = core::testing::run(
      core::testing::detailsSent(),
      {core::command::AddVendor{"beta", {"mail:sec@beta.example"}, true},
       core::command::SendDetails{"beta", true},
       core::command::CoordinationImpossible{"acme",
                                             core::CoordinationImpossibleReason::NoAgreement, ""},
       core::command::RecordCommitteeOutcome{"acme", core::CommitteeOutcome::EndHandling, ""}});
  ASSERT_TRUE(wf.vendor("acme")->handlingEnded);
  const auto j = nlohmann::json::parse(codec::encodeWorkflow(wf));
  const auto& acme = j.at("vendors").at(0);
  EXPECT_EQ(acme.at("impossibleReason"), "no-agreement");
  EXPECT_EQ(acme.at("committeeOutcome"), "end-handling");
  EXPECT_EQ(acme.at("handlingEnded"), true);
  EXPECT_TRUE(j.at("vendors").at(1).at("committeeOutcome").is_null());
  expectSameWorkflow(codec::decodeWorkflow(j.dump()), wf);
  for (const auto outcome : core::kCommitteeOutcomes) {
    auto other = wf;
    other.vendors[0].committeeOutcome = outcome;
    EXPECT_EQ(codec::decodeWorkflow(codec::encodeWorkflow(other)).vendors[0].committeeOutcome,
              outcome);
  }

  // Written before these fields: coordination was impossible only by the six-month deadline.
  auto older = j;
  for (auto& v : older.at("vendors")) {
    v.erase("impossibleReason");
    v.erase("committeeOutcome");
    v.erase("handlingEnded");
  }
  const auto decoded = codec::decodeWorkflow(older.dump());
  for (const auto& v : decoded.vendors) {
    EXPECT_EQ(v.impossibleReason, core::CoordinationImpossibleReason::UnreachableSixMonths);
    EXPECT_FALSE(v.committeeOutcome);
    EXPECT_FALSE(v.handlingEnded);
  }
  EXPECT_TRUE(decoded.vendors[0].coordinationImpossible);

  auto bad = j;
  bad["vendors"][0]["committeeOutcome"] = "shrug";
  EXPECT_THROW(codec::decodeWorkflow(bad.dump()), std::invalid_argument);
  bad = j;
  bad["vendors"][0]["impossibleReason"] = "bored";
  EXPECT_THROW(codec::decodeWorkflow(bad.dump()), std::invalid_argument);
}

TEST(StoreWorkflows, UnreachableReasonRoundTripsAndOlderRecordsWithoutItDecode) {
  auto wf = core::testing::summarySent();
  wf.vendors[0].unreachableReason = core::UnreachableReason::UnknownDeveloper;
  const auto j = nlohmann::json::parse(codec::encodeWorkflow(wf));
  EXPECT_EQ(j.at("vendors").at(0).at("unreachableReason"), "unknown-developer");
  EXPECT_EQ(codec::decodeWorkflow(j.dump()).vendors[0].unreachableReason,
            core::UnreachableReason::UnknownDeveloper);
  auto older = j;  // written before vendors could be marked unreachable at once
  older["vendors"][0].erase("unreachableReason");
  EXPECT_FALSE(codec::decodeWorkflow(older.dump()).vendors[0].unreachableReason);
  auto none = j;
  none["vendors"][0]["unreachableReason"] = nullptr;
  EXPECT_FALSE(codec::decodeWorkflow(none.dump()).vendors[0].unreachableReason);
  auto bad = j;
  bad["vendors"][0]["unreachableReason"] = "gone-fishing";
  EXPECT_THROW(codec::decodeWorkflow(bad.dump()), std::invalid_argument);
}

TEST(StoreWorkflows, UnknownNamesAndBadDatesAreCorruptRecords) {
  const std::string good = codec::encodeWorkflow(core::testing::scheduled());
  auto bad = nlohmann::json::parse(good);
  bad["stage"] = "pondering";
  EXPECT_THROW(codec::decodeWorkflow(bad.dump()), std::invalid_argument);
  bad = nlohmann::json::parse(good);
  bad["publicationDate"] = "2026-02-30";
  EXPECT_THROW(codec::decodeWorkflow(bad.dump()), std::invalid_argument);
  bad = nlohmann::json::parse(good);
  bad["vendors"][0]["publicStatus"] = "fine";
  EXPECT_THROW(codec::decodeWorkflow(bad.dump()), std::invalid_argument);

  // A date that would not read back is refused when writing, not discovered later.
  auto wf = core::testing::scheduled();
  wf.publicationDate = year{12026} / 1 / 1;
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto txn = store.write();
  EXPECT_THROW(txn.putWorkflow(wf), StoreError);
}

TEST(StoreWorkflows, PutWithoutCaseIdThrows) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto txn = store.write();
  EXPECT_THROW(txn.putWorkflow(core::CaseWorkflow{}), StoreError);
}

// ---------------------------------------------------------------------------------------
// Deadline due-time index

core::Deadline deadline(core::DeadlineKind kind, std::string vendorId, core::CivilDate date) {
  return core::Deadline{kind, std::move(vendorId), date, sys_days{date} - hours{9}};
}

std::vector<std::string> labels(const std::vector<ScheduledDeadline>& list) {
  std::vector<std::string> out;
  for (const auto& s : list) out.push_back(s.caseId + " " + s.deadline.key());
  return out;
}

TEST(StoreDeadlines, TheOperatorWarningKindsAreStoredByName) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  using K = core::DeadlineKind;
  const std::vector<core::Deadline> warnings{
      deadline(K::UnreachableWarning, "acme", 2026y / 2 / 21),
      deadline(K::CoordinationImpossibleWarning, "acme", 2026y / 5 / 21),
      deadline(K::NonDisclosureWarning, "", 2026y / 11 / 23),
      deadline(K::PublicationTargetWarning, "acme", 2026y / 1 / 7)};
  {
    auto txn = store.write();
    for (const auto& d : warnings) txn.scheduleDeadline("CVD#1", d);
    txn.commit();
  }
  auto txn = store.read();
  std::vector<core::Deadline> back;
  for (const auto& s : txn.deadlinesOfCase("CVD#1")) back.push_back(s.deadline);
  ASSERT_EQ(back.size(), warnings.size());
  for (const auto& d : warnings) {
    EXPECT_NE(std::find(back.begin(), back.end(), d), back.end()) << d.key();
  }
}

TEST(StoreDeadlines, DueAreOrderedByDueThenCaseThenKey) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  using K = core::DeadlineKind;
  {
    auto txn = store.write();
    txn.scheduleDeadline("CVD#2", deadline(K::Unreachable, "acme", 2026y / 3 / 1));
    txn.scheduleDeadline("CVD#1", deadline(K::UnresponsiveReminder, "acme", 2026y / 3 / 1));
    txn.scheduleDeadline("CVD#1", deadline(K::PublicationTarget, "acme", 2026y / 3 / 1));
    txn.scheduleDeadline("CVD#10", deadline(K::PublicationTarget, "acme", 2026y / 3 / 1));
    txn.scheduleDeadline("CVD#3", deadline(K::PublicationDue, "", 2026y / 1 / 1));
    // Before 1970: negative seconds sort before positive ones.
    txn.scheduleDeadline("CVD#9", deadline(K::NonDisclosureEnd, "", 1969y / 12 / 31));
    txn.scheduleDeadline("CVD#0", deadline(K::NonDisclosureEnd, "", 2027y / 1 / 1));
    txn.commit();
  }
  auto txn = store.read();
  EXPECT_EQ(labels(txn.dueDeadlines(at(2026y / 12 / 31), 100)),
            (std::vector<std::string>{
                "CVD#9 non-disclosure-end//1969-12-31",
                "CVD#3 publication-due//2026-01-01",
                "CVD#1 publication-target/acme/2026-03-01",
                "CVD#1 unresponsive-reminder/acme/2026-03-01",
                "CVD#10 publication-target/acme/2026-03-01",
                "CVD#2 unreachable/acme/2026-03-01",
            }));
  EXPECT_EQ(txn.nextDeadline(), sys_days{1969y / 12 / 31} - hours{9});
  EXPECT_EQ(txn.scheduledDeadlineCount(), 7u);
  // The full value comes back, not only the key.
  const auto first = txn.dueDeadlines(at(2026y / 12 / 31), 1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].deadline, deadline(K::NonDisclosureEnd, "", 1969y / 12 / 31));
  // "CVD#1" does not take "CVD#10"'s deadlines.
  EXPECT_EQ(labels(txn.deadlinesOfCase("CVD#1")),
            (std::vector<std::string>{"CVD#1 publication-target/acme/2026-03-01",
                                      "CVD#1 unresponsive-reminder/acme/2026-03-01"}));
  EXPECT_TRUE(txn.deadlinesOfCase("CVD#4").empty());
  EXPECT_TRUE(txn.deadlinesOfCase("").empty());
}

TEST(StoreDeadlines, DeadlinesOfCaseAreOrderedByDue) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  using K = core::DeadlineKind;
  auto txn = store.write();
  // Key order (non-disclosure < publication-target < unresponsive) differs from due order.
  txn.scheduleDeadline("CVD#1", deadline(K::NonDisclosureEnd, "", 2026y / 11 / 30));
  txn.scheduleDeadline("CVD#1", deadline(K::UnresponsiveReminder, "acme", 2025y / 12 / 7));
  txn.scheduleDeadline("CVD#1", deadline(K::PublicationTarget, "acme", 2026y / 1 / 14));
  EXPECT_EQ(labels(txn.deadlinesOfCase("CVD#1")),
            (std::vector<std::string>{"CVD#1 unresponsive-reminder/acme/2025-12-07",
                                      "CVD#1 publication-target/acme/2026-01-14",
                                      "CVD#1 non-disclosure-end//2026-11-30"}));
}

TEST(StoreDeadlines, SchedulingTwiceIsIdempotent) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  const auto d = deadline(core::DeadlineKind::Unreachable, "acme", 2026y / 2 / 28);
  for (int i = 0; i < 2; ++i) {
    auto txn = store.write();
    txn.scheduleDeadline("CVD#1", d);
    txn.scheduleDeadline("CVD#1", d);
    txn.commit();
  }
  auto txn = store.read();
  EXPECT_EQ(txn.scheduledDeadlineCount(), 1u);
  EXPECT_EQ(txn.dueDeadlines(d.due, 10).size(), 1u);
}

TEST(StoreDeadlines, ReschedulingTheSameKeyMovesIt) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto d = deadline(core::DeadlineKind::PublicationDue, "", 2026y / 7 / 15);
  {
    auto txn = store.write();
    txn.scheduleDeadline("CVD#1", d);
    txn.commit();
  }
  const auto oldDue = d.due;
  d.due = oldDue + hours{9};  // the same local date, the case's zone changed to UTC
  {
    auto txn = store.write();
    txn.scheduleDeadline("CVD#1", d);
    txn.commit();
  }
  auto txn = store.read();
  EXPECT_EQ(txn.scheduledDeadlineCount(), 1u);
  EXPECT_EQ(txn.nextDeadline(), d.due);
  EXPECT_TRUE(txn.dueDeadlines(oldDue, 10).empty());
  const auto due = txn.dueDeadlines(d.due, 10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].deadline, d);
}

TEST(StoreDeadlines, CancelRemovesItAndSaysWhetherItWasThere) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  using K = core::DeadlineKind;
  const auto a = deadline(K::UnresponsiveReminder, "acme", 2025y / 12 / 7);
  const auto b = deadline(K::UnresponsiveReminder, "acme", 2025y / 12 / 14);
  auto txn = store.write();
  txn.scheduleDeadline("CVD#1", a);
  txn.scheduleDeadline("CVD#1", b);
  txn.scheduleDeadline("CVD#2", a);
  EXPECT_TRUE(txn.cancelDeadline("CVD#1", a.key()));
  EXPECT_FALSE(txn.cancelDeadline("CVD#1", a.key()));
  EXPECT_FALSE(txn.cancelDeadline("CVD#3", a.key()));
  EXPECT_FALSE(txn.cancelDeadline("", ""));
  EXPECT_TRUE(txn.removeDueDeadline("CVD#2", a.key()));
  EXPECT_FALSE(txn.removeDueDeadline("CVD#2", a.key()));
  EXPECT_EQ(txn.scheduledDeadlineCount(), 1u);
  EXPECT_EQ(labels(txn.dueDeadlines(at(2030y / 1 / 1), 10)),
            (std::vector<std::string>{"CVD#1 unresponsive-reminder/acme/2025-12-14"}));
  EXPECT_EQ(txn.nextDeadline(), b.due);
  txn.removeDueDeadline("CVD#1", b.key());
  EXPECT_FALSE(txn.nextDeadline());
  EXPECT_TRUE(txn.dueDeadlines(at(2030y / 1 / 1), 10).empty());
}

TEST(StoreDeadlines, ADeferredDeadlineWaitsForItsRetryTimeAndKeepsItsDue) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  using K = core::DeadlineKind;
  const auto failing = deadline(K::UnresponsiveReminder, "acme", 2025y / 12 / 7);
  const auto behind = deadline(K::UnresponsiveReminder, "bolt", 2025y / 12 / 8);
  const auto retryAt = failing.due + days{3};
  {
    auto txn = store.write();
    txn.scheduleDeadline("CVD#1", failing);
    txn.scheduleDeadline("CVD#2", behind);
    EXPECT_TRUE(txn.deferDeadline("CVD#1", failing.key(), {1, retryAt, "template reminder: bad"}));
    EXPECT_FALSE(txn.deferDeadline("CVD#9", failing.key(), {1, retryAt, "x"}));
    txn.commit();
  }
  {
    auto txn = store.read();
    // Until its retry time it is not due, and the one behind it is.
    EXPECT_EQ(labels(txn.dueDeadlines(retryAt - seconds{1}, 10)),
              (std::vector<std::string>{"CVD#2 unresponsive-reminder/bolt/2025-12-08"}));
    EXPECT_EQ(txn.nextDeadline(), behind.due);
    const auto due = txn.dueDeadlines(retryAt, 10);
    ASSERT_EQ(due.size(), 2u);
    EXPECT_EQ(due[1].deadline, failing);  // the deadline and its due time are kept
    ASSERT_TRUE(due[1].retry);
    EXPECT_EQ(*due[1].retry, (store::DeadlineRetry{1, retryAt, "template reminder: bad"}));
    EXPECT_EQ(due[1].indexTime(), retryAt);
    ASSERT_EQ(txn.deadlinesOfCase("CVD#1").size(), 1u);
    EXPECT_EQ(txn.deadlinesOfCase("CVD#1")[0].retry, due[1].retry);
    EXPECT_FALSE(txn.deadlinesOfCase("CVD#2")[0].retry);
  }
  {
    // Scheduling the same deadline again keeps the retry; deferring again moves it.
    auto txn = store.write();
    txn.scheduleDeadline("CVD#1", failing);
    EXPECT_TRUE(txn.deferDeadline("CVD#1", failing.key(), {2, retryAt + days{1}, "again"}));
    EXPECT_EQ(txn.scheduledDeadlineCount(), 2u);
    EXPECT_EQ(txn.dueDeadlines(retryAt, 10).size(), 1u);
    EXPECT_EQ(txn.dueDeadlines(retryAt + days{1}, 10).back().retry->attempts, 2u);
    // Made due again by an operator: back at its due time, without the retry.
    EXPECT_TRUE(txn.clearDeadlineRetry("CVD#1", failing.key()));
    EXPECT_FALSE(txn.clearDeadlineRetry("CVD#1", failing.key()));
    EXPECT_FALSE(txn.clearDeadlineRetry("CVD#2", behind.key()));  // never failed
    EXPECT_EQ(txn.nextDeadline(), failing.due);
    EXPECT_FALSE(txn.dueDeadlines(failing.due, 1).at(0).retry);
    EXPECT_TRUE(txn.deferDeadline("CVD#1", failing.key(), {2, retryAt + days{1}, "again"}));
    // Cancelling finds it at its retry time.
    EXPECT_TRUE(txn.cancelDeadline("CVD#1", failing.key()));
    EXPECT_EQ(txn.scheduledDeadlineCount(), 1u);
    EXPECT_EQ(txn.dueDeadlines(at(2030y / 1 / 1), 10).size(), 1u);
    txn.commit();
  }
  {
    // A deadline scheduled anew with another due time starts afresh.
    auto txn = store.write();
    txn.scheduleDeadline("CVD#1", failing);
    txn.deferDeadline("CVD#1", failing.key(), {1, retryAt, "x"});
    auto moved = failing;
    moved.due = failing.due + hours{1};
    txn.scheduleDeadline("CVD#1", moved);
    const auto of = txn.deadlinesOfCase("CVD#1");
    ASSERT_EQ(of.size(), 1u);
    EXPECT_FALSE(of[0].retry);
    EXPECT_EQ(labels(txn.dueDeadlines(behind.due, 10)),
              (std::vector<std::string>{"CVD#1 unresponsive-reminder/acme/2025-12-07",
                                        "CVD#2 unresponsive-reminder/bolt/2025-12-08"}));
    EXPECT_EQ(txn.scheduledDeadlineCount(), 2u);
  }
}

TEST(StoreDeadlines, DueIsInclusiveBeforeIsStrictAndLimitsHold) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  {
    auto txn = store.write();
    for (unsigned day = 1; day <= 9; ++day) {
      txn.scheduleDeadline(
          "CVD#" + std::to_string(day),
          deadline(core::DeadlineKind::PublicationDue, "", 2026y / 1 / std::chrono::day{day}));
    }
    txn.commit();
  }
  auto txn = store.read();
  const auto third = sys_days{2026y / 1 / 3} - hours{9};
  EXPECT_EQ(txn.dueDeadlines(third, 100).size(), 3u);
  EXPECT_EQ(txn.dueDeadlines(third - seconds{1}, 100).size(), 2u);
  EXPECT_EQ(txn.deadlinesDueBefore(third, 100).size(), 2u);
  EXPECT_EQ(txn.deadlinesDueBefore(third + seconds{1}, 100).size(), 3u);
  EXPECT_TRUE(txn.dueDeadlines(at(1970y / 1 / 1), 100).empty());
  const auto limited = txn.dueDeadlines(at(2027y / 1 / 1), 4);
  EXPECT_EQ(labels(limited),
            (std::vector<std::string>{
                "CVD#1 publication-due//2026-01-01", "CVD#2 publication-due//2026-01-02",
                "CVD#3 publication-due//2026-01-03", "CVD#4 publication-due//2026-01-04"}));
  EXPECT_TRUE(txn.dueDeadlines(at(2027y / 1 / 1), 0).empty());
  EXPECT_EQ(txn.deadlinesDueBefore(at(2027y / 1 / 1), 5).size(), 5u);
}

TEST(StoreDeadlines, FiringInBatchesAfterDowntimeTakesEachOnce) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  {
    auto txn = store.write();
    for (int i = 0; i < 25; ++i) {
      txn.scheduleDeadline("CVD#" + std::to_string(100 + i),
                           deadline(core::DeadlineKind::NonDisclosureEnd, "", 2026y / 1 / 1));
    }
    txn.commit();
  }
  std::vector<std::string> fired;
  for (;;) {
    auto txn = store.write();
    const auto batch = txn.dueDeadlines(at(2026y / 6 / 1), 10);
    if (batch.empty()) break;
    for (const auto& s : batch) {
      fired.push_back(s.caseId);
      EXPECT_TRUE(txn.removeDueDeadline(s.caseId, s.deadline.key()));
    }
    txn.commit();
  }
  EXPECT_EQ(fired.size(), 25u);
  EXPECT_EQ(fired.front(), "CVD#100");
  EXPECT_EQ(fired.back(), "CVD#124");
  EXPECT_EQ(store.read().scheduledDeadlineCount(), 0u);
}

TEST(StoreDeadlines, IndexSurvivesReopen) {
  TempDir tmp;
  const auto d = deadline(core::DeadlineKind::Unreachable, "acme", 2026y / 2 / 28);
  {
    Store store = Store::open(tmp.storeDir());
    auto txn = store.write();
    txn.scheduleDeadline("CVD#1", d);
    txn.commit();
  }
  Store store = Store::open(tmp.storeDir());
  auto txn = store.read();
  EXPECT_EQ(txn.nextDeadline(), d.due);
  const auto due = txn.dueDeadlines(d.due, 10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].caseId, "CVD#1");
  EXPECT_EQ(due[0].deadline, d);
}

TEST(StoreDeadlines, InvalidCaseIdIsRefused) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto txn = store.write();
  const auto d = deadline(core::DeadlineKind::Unreachable, "acme", 2026y / 2 / 28);
  EXPECT_THROW(txn.scheduleDeadline("", d), StoreError);
  EXPECT_THROW(txn.scheduleDeadline(std::string("CVD#1\0x", 7), d), StoreError);
  EXPECT_EQ(txn.scheduledDeadlineCount(), 0u);
}

TEST(StoreDeadlines, StoredKeysAreBigEndianSignFlippedDueThenCaseThenKey) {
  TempDir tmp;
  const auto d = deadline(core::DeadlineKind::Unreachable, "acme", 2026y / 2 / 28);
  {
    Store store = Store::open(tmp.storeDir());
    auto txn = store.write();
    txn.scheduleDeadline("CVD#1", d);
    txn.commit();
  }
  MDB_env* env = nullptr;
  ASSERT_EQ(mdb_env_create(&env), 0);
  mdb_env_set_maxdbs(env, 32);
  ASSERT_EQ(mdb_env_open(env, tmp.storeDir().c_str(), MDB_NOTLS | MDB_RDONLY, 0600), 0);
  MDB_txn* txn = nullptr;
  ASSERT_EQ(mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn), 0);
  MDB_dbi due = 0;
  MDB_dbi byCase = 0;
  ASSERT_EQ(mdb_dbi_open(txn, "deadline_due", 0, &due), 0);
  ASSERT_EQ(mdb_dbi_open(txn, "deadline_by_case", 0, &byCase), 0);
  MDB_cursor* cursor = nullptr;
  ASSERT_EQ(mdb_cursor_open(txn, due, &cursor), 0);
  MDB_val key{};
  MDB_val value{};
  ASSERT_EQ(mdb_cursor_get(cursor, &key, &value, MDB_FIRST), 0);
  const std::string dueKey(static_cast<const char*>(key.mv_data), key.mv_size);
  mdb_cursor_close(cursor);
  std::string expected(8, '\0');
  auto bits =
      static_cast<std::uint64_t>(d.due.time_since_epoch().count()) ^ (std::uint64_t{1} << 63);
  for (int i = 7; i >= 0; --i, bits >>= 8)
    expected[static_cast<std::size_t>(i)] = static_cast<char>(bits & 0xff);
  expected += std::string("CVD#1\0unreachable/acme/2026-02-28", 33);
  EXPECT_EQ(dueKey, expected);
  EXPECT_EQ(value.mv_size, 0u);

  const std::string caseKey("CVD#1\0unreachable/acme/2026-02-28", 33);
  MDB_val k{caseKey.size(), const_cast<char*>(caseKey.data())};
  ASSERT_EQ(mdb_get(txn, byCase, &k, &value), 0);
  const auto j = nlohmann::json::parse(
      std::string_view(static_cast<const char*>(value.mv_data), value.mv_size));
  EXPECT_EQ(j.at("kind"), "unreachable");
  EXPECT_EQ(j.at("vendorId"), "acme");
  EXPECT_EQ(j.at("date"), "2026-02-28");
  EXPECT_EQ(j.at("due"), d.due.time_since_epoch().count());
  mdb_txn_abort(txn);
  mdb_env_close(env);
}

// ---------------------------------------------------------------------------------------
// Transactions and upgrades

TEST(StoreWorkflowTxn, AbortedTransactionLeavesNothing) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  const auto d = deadline(core::DeadlineKind::Unreachable, "acme", 2026y / 2 / 28);
  {
    auto txn = store.write();
    txn.putVendor(acme());
    txn.putWorkflow(core::testing::summarySent());
    txn.scheduleDeadline("CVD#00000042", d);
    EXPECT_TRUE(txn.getWorkflow("CVD#00000042"));  // visible inside
    EXPECT_EQ(txn.scheduledDeadlineCount(), 1u);
  }  // destroyed without commit
  auto txn = store.read();
  EXPECT_FALSE(txn.getVendor("acme"));
  EXPECT_FALSE(txn.findVendorByAddress("psirt@acme.example"));
  EXPECT_FALSE(txn.getWorkflow("CVD#00000042"));
  EXPECT_TRUE(txn.listWorkflows().empty());
  EXPECT_EQ(txn.scheduledDeadlineCount(), 0u);
  EXPECT_FALSE(txn.nextDeadline());
  EXPECT_TRUE(txn.deadlinesOfCase("CVD#00000042").empty());
}

TEST(StoreWorkflowTxn, AbortedCancelAndMoveLeaveTheIndexAsItWas) {
  TempDir tmp;
  Store store = Store::open(tmp.storeDir());
  auto d = deadline(core::DeadlineKind::PublicationDue, "", 2026y / 7 / 15);
  {
    auto txn = store.write();
    txn.scheduleDeadline("CVD#1", d);
    txn.commit();
  }
  {
    auto txn = store.write();
    EXPECT_TRUE(txn.cancelDeadline("CVD#1", d.key()));
    auto moved = d;
    moved.due += hours{1};
    txn.scheduleDeadline("CVD#1", moved);
  }
  auto txn = store.read();
  EXPECT_EQ(txn.nextDeadline(), d.due);
  ASSERT_EQ(txn.deadlinesOfCase("CVD#1").size(), 1u);
  EXPECT_EQ(txn.deadlinesOfCase("CVD#1")[0].deadline, d);
}

TEST(StoreWorkflowTxn, StoreWrittenBeforeTheWorkflowDatabasesOpens) {
  TempDir tmp;
  {
    Store store = Store::open(tmp.storeDir());
    auto txn = store.write();
    txn.putWorkflow(core::testing::accepted());
    txn.commit();
  }
  // Drop the databases this change added, as a store from the previous version lacks them.
  test::dropDatabases(tmp.storeDir(), {"vendors", "vendor_by_address", "workflows", "deadline_due",
                                       "deadline_by_case"});
  Store store = test::openUpgrading(tmp.storeDir());
  EXPECT_FALSE(store.read().getWorkflow("CVD#00000042"));
  auto txn = store.write();
  txn.scheduleDeadline("CVD#1", deadline(core::DeadlineKind::PublicationDue, "", 2026y / 7 / 15));
  txn.commit();
  EXPECT_EQ(store.read().scheduledDeadlineCount(), 1u);
}

}  // namespace
}  // namespace cvdd::store
