"""Trust for every party (issue 11 items 1, 2, 4 and 9): the adversarial rows, each through
the real stack (Postfix -> Dovecot -> cvdd over IMAP), messages built with gpg and email.

The case: the reporter's signed report, alpha (a vendor with a registered key) and beta
(a keyless vendor) both sent the summary. Every forgery below tries to move a vendor's
state; each must apply nothing and lose nothing (the message is on the case's timeline and
in the quarantine, or opened a case of its own). The README's table lists what each attack
gets.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_coordination_e2e import (ALPHA, BETA, CoordinationTestCase,  # noqa: E402
                                   fill_reply_form, jst, utf8_entity)
from test_cvdd_e2e import INTAKE, REPORTER  # noqa: E402
from test_openpgp_e2e import (GPG, key_entity, message, multipart, pgp_signed,  # noqa: E402
                              text_entity)

NO_PRODUCT = ["No affected product"]


class TrustMatrix(CoordinationTestCase):
    def setUp(self):
        super().setUp()
        self.set_clock(jst(2027, 11, 30, 10, 0))
        self.open_case()
        self.set_clock(jst(2027, 11, 30, 11, 0))
        self.case_cmd("accept")
        self.run_and_deliver({REPORTER: ["case-accepted"]})
        self.register_vendors((ALPHA, BETA))
        for v in (ALPHA, BETA):
            self.case_cmd("add-vendor", v.id)
            self.case_cmd("send-summary", v.id)
        got = self.run_and_deliver({ALPHA.address: ["vulnerability-summary"],
                                    BETA.address: ["vulnerability-summary"]})
        [self.alpha_summary] = got[ALPHA.address]
        [self.beta_summary] = got[BETA.address]
        self.set_clock(jst(2027, 12, 1, 9, 30))

    # ------------------------------------------------------------------ helpers
    def form(self, notice) -> str:
        """The notice's reply form answering "no affected product" (beta reads Japanese)."""
        if notice is self.beta_summary:
            return fill_reply_form(notice.text, "ja", ["該当製品なしと回答する"])
        return fill_reply_form(notice.text, "en", NO_PRODUCT)

    def token(self, case_id: str, participant: str) -> str:
        """A reply token as cvdd makes it (crypto/reply_token.cpp), from its key: what a
        forger who had seen another notice would hold."""
        with open(os.path.join(self.state_dir, "reply-token.key"), "rb") as f:
            key = f.read()
        mac = hmac.new(key, f"{case_id.lower()}\0{participant.lower()}".encode(),
                       hashlib.sha256).digest()[:16]
        tag = base64.b32encode(mac).decode().rstrip("=").lower()
        return case_id.split("#")[1] + tag

    def tagged(self, token: str) -> str:
        local, domain = INTAKE.split("@")
        return f"{local}+{token}@{domain}"

    def snapshot(self) -> tuple:
        return (self.vendor_view(ALPHA), self.vendor_view(BETA), self.history())

    def assert_kept_not_applied(self, before: tuple, reason: str) -> dict:
        """0 forged actions applied; the message is on the case timeline, unauthenticated,
        and in the quarantine with a reason containing ``reason``. Returns the item."""
        self.assertEqual(self.snapshot(), before)
        last = self.case(self.case_id)["timeline"][-1]
        self.assertEqual((last["direction"], last["role"]), ("in", "reply"), last)
        self.assertFalse(last["authenticated"], last)
        items = [i for i in self.quarantine() if i["case_id"] == self.case_id]
        self.assertTrue(items, self.quarantine())
        self.assertIn(reason, items[-1]["reason"], items[-1])
        return items[-1]

    def send_as(self, sender: str, raw: bytes) -> str:
        self.send_message(raw, envelope_from="forger@elsewhere.example")
        return self.run_once()

    def keyless_forgery(self, to: str = INTAKE, extra=()) -> bytes:
        return message(utf8_entity(self.form(self.beta_summary)),
                       f"Re: {self.beta_summary.subject}", from_=BETA.address, to=to,
                       extra_headers=list(extra))

    def alpha_signed(self, text: str, extra=(), subject: str | None = None) -> bytes:
        content = text_entity(text)
        return message(pgp_signed(content, self.alpha.detach_sign(content, self.alpha_fpr)),
                       subject or f"Re: {self.alpha_summary.subject}", from_=ALPHA.address,
                       extra_headers=[f"In-Reply-To: <{self.alpha_summary.message_id}>",
                                      *extra])

    # ------------------------------------------------------------------ keyless vendor
    def test_a_forged_keyless_reply_without_token_is_quarantined(self):
        before = self.snapshot()
        self.send_as(BETA.address, self.keyless_forgery())
        self.assert_kept_not_applied(before, "no valid reply token")

    def test_b_forged_keyless_reply_with_wrong_or_foreign_tokens(self):
        before = self.snapshot()
        digits = self.case_id.split("#")[1]
        forgeries = [
            self.tagged(digits + "a" * 26),                     # made up
            self.tagged(self.token(self.case_id, REPORTER)),    # the reporter's, this case
        ]
        for to in forgeries:
            self.send_as(BETA.address, self.keyless_forgery(to=to))
            self.assert_kept_not_applied(before, "reply token")
        # Beta's genuine token, but for another case: it names that case, not this one.
        other = "CVD#" + ("0" * 7 + "1" if digits != "00000001" else "00000002")
        self.send_as(BETA.address,
                     self.keyless_forgery(to=self.tagged(self.token(other, BETA.address))))
        self.assert_kept_not_applied(before, "reply token")
        # A guessed notice Message-ID, the token cut off, proves nothing either.
        guessed = self.beta_summary.message_id.split(".rt-")[0] + "@" + \
            self.beta_summary.message_id.split("@")[1]
        self.send_as(BETA.address, self.keyless_forgery(extra=[f"In-Reply-To: <{guessed}>"]))
        self.assert_kept_not_applied(before, "no valid reply token")
        self.assertEqual(len(self.quarantine()), 4)

    def test_a2_an_operator_vouches_for_a_quarantined_reply(self):
        """Beta answered from its mail client without the token: quarantined until an
        operator accepts it; then its form applies, recorded with the operator's name."""
        before = self.snapshot()
        self.send_as(BETA.address, self.keyless_forgery())
        item = self.assert_kept_not_applied(before, "no valid reply token")
        self.ctl("quarantine", "accept", str(item["id"]), "--as", "alice", "--note",
                 "confirmed by phone with Beta PSIRT")
        self.assertEqual(self.vendor_view(BETA)["public_status"], "not-affected")
        actor, command, _ = self.history()[-1]
        self.assertEqual(actor, "vendor:beta via operator:alice")
        last = self.case(self.case_id)["timeline"][-1]
        self.assertTrue(last["authenticated"], last)
        self.assertIn("accepted by alice", last["note"])

    def test_c_dkim_result_written_by_the_sender_counts_for_nothing(self):
        before = self.snapshot()
        forged = self.keyless_forgery(extra=[
            "Authentication-Results: mx.cert.example; dkim=pass header.d=beta.example "
            "header.i=@beta.example; spf=pass smtp.mailfrom=beta.example"])
        self.send_as(BETA.address, forged)
        self.assert_kept_not_applied(before, "no valid reply token")

    def test_d_genuine_keyless_reply_by_token_is_applied(self):
        """The control row: beta answers its notice (Reply-To is its tagged address)."""
        self.vendor_reply(BETA, self.beta_summary, self.form(self.beta_summary))
        log = self.run_once()
        self.assertIn("CASE_REPLY_ATTACHED", log)
        self.assertEqual(self.vendor_view(BETA)["public_status"], "not-affected",
                         self.vendor_view(BETA))
        self.assertEqual(self.quarantine(), [])

    # ------------------------------------------------------------------ keys by mail
    def test_e_signed_first_mail_with_a_key_for_a_vendors_address_binds_nothing(self):
        forger = self.gpg_client()
        fpr = forger.generate(f"Beta PSIRT <{BETA.address}>")
        content = multipart("multipart/mixed", [text_entity("A new report.\n"),
                                                key_entity(forger.export(fpr), fpr)])
        raw = message(pgp_signed(content, forger.detach_sign(content, fpr)),
                      "Report from a vendor address", from_=BETA.address)
        log = self.send_as(BETA.address, raw)
        self.assertIn("CASE_OPENED", log)  # a report from anyone opens a case ...
        [new] = [c for c in self.cases() if c["id"] != self.case_id]
        shown = self.case(new["id"])
        [reporter] = [p for p in shown["participants"] if p["role"] == "reporter"]
        self.assertIsNone(reporter["key_fingerprint"])  # ... but binds no key to beta
        self.assertIn("is the address of vendor beta", shown["timeline"][0]["note"])
        for key in self.cvdctl("key", "list", "--json"):
            self.assertNotIn(BETA.address, [b["address"] for b in key["bindings"]], key)
        # The forger's key then signs a reply to the real case: beta is still keyless and
        # a signature is no reply token.
        before = self.snapshot()
        body = text_entity(self.form(self.beta_summary))
        raw = message(pgp_signed(body, forger.detach_sign(body, fpr)),
                      f"Re: {self.beta_summary.subject}", from_=BETA.address)
        self.send_as(BETA.address, raw)
        self.assert_kept_not_applied(before, "no valid reply token")

    def test_f_key_bloated_with_third_party_signatures_is_imported_bare(self):
        """A reporter's key carrying many third-party certifications: imported with its
        self-signatures only (gpg.conf import-options self-sigs-only)."""
        reporter2 = "bloat@example.org"
        client = self.gpg_client()
        fpr = client.generate(f"Bloat <{reporter2}>")
        for i in range(12):
            signer = client.generate(f"Certifier {i} <c{i}@example.net>")
            client.gpg("--local-user", signer, "--quick-sign-key", fpr)
        bloated = client.gpg("--armor", "--export", fpr).stdout
        self.assertGreater(bloated.count(b"\n"), client.export(fpr).count(b"\n"))
        content = multipart("multipart/mixed", [text_entity("Report with a bloated key.\n"),
                                                key_entity(bloated, fpr)])
        raw = message(pgp_signed(content, client.detach_sign(content, fpr)),
                      "Bloated key", from_=reporter2)
        self.send_message(raw, envelope_from=reporter2)
        self.assertIn("CASE_OPENED", self.run_once())
        sigs = subprocess.run([GPG, "--homedir", os.path.join(self.state_dir, "gnupg"),
                               "--batch", "--with-colons", "--list-sigs", fpr],
                              capture_output=True, text=True, timeout=60).stdout
        sig_issuers = {line.split(":")[4] for line in sigs.splitlines()
                       if line.startswith("sig:")}
        self.assertEqual(sig_issuers, {fpr[-16:]}, sigs)  # only its own

    # ------------------------------------------------------------------ replay
    def test_g_replayed_signed_reply_to_another_case_and_to_the_same_case(self):
        # Alpha's genuine signed answer in another case: its form names that case and the
        # reference of that case's notice ...
        other = "CVD#00000001" if self.case_id != "CVD#00000001" else "CVD#00000002"
        form = self.form(self.alpha_summary)
        [reference] = re.findall(r"^# Reference: ([a-z2-7]{16})$", form, re.M)
        elsewhere = form.replace(self.case_id, other).replace(reference, "abcdefgh23456777")
        self.assertIn(other, elsewhere)
        before = self.snapshot()
        self.send_as(ALPHA.address, self.alpha_signed(elsewhere))
        self.assert_kept_not_applied(before, f"does not name {self.case_id}")

        # ... and its genuine answer here, applied once, then mailed again.
        genuine = self.alpha_signed(self.form(self.alpha_summary))
        self.send_message(genuine, envelope_from=ALPHA.address)
        self.assertIn("CASE_REPLY_ATTACHED", self.run_once())
        self.assertEqual(self.vendor_view(ALPHA)["public_status"], "not-affected")
        applied = self.snapshot()
        replay = b"X-Resent-By: forger\r\n" + genuine  # new bytes, the same signed reply
        self.send_as(ALPHA.address, replay)
        self.assert_kept_not_applied(applied, "already applied")

    def test_h_signature_older_than_the_notice_is_a_replay(self):
        self.alpha.faked_time = int(jst(2027, 11, 30, 10, 30).timestamp())  # before the summary
        before = self.snapshot()
        self.send_as(ALPHA.address, self.alpha_signed(self.form(self.alpha_summary)))
        self.assert_kept_not_applied(before, "older than the notice it answers")

    # ------------------------------------------------------------------ re-keying
    def test_i_a_new_vendor_key_reaches_the_open_case(self):
        # Made on the real clock: cvdd's gpg would drop the user ID of a key created in its
        # future (the simulated clock runs a year ahead).
        signing_time, self.alpha.faked_time = self.alpha.faked_time, None
        new_fpr = self.alpha.generate(f"Alpha PSIRT 2028 <{ALPHA.address}>")
        self.alpha.faked_time = signing_time
        path = os.path.join(self.work, "alpha-new.asc")
        with open(path, "wb") as f:
            f.write(self.alpha.export(new_fpr))
        os.chmod(path, 0o644)
        self.ctl("vendor", "import-key", ALPHA.id, ALPHA.address, path, "--as", "alice")
        [alpha] = [p for p in self.case(self.case_id)["participants"]
                   if p["address"] == ALPHA.address]
        self.assertEqual(alpha["key_fingerprint"], new_fpr)
        self.assertEqual(self.history()[-1][1], "key-bound")
        # The old key no longer speaks for alpha in this case; the new one does.
        before = self.snapshot()
        self.send_as(ALPHA.address, self.alpha_signed(self.form(self.alpha_summary)))
        self.assert_kept_not_applied(before, "not by " + ALPHA.address)
        content = text_entity(self.form(self.alpha_summary))
        raw = message(pgp_signed(content, self.alpha.detach_sign(content, new_fpr)),
                      f"Re: {self.alpha_summary.subject}", from_=ALPHA.address,
                      extra_headers=[f"In-Reply-To: <{self.alpha_summary.message_id}>"])
        self.send_message(raw, envelope_from=ALPHA.address)
        self.assertIn("CASE_REPLY_ATTACHED", self.run_once())
        self.assertEqual(self.vendor_view(ALPHA)["public_status"], "not-affected")


if __name__ == "__main__":
    unittest.main()
