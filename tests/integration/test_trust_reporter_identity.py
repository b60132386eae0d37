"""Issue 11 item 7, the reporter's identity, through the real stack (Postfix -> Dovecot ->
cvdd -> Postfix -> the vendor's mailbox, read with the vendor's own gpg).

The reporter (CoordinationTestCase's REPORT_FORM) does not consent to passing their name
and address to vendors; SECRET is only in their vulnerability text. Then:
(a) send-details is refused until the operator has written the vendors' details, and the
    reporter's own text cannot be confirmed as the details without their consent;
    a forger who mails the case "consent: yes" with new text, as the reporter, changes
    nothing (quarantined, kept);
(b) after `case edit --details-file`, the vendor's vulnerability-details mail holds the
    operator's text and nothing the reporter wrote: not their name, address, subject,
    product line or SECRET-bearing text;
(c) `case preview` printed, before sending, exactly the body the vendor then decrypts.
ConsentGiven: with consent "yes" the operator may confirm the reporter's text as is
(`--details-from-report`); the vendor gets it, with the reporter's name (the address only
with direct-contact consent (エ) too: test_consent_exploitation.py).
"""

from __future__ import annotations

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailstack import parse  # noqa: E402
from test_coordination_e2e import (ALPHA, OPERATOR, REPORT_FORM, REPORT_SUBJECT,  # noqa: E402
                                   REPORTER_NAME, SECRET, CoordinationTestCase, jst,
                                   utf8_entity)
from test_cvdd_e2e import REPORTER  # noqa: E402
from test_openpgp_e2e import message  # noqa: E402

OPERATOR_DETAILS = """\
The diagnostics page of a router's web management console hands one request
parameter to a system shell without quoting it.
Reproduce: send a diagnostics request whose target ends in a shell separator
followed by a command; the command runs with full privileges.
Operator reference: OPS-DETAILS-4b1d
"""
# The reporter's own words (REPORT_FORM): none of them may reach the vendor.
REPORTER_WORDS = ('passes the "host"', "host=127.0.0.1;id", "Alpha Router 4.2", SECRET,
                  REPORTER_NAME, "Kanazawa", REPORTER, REPORT_SUBJECT)
FORGED = "FORGED-TEXT-91e0"


class ReporterIdentityTestCase(CoordinationTestCase):
    def start_case(self, form: str = REPORT_FORM) -> None:
        """Report, accept, and alpha (bound key) on the case."""
        self.set_clock(jst(2027, 11, 30, 10, 0))
        if form == REPORT_FORM:
            self.open_case()
        else:
            self.send_message(self.signed_report(REPORT_SUBJECT, form))
            self.run_once()
            self.case_id = self.only_case()["id"]
            self.deliveries({REPORTER: ["acknowledgement"]})
        self.set_clock(jst(2027, 11, 30, 11, 0))
        self.case_cmd("edit", "--title", "Command injection in a router console",
                      "--summary", "Do you ship routers with a web diagnostics page?")
        self.case_cmd("accept")
        self.run_and_deliver({REPORTER: ["case-accepted"]})
        self.register_vendors((ALPHA,))
        self.case_cmd("add-vendor", ALPHA.id)

    def preview(self) -> dict:
        r = self.ctl("case", "preview", self.case_id, "vulnerability-details", ALPHA.id, "--json")
        [only] = json.loads(r.stdout)["recipients"]
        return only

    def decrypted_body(self, raw: bytes) -> bytes:
        """The text/plain body the vendor reads, decoded, exactly as composed."""
        # decrypt_ack checks the coordinator's signature inside (RFC 3156 §6.2, combined)
        # and returns the text/plain entity itself.
        inner = self.decrypt_ack(raw, self.case_id, self.alpha)
        [text] = [p for p in parse(inner).walk() if p.get_content_type() == "text/plain"]
        return text.get_payload(decode=True)


class ConsentRefused(ReporterIdentityTestCase):
    def test_vendors_read_only_the_operators_details(self):
        self.start_case()
        report = self.workflow()["report"]
        self.assertEqual((report["share_identity_with_vendor"], report["details_source"]),
                         ("no", "none"), report)

        # ---- (a) refused before the operator has written the details -----------------
        self.refused("send-details", ALPHA.id, "--skip-summary",
                     why="vulnerability details are not written yet")
        r = self.ctl("case", "send-details", self.case_id, ALPHA.id, "--skip-summary",
                     expect_rc=4)
        self.assertIn("--details-file", r.stderr)
        self.assertNotIn("--details-from-report", r.stderr)  # not offered without consent
        self.refused("edit", "--details-from-report", why="did not consent")
        self.run_and_deliver({})  # nothing went to anyone
        # The preview works before, changes nothing and warns that sending would be refused.
        before = self.case(self.case_id)
        outbox = self.ctl("outbox", "list").stdout
        early = self.ctl("case", "preview", self.case_id, "vulnerability-details", ALPHA.id)
        self.assertIn("would be refused", early.stderr)
        self.assertEqual(self.case(self.case_id), before)
        self.assertEqual(self.ctl("outbox", "list").stdout, outbox)
        for word in REPORTER_WORDS:
            self.assertNotIn(word, early.stdout, "the preview shows the reporter's words")

        # A forger, as the reporter (unsigned, though the reporter's key is bound), mails
        # consent and new text into the case: quarantined, kept, and nothing changes.
        forged = (f"Reporter: {REPORTER_NAME}\nContact: {REPORTER}\n"
                  "May my name and address be passed to the vendor: yes\n"
                  f"Vulnerability: {FORGED}\n")
        history = self.history()
        self.send_message(message(utf8_entity(forged), f"Re: [{self.case_id}] consent",
                                  from_=REPORTER), envelope_from="mallory@evil.example")
        self.run_once()
        self.assertEqual(self.history(), history, "the forged mail changed the workflow")
        quarantined = self.quarantine()
        self.assertEqual(len(quarantined), 1, quarantined)
        self.assertEqual(quarantined[0]["case_id"], self.case_id, quarantined)
        report = self.workflow()["report"]
        self.assertEqual((report["share_identity_with_vendor"], report["details_source"]),
                         ("no", "none"), report)
        self.assertNotIn(FORGED, json.dumps(report))
        self.refused("send-details", ALPHA.id, "--skip-summary",
                     why="vulnerability details are not written yet")
        self.deliveries({})

        # ---- (b) the operator writes the details; the vendor reads only them ----------
        path = os.path.join(self.work, "details.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(OPERATOR_DETAILS)
        os.chmod(path, 0o644)
        self.case_cmd("edit", "--details-file", path)
        self.assert_history_tail((f"operator:{OPERATOR}", "note", "edited details"))
        report = self.workflow()["report"]
        self.assertEqual((report["details_source"], report["details_by"]),
                         ("operator", f"operator:{OPERATOR}"), report)
        self.assertEqual(report["details"], OPERATOR_DETAILS.rstrip("\n"))

        shown = self.preview()
        self.assertEqual((shown["to"], shown["protection"], shown["confidential"]),
                         (ALPHA.address, "signed+encrypted", True), shown)
        self.assertTrue(shown["reply_to"].startswith("vendors+"), shown)
        text_preview = self.ctl("case", "preview", self.case_id, "vulnerability-details",
                                ALPHA.id).stdout
        self.assertIn(f"To:         {ALPHA.org} <{ALPHA.address}>", text_preview)
        self.assertIn("Protection: signed+encrypted", text_preview)
        self.assertEqual(text_preview.partition("\n\n")[2], shown["body"])

        self.case_cmd("send-details", ALPHA.id, "--skip-summary")
        [details] = self.run_and_deliver(
            {ALPHA.address: ["vulnerability-details"]})[ALPHA.address]
        self.assertTrue(details.encrypted)
        self.assertIn(OPERATOR_DETAILS.rstrip("\n"), details.text.replace("\r\n", "\n"))
        for word in REPORTER_WORDS + (FORGED,):
            self.assertNotIn(word, details.text, "the reporter's words reached the vendor")
            self.assertNotIn(word, details.subject)
            self.assertNotIn(word.encode(), details.raw)

        # ---- (c) the preview was the vendor's body, byte for byte ---------------------
        body = self.decrypted_body(details.raw)
        # CRLF is the wire's line end (RFC 5322); the text itself is the preview's.
        self.assertEqual(body.replace(b"\r\n", b"\n"), shown["body"].encode("utf-8"))
        # The headers it showed are the protected ones the vendor reads (RFC 9788 style:
        # on the decrypted root or its first, signed part).
        inner = parse(self.decrypt_ack(details.raw, self.case_id, self.alpha))
        headers = inner if inner["Reply-To"] is not None else inner.get_payload(0)
        self.assertIn(shown["reply_to"], str(headers["Reply-To"]))
        self.assertEqual(str(headers["Subject"]), shown["subject"])
        # Nothing was lost: the forged mail is on the case's timeline and in quarantine.
        self.assertEqual(len(self.quarantine()), 1)


class ConsentGiven(ReporterIdentityTestCase):
    def test_the_reporters_confirmed_text_and_identity_reach_the_vendor(self):
        form = REPORT_FORM.replace("May my name and address be passed to the vendor: no",
                                   "May my name and address be passed to the vendor: yes")
        self.start_case(form)
        self.refused("send-details", ALPHA.id, "--skip-summary",
                     why="--details-from-report")
        self.case_cmd("edit", "--details-from-report")
        self.assert_history_tail((f"operator:{OPERATOR}", "note", "confirmed"))
        shown = self.preview()
        self.case_cmd("send-details", ALPHA.id, "--skip-summary")
        [details] = self.run_and_deliver(
            {ALPHA.address: ["vulnerability-details"]})[ALPHA.address]
        for word in (SECRET, 'passes the "host"', REPORTER_NAME, "Alpha Router 4.2"):
            self.assertIn(word, details.text)
        # (エ) is "no" in REPORT_FORM: the name goes, the address does not (issue 13).
        self.assertNotIn(REPORTER, details.text)
        self.assertNotIn(REPORT_SUBJECT, details.text)  # the subject: never
        self.assertEqual(self.decrypted_body(details.raw).replace(b"\r\n", b"\n"),
                         shown["body"].encode("utf-8"))

    def check_confidentiality(self, m) -> None:
        # The reporter consented here: the base class's "no identity to vendors" rule is
        # the other class's case; every other rule still applies.
        if m.to != ALPHA.address:
            super().check_confidentiality(m)
        else:
            self.assertTrue(m.encrypted, m)


if __name__ == "__main__":
    unittest.main()
