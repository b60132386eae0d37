// One Keyring shared by worker threads, as the daemon's OpenPGP workers share it. Run
// under ASan or TSan this is the check that the sharing is race-free.
#include <gtest/gtest.h>

#include <mutex>
#include <thread>
#include <vector>

#include "crypto/keyring.hpp"
#include "gpg_test_support.hpp"

namespace cvdd::crypto {
namespace {

using test::openKeyring;
using test::TempDir;

TEST(KeyringThreads, FourThreadsVerifyAndSignAtOnceWhileAnotherKeyringImports) {
  TempDir dir;
  test::KeyringPair pair = test::makeKeyringPair(dir.path());
  Keyring& coordinator = pair.coordinator;
  Keyring& reporter = pair.reporter;
  const std::string& ours = pair.ours;
  const std::string& theirs = pair.theirs;
  const std::string data = "Content-Type: text/plain\r\n\r\nReport body.\r\n";
  const auto signature = reporter.signDetached(data, theirs);
  ASSERT_TRUE(signature.has_value());

  constexpr int kThreads = 4;
  constexpr int kRounds = 6;
  std::mutex mutex;  // guards failures and made
  std::vector<std::string> failures;
  std::vector<std::string> made;  // signatures the workers made, checked afterwards
  const auto worker = [&](int id) {
    for (int round = 0; round < kRounds; ++round) {
      const std::string where = "thread " + std::to_string(id) + " round " + std::to_string(round);
      const Verification v = coordinator.verifyDetached(data, signature->armored);
      auto own = coordinator.signDetached(data, ours);
      auto sealed = coordinator.signAndEncrypt(data, {theirs}, ours);
      const auto key = coordinator.findKey(theirs);
      const std::scoped_lock lock(mutex);
      if (v.status != SignatureStatus::Good || v.fingerprint != theirs) {
        failures.push_back(where + ": verify " + std::string(signatureStatusName(v.status)) + " " +
                           v.detail);
      }
      if (!own) failures.push_back(where + ": sign " + own.error().what);
      if (own) made.push_back(std::move(own->armored));
      if (!sealed) failures.push_back(where + ": signAndEncrypt " + sealed.error().what);
      if (!key || !key->canEncrypt) failures.push_back(where + ": findKey");
    }
  };
  // Meanwhile keys arrive, through the shared Keyring itself (an import runs alone, the
  // workers wait) and through a second Keyring on the same home (cvdctl key import: the
  // workers' cache is invalidated under them, and gpg readers race the writer).
  const auto importer = [&] {
    Keyring cvdctl = openKeyring(coordinator.home());
    Keyring other = openKeyring(dir.path() / "other");
    for (int i = 0; i < 4; ++i) {
      const auto fpr =
          other.generateKey("Vendor " + std::to_string(i), "v" + std::to_string(i) + "@x.example");
      Keyring& through = i % 2 == 0 ? coordinator : cvdctl;
      const auto imported = fpr ? through.importKeys(*other.exportPublicKey(*fpr))
                                : core::Result<ImportResult>(tl::unexpected(fpr.error()));
      const std::scoped_lock lock(mutex);
      if (!imported)
        failures.push_back("import " + std::to_string(i) + ": " + imported.error().what);
    }
  };

  std::vector<std::thread> threads;
  for (int id = 0; id < kThreads; ++id) threads.emplace_back(worker, id);
  threads.emplace_back(importer);
  for (auto& t : threads) t.join();

  for (const auto& failure : failures) ADD_FAILURE() << failure;
  ASSERT_EQ(made.size(), static_cast<std::size_t>(kThreads * kRounds));
  for (const auto& armored : made) {
    EXPECT_EQ(reporter.verifyDetached(data, armored).status, SignatureStatus::Good);
  }
  // Every key the importer brought in is visible to the shared Keyring.
  EXPECT_EQ(coordinator.listKeys().size(), 6U);
}

}  // namespace
}  // namespace cvdd::crypto
