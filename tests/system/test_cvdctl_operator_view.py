"""The operator's view (issue 13 item 7) on a real state: `cvdctl case list` shows the
coordination stage, the vendors waiting and the next deadline (read from the case
summaries); `cvdctl todo` lists what needs an operator now (a decision due, a held notice,
alerts not acknowledged) and `cvdctl alert ack` takes an alert off it; `case show`'s history
columns never run together. python3 stdlib only. Env: CVDCTL_BIN, CVDD_BIN."""

import re
import unittest

from test_cvdctl_case_texts import CaseTextsTestCase

LONG_OPERATOR = "beta via operator:alice-the-night-shift"  # actor "operator:beta via ..."


class OperatorView(CaseTextsTestCase):
    def row(self):
        [line] = [l for l in self.ok("case", "list").stdout.splitlines()
                  if l.startswith(self.case_id)]
        return re.split(r"\s{2,}", line)

    def todo(self):
        return self.json("todo")

    def test_case_list_shows_the_stage_waiting_vendors_and_next_deadline(self):
        header = self.ok("case", "list").stdout.splitlines()[0]
        for column in ("STATE", "WAIT", "NEXT DEADLINE"):
            self.assertIn(column, header)
        self.assertEqual(self.row()[1], "vendors-identified")  # not "received"
        self.ok("case", "send-summary", self.case_id, "acme")
        row = self.row()
        self.assertEqual(row[1], "coordinating")
        [listed] = self.json("case", "list")
        self.assertEqual(listed["stage"], "coordinating")
        self.assertEqual(listed["vendors_waiting"], 1)
        deadlines = self.json("case", "show", self.case_id)["coordination"]["deadlines"]
        first = min(deadlines, key=lambda d: d["due"])
        self.assertEqual(listed["next_deadline"]["kind"], first["kind"])
        self.assertEqual(listed["next_deadline"]["date"], first["date"])
        # ID, STATE, RECEIVED, MSGS, WAIT, NEXT DEADLINE, REPORTER / SUBJECT
        self.assertEqual(row[4], "1")
        self.assertEqual(row[5], f'{first["date"]} {first["kind"]}')

    def test_todo_lists_decisions_held_notices_and_open_alerts_until_acknowledged(self):
        self.assertEqual(self.todo(), [])
        self.assertIn("nothing to do", self.ok("todo").stdout)
        self.ok("case", "send-summary", self.case_id, "acme")
        self.ok("case", "vendor-requested-details", self.case_id, "acme")
        items = self.todo()
        kinds = sorted((i["kind"], i["case_id"]) for i in items)
        self.assertEqual(kinds, [("alert", self.case_id), ("decision", self.case_id)], items)
        [decision] = [i for i in items if i["kind"] == "decision"]
        self.assertIn("acme requested the details", decision["what"])
        [alert] = self.json("alert", "list")
        self.assertEqual(alert["code"], "DETAILS_REQUESTED")

        acked = self.json("alert", "ack", str(alert["id"]), "--as", "alice")
        self.assertEqual(acked["acknowledged_by"], "operator:alice")
        again = self.run_cvdctl("alert", "ack", str(alert["id"]))
        self.assertEqual(again.returncode, 4, again.stdout)
        self.assertIn("acknowledged before", again.stderr)
        self.assertEqual([i["kind"] for i in self.todo()], ["decision"])

        # The details go out, held (acme has no key): the decision is done, the held notice
        # and its alert are to do.
        self.ok("case", "edit", self.case_id, "--details", "the admin search trusts a header")
        self.ok("case", "send-details", self.case_id, "acme")
        items = self.todo()
        self.assertEqual(sorted(i["kind"] for i in items), ["alert", "held-notice"], items)
        [held] = [i for i in items if i["kind"] == "held-notice"]
        self.assertIn("psirt@acme.example", held["what"])
        self.assertIn("outbox release", held["action"])
        text = self.ok("todo").stdout
        self.assertIn("held-notice", text)
        self.assertIn("NOTICE_HELD", text)
        self.assertEqual(len(self.json("alert", "list", "--all")), 2)

    def test_history_columns_never_run_together(self):
        self.ok("case", "note", self.case_id, "a long actor's note", "--as", LONG_OPERATOR)
        shown = self.ok("case", "show", self.case_id).stdout
        history = shown[shown.index("History:\n"):].splitlines()[1:]
        self.assertGreaterEqual(len(history), 3)
        actor = "operator:" + LONG_OPERATOR
        self.assertTrue(any(actor in line for line in history), history)
        starts = set()
        for line in history:
            # "  TIME  ACTOR  COMMAND  DETAIL": every column at least two spaces apart, and
            # the command column starts at the same place on every line.
            fields = re.split(r"\s{2,}", line.strip())
            self.assertGreaterEqual(len(fields), 3, line)
            command = fields[2]
            self.assertNotIn(" ", command, line)
            starts.add(line.index("  " + command) + 2)
        self.assertEqual(len(starts), 1, history)


if __name__ == "__main__":
    unittest.main()
