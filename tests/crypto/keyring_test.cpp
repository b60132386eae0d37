#include "crypto/keyring.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "gpg_test_support.hpp"

namespace cvdd::crypto {
namespace {

using test::gpg;
using test::gpgGenerateKey;
using test::readFile;
using test::shellQuote;
using test::TempDir;
using test::writeFile;

// Each test gets its own directory; the homes inside it are throwaway GnuPG homes.
class KeyringTest : public ::testing::Test {
 protected:
  Keyring open(const std::string& name) {
    auto keyring = Keyring::open(dir_.path() / name);
    if (!keyring) throw std::runtime_error(keyring.error().what);
    return std::move(*keyring);
  }
  std::filesystem::path home(const std::string& name) const { return dir_.path() / name; }
  std::filesystem::path file(const std::string& name) const { return dir_.path() / name; }

  // A home used only through the gpg command line (the independent party).
  std::filesystem::path cliHome(const std::string& name) {
    const auto path = home(name);
    std::filesystem::create_directories(path);
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
    writeFile(path / "gpg.conf", "trust-model always\n");
    return path;
  }

  // Exports fingerprint's public key from a command-line home into keyring.
  void importFromCli(Keyring& keyring, const std::filesystem::path& cli,
                     const std::string& fingerprint) {
    const auto exported = gpg(cli, "--armor --export " + fingerprint);
    ASSERT_EQ(exported.exitCode, 0);
    ASSERT_TRUE(keyring.importKeys(exported.output).has_value());
  }

  // Detached signature of data made by the gpg command line.
  std::string cliSign(const std::filesystem::path& cli, const std::string& data,
                      const std::string& signerArgs) {
    writeFile(file("data"), data);
    std::filesystem::remove(file("data.asc"));
    const auto signedOut = gpg(cli, signerArgs + " --armor --detach-sign --output " +
                                        shellQuote(file("data.asc").string()) + " " +
                                        shellQuote(file("data").string()));
    if (signedOut.exitCode != 0) throw std::runtime_error("gpg --detach-sign failed");
    return readFile(file("data.asc"));
  }

  TempDir dir_;
};

const std::string kData = "Content-Type: text/plain\r\n\r\nThe embargo ends on 1 May.\r\n";

TEST_F(KeyringTest, OpenCreatesAPrivateHomeConfiguredForNoWebOfTrust) {
  Keyring keyring = open("home");
  EXPECT_EQ(keyring.home(), home("home"));
  const auto perms = std::filesystem::status(home("home")).permissions();
  EXPECT_EQ(perms, std::filesystem::perms::owner_all);
  EXPECT_NE(readFile(home("home") / "gpg.conf").find("trust-model always"), std::string::npos);
  EXPECT_NE(readFile(home("home") / "gpg.conf").find("no-random-seed-file"), std::string::npos);
  EXPECT_NE(readFile(home("home") / "gpg-agent.conf").find("allow-loopback-pinentry"),
            std::string::npos);
  EXPECT_TRUE(keyring.listKeys().empty());
}

TEST_F(KeyringTest, GeneratedKeySignsAndEncryptsAndHasItsSecret) {
  Keyring keyring = open("home");
  const auto fpr = keyring.generateKey("Example CSIRT", "Vendors@Cert.Example");
  ASSERT_TRUE(fpr.has_value()) << fpr.error().what;
  EXPECT_EQ(fpr->size(), 40U);
  const auto info = keyring.findKey(*fpr);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->fingerprint, *fpr);
  EXPECT_TRUE(info->canSign);
  EXPECT_TRUE(info->canEncrypt);
  EXPECT_TRUE(info->hasSecret);
  EXPECT_FALSE(info->expired);
  EXPECT_FALSE(info->revoked);
  EXPECT_FALSE(info->expires.has_value());
  ASSERT_EQ(info->uids.size(), 1U);
  EXPECT_EQ(info->uids[0], "Example CSIRT <Vendors@Cert.Example>");
  ASSERT_EQ(info->addresses.size(), 1U);
  EXPECT_EQ(info->addresses[0], "vendors@cert.example");
  const auto age = std::chrono::system_clock::now() - info->created;
  EXPECT_LT(std::chrono::abs(age), std::chrono::minutes(5));

  EXPECT_FALSE(keyring.generateKey("Evil <x>", "a@b.example").has_value());
  EXPECT_FALSE(keyring.generateKey("Line\nBreak", "a@b.example").has_value());
  EXPECT_FALSE(keyring.generateKey("No Address", "nobody").has_value());
}

TEST_F(KeyringTest, DetachedSignatureVerifiesGoodWithThePrimaryFingerprint) {
  Keyring signer = open("signer");
  const auto fpr = signer.generateKey("Example CSIRT", "vendors@cert.example");
  ASSERT_TRUE(fpr.has_value());
  const auto sig = signer.signDetached(kData, *fpr);
  ASSERT_TRUE(sig.has_value()) << sig.error().what;
  EXPECT_TRUE(sig->armored.starts_with("-----BEGIN PGP SIGNATURE-----"));
  EXPECT_TRUE(sig->micalg.starts_with("pgp-sha")) << sig->micalg;

  Keyring verifier = open("verifier");
  const auto exported = signer.exportPublicKey(*fpr);
  ASSERT_TRUE(exported.has_value());
  EXPECT_EQ(exported->find("PRIVATE"), std::string::npos);
  ASSERT_TRUE(verifier.importKeys(*exported).has_value());
  const auto before = std::chrono::system_clock::now();
  const Verification v = verifier.verifyDetached(kData, sig->armored);
  EXPECT_EQ(v.status, SignatureStatus::Good) << v.detail;
  EXPECT_EQ(v.fingerprint, *fpr);
  EXPECT_EQ(v.signerUid, "Example CSIRT <vendors@cert.example>");
  ASSERT_TRUE(v.signedAt.has_value());
  EXPECT_LT(std::chrono::abs(before - *v.signedAt), std::chrono::minutes(5));
  EXPECT_EQ(signatureStatusName(v.status), "good");
}

TEST_F(KeyringTest, SignatureByASigningSubkeyReportsThePrimaryKey) {
  const auto cli = cliHome("cli");
  ASSERT_EQ(gpg(cli, "--quick-gen-key 'Sub Signer <sub@example.org>' ed25519 cert never").exitCode,
            0);
  const auto listed = gpg(cli, "--with-colons --list-keys sub@example.org");
  const std::size_t at = listed.output.find("\nfpr:") + 1 + 12;
  const std::string primary = listed.output.substr(at, 40);
  ASSERT_EQ(gpg(cli, "--quick-add-key " + primary + " ed25519 sign never").exitCode, 0);
  const std::string sig = cliSign(cli, kData, "--local-user " + primary);

  Keyring verifier = open("verifier");
  importFromCli(verifier, cli, primary);
  const Verification v = verifier.verifyDetached(kData, sig);
  EXPECT_EQ(v.status, SignatureStatus::Good) << v.detail;
  EXPECT_EQ(v.fingerprint, primary);
}

TEST_F(KeyringTest, TamperedDataIsBad) {
  Keyring keyring = open("home");
  const auto fpr = keyring.generateKey("Signer", "signer@example.org");
  ASSERT_TRUE(fpr.has_value());
  const auto sig = keyring.signDetached(kData, *fpr);
  ASSERT_TRUE(sig.has_value());
  std::string tampered = kData;
  tampered[tampered.find("1 May")] = '2';
  const Verification v = keyring.verifyDetached(tampered, sig->armored);
  EXPECT_EQ(v.status, SignatureStatus::Bad);
  EXPECT_EQ(v.fingerprint, *fpr);
  // A changed line end is a change too: canonicalisation is the caller's job.
  std::string lf = kData;
  lf.erase(lf.find('\r'), 1);
  EXPECT_EQ(keyring.verifyDetached(lf, sig->armored).status, SignatureStatus::Bad);
}

TEST_F(KeyringTest, SignatureByAKeyNotInTheKeyringIsUnknownKey) {
  Keyring signer = open("signer");
  const auto fpr = signer.generateKey("Stranger", "stranger@example.org");
  ASSERT_TRUE(fpr.has_value());
  const auto sig = signer.signDetached(kData, *fpr);
  ASSERT_TRUE(sig.has_value());
  Keyring verifier = open("verifier");
  const Verification v = verifier.verifyDetached(kData, sig->armored);
  EXPECT_EQ(v.status, SignatureStatus::UnknownKey) << v.detail;
  // The issuer fingerprint subpacket names the key even though it is unknown.
  EXPECT_FALSE(v.fingerprint.empty());
  EXPECT_TRUE(fpr->ends_with(v.fingerprint)) << v.fingerprint;
  EXPECT_TRUE(v.signerUid.empty());
  EXPECT_TRUE(v.signedAt.has_value());
}

TEST_F(KeyringTest, SignatureByAnExpiredKeyIsExpiredKey) {
  const auto cli = cliHome("cli");
  const std::string fpr = gpgGenerateKey(cli, "Short Lived <short@example.org>", "seconds=2");
  const std::string sig = cliSign(cli, kData, "--local-user " + fpr);
  Keyring verifier = open("verifier");
  importFromCli(verifier, cli, fpr);
  std::this_thread::sleep_for(std::chrono::seconds(3));
  const Verification v = verifier.verifyDetached(kData, sig);
  EXPECT_EQ(v.status, SignatureStatus::ExpiredKey) << v.detail;
  EXPECT_EQ(v.fingerprint, fpr);
  const auto info = verifier.findKey(fpr);
  ASSERT_TRUE(info.has_value());
  EXPECT_TRUE(info->expired);
  EXPECT_FALSE(info->canEncrypt);
  EXPECT_TRUE(info->expires.has_value());
}

TEST_F(KeyringTest, SignatureByARevokedKeyIsRevokedKey) {
  const auto cli = cliHome("cli");
  const std::string fpr = gpgGenerateKey(cli, "Revoked <revoked@example.org>");
  const std::string sig = cliSign(cli, kData, "--local-user " + fpr);
  // gpg writes a revocation certificate with the key, its armor line guarded by ':'.
  std::string rev = readFile(cli / "openpgp-revocs.d" / (fpr + ".rev"));
  const std::size_t guarded = rev.find(":-----BEGIN PGP PUBLIC KEY BLOCK-----");
  ASSERT_NE(guarded, std::string::npos);
  rev.erase(guarded, 1);
  writeFile(file("rev.asc"), rev);
  ASSERT_EQ(gpg(cli, "--import " + shellQuote(file("rev.asc").string())).exitCode, 0);

  Keyring verifier = open("verifier");
  importFromCli(verifier, cli, fpr);
  const Verification v = verifier.verifyDetached(kData, sig);
  EXPECT_EQ(v.status, SignatureStatus::RevokedKey) << v.detail;
  EXPECT_EQ(v.fingerprint, fpr);
  const auto info = verifier.findKey(fpr);
  ASSERT_TRUE(info.has_value());
  EXPECT_TRUE(info->revoked);
  EXPECT_FALSE(info->canEncrypt);
  EXPECT_FALSE(info->canSign);
}

TEST_F(KeyringTest, GarbageOrDamagedSignatureIsBadNeverUnsigned) {
  Keyring keyring = open("home");
  const auto fpr = keyring.generateKey("Signer", "signer@example.org");
  ASSERT_TRUE(fpr.has_value());
  const auto sig = keyring.signDetached(kData, *fpr);
  ASSERT_TRUE(sig.has_value());
  std::string damaged = sig->armored;
  // Damage the base64 body (the line after the blank line).
  const std::size_t body = damaged.find("\n\n") + 2;
  for (std::size_t i = body; i < body + 20 && i < damaged.size(); ++i) damaged[i] = 'A';

  for (const std::string& signature :
       {std::string("this is not a signature"), std::string(),
        std::string("-----BEGIN PGP SIGNATURE-----\n\n-----END PGP SIGNATURE-----\n"), damaged,
        std::string("\x89\x01\x02garbage", 10)}) {
    const Verification v = keyring.verifyDetached(kData, signature);
    EXPECT_EQ(v.status, SignatureStatus::Bad) << signature << " → " << v.detail;
  }
}

TEST_F(KeyringTest, SeveralSignaturesGiveTheWorst) {
  const auto cli = cliHome("cli");
  const std::string known = gpgGenerateKey(cli, "Known <known@example.org>");
  const std::string unknown = gpgGenerateKey(cli, "Unknown <unknown@example.org>");
  const std::string sig = cliSign(cli, kData, "--local-user " + known + " --local-user " + unknown);
  Keyring verifier = open("verifier");
  importFromCli(verifier, cli, known);
  const Verification v = verifier.verifyDetached(kData, sig);
  EXPECT_EQ(v.status, SignatureStatus::UnknownKey);
  importFromCli(verifier, cli, unknown);
  EXPECT_EQ(verifier.verifyDetached(kData, sig).status, SignatureStatus::Good);
}

TEST_F(KeyringTest, CleartextSignedGoodAndTamperedBad) {
  const auto cli = cliHome("cli");
  const std::string fpr = gpgGenerateKey(cli, "Clear <clear@example.org>");
  writeFile(file("text"), "Hello,\n- a dashed line\nFrom here on.\n");
  ASSERT_EQ(
      gpg(cli, "--local-user " + fpr + " --clearsign --output " +
                   shellQuote(file("text.asc").string()) + " " + shellQuote(file("text").string()))
          .exitCode,
      0);
  const std::string armored = readFile(file("text.asc"));
  ASSERT_TRUE(armored.starts_with("-----BEGIN PGP SIGNED MESSAGE-----"));
  Keyring verifier = open("verifier");
  importFromCli(verifier, cli, fpr);
  std::string plaintext;
  const Verification v = verifier.verifyCleartext(armored, &plaintext);
  EXPECT_EQ(v.status, SignatureStatus::Good) << v.detail;
  EXPECT_EQ(v.fingerprint, fpr);
  EXPECT_NE(plaintext.find("- a dashed line"), std::string::npos) << plaintext;
  EXPECT_EQ(plaintext.find("- - a dashed"), std::string::npos);

  std::string tampered = armored;
  tampered.replace(tampered.find("Hello"), 5, "Jello");
  EXPECT_EQ(verifier.verifyCleartext(tampered).status, SignatureStatus::Bad);
  EXPECT_EQ(verifier.verifyCleartext("just text\n").status, SignatureStatus::Bad);
}

TEST_F(KeyringTest, DecryptsWhatTheGpgCommandLineEncryptedAndSigned) {
  Keyring coordinator = open("coordinator");
  const auto ours = coordinator.generateKey("Example CSIRT", "vendors@cert.example");
  ASSERT_TRUE(ours.has_value());
  const auto cli = cliHome("reporter");
  const std::string theirs = gpgGenerateKey(cli, "Reporter <reporter@example.org>");
  ASSERT_EQ(test::run("gpg --homedir " + shellQuote(cli.string()) + " --batch --import <<'EOF'\n" +
                      *coordinator.exportPublicKey(*ours) + "EOF\n")
                .exitCode,
            0);
  importFromCli(coordinator, cli, theirs);
  const std::string secret = "Details of the vulnerability: ünïcode, \r\n and binary \x01.\n";
  writeFile(file("report"), secret);
  ASSERT_EQ(
      gpg(cli, "--local-user " + theirs + " --recipient " + *ours +
                   " --armor --sign --encrypt --output " + shellQuote(file("report.asc").string()) +
                   " " + shellQuote(file("report").string()))
          .exitCode,
      0);
  const auto payload = coordinator.decrypt(readFile(file("report.asc")));
  ASSERT_TRUE(payload.has_value()) << payload.error().what;
  EXPECT_EQ(payload->plaintext, secret);
  EXPECT_EQ(payload->signature.status, SignatureStatus::Good) << payload->signature.detail;
  EXPECT_EQ(payload->signature.fingerprint, theirs);

  // Unsigned, and to a hidden recipient (key ID 0: found by trying every secret key).
  ASSERT_EQ(gpg(cli, "--hidden-recipient " + *ours + " --encrypt --output " +
                         shellQuote(file("hidden.gpg").string()) + " " +
                         shellQuote(file("report").string()))
                .exitCode,
            0);
  const auto hidden = coordinator.decrypt(readFile(file("hidden.gpg")));
  ASSERT_TRUE(hidden.has_value()) << hidden.error().what;
  EXPECT_EQ(hidden->plaintext, secret);
  EXPECT_EQ(hidden->signature.status, SignatureStatus::Unsigned);

  // Without the secret key: an error value, not a throw.
  Keyring other = open("other");
  const auto failed = other.decrypt(readFile(file("report.asc")));
  ASSERT_FALSE(failed.has_value());
  EXPECT_FALSE(failed.error().what.empty());
  EXPECT_FALSE(coordinator.decrypt("garbage").has_value());
  EXPECT_FALSE(coordinator.decrypt("").has_value());
}

TEST_F(KeyringTest, PassphraseProtectedKeyNeverPrompts) {
  const auto cli = cliHome("cli");
  Keyring keyring = open("home");
  // A key with a passphrase, imported with its secret part: decrypting would need the
  // passphrase, and nothing may ask for it.
  ASSERT_EQ(test::run("gpg --homedir " + shellQuote(cli.string()) +
                      " --batch --pinentry-mode loopback --passphrase x --quick-gen-key "
                      "'Locked <locked@example.org>' future-default default never")
                .exitCode,
            0);
  const auto exported = test::run("gpg --homedir " + shellQuote(cli.string()) +
                                  " --batch --pinentry-mode loopback --passphrase x --armor "
                                  "--export-secret-keys locked@example.org");
  ASSERT_TRUE(keyring.importSecretKeys(exported.output).has_value());
  writeFile(file("msg"), "locked\n");
  ASSERT_EQ(
      gpg(cli, "--recipient locked@example.org --encrypt --output " +
                   shellQuote(file("msg.gpg").string()) + " " + shellQuote(file("msg").string()))
          .exitCode,
      0);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(keyring.decrypt(readFile(file("msg.gpg"))).has_value());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

TEST_F(KeyringTest, SignAndEncryptIsReadByTheGpgCommandLine) {
  Keyring coordinator = open("coordinator");
  const auto ours = coordinator.generateKey("Example CSIRT", "vendors@cert.example");
  ASSERT_TRUE(ours.has_value());
  const auto cli = cliHome("vendor");
  const std::string theirs = gpgGenerateKey(cli, "Vendor PSIRT <psirt@vendor.example>");
  importFromCli(coordinator, cli, theirs);
  writeFile(file("ours.asc"), *coordinator.exportPublicKey(*ours));
  ASSERT_EQ(gpg(cli, "--import " + shellQuote(file("ours.asc").string())).exitCode, 0);

  const std::string text = "Embargoed until 2026-12-01.\n";
  const auto armored = coordinator.signAndEncrypt(text, {theirs}, *ours);
  ASSERT_TRUE(armored.has_value()) << armored.error().what;
  EXPECT_TRUE(armored->starts_with("-----BEGIN PGP MESSAGE-----"));
  writeFile(file("out.asc"), *armored);
  const auto decrypted = gpg(cli, "--status-fd 1 --output " + shellQuote(file("out.txt").string()) +
                                      " --decrypt " + shellQuote(file("out.asc").string()));
  EXPECT_EQ(decrypted.exitCode, 0) << decrypted.output;
  EXPECT_NE(decrypted.output.find("[GNUPG:] VALIDSIG " + *ours), std::string::npos)
      << decrypted.output;
  EXPECT_NE(decrypted.output.find("[GNUPG:] GOODSIG"), std::string::npos);
  EXPECT_EQ(readFile(file("out.txt")), text);

  // The coordinator reads its own sent mail.
  const auto own = coordinator.decrypt(*armored);
  ASSERT_TRUE(own.has_value());
  EXPECT_EQ(own->plaintext, text);
  EXPECT_EQ(own->signature.status, SignatureStatus::Good);

  // A recipient without a key, or with a revoked one, is refused.
  EXPECT_FALSE(coordinator.signAndEncrypt(text, {std::string(40, 'A')}, *ours).has_value());
  EXPECT_FALSE(coordinator.signAndEncrypt(text, {theirs}, std::string(40, 'B')).has_value());
}

TEST_F(KeyringTest, ImportRefusesSecretKeysAndGarbage) {
  const auto cli = cliHome("cli");
  const std::string fpr = gpgGenerateKey(cli, "Secret <secret@example.org>");
  Keyring keyring = open("home");
  const auto armoredSecret = gpg(cli, "--armor --export-secret-keys " + fpr);
  ASSERT_EQ(armoredSecret.exitCode, 0);
  EXPECT_FALSE(keyring.importKeys(armoredSecret.output).has_value());
  const auto binarySecret = gpg(cli, "--export-secret-keys " + fpr);
  ASSERT_FALSE(binarySecret.output.empty());
  EXPECT_FALSE(keyring.importKeys(binarySecret.output).has_value());
  // The secret subkey alone is secret material too.
  const auto subkeys = gpg(cli, "--export-secret-subkeys " + fpr);
  EXPECT_FALSE(keyring.importKeys(subkeys.output).has_value());
  EXPECT_TRUE(keyring.listKeys().empty()) << "nothing imported";

  EXPECT_FALSE(keyring.importKeys("").has_value());
  EXPECT_FALSE(keyring.importKeys("garbage").has_value());
  EXPECT_FALSE(
      keyring
          .importKeys("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n-----END PGP PUBLIC KEY "
                      "BLOCK-----\n")
          .has_value());

  const auto pub = gpg(cli, "--armor --export " + fpr);
  const auto first = keyring.importKeys(pub.output);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->fingerprints, std::vector<std::string>{fpr});
  EXPECT_EQ(first->imported, 1);
  const auto again = keyring.importKeys(pub.output);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->fingerprints, std::vector<std::string>{fpr});
  EXPECT_EQ(again->unchanged, 1);
  EXPECT_FALSE(keyring.findKey(fpr)->hasSecret);

  // The operator's door takes secret keys.
  const auto secret = keyring.importSecretKeys(armoredSecret.output);
  ASSERT_TRUE(secret.has_value()) << secret.error().what;
  EXPECT_TRUE(keyring.findKey(fpr)->hasSecret);
}

TEST_F(KeyringTest, ListAndFindKeys) {
  Keyring keyring = open("home");
  const auto a = keyring.generateKey("Alice", "alice@example.org");
  const auto b = keyring.generateKey("Bob", "bob@example.net");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(keyring.listKeys().size(), 2U);
  const auto bobs = keyring.listKeys("bob@example.net");
  ASSERT_EQ(bobs.size(), 1U);
  EXPECT_EQ(bobs[0].fingerprint, *b);
  EXPECT_TRUE(keyring.listKeys("carol@example.com").empty());
  EXPECT_FALSE(keyring.findKey(std::string(40, 'C')).has_value());
  EXPECT_FALSE(keyring.findKey("").has_value());
  EXPECT_FALSE(keyring.exportPublicKey(std::string(40, 'C')).has_value());
  EXPECT_FALSE(keyring.signDetached("x", std::string(40, 'C')).has_value());
}

// Not an assertion: prints how long each operation takes (gpg is a process per call).
TEST_F(KeyringTest, PrintsOperationTimes) {
  Keyring keyring = open("home");
  const auto fpr = keyring.generateKey("Timer", "timer@example.org");
  ASSERT_TRUE(fpr.has_value());
  constexpr int kRounds = 20;
  const std::string data(4096, 'x');
  const auto time = [&](const char* what, auto&& op) {
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kRounds; ++i) op();
    const auto each = (std::chrono::steady_clock::now() - start) / kRounds;
    std::printf("%-16s %8.2f ms\n", what, std::chrono::duration<double, std::milli>(each).count());
  };
  const auto sig = keyring.signDetached(data, *fpr);
  const auto encrypted = keyring.signAndEncrypt(data, {}, *fpr);
  ASSERT_TRUE(sig && encrypted);
  time("signDetached", [&] { ASSERT_TRUE(keyring.signDetached(data, *fpr).has_value()); });
  time("verifyDetached", [&] {
    ASSERT_EQ(keyring.verifyDetached(data, sig->armored).status, SignatureStatus::Good);
  });
  time("signAndEncrypt", [&] { ASSERT_TRUE(keyring.signAndEncrypt(data, {}, *fpr).has_value()); });
  time("decrypt", [&] { ASSERT_TRUE(keyring.decrypt(*encrypted).has_value()); });
}

}  // namespace
}  // namespace cvdd::crypto
