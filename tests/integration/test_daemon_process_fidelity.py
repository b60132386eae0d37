"""Issue 13 under a long-running cvdd (not --once), as systemd runs it, fed through the real
Postfix and Dovecot while it runs, with a Dovecot restart on the way.

One daemon process, the simulated clock ($CVDD_TEST_CLOCK_FILE, read on every cycle):
- a report arrives and is acknowledged; the operator (cvdctl, beside the running daemon)
  accepts it, adds a vendor and sends it the summary, which the daemon mails;
- the clock moves to a week before the vendor's three-month mark: the daemon's own cycle
  fires the operators' warning (DEADLINE_APPROACHING, naming the mark's date) and the
  reminders that fell due meanwhile, each once;
- Dovecot restarts; the reporter then answers at the acknowledgement's tagged Reply-To
  (its reply token: keyless, still authenticated) that the vendor may contact it directly
  (エ): the running daemon applies it, with a history entry under the reporter;
- SIGTERM: cvdd exits 0.
"""

from __future__ import annotations

import datetime
import os
import re
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon_support import UNLIMITED_ACKS, SimulatedClockTestCase  # noqa: E402
from test_coordination_e2e import GAMMA, OPERATORS, TZ  # noqa: E402
from test_cvdd_e2e import INTAKE, REPORTER  # noqa: E402

OPERATOR = "alice"
REPORT = """\
Reporter: Hanako Kanazawa
Contact: reporter@example.org
May my name and address be passed to the vendor: yes
May the vendor contact me directly: no
May my name be published in the advisory: no
Product: Gamma Widget 2
Vulnerability: the admin page runs any command given in the host parameter.
"""
TOKEN_ADDRESS = re.compile(r"vendors\+\d{8}[A-Za-z2-7]{26}@cert\.example")


def jst(y, mo, d, h=0, mi=0) -> datetime.datetime:
    return datetime.datetime(y, mo, d, h, mi, tzinfo=TZ)


class ProcessFidelityUnderTheDaemon(SimulatedClockTestCase):
    USERS = (INTAKE, REPORTER, OPERATORS, GAMMA.address)
    SETTINGS = {"source": {"poll_interval": 1}, "limits": dict(UNLIMITED_ACKS),
                "coordinator": {"operators": [OPERATORS], "timezone": "Asia/Tokyo"}}

    def setUp(self):
        super().setUp()
        self.configure(self.SETTINGS)

    def case_cmd(self, verb: str, *args: str) -> None:
        self.cvdctl("case", verb, self.case_id, *args, "--as", OPERATOR, "--json")

    def case(self) -> dict:
        return self.cvdctl("case", "show", self.case_id, "--json")

    def arrivals_with(self, user: str, subject_part: str) -> list:
        return [a for a in self.watcher.arrivals(user) if subject_part in a.subject]

    def test_clocks_and_consent_under_a_running_daemon(self):
        self.set_clock(jst(2027, 11, 30, 10, 0))
        sup = self.supervise()

        # ---- the report, acknowledged by the running daemon -------------------------
        report_id, _handed = self.handoff_report(REPORTER, "Command injection in Gamma Widget",
                                                 body=REPORT)
        self.watcher.wait_replies([report_id], 120, REPORTER)
        [ack] = self.watcher.replies_to(report_id, REPORTER)
        token_address = TOKEN_ADDRESS.search(ack.headers.get("reply-to", ""))
        self.assertTrue(token_address, ack.headers)
        [case] = self.cases()
        self.case_id = case["id"]

        # ---- the operator, beside the daemon: accept, vendor, summary ------------------
        self.set_clock(jst(2027, 11, 30, 14, 0))
        self.cvdctl("vendor", "add", GAMMA.id, "--org", GAMMA.org, "--contact", GAMMA.address,
                    "--registration", "individual", "--as", OPERATOR, "--json")
        self.case_cmd("edit", "--title", "Command injection in a widget admin page",
                      "--summary", "Do you ship widgets with a web admin page?")
        self.case_cmd("accept")
        self.case_cmd("add-vendor", GAMMA.id)
        self.case_cmd("send-summary", GAMMA.id)
        self.watcher.wait(lambda: self.arrivals_with(GAMMA.address, "Vulnerability summary"),
                          120, "the summary mailed by the daemon")

        # ---- a week before the three-month mark: the daemon's cycle warns ------------
        self.set_clock(jst(2028, 2, 22, 9, 0))
        self.watcher.wait(lambda: self.arrivals_with(OPERATORS, "DEADLINE_APPROACHING"), 120,
                          "the operators' warning")
        self.watcher.wait(lambda: len(self.arrivals_with(GAMMA.address, "Reminder")) == 3, 120,
                          "the three reminders that fell due meanwhile")
        time.sleep(3)  # a few more cycles: nothing fires twice
        self.assertEqual(len(self.arrivals_with(OPERATORS, "DEADLINE_APPROACHING")), 1)
        self.assertEqual(len(self.arrivals_with(GAMMA.address, "Reminder")), 3)
        history = [(e["command"], e["detail"]) for e in self.case()["coordination"]["history"]]
        self.assertIn(("deadline-fired", "unreachable-warning/gamma/2028-02-22"), history)
        self.assertNotIn("unreachable/gamma/2028-02-29",
                         [d for _c, d in history], "the mark itself is a week away")

        # ---- Dovecot restarts; the reporter's token reply changes (エ) ------------------
        self.stack.stop_dovecot()
        time.sleep(1)
        self.stack.start_dovecot()
        self.handoff_report(REPORTER, f"Re: [{self.case_id}] Command injection in Gamma Widget",
                            body="May the vendor contact me directly: yes\n",
                            to=token_address.group(0), retry_for=30)
        report = self.wait_for(
            lambda: (r := self.case()["coordination"]["report"])["vendor_may_contact_directly"]
            == "yes" and r, 120, "the reporter's consent applied by the running daemon")
        self.assertEqual(report["share_identity_with_vendor"], "yes")
        history = self.case()["coordination"]["history"]
        self.assertIn((f"reporter:{REPORTER}", "note", "consent (エ) contact no -> yes"),
                      [(e["actor"], e["command"], e["detail"]) for e in history])
        self.assertEqual(self.cvdctl("quarantine", "list", "--json"), [])

        self.assertEqual(sup.exit_codes(), [], "one process throughout")
        self.stop_daemon(sup)


if __name__ == "__main__":
    unittest.main()
