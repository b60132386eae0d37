"""Confidential mail to parties without an OpenPGP key (issue 11 item 8), end to end through
the real Postfix -> Dovecot -> cvdd stack, with the coordination helpers of
test_coordination_e2e.py and a throwaway X.509 PKI made by the openssl command line (the
independent S/MIME client of the vendor).

SmimeVendor: beta has no OpenPGP key; the operator marks the test CA trusted for gpgsm
(trustlist.txt, CRL checks off in gpgsm.conf) and binds beta's certificate with
`cvdctl vendor import-cert`. Every notice to beta is then S/MIME enveloped-data, which
openssl decrypts with beta's private key (the details included); a reply S/MIME-signed by
beta's certificate is authenticated and applied, while the same reply signed by another
certificate of the same CA, or by a self-signed certificate for beta's address, is
quarantined and changes nothing.

HeldNotice: gamma has neither key nor certificate. The details are held; the operators get
a NOTICE_HELD alert; `cvdctl outbox list` shows the entry with its age; release is refused
without --reason and for an entry that is not held; released with a reason, the notice
arrives once, signed in clear, and the case's timeline names the operator and the reason.
"""

from __future__ import annotations

import email.utils
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailstack import parse  # noqa: E402
from test_coordination_e2e import (CASE_SUMMARY, CASE_TAG, CASE_TITLE, GAMMA,  # noqa: E402
                                   OPERATOR, OPERATORS, REPORTER, SECRET, CoordinationTestCase,
                                   Mail, Vendor, classify_subject, fill_reply_form, jst,
                                   utf8_entity)
from test_cvdd_e2e import RUN_GID, RUN_UID  # noqa: E402
from smime_pki import TestPki, trustlist_line  # noqa: E402
from test_openpgp_e2e import crlf  # noqa: E402

# beta of the coordination scenario, in English and with a certificate instead of a key.
BETA = Vendor("beta", "Beta Denki K.K.", "security@beta.example", "en", False)


# The simulated clock runs in the past here: openssl signs S/MIME replies at the real time,
# and a reply signed before the notice it answers is refused as a replay (core/replay.hpp).
class SmimeTestCase(CoordinationTestCase):
    def setUp(self):
        super().setUp()
        self.pki = TestPki(os.path.join(self.work, "pki"))
        self.certs: dict[str, tuple[str, str]] = {}   # address -> (cert, key) of its owner
        self.released: set[str] = set()               # Message-IDs released in clear

    def trust_test_ca(self) -> None:
        """What the README asks of an operator: the issuing root in trustlist.txt of the
        GnuPG home, and a CRL policy in gpgsm.conf (here: no CRL checks)."""
        home = os.path.join(self.state_dir, "gnupg")
        for name, text in (("trustlist.txt", trustlist_line(self.pki.fingerprint(self.pki.ca[0]))),
                           ("gpgsm.conf", "disable-crl-checks\n")):
            path = os.path.join(home, name)
            with open(path, "w") as f:
                f.write(text)
            if RUN_UID is not None:
                os.chown(path, RUN_UID, RUN_GID)

    def open_mail(self, user: str, raw: bytes) -> Mail:
        outer = parse(raw)
        if outer.get_content_type() != "application/pkcs7-mime":
            return super().open_mail(user, raw)
        head = raw.partition(b"\r\n\r\n")[0].decode(errors="replace")
        self.assertIn(user, self.certs, f"S/MIME mail to {user}, who has no certificate: {head}")
        self.assertEqual(outer.get_param("smime-type"), "enveloped-data", head)
        tag = CASE_TAG.match(str(outer["Subject"]))
        self.assertTrue(tag, head)
        self.assertEqual(str(outer["Subject"]), tag.group(0), "the outer subject is the tag only")
        inner = self.pki.decrypt(raw, self.certs[user])
        subject = self.protected_subject(inner)
        self.assertIsNotNone(subject, "S/MIME mail without a protected subject")
        signed = self.assert_signed_by(self.verifier, inner, self.coordinator()[0])
        text = next(p for p in parse(signed).walk()
                    if p.get_content_type() == "text/plain").get_content()
        notice, language = classify_subject(subject[len(tag.group(0)):].lstrip())
        if notice == "operator-alert":
            notice += ":" + subject.split(":", 1)[1].strip()
        return Mail(user, raw, str(outer["Message-ID"]).strip().strip("<>"), subject, notice,
                    language, True, text)

    def check_confidentiality(self, m: Mail) -> None:
        # The details to the vendor they are meant for (the parent allows them to alpha
        # only): S/MIME-encrypted, or released in clear by an operator's decision.
        if m.notice == "vulnerability-details" and (m.to in self.certs
                                                    or m.message_id in self.released):
            self.assertTrue(m.encrypted or m.message_id in self.released, m)
            self.assertNotIn(REPORTER.encode(), m.raw, m)
            self.assertNotIn(REPORTER, m.text, m)
            return
        super().check_confidentiality(m)

    def reply_token_address(self, notice: Mail) -> str:
        [(_name, address)] = email.utils.getaddresses([str(parse(notice.raw)["Reply-To"])])
        self.assertRegex(address, r"^vendors\+[^@]+@", notice)
        return address

    def reply_headers(self, notice: Mail, from_: str) -> bytes:
        return crlf("\n".join([
            f"From: {from_}", f"To: {self.reply_token_address(notice)}",
            f"Subject: Re: {notice.subject}", f"Date: {email.utils.formatdate()}",
            f"Message-ID: {email.utils.make_msgid(domain=from_.split('@')[1])}",
            f"In-Reply-To: <{notice.message_id}>", f"References: <{notice.message_id}>"])) + b"\r\n"

    def smime_reply(self, notice: Mail, body: str, signer: tuple[str, str],
                    from_: str = BETA.address) -> None:
        """A reply S/MIME-signed by signer, from from_, to the notice's reply address."""
        raw = self.reply_headers(notice, from_) + self.pki.sign(utf8_entity(body), signer)
        self.send_message(raw, envelope_from=from_)

    def start_case_with(self, vendor: Vendor) -> Mail:
        """Report, acceptance, the vendor registered, added and sent the summary."""
        self.set_clock(jst(2025, 11, 30, 10, 0))
        self.open_case()
        self.set_clock(jst(2025, 11, 30, 11, 0))
        self.case_cmd("edit", "--title", CASE_TITLE, "--summary", CASE_SUMMARY,
                      "--details", f"The diagnostics page passes host to /bin/sh. {SECRET}")
        self.case_cmd("accept")
        self.run_and_deliver({REPORTER: ["case-accepted"]})
        self.set_clock(jst(2025, 11, 30, 14, 0))
        self.register_vendors((vendor,))
        if vendor.address in self.certs:
            self.trust_test_ca()
            # The file holds the chain: the vendor's certificate, then its CA's.
            chain = self.pki.chain(self.certs[vendor.address][0],
                                   os.path.join(self.work, f"{vendor.id}-chain.pem"))
            out = self.ctl("vendor", "import-cert", vendor.id, chain, "--as", OPERATOR).stdout
            fpr = self.pki.fingerprint(self.certs[vendor.address][0])
            self.assertIn(f"bound S/MIME certificate {fpr} to {vendor.address}", out)
        self.case_cmd("add-vendor", vendor.id)
        self.case_cmd("send-summary", vendor.id)
        [summary] = self.run_and_deliver({vendor.address: ["vulnerability-summary"]})[vendor.address]
        return summary

    def timeline_notes(self) -> list[str]:
        return [e.get("note", "") for e in self.case(self.case_id)["timeline"]]


# ==========================================================================================
class SmimeVendor(SmimeTestCase):
    def test_smime_vendor_gets_encrypted_details_and_only_its_signature_counts(self):
        beta = self.certs[BETA.address] = self.pki.issue("beta", BETA.address)
        beta_fpr = self.pki.fingerprint(beta[0])
        other_ca_cert = self.pki.issue("mallory", "mallory@evil.example")
        self_signed = self.pki.issue("fake-beta", BETA.address, by_ca=False)
        self.ctl("vendor", "add", "delta", "--org", "Delta", "--contact", "psirt@delta.example",
                 "--as", OPERATOR)

        summary = self.start_case_with(BETA)
        self.assertTrue(summary.encrypted, summary)
        self.assertIn(CASE_SUMMARY, summary.text)
        # beta's certificate does not name delta's contact: nothing is bound.
        r = self.ctl("vendor", "import-cert", "delta", beta[0], expect_rc=None)
        self.assertNotEqual(r.returncode, 0, r.stdout)
        self.assertIn("no imported certificate has the address", r.stderr)
        [participant] = [p for p in self.case(self.case_id)["participants"]
                         if p["address"] == BETA.address]
        self.assertEqual(participant["key_fingerprint"], beta_fpr, participant)

        # (c) forged replies: the vendor's From and reply token, signed by another
        # certificate of the trusted CA, or by a self-signed one for beta's own address.
        ask = ("Hello,\n\nplease send the details.\n\n"
               + fill_reply_form(summary.text, "en", ["Request details"]) + "\nBeta PSIRT\n")
        for forger in (other_ca_cert, self_signed):
            self.smime_reply(summary, ask, forger)
        log = self.run_once()
        self.assertEqual(log.count("MESSAGE_QUARANTINED"), 2, log)
        quarantined = self.quarantine()
        self.assertEqual(len(quarantined), 2, quarantined)
        for item in quarantined:
            self.assertEqual(item["case_id"], self.case_id, item)
        self.assertEqual(self.vendor_view(BETA)["phase"], "summary-sent", "a forgery was applied")
        self.run_and_deliver({})  # and nobody was told anything

        # (b) the genuine S/MIME-signed reply is authenticated and applied.
        self.set_clock(jst(2025, 12, 1, 9, 30))
        self.smime_reply(summary, ask, beta)
        log = self.run_once()
        self.assertEqual(log.count("CASE_REPLY_ATTACHED"), 1, log)
        self.assertEqual(len(self.quarantine()), 2)
        self.assertEqual(self.vendor_view(BETA)["phase"], "details-requested")
        self.deliveries({OPERATORS: ["operator-alert:DETAILS_REQUESTED"]})
        timeline = self.case(self.case_id)["timeline"]
        applied = [e for e in timeline if e["direction"] == "in" and e["authenticated"]
                   and e["from"] == BETA.address]
        self.assertEqual(len(applied), 1, json.dumps(timeline, indent=1))
        [entry] = applied
        self.assertEqual(entry["signer_fingerprint"], beta_fpr, entry)

        # (a) the details, S/MIME-encrypted to beta's certificate: openssl decrypts them.
        self.set_clock(jst(2025, 12, 1, 10, 0))
        self.case_cmd("send-details", BETA.id)
        [details] = self.run_and_deliver({BETA.address: ["vulnerability-details"]})[BETA.address]
        self.assertTrue(details.encrypted)
        self.assertIn(SECRET, details.text)
        self.assertNotIn(SECRET.encode(), details.raw)
        [sent] = [e for e in self.case(self.case_id)["timeline"]
                  if e.get("message_id") == details.message_id]
        self.assertEqual(sent["signature"], "smime-encrypted", sent)
        self.assertTrue(sent["encrypted"], sent)


class HeldNotice(SmimeTestCase):
    def test_held_details_are_released_in_clear_once_with_the_operator_and_reason(self):
        summary = self.start_case_with(GAMMA)
        self.assertFalse(summary.encrypted)
        self.set_clock(jst(2025, 12, 1, 9, 30))
        body = ("Hello,\n\nplease send the details.\n\n"
                + fill_reply_form(summary.text, "en", ["Request details"]) + "\nGamma\n")
        raw = self.reply_headers(summary, GAMMA.address) + utf8_entity(body)
        self.send_message(raw, envelope_from=GAMMA.address)
        self.run_once()
        self.assertEqual(self.vendor_view(GAMMA)["phase"], "details-requested", self.quarantine())
        self.deliveries({OPERATORS: ["operator-alert:DETAILS_REQUESTED"]})

        # The details cannot be encrypted: held, and the operators are told.
        self.set_clock(jst(2025, 12, 1, 10, 0))
        # cvdctl composes the notice, so it logs the alert; the alert's mail goes next run.
        r = self.ctl("case", "send-details", self.case_id, GAMMA.id, "--as", OPERATOR)
        self.assertIn("OPERATOR_ALERT code=NOTICE_HELD", r.stderr)
        [alert] = self.run_and_deliver({OPERATORS: ["operator-alert:NOTICE_HELD"]})[OPERATORS]
        self.assertIn("cvdctl outbox release", alert.text)
        self.assertNotIn(SECRET, alert.text)

        self.set_clock(jst(2025, 12, 3, 13, 0))  # two days and three hours later
        held = [e for e in json.loads(self.ctl("outbox", "list", "--json").stdout)
                if e["state"] == "held"]
        self.assertEqual(len(held), 1, held)
        [entry] = held
        self.assertEqual(entry["recipients"], [GAMMA.address])
        self.assertEqual(entry["age_seconds"], 2 * 86400 + 3 * 3600, entry)
        self.assertTrue(entry["releasable"])
        text = self.ctl("outbox", "list").stdout
        self.assertRegex(text, rf"{entry['seq']}\s+held .* held since .* \(2d 3h\)")

        # Refusals: no --reason, no --in-clear, an entry that is not held.
        seq = str(entry["seq"])
        for args, why in ((["--in-clear"], "--reason is required"),
                          (["--reason", "phone"], "--in-clear is required")):
            r = self.ctl("outbox", "release", seq, *args, "--as", OPERATOR, expect_rc=None)
            self.assertNotEqual(r.returncode, 0)
            self.assertIn(why, r.stderr)
        sent = [e for e in json.loads(self.ctl("outbox", "list", "--json").stdout)
                if e["state"] != "held"]
        not_held = str(min(e["seq"] for e in sent)) if sent else "1"
        r = self.ctl("outbox", "release", not_held, "--in-clear", "--reason", "x", "--as", OPERATOR,
                     expect_rc=None)
        self.assertNotEqual(r.returncode, 0)
        self.assertRegex(r.stderr, r"not held|no such outbox entry")
        self.run_and_deliver({})

        reason = "gamma confirmed by phone that its mail is not read by others"
        out = json.loads(self.ctl("outbox", "release", seq, "--in-clear", "--reason", reason,
                                  "--as", OPERATOR, "--json").stdout)
        self.assertEqual(out["released_by"], OPERATOR)
        self.released.add(out["message_id"])
        [details] = self.run_and_deliver({GAMMA.address: ["vulnerability-details"]})[GAMMA.address]
        self.assertFalse(details.encrypted)
        self.assertIn(SECRET, details.text)  # signed in clear, verified by open_mail
        self.assertEqual(details.message_id, out["message_id"])
        notes = [n for n in self.timeline_notes() if "released in clear" in n]
        self.assertEqual(len(notes), 1, notes)
        self.assertIn(f"released in clear by {OPERATOR}: {reason}", notes[0])
        # Once: another cycle and another release send nothing more.
        r = self.ctl("outbox", "release", seq, "--in-clear", "--reason", reason, expect_rc=None)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("not held", r.stderr)
        self.set_clock(jst(2025, 12, 3, 14, 0))
        self.run_and_deliver({})
        self.assertEqual(len(self.stack.messages(GAMMA.address)), 2)  # summary, details


if __name__ == "__main__":
    unittest.main()
