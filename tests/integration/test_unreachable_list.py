"""Issue 12 item 4 under a long-running cvdd (not --once), fed through the real Postfix and
Dovecot while it runs, with GnuPG for the vendor's key and a Dovecot restart on the way.

One daemon process, the simulated clock ($CVDD_TEST_CLOCK_FILE, read on every cycle):
- a report is acknowledged; the operator (cvdctl, beside the daemon) adds two vendors:
  alpha (key bound) is sent the summary, beta is declared unreachable at once (no channel)
  and is listed with DID#00001;
- the clock passes alpha's three months: the daemon's cycle lists alpha (DID#00002) and,
  for beta, listed three months before, adds the products and the contact deadline;
- a forger mails `Re: DID#00002` unsigned in alpha's name, and from a lookalike address:
  both quarantined, no case opened, nothing acknowledged, alpha still listed;
- three more months: alpha's product stage fires;
- Dovecot restarts; alpha's own signed `Re: DID#00002` is its answer: no new case, no
  acknowledgement, VENDOR_RESUMED, off the list, `inquiry-answered` in the history;
- beta answers `DID#00001` unsigned: quarantined; the operator accepts it: beta resumes;
- SIGTERM: cvdd exits 0.
"""

from __future__ import annotations

import datetime
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon_support import UNLIMITED_ACKS, DaemonTestCase  # noqa: E402
from test_coordination_e2e import ALPHA, BETA, OPERATORS, TZ  # noqa: E402
from test_cvdd_e2e import INTAKE, REPORTER  # noqa: E402
from test_openpgp_e2e import OpenPgpTestCase, message, text_entity  # noqa: E402

OPERATOR = "alice"
LOOKALIKE = "psirt@alpha-example.net"
REPORT = """\
Reporter: Hanako Kanazawa
Contact: reporter@example.org
May my name and address be passed to the vendor: yes
May the vendor contact me directly: no
May my name be published in the advisory: no
Product: Alpha Router 4.2
Vulnerability: the diagnostics page runs any command given in the host parameter.
"""


def jst(y, mo, d, h=10, mi=0) -> datetime.datetime:
    return datetime.datetime(y, mo, d, h, mi, tzinfo=TZ)


class UnreachableListUnderTheDaemon(DaemonTestCase, OpenPgpTestCase):
    USERS = (INTAKE, REPORTER, ALPHA.address, BETA.address, OPERATORS)
    # The product stage two months after the listing, before coordination impossible (three
    # months), so each stage has its own day.
    SETTINGS = {"source": {"poll_interval": 1}, "limits": dict(UNLIMITED_ACKS),
                "coordinator": {"operators": [OPERATORS], "timezone": "Asia/Tokyo"},
                "deadlines": {"product_disclosure_months": 2}}

    def setUp(self):
        super().setUp()
        self.clock_file = os.path.join(self.work, "clock")
        self.configure(self.SETTINGS)
        self.alpha = self.gpg_client()
        self.alpha_fpr = self.alpha.generate(f"Alpha PSIRT <{ALPHA.address}>")

    def _popen_kwargs(self, env_extra=None):
        return super()._popen_kwargs({"CVDD_TEST_CLOCK_FILE": self.clock_file,
                                      **(env_extra or {})})

    def set_clock(self, when: datetime.datetime) -> None:
        tmp = self.clock_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{int(when.timestamp())}\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, self.clock_file)
        # The vendor signs on the simulated clock, which runs ahead of the real one.
        self.alpha.faked_time = int(when.timestamp())

    def case_cmd(self, verb: str, *args: str):
        return self.cvdctl("case", verb, self.case_id, *args, "--as", OPERATOR, "--json")

    def listed(self) -> dict[str, dict]:
        return {v["inquiry_number"]: v
                for v in self.cvdctl("unreachable", "list", "--json")["vendors"]}

    def history(self) -> list[tuple[str, str, str]]:
        shown = self.cvdctl("case", "show", self.case_id, "--json")
        return [(e["actor"], e["command"], e["detail"]) for e in shown["coordination"]["history"]]

    def wait_for(self, predicate, timeout: float, what: str):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.5)
        self.fail(f"timed out waiting for {what}")

    def pending_quarantine(self) -> list[dict]:
        return [q for q in self.quarantine_items() if q["state"] == "pending"]

    def alerts_mailed(self, code: str) -> list:
        return [a for a in self.watcher.arrivals(OPERATORS) if code in a.subject]

    def test_did_answers_through_the_mail_stack(self):
        self.set_clock(jst(2027, 1, 11))
        sup = self.supervise()

        # ---- the report, acknowledged; the operator's vendors ---------------------------
        report_id, _ = self.handoff_report(REPORTER, "Command injection in Alpha Router",
                                           body=REPORT)
        self.watcher.wait_replies([report_id], 120, REPORTER)
        [case] = self.cases()
        self.case_id = case["id"]
        self.set_clock(jst(2027, 1, 11, 14))
        self.cvdctl("vendor", "add", ALPHA.id, "--org", ALPHA.org, "--contact", ALPHA.address,
                    "--registration", "individual", "--link", "https://alpha.example/",
                    "--as", OPERATOR, "--json")
        key = os.path.join(self.work, "alpha.asc")
        with open(key, "wb") as f:
            f.write(self.alpha.export(self.alpha_fpr))
        os.chmod(key, 0o644)
        self.cvdctl("vendor", "import-key", ALPHA.id, ALPHA.address, key, "--as", OPERATOR)
        self.cvdctl("vendor", "add", BETA.id, "--org", BETA.org, "--contact", BETA.address,
                    "--registration", "individual", "--as", OPERATOR, "--json")
        self.case_cmd("edit", "--title", "Command injection in a router diagnostics page",
                      "--summary", "Do you ship routers with a diagnostics page?")
        self.case_cmd("accept")
        self.case_cmd("add-vendor", ALPHA.id)
        self.case_cmd("add-vendor", BETA.id)
        self.case_cmd("send-summary", ALPHA.id)
        self.case_cmd("unreachable", BETA.id, "--reason", "no-channel")
        self.watcher.wait(lambda: self.watcher.arrivals(ALPHA.address), 120,
                          "the summary mailed to alpha by the daemon")
        beta = self.listed()["DID#00001"]
        self.assertEqual((beta["vendor"], beta["vendor_id"], beta["case_id"], beta["stage"],
                          beta["listed_on"], beta["products"]),
                         (BETA.org, BETA.id, self.case_id, "listed", "2027-01-11", ""))

        # ---- past alpha's three months: listed by the daemon's own cycle -----------------
        self.set_clock(jst(2027, 4, 12))
        alpha = self.wait_for(lambda: self.listed().get("DID#00002"), 120,
                              "alpha listed by the clock")
        self.assertEqual((alpha["vendor"], alpha["vendor_id"], alpha["related_link"],
                          alpha["listed_on"], alpha["stage"], alpha["products"]),
                         (ALPHA.org, ALPHA.id, "https://alpha.example/", "2027-04-12", "listed",
                          ""))
        beta = self.wait_for(lambda: (b := self.listed()["DID#00001"])["stage"] ==
                             "contact-deadline" and b, 120, "beta's products and contact deadline")
        self.assertEqual((beta["products"], beta["products_disclosed_on"],
                          beta["contact_deadline"]),
                         ("Alpha Router 4.2", "2027-04-12", "2027-07-11"))
        history = self.history()
        self.assertIn(("deadline", "deadline-fired", "unreachable/alpha/2027-04-11"),
                      [(a, c, d) for a, c, d in history])
        for stage in ("product-disclosure/beta/2027-03-11; product name and version added to "
                      "the unreachable-vendors list (DID#00001)",
                      "coordination-impossible/beta/2027-04-11; contact deadline 2027-07-11 added "
                      "to the unreachable-vendors list (DID#00001)"):
            self.assertTrue(any(d.startswith(stage) for _a, _c, d in history), (stage, history))

        # ---- forgeries: alpha's address unsigned, and a lookalike -----------------------
        # The summary and the three reminders that fell due meanwhile, all delivered first.
        self.watcher.wait(lambda: len(self.watcher.arrivals(ALPHA.address)) == 4, 120,
                          "alpha's summary and three reminders")
        mail_before = {u: len(self.watcher.arrivals(u)) for u in (REPORTER, ALPHA.address)}
        forged_ids = []
        for sender in (ALPHA.address, LOOKALIKE):
            forged_ids.append(self.new_message_id())
            raw = message(text_entity("We are the developer, DID#00002. Please send details.\n"),
                          "Re: DID#00002", from_=sender, message_id=forged_ids[-1])
            self.send_message(raw, envelope_from=sender)
        forged = self.wait_for(lambda: len(q := self.pending_quarantine()) == 2 and q, 120,
                               "both forgeries quarantined")
        for item in forged:
            self.assertEqual(item["case_id"], self.case_id)
            self.assertIn("DID#00002", item["reason"])
            self.assertIn("not authenticated", item["reason"])
        self.assertEqual(len(self.cases()), 1, "a DID# mail never opens a case")
        self.assertIn("DID#00002", self.listed(), "a forgery resumes nobody")
        time.sleep(2)
        self.assertEqual({u: len(self.watcher.arrivals(u)) for u in mail_before}, mail_before,
                         "nothing acknowledged to a forgery (nor to the address it names)")
        self.assertEqual([a for i in forged_ids for a in self.watcher.replies_to(i)], [])
        self.assertNotIn("inquiry-answered", [c for _a, c, _d in self.history()])

        # ---- two months on: alpha's products go on the list; a month later its deadline --
        self.set_clock(jst(2027, 6, 13))
        alpha = self.wait_for(lambda: (a := self.listed()["DID#00002"])["products"] and a, 120,
                              "alpha's product stage")
        self.assertEqual((alpha["products"], alpha["products_disclosed_on"], alpha["stage"],
                          alpha["contact_deadline"]),
                         ("Alpha Router 4.2", "2027-06-13", "products-disclosed", None))
        self.set_clock(jst(2027, 7, 13))
        alpha = self.wait_for(lambda: (a := self.listed()["DID#00002"])["contact_deadline"] and a,
                              120, "alpha's contact deadline")
        self.assertEqual((alpha["stage"], alpha["contact_deadline"]),
                         ("contact-deadline", "2027-10-12"))
        self.watcher.wait(lambda: len(self.alerts_mailed("COORDINATION_IMPOSSIBLE")) == 2, 120,
                          "the committee path: COORDINATION_IMPOSSIBLE for beta, then alpha")
        time.sleep(3)  # a few more cycles: nothing fires twice
        history = self.history()
        for prefix in ("product-disclosure/alpha/", "coordination-impossible/alpha/"):
            fired = [d for _a, _c, d in history if d.startswith(prefix)]
            self.assertEqual(len(fired), 1, fired)

        # ---- Dovecot restarts; alpha's own signed answer -----------------------------------
        self.stack.stop_dovecot()
        time.sleep(1)
        self.stack.start_dovecot()
        alpha_mail = len(self.watcher.arrivals(ALPHA.address))
        self.set_clock(jst(2027, 7, 14))
        raw = self.signed_report("Re: DID#00002",
                                 "Inquiry DID#00002: we are Alpha's PSIRT, please send details.\n",
                                 attach_key=False, client=self.alpha, fpr=self.alpha_fpr,
                                 from_=ALPHA.address)
        self.send_message(raw, envelope_from=ALPHA.address)
        self.wait_for(lambda: "DID#00002" not in self.listed(), 120, "alpha off the list")
        self.watcher.wait(lambda: self.alerts_mailed("VENDOR_RESUMED"), 120,
                          "the operators' VENDOR_RESUMED alert")
        self.assertIn(("vendor:alpha", "inquiry-answered"),
                      [(a, c) for a, c, _d in self.history()])
        self.assertEqual(len(self.cases()), 1)
        self.assertEqual(len(self.pending_quarantine()), 2, "only the forgeries wait")
        time.sleep(2)
        self.assertEqual(len(self.watcher.arrivals(ALPHA.address)), alpha_mail,
                         "no acknowledgement to the vendor's answer")
        shown = self.cvdctl("case", "show", self.case_id, "--json")
        [vendor] = [v for v in shown["coordination"]["vendors"] if v["vendor_id"] == ALPHA.id]
        self.assertEqual((vendor["reachability"], vendor["listed"], vendor["inquiry_number"]),
                         ("resumed", False, "DID#00002"), vendor)

        # ---- beta answers unsigned: quarantine, the operator accepts ---------------------
        raw = message(text_entity("This is Beta Denki about DID#00001.\n"), "Re: DID#00001",
                      from_=BETA.address)
        self.send_message(raw, envelope_from=BETA.address)
        [item] = self.wait_for(
            lambda: [q for q in self.pending_quarantine() if "DID#00001" in q["reason"]], 120,
            "beta's unsigned answer quarantined")
        self.assertIn("DID#00001", self.listed())
        self.cvdctl("quarantine", "accept", str(item["id"]), "--as", OPERATOR, "--json")
        self.assertEqual(self.listed(), {}, "beta resumed: nobody is listed")
        self.assertIn(("vendor:beta via operator:alice", "inquiry-answered"),
                      [(a, c) for a, c, _d in self.history()])
        self.assertEqual(len(self.cases()), 1)
        self.assertEqual(len(self.pending_quarantine()), 2, "the forgeries still wait")

        self.assertEqual(sup.exit_codes(), [], "one process throughout")
        self.stop_daemon(sup)


if __name__ == "__main__":
    unittest.main()
