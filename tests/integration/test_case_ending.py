"""Ending and stopping (issue 13 item 5) end to end: real Postfix + Dovecot, the real cvdd
and cvdctl, the simulated clock of test_coordination_e2e.CoordinationTestCase.

The scenario (CaseEnding.test_committee_ends_one_vendor_then_handling_stops):
- the reporter's signed report is accepted; alpha (OpenPGP key) gets the details, beta
  (Japanese, no key) the summary;
- the operator records that no agreement on publication is reachable with beta
  (調整不能 (イ), `case coordination-impossible --reason no-agreement`): the operators are
  alerted; the publication committee ends beta's handling (`case committee beta
  end-handling`): the reporter and alpha are told through the mail stack, by beta's
  organisation name and nothing technical; beta gets nothing, its clocks are gone;
- the operator stops the case after acceptance, out of scope (000 7) 受理後の対応): the
  reporter is told why, alpha only that coordination has ended; beta still gets nothing,
  no deadline remains, and half a year later nothing more is sent to anyone.
"""

from __future__ import annotations

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_coordination_e2e  # noqa: E402
from test_coordination_e2e import (ALPHA, BETA, CASE_SUMMARY, CASE_TITLE,  # noqa: E402
                                   OPERATOR, OPERATOR_DETAILS, OPERATORS, SECRET,
                                   CoordinationTestCase, jst)
from test_cvdd_e2e import REPORTER  # noqa: E402

# The ending notices' subjects after "[CASE] " (templates/notices/*.mustache), so the
# shared mail reader names them; this file's process only.
test_coordination_e2e.NOTICE_SUBJECTS.update({
    "handling-stopped": ("Handling of your report has stopped: ", "ご報告の取扱い終了のお知らせ: "),
    "coordination-ended": ("Coordination of this case has ended", "調整終了のお知らせ"),
    "committee-handling-ended": ("Handling ended for one vendor of this case",
                                 "一部の製品開発者に関する取扱い終了のお知らせ"),
})


class CaseEnding(CoordinationTestCase):
    def test_committee_ends_one_vendor_then_handling_stops(self):
        op = f"operator:{OPERATOR}"

        # ---- 2027-11-30: report, acceptance, alpha the details, beta the summary -------
        self.set_clock(jst(2027, 11, 30, 10, 0))
        self.open_case()
        self.set_clock(jst(2027, 11, 30, 11, 0))
        self.case_cmd("edit", "--title", CASE_TITLE, "--summary", CASE_SUMMARY,
                      "--details", OPERATOR_DETAILS)
        self.case_cmd("accept")
        self.register_vendors((ALPHA, BETA))
        for v in (ALPHA, BETA):
            self.case_cmd("add-vendor", v.id)
        self.case_cmd("send-details", ALPHA.id, "--skip-summary")
        self.case_cmd("send-summary", BETA.id)
        self.run_and_deliver({REPORTER: ["case-accepted"],
                              ALPHA.address: ["vulnerability-details"],
                              BETA.address: ["vulnerability-summary"]})

        # ---- 2027-12-02: no agreement on publication with beta (調整不能 (イ)) ----------
        self.set_clock(jst(2027, 12, 2, 10, 0))
        self.refused("committee", BETA.id, "end-handling",
                     why="coordination with it is not impossible")
        self.refused("coordination-impossible", BETA.id, "--reason", "unreachable-six-months",
                     why="recorded by its deadline")
        out = self.case_cmd("coordination-impossible", BETA.id, "--reason", "no-agreement",
                            "--note", "refuses any publication date")
        self.assertEqual([a["code"] for a in out["alerts"]], ["COORDINATION_IMPOSSIBLE"], out)
        [alert] = self.run_and_deliver(
            {OPERATORS: ["operator-alert:COORDINATION_IMPOSSIBLE"]})[OPERATORS]
        self.assertIn("vendor beta: no agreement on publication is reachable", alert.text)
        self.assertIn("cvdctl case assess", alert.text)  # unassessed: asks for it
        beta = self.vendor_view(BETA)
        self.assertEqual((beta["coordination_impossible"], beta["coordination_impossible_reason"],
                          beta["committee_outcome"], beta["handling_ended"]),
                         (True, "no-agreement", None, False), beta)
        self.assertEqual(self.vendor_view(ALPHA)["coordination_impossible_reason"], None)
        self.assertIn(("unresponsive-reminder", BETA.id, "2027-12-07"), self.deadline_index())

        # ---- 2027-12-03: the committee ends beta's handling: reporter and alpha told ---
        self.set_clock(jst(2027, 12, 3, 10, 0))
        # Alpha answers by phone: its own reminders stop, so what follows is beta's alone.
        self.case_cmd("contact-attempt", ALPHA.id, "--channel", "phone:+1-555-0100",
                      "--result", "answered")
        self.case_cmd("committee", BETA.id, "end-handling", "--note", "committee of 2027-12-02")
        got = self.run_and_deliver({REPORTER: ["committee-handling-ended"],
                                    ALPHA.address: ["committee-handling-ended"]})
        for m in (got[REPORTER][0], got[ALPHA.address][0]):
            self.assertEqual(m.language, "en", m)
            self.assertIn(BETA.org, m.text)               # named by its organisation
            self.assertNotIn(BETA.org, m.subject)
            self.assertIn("publication committee", m.text)
            for technical in (SECRET, CASE_TITLE, CASE_SUMMARY, "Alpha Router"):
                self.assertNotIn(technical, m.subject + m.text, m)
        self.assertIn("Dear reporter,", got[REPORTER][0].text)
        self.assertIn(ALPHA.org, got[ALPHA.address][0].text)
        beta = self.vendor_view(BETA)
        self.assertEqual((beta["committee_outcome"], beta["handling_ended"]),
                         ("end-handling", True), beta)
        self.assertFalse([d for d in self.deadline_index() if d[1] == BETA.id],
                         "beta's clocks remain after its handling ended")
        self.assert_history_tail((op, "coordination-impossible", "no-agreement"),
                                 (op, "contact-attempt", "alpha via phone"),
                                 (op, "committee-outcome", "vendor beta: end-handling"))
        shown = self.ctl("case", "show", self.case_id).stdout
        self.assertIn("committee: end-handling, handling-ended", shown)
        # Beta takes no further part: nothing more can be sent to it, nor ruled on it.
        self.refused("send-details", BETA.id, why="the publication committee ended its handling")
        self.refused("committee", BETA.id, "continue", why="its handling has already ended")

        # ---- 2027-12-20: beta's reminders (12-07, 12-14) would have fired: nothing ----
        self.set_clock(jst(2027, 12, 20, 10, 0))
        self.run_and_deliver({})

        # ---- 2027-12-21: the operator stops the case after acceptance, out of scope ---
        self.set_clock(jst(2027, 12, 21, 10, 0))
        out = self.case_cmd("stop", "--reason", "out-of-scope", "--note", "a test network only")
        self.assertEqual(out["stage"], "stopped", out)
        got = self.run_and_deliver({REPORTER: ["handling-stopped"],
                                    ALPHA.address: ["coordination-ended"]})
        [stopped] = got[REPORTER]
        self.assertEqual(stopped.subject,
                         f"[{self.case_id}] Handling of your report has stopped: {CASE_TITLE}")
        self.assertIn("it is outside the scope of the disclosure guideline we follow (a test network only)", stopped.text)
        [ended] = got[ALPHA.address]
        self.assertIn(ALPHA.org, ended.text)
        self.assertIn("ended the coordination of this case", ended.text)
        self.assertIn("from third parties", ended.text)
        for hidden in ("outside the scope", "a test network only", SECRET, CASE_TITLE, BETA.org):
            self.assertNotIn(hidden, ended.subject + ended.text, ended)
        wf = self.workflow()
        self.assertEqual((wf["stage"], wf["stop_reason"]), ("stopped", "out-of-scope"), wf)
        self.assertEqual(wf["deadlines"], [], wf["deadlines"])
        self.assertEqual(self.deadline_index(), [])
        self.assert_history_tail((op, "stop", "handling stopped after acceptance"))

        # ---- half a year later: nothing fires, nobody hears anything more -------------
        self.set_clock(jst(2028, 12, 1, 10, 0))
        self.run_and_deliver({})
        self.assertEqual([m.notice for m in self.received[BETA.address]],
                         ["vulnerability-summary"], "beta heard of the case after its end")
        self.case_cmd("close")
        self.assertEqual(self.workflow()["stage"], "closed")


if __name__ == "__main__":
    unittest.main()
