// The external corpus (../shared/corpus, README §1): thunderbird-openpgp's keys in one
// keyring of their own, a few of its messages verified and decrypted. The full
// per-message check runs through the message analysis; this stays small.

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "crypto/keyring.hpp"
#include "gpg_test_support.hpp"

namespace cvdd::crypto {
namespace {

const std::filesystem::path kFolder =
    std::filesystem::path(CVDD_CORPUS_DIR) / "thunderbird-openpgp";

std::string toCrlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

struct SignedParts {
  std::string signedBytes;
  std::string signature;
};

// For a message whose top level is multipart/signed and whose first boundary parameter
// is that of the top level: the signed part as it stands (CRLF, RFC 3156 §5) and the
// signature part's body.
std::optional<SignedParts> splitSigned(const std::string& raw) {
  const std::string message = toCrlf(raw);
  const std::size_t param = message.find("boundary=\"");
  if (param == std::string::npos) return std::nullopt;
  const std::size_t start = param + 10;
  const std::string delimiter = "--" + message.substr(start, message.find('"', start) - start);
  const std::size_t first = message.find("\r\n" + delimiter + "\r\n", start);
  if (first == std::string::npos) return std::nullopt;
  const std::size_t partStart = first + 2 + delimiter.size() + 2;
  const std::size_t second = message.find("\r\n" + delimiter + "\r\n", partStart);
  if (second == std::string::npos) return std::nullopt;
  const std::size_t sigHeaders = second + 2 + delimiter.size() + 2;
  const std::size_t sigBody = message.find("\r\n\r\n", sigHeaders);
  const std::size_t sigEnd = message.find("\r\n" + delimiter + "--", sigHeaders);
  if (sigBody == std::string::npos || sigEnd == std::string::npos) return std::nullopt;
  return SignedParts{message.substr(partStart, second - partStart),
                     message.substr(sigBody + 4, sigEnd - sigBody - 4)};
}

// The first armored block of that kind in a file.
std::string armoredBlock(const std::string& text, const std::string& begin,
                         const std::string& end) {
  const std::size_t from = text.find(begin);
  const std::size_t to = text.find(end, from);
  if (from == std::string::npos || to == std::string::npos) return {};
  return text.substr(from, to + end.size() - from) + "\n";
}

std::string eml(const std::string& name) {
  return test::readFile(kFolder / "eml" / name);
}

constexpr std::string_view kAlice = "EB85BB5FA33A75E15E944E63F231550C4F47E38E";

class ThunderbirdCorpus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    auto opened = Keyring::open(dir_->path() / "thunderbird-openpgp");
    ASSERT_TRUE(opened.has_value());
    keyring_ = new Keyring(std::move(*opened));
    // One keyring for this folder only (README §1: the same key material ships with
    // other self-signatures elsewhere).
    for (const auto& entry : std::filesystem::directory_iterator(kFolder / "keys")) {
      const std::string name = entry.path().filename().string();
      const std::string data = test::readFile(entry.path());
      const auto imported = name.find("secret") != std::string::npos
                                ? keyring_->importSecretKeys(data)
                                : keyring_->importKeys(data);
      ASSERT_TRUE(imported.has_value()) << name << ": " << imported.error().what;
    }
  }
  static void TearDownTestSuite() {
    delete keyring_;
    delete dir_;
  }
  static Keyring& keyring() { return *keyring_; }

 private:
  static inline test::TempDir* dir_ = nullptr;
  static inline Keyring* keyring_ = nullptr;
};

TEST_F(ThunderbirdCorpus, KeysOfTheReadmeTableAreListed) {
  const std::vector<KeyInfo> keys = keyring().listKeys();
  const auto byKeyId = [&](std::string_view keyId) -> std::optional<KeyInfo> {
    for (const KeyInfo& key : keys) {
      if (key.fingerprint.ends_with(keyId)) return key;
    }
    return std::nullopt;
  };
  for (const std::string_view keyId : {"F231550C4F47E38E", "FBFCC82A015E7330", "3099FF1238852B9F",
                                       "EF2FD01608AFD744", "C55CCD9C5AB482B2"}) {
    EXPECT_TRUE(byKeyId(keyId).has_value()) << keyId;
  }
  EXPECT_EQ(byKeyId("F231550C4F47E38E")->fingerprint, kAlice);
  EXPECT_TRUE(byKeyId("F231550C4F47E38E")->hasSecret);
  EXPECT_FALSE(byKeyId("C55CCD9C5AB482B2")->hasSecret);
  EXPECT_EQ(byKeyId("FBFCC82A015E7330")->addresses,
            std::vector<std::string>{"bob@openpgp.example"});
  EXPECT_TRUE(byKeyId("EF2FD01608AFD744")->revoked) << "carol@pgp.icu, revoked 2021-07-07";
  EXPECT_FALSE(byKeyId("EF2FD01608AFD744")->canEncrypt);
}

TEST_F(ThunderbirdCorpus, PublicDoorRefusesTheShippedSecretKeys) {
  test::TempDir dir;
  auto fresh = Keyring::open(dir.path() / "home");
  ASSERT_TRUE(fresh.has_value());
  EXPECT_FALSE(fresh
                   ->importKeys(test::readFile(kFolder / "keys" /
                                               "bob@openpgp.example-0xfbfcc82a015e7330-secret.asc"))
                   .has_value());
  EXPECT_TRUE(fresh->listKeys().empty());
}

TEST_F(ThunderbirdCorpus, MultipartSignedByBobIsGood) {
  const auto parts =
      splitSigned(eml("signed-by-0xfbfcc82a015e7330-to-0xf231550c4f47e38e-"
                      "unencrypted.eml"));
  ASSERT_TRUE(parts.has_value());
  const Verification v = keyring().verifyDetached(parts->signedBytes, parts->signature);
  EXPECT_EQ(v.status, SignatureStatus::Good) << v.detail;
  EXPECT_TRUE(v.fingerprint.ends_with("FBFCC82A015E7330")) << v.fingerprint;
  EXPECT_EQ(v.signerUid, "Bob Babbage <bob@openpgp.example>");
}

TEST_F(ThunderbirdCorpus, MultipartSignedByCarolIsGood) {
  const auto parts =
      splitSigned(eml("signed-by-0x3099ff1238852b9f-to-0xf231550c4f47e38e-"
                      "unencrypted.eml"));
  ASSERT_TRUE(parts.has_value());
  const Verification v = keyring().verifyDetached(parts->signedBytes, parts->signature);
  EXPECT_EQ(v.status, SignatureStatus::Good) << v.detail;
  EXPECT_TRUE(v.fingerprint.ends_with("3099FF1238852B9F")) << v.fingerprint;
}

TEST_F(ThunderbirdCorpus, DamagedSignatureIsBad) {
  const auto parts = splitSigned(eml("bob-to-alice-signed-damaged-signature.eml"));
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(keyring().verifyDetached(parts->signedBytes, parts->signature).status,
            SignatureStatus::Bad);
}

TEST_F(ThunderbirdCorpus, InlineCleartextSignedByAliceIsGood) {
  const std::string block = armoredBlock(eml("alice-signed.eml"), "-----BEGIN PGP SIGNED MESSAGE",
                                         "-----END PGP SIGNATURE-----");
  ASSERT_FALSE(block.empty());
  const Verification v = keyring().verifyCleartext(block);
  EXPECT_EQ(v.status, SignatureStatus::Good) << v.detail;
  EXPECT_EQ(v.fingerprint, kAlice);
}

TEST_F(ThunderbirdCorpus, EncryptedToAliceDecryptsAndTheInnerSignatureOfBobIsGood) {
  const std::string block =
      armoredBlock(eml("signed-by-0xfbfcc82a015e7330-encrypted-to-0xf231550c4f47e38e.eml"),
                   "-----BEGIN PGP MESSAGE-----", "-----END PGP MESSAGE-----");
  const auto payload = keyring().decrypt(block);
  ASSERT_TRUE(payload.has_value()) << payload.error().what;
  EXPECT_EQ(payload->signature.status, SignatureStatus::Unsigned) << "signed inside, not one-pass";
  const auto parts = splitSigned(payload->plaintext);
  ASSERT_TRUE(parts.has_value());
  const Verification v = keyring().verifyDetached(parts->signedBytes, parts->signature);
  EXPECT_EQ(v.status, SignatureStatus::Good) << v.detail;
  EXPECT_TRUE(v.fingerprint.ends_with("FBFCC82A015E7330"));
}

TEST_F(ThunderbirdCorpus, OnePassSignedAndEncryptedByBob) {
  const auto payload =
      keyring().decrypt(armoredBlock(eml("signed-encrypted-autocrypt-gossip.eml"),
                                     "-----BEGIN PGP MESSAGE-----", "-----END PGP MESSAGE-----"));
  ASSERT_TRUE(payload.has_value()) << payload.error().what;
  EXPECT_EQ(payload->signature.status, SignatureStatus::Good) << payload->signature.detail;
  EXPECT_TRUE(payload->signature.fingerprint.ends_with("FBFCC82A015E7330"));
}

TEST_F(ThunderbirdCorpus, HiddenRecipientAndRevokedRecipientStillDecrypt) {
  const auto hidden =
      keyring().decrypt(armoredBlock(eml("encrypted-to-alice-as-hidden-recipient.eml"),
                                     "-----BEGIN PGP MESSAGE-----", "-----END PGP MESSAGE-----"));
  ASSERT_TRUE(hidden.has_value()) << hidden.error().what;
  EXPECT_EQ(hidden->signature.status, SignatureStatus::Unsigned);

  const auto revoked =
      keyring().decrypt(armoredBlock(eml("enc-to-carol@pgp.icu-revoked.eml"),
                                     "-----BEGIN PGP MESSAGE-----", "-----END PGP MESSAGE-----"));
  ASSERT_TRUE(revoked.has_value()) << revoked.error().what;
  const auto parts = splitSigned(revoked->plaintext);
  ASSERT_TRUE(parts.has_value());
  const Verification v = keyring().verifyDetached(parts->signedBytes, parts->signature);
  EXPECT_EQ(v.status, SignatureStatus::UnknownKey) << "NO_PUBKEY 1422E161826FC2A2";
  EXPECT_TRUE(v.fingerprint.ends_with("1422E161826FC2A2")) << v.fingerprint;
}

TEST_F(ThunderbirdCorpus, SignedDataLabelledEncryptedIsNotDecrypted) {
  // sigspoof-git-commit.eml: multipart/encrypted holding a cleartext-signed git commit.
  // Decryption must fail rather than hand back the text as if it had been encrypted.
  const std::string block =
      armoredBlock(eml("sigspoof-git-commit.eml"), "-----BEGIN PGP SIGNED MESSAGE-----",
                   "-----END PGP SIGNATURE-----");
  ASSERT_FALSE(block.empty());
  EXPECT_FALSE(keyring().decrypt(block).has_value());
}

}  // namespace
}  // namespace cvdd::crypto
