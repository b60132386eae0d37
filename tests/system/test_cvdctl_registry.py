"""`cvdctl vendor ...` and `cvdctl deadlines` against a fresh state: the real cvdctl on a
minimal config in a temp dir, a real gpg for the vendors' keys.
A few tests let `cvdd --once` create the state first, as in production.
python3 stdlib only. Env: CVDCTL_BIN, CVDD_BIN, SCHEDULE_DEADLINES_BIN (a test helper
that puts deadlines into the index, as nothing on the command line does yet)."""

import calendar
import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest

from cvdctl_config import CONFIG

CVDCTL = os.environ.get("CVDCTL_BIN", "")
CVDD = os.environ.get("CVDD_BIN", "")
SCHEDULE = os.environ.get("SCHEDULE_DEADLINES_BIN", "")
TIMEOUT = 60


class RegistryTestCase(unittest.TestCase):
    """A temp dir with a config and no state yet; cvdctl and gpg helpers."""
    timezone = "Asia/Tokyo"

    def setUp(self):
        self.assertTrue(CVDCTL, "CVDCTL_BIN is not set")
        self.dir = tempfile.mkdtemp(prefix="cvdctl-registry-")
        self.config = os.path.join(self.dir, "cvdd.toml")
        with open(self.config, "w", encoding="utf-8") as f:
            f.write(CONFIG.format(timezone=self.timezone))

    def run_daemon_once(self):
        """The state as cvdd leaves it after its first start on an empty Maildir."""
        self.assertTrue(CVDD, "CVDD_BIN is not set")
        for sub in ("new", "cur", "tmp"):
            os.makedirs(os.path.join(self.dir, "inbox", sub))
        result = subprocess.run([CVDD, "--config", self.config, "--once"], capture_output=True,
                                text=True, timeout=TIMEOUT)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(os.path.isdir(os.path.join(self.dir, "state", "db")))

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def run_cvdctl(self, *args, stdin=None):
        env = dict(os.environ, CVDD_OPERATOR="tester")
        return subprocess.run([CVDCTL, "--config", self.config, *args], capture_output=True,
                              text=True, input=stdin, timeout=TIMEOUT, env=env)

    def ok(self, *args, stdin=None):
        result = self.run_cvdctl(*args, stdin=stdin)
        self.assertEqual(result.returncode, 0, f"{args}: {result.stderr}")
        return result.stdout

    def json(self, *args, stdin=None):
        return json.loads(self.ok(*args, "--json", stdin=stdin))

    def refused(self, *args, message, stdin=None):
        result = self.run_cvdctl(*args, stdin=stdin)
        self.assertEqual(result.returncode, 1, f"{args}: {result.stdout}{result.stderr}")
        self.assertIn(message, result.stderr)
        self.assertTrue(result.stderr.startswith("cvdctl: "), result.stderr)
        return result.stderr

    def add_acme(self):
        return self.json("vendor", "add", "acme", "--org", "ACME 株式会社", "--kind", "vendor",
                         "--registration", "general", "--contact", "PSIRT@acme.example",
                         "--contact", "security@acme.example", "--manager", "山田 太郎",
                         "--channel", "phone:+81-3-0000-0000", "--channel", "post:東京都",
                         "--keyword", "router", "--keyword", "firmware", "--product",
                         "AcmeRouter X1", "--language", "ja")

    def gen_key(self, address):
        """A fresh key pair for address in its own GNUPGHOME; its armored public key file and
        fingerprint."""
        home = tempfile.mkdtemp(prefix="gnupg-", dir=self.dir)
        os.chmod(home, 0o700)
        env = dict(os.environ, GNUPGHOME=home)
        subprocess.run(["gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
                        "--quick-gen-key", f"Vendor PSIRT <{address}>", "ed25519", "sign",
                        "never"], check=True, capture_output=True, env=env, timeout=TIMEOUT)
        listing = subprocess.run(["gpg", "--batch", "--with-colons", "--list-keys", address],
                                 check=True, capture_output=True, text=True, env=env,
                                 timeout=TIMEOUT).stdout
        fingerprint = next(line.split(":")[9] for line in listing.splitlines()
                           if line.startswith("fpr:"))
        subprocess.run(["gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
                        "--quick-add-key", fingerprint, "cv25519", "encr", "never"],
                       check=True, capture_output=True, env=env, timeout=TIMEOUT)
        armored = subprocess.run(["gpg", "--batch", "--armor", "--export", fingerprint],
                                 check=True, capture_output=True, env=env, timeout=TIMEOUT).stdout
        path = os.path.join(self.dir, f"{address}.asc")
        with open(path, "wb") as f:
            f.write(armored)
        subprocess.run(["gpgconf", "--kill", "all"], env=env, capture_output=True)
        return path, fingerprint


class Registry(RegistryTestCase):
    # --- add, list, show

    def test_add_creates_the_state_and_records_every_field(self):
        self.assertFalse(os.path.exists(os.path.join(self.dir, "state")))
        added = self.add_acme()
        state = os.path.join(self.dir, "state")
        self.assertEqual(os.stat(state).st_mode & 0o777, 0o700)
        self.assertTrue(os.path.isdir(os.path.join(state, "db")))
        for shown in (added, self.json("vendor", "show", "acme")):
            self.assertEqual(shown["id"], "acme")
            self.assertEqual(shown["organisation"], "ACME 株式会社")
            self.assertEqual(shown["kind"], "vendor")
            self.assertEqual(shown["registration"], "general")
            self.assertEqual(shown["language"], "ja")
            self.assertEqual(shown["related_to"], "")
            self.assertEqual(shown["contacts"], [
                {"address": "PSIRT@acme.example", "manager_name": "山田 太郎",
                 "key_fingerprint": None},
                {"address": "security@acme.example", "manager_name": "山田 太郎",
                 "key_fingerprint": None}])
            self.assertEqual(shown["other_channels"], ["phone:+81-3-0000-0000", "post:東京都"])
            self.assertEqual(shown["keywords"], ["router", "firmware"])
            self.assertEqual(shown["products"], ["AcmeRouter X1"])
            self.assertEqual(shown["created_at"], shown["updated_at"])
            self.assertRegex(shown["created_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
            # Who registered it: $CVDD_OPERATOR here, as no --as was given.
            self.assertEqual((shown["created_by"], shown["updated_by"]), ("tester", "tester"))

        text = self.ok("vendor", "show", "acme")
        self.assertIn("Vendor:        acme\n", text)
        self.assertIn("Organisation:  ACME 株式会社\n", text)
        self.assertIn("Registration:  general\n", text)
        self.assertIn("Keywords:      router, firmware\n", text)
        self.assertIn("  PSIRT@acme.example     no key  山田 太郎\n", text)
        self.assertIn("  security@acme.example  no key  山田 太郎\n", text)
        self.assertIn("  phone:+81-3-0000-0000\n", text)

    def test_list_in_text_and_json_ordered_by_id(self):
        self.run_daemon_once()
        self.assertEqual(self.ok("vendor", "list"), "no vendors\n")
        self.assertEqual(self.json("vendor", "list"), [])
        self.add_acme()
        self.json("vendor", "add", "beta-labs", "--org", "Beta Labs", "--kind",
                  "related-organisation", "--registration", "unregistered", "--contact",
                  "sec@beta.example", "--related-to", "acme")
        listed = self.json("vendor", "list")
        self.assertEqual([v["id"] for v in listed], ["acme", "beta-labs"])
        self.assertEqual(listed[0]["contact_count"], 2)
        self.assertEqual(listed[1]["kind"], "related-organisation")
        self.assertEqual(listed[1]["registration"], "unregistered")
        self.assertEqual(listed[1]["related_to"], "acme")
        self.assertEqual(listed[1]["language"], "")
        lines = self.ok("vendor", "list").splitlines()
        self.assertEqual(lines[0].split(),
                         ["ID", "KIND", "REGISTRATION", "CONTACTS", "LANG", "ORGANISATION"])
        self.assertEqual(lines[1].split(), ["acme", "vendor", "general", "2", "ja", "ACME",
                                            "株式会社"])
        self.assertEqual(lines[2].split(), ["beta-labs", "related-organisation", "unregistered",
                                            "1", "-", "Beta", "Labs"])
        # Aligned: every column starts at the same offset on each line.
        for column in ("KIND", "REGISTRATION", "CONTACTS", "LANG", "ORGANISATION"):
            start = lines[0].index(column)
            for line in lines[1:]:
                self.assertNotEqual(line[start], " ", f"{column}: {line!r}")
                self.assertEqual(line[start - 1], " ", f"{column}: {line!r}")

    def test_read_commands_on_a_fresh_state_say_there_is_none(self):
        result = self.run_cvdctl("vendor", "list")
        self.assertEqual(result.returncode, 3)
        self.assertIn("no state in", result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "state")))
        self.add_acme()
        self.refused("vendor", "show", "nobody", message="no vendor nobody")

    # --- refusals

    def test_duplicate_id_is_refused_and_changes_nothing(self):
        self.add_acme()
        self.refused("vendor", "add", "acme", "--org", "Other", "--contact", "x@other.example",
                     message="vendor acme already exists")
        self.assertEqual(self.json("vendor", "show", "acme")["organisation"], "ACME 株式会社")
        self.assertEqual(len(self.json("vendor", "list")), 1)

    def test_address_of_another_vendor_is_refused_in_any_case(self):
        self.add_acme()
        stderr = self.refused("vendor", "add", "other", "--org", "Other", "--contact",
                              "psirt@ACME.example", message="already belongs to vendor acme")
        self.assertIn("psirt@acme.example", stderr)
        self.assertEqual([v["id"] for v in self.json("vendor", "list")], ["acme"])
        self.refused("vendor", "add", "twice", "--org", "Twice", "--contact", "a@t.example",
                     "--contact", "A@t.example", message="given twice")
        self.json("vendor", "add", "other", "--org", "Other")
        self.refused("vendor", "add-contact", "other", "security@acme.example",
                     message="already belongs to vendor acme")
        self.refused("vendor", "add-contact", "acme", "security@acme.example",
                     message="already belongs to vendor acme")
        self.assertEqual(self.json("vendor", "show", "other")["contacts"], [])

    def test_invalid_values_are_refused(self):
        self.add_acme()
        cases = [
            (["--contact", "not-an-address"], "is not a mail address"),
            (["--contact", "a@b@c"], "is not a mail address"),
            (["--kind", "manufacturer"], "--kind: unknown value \"manufacturer\""),
            (["--registration", "always"], "--registration: unknown value \"always\""),
            (["--language", "fr"], "neither ja nor en"),
            (["--channel", "telex:123"], "phone:NUMBER"),
            (["--related-to", "nobody"], "--related-to: no vendor nobody"),
        ]
        for extra, message in cases:
            with self.subTest(extra=extra):
                self.refused("vendor", "add", "newco", "--org", "New Co", *extra, message=message)
        self.refused("vendor", "add", "bad/id", "--org", "X", message="vendor id \"bad/id\"")
        self.refused("vendor", "add", "newco", "--org", "X", "--manager", "Jane",
                     message="--manager names the person of the --contact addresses")
        self.assertEqual([v["id"] for v in self.json("vendor", "list")], ["acme"])
        result = self.run_cvdctl("vendor", "add", "noorg")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("--org", result.stderr)

    # --- edit, add-contact

    def test_edit_replaces_only_the_fields_given(self):
        before = self.add_acme()
        self.json("vendor", "add", "parent", "--org", "Parent Corp")
        edited = self.json("vendor", "edit", "acme", "--org", "ACME Corporation", "--keyword",
                           "camera", "--language", "en", "--kind", "related-organisation",
                           "--related-to", "parent")
        self.assertEqual(edited, self.json("vendor", "show", "acme"))
        self.assertEqual(edited["organisation"], "ACME Corporation")
        self.assertEqual(edited["keywords"], ["camera"])  # a list given replaces the list
        self.assertEqual(edited["language"], "en")
        self.assertEqual(edited["kind"], "related-organisation")
        self.assertEqual(edited["related_to"], "parent")
        for unchanged in ("registration", "contacts", "other_channels", "products",
                          "created_at"):
            self.assertEqual(edited[unchanged], before[unchanged], unchanged)
        self.assertGreaterEqual(edited["updated_at"], before["updated_at"])

        cleared = self.json("vendor", "edit", "acme", "--product", "", "--channel", "fax:+1-2",
                            "--language", "")
        self.assertEqual(cleared["products"], [])
        self.assertEqual(cleared["other_channels"], ["fax:+1-2"])
        self.assertEqual(cleared["language"], "")
        self.assertEqual(cleared["keywords"], ["camera"])
        self.assertEqual(cleared["organisation"], "ACME Corporation")

        self.refused("vendor", "edit", "acme", "--registration", "sometimes",
                     message="unknown value")
        self.refused("vendor", "edit", "acme", "--related-to", "acme", message="itself")
        self.refused("vendor", "edit", "nobody", "--org", "X", message="no vendor nobody")
        self.refused("vendor", "edit", "acme", message="nothing to change")
        self.assertEqual(self.json("vendor", "show", "acme"), cleared)

    def test_add_contact_appends_and_is_found_by_the_registry(self):
        self.add_acme()
        added = self.json("vendor", "add-contact", "acme", "cert@acme.example", "--manager",
                          "Jane Doe")
        self.assertEqual([c["address"] for c in added["contacts"]],
                         ["PSIRT@acme.example", "security@acme.example", "cert@acme.example"])
        self.assertEqual(added["contacts"][2],
                         {"address": "cert@acme.example", "manager_name": "Jane Doe",
                          "key_fingerprint": None})
        self.assertEqual(self.json("vendor", "list")[0]["contact_count"], 3)
        self.refused("vendor", "add-contact", "acme", "CERT@acme.example",
                     message="already belongs to vendor acme")
        self.refused("vendor", "add-contact", "acme", "nope", message="not a mail address")
        self.refused("vendor", "add-contact", "ghost", "g@ghost.example", message="no vendor ghost")

    # --- keys

    def test_import_key_binds_the_contacts_key(self):
        self.add_acme()
        key_file, fingerprint = self.gen_key("psirt@acme.example")
        shown = self.json("vendor", "import-key", "acme", "PSIRT@acme.example", key_file,
                          "--as", "hanako")
        self.assertEqual((shown["created_by"], shown["updated_by"]), ("tester", "hanako"))
        self.assertRegex(self.ok("vendor", "show", "acme"), r"Updated: .* by hanako\n")
        self.assertEqual(shown["contacts"][0]["key_fingerprint"], fingerprint)
        self.assertIsNone(shown["contacts"][1]["key_fingerprint"])
        self.assertEqual(self.json("vendor", "show", "acme")["contacts"][0]["key_fingerprint"],
                         fingerprint)
        self.assertIn(f"key {fingerprint}", self.ok("vendor", "show", "acme"))
        keys = {k["fingerprint"]: k for k in self.json("key", "list")}
        self.assertIn(fingerprint, keys)
        self.assertTrue(keys[fingerprint]["can_encrypt"])
        bindings = keys[fingerprint]["bindings"]
        self.assertEqual(len(bindings), 1)
        self.assertEqual(bindings[0]["address"], "psirt@acme.example")
        self.assertEqual(bindings[0]["trust"], "operator")
        self.assertEqual(bindings[0]["source"], "operator")
        self.assertEqual(bindings[0]["case_id"], "")
        self.assertEqual(bindings[0]["bound_by"], "hanako")  # who vouched for the key
        self.assertIn("by hanako)", self.ok("key", "show", "psirt@acme.example"))
        self.assertEqual(self.json("key", "show", "psirt@acme.example")["fingerprint"],
                         fingerprint)

    def test_key_import_works_on_a_fresh_state(self):
        key_file, fingerprint = self.gen_key("reporter@example.org")
        [key] = self.json("key", "import", key_file, "--address", "Reporter@example.org")
        self.assertEqual(key["fingerprint"], fingerprint)
        self.assertEqual([b["address"] for b in key["bindings"]], ["reporter@example.org"])
        self.assertEqual(os.stat(os.path.join(self.dir, "state")).st_mode & 0o777, 0o700)
        self.assertEqual(self.json("key", "show", "reporter@example.org")["fingerprint"],
                         fingerprint)

    def test_import_key_refuses_a_key_for_another_address_and_binds_nothing(self):
        self.add_acme()
        key_file, fingerprint = self.gen_key("someone@elsewhere.example")
        self.refused("vendor", "import-key", "acme", "psirt@acme.example", key_file,
                     message="no usable imported key has a user ID for psirt@acme.example")
        self.assertIsNone(self.json("vendor", "show", "acme")["contacts"][0]["key_fingerprint"])
        keys = {k["fingerprint"]: k for k in self.json("key", "list")}
        self.assertEqual(keys[fingerprint]["bindings"], [])
        # Not a contact of the vendor: refused before anything is imported or bound.
        self.refused("vendor", "import-key", "acme", "someone@elsewhere.example", key_file,
                     message="vendor acme has no contact someone@elsewhere.example")
        self.refused("vendor", "import-key", "acme", "psirt@acme.example",
                     os.path.join(self.dir, "missing.asc"), message="cannot read")

    def test_import_key_refuses_a_key_that_cannot_encrypt(self):
        self.add_acme()
        home = tempfile.mkdtemp(prefix="gnupg-", dir=self.dir)
        env = dict(os.environ, GNUPGHOME=home)
        subprocess.run(["gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
                        "--quick-gen-key", "Sign Only <psirt@acme.example>", "ed25519", "sign",
                        "never"], check=True, capture_output=True, env=env, timeout=TIMEOUT)
        armored = subprocess.run(["gpg", "--batch", "--armor", "--export"], check=True,
                                 capture_output=True, text=True, env=env, timeout=TIMEOUT).stdout
        subprocess.run(["gpgconf", "--kill", "all"], env=env, capture_output=True)
        self.refused("vendor", "import-key", "acme", "psirt@acme.example", "-", stdin=armored,
                     message="(cannot encrypt)")
        self.assertIsNone(self.json("vendor", "show", "acme")["contacts"][0]["key_fingerprint"])

    def test_add_contact_with_a_key_file_binds_it(self):
        self.add_acme()
        key_file, fingerprint = self.gen_key("cert@acme.example")
        with open(key_file, encoding="ascii") as f:
            armored = f.read()
        added = self.json("vendor", "add-contact", "acme", "cert@acme.example", "--key-file", "-",
                          stdin=armored)
        self.assertEqual(added["contacts"][2]["address"], "cert@acme.example")
        self.assertEqual(added["contacts"][2]["key_fingerprint"], fingerprint)
        keys = {k["fingerprint"]: k for k in self.json("key", "list")}
        self.assertEqual([b["address"] for b in keys[fingerprint]["bindings"]],
                         ["cert@acme.example"])
        # A key for another address: the contact is not added either.
        other_file, _ = self.gen_key("other@acme.example")
        self.refused("vendor", "add-contact", "acme", "new@acme.example", "--key-file", other_file,
                     message="no usable imported key has a user ID for new@acme.example")
        self.assertNotIn("new@acme.example",
                         [c["address"] for c in self.json("vendor", "show", "acme")["contacts"]])

    # --- deadlines

    def test_deadlines_on_an_empty_index(self):
        result = self.run_cvdctl("deadlines")
        self.assertEqual(result.returncode, 3)
        self.assertIn("no state in", result.stderr)
        self.run_daemon_once()
        self.assertEqual(self.ok("deadlines"), "no scheduled deadlines\n")
        self.assertEqual(self.json("deadlines"),
                         {"deadlines": [], "truncated": False, "scheduled": 0})
        self.assertEqual(self.json("deadlines", "--due-before", "2026-12-01", "--limit", "5"),
                         {"deadlines": [], "truncated": False, "scheduled": 0,
                          "due_before": "2026-11-30T15:00:00Z"})  # Tokyo midnight, UTC+9

    def test_deadlines_due_before_is_parsed_strictly(self):
        self.add_acme()
        self.assertEqual(
            self.json("deadlines", "--due-before", "2026-03-01T12:34:56Z")["due_before"],
            "2026-03-01T12:34:56Z")
        for bad in ("2026-02-30", "2026-1-5", "tomorrow", "2026-03-01T24:00:00Z",
                    "2026-03-01T12:34:56", "2026-03-01 12:34:56Z", "2026-03-01T12:34:56+09:00"):
            with self.subTest(bad=bad):
                self.refused("deadlines", "--due-before", bad, message="--due-before")
        self.refused("deadlines", "--limit", "0", message="--limit must be at least 1")

    def schedule(self, rows):
        """rows: (case, kind, vendor or "-", local date, due as ISO-8601 UTC)."""
        self.assertTrue(SCHEDULE, "SCHEDULE_DEADLINES_BIN is not set")
        lines = "".join(
            f"{case} {kind} {vendor} {date} "
            f"{calendar.timegm(time.strptime(due, '%Y-%m-%dT%H:%M:%SZ'))}\n"
            for case, kind, vendor, date, due in rows)
        subprocess.run([SCHEDULE, os.path.join(self.dir, "state", "db")], input=lines, text=True,
                       check=True, timeout=TIMEOUT)

    def test_deadlines_in_due_order_bounded_and_limited(self):
        self.run_daemon_once()
        # Tokyo deadlines: a local date begins at 15:00 UTC the day before.
        self.schedule([
            ("CVD#00000002", "publication-due", "-", "2026-03-10", "2026-03-09T15:00:00Z"),
            ("CVD#00000001", "unreachable", "acme", "2026-05-01", "2026-04-30T15:00:00Z"),
            ("CVD#00000003", "publication-reminder", "-", "2026-03-10", "2026-03-09T15:00:00Z"),
            ("CVD#00000001", "unresponsive-reminder", "acme", "2026-02-08",
             "2026-02-07T15:00:00Z"),
        ])
        listed = self.json("deadlines")
        self.assertEqual(listed["scheduled"], 4)
        self.assertFalse(listed["truncated"])
        self.assertEqual(listed["deadlines"][0], {
            "case_id": "CVD#00000001", "kind": "unresponsive-reminder", "vendor_id": "acme",
            "date": "2026-02-08", "due": "2026-02-07T15:00:00Z",
            "key": "unresponsive-reminder/acme/2026-02-08", "retry": None})
        self.assertEqual([(d["case_id"], d["kind"], d["vendor_id"], d["date"], d["due"])
                          for d in listed["deadlines"]], [
            ("CVD#00000001", "unresponsive-reminder", "acme", "2026-02-08",
             "2026-02-07T15:00:00Z"),
            ("CVD#00000002", "publication-due", "", "2026-03-10", "2026-03-09T15:00:00Z"),
            ("CVD#00000003", "publication-reminder", "", "2026-03-10", "2026-03-09T15:00:00Z"),
            ("CVD#00000001", "unreachable", "acme", "2026-05-01", "2026-04-30T15:00:00Z")])

        def due_before(bound):
            return [d["key"] for d in self.json("deadlines", "--due-before", bound)["deadlines"]]
        # A date is the start of that day in Tokyo, and the bound is strict.
        self.assertEqual(due_before("2026-03-10"), ["unresponsive-reminder/acme/2026-02-08"])
        self.assertEqual(len(due_before("2026-03-11")), 3)
        self.assertEqual(due_before("2026-03-09T15:00:00Z"),
                         ["unresponsive-reminder/acme/2026-02-08"])
        self.assertEqual(len(due_before("2026-03-09T15:00:01Z")), 3)
        self.assertEqual(self.ok("deadlines", "--due-before", "2026-01-01"),
                         "no deadlines due before 2025-12-31T15:00:00Z (4 scheduled)\n")

        limited = self.json("deadlines", "--limit", "2")
        self.assertTrue(limited["truncated"])
        self.assertEqual([d["case_id"] for d in limited["deadlines"]],
                         ["CVD#00000001", "CVD#00000002"])
        self.assertFalse(self.json("deadlines", "--limit", "4")["truncated"])

        lines = self.ok("deadlines", "--limit", "3").splitlines()
        self.assertEqual(lines[0].split(), ["DUE", "(UTC)", "DATE", "CASE", "KIND", "VENDOR"])
        self.assertEqual(lines[1].split(), ["2026-02-07T15:00:00Z", "2026-02-08", "CVD#00000001",
                                            "unresponsive-reminder", "acme"])
        self.assertEqual(lines[2].split(), ["2026-03-09T15:00:00Z", "2026-03-10", "CVD#00000002",
                                            "publication-due", "-"])
        self.assertEqual(len(lines), 5)
        self.assertIn("showing the first 3 of 4", lines[4])
        for column in ("DATE", "CASE", "KIND", "VENDOR"):
            start = lines[0].index(column)
            for line in lines[1:4]:
                self.assertNotEqual(line[start], " ", f"{column}: {line!r}")
                self.assertEqual(line[start - 1], " ", f"{column}: {line!r}")


class DeadlinesInNewYork(RegistryTestCase):
    """A date bound is the start of that day in the configured zone, DST included."""
    timezone = "America/New_York"

    def test_a_date_is_the_local_start_of_day(self):
        self.add_acme()
        # EST in winter (UTC-5), EDT in summer (UTC-4).
        self.assertEqual(self.json("deadlines", "--due-before", "2026-01-15")["due_before"],
                         "2026-01-15T05:00:00Z")
        self.assertEqual(self.json("deadlines", "--due-before", "2026-07-15")["due_before"],
                         "2026-07-15T04:00:00Z")


if __name__ == "__main__":
    unittest.main()
