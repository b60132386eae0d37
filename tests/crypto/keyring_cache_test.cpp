// The Keyring's cache of key listings: one gpg process per operation once warm, and no
// stale answer after the keyring changed, whoever changed it.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "crypto/keyring.hpp"
#include "gpg_spawn_log.hpp"
#include "gpg_test_support.hpp"

namespace cvdd::crypto {
namespace {

using test::gpg;
using test::gpgGenerateKey;
using test::openKeyring;
using test::shellQuote;
using test::TempDir;
using test::writeFile;

const std::string kData = "Content-Type: text/plain\r\n\r\nThe embargo ends on 1 May.\r\n";

std::string joined(const std::vector<std::string>& lines, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < lines.size(); ++i) out += lines[i] + "\n";
  return out;
}

// A home used only through the gpg command line (the independent party, or cvdctl).
std::filesystem::path cliHome(const TempDir& dir, const std::string& name) {
  const auto path = dir.path() / name;
  std::filesystem::create_directories(path);
  std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  writeFile(path / "gpg.conf", "trust-model always\n");
  return path;
}

// The armored output of `gpg --export...` (what: the command and the key).
std::string exported(const std::filesystem::path& cli, const std::string& what) {
  const auto out = gpg(cli, "--armor " + what);
  if (out.exitCode != 0 || out.output.empty()) throw std::runtime_error("gpg " + what + " failed");
  return out.output;
}

TEST(KeyringCache, OnceWarmEveryOperationRunsOneGpgAndLookupsNone) {
  TempDir dir;
  test::GpgSpawnLog log(dir.path());
  test::KeyringPair pair = test::makeKeyringPair(dir.path());
  Keyring& coordinator = pair.coordinator;
  Keyring& reporter = pair.reporter;
  const std::string& ours = pair.ours;
  const std::string& theirs = pair.theirs;
  const auto signature = reporter.signDetached(kData, theirs);
  const auto encrypted = reporter.signAndEncrypt(kData, {ours}, theirs);
  ASSERT_TRUE(signature && encrypted);

  // Warm: each kind of operation once, so every key it needs has been listed.
  ASSERT_EQ(coordinator.verifyDetached(kData, signature->armored).status, SignatureStatus::Good);
  ASSERT_TRUE(coordinator.signDetached(kData, ours).has_value());
  ASSERT_TRUE(coordinator.signAndEncrypt(kData, {theirs}, ours).has_value());
  ASSERT_TRUE(coordinator.decrypt(*encrypted).has_value());
  ASSERT_TRUE(coordinator.findKey(theirs).has_value());
  ASSERT_EQ(coordinator.listKeys("reporter@example.org").size(), 1U);

  // gpg processes started by kRounds runs of an operation, and their arguments.
  constexpr std::size_t kRounds = 3;
  struct Starts {
    std::size_t count;
    std::string lines;
  };
  const auto starts = [&](auto&& operation) {
    const std::size_t before = log.count();
    for (std::size_t i = 0; i < kRounds; ++i) operation();
    const auto after = log.starts();
    return Starts{after.size() - before, joined(after, before)};
  };

  const auto verify = starts([&] {
    const auto v = coordinator.verifyDetached(kData, signature->armored);
    EXPECT_EQ(v.status, SignatureStatus::Good);
    EXPECT_EQ(v.fingerprint, theirs);
    EXPECT_EQ(v.signerUid, "Reporter <reporter@example.org>");
  });
  EXPECT_EQ(verify.count, kRounds) << verify.lines;
  const auto sign = starts([&] { EXPECT_TRUE(coordinator.signDetached(kData, ours).has_value()); });
  EXPECT_EQ(sign.count, kRounds) << sign.lines;
  const auto signEncrypt =
      starts([&] { EXPECT_TRUE(coordinator.signAndEncrypt(kData, {theirs}, ours).has_value()); });
  EXPECT_EQ(signEncrypt.count, kRounds) << signEncrypt.lines;
  const auto decrypt = starts([&] {
    const auto d = coordinator.decrypt(*encrypted);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->signature.status, SignatureStatus::Good);
    EXPECT_EQ(d->signature.fingerprint, theirs);
  });
  EXPECT_EQ(decrypt.count, kRounds) << decrypt.lines;
  const auto lookups = starts([&] {
    EXPECT_TRUE(coordinator.findKey(theirs)->canEncrypt);
    EXPECT_TRUE(coordinator.findKey(ours)->hasSecret);
    EXPECT_EQ(coordinator.listKeys("reporter@example.org").size(), 1U);
    EXPECT_FALSE(coordinator.findKey(std::string(40, 'C')).has_value());
  });
  // Only the unknown fingerprint, listed once and then remembered as absent.
  EXPECT_EQ(lookups.count, 1U) << lookups.lines;
}

TEST(KeyringCache, AnImportThroughAnotherKeyringOnTheSameHomeIsSeen) {
  TempDir dir;
  const auto cli = cliHome(dir, "cli");
  const std::string fpr = gpgGenerateKey(cli, "Vendor <psirt@vendor.example>");
  // `cvdctl key import` is another process with a Keyring of its own on the same home.
  Keyring daemon = openKeyring(dir.path() / "home");
  Keyring cvdctl = openKeyring(dir.path() / "home");
  EXPECT_FALSE(daemon.findKey(fpr).has_value());
  EXPECT_TRUE(daemon.listKeys().empty());
  EXPECT_TRUE(daemon.listKeys("psirt@vendor.example").empty());

  ASSERT_TRUE(cvdctl.importKeys(exported(cli, "--export " + fpr)).has_value());
  const auto seen = daemon.findKey(fpr);
  ASSERT_TRUE(seen.has_value());
  EXPECT_TRUE(seen->canEncrypt);
  EXPECT_EQ(daemon.listKeys().size(), 1U);
  EXPECT_EQ(daemon.listKeys("psirt@vendor.example").size(), 1U);
}

TEST(KeyringCache, ChangesByTheGpgCommandLineAreSeen) {
  TempDir dir;
  const auto cli = cliHome(dir, "cli");
  const std::string fpr = gpgGenerateKey(cli, "Vendor <psirt@vendor.example>");
  Keyring keyring = openKeyring(dir.path() / "home");
  const auto home = keyring.home();
  ASSERT_TRUE(keyring.importKeys(exported(cli, "--export " + fpr)).has_value());
  ASSERT_TRUE(keyring.findKey(fpr).has_value());
  EXPECT_FALSE(keyring.findKey(fpr)->revoked);
  EXPECT_FALSE(keyring.findKey(fpr)->hasSecret);

  // Its secret key arrives: only private-keys-v1.d changes, the public keyring does not.
  writeFile(dir.path() / "secret.asc", exported(cli, "--export-secret-keys " + fpr));
  ASSERT_EQ(gpg(home, "--import " + shellQuote((dir.path() / "secret.asc").string())).exitCode, 0);
  EXPECT_TRUE(keyring.findKey(fpr)->hasSecret);
  EXPECT_TRUE(keyring.signDetached(kData, fpr).has_value());

  // Revoked in the command-line home, then the revoked key imported into this one. (A
  // bare revocation certificate cannot be imported with gpg here: with trust-model
  // always there is no trustdb.gpg, and gpg then stops with "can't open trustdb.gpg".)
  std::string rev = test::readFile(cli / "openpgp-revocs.d" / (fpr + ".rev"));
  rev.erase(rev.find(":-----BEGIN PGP PUBLIC KEY BLOCK-----"), 1);
  writeFile(dir.path() / "rev.asc", rev);
  ASSERT_EQ(gpg(cli, "--import " + shellQuote((dir.path() / "rev.asc").string())).exitCode, 0);
  writeFile(dir.path() / "revoked.asc", exported(cli, "--export " + fpr));
  ASSERT_EQ(gpg(home, "--import " + shellQuote((dir.path() / "revoked.asc").string())).exitCode, 0);
  EXPECT_TRUE(keyring.findKey(fpr)->revoked);
  EXPECT_FALSE(keyring.signAndEncrypt(kData, {fpr}, fpr).has_value());

  // Deleted.
  ASSERT_EQ(gpg(home, "--yes --delete-secret-and-public-key " + fpr).exitCode, 0);
  EXPECT_FALSE(keyring.findKey(fpr).has_value());
  EXPECT_TRUE(keyring.listKeys().empty());
  EXPECT_FALSE(keyring.signDetached(kData, fpr).has_value());
}

TEST(KeyringCache, AKeyIsListedAgainWhenItExpires) {
  TempDir dir;
  const auto cli = cliHome(dir, "cli");
  // Long enough that generating and importing it finish well before it expires, even on a
  // loaded machine; the expiry is then all the test waits for.
  const std::string fpr = gpgGenerateKey(cli, "Short Lived <short@example.org>", "seconds=10");
  const auto made = std::chrono::steady_clock::now();
  Keyring keyring = openKeyring(dir.path() / "home");
  ASSERT_TRUE(keyring.importKeys(exported(cli, "--export " + fpr)).has_value());
  const auto before = keyring.findKey(fpr);
  const auto list = keyring.listKeys();
  ASSERT_TRUE(before.has_value());
  ASSERT_EQ(list.size(), 1U);
  ASSERT_FALSE(before->expired) << "the key expired before the first lookup: over 10 s to import";
  EXPECT_TRUE(before->canEncrypt);
  EXPECT_FALSE(list[0].expired);

  // No file changes; only the clock passes the key's expiry.
  std::this_thread::sleep_until(made + std::chrono::seconds(12));
  const auto after = keyring.findKey(fpr);
  ASSERT_TRUE(after.has_value());
  EXPECT_TRUE(after->expired);
  EXPECT_FALSE(after->canEncrypt);
  EXPECT_TRUE(keyring.listKeys()[0].expired);
}

}  // namespace
}  // namespace cvdd::crypto
