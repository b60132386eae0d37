"""Upgrades with the real binaries (issue 14 item 3): the stores of the checked-in dumps
(tests/store/dumps/) loaded with mdb_load under a fresh config. cvdctl refuses a schema-1
store (exit 6, naming both versions) and leaves it alone; cvdd killed in the middle of the
upgrade leaves schema 1; cvdd then upgrades it (STORE_MIGRATED) and cvdctl reads the cases;
the copy cvdd kept before the upgrade restores the schema-1 store byte for byte;
a newer store is refused by both, naming the versions. python3 stdlib, lmdb-utils.
Env: CVDCTL_BIN, CVDD_BIN, MDB_LOAD, MDB_DUMP; CVDD_TEST_HOOKS=1 when cvdd has the crash
points (the kill in the middle of the upgrade needs them)."""

import os
import subprocess
import unittest

from cvdctl_config import CvdctlCalls, maildir_state

CVDCTL = os.environ.get("CVDCTL_BIN", "")
CVDD = os.environ.get("CVDD_BIN", "")
MDB_LOAD = os.environ.get("MDB_LOAD", "mdb_load")
MDB_DUMP = os.environ.get("MDB_DUMP", "mdb_dump")
HOOKS = os.environ.get("CVDD_TEST_HOOKS") == "1"
DUMPS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "store",
                     "dumps")
TIMEOUT = 300
SCHEMA_KEY = " " + b"schema".hex()  # mdb_dump's hex lines start with a space


def with_schema(dump: str, schema: str) -> str:
    """The dump's text with meta's schema value replaced."""
    lines = dump.splitlines(keepends=True)
    index = lines.index(SCHEMA_KEY + "\n")
    lines[index + 1] = " " + schema.encode().hex() + "\n"
    return "".join(lines)


class StoreUpgrade(CvdctlCalls, unittest.TestCase):
    CVDCTL = CVDCTL

    def setUp(self):
        self.assertTrue(CVDCTL and CVDD, "CVDCTL_BIN and CVDD_BIN must be set")
        self.dir, self.config = maildir_state("cvdd-upgrade-")
        self.db = os.path.join(self.dir, "state", "db")

    def load(self, name: str, schema: str | None = None):
        with open(os.path.join(DUMPS, name), encoding="ascii") as f:
            text = f.read()
        if schema is not None:
            text = with_schema(text, schema)
        os.makedirs(self.db, mode=0o700)
        subprocess.run([MDB_LOAD, self.db], input=text, text=True, check=True, timeout=TIMEOUT)

    def dump(self) -> str:
        return subprocess.run([MDB_DUMP, "-a", self.db], capture_output=True, text=True,
                              check=True, timeout=TIMEOUT).stdout

    def schema(self) -> str:
        lines = self.dump().splitlines()
        return bytes.fromhex(lines[lines.index(SCHEMA_KEY) + 1].strip()).decode()

    def cvdd(self, **env):
        return subprocess.run([CVDD, "--config", self.config, "--once"], capture_output=True,
                              text=True, timeout=TIMEOUT, env=dict(os.environ, **env))

    def test_cvdctl_refuses_until_cvdd_has_upgraded_and_a_crash_keeps_schema_1(self):
        self.load("schema-1.dump")
        before = self.dump()
        refused = self.run_cvdctl("case", "list")
        self.assertEqual(refused.returncode, 6, refused.stdout + refused.stderr)
        self.assertIn(f"cvdctl: store {self.db} has store schema 1; cvdd ", refused.stderr)
        self.assertIn("uses schema 2: start (or restart) cvdd", refused.stderr)
        self.assertEqual(self.dump(), before, "cvdctl changed the store")

        if HOOKS:  # killed after the upgrade's work, before its commit
            crashed = self.cvdd(CVDD_TEST_CRASH_AT="in-store-upgrade")
            self.assertEqual(crashed.returncode, -9, crashed.stderr)
            self.assertIn("TEST_CRASH_POINT reached", crashed.stderr)
            self.assertNotIn("STORE_MIGRATED", crashed.stderr)
            self.assertEqual(self.schema(), "1")
        upgraded = self.cvdd()
        self.assertEqual(upgraded.returncode, 0, upgraded.stderr)
        copy = os.path.join(self.dir, "state", "db.schema-1.before-upgrade.mdb")
        self.assertIn(f"STORE_MIGRATED dir={self.db} from=1 to=2 copy={copy}", upgraded.stderr)
        self.assertEqual(self.schema(), "2")
        cases = self.json("case", "list")
        self.assertEqual(sorted(c["language"] for c in cases), ["en", "ja"])
        self.ok("todo")
        again = self.cvdd()
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertNotIn("STORE_MIGRATED", again.stderr)

        # Going back: the copy cvdd kept is the schema-1 store, and restores as one.
        self.assertEqual(os.stat(copy).st_mode & 0o777, 0o600)
        restored = self.run_cvdctl("restore", copy, "--json")
        self.assertEqual(restored.returncode, 0, restored.stdout + restored.stderr)
        self.assertIn('"schema":1', restored.stdout.replace(" ", ""))
        self.assertEqual(self.dump(), before)

    def test_a_newer_store_is_refused_by_cvdctl_and_cvdd(self):
        self.load("schema-2.dump", schema="3")
        before = self.dump()
        refused = self.run_cvdctl("case", "list")
        self.assertEqual(refused.returncode, 6, refused.stdout + refused.stderr)
        self.assertIn(f"cvdctl: store {self.db} has store schema 3; cvdd ", refused.stderr)
        self.assertIn("reads schema 2 and older: upgrade cvdd", refused.stderr)
        daemon = self.cvdd()
        self.assertEqual(daemon.returncode, 1, daemon.stderr)
        self.assertIn("DAEMON_FAILED", daemon.stderr)
        self.assertIn(f"store {self.db} has store schema 3", daemon.stderr)
        self.assertEqual(self.dump(), before, "a refusing binary changed the store")

    def test_the_current_schema_opens_in_both(self):
        self.load("schema-2.dump")
        self.assertEqual(len(self.json("case", "list")), 2)
        daemon = self.cvdd()
        self.assertEqual(daemon.returncode, 0, daemon.stderr)
        self.assertNotIn("STORE_MIGRATED", daemon.stderr)


if __name__ == "__main__":
    unittest.main()
