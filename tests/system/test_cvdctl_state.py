"""`cvdctl storage`, `backup`, `restore` and `quarantine purge` against a fresh state: the
real cvdctl on a minimal config in a temp dir. python3 stdlib only. Env: CVDCTL_BIN,
SEED_QUARANTINE_BIN (a test helper that quarantines messages as the daemon's intake would,
since nothing on the command line does)."""

import fcntl
import glob
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from cvdctl_config import CONFIG

CVDCTL = os.environ.get("CVDCTL_BIN", "")
SEED = os.environ.get("SEED_QUARANTINE_BIN", "")
TIMEOUT = 60


# INBOX_KEY STATE DAYS_AGO CASE_ID|- SIZE FILL: the last two rejected lines share bytes.
QUARANTINE = """\
maildir:old rejected 10 - 50000 a
maildir:new rejected 0 - 40000 b
maildir:pending pending 20 - 30000 c
maildir:accepted accepted 20 CVD#00000001 20000 d
maildir:flood-1 rejected 3 CVD#00000001 10000 e
maildir:flood-2 rejected 3 - 10000 e
"""


class StateTestCase(unittest.TestCase):
    def setUp(self):
        self.assertTrue(CVDCTL, "CVDCTL_BIN is not set")
        self.dir = tempfile.mkdtemp(prefix="cvdctl-state-")
        self.config = os.path.join(self.dir, "cvdd.toml")
        with open(self.config, "w", encoding="utf-8") as f:
            f.write(CONFIG.format(timezone="Asia/Tokyo"))
        self.db = os.path.join(self.dir, "state", "db")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def run_cvdctl(self, *args):
        env = dict(os.environ, CVDD_OPERATOR="tester")
        return subprocess.run([CVDCTL, "--config", self.config, *args], capture_output=True,
                              text=True, timeout=TIMEOUT, env=env, cwd=self.dir)

    def ok(self, *args):
        result = self.run_cvdctl(*args)
        self.assertEqual(result.returncode, 0, f"{args}: {result.stderr}")
        return result.stdout

    def json(self, *args):
        return json.loads(self.ok(*args, "--json"))

    def failed(self, *args, code, message):
        result = self.run_cvdctl(*args)
        self.assertEqual(result.returncode, code, f"{args}: {result.stdout}{result.stderr}")
        self.assertIn(message, result.stderr)
        return result

    def add_vendor(self, vendor_id):
        self.ok("vendor", "add", vendor_id, "--org", vendor_id.upper(), "--contact",
                f"psirt@{vendor_id}.example")

    def vendors(self):
        return [v["id"] for v in self.json("vendor", "list")]

    def seed_quarantine(self):
        self.assertTrue(SEED, "SEED_QUARANTINE_BIN is not set")
        subprocess.run([SEED, self.db], input=QUARANTINE, text=True, check=True,
                       timeout=TIMEOUT)

    def quarantine_ids(self):
        return [item["id"] for item in self.json("quarantine", "list", "--all")]


class Storage(StateTestCase):
    def test_shows_the_map_and_the_byte_totals(self):
        self.failed("storage", code=3, message="no state in")
        self.add_vendor("acme")
        shown = self.json("storage")
        self.assertEqual(shown["raw_message_bytes"], 0)
        self.assertEqual(shown["quarantined_bytes"], 0)
        self.assertGreater(shown["map_size"], shown["used_bytes"])
        self.assertIsNone(shown["last_quarantine_purge"])
        self.seed_quarantine()
        shown = self.json("storage")
        self.assertEqual(shown["raw_message_bytes"], 50000 + 40000 + 30000 + 20000 + 10000)
        self.assertEqual(shown["quarantined_bytes"], 50000 + 40000 + 30000 + 20000 + 2 * 10000)
        self.assertIn("Raw messages: 146.5 KiB", self.ok("storage"))


class Backup(StateTestCase):
    def test_writes_a_private_copy_and_never_replaces_a_file_unasked(self):
        self.add_vendor("acme")
        written = self.json("backup", "cvdd.backup")
        path = os.path.join(self.dir, "cvdd.backup")
        self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)
        self.assertEqual(written["bytes"], os.path.getsize(path))
        self.assertFalse(os.path.exists(path + ".tmp"))
        self.failed("backup", "cvdd.backup", code=1, message="use --force to replace it")
        self.add_vendor("beta")
        self.ok("backup", "cvdd.backup", "--force")
        self.failed("backup", os.path.join(self.db, "copy"), code=1,
                    message="the store's own directory")


class Restore(StateTestCase):
    def backed_up_acme(self):
        self.add_vendor("acme")
        self.ok("backup", "cvdd.backup")
        self.add_vendor("beta")  # after the backup: a restore takes it away
        return os.path.join(self.dir, "cvdd.backup")

    def test_refused_while_cvdd_holds_the_state_lock(self):
        backup = self.backed_up_acme()
        with open(os.path.join(self.dir, "state", "cvdd.lock"), "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as the running daemon does
            self.failed("restore", backup, code=5, message="cvdd is running on")
        self.assertEqual(self.vendors(), ["acme", "beta"])

    def test_puts_back_exactly_the_backup_and_keeps_what_it_replaced(self):
        backup = self.backed_up_acme()
        restored = self.json("restore", backup)
        self.assertEqual(restored["cases"], 0)
        kept = restored["kept_as"]
        self.assertRegex(os.path.basename(kept), r"^data\.mdb\.before-restore-\d{8}T\d{6}Z$")
        self.assertTrue(os.path.isfile(kept))
        self.assertEqual(self.vendors(), ["acme"])
        self.assertIn("the replaced environment was not kept",
                      self.ok("restore", backup, "--no-keep"))
        self.assertEqual(len(glob.glob(os.path.join(self.db, "data.mdb.before-restore-*"))), 1)
        self.assertEqual(self.vendors(), ["acme"])

    def test_a_file_that_is_no_backup_changes_nothing(self):
        self.add_vendor("acme")
        garbage = os.path.join(self.dir, "garbage")
        with open(garbage, "wb") as f:
            f.write(b"not a store" * 1000)
        self.failed("restore", garbage, code=1, message="is not an LMDB environment")
        self.failed("restore", "missing", code=1, message="cannot read")
        self.assertEqual(self.vendors(), ["acme"])


class Purge(StateTestCase):
    def setUp(self):
        super().setUp()
        self.add_vendor("acme")
        self.seed_quarantine()

    def test_a_state_must_be_named(self):
        self.assertNotEqual(self.run_cvdctl("quarantine", "purge").returncode, 0)
        self.assertNotEqual(self.run_cvdctl("quarantine", "purge", "--state", "old").returncode, 0)
        self.assertEqual(self.quarantine_ids(), [1, 2, 3, 4, 5, 6])

    def test_dry_run_shows_what_would_go_and_changes_nothing(self):
        text = self.ok("quarantine", "purge", "--state", "rejected", "--older-than", "5",
                       "--dry-run")
        self.assertIn("would remove quarantine item 1 (rejected", text)
        self.assertIn("dry run: would purge 1 item", text)
        self.assertEqual(self.quarantine_ids(), [1, 2, 3, 4, 5, 6])
        self.assertIsNone(self.json("storage")["last_quarantine_purge"])

    def test_purges_the_selection_and_frees_only_bytes_nothing_else_holds(self):
        purged = self.json("quarantine", "purge", "--state", "rejected", "--older-than", "5",
                           "--as", "alice")
        self.assertEqual([i["id"] for i in purged["items"]], [1])
        self.assertEqual(purged["freed_bytes"], 50000)
        self.assertEqual(purged["operator"], "alice")
        self.assertEqual(self.quarantine_ids(), [2, 3, 4, 5, 6])

        purged = self.json("quarantine", "purge", "--state", "decided")
        freed = {i["id"]: (i["freed_bytes"], i["raw_kept_because"]) for i in purged["items"]}
        self.assertEqual(freed, {
            2: (40000, ""),
            4: (0, "case CVD#00000001 counts it as an authenticated message"),
            5: (0, "another message has the same bytes"),
            6: (10000, ""),
        })
        self.assertEqual(self.quarantine_ids(), [3])  # pending evidence stays
        storage = self.json("storage")
        self.assertEqual(storage["raw_message_bytes"], 30000 + 20000)
        self.assertEqual(storage["quarantined_bytes"], 30000)
        last = storage["last_quarantine_purge"]
        self.assertEqual((last["by"], last["items"], last["freed_bytes"]), ("tester", 4, 50000))
        self.assertEqual(last["selection"], "state decided, older than 0 days")
        # The case still names both messages; its timeline says what became of them.
        notes = [e["note"] for e in self.json("case", "show", "CVD#00000001")["timeline"]]
        self.assertEqual(notes, [
            "quarantine item 4 purged by tester; raw message kept: case CVD#00000001 counts "
            "it as an authenticated message",
            "quarantine item 5 purged by tester; raw message kept: another message has the "
            "same bytes"])

        text = self.ok("quarantine", "purge", "--state", "all")
        self.assertIn("removed quarantine item 3 (pending", text)
        self.assertIn("purged 1 item", text)
        self.assertEqual(self.quarantine_ids(), [])


if __name__ == "__main__":
    unittest.main()
