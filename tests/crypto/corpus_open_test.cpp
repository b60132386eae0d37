// openMessage over every row of the external corpus's EXPECTED-pgp-gnupg.tsv
// (../shared/corpus, README §1): one fresh GnuPG home per corpus folder holding every key
// file of that folder (README: "Keep keyrings apart, one per folder"), the message opened
// with the default limits, and cvdd's verdict on the message AS A WHOLE compared with the
// row.
//
// The TSV holds gpg's raw results at MIME paths ("0" the top, "0.dec" the top of the
// decrypted message, "in-encrypted" a one-pass signature, "0.2" a sub-part, ".m" inside a
// message/rfc822). cvdd judges only the message's own structure, so the naive reading of a
// row (its status words, whatever the path) holds except where README §1 says otherwise;
// those rows are in kOverrides below, each with the README sentence behind it.
//
// The naive reading: GOODSIG → Good (key ID = last 16 hex of our fingerprint); BADSIG,
// UNREADABLE-SIG, MISSING-SIG-PART → Bad; NOKEY-or-ERR → UnknownKey or Error; EXPKEYSIG
// → ExpiredKey; none → Unsigned. "decrypts…" → encrypted and decrypted; "fails…" →
// encrypted, not decrypted; "not-encrypted…" → not encrypted.
//
// Judged as the message's own (not overridden): a signed first part of a top-level
// multipart/mixed followed by a list footer (signed-…-in-mixed, signed-with-mailman-footer,
// the GnuPG announcement: README "Only the first part is signed", "The footer is outside
// the signature"), and text AFTER an inline signed block (gmime signed-message.txt: the
// "--" email signature). Text BEFORE the signed block is not (Johnny m*-pgp-inline2).
//
// Coverage: each row's signature also says how much of the message it covers. The rows
// in partialRows() hold content outside it (a list footer beside the signed part, text
// around an inline block); these expectations came with the rule that only signed content
// counts as signed, and no status changed with it.
//
// Dates: results are for a run on or after 2026-11-22. Expiry and revocation in this
// corpus date from 2021 (Autocrypt example self-signatures expired 2021-01-21, carol@pgp.icu
// revoked 2021-07-07), so they read the same on any later day.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "crypto/keyring.hpp"
#include "crypto/open_message.hpp"
#include "gpg_test_support.hpp"
#include "parsers/message_analysis.hpp"
#include "tests/support/expected_pgp_rows.hpp"

namespace cvdd::crypto {
namespace {

namespace fs = std::filesystem;
using S = SignatureStatus;

const fs::path kCorpus = CVDD_CORPUS_DIR;

using Row = cvdd::test::ExpectedPgpRow;

std::vector<Row> tsvRows() {
  return cvdd::test::readExpectedPgpRows(kCorpus / "EXPECTED-pgp-gnupg.tsv");
}

struct Expected {
  std::set<S> statuses;             // any of these
  std::vector<std::string> keyIds;  // for Good/UnknownKey/ExpiredKey: the fingerprint ends
                                    // with one of these
  bool encrypted = false;
  bool decrypted = false;
  std::string reason;  // why it differs from the naive reading ("" if it does not)
};

Expected verdict(std::set<S> statuses, bool encrypted, bool decrypted, std::string reason,
                 std::vector<std::string> keyIds = {}) {
  return {std::move(statuses), std::move(keyIds), encrypted, decrypted, std::move(reason)};
}

// Rows where cvdd's verdict on the whole message differs from the naive reading.
const std::map<std::string, Expected>& overrides() {
  const std::set<S> notSigned{S::Unsigned};
  const std::set<S> notGood{S::Unsigned, S::Bad};
  static const std::map<std::string, Expected> table{
      // ---- thunderbird-openpgp (README §1.1) ----
      {"thunderbird-openpgp/eml/bob-enc-html-nbsp.eml",
       verdict(notSigned, true, true,
               "README: 'Plain gpg fails until the HTML is stripped. upstream: decrypted'")},
      {"thunderbird-openpgp/eml/dual-signed-uncommon-content-type.eml",
       verdict({S::Error}, false, false,
               "README: 'upstream: not shown as signed'; the outer multipart/signed is S/MIME, the "
               "PGP one is nested in it; opened here without gpgsm, so not checked (error)")},
      {"thunderbird-openpgp/eml/forwarded-eml-signed-by-alice.eml",
       verdict(notSigned, false, false,
               "README: 'the outer message is not signed; the attachment is' (GOODSIG at 0.2.m)")},
      {"thunderbird-openpgp/eml/fwd-signed.eml",
       verdict(notSigned, false, false,
               "README: 'The outer must not inherit the status' (signature at 0.2.m)")},
      {"thunderbird-openpgp/eml/fwd-unsigned-encrypted.eml",
       verdict(notSigned, false, false,
               "README: 'message/rfc822 attachment that is PGP/MIME encrypted. The outer is not "
               "encrypted'")},
      {"thunderbird-openpgp/eml/multiple-signatures.eml",
       verdict(notGood, false, false,
               "README: 'upstream: outer \"mismatch\"'; the signatures belong to digest-enclosed "
               "messages (.m), which the outer does not inherit")},
      {"thunderbird-openpgp/eml/outer-pgp-sig-inner-pgp-enc.eml",
       verdict(notSigned, true, true,
               "README: 'outer multipart/signed (BADSIG Carol) > multipart/encrypted. upstream: "
               "decrypt, ignore the outer signature, not signed'")},
      {"thunderbird-openpgp/eml/outer-pgp-sig-inner-pgp-enc-sig.eml",
       verdict(
           {S::Good}, true, true,
           "README: 'as above [decrypt, ignore the outer signature], inner signed GOODSIG Carol. "
           "upstream: signed \"unknown\", encrypted ok'",
           {"3099FF1238852B9F"})},
      {"thunderbird-openpgp/eml/outer-pgp-sig-inner-pgp-enc-with-mixed.eml",
       verdict(
           {S::Bad}, false, false,
           "README: 'signed > mixed > encrypted. upstream: do NOT decrypt (encrypted part not at "
           "the top level)'; the outer BADSIG stays")},
      {"thunderbird-openpgp/eml/partial-encrypt-for-carol-html.eml",
       verdict(notSigned, true, false,
               "README: 'upstream: expectSuccess=false'; Carol's secret key has passphrase 'x' and "
               "cvdd's keyring refuses passphrases")},
      {"thunderbird-openpgp/eml/partial-encrypt-for-carol-plaintext.eml",
       verdict(notSigned, true, false,
               "README: 'upstream: expectSuccess=false'; Carol's secret key has passphrase 'x' and "
               "cvdd's keyring refuses passphrases")},
      {"thunderbird-openpgp/eml/sigspoof-git-commit.eml",
       verdict({S::Bad, S::UnknownKey, S::Error}, false, false,
               "README: 'gpg: ERRSIG, digest conflict ... upstream: signature \"mismatch\", not "
               "encrypted'")},
      // ---- johnny-you-are-fired (README §1.3): 'the message is not "signed by manager"' ----
      {"johnny-you-are-fired/03-mime/m1-pgp-inline.eml",
       verdict(notSigned, false, false,
               "README §1.3: signed part at 0.2 next to unsigned attacker text: not signed by "
               "manager")},
      {"johnny-you-are-fired/03-mime/m1-pgp-mime.eml",
       verdict(notSigned, false, false,
               "README §1.3: signed part at 0.2 next to unsigned attacker text: not signed by "
               "manager")},
      {"johnny-you-are-fired/03-mime/m2-pgp-inline.eml",
       verdict(notSigned, false, false,
               "README §1.3: signed part at 0.2 next to unsigned attacker text: not signed by "
               "manager")},
      {"johnny-you-are-fired/03-mime/m2-pgp-mime.eml",
       verdict(notSigned, false, false,
               "README §1.3: signed part at 0.2 next to unsigned attacker text: not signed by "
               "manager")},
      {"johnny-you-are-fired/03-mime/m3-pgp-inline.eml",
       verdict(notSigned, false, false,
               "README §1.3: signed part at 0.2 hidden by HTML: not signed by manager")},
      {"johnny-you-are-fired/03-mime/m3-pgp-mime.eml",
       verdict(notSigned, false, false,
               "README §1.3: signed part at 0.2 hidden by HTML: not signed by manager")},
      {"johnny-you-are-fired/03-mime/m4-pgp-inline.eml",
       verdict(notSigned, false, false,
               "README §1.3: signed part at 0.2 as an attachment: not signed by manager")},
      {"johnny-you-are-fired/03-mime/m4-pgp-mime.eml",
       verdict(notSigned, false, false,
               "README §1.3: signed part at 0.2 as an attachment: not signed by manager")},
      {"johnny-you-are-fired/03-mime/m1-pgp-inline2.eml",
       verdict(notGood, false, false,
               "README §1.3: 'puts unsigned text before the BEGIN PGP SIGNED MESSAGE block in the "
               "same part. Expected: the message is not \"signed by manager\"'")},
      {"johnny-you-are-fired/03-mime/m2-pgp-inline2.eml",
       verdict(notGood, false, false,
               "README §1.3: 'puts unsigned text before the BEGIN PGP SIGNED MESSAGE block in the "
               "same part. Expected: the message is not \"signed by manager\"'")},
      // ---- gmime (README §1.6) ----
      {"gmime/pgp/encrypted-message.txt",
       verdict(
           notSigned, true, false,
           "README §1.6: the key's passphrase is 'no.secret'; cvdd's keyring refuses passphrases "
           "(as for Carol, README §1.1), so the message stays encrypted and is kept")},
  };
  return table;
}

// Plaintext README §1 states for a decrypted message.
const std::map<std::string, std::string>& statedPlaintext() {
  static const std::map<std::string, std::string> table{
      {"thunderbird-openpgp/eml/bob-enc-inline-nbsp-qp.eml", "My real name is not Bob."},
      // README: 'upstream: decrypted, "Secret text"' quotes the assertion's message; the
      // upstream assertion (browser_openpgp testDecryptHtmlWithNBSP) is
      // getMsgBodyTxt(mc).includes("My real name is not Bob.").
      {"thunderbird-openpgp/eml/bob-enc-html-nbsp.eml", "My real name is not Bob."},
      {"thunderbird-openpgp/eml/partial-encrypt-for-alice-plaintext.eml",
       "Insert a coin to play your personal lucky melody."},
      {"thunderbird-openpgp/eml/partial-encrypt-for-alice-html.eml",
       "Insert a coin to play your personal lucky melody."},
      {"notmuch/mangling/mixed-up.eml",
       "The password is \"abcd1234!\", please do not tell anyone."},
  };
  return table;
}

// The decrypted payload README §1.4/§1.5 ships as a file of its own: the effective body
// must be that file's body.
const std::map<std::string, std::string>& statedPayloadFile() {
  static const std::map<std::string, std::string> table{
      {"autocrypt-protected-headers/pgpmime-enc+legacy-disp.eml",
       "autocrypt-protected-headers/pgpmime-enc+legacy-disp.inner"},
      {"autocrypt-protected-headers/pgpmime-layered+legacy-disp.eml",
       "autocrypt-protected-headers/pgpmime-layered+legacy-disp.inner"},
      {"autocrypt-protected-headers/pgpmime-layered.eml",
       "autocrypt-protected-headers/pgpmime-layered.inner"},
      {"autocrypt-protected-headers/pgpmime-sign+enc+legacy-disp.eml",
       "autocrypt-protected-headers/pgpmime-sign+enc+legacy-disp.inner"},
      {"autocrypt-protected-headers/pgpmime-sign+enc.eml",
       "autocrypt-protected-headers/pgpmime-sign+enc.inner"},
      {"autocrypt-spec-examples/example-draft.eml",
       "autocrypt-spec-examples/example-draft-cleartext.eml"},
      {"autocrypt-spec-examples/example-gossip.eml",
       "autocrypt-spec-examples/example-gossip-cleartext.eml"},
  };
  return table;
}

// Rows whose signature covers only part of the message ("only signed content counts",
// issue 11): the content named here lies outside the signature, so a good signature
// among them authenticates nobody, and the effective body is the signed content alone.
// Every other signed row is covered in full. The text is what must NOT be in the body.
const std::map<std::string, std::string>& partialRows() {
  static const std::map<std::string, std::string> table{
      // README §1.1: "Only the first part is signed" (GOODSIG Bob + list footer).
      {"thunderbird-openpgp/eml/"
       "signed-by-0xfbfcc82a015e7330-to-0xf231550c4f47e38e-unencrypted-in-mixed.eml",
       "test-list mailing list"},
      // README §1.1: signed part altered by a list (BADSIG), footer beside it.
      {"thunderbird-openpgp/eml/signed-with-mailman-footer.eml", ""},
      // README §1.6: "The footer is outside the signature" (unknown key).
      {"mimekit/openpgp/[Announce] GnuPG 2.1.20 released.eml", ""},
      // README §1.6: text after the inline signed block (the "--" email signature).
      {"gmime/pgp/signed-message.txt", "And this is the email signature"},
      // README §1.3: unsigned text before the inline block (counted as bad as well).
      {"johnny-you-are-fired/03-mime/m1-pgp-inline2.eml", ""},
      {"johnny-you-are-fired/03-mime/m2-pgp-inline2.eml", ""},
  };
  return table;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t at; (at = text.find(sep, start)) != std::string::npos; start = at + 1) {
    out.push_back(text.substr(start, at - start));
  }
  out.push_back(text.substr(start));
  return out;
}

// The naive reading of a row. Rows whose signatures disagree in kind need an override.
Expected naive(const Row& row) {
  Expected e;
  if (row.signatures == "none") {
    e.statuses = {S::Unsigned};
  } else {
    for (const std::string& sig : split(row.signatures, ';')) {
      const std::string head = sig.substr(0, sig.find('@'));
      const std::string word = head.substr(0, head.find(':'));
      if (head.find(':') != std::string::npos) e.keyIds.push_back(head.substr(head.find(':') + 1));
      std::set<S> kind;
      if (word == "GOODSIG") {
        kind = {S::Good};
      } else if (word == "BADSIG" || word == "UNREADABLE-SIG" || word == "MISSING-SIG-PART") {
        kind = {S::Bad};
      } else if (word == "NOKEY-or-ERR") {
        kind = {S::UnknownKey, S::Error};
      } else if (word == "EXPKEYSIG") {
        kind = {S::ExpiredKey};
      } else {
        ADD_FAILURE() << row.file << ": unknown status word " << word;
      }
      if (!e.statuses.empty() && e.statuses != kind) {
        ADD_FAILURE() << row.file << ": signatures of different kinds need an override";
      }
      e.statuses = kind;
    }
  }
  e.encrypted = !row.encryption.starts_with("not-encrypted");
  e.decrypted = row.encryption.starts_with("decrypts");
  if (e.encrypted && !e.decrypted && !row.encryption.starts_with("fails")) {
    ADD_FAILURE() << row.file << ": unknown encryption result " << row.encryption;
  }
  return e;
}

Expected expectedFor(const Row& row) {
  if (const auto it = overrides().find(row.file); it != overrides().end()) return it->second;
  return naive(row);
}

bool isKeyFile(const fs::path& path) {
  static const std::set<std::string> keyExtensions{".asc", ".pub", ".sec", ".key"};
  if (!keyExtensions.contains(path.extension().string())) return false;
  const std::string text = test::readFile(path);
  return text.find("-----BEGIN PGP PUBLIC KEY BLOCK-----") != std::string::npos ||
         text.find("-----BEGIN PGP PRIVATE KEY BLOCK-----") != std::string::npos;
}

std::vector<fs::path> keyFilesOf(const std::string& folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(kCorpus / folder)) {
    if (entry.is_regular_file() && isKeyFile(entry.path())) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// One GnuPG home per corpus folder, built on first use; each ctest process runs one row,
// so it builds only the home its row needs.
class FolderKeyrings {
 public:
  Keyring& of(const std::string& folder) {
    if (const auto it = keyrings_.find(folder); it != keyrings_.end()) return it->second;
    auto opened = Keyring::open(dir_.path() / folder);
    if (!opened) throw std::runtime_error("Keyring::open: " + opened.error().what);
    Keyring& keyring = keyrings_.emplace(folder, std::move(*opened)).first->second;
    for (const fs::path& file : keyFilesOf(folder)) {
      // Public and secret alike; a passphrase-protected secret key (Carol, gmime) imports
      // but stays unusable, since cvdd's keyring refuses passphrases. It must not keep a
      // message encrypted to Carol AND Alice from decrypting with Alice's key (README
      // §1.1: "decrypts with Alice"; gpg itself moves on to the next recipient).
      const auto imported = keyring.importSecretKeys(test::readFile(file));
      EXPECT_TRUE(imported.has_value())
          << fs::relative(file, kCorpus) << ": " << (imported ? "" : imported.error().what);
    }
    return keyring;
  }

 private:
  test::TempDir dir_;                        // destroyed last: it stops the agents
  std::map<std::string, Keyring> keyrings_;  // destroyed first
};

FolderKeyrings& keyrings() {
  static FolderKeyrings instance;
  return instance;
}

std::string statusNames(const std::set<S>& statuses) {
  std::string out;
  for (const S s : statuses) out += (out.empty() ? "" : "|") + std::string(signatureStatusName(s));
  return out;
}

std::string testName(std::size_t index, const std::string& text) {
  std::string name = std::to_string(index) + "_";
  for (const char c : text) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

TEST(CorpusOpenTable, CoversEveryRowAndEveryOverrideIsARow) {
  const std::vector<Row> rows = tsvRows();
  // README says 118 rows; the file holds 112 (the PGP folders' messages without OpenPGP
  // data, e.g. gnupg-samplemsgs/mail-test-*.eml and the Autocrypt cleartexts, have none).
  EXPECT_EQ(rows.size(), 112u);
  const auto isRow = [&](const std::string& file) {
    return std::any_of(rows.begin(), rows.end(), [&](const Row& r) { return r.file == file; });
  };
  for (const auto& [file, expected] : overrides()) {
    EXPECT_TRUE(isRow(file)) << "override for a file the TSV does not list: " << file;
    EXPECT_FALSE(expected.reason.empty()) << file;
  }
  for (const auto& [file, text] : statedPlaintext()) EXPECT_TRUE(isRow(file)) << file;
  for (const auto& [file, payload] : statedPayloadFile()) EXPECT_TRUE(isRow(file)) << file;
  for (const auto& [file, text] : partialRows()) EXPECT_TRUE(isRow(file)) << file;
}

TEST(CorpusOpenTable, EveryPgpFolderHasKeys) {
  for (const char* folder :
       {"thunderbird-openpgp", "notmuch", "johnny-you-are-fired", "autocrypt-protected-headers",
        "autocrypt-spec-examples", "gmime", "gnupg-samplemsgs"}) {
    EXPECT_FALSE(keyFilesOf(folder).empty()) << folder;
  }
  EXPECT_TRUE(keyFilesOf("mimekit").empty())
      << "README §1.6: the announcement's key is not shipped";
}

class CorpusOpen : public ::testing::TestWithParam<Row> {};

TEST_P(CorpusOpen, VerdictOnTheWholeMessageMatches) {
  const Row& row = GetParam();
  const std::string raw = test::readFile(kCorpus / row.file);
  ASSERT_FALSE(raw.empty()) << row.file;
  const std::string folder = row.file.substr(0, row.file.find('/'));
  Keyring& keyring = keyrings().of(folder);
  const Expected want = expectedFor(row);
  if (!want.reason.empty()) RecordProperty("expectation", want.reason);

  const OpenedMessage opened = openMessage(raw, parsers::Limits{}, keyring);
  std::string steps;
  for (const std::string& step : opened.steps) steps += "\n  " + step;
  SCOPED_TRACE("row: " + row.signatures + " | " + row.encryption +
               (want.reason.empty() ? "" : "\nexpected because " + want.reason) +
               "\nsteps:" + steps + "\nverification detail: " + opened.verification.detail +
               "\ndecryption error: " + opened.decryption.error);

  EXPECT_TRUE(opened.outer.limitHits.empty());
  EXPECT_TRUE(want.statuses.contains(opened.verification.status))
      << "expected " << statusNames(want.statuses) << ", got "
      << signatureStatusName(opened.verification.status) << " (" << opened.verification.fingerprint
      << ")";
  const S got = opened.verification.status;
  if (!want.keyIds.empty() && (got == S::Good || got == S::UnknownKey || got == S::ExpiredKey) &&
      want.statuses.contains(got)) {
    EXPECT_TRUE(std::any_of(
        want.keyIds.begin(), want.keyIds.end(),
        [&](const std::string& id) { return opened.verification.fingerprint.ends_with(id); }))
        << "fingerprint " << opened.verification.fingerprint << ", row " << row.signatures;
  }
  EXPECT_EQ(opened.decryption.encrypted, want.encrypted);
  EXPECT_EQ(opened.decryption.decrypted, want.decrypted);

  // Coverage: none without a signature; partial for the rows above; full otherwise.
  const auto partial = partialRows().find(row.file);
  const SignatureCoverage coverage = got == S::Unsigned               ? SignatureCoverage::None
                                     : partial != partialRows().end() ? SignatureCoverage::Partial
                                                                      : SignatureCoverage::Full;
  EXPECT_EQ(signatureCoverageName(opened.coverage), signatureCoverageName(coverage))
      << "uncovered: " << opened.uncovered;
  EXPECT_EQ(opened.uncovered.empty(), coverage != SignatureCoverage::Partial);
  if (partial != partialRows().end() && !partial->second.empty()) {
    EXPECT_EQ(opened.effective.message.bodyText.find(partial->second), std::string::npos)
        << "unsigned text in the effective body: " << opened.effective.message.bodyText;
    EXPECT_TRUE(partiallySigned(opened));
  }

  if (const auto it = statedPlaintext().find(row.file); it != statedPlaintext().end()) {
    EXPECT_NE(opened.effective.message.bodyText.find(it->second), std::string::npos)
        << "README's plaintext \"" << it->second << "\" not in the decrypted text";
  }
  if (const auto it = statedPayloadFile().find(row.file); it != statedPayloadFile().end()) {
    const parsers::MessageAnalysis payload =
        parsers::analyzeMessage(test::readFile(kCorpus / it->second));
    EXPECT_FALSE(payload.message.bodyText.empty()) << it->second;
    EXPECT_EQ(opened.effective.message.bodyText, payload.message.bodyText)
        << "decrypted body differs from " << it->second;
  }
}

INSTANTIATE_TEST_SUITE_P(Rows, CorpusOpen, ::testing::ValuesIn(tsvRows()),
                         [](const auto& p) { return testName(p.index, p.param.file); });

// signed-mismatch-email-date.eml: GOODSIG Bob, "but the signature time ≠ Date:. upstream:
// invalid (mismatch)". openMessage's Good means "cryptographically valid" (keyring.hpp);
// the time it carries must show the mismatch so that policy can act on it.
TEST(CorpusOpenFiles, SignatureTimeOfTheDateMismatchMessageDiffersFromItsDate) {
  const std::string file = "thunderbird-openpgp/eml/signed-mismatch-email-date.eml";
  const OpenedMessage opened = openMessage(test::readFile(kCorpus / file), parsers::Limits{},
                                           keyrings().of("thunderbird-openpgp"));
  ASSERT_EQ(opened.verification.status, S::Good) << opened.verification.detail;
  ASSERT_TRUE(opened.verification.signedAt.has_value());
  ASSERT_TRUE(opened.outer.date.has_value());
  const auto apart = *opened.verification.signedAt > *opened.outer.date
                         ? *opened.verification.signedAt - *opened.outer.date
                         : *opened.outer.date - *opened.verification.signedAt;
  EXPECT_GT(apart, std::chrono::hours(1));
}

}  // namespace
}  // namespace cvdd::crypto
