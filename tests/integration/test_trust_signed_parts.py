"""Only signed content counts as signed (issue 11 item 3), through the real stack:
Postfix -> Dovecot -> cvdd over IMAP, messages built by the vendor's own gpg.

Alpha is a vendor with a registered OpenPGP key. A forger who holds one genuine signed mail
of alpha's (any signed greeting) wraps it with an unsigned reply form ticking "No affected
product":
(a) multipart/mixed[ multipart/signed[text/html], text/plain form ];
(b) multipart/signed[ text/plain, signature, text/plain form ] (a third part, which RFC 1847
    does not allow and the signature does not cover).
Both verify Good over the signed part, yet the form is not applied: the message is kept on
the case's timeline as "partially-signed", unauthenticated, and quarantined.
(c) A genuine signed reply that a mail client split around an inline image,
    multipart/signed[ multipart/mixed[text/plain, image/png, text/plain form] ], IS applied:
    every inline text part of the signed subtree is read in order.
"""

from __future__ import annotations

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_coordination_e2e import (ALPHA, CoordinationTestCase, fill_reply_form,  # noqa: E402
                                   jst)
from test_cvdd_e2e import REPORTER  # noqa: E402
from test_openpgp_e2e import crlf, entity, message, multipart, pgp_signed  # noqa: E402
from test_openpgp_e2e import text_entity  # noqa: E402

SIGNATURE_HEADERS = ['Content-Type: application/pgp-signature; name="signature.asc"',
                     'Content-Disposition: attachment; filename="signature.asc"']
PNG = entity(["Content-Type: image/png; name=\"screenshot.png\"",
              "Content-Disposition: inline; filename=\"screenshot.png\"",
              "Content-Transfer-Encoding: base64"],
             crlf("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAA"
                  "AABJRU5ErkJggg==\n"))


class SignedPartsOnly(CoordinationTestCase):
    def setUp(self):
        super().setUp()
        # The case, alpha registered with its key and sent the summary (encrypted to it).
        self.set_clock(jst(2027, 11, 30, 10, 0))
        self.open_case()
        self.set_clock(jst(2027, 11, 30, 11, 0))
        self.case_cmd("accept")
        self.run_and_deliver({REPORTER: ["case-accepted"]})
        self.register_vendors((ALPHA,))
        self.case_cmd("add-vendor", ALPHA.id)
        self.case_cmd("send-summary", ALPHA.id)
        [self.summary] = self.run_and_deliver({ALPHA.address: ["vulnerability-summary"]})[
            ALPHA.address]
        self.assertTrue(self.summary.encrypted)
        self.form = fill_reply_form(self.summary.text, "en", ["No affected product"])
        self.assertIn("[x] No affected product", self.form)
        self.set_clock(jst(2027, 12, 1, 9, 30))

    # ------------------------------------------------------------------ helpers
    def headers(self) -> dict:
        return dict(from_=ALPHA.address,
                    extra_headers=[f"In-Reply-To: <{self.summary.message_id}>",
                                   f"References: <{self.summary.message_id}>"])

    def signed_by_alpha(self, content: bytes) -> bytes:
        return self.alpha.detach_sign(content, self.alpha_fpr)

    def send_and_run(self, raw: bytes) -> str:
        self.send_message(raw, envelope_from=ALPHA.address)
        log = self.run_once()
        self.assertNotIn("CASE_OPENED", log)
        return log

    def inspect(self, raw: bytes) -> dict:
        path = os.path.join(self.work, "reply.eml")
        with open(path, "wb") as f:
            f.write(raw)
        os.chmod(path, 0o644)
        return self.cvdctl("inspect", path, "--json")

    def assert_form_not_applied(self, raw: bytes, uncovered: str) -> None:
        before = self.vendor_view(ALPHA)
        history = self.history()
        self.send_and_run(raw)
        # 0 forged actions applied.
        self.assertEqual(self.vendor_view(ALPHA)["phase"], before["phase"], self.vendor_view(ALPHA))
        self.assertEqual(self.vendor_view(ALPHA)["public_status"], before["public_status"])
        self.assertEqual(self.history(), history)
        # Nothing lost: on the timeline, partially signed and unauthenticated; quarantined.
        last = self.case(self.case_id)["timeline"][-1]
        self.assertEqual((last["direction"], last["role"]), ("in", "reply"), last)
        self.assertEqual(last["signature"], "partially-signed", last)
        self.assertEqual(last["signer_fingerprint"], self.alpha_fpr, last)
        self.assertFalse(last["authenticated"], last)
        self.assertIn("only partially signed", last["note"], last)
        [item] = self.quarantine()
        self.assertEqual(item["case_id"], self.case_id, item)
        self.assertIn("only partially signed", item["reason"], item)
        # cvdctl inspect says the same.
        r = self.inspect(raw)
        self.assertEqual(r["verification"]["status"], "good", r["verification"])
        self.assertEqual(r["verification"]["coverage"], "partial", r["verification"])
        self.assertEqual(r["verification"]["uncovered"], uncovered, r["verification"])
        self.assertTrue(r["verification"]["partially_signed"], r["verification"])
        self.assertFalse(r["authentication"]["authenticated"], r["authentication"])
        self.assertTrue(any("partially signed" in s for s in r["steps"]), r["steps"])
        text = self.ctl("inspect", os.path.join(self.work, "reply.eml")).stdout
        self.assertIn("PARTIALLY SIGNED", text)

    # ------------------------------------------------------------------ attacks
    def test_a_unsigned_form_beside_a_signed_greeting_is_not_applied(self):
        greeting = entity(['Content-Type: text/html; charset="UTF-8"',
                           "Content-Transfer-Encoding: 7bit"],
                          crlf("<p>Hello, we are looking into it.</p>\n"))
        raw = message(multipart("multipart/mixed",
                                [pgp_signed(greeting, self.signed_by_alpha(greeting)),
                                 text_entity(self.form)]),
                      f"Re: {self.summary.subject}", **self.headers())
        self.assert_form_not_applied(raw, "part 2")

    def test_b_third_part_inside_multipart_signed_is_not_applied(self):
        hello = text_entity("Hello, we are looking into it.\n")
        signature = entity(SIGNATURE_HEADERS, crlf(self.signed_by_alpha(hello)))
        signed = multipart('multipart/signed; micalg=pgp-sha256;\n '
                           'protocol="application/pgp-signature"',
                           [hello, signature, text_entity(self.form)])
        raw = message(signed, f"Re: {self.summary.subject}", **self.headers())
        self.assert_form_not_applied(raw, "part 3")

    # ------------------------------------------------------------------ genuine
    def test_c_signed_reply_split_around_an_inline_image_is_applied(self):
        content = multipart("multipart/mixed", [
            text_entity("Hello,\n\nnone of our products is affected; see the screenshot.\n"),
            PNG,
            text_entity(self.form + "\nAlpha PSIRT\n")])
        raw = message(pgp_signed(content, self.signed_by_alpha(content)),
                      f"Re: {self.summary.subject}", **self.headers())
        log = self.send_and_run(raw)
        self.assertIn("CASE_REPLY_ATTACHED", log)
        self.assertEqual(self.quarantine(), [])
        alpha = self.vendor_view(ALPHA)
        self.assertEqual((alpha["phase"], alpha["public_status"], alpha["reachability"]),
                         ("no-affected-product", "not-affected", "answered"), alpha)
        self.assert_history_tail(("vendor:alpha", "vendor-no-affected-product", "alpha"))
        [reply] = [e for e in self.case(self.case_id)["timeline"]
                   if (e["direction"], e["role"]) == ("in", "reply")]
        self.assertEqual(reply["signature"], "good", reply)
        self.assertTrue(reply["authenticated"], reply)
        r = self.inspect(raw)
        self.assertEqual(r["verification"]["coverage"], "full", r["verification"])
        self.assertFalse(r["verification"]["partially_signed"], r["verification"])


if __name__ == "__main__":
    unittest.main()
