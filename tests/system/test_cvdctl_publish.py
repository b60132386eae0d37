"""`cvdctl publish` and the daemon's own regeneration of the published site (issue 12 item
1) against a real state: `cvdd --once` opens two cases from reports in a Maildir, the real
cvdctl publishes one and leaves the other scheduled. The site must hold the published case
(its CSAF document passing the BSI's validator, tests/csaf/validate.mjs), the CSAF provider
files and the statistics, and nothing of the unpublished case. A long-running cvdd (not
--once) renders the site by itself after a cvdctl command changed a published case.
python3 stdlib and node. Env: CVDCTL_BIN, CVDD_BIN, CVDD_NODE."""

import csv
import glob
import json
import os
import re
import shutil
import subprocess
import time
import unittest

from cvdctl_config import maildir_state, remove_state, run_cvdctl

CVDCTL = os.environ.get("CVDCTL_BIN", "")
CVDD = os.environ.get("CVDD_BIN", "")
NODE = os.environ.get("CVDD_NODE", "")
VALIDATOR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "csaf",
                         "validate.mjs")
TIMEOUT = 120
REFUSED = 4
BASE_URL = "https://cvd.cert.example"


def report(n: int, product: str) -> bytes:
    return (f"From: Hanako Yamada <hanako{n}@reporter.example>\r\n"
            "To: vendors@cert.example\r\n"
            f"Subject: SECRET-SUBJECT-{n} RCE in {product}\r\n"
            f"Message-ID: <r{n}@reporter.example>\r\n"
            "Date: Mon, 07 Dec 2026 09:00:00 +0900\r\n"
            "Content-Type: text/plain; charset=UTF-8\r\n"
            "\r\n"
            "Reporter: Hanako Yamada\r\n"
            f"Contact: hanako{n}@reporter.example\r\n"
            "May my name and address be passed to the vendor: no\r\n"
            f"Product: {product}\r\n"
            f"Vulnerability: SECRET-REPORT-STEPS-{n} send a crafted header\r\n").encode()


class PublishedSite(unittest.TestCase):
    """Case "published" (acme and beta state their status) and case "scheduled" (a date is
    set, nothing is published)."""

    def setUp(self):
        self.assertTrue(CVDCTL and CVDD, "CVDCTL_BIN and CVDD_BIN must be set")
        self.dir, self.config = maildir_state("cvdctl-publish-")
        with open(self.config, "a", encoding="utf-8") as f:
            f.write(f'\n[publication]\ndir = "site"\nbase_url = "{BASE_URL}/"\n')
        self.site = os.path.join(self.dir, "site")
        for n, product in ((1, "FooCMS"), (2, "BarWiki")):
            with open(os.path.join(self.dir, "inbox", "new", f"{n}.report"), "wb") as f:
                f.write(report(n, product))
        daemon = subprocess.run([CVDD, "--config", self.config, "--once"], capture_output=True,
                                text=True, timeout=TIMEOUT)
        self.assertEqual(daemon.returncode, 0, daemon.stderr)
        cases = {c["subject"].split()[0]: c["id"] for c in self.json("case", "list")}
        self.published = cases["SECRET-SUBJECT-1"]
        self.scheduled = cases["SECRET-SUBJECT-2"]
        for vid, org, product in (("acme", "ACME Corp.", "FooCMS"),
                                  ("beta", "Beta Systems", "Beta Portal")):
            self.json("vendor", "add", vid, "--org", org, "--contact", f"psirt@{vid}.example",
                      "--product", product, "--language", "en")
        self.coordinate(self.published, "Remote code execution in FooCMS")
        self.coordinate(self.scheduled, "SECRET-UNPUBLISHED-TITLE")
        self.json("case", "vendor-statement", self.published, "acme", "--status", "affected",
                  "--comment", "Fixed in FooCMS 2.2.", "--fix-available")
        self.json("case", "vendor-statement", self.published, "beta", "--status",
                  "not-affected")
        self.json("case", "set-date", self.scheduled, "2027-06-01")
        self.json("case", "set-date", self.published, "2027-06-01")
        self.json("case", "publish", self.published, "--force", "--reason", "test")

    def coordinate(self, case_id, title):
        self.json("case", "accept", case_id)
        for vid in ("acme", "beta"):
            self.json("case", "add-vendor", case_id, vid)
        self.json("case", "edit", case_id, "--title", title,
                  "--summary", "An unauthenticated attacker runs code.",
                  "--details", f"SECRET-DETAILS-{case_id}")
        for vid in ("acme", "beta"):
            self.json("case", "send-details", case_id, vid, "--skip-summary")

    def tearDown(self):
        remove_state(self.dir)

    def run_cvdctl(self, *args):
        return run_cvdctl(CVDCTL, self.config, *args, timeout=TIMEOUT)

    def json(self, *args):
        result = self.run_cvdctl(*args, "--json")
        self.assertEqual(result.returncode, 0, f"{args}: {result.stdout}{result.stderr}")
        return json.loads(result.stdout)

    def files(self):
        out = {}
        for root, _dirs, names in os.walk(self.site):
            for name in names:
                path = os.path.join(root, name)
                with open(path, "rb") as f:
                    out[os.path.relpath(path, self.site)] = f.read()
        return out

    def csaf_documents(self):
        return sorted(os.path.relpath(p, os.path.join(self.site, "csaf"))
                      for p in glob.glob(os.path.join(self.site, "csaf", "*", "*.json")))

    def check_site(self, version: str):
        files = self.files()
        for path in ("index.html", "index.ja.html", "stats/index.html", "stats/index.ja.html",
                     "stats/stats.json", "csaf/provider-metadata.json", "csaf/index.txt",
                     "csaf/changes.csv"):
            self.assertIn(path, files)
        # The published case: listed with its link, its one CSAF document indexed.
        slug = self.published.replace("#", "-")
        for page, name in (("index.html", "index.html"), ("index.ja.html", "index.ja.html")):
            text = files[page].decode()
            self.assertIn(f'href="advisories/{slug}/{name}"', text)
            self.assertIn("Remote code execution in FooCMS", text)
        [document] = self.csaf_documents()
        self.assertRegex(document, r"^\d{4}/cvd_\d{8}\.json$")
        self.assertEqual(files["csaf/index.txt"].decode(), document + "\n")
        doc = json.loads(files["csaf/" + document])
        tracking = doc["document"]["tracking"]
        self.assertEqual((tracking["id"], tracking["version"]), (self.published, version))
        self.assertEqual(list(csv.reader(files["csaf/changes.csv"].decode().splitlines())),
                         [[document, tracking["current_release_date"]]])
        self.assertIn({"category": "self", "summary": "This document (canonical URL)",
                       "url": f"{BASE_URL}/csaf/{document}"}, doc["document"]["references"])
        meta = json.loads(files["csaf/provider-metadata.json"])
        self.assertEqual(meta["canonical_url"], f"{BASE_URL}/csaf/provider-metadata.json")
        self.assertEqual(meta["distributions"], [{"directory_url": f"{BASE_URL}/csaf/"}])
        self.assertEqual((meta["role"], meta["metadata_version"]), ("csaf_provider", "2.0"))
        self.assertEqual(meta["publisher"], doc["document"]["publisher"])
        self.assertEqual(meta["last_updated"], tracking["current_release_date"])
        self.assertEqual(json.loads(files["stats/stats.json"])["total"]["published"], 1)
        # Nothing of the scheduled case, nor anything confidential of the published one.
        scheduled_number = self.scheduled.split("#")[1]
        for path, data in files.items():
            self.assertNotIn(scheduled_number, path)
            for secret in (b"SECRET", b"Hanako", b"hanako", b"psirt@",
                           scheduled_number.encode()):
                self.assertNotIn(secret, data, f"{secret!r} in {path}")
        # Nothing left beside the site but its lock file and the stamp of the last whole
        # render (what a restarted cvdd goes on from).
        self.assertEqual(sorted(n for n in os.listdir(self.dir) if n.startswith(".site")),
                         [".site.lock", ".site.rendered"])
        self.validate([os.path.join(self.site, "csaf", d) for d in self.csaf_documents()])

    def validate(self, paths):
        self.assertTrue(NODE, "node is needed for the CSAF validator (scripts/install-deps)")
        result = subprocess.run([NODE, VALIDATOR, *paths], capture_output=True, text=True,
                                timeout=TIMEOUT)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_publish_writes_the_published_case_and_nothing_of_the_other(self):
        written = self.json("publish")
        self.assertEqual((written["published_cases"], written["problems"]), (1, []))
        self.assertEqual(written["files_written"], len(self.files()))
        self.check_site("1")

        refused = self.run_cvdctl("publish", "--case", self.scheduled)
        self.assertEqual(refused.returncode, REFUSED, refused.stdout + refused.stderr)
        unknown = self.run_cvdctl("publish", "--case", "CVD#00000000")
        self.assertEqual(unknown.returncode, 1, unknown.stdout + unknown.stderr)
        self.check_site("1")  # a refused partial publication changed nothing

        # A status change after publication: --case rewrites that case and the indexes (here,
        # the one published case: everything) and keeps the rest (SiteWriter unit tests and
        # bench/publish_bench keep other cases' files).
        self.json("case", "vendor-statement", self.published, "beta", "--status", "affected",
                  "--comment", "Beta Portal embeds FooCMS.")
        before = self.files()
        partial = self.json("publish", "--case", self.published)
        self.assertEqual((partial["files_written"], partial["files_kept"]), (len(before), 0))
        self.check_site("2")
        self.assertEqual(self.files()["stats/stats.json"], before["stats/stats.json"])

    def test_the_running_daemon_renders_the_site_by_itself(self):
        # A cycle every second: the daemon is woken by nothing cvdctl does.
        with open(self.config, encoding="utf-8") as f:
            text = f.read()
        with open(self.config, "w", encoding="utf-8") as f:
            f.write(text.replace('url = "maildir:inbox"', 'url = "maildir:inbox"\npoll_interval = 1'))
        # A file where the site should be (cvdd --once in setUp rendered it: remove that):
        # the render fails, is logged, and cvdd goes on.
        shutil.rmtree(self.site)
        with open(self.site, "w", encoding="utf-8") as f:
            f.write("in the way")
        log_path = os.path.join(self.dir, "cvdd.log")
        with open(log_path, "wb") as log:
            proc = subprocess.Popen([CVDD, "--config", self.config], stdout=log,
                                    stderr=subprocess.STDOUT)
        try:
            self.wait_log(log_path, r"SITE_PUBLISH_FAILED .*not a directory", 1)
            self.assertIsNone(proc.poll(), "cvdd exited")
            with open(self.site, encoding="utf-8") as f:
                self.assertEqual(f.read(), "in the way")  # left as it was
            os.remove(self.site)
            # Retried at a later cycle without anything changing in the state.
            self.wait_log(log_path, r"SITE_PUBLISHED .*cases=1 .*", 1)
            self.check_site("1")
            # cvdctl changes the published case; the daemon's next cycle renders it again.
            self.json("case", "vendor-statement", self.published, "beta", "--status",
                      "affected", "--comment", "Beta Portal embeds FooCMS.")
            deadline = time.monotonic() + 60
            while self.document_version() != "2" and time.monotonic() < deadline:
                time.sleep(0.2)
            self.check_site("2")
            self.assertIsNone(proc.poll(), "cvdd exited")
        finally:
            proc.terminate()
            proc.wait(timeout=60)
        with open(log_path, encoding="utf-8", errors="replace") as f:
            log_text = f.read()
        self.assertNotIn("DAEMON_FAILED", log_text)
        self.assertEqual(proc.returncode, 0, log_text)

    def document_version(self):
        documents = self.csaf_documents()
        if len(documents) != 1:
            return None
        with open(os.path.join(self.site, "csaf", documents[0]), encoding="utf-8") as f:
            return json.load(f)["document"]["tracking"]["version"]

    def wait_log(self, path, pattern, count, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(path, encoding="utf-8", errors="replace") as f:
                if len(re.findall(pattern, f.read())) >= count:
                    return
            time.sleep(0.2)
        with open(path, encoding="utf-8", errors="replace") as f:
            self.fail(f"{pattern} not logged {count} times:\n{f.read()}")


if __name__ == "__main__":
    unittest.main()
