// Upgrades that keep the data: stores written by earlier releases (checked-in `mdb_dump`
// text, tests/store/dumps/README.md) are loaded with mdb_load and opened by this build.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>
#include <stdexcept>
#include <string>

#include "core/operator_view.hpp"
#include "store/backup.hpp"
#include "store/digest.hpp"
#include "store/state_lock.hpp"
#include "store/store.hpp"
#include "tests/store/older_store.hpp"
#include "tests/store/store_dump.hpp"
#include "tests/store/temp_dir.hpp"

namespace cvdd::store {
namespace {

using test::TempDir;

// What the demo story and make_dump.py left in both dumps (see dumps/README.md).
constexpr std::size_t kCases = 2;
const std::set<std::string> kVendors{"exampleshop", "shophost"};

/// The dump loaded into tmp's store dir; its records as loaded.
test::Records load(const TempDir& tmp, const std::string& dump) {
  test::loadDump(test::dumpFile(dump), tmp.storeDir());
  return test::readAllRecords(tmp.storeDir());
}

/// Reads every kind of record the store keeps through the Store, checking each against
/// the raw records (what an upgrade must keep) and against what the story put there.
void expectEverythingReadable(Store& store, const test::Records& raw) {
  auto txn = store.read();

  const auto cases = txn.listCases();
  ASSERT_EQ(cases.size(), kCases);
  const auto summaries = txn.listCaseSummaries();
  ASSERT_EQ(summaries.size(), kCases);
  const auto workflows = txn.listWorkflows();
  ASSERT_EQ(workflows.size(), kCases);
  std::set<core::Language> languages;
  for (std::size_t i = 0; i < kCases; ++i) {
    SCOPED_TRACE(cases[i].id);
    languages.insert(cases[i].language);
    EXPECT_FALSE(cases[i].timeline.empty());
    // A summary is its case's, with its workflow's coordination fields.
    auto expected = summaryOf(cases[i]);
    EXPECT_EQ(summaries[i].id, expected.id);
    EXPECT_EQ(summaries[i].messages, expected.messages);
    EXPECT_EQ(summaries[i].language, expected.language);
    ASSERT_EQ(workflows[i].caseId, cases[i].id);
    EXPECT_EQ(summaries[i].stage, workflows[i].stage);
    EXPECT_EQ(summaries[i].vendorsWaiting, core::vendorsWaiting(workflows[i]));
    EXPECT_EQ(summaries[i].publicationDate, workflows[i].publicationDate);
    EXPECT_TRUE(txn.getReport(cases[i].id)) << "report";
    // The next deadline is the earliest the index holds for the case.
    const auto deadlines = txn.deadlinesOfCase(cases[i].id);
    EXPECT_EQ(summaries[i].nextDeadline.has_value(), !deadlines.empty());
    if (!deadlines.empty()) {
      EXPECT_EQ(summaries[i].nextDeadline->due, deadlines.front().deadline.due);
    }
  }
  EXPECT_EQ(languages, (std::set{core::Language::English, core::Language::Japanese}));
  EXPECT_EQ(txn.scheduledDeadlineCount(), raw.at("deadline_due").size());

  std::set<std::string> vendorIds;
  for (const auto& v : txn.listVendors()) vendorIds.insert(v.id);
  EXPECT_EQ(vendorIds, kVendors);
  const auto byAddress = txn.findVendorByAddress("PSIRT@exampleshop.example");
  ASSERT_TRUE(byAddress);
  EXPECT_EQ(byAddress->id, "exampleshop");
  const auto bindings = txn.listKeyBindings();
  ASSERT_EQ(bindings.size(), raw.at("keys").size());
  EXPECT_TRUE(std::any_of(bindings.begin(), bindings.end(), [](const KeyBinding& b) {
    return b.address == "psirt@exampleshop.example";
  }));

  // Every outbox entry, with its bytes; the held one in the held index.
  const auto outboxCount = raw.at("outbox").size();
  ASSERT_GT(outboxCount, 0u);
  std::size_t held = 0;
  for (std::uint64_t seq = 1; seq <= outboxCount; ++seq) {
    const auto entry = txn.getOutbox(seq);
    ASSERT_TRUE(entry) << "outbox #" << seq;
    EXPECT_FALSE(entry->messageId.empty());
    EXPECT_EQ(txn.caseForSentMessage(entry->messageId), entry->caseId);
    if (entry->state == OutboxState::Held) ++held;
  }
  const auto heldEntries = txn.heldOutbox();
  EXPECT_EQ(heldEntries.size(), held);
  ASSERT_GE(held, 1u) << "the dump holds a held notice";
  for (const auto& entry : heldEntries) {
    EXPECT_EQ(entry.state, OutboxState::Held);
    EXPECT_TRUE(entry.confidential);
    EXPECT_FALSE(entry.heldNotice.empty());
  }

  // Every inbox item's raw bytes, by their digest; the byte totals as counted.
  std::uint64_t blobBytes = 0;
  for (const auto& [digest, bytes] : raw.at("raw_blobs")) blobBytes += bytes.size();
  EXPECT_EQ(txn.rawMessageBytes(), blobBytes);
  ASSERT_FALSE(raw.at("inbox").empty());
  for (const auto& [key, json] : raw.at("inbox")) {
    const auto item = txn.getInbox(key);
    ASSERT_TRUE(item) << key;
    const auto bytes = txn.getRawMessage(key);
    ASSERT_TRUE(bytes) << key;
    EXPECT_EQ(sha256Hex(*bytes), item->sha256) << key;
  }

  const auto quarantine = txn.listQuarantine(false);
  ASSERT_EQ(quarantine.size(), raw.at("quarantine").size());
  ASSERT_GE(quarantine.size(), 1u) << "the dump holds a quarantined message";
  std::uint64_t quarantined = 0;
  for (const auto& item : quarantine) {
    EXPECT_EQ(item.from, "psirt@exampleshop.example");
    const auto bytes = txn.getRawMessage(item.inboxKey);
    ASSERT_TRUE(bytes) << item.inboxKey;
    quarantined += bytes->size();
  }
  EXPECT_EQ(txn.quarantinedBytes(), quarantined);
  EXPECT_EQ(txn.listQuarantine(true).size(), raw.at("quarantine_pending").size());

  for (const auto& [key, value] : raw.at("counters"))
    EXPECT_EQ(std::to_string(txn.counter(key)), value) << key;
  EXPECT_EQ(txn.listAlerts(false).size(), raw.at("alerts").size());
  std::size_t siteCases = 0;
  for (const auto& [key, value] : raw.at("meta")) siteCases += key.starts_with("site_case/");
  EXPECT_EQ(txn.siteCasesChangedAfter(0).size(), siteCases);
  EXPECT_GE(siteCases, 1u) << "the published case";
}

TEST(SchemaUpgrade, Schema1DumpIsUpgradedKeepingEveryRecord) {
  TempDir tmp;
  const auto before = load(tmp, "schema-1.dump");
  ASSERT_EQ(before.at("meta").at("schema"), "1");
  ASSERT_EQ(before.at("meta").count("summary_coordination"), 1u);
  {
    Store store = test::openUpgrading(tmp.storeDir());
    EXPECT_EQ(store.upgradedFrom(), 1u);
    expectEverythingReadable(store, before);
  }
  // Nothing else changed: every record of every database is still there, byte for byte;
  // meta says schema 2 and keeps no marker.
  auto after = test::readAllRecords(tmp.storeDir());
  EXPECT_EQ(after.at("meta").at("schema"), "2");
  auto expected = before;
  expected["meta"]["schema"] = "2";
  expected["meta"].erase("summary_coordination");
  expected["meta"].erase("outbox_held_index");
  EXPECT_EQ(after, expected);
  // Once upgraded, an opener without the lock (cvdctl) opens it as it is.
  Store again = Store::open(tmp.storeDir());
  EXPECT_FALSE(again.upgradedFrom());
}

/// Makes the closed schema-1 store in dir as a release before the lazy fills left it: no
/// summaries, no held index, no per-key quarantine counts, no byte totals, no markers.
void asBeforeTheFills(const std::filesystem::path& dir) {
  test::dropDatabases(dir, {"case_summaries", "outbox_held", "quarantine_refs"});
  test::withRawLmdb(dir, [](MDB_txn* txn) {
    MDB_dbi meta = 0;
    ASSERT_EQ(mdb_dbi_open(txn, "meta", 0, &meta), 0);
    for (std::string name :
         {"summary_coordination", "outbox_held_index", "raw_bytes", "quarantine_bytes"}) {
      MDB_val key{name.size(), name.data()};
      ASSERT_EQ(mdb_del(txn, meta, &key, nullptr), 0) << name;
    }
  });
}

// The upgrade fills each as that release's successors did on open, to the same bytes.
TEST(SchemaUpgrade, Schema1WithoutWhatItsOpenFilledIsFilledByTheUpgrade) {
  TempDir tmp;
  const auto complete = load(tmp, "schema-1.dump");
  asBeforeTheFills(tmp.storeDir());
  {
    Store store = test::openUpgrading(tmp.storeDir());
    EXPECT_EQ(store.upgradedFrom(), 1u);
    expectEverythingReadable(store, complete);
  }
  auto expected = complete;
  expected["meta"]["schema"] = "2";
  expected["meta"].erase("summary_coordination");
  expected["meta"].erase("outbox_held_index");
  EXPECT_EQ(test::readAllRecords(tmp.storeDir()), expected);
}

TEST(SchemaUpgrade, AFailureInTheUpgradeLeavesTheSchema1StoreAsItWas) {
  TempDir tmp;
  const auto before = load(tmp, "schema-1.dump");
  asBeforeTheFills(tmp.storeDir());  // so the step has work to lose
  const auto dropped = test::readAllRecords(tmp.storeDir());
  std::set<unsigned> stepsRun;
  EXPECT_THROW(test::openUpgrading(tmp.storeDir(), std::size_t{1} << 32,
                                   [&](unsigned from) {
                                     stepsRun.insert(from);
                                     throw StoreError("injected failure after the step");
                                   }),
               StoreError);
  EXPECT_EQ(stepsRun, std::set<unsigned>{1});
  EXPECT_EQ(test::readAllRecords(tmp.storeDir()), dropped);
  EXPECT_EQ(test::recordedSchema(tmp.storeDir()), "1");
  // The next cvdd start upgrades it whole.
  Store store = test::openUpgrading(tmp.storeDir());
  EXPECT_EQ(store.upgradedFrom(), 1u);
  expectEverythingReadable(store, before);
}

/// Restores backup into state's store as cvdctl restore does (holding the state lock).
RestoreResult restoreAsCvdctl(const TempDir& state, const std::filesystem::path& backup) {
  auto lock = StateLock::tryAcquire(state.path());
  if (!lock) throw std::runtime_error("the state lock of " + state.path().string() + " is held");
  return restoreBackup(*lock, state.storeDir(), backup, false,
                       core::Timestamp{std::chrono::seconds{1'800'000'000}});
}

/// backup is a schema-1 store with the dump's cases, and restored into state's store it
/// is the schema-1 store `before` record for record.
void expectRestoresAsSchema1(const std::filesystem::path& backup, const TempDir& state,
                             const test::Records& before) {
  const auto info = checkBackup(backup);
  EXPECT_EQ(info.schema, 1u);
  EXPECT_EQ(info.cases, kCases);
  EXPECT_EQ(restoreAsCvdctl(state, backup).backup.schema, 1u);
  EXPECT_EQ(test::readAllRecords(state.storeDir()), before);
}

/// Opens the store in tmp as cvdd does: with the state lock and the copy before an upgrade
/// written into the state dir.
Store openAsCvdd(const TempDir& tmp, std::function<void(unsigned)> afterStep = {}) {
  auto lock = StateLock::tryAcquire(tmp.path());
  if (!lock) throw std::runtime_error("the state lock of " + tmp.path().string() + " is held");
  return Store::open(tmp.storeDir(), std::size_t{1} << 32,
                     SchemaUpgrade{&*lock, std::move(afterStep), tmp.path()});
}

TEST(SchemaUpgrade, TheStoreAsItWasIsCopiedBeforeTheUpgradeAndRestoresAsSchema1) {
  TempDir tmp;
  const auto before = load(tmp, "schema-1.dump");
  const auto copy = Store::copyBeforeUpgradeIn(tmp.path(), 1);
  EXPECT_EQ(copy.filename(), "db.schema-1.before-upgrade.mdb");
  {
    Store store = openAsCvdd(tmp);
    EXPECT_EQ(store.upgradedFrom(), 1u);
    EXPECT_EQ(store.copiedBeforeUpgrade(), copy);
  }
  EXPECT_EQ(test::recordedSchema(tmp.storeDir()), "2");
  EXPECT_EQ(std::filesystem::status(copy).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  TempDir state;
  expectRestoresAsSchema1(copy, state, before);
}

TEST(SchemaUpgrade, AFailedUpgradeKeepsItsCopyAndTheNextAttemptReplacesIt) {
  TempDir tmp;
  const auto before = load(tmp, "schema-1.dump");
  const auto copy = Store::copyBeforeUpgradeIn(tmp.path(), 1);
  EXPECT_THROW(openAsCvdd(tmp, [](unsigned) { throw StoreError("injected failure"); }), StoreError);
  EXPECT_EQ(test::recordedSchema(tmp.storeDir()), "1");
  ASSERT_TRUE(std::filesystem::exists(copy));
  EXPECT_EQ(checkBackup(copy).schema, 1u);
  std::filesystem::resize_file(copy, 1);  // so the next attempt's copy is seen to replace it
  {
    Store store = openAsCvdd(tmp);
    EXPECT_EQ(store.upgradedFrom(), 1u);
    expectEverythingReadable(store, before);
  }
  EXPECT_EQ(checkBackup(copy).cases, kCases);
}

TEST(SchemaUpgrade, NoCopyIsWrittenOfACurrentStoreOrWithoutTheLock) {
  TempDir current;
  load(current, "schema-2.dump");
  {
    Store store = openAsCvdd(current);
    EXPECT_FALSE(store.upgradedFrom());
    EXPECT_FALSE(store.copiedBeforeUpgrade());
  }
  EXPECT_FALSE(std::filesystem::exists(Store::copyBeforeUpgradeIn(current.path(), 2)));
  EXPECT_FALSE(std::filesystem::exists(Store::copyBeforeUpgradeIn(current.path(), 1)));

  TempDir older;
  load(older, "schema-1.dump");
  EXPECT_THROW(
      Store::open(older.storeDir(), std::size_t{1} << 32, SchemaUpgrade{nullptr, {}, older.path()}),
      StoreSchemaError);
  EXPECT_FALSE(std::filesystem::exists(Store::copyBeforeUpgradeIn(older.path(), 1)));
}

TEST(SchemaUpgrade, WithoutRoomForTheCopyNothingIsChangedAndTheErrorSaysWhy) {
  TempDir tmp;
  const auto before = load(tmp, "schema-1.dump");
  // A directory where the copy's temporary file would go: creating it fails, as a full
  // disk would, and the upgrade must not go on without its copy.
  const auto copy = Store::copyBeforeUpgradeIn(tmp.path(), 1);
  std::filesystem::create_directory(copy.string() + ".tmp");
  try {
    openAsCvdd(tmp);
    FAIL() << "upgraded without writing the copy";
  } catch (const StoreError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("store " + tmp.storeDir().string() + " (store schema 1)"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("Nothing was changed"), std::string::npos) << message;
  }
  EXPECT_EQ(test::readAllRecords(tmp.storeDir()), before);
  EXPECT_FALSE(std::filesystem::exists(copy));
}

TEST(SchemaUpgrade, WithoutTheStateLockAnOlderStoreIsRefusedAndLeftAlone) {
  TempDir tmp;
  const auto before = load(tmp, "schema-1.dump");
  try {
    Store::open(tmp.storeDir());
    FAIL() << "opened a schema-1 store without the state lock";
  } catch (const StoreSchemaError& e) {
    EXPECT_EQ(e.kind(), StoreSchemaError::Kind::Older);
    EXPECT_EQ(e.schema(), 1u);
    const std::string message = e.what();
    EXPECT_NE(message.find("store " + tmp.storeDir().string() + " has store schema 1"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("uses schema 2"), std::string::npos) << message;
    EXPECT_NE(message.find("start (or restart) cvdd"), std::string::npos) << message;
  }
  EXPECT_EQ(test::readAllRecords(tmp.storeDir()), before);
}

TEST(SchemaUpgrade, ALockOfAnotherStateDirDoesNotPermitTheUpgrade) {
  TempDir tmp;
  TempDir other;
  load(tmp, "schema-1.dump");
  auto lock = StateLock::tryAcquire(other.path());
  ASSERT_TRUE(lock);
  EXPECT_THROW(Store::open(tmp.storeDir(), std::size_t{1} << 32, SchemaUpgrade{&*lock, {}, {}}),
               StoreError);
  EXPECT_EQ(test::recordedSchema(tmp.storeDir()), "1");
}

TEST(SchemaUpgrade, Schema2DumpOpensAsItIsWithoutTheLock) {
  TempDir tmp;
  const auto before = load(tmp, "schema-2.dump");
  ASSERT_EQ(before.at("meta").at("schema"), "2");
  EXPECT_EQ(before.at("meta").count("summary_coordination"), 0u);
  EXPECT_EQ(before.at("meta").count("outbox_held_index"), 0u);
  {
    Store store = Store::open(tmp.storeDir());
    EXPECT_FALSE(store.upgradedFrom());
    expectEverythingReadable(store, before);
  }
  EXPECT_EQ(test::readAllRecords(tmp.storeDir()), before);
}

TEST(SchemaUpgrade, ANewerSchemaIsRefusedNamingBothVersionsEvenWithTheLock) {
  TempDir tmp;
  load(tmp, "schema-2.dump");
  test::setSchema(tmp.storeDir(), "3");
  const auto before = test::readAllRecords(tmp.storeDir());
  for (const bool withLock : {false, true}) {
    SCOPED_TRACE(withLock);
    try {
      if (withLock)
        test::openUpgrading(tmp.storeDir());
      else
        Store::open(tmp.storeDir());
      FAIL() << "opened a schema-3 store";
    } catch (const StoreSchemaError& e) {
      EXPECT_EQ(e.kind(), StoreSchemaError::Kind::Newer);
      EXPECT_EQ(e.schema(), 3u);
      const std::string message = e.what();
      EXPECT_NE(message.find("has store schema 3"), std::string::npos) << message;
      EXPECT_NE(message.find("reads schema 2 and older: upgrade cvdd"), std::string::npos)
          << message;
    }
  }
  EXPECT_EQ(test::readAllRecords(tmp.storeDir()), before);
}

TEST(SchemaUpgrade, AGarbledSchemaIsRefused) {
  for (const std::string garbled : {"two", "", "2x", " 2", "+2", "0", "99999999999999999999"}) {
    SCOPED_TRACE(garbled);
    TempDir tmp;
    load(tmp, "schema-2.dump");
    test::setSchema(tmp.storeDir(), garbled);
    try {
      test::openUpgrading(tmp.storeDir());
      FAIL() << "opened a store of schema \"" << garbled << "\"";
    } catch (const StoreSchemaError& e) {
      EXPECT_EQ(e.kind(), StoreSchemaError::Kind::Unreadable);
      EXPECT_NE(std::string(e.what()).find("damaged"), std::string::npos) << e.what();
    }
    EXPECT_EQ(test::recordedSchema(tmp.storeDir()), garbled);
  }
}

TEST(SchemaUpgrade, ANewStoreIsCreatedAtTheCurrentSchemaAndRoundTrips) {
  TempDir tmp;
  core::Case c;
  c.id = "CVD#00000001";
  c.subject = "往復";
  {
    Store store = Store::open(tmp.storeDir());
    EXPECT_FALSE(store.upgradedFrom());
    auto txn = store.write();
    txn.putCase(c);
    txn.commit();
  }
  const auto written = test::readAllRecords(tmp.storeDir());
  EXPECT_EQ(written.at("meta").at("schema"), std::to_string(kStoreSchema));
  EXPECT_EQ(written.size(), 29u) << "every database, created with the store";
  Store store = Store::open(tmp.storeDir());
  EXPECT_FALSE(store.upgradedFrom());
  EXPECT_EQ(store.read().getCase(c.id)->subject, "往復");
  EXPECT_EQ(store.read().listCaseSummaries().size(), 1u);
}

TEST(SchemaUpgrade, AStoreOfThisSchemaMissingADatabaseIsDamage) {
  TempDir tmp;
  load(tmp, "schema-2.dump");
  test::withRawLmdb(tmp.storeDir(), [](MDB_txn* txn) {
    MDB_dbi held = 0;
    ASSERT_EQ(mdb_dbi_open(txn, "outbox_held", 0, &held), 0);
    ASSERT_EQ(mdb_drop(txn, held, 1), 0);
  });
  try {
    test::openUpgrading(tmp.storeDir());
    FAIL() << "opened a schema-2 store without outbox_held";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("has no database \"outbox_held\""), std::string::npos)
        << e.what();
  }
}

// A backup keeps its schema: an older one is restored as it is and upgraded by the next
// cvdd start; a newer one is refused before anything is replaced.
TEST(SchemaUpgrade, ASchema1BackupIsRestoredAndUpgradedByTheNextOpen) {
  TempDir loaded;
  const auto before = load(loaded, "schema-1.dump");
  // An environment's data.mdb is what Store::backupTo writes: one file, no lock file.
  const auto backup = loaded.path() / "schema-1.backup";
  std::filesystem::copy_file(loaded.storeDir() / "data.mdb", backup);
  TempDir state;
  expectRestoresAsSchema1(backup, state, before);
  EXPECT_THROW(Store::open(state.storeDir()), StoreSchemaError);  // cvdctl: not yet
  Store store = test::openUpgrading(state.storeDir());
  EXPECT_EQ(store.upgradedFrom(), 1u);
  expectEverythingReadable(store, before);
}

TEST(SchemaUpgrade, ANewerBackupIsRefusedAndNothingIsReplaced) {
  TempDir loaded;
  load(loaded, "schema-2.dump");
  test::setSchema(loaded.storeDir(), "3");
  const auto backup = loaded.path() / "schema-3.backup";
  std::filesystem::copy_file(loaded.storeDir() / "data.mdb", backup);
  try {
    checkBackup(backup);
    FAIL() << "accepted a schema-3 backup";
  } catch (const StoreSchemaError& e) {
    EXPECT_EQ(e.kind(), StoreSchemaError::Kind::Newer);
    EXPECT_NE(std::string(e.what()).find("backup " + backup.string() + " has store schema 3"),
              std::string::npos)
        << e.what();
  }
  TempDir state;
  auto lock = StateLock::tryAcquire(state.path());
  ASSERT_TRUE(lock);
  EXPECT_THROW(restoreBackup(*lock, state.storeDir(), backup, false, core::Timestamp{}),
               StoreSchemaError);
  EXPECT_FALSE(std::filesystem::exists(state.storeDir() / "data.mdb"));
}

}  // namespace
}  // namespace cvdd::store
