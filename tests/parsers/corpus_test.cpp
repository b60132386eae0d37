// The shared external corpus (../shared/corpus): every message must parse without a
// crash, and every row of EXPECTED-japanese.tsv this parser covers must hold.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "parsers/charset.hpp"
#include "parsers/header_section.hpp"
#include "parsers/message_analysis.hpp"
#include "parsers/mime_walk.hpp"
#include "parsers/parsed_message.hpp"
#include "parsers/rfc2047.hpp"
#include "parsers/text_decode.hpp"
#include "parsers/transfer_decode.hpp"
#include "test_support.hpp"
#include "tests/support/expected_pgp_rows.hpp"

namespace cvdd::parsers {
namespace {

namespace fs = std::filesystem;
using test::isUtf8;
using test::readFile;

const std::string kCorpus = CVDD_CORPUS_DIR;

bool isMessageFile(const fs::path& path) {
  const std::string name = path.filename().string();
  const std::string ext = path.extension().string();
  static const std::set<std::string> notMail{".asc", ".pub", ".sec",  ".key", ".inner",
                                             ".tsv", ".md",  ".NOTE", ".gpg"};
  if (notMail.contains(ext)) return false;
  if (name.starts_with("VERIFIED") || name.starts_with("COPYING") || name == "LICENSE" ||
      name.ends_with("LICENSE")) {
    return false;
  }
  return ext == ".eml" || ext == ".txt" || ext.empty();  // maildir files have no extension
}

std::vector<std::string> corpusMessages() {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(kCorpus)) {
    if (entry.is_regular_file() && isMessageFile(entry.path())) {
      files.push_back(fs::relative(entry.path(), kCorpus).string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string testName(std::size_t index, const std::string& text) {
  std::string name = std::to_string(index) + "_";
  for (char c : text) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

class CorpusMessage : public ::testing::TestWithParam<std::string> {};

TEST(CorpusInventory, HoldsTheDocumentedMessages) {
  // README: "about 170 messages"; fewer means the walk missed folders.
  EXPECT_GE(corpusMessages().size(), 150u);
}

TEST_P(CorpusMessage, ParsesWithoutCrashAndGivesUtf8) {
  const std::string raw = readFile(kCorpus + "/" + GetParam());
  auto parsed = parseMessage(raw);
  if (!parsed) {
    // Only bare text files (no header section) may be refused.
    EXPECT_EQ(parsed.error().code, core::Errc::MalformedMime);
    return;
  }
  const ParsedMessage& msg = *parsed;
  EXPECT_TRUE(isUtf8(msg.subject));
  EXPECT_TRUE(isUtf8(msg.bodyText));
  for (const auto* list : {&msg.from, &msg.to, &msg.replyTo}) {
    for (const Mailbox& box : *list) {
      EXPECT_TRUE(isUtf8(box.displayName));
      EXPECT_NE(box.address.find('@'), std::string::npos) << box.address;
    }
  }
  const auto entity = detail::splitEntity(raw, true, nullptr);
  const std::string* subject = detail::findField(entity.fields, "Subject");
  if (subject != nullptr && !detail::trimWhitespace(*subject).empty()) {
    EXPECT_FALSE(msg.subject.empty()) << "raw subject: " << *subject;
    EXPECT_EQ(msg.subject.find("=?"), std::string::npos) << msg.subject;
  }
  const std::string* from = detail::findField(entity.fields, "From");
  if (from != nullptr && !from->empty() && msg.from.empty()) {
    // Allowed only where the From field holds no usable address.
    EXPECT_FALSE(msg.warnings.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(All, CorpusMessage, ::testing::ValuesIn(corpusMessages()),
                         [](const auto& p) { return testName(p.index, p.param); });

struct Row {
  std::string file;
  std::string field;
  std::string match;
  std::string expected;
  std::string source;
};

std::string unescapeNewlines(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<Row> expectedRows() {
  std::vector<Row> rows;
  std::istringstream in(readFile(kCorpus + "/EXPECTED-japanese.tsv"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.starts_with("#")) continue;
    std::vector<std::string> cols;
    std::size_t start = 0;
    for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1) {
      cols.push_back(line.substr(start, tab - start));
    }
    cols.push_back(line.substr(start));
    if (cols.size() < 5) continue;
    rows.push_back({cols[0], cols[1], cols[2], unescapeNewlines(cols[3]), cols[4]});
  }
  return rows;
}

std::string formatted(const Mailbox& box) {
  return "\"" + box.displayName + "\" <" + box.address + ">";
}

// Checks a mailbox list against a "from"/"to" row: an expected `"Name" <addr>` compares
// whole mailboxes, an address compares addresses, anything else display names.
void expectMailboxes(const std::vector<Mailbox>& boxes, const Row& row) {
  ASSERT_FALSE(boxes.empty());
  bool hit = false;
  for (const Mailbox& box : boxes) {
    std::string actual = box.displayName;
    if (row.expected.find('<') != std::string::npos) {
      actual = formatted(box);
    } else if (row.expected.find('@') != std::string::npos) {
      actual = box.address;
    }
    hit = hit || (row.match == "equals" ? actual == row.expected
                                        : actual.find(row.expected) != std::string::npos);
  }
  EXPECT_TRUE(hit) << "first mailbox: " << formatted(boxes.front());
}

void expectText(const std::string& actual, const Row& row) {
  std::string value = actual;
  if (row.source.find("chomp") != std::string::npos) {
    while (!value.empty() && value.back() == '\n') value.pop_back();
  }
  if (row.match == "equals") {
    EXPECT_EQ(value, row.expected);
  } else if (row.match == "contains") {
    EXPECT_NE(value.find(row.expected), std::string::npos) << value;
  } else if (row.match == "not-contains") {
    EXPECT_EQ(value.find(row.expected), std::string::npos) << value;
  } else {
    ADD_FAILURE() << "unknown match kind " << row.match;
  }
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void PrintTo(const Row& row, std::ostream* os) {
  *os << row.file << " " << row.field;
}

// part[i] of the TSV: the i-th direct child of the top-level multipart. ParsedMessage
// only carries the first text part, so rows about other parts go through the same
// building blocks parseMessage uses (splitMultipart, decodeTransfer, decodeLabelled,
// decodeHeader).
detail::Entity directChild(const std::string& raw, std::size_t index) {
  const auto top = detail::splitEntity(raw, true, nullptr);
  const std::string* ct = detail::findField(top.fields, "Content-Type");
  if (ct == nullptr) return {};
  const auto parts = detail::splitMultipart(top.body, detail::parseContentType(*ct).boundary,
                                            detail::kMaxMimeParts, nullptr);
  if (index >= parts.size()) return {};
  return detail::splitEntity(parts[index], false, nullptr);
}

std::string partText(const detail::Entity& part) {
  const std::string* ct = detail::findField(part.fields, "Content-Type");
  const std::string* cte = detail::findField(part.fields, "Content-Transfer-Encoding");
  const std::string bytes = detail::decodeTransfer(part.body, cte ? *cte : "", nullptr);
  std::string text =
      detail::decodeLabelled(bytes, ct ? detail::parseContentType(*ct).charset : "", nullptr);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

std::string slashDateTime(core::Timestamp t) {
  const auto days = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{days};
  const std::chrono::hh_mm_ss hms{t - days};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d/%02u/%02u %02ld:%02ld:%02ld", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long>(hms.seconds().count()));
  return buf;
}

std::string names(const std::vector<Mailbox>& boxes) {
  std::string out;
  for (const Mailbox& box : boxes) out += formatted(box) + "\n";
  return out;
}

// "part[1].filename" → the part at IMAP path "2"; "attachment[0]" → the first part with
// Content-Disposition: attachment. Rows about parts, Cc/Bcc and Date go through
// analyzeMessage.
bool isAnalysisRow(const Row& row) {
  const std::string& f = row.field;
  return (f.starts_with("part[") && f.find("].filename") != std::string::npos) ||
         f.starts_with("attachment[0].") || f == "cc" || f == "bcc" || f == "date";
}

void expectAnalysisRow(const std::string& raw, const Row& row) {
  const std::string& f = row.field;
  const bool attachmentRow = f.starts_with("attachment[0].");
  const MessageAnalysis a = analyzeMessage(raw);
  if (f == "cc") {
    EXPECT_FALSE(a.cc.empty());
    expectText(names(a.message.cc), row);
  } else if (f == "bcc") {
    EXPECT_FALSE(a.bcc.empty());
    expectText(names(a.message.bcc), row);
  } else if (f == "date") {
    if (row.expected == "(none)") {
      EXPECT_FALSE(a.date) << core::formatIso8601(*a.date);
    } else {
      // The row gives the sender's local time ("2015/01/02 02:00:00").
      ASSERT_TRUE(a.date) << a.message.date;
      EXPECT_EQ(slashDateTime(*a.date + a.dateOffset), row.expected);
    }
  } else if (attachmentRow) {
    const auto it = std::find_if(a.parts.begin(), a.parts.end(),
                                 [](const PartInfo& p) { return p.disposition == "attachment"; });
    ASSERT_NE(it, a.parts.end());
    if (f == "attachment[0].filename") {
      expectText(it->filename, row);
    } else {
      ASSERT_EQ(f, "attachment[0].decoded");
      ASSERT_EQ(row.match, "not-null");
      const auto decoded = decodedPart(raw, it->path);
      ASSERT_TRUE(decoded);
      // An unknown transfer encoding keeps the bytes as they are.
      EXPECT_EQ(*decoded,
                detail::splitEntity(std::string_view(raw).substr(it->begin, it->end - it->begin),
                                    false, nullptr)
                    .body);
      EXPECT_EQ(it->transferEncoding, "x-ish");
    }
  } else {
    // part[i] or part[i..j], then ".filename" or ".filename,type".
    const std::size_t close = f.find(']');
    const std::string range = f.substr(5, close - 5);
    const std::size_t dots = range.find("..");
    const std::size_t first = std::stoul(range.substr(0, dots));
    const std::size_t last = dots == std::string::npos ? first : std::stoul(range.substr(dots + 2));
    const bool withType = f.ends_with(",type");
    for (std::size_t i = first; i <= last; ++i) {
      std::string path = std::to_string(i + 1);
      // This row was "checked here (CPython)" and counts like email's walk(), where
      // walk()[0] is the multipart itself: the file's multipart holds one part only.
      if (row.file == "ruby-mail/japanese_attachment_long_name.eml") path = std::to_string(i);
      const auto it = std::find_if(a.parts.begin(), a.parts.end(),
                                   [&](const PartInfo& p) { return p.path == path; });
      ASSERT_NE(it, a.parts.end()) << path;
      expectText(withType ? it->filename + "," + it->contentType : it->filename, row);
    }
  }
}

class ExpectedJapanese : public ::testing::TestWithParam<Row> {};

// The README speaks of "75 expected values"; the file holds 73 rows.
TEST(ExpectedJapaneseTable, HasAllRows) {
  EXPECT_GE(expectedRows().size(), 73u);
}

TEST_P(ExpectedJapanese, Holds) {
  const Row& row = GetParam();
  const std::string raw = readFile(kCorpus + "/" + row.file);
  ASSERT_FALSE(raw.empty()) << row.file;
  if (row.field == "bytes") {
    // gmime's filter round trip: the decoding direction is ours (toUtf8); encoding from
    // UTF-8 is not a parser function.
    const std::string utf8 = readFile(kCorpus + "/gmime/charset-filters/japanese.utf-8.txt");
    const std::string charset =
        row.file.find("shift-jis") != std::string::npos ? "shift_jis" : "iso-2022-jp";
    auto decoded = toUtf8(raw, charset);
    ASSERT_TRUE(decoded) << decoded.error().what;
    EXPECT_EQ(*decoded, utf8);
    return;
  }
  if (row.field == "part[0].Content-Description") {
    // Raw 8-bit Shift_JIS in a header field: decodeHeader must guess it.
    const auto part = directChild(raw, 0);
    const std::string* description = detail::findField(part.fields, "Content-Description");
    ASSERT_NE(description, nullptr);
    expectText(decodeHeader(*description), row);
    return;
  }
  if (row.field == "part[2].body" && row.file == "thunderbird-japanese/charsets") {
    // Shift_JIS in quoted-printable; upstream also wants it equal to its UTF-8 twin.
    const std::string text = partText(directChild(raw, 2));
    expectText(text, row);
    EXPECT_EQ(text, partText(directChild(raw, 3)));
    return;
  }
  if (isAnalysisRow(row)) {
    expectAnalysisRow(raw, row);
    return;
  }
  auto parsed = parseMessage(raw);
  ASSERT_TRUE(parsed) << parsed.error().what;
  const ParsedMessage& msg = *parsed;
  const std::string& f = row.field;
  if (f == "subject") {
    expectText(msg.subject, row);
  } else if (f == "body" || f == "text-body" || f == "part[0].body" || f == "part[1].body") {
    // bodyText is the first text part; for "part[1]" (a forwarded message/rfc822) the
    // row asserts what must not leak into it.
    expectText(msg.bodyText, row);
  } else if (f == "from") {
    expectMailboxes(msg.from, row);
  } else if (f == "to") {
    expectMailboxes(msg.to, row);
  } else if (f == "from.addrs.count") {
    EXPECT_EQ(std::to_string(msg.from.size()), row.expected);
  } else if (f == "references.count") {
    EXPECT_EQ(std::to_string(msg.references.size()), row.expected);
  } else if (f == "mime-type,charset") {
    // bodyText only ever comes from a text part; the charset is what it declared.
    const std::string wanted = row.expected.substr(row.expected.find(',') + 1);
    EXPECT_EQ(msg.bodyCharset, wanted);
    EXPECT_FALSE(msg.bodyText.empty());
  } else if (f == "part[0].charset") {
    EXPECT_EQ(msg.bodyCharset, lower(row.expected));
  } else {
    ADD_FAILURE() << "row not covered: " << row.file << " " << row.field;
  }
}

// Upstream test_mime_tree.js: the 12 parts of "charsets" are pairs of the same string in
// two charsets (ISO-8859-6/UTF-8, Shift_JIS/UTF-8, GB18030/UTF-16LE, EUC-KR/UTF-8,
// Big5/UTF-8, unlabelled/UTF-16BE), so body(i) == body(i + 1) for even i.
TEST(CorpusCharsets, PairsDecodeToTheSameText) {
  const std::string raw = readFile(kCorpus + "/thunderbird-japanese/charsets");
  for (std::size_t i = 0; i < 12; i += 2) {
    const std::string first = partText(directChild(raw, i));
    EXPECT_FALSE(first.empty()) << "part " << i;
    EXPECT_TRUE(isUtf8(first)) << "part " << i;
    EXPECT_EQ(first, partText(directChild(raw, i + 1))) << "parts " << i << "/" << i + 1;
  }
}

// ---- EXPECTED-pgp-gnupg.tsv: the OpenPGP structure of every PGP message -------------------
//
// The TSV gives gpg's raw results with the MIME path gpg saw ("0" the top, "0.1" its first
// part; ".m" inside a message/rfc822, "in-encrypted" inside ciphertext). The structure
// analyzeMessage must report follows from it by one rule, plus README §1 policy where
// upstream deliberately differs from "whatever gpg can read":
//   * encrypted (PGP/MIME) → PgpMimeEncrypted at the top; "(inline)" → InlineEncrypted;
//   * else a signature at "0" → PgpMimeSigned "" (InlineSigned for inline-clearsign), at
//     "0.1" → PgpMimeSigned "1" (first part of a top-level mixed, a list footer after it);
//   * anything deeper, or unsigned → None.

using PgpRow = cvdd::test::ExpectedPgpRow;

std::vector<PgpRow> pgpRows() {
  return cvdd::test::readExpectedPgpRows(kCorpus + "/EXPECTED-pgp-gnupg.tsv");
}

struct PgpExpectation {
  PgpKind kind = PgpKind::None;
  std::string path;
  bool repairedExchange = false;
  bool missingPart = false;
};

// README §1 policy that the rule above does not capture, each with its reason.
const std::map<std::string, PgpExpectation>& pgpPolicy() {
  static const std::map<std::string, PgpExpectation> policy{
      // Exchange "mixed-up" PGP/MIME: repaired (upstream: detected and repairable).
      {"thunderbird-openpgp/eml/alice-broken-exchange.eml",
       {PgpKind::PgpMimeEncrypted, "", true, false}},
      {"notmuch/mangling/mixed-up.eml", {PgpKind::PgpMimeEncrypted, "", true, false}},
      // Inline armor inside text/html (the first part of a mixed), found after stripping.
      {"thunderbird-openpgp/eml/bob-enc-html-nbsp.eml", {PgpKind::InlineEncrypted, "1"}},
      // Partial inline encryption in the second of three HTML parts: decrypted upstream.
      {"thunderbird-openpgp/eml/partial-encrypt-for-alice-html.eml",
       {PgpKind::InlineEncrypted, "2"}},
      {"thunderbird-openpgp/eml/partial-encrypt-for-carol-html.eml",
       {PgpKind::InlineEncrypted, "2"}},
      // The outermost structure is the (bad) multipart/signed; the encrypted part is its
      // content. With-mixed: the encrypted part sits under mixed under signed and must
      // not be decrypted: analyzeMessage(signedBytes) does not find it either (tested).
      {"thunderbird-openpgp/eml/outer-pgp-sig-inner-pgp-enc.eml", {PgpKind::PgpMimeSigned, ""}},
      {"thunderbird-openpgp/eml/outer-pgp-sig-inner-pgp-enc-sig.eml", {PgpKind::PgpMimeSigned, ""}},
      {"thunderbird-openpgp/eml/outer-pgp-sig-inner-pgp-enc-with-mixed.eml",
       {PgpKind::PgpMimeSigned, ""}},
      // The encrypted message is a forwarded message/rfc822: the outer is not encrypted.
      {"thunderbird-openpgp/eml/fwd-unsigned-encrypted.eml", {PgpKind::None, ""}},
      // Encrypted part as the first part of a list's mixed wrapper (upstream: "partial").
      {"notmuch/protected-headers/wrapped-protected-header.eml", {PgpKind::PgpMimeEncrypted, "1"}},
      // Labelled multipart/encrypted, holds a cleartext-signed git commit. Decision: not
      // encrypted; reported as the inline signature in part 2 so that it is verified and
      // fails (gpg: digest conflict) — upstream: "signature mismatch, NOT encrypted".
      {"thunderbird-openpgp/eml/sigspoof-git-commit.eml", {PgpKind::InlineSigned, "2"}},
      // The outer multipart/signed is S/MIME (verified by gpgsm); the PGP one inside it is
      // not at the top.
      {"thunderbird-openpgp/eml/dual-signed-uncommon-content-type.eml", {PgpKind::SmimeSigned, ""}},
      // Signature part stripped: counts as bad.
      {"thunderbird-openpgp/eml/openpgp__stripped_sig.eml",
       {PgpKind::PgpMimeSigned, "", false, true}},
  };
  return policy;
}

std::string ourPath(const std::string& gpgPath) {
  return gpgPath == "0" ? std::string() : gpgPath.substr(2);  // "0.1" → "1"
}

PgpExpectation expectedStructure(const PgpRow& row) {
  if (const auto it = pgpPolicy().find(row.file); it != pgpPolicy().end()) return it->second;
  const std::string& enc = row.encryption;
  if (enc.starts_with("decrypts(inline)") || enc.starts_with("fails(inline)")) {
    return {PgpKind::InlineEncrypted, ""};
  }
  if (enc.starts_with("decrypts") || enc.starts_with("fails")) {
    return {PgpKind::PgpMimeEncrypted, ""};
  }
  if (row.signatures == "none") return {};
  const std::string first = row.signatures.substr(0, row.signatures.find(';'));
  const std::string gpgPath = first.substr(first.find('@') + 1);
  const bool inline_ = row.notes.find("inline-clearsign") != std::string::npos;
  if (gpgPath == "0") return {inline_ ? PgpKind::InlineSigned : PgpKind::PgpMimeSigned, ""};
  if (gpgPath == "0.1" && !inline_) return {PgpKind::PgpMimeSigned, ourPath(gpgPath)};
  return {};  // deeper: Johnny M1–M4 (second part), forwarded (".m"), digests
}

class PgpCorpus : public ::testing::TestWithParam<PgpRow> {};

TEST(PgpCorpusTable, ListsEveryPgpMessage) {
  const auto rows = pgpRows();
  EXPECT_GE(rows.size(), 110u);
  for (const auto& entry : pgpPolicy()) {
    const std::string& file = entry.first;  // clang 14: no structured binding in a lambda
    EXPECT_TRUE(
        std::any_of(rows.begin(), rows.end(), [&](const PgpRow& r) { return r.file == file; }))
        << "policy for a file the TSV does not list: " << file;
  }
}

TEST_P(PgpCorpus, StructureMatches) {
  const PgpRow& row = GetParam();
  const std::string raw = readFile(kCorpus + "/" + row.file);
  ASSERT_FALSE(raw.empty()) << row.file;
  const PgpExpectation want = expectedStructure(row);
  const MessageAnalysis a = analyzeMessage(raw);
  EXPECT_EQ(pgpKindName(a.pgp.kind), pgpKindName(want.kind));
  EXPECT_EQ(a.pgp.path, want.kind == PgpKind::None ? "" : want.path);
  EXPECT_EQ(a.pgp.repairedExchange, want.repairedExchange);
  EXPECT_EQ(a.pgp.missingPart, want.missingPart);
  EXPECT_TRUE(a.limitHits.empty());
  switch (a.pgp.kind) {
    case PgpKind::PgpMimeSigned:
    case PgpKind::SmimeSigned:
      EXPECT_FALSE(a.pgp.signedBytes.empty());
      EXPECT_EQ(a.pgp.signature.empty(), a.pgp.missingPart);
      break;
    case PgpKind::SmimeOpaqueSigned:
      EXPECT_FALSE(a.pgp.signature.empty());
      break;
    case PgpKind::PgpMimeEncrypted:
    case PgpKind::InlineEncrypted:
      EXPECT_FALSE(a.pgp.ciphertext.empty());
      break;
    case PgpKind::InlineSigned:
      EXPECT_TRUE(a.pgp.armoredText.starts_with("-----BEGIN PGP SIGNED MESSAGE-----"));
      break;
    case PgpKind::None:
      break;
  }
}

INSTANTIATE_TEST_SUITE_P(Rows, PgpCorpus, ::testing::ValuesIn(pgpRows()),
                         [](const auto& p) { return testName(p.index, p.param.file); });

// Structure facts of single corpus files that the table cannot express.
TEST(PgpCorpusFiles, SignedBytesOfTheThunderbirdMessageAreCrlfAndStartWithItsHeaders) {
  const auto a = analyzeMessage(
      readFile(kCorpus + "/thunderbird-openpgp/eml/"
                         "signed-by-0xfbfcc82a015e7330-to-0xf231550c4f47e38e-unencrypted.eml"));
  ASSERT_EQ(a.pgp.kind, PgpKind::PgpMimeSigned);
  EXPECT_TRUE(a.pgp.signedBytes.starts_with("Content-Type: "));
  for (std::size_t i = 0; i < a.pgp.signedBytes.size(); ++i) {
    if (a.pgp.signedBytes[i] == '\n') {
      ASSERT_EQ(a.pgp.signedBytes[i - 1], '\r') << i;
    }
  }
}

TEST(PgpCorpusFiles, NestedEncryptionUnderMixedIsNotFoundInTheSignedPartEither) {
  const auto outer = analyzeMessage(
      readFile(kCorpus + "/thunderbird-openpgp/eml/outer-pgp-sig-inner-pgp-enc-with-mixed.eml"));
  EXPECT_EQ(analyzeMessage(outer.pgp.signedBytes).pgp.kind, PgpKind::None);
  const auto direct = analyzeMessage(
      readFile(kCorpus + "/thunderbird-openpgp/eml/outer-pgp-sig-inner-pgp-enc.eml"));
  EXPECT_EQ(analyzeMessage(direct.pgp.signedBytes).pgp.kind, PgpKind::PgpMimeEncrypted);
}

TEST(PgpCorpusFiles, InlineArmorIsCleanedUp) {
  for (const char* file : {"thunderbird-openpgp/eml/bob-enc-inline-nbsp-qp.eml",
                           "thunderbird-openpgp/eml/bob-enc-html-nbsp.eml"}) {
    const auto a = analyzeMessage(readFile(kCorpus + "/" + std::string(file)));
    EXPECT_TRUE(a.pgp.ciphertext.starts_with("-----BEGIN PGP MESSAGE-----\n\n")) << file;
    EXPECT_EQ(a.pgp.ciphertext.find("\xC2\xA0"), std::string::npos) << file;
    EXPECT_EQ(a.pgp.ciphertext.find("&nbsp;"), std::string::npos) << file;
  }
  const auto indented =
      analyzeMessage(readFile(kCorpus + "/thunderbird-openpgp/eml/signed-inline-indented.eml"));
  EXPECT_NE(indented.pgp.armoredText.find("\n  \xC2\xA3 2.00 "), std::string::npos)
      << "indentation inside the signed text is part of it";
  const auto prefixed =
      analyzeMessage(readFile(kCorpus + "/johnny-you-are-fired/03-mime/m1-pgp-inline2.eml"));
  EXPECT_TRUE(prefixed.pgp.partial);
}

TEST(PgpCorpusFiles, AutocryptAndAttachedKeys) {
  const auto a =
      analyzeMessage(readFile(kCorpus + "/autocrypt-spec-examples/example-simple-autocrypt.eml"));
  ASSERT_TRUE(a.autocrypt);
  EXPECT_EQ(a.autocrypt->address, "alice@autocrypt.example");
  EXPECT_TRUE(a.autocrypt->preferEncrypt);
  EXPECT_GT(a.autocrypt->keyData.size(), 100u);
  EXPECT_EQ(static_cast<unsigned char>(a.autocrypt->keyData[0]) & 0x80, 0x80);  // a packet
  const auto keys =
      analyzeMessage(readFile(
          kCorpus + "/thunderbird-openpgp/eml/"
                    "signed-by-0xfbfcc82a015e7330-to-0xf231550c4f47e38e-unencrypted-with-key.eml"));
  EXPECT_FALSE(keys.attachedKeys.empty());
}

INSTANTIATE_TEST_SUITE_P(Rows, ExpectedJapanese, ::testing::ValuesIn(expectedRows()),
                         [](const auto& p) {
                           return testName(p.index, p.param.file + "_" + p.param.field);
                         });

}  // namespace
}  // namespace cvdd::parsers
