"""A related organisation (003 §8-2) end to end: real Postfix + Dovecot, cvdd and cvdctl.

alpha (a vendor with a bound OpenPGP key) has the details and names a subcontractor in its
signed reply form; cvdd mails the subcontractor the registration request (the case ID and
alpha's name, nothing of the vulnerability). The operator registers it as a related
organisation with its key; `case add-vendor` refuses it and points to `case add-related`,
which adds it beside the vendors; `case send-related-details` mails it the details,
encrypted. Its signed reply is recorded as its answer (history actor
"related-organisation:sub") and changes no status and no deadline. A forger mailing as the
subcontractor, with neither its key nor a reply token, changes nothing (the message is
quarantined and on the timeline). The date set and the publication reach it as
related-organisation-update notices (encrypted); the published notice's vendor table and
every vendor list and count lack it.
"""

from __future__ import annotations

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_coordination_e2e import (ALPHA, INTAKE, NOTICE_SUBJECTS, OPERATOR,  # noqa: E402
                                   OPERATOR_DETAILS, OPERATORS, REPORTER, SECRET,
                                   CoordinationTestCase, Mail, fill_reply_form, jst)
from test_openpgp_e2e import message, text_entity  # noqa: E402

SUB = "sec@sub.example"
SUB_ORG = "Sub Systems Ltd."
FORGER_TEXT = "forged: we are not affected at all"

NOTICE_SUBJECTS.update({
    "related-organisation-registration": (
        "Please register a contact point before we share information",
        "情報共有に先立つ連絡窓口のご登録のお願い"),
    "related-organisation-details": (
        "CONFIDENTIAL: vulnerability details shared at a vendor's request",
        "【取扱注意】脆弱性詳細情報のお知らせ（製品開発者のご依頼による情報共有）"),
    "related-organisation-update": ("CONFIDENTIAL: news of the case shared with you",
                                    "【取扱注意】共有案件に関するお知らせ"),
})
CONFIDENTIAL_RELATED = {"related-organisation-details", "related-organisation-update"}


class RelatedOrganisation(CoordinationTestCase):
    USERS = (INTAKE, REPORTER, ALPHA.address, SUB, OPERATORS)
    RECIPIENTS = (REPORTER, ALPHA.address, SUB, OPERATORS)

    def setUp(self):
        super().setUp()
        self.sub = self.gpg_client()
        self.sub_fpr = self.sub.generate(f"Sub PSIRT <{SUB}>")

    def client_of(self, user: str):
        return self.sub if user == SUB else super().client_of(user)

    def coordinator(self):
        first = self._coordinator is None
        result = super().coordinator()
        if first:
            self.sub.import_key(result[1])
        return result

    def check_confidentiality(self, m: Mail) -> None:
        if m.notice in CONFIDENTIAL_RELATED:
            self.assertTrue(m.encrypted, f"confidential notice sent in clear: {m}")
        if m.to == SUB and m.notice == "related-organisation-details":
            self.assertIn(SECRET, m.text)  # the details, encrypted to its key
            return
        super().check_confidentiality(m)

    def new_mail(self) -> dict[str, list[Mail]]:
        """What each recipient got since the last look (any notices), checked and opened."""
        self.stack.wait_for_queue_empty()
        got = {}
        for user in self.RECIPIENTS:
            new = self.stack.messages(user)[self.seen[user]:]
            self.seen[user] += len(new)
            got[user] = sorted((self.open_mail(user, raw) for raw in new), key=lambda m: m.notice)
            for m in got[user]:
                self.check_confidentiality(m)
        return got

    def notices(self, mails: list[Mail]) -> list[str]:
        return [m.notice for m in mails]

    def related_view(self) -> dict:
        [r] = self.workflow()["related_organisations"]
        return r

    def test_related_organisation_takes_part_beside_the_vendors(self):
        self.set_clock(jst(2027, 11, 30))
        self.open_case()
        self.register_vendors((ALPHA,))
        self.case_cmd("accept")
        self.case_cmd("add-vendor", ALPHA.id)
        self.case_cmd("edit", "--title", "Command injection in a router",
                      "--details", OPERATOR_DETAILS)
        self.case_cmd("send-details", ALPHA.id, "--skip-summary")
        self.run_once()
        got = self.new_mail()
        [details] = got[ALPHA.address]
        self.assertEqual(details.notice, "vulnerability-details")

        # alpha names its subcontractor in its signed reply form (003 §8-2).
        self.set_clock(jst(2027, 12, 1))
        form = fill_reply_form(details.text, "en", fields={
            "Related organisation:": SUB_ORG,
            "Related organisation contact person:": "Jiro Sato",
            "Related organisation contact address (e-mail, phone):": SUB})
        self.vendor_reply(ALPHA, details, form)
        self.run_once()
        got = self.new_mail()
        self.assertEqual(self.notices(got[SUB]), ["related-organisation-registration"])
        [request] = got[SUB]
        self.assertFalse(request.encrypted)
        self.assertIn(self.case_id, request.text)
        self.assertNotIn(SECRET, request.text)

        # The operator registers it; it is no vendor: add-vendor refuses and says so.
        path = os.path.join(self.work, "sub.asc")
        with open(path, "wb") as f:
            f.write(self.sub.export(self.sub_fpr))
        os.chmod(path, 0o644)
        self.ctl("vendor", "add", "sub", "--org", SUB_ORG, "--contact", SUB, "--kind",
                 "related-organisation", "--related-to", ALPHA.id, "--registration",
                 "individual", "--language", "en", "--as", OPERATOR)
        self.ctl("vendor", "import-key", "sub", SUB, path, "--as", OPERATOR)
        self.refused("add-vendor", "sub", why="case add-related")
        self.refused("add-related", "sub", "--shared-by", "nobody", why="no vendor")
        added = self.case_cmd("add-related", "sub", "--shared-by", ALPHA.id)
        self.assertEqual(added["event"]["command"], "add-related")
        self.assertEqual(added["deadlines_scheduled"], 0)
        self.assertEqual([v["vendor_id"] for v in self.workflow()["vendors"]], [ALPHA.id])

        sent = self.case_cmd("send-related-details", "sub")
        self.assertEqual(len(sent["queued"]), 1)
        self.assertEqual(sent["held"], [])
        self.refused("send-related-details", "sub", why="already sent")
        self.run_once()
        got = self.new_mail()
        self.assertEqual(self.notices(got[SUB]), ["related-organisation-details"])
        self.assertTrue(got[SUB][0].encrypted)
        # The sharing vendor is named by its organisation, never the registry's id.
        self.assertIn(ALPHA.org, got[SUB][0].text)
        self.assertEqual(got[ALPHA.address], [])
        alpha_before = self.vendor_view(ALPHA)
        deadlines_before = self.deadline_index()

        # Its signed reply is its answer: recorded, no status, no clock.
        self.set_clock(jst(2027, 12, 3))
        [shared] = got[SUB]
        # Signed content counts for the case it names (its 識別番号).
        answer = (f"About {self.case_id}: we embed the affected console in our SR-200; a fix "
                  "needs 4 weeks.")
        headers = [f"In-Reply-To: <{shared.message_id}>", f"References: <{shared.message_id}>"]
        self.send_message(self.signed_report(f"Re: {shared.subject}", answer, attach_key=False,
                                             client=self.sub, fpr=self.sub_fpr, from_=SUB,
                                             extra_headers=headers), envelope_from=SUB)
        self.run_once()
        related = self.related_view()
        self.assertEqual(len(related["answers"]), 1, related)
        self.assertIn("SR-200", related["answers"][0]["text"])
        actor, command, _detail = self.history()[-1]
        self.assertEqual((actor, command), ("related-organisation:sub",
                                            "related-organisation-answer"))
        self.assertEqual(self.vendor_view(ALPHA), alpha_before)
        self.assertEqual(self.deadline_index(), deadlines_before)

        # A forger mailing as the subcontractor, without its key or a reply token.
        history_before = self.history()
        quarantined_before = len(self.quarantine())
        forged = message(text_entity(FORGER_TEXT), f"Re: [{self.case_id}] details",
                         from_=SUB)
        self.send_message(forged, envelope_from=SUB)
        self.run_once()
        self.assertEqual(self.history(), history_before)
        self.assertEqual(len(self.related_view()["answers"]), 1)
        self.assertEqual(self.vendor_view(ALPHA), alpha_before)
        self.assertEqual(len(self.quarantine()), quarantined_before + 1)
        timeline = self.case(self.case_id)["timeline"]
        self.assertTrue(any(e["from"] == SUB and not e["authenticated"] for e in timeline),
                        timeline)
        self.new_mail()  # the operators' alerts, if any

        # Case-wide news reaches it; the published vendor table never lists it.
        self.case_cmd("vendor-statement", ALPHA.id, "--status", "affected", "--fix-available",
                      "--comment", "Fixed in 4.3")
        self.case_cmd("set-date", "2028-01-20")
        self.run_once()
        got = self.new_mail()
        self.assertEqual(self.notices(got[SUB]), ["related-organisation-update"])
        self.assertIn("2028-01-20", got[SUB][0].text)
        self.assertIn("publication-date", self.notices(got[ALPHA.address]))

        self.set_clock(jst(2028, 1, 20, 11))
        self.case_cmd("publish")
        self.run_once()
        got = self.new_mail()
        self.assertIn("related-organisation-update", self.notices(got[SUB]))
        self.assertIn("published", got[SUB][-1].text)
        [published] = [m for m in got[REPORTER] if m.notice == "published"]
        self.assertIn(ALPHA.id, published.text)
        self.assertNotIn("sub", published.text.replace("subject", ""))
        self.assertNotIn(SUB_ORG, published.text)

        # No vendor list or count shows it; case list counts only vendors waiting.
        listed = json.loads(self.ctl("case", "list", "--json").stdout)
        [row] = [c for c in listed if c["id"] == self.case_id]
        self.assertEqual(row["stage"], "published")
        self.assertEqual(row["vendors_waiting"], 0)
        self.assertEqual([v["vendor_id"] for v in self.workflow()["vendors"]], [ALPHA.id])
        show = self.ctl("case", "show", self.case_id).stdout
        self.assertIn("Related organisations", show)


if __name__ == "__main__":
    unittest.main()
