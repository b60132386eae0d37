"""`cvdctl stats` against a real state: cvdd --once opens three cases from reports in a
Maildir at chosen instants (the movable clock, $CVDD_TEST_CLOCK_FILE), the real cvdctl takes
them through accept, stop, details, date, priority provision, publication and an unreachable
vendor at other instants, and the figures of `cvdctl stats --json` are checked, including
the Tokyo quarter boundary (a report received 2026-04-01 00:30 JST is 2026-03-31 in UTC).
python3 stdlib only. Env: CVDCTL_BIN, CVDD_BIN (both built with CVDD_TEST_HOOKS)."""

import calendar
import json
import os
import shutil
import subprocess
import time
import unittest

from cvdctl_config import maildir_state

CVDCTL = os.environ.get("CVDCTL_BIN", "")
CVDD = os.environ.get("CVDD_BIN", "")
TIMEOUT = 120


def utc(text):
    """Seconds since the epoch of a UTC 'YYYY-MM-DD HH:MM'."""
    return calendar.timegm(time.strptime(text, "%Y-%m-%d %H:%M"))


def report(n, subject):
    return (f"From: Reporter {n} <r{n}@reporter.example>\r\n"
            "To: vendors@cert.example\r\n"
            f"Subject: {subject}\r\n"
            f"Message-ID: <stats{n}@reporter.example>\r\n"
            "Date: Tue, 31 Mar 2026 23:00:00 +0900\r\n"
            "Content-Type: text/plain; charset=UTF-8\r\n"
            "\r\n"
            f"Product: Foo {n}\r\nVulnerability: overflow number {n}\r\n").encode()


class StatsTestCase(unittest.TestCase):
    def setUp(self):
        self.assertTrue(CVDCTL and CVDD, "CVDCTL_BIN and CVDD_BIN must be set")
        self.dir, self.config = maildir_state("cvdctl-stats-")
        self.clock = os.path.join(self.dir, "clock")

    def tearDown(self):
        subprocess.run(["gpgconf", "--kill", "all"], capture_output=True,
                       env=dict(os.environ, GNUPGHOME=os.path.join(self.dir, "gnupg")))
        shutil.rmtree(self.dir, ignore_errors=True)

    def env(self):
        return dict(os.environ, CVDD_OPERATOR="tester", CVDD_TEST_CLOCK_FILE=self.clock)

    def at(self, when):
        with open(self.clock, "w", encoding="utf-8") as f:
            f.write(str(utc(when)))

    def receive(self, when, n, subject):
        self.at(when)
        with open(os.path.join(self.dir, "inbox", "new", f"{n}.report"), "wb") as f:
            f.write(report(n, subject))
        daemon = subprocess.run([CVDD, "--config", self.config, "--once"], capture_output=True,
                                text=True, timeout=TIMEOUT, env=self.env())
        self.assertEqual(daemon.returncode, 0, daemon.stderr)
        [case] = [c for c in self.json("case", "list") if c["subject"] == subject]
        return case["id"]

    def run_cvdctl(self, *args):
        return subprocess.run([CVDCTL, "--config", self.config, *args], capture_output=True,
                              text=True, timeout=TIMEOUT, env=self.env())

    def ok(self, *args):
        result = self.run_cvdctl(*args)
        self.assertEqual(result.returncode, 0, f"{args}: {result.stdout}{result.stderr}")
        return result.stdout

    def json(self, *args):
        return json.loads(self.ok(*args, "--json"))


class Stats(StatsTestCase):
    def setUp(self):
        super().setUp()
        # 23:30 JST on Mar 31 (Q1) twice; 00:30 JST on Apr 1 (Q2), still Mar 31 in UTC.
        self.published = self.receive("2026-03-31 14:30", 1, "published case")
        self.stopped = self.receive("2026-03-31 14:31", 2, "stopped case")
        self.open = self.receive("2026-03-31 15:30", 3, "open case")
        for vendor in ("acme", "beta"):
            self.ok("vendor", "add", vendor, "--org", vendor.upper(), "--contact",
                    f"psirt@{vendor}.example", "--language", "en")
        self.at("2026-03-31 14:45")  # 23:45 JST, Q1
        self.ok("case", "stop", self.stopped, "--reason", "out-of-scope")
        self.at("2026-04-01 01:00")  # Apr 1 10:00 JST
        pub = self.published
        self.ok("case", "accept", pub)
        self.ok("case", "accept", self.open)
        self.ok("case", "add-vendor", pub, "acme")
        self.ok("case", "edit", pub, "--details", "overflow in the Foo parser")
        self.ok("case", "send-details", pub, "acme", "--skip-summary")
        self.ok("case", "vendor-statement", pub, "acme", "--status", "affected",
                "--fix-available")
        self.ok("case", "set-date", pub, "2026-05-11")
        self.ok("case", "add-vendor", self.open, "beta")
        self.ok("case", "send-summary", self.open, "beta")
        self.at("2026-04-20 01:00")
        self.ok("case", "priority-provide", pub)
        self.ok("case", "unreachable", self.open, "beta", "--reason", "unknown-developer")
        self.at("2026-05-11 01:00")  # May 11 10:00 JST: 40 days after acceptance
        self.ok("case", "publish", pub)
        self.at("2026-07-15 01:00")

    def test_the_figures_per_quarter(self):
        stats = self.json("stats", "--from", "2026-01-01", "--to", "2026-07-01")
        self.assertEqual(stats["period"], {"from": "2026-01-01", "to": "2026-07-01",
                                           "time_zone": "Asia/Tokyo"})
        self.assertEqual(stats["publication_target_days"], 45)
        self.assertEqual([q["label"] for q in stats["quarters"]], ["2026-Q1", "2026-Q2"])
        q1, q2 = stats["quarters"]
        self.assertEqual(q1["received"], 2)
        self.assertEqual(q2["received"], 1)  # the Tokyo quarter, not the UTC one
        self.assertEqual(q1["stopped"]["by_reason"]["out-of-scope"], 1)
        self.assertEqual(q1["stopped"]["total"], 1)
        self.assertEqual(q1["accepted"], 0)
        self.assertEqual(q2["accepted"], 2)
        self.assertEqual(q2["published"], 1)
        self.assertEqual(q2["days_to_publication"]["cases"], 1)
        self.assertEqual(q2["days_to_publication"]["max"], 40)
        self.assertEqual(q2["days_to_publication"]["within_target"], 1)
        self.assertEqual(q2["days_to_publication"]["share_within_target"], 1.0)
        self.assertEqual(q2["priority_provisions"], 1)
        self.assertEqual(q2["open_past_target"], 1)  # accepted Apr 1, open on Jun 30
        self.assertEqual(q1["open_past_target"], 0)
        self.assertEqual(q2["unreachable"], {"listed": 1, "resumed": 0, "products_disclosed": 0,
                                             "published_after_committee": 0, "open": 1})
        self.assertEqual(q1["by_stage"]["published"], 1)
        self.assertEqual(q1["by_stage"]["stopped"], 1)
        self.assertEqual(q2["by_stage"]["vendors-identified"]
                         + q2["by_stage"]["coordinating"], 1)
        total = stats["total"]
        self.assertEqual(total["received"], 3)
        self.assertEqual(total["published"], 1)
        self.assertEqual(stats["years"][0]["label"], "2026")
        self.assertEqual(stats["years"][0]["accepted"], 2)
        bins = {(b["from"], b["to"]): b["cases"] for b in stats["days_to_publication_histogram"]}
        self.assertEqual(bins[(31, 45)], 1)
        self.assertEqual(sum(bins.values()), 1)

    def test_a_period_before_every_case_is_all_zero(self):
        stats = self.json("stats", "--from", "2025-01-01", "--to", "2025-04-01")
        self.assertEqual([q["label"] for q in stats["quarters"]], ["2025-Q1"])
        self.assertEqual(stats["total"]["received"], 0)
        self.assertIsNone(stats["total"]["days_to_publication"]["share_within_target"])

    def test_the_default_period_runs_from_the_first_quarter_to_today(self):
        stats = self.json("stats")
        self.assertEqual(stats["period"]["from"], "2026-01-01")
        self.assertEqual(stats["period"]["to"], "2026-07-16")  # the clock: Jul 15 JST
        self.assertEqual(stats["total"]["received"], 3)
        self.assertEqual(stats["total"]["open_past_target"], 1)

    def test_the_text_table(self):
        out = self.ok("stats", "--from", "2026-01-01", "--to", "2026-07-01")
        self.assertIn("2026-01-01 .. 2026-06-30 (Asia/Tokyo)", out)
        lines = {line.split()[0]: line.split() for line in out.splitlines() if line.strip()}
        self.assertEqual(lines["2026-Q1"][1:4], ["2", "0", "1"])
        self.assertEqual(lines["2026-Q2"][1:5], ["1", "2", "0", "1"])
        self.assertIn("out-of-scope", out)

    def test_bad_periods_are_usage_errors(self):
        result = self.run_cvdctl("stats", "--from", "2026-04-01", "--to", "2026-04-01")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("is not after --from", result.stderr)
        result = self.run_cvdctl("stats", "--from", "2026-02-30")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("not a date", result.stderr)


if __name__ == "__main__":
    unittest.main()
