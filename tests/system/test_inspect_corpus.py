"""`cvdctl inspect` over the external corpus (../shared/corpus): every message file gives
JSON without an error, in time; every row of EXPECTED-japanese.tsv whose field inspect
prints holds in that JSON; and with state (a config, a keyring with the Thunderbird keys
imported through `cvdctl key import`) a signed corpus message verifies "good".
python3 stdlib only. Env: CVDD_CORPUS_DIR, CVDCTL_BIN, CVDD_BIN."""

import glob
import json
import os
import shutil
import subprocess
import tempfile
import unittest

CORPUS = os.environ.get("CVDD_CORPUS_DIR", "")
CVDCTL = os.environ.get("CVDCTL_BIN", "")
CVDD = os.environ.get("CVDD_BIN", "")
TIMEOUT = 30  # seconds per cvdctl run; a message that takes longer is a hang

# The rule of tests/parsers/corpus_test.cpp (isMessageFile): .eml, .txt and maildir files
# (no extension), not keys, licenses, expected-output files or gpg logs.
NOT_MAIL_EXT = {".asc", ".pub", ".sec", ".key", ".inner", ".tsv", ".md", ".NOTE", ".gpg"}


def is_message_file(path):
    name = os.path.basename(path)
    ext = os.path.splitext(name)[1]
    if ext in NOT_MAIL_EXT:
        return False
    if name.startswith(("VERIFIED", "COPYING")) or name == "LICENSE" or name.endswith("LICENSE"):
        return False
    return ext in (".eml", ".txt", "")


def corpus_messages():
    files = []
    for root, _dirs, names in os.walk(CORPUS):
        for name in names:
            path = os.path.join(root, name)
            if is_message_file(path):
                files.append(os.path.relpath(path, CORPUS))
    return sorted(files)


def japanese_rows():
    rows = []
    with open(os.path.join(CORPUS, "EXPECTED-japanese.tsv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 5:
                continue
            rows.append({"file": cols[0], "field": cols[1], "match": cols[2],
                         "expected": cols[3].replace("\\n", "\n"), "source": cols[4]})
    return rows


def inspect(path, *extra, config=None):
    cmd = [CVDCTL] + (["--config", config] if config else []) + ["inspect", path, "--json"]
    cmd += list(extra)
    return subprocess.run(cmd, capture_output=True, timeout=TIMEOUT)


# Fields of EXPECTED-japanese.tsv that `cvdctl inspect --json` does not print. They are
# asserted on the parser directly by tests/parsers/corpus_test.cpp (ExpectedJapanese):
# bodies (inspect prints only body_bytes and body_charset), Cc/Bcc, the Date, a part's
# Content-Description, the decoded bytes of an attachment and gmime's charset round trip
# (those files are bodies, not mails).
NOT_IN_INSPECT = {"body", "text-body", "part[0].body", "part[1].body", "part[2].body", "cc",
                  "bcc", "date", "part[0].Content-Description", "attachment[0].decoded",
                  "bytes"}


def formatted(box):
    return f'"{box["name"]}" <{box["address"]}>'


@unittest.skipUnless(CORPUS and os.path.isdir(CORPUS), "no corpus (CVDD_CORPUS_DIR)")
@unittest.skipUnless(CVDCTL and os.access(CVDCTL, os.X_OK), "no cvdctl (CVDCTL_BIN)")
class InspectCorpusTest(unittest.TestCase):
    reports = {}

    @classmethod
    def setUpClass(cls):
        cls.files = corpus_messages()
        cls.failures = {}
        for rel in cls.files:
            try:
                done = inspect(os.path.join(CORPUS, rel), "--no-state")
            except subprocess.TimeoutExpired:
                cls.failures[rel] = f"no answer within {TIMEOUT} s"
                continue
            if done.returncode != 0:
                cls.failures[rel] = f"exit {done.returncode}: {done.stderr.decode(errors='replace')}"
                continue
            try:
                cls.reports[rel] = json.loads(done.stdout)
            except ValueError as e:
                cls.failures[rel] = f"stdout is not JSON: {e}"

    def test_corpus_holds_the_documented_messages(self):
        # README: "about 170 messages"; fewer means the walk missed folders.
        self.assertGreaterEqual(len(self.files), 150)

    def test_every_message_gives_json_without_error(self):
        for rel in self.files:
            with self.subTest(file=rel):
                self.assertNotIn(rel, self.failures, self.failures.get(rel))
                report = self.reports[rel]
                self.assertNotIn("error", report)
                self.assertIsInstance(report.get("subject"), str)
                self.assertIsInstance(report.get("parts"), list)
                self.assertFalse(report["verification"]["checked"], "--no-state: nothing verified")
                self.assertEqual(report["file"], os.path.join(CORPUS, rel))

    def part(self, report, path):
        for p in report["parts"]:
            if p["path"] == path:
                return p
        self.fail(f"no part {path!r} in {[p['path'] for p in report['parts']]}")

    def expect_text(self, actual, row):
        if row["match"] == "equals":
            self.assertEqual(actual, row["expected"])
        elif row["match"] == "contains":
            self.assertIn(row["expected"], actual)
        elif row["match"] == "not-contains":
            self.assertNotIn(row["expected"], actual)
        else:
            self.fail(f"unknown match kind {row['match']}")

    def expect_mailboxes(self, boxes, row):
        """An expected `"Name" <addr>` compares whole mailboxes, an address compares
        addresses, anything else display names (as the parser test does)."""
        self.assertTrue(boxes)
        actual = []
        for box in boxes:
            if "<" in row["expected"]:
                actual.append(formatted(box))
            elif "@" in row["expected"]:
                actual.append(box["address"])
            else:
                actual.append(box["name"])
        if row["match"] == "equals":
            self.assertIn(row["expected"], actual)
        else:
            self.assertTrue(any(row["expected"] in a for a in actual), actual)

    def check_row(self, report, row):
        field = row["field"]
        if field == "subject":
            self.expect_text(report["subject"], row)
        elif field in ("from", "to"):
            self.expect_mailboxes(report[field], row)
        elif field == "from.addrs.count":
            self.assertEqual(str(len(report["from"])), row["expected"])
        elif field == "references.count":
            self.assertEqual(str(len(report["references"])), row["expected"])
        elif field == "mime-type,charset":
            mime_type, charset = row["expected"].split(",")
            self.assertEqual(report["body_charset"], charset)
            self.assertEqual(self.part(report, "")["content_type"], mime_type)
        elif field == "part[0].charset":
            # The part's label as written ("Shift-JIS"); inspect prints it lower-case.
            self.assertEqual(self.part(report, "1")["charset"], row["expected"].lower())
        elif field == "attachment[0].filename":
            attachments = [p for p in report["parts"] if p["disposition"] == "attachment"]
            self.assertTrue(attachments, report["parts"])
            self.expect_text(attachments[0]["filename"], row)
        elif field.startswith("part[") and ".filename" in field:
            # part[i] is the i-th direct child of the top-level multipart: IMAP path i+1.
            # "part[1..2].filename,type" covers parts 1 and 2.
            index = field[5:field.index("]")]
            first, _, last = index.partition("..")
            with_type = field.endswith(",type")
            for i in range(int(first), int(last or first) + 1):
                path = str(i + 1)
                if row["file"] == "ruby-mail/japanese_attachment_long_name.eml":
                    # "checked here (CPython)": counted like email's walk(), where walk()[0]
                    # is the multipart itself (as in tests/parsers/corpus_test.cpp).
                    path = str(i)
                p = self.part(report, path)
                actual = p["filename"] + ("," + p["content_type"] if with_type else "")
                self.expect_text(actual, row)
        else:
            self.fail(f"row not covered: {row['file']} {field}")

    def test_expected_japanese_rows_inspect_prints(self):
        rows = japanese_rows()
        self.assertGreaterEqual(len(rows), 73)
        checked = 0
        for row in rows:
            if row["field"] in NOT_IN_INSPECT:
                continue
            with self.subTest(file=row["file"], field=row["field"]):
                self.assertIn(row["file"], self.reports, "not inspected: " + row["file"])
                self.check_row(self.reports[row["file"]], row)
                checked += 1
        # 42 of the 73 rows: every subject row, and the filename/address/count rows besides.
        self.assertGreaterEqual(checked, 42)

    def test_every_subject_row_is_checked(self):
        subject_rows = [r for r in japanese_rows() if r["field"] == "subject"]
        self.assertGreaterEqual(len(subject_rows), 11)
        for row in subject_rows:
            with self.subTest(file=row["file"]):
                self.expect_text(self.reports[row["file"]]["subject"], row)


@unittest.skipUnless(CORPUS and os.path.isdir(CORPUS), "no corpus (CVDD_CORPUS_DIR)")
@unittest.skipUnless(CVDCTL and os.access(CVDCTL, os.X_OK), "no cvdctl (CVDCTL_BIN)")
@unittest.skipUnless(CVDD and os.access(CVDD, os.X_OK), "no cvdd (CVDD_BIN)")
class InspectWithStateTest(unittest.TestCase):
    """inspect with config, store and keyring: the keys come in through `cvdctl key import`
    after `cvdd --once` has created the state."""

    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="cvdd-inspect-")
        self.state = os.path.join(self.work, "state")
        for box in ("inbox", "outbox"):
            for sub in ("new", "cur", "tmp"):
                os.makedirs(os.path.join(self.work, box, sub))
        self.config = os.path.join(self.work, "cvdd.toml")
        with open(self.config, "w") as f:
            f.write(f"""\
[coordinator]
name = "Example CERT"
intake = "vendors@cert.example"
case_prefix = "CVD"
timezone = "Asia/Tokyo"

[source]
url = "maildir:{self.work}/inbox"

[smtp]
url = "maildir:{self.work}/outbox"

[state]
dir = "{self.state}"
""")

    def tearDown(self):
        home = os.path.join(self.state, "gnupg")
        if os.path.isdir(home):
            subprocess.run(["gpgconf", "--homedir", home, "--kill", "all"],
                           capture_output=True, timeout=30)
        shutil.rmtree(self.work, ignore_errors=True)

    def cvdctl(self, *args):
        done = subprocess.run([CVDCTL, "--config", self.config, *args], capture_output=True,
                              timeout=TIMEOUT)
        self.assertEqual(done.returncode, 0, done.stderr.decode(errors="replace"))
        return done

    def test_signed_message_verifies_good_with_imported_keys(self):
        once = subprocess.run([CVDD, "--config", self.config, "--once"], capture_output=True,
                              timeout=120)
        self.assertEqual(once.returncode, 0, once.stderr.decode(errors="replace"))
        self.assertTrue(os.path.isdir(os.path.join(self.state, "gnupg")))
        keys = sorted(glob.glob(os.path.join(CORPUS, "thunderbird-openpgp", "keys", "*-pub.asc")))
        self.assertGreaterEqual(len(keys), 4)
        for key in keys:
            self.cvdctl("key", "import", key)

        message = os.path.join(CORPUS, "thunderbird-openpgp", "eml",
                               "signed-by-0xfbfcc82a015e7330-to-0xf231550c4f47e38e-unencrypted.eml")
        report = json.loads(self.cvdctl("inspect", message, "--json").stdout)
        self.assertNotIn("error", report)
        self.assertTrue(report["verification"]["checked"])
        self.assertEqual(report["verification"]["status"], "good", report["verification"])
        self.assertTrue(report["verification"]["fingerprint"].endswith("FBFCC82A015E7330"))
        self.assertEqual(report["verification"]["signer"], "Bob Babbage <bob@openpgp.example>")
        self.assertTrue(report["matched"]["state_checked"])
        self.assertFalse(report["decryption"]["encrypted"])


if __name__ == "__main__":
    unittest.main()
