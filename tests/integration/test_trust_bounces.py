"""Bounces that can be believed, and no backscatter: issue 11 items 5 and 6, through the real
Postfix -> Dovecot -> cvdd stack (mailstack.py), the real cvdd and cvdctl.

Every message cvdd sends leaves with its own envelope sender, a bounce address (VERP)
``vendors+b-<case digits><HMAC of case, Message-ID, recipient>@cert.example``. A DSN is a
failed contact attempt only when it was delivered to such an address, its token verifies and
its failed recipient is that message's recipient. The attacks below each try to mark a
vendor's contact as bounced, and each fails: nothing is applied, and the forged DSN is kept
(on the case's timeline and in the quarantine, its raw bytes in the store).

- a: a genuine bounce. The vendor ``psirt@ghost.example`` is accepted by Postfix but unknown
  to Dovecot, so Postfix itself returns a DSN to the summary's bounce address: recorded
  once as a failed contact attempt.
- b: a forged DSN sent to the plain intake address, quoting the real Message-ID of the
  vendor's summary, and one quoting the acknowledgement's.
- c: forged DSNs sent to bounce addresses: the vendor's own with one character of the token
  changed, and the reporter's (which the reporter sees as its acknowledgement's
  Return-Path), naming the vendor as failed.
- d: a flood of unsigned reports from many addresses of one domain: every report becomes a
  case, at most ``[limits] acks_per_domain_per_hour`` acknowledgements go out.
- e: an unsigned report's acknowledgement (English and Japanese) says the case ID and at most
  a 60-character subject, nothing of the body.
"""

from __future__ import annotations

import email.utils
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailstack import parse  # noqa: E402
from test_coordination_e2e import (GAMMA, CoordinationTestCase, Vendor,  # noqa: E402
                                   encoded_subject, jst, utf8_entity)
from test_cvdd_e2e import INTAKE, REPORTER, ack_text, strip_angle  # noqa: E402
from test_openpgp_e2e import dsn_message, message, text_entity  # noqa: E402

GHOST = Vendor("ghost", "Ghost Devices Ltd.", "psirt@ghost.example", "en", False)
FLOOD = tuple(f"user{i}@flood.example" for i in range(6))
DOMAIN_BUDGET = 3
BOUNCE_ADDRESS = re.compile(r"^vendors\+b-(\d{8})[a-z2-7]{26}@cert\.example$")
BODY_MARKER = "BODYTEXT-9c1f Click http://spam.example/offer to claim your prize"


class TrustBounces(CoordinationTestCase):
    USERS = CoordinationTestCase.USERS + FLOOD
    RECIPIENTS = CoordinationTestCase.RECIPIENTS + FLOOD
    STACK_OPTIONS = {"undeliverable": [GHOST.address]}

    def setUp(self):
        super().setUp()
        with open(self.config) as f:
            text = f.read()
        self.config = self.write_config(
            text + f"\n[limits]\nacks_per_domain_per_hour = {DOMAIN_BUDGET}\n")
        self.set_clock(jst(2027, 11, 30, 10, 0))

    # ------------------------------------------------------------------ helpers
    def summary_sent(self, vendors=(GAMMA,)) -> dict[str, str]:
        """A signed report (acknowledged), accepted, its summary sent to each vendor.
        Returns the Message-ID of the summary to each deliverable vendor."""
        self.open_case()
        self.set_clock(jst(2027, 11, 30, 11, 0))
        self.case_cmd("accept")
        self.run_and_deliver({REPORTER: ["case-accepted"]})
        self.register_vendors(list(vendors))
        for v in vendors:
            self.case_cmd("add-vendor", v.id)
            self.case_cmd("send-summary", v.id)
        deliverable = [v for v in vendors if v != GHOST]
        self.run_once()
        got = self.deliveries({v.address: ["vulnerability-summary"] for v in deliverable})
        self.summaries = {v.id: got[v.address][0] for v in deliverable}
        return {v: m.message_id for v, m in self.summaries.items()}

    def attempts(self, vendor: Vendor) -> list[dict]:
        return self.vendor_view(vendor)["contact_attempts"]

    def bounced(self, vendor: Vendor) -> list[dict]:
        return [a for a in self.attempts(vendor) if a["result"] == "bounced"]

    def ack_return_path(self) -> str:
        """The bounce address the acknowledgement to the reporter left with."""
        [ack] = self.received[REPORTER][:1]
        return strip_angle(parse(ack.raw)["Return-Path"])

    def assert_kept_not_applied(self, before: dict, n_forged: int, reason_parts: list[str]):
        """No vendor changed; the forged DSNs are each on the case's timeline and in the
        quarantine with the reason, their raw bytes stored."""
        after = self.workflow()
        self.assertEqual(after["vendors"], before["coordination"]["vendors"],
                         "a forged DSN changed a vendor")
        timeline = self.case(self.case_id)["timeline"]
        self.assertEqual(len(timeline), len(before["timeline"]) + n_forged, timeline)
        for entry in timeline[len(before["timeline"]):]:
            self.assertEqual(entry["direction"], "in", entry)
            self.assertFalse(entry["authenticated"], entry)
            self.assertIn("quarantined: bounce not believed", entry["note"], entry)
        items = self.quarantine()
        self.assertEqual(len(items), n_forged, items)
        for item, part in zip(sorted(items, key=lambda i: i["id"]), reason_parts):
            self.assertEqual(item["case_id"], self.case_id, item)
            self.assertTrue(item["reason"].startswith("bounce not believed: "), item)
            self.assertIn(part, item["reason"], item)
            raw = self.cvdctl_raw("quarantine", "show", str(item["id"]), "--raw").stdout
            self.assertIn(b"multipart/report", raw)
            # The operator's view says the same as the daemon's decision.
            path = os.path.join(self.work, f"forged-{item['id']}.eml")
            with open(path, "wb") as f:
                f.write(raw)
            os.chmod(path, 0o644)
            seen = self.cvdctl("inspect", path, "--json")
            self.assertFalse(seen["bounce_address"]["verified"], seen)
            self.assertIn(part, seen["bounce_address"]["reason"], seen)
            self.assertTrue(seen["decision"].startswith("quarantine"), seen["decision"])

    # ------------------------------------------------------------------ a
    def test_a_genuine_bounce_from_postfix_is_one_failed_contact_attempt(self):
        self.summary_sent([GAMMA, GHOST])
        gamma_path = strip_angle(parse(self.summaries[GAMMA.id].raw)["Return-Path"])
        ack_path = self.ack_return_path()
        for path in (gamma_path, ack_path):
            self.assertRegex(path, BOUNCE_ADDRESS)
            self.assertEqual(BOUNCE_ADDRESS.match(path).group(1), self.case_id.split("#")[1])
        self.assertNotEqual(gamma_path, ack_path, "each message has its own bounce address")
        self.assertEqual(self.bounced(GHOST), [])
        # Postfix's own DSN for the summary to ghost comes back to the intake mailbox.
        dsns = [raw for raw in self.stack.wait_for_messages(INTAKE, 2)
                if b"report-type=delivery-status" in raw]
        self.assertEqual(len(dsns), 1, "one DSN from Postfix")
        delivered_to = str(parse(dsns[0])["Delivered-To"])
        self.assertRegex(delivered_to, BOUNCE_ADDRESS)
        self.assertNotIn(delivered_to, (gamma_path, ack_path))
        path = os.path.join(self.work, "genuine-dsn.eml")
        with open(path, "wb") as f:
            f.write(dsns[0])
        os.chmod(path, 0o644)
        seen = self.cvdctl("inspect", path, "--json")
        self.assertTrue(seen["bounce_address"]["verified"], seen)
        self.assertEqual(seen["decision"], f"record a failed contact attempt on {self.case_id}")

        log = self.run_once()
        self.assertIn("CONTACT_ATTEMPT_FAILED", log)
        [bounce] = self.bounced(GHOST)
        self.assertEqual(bounce["channel"], f"mail:{GHOST.address}", bounce)
        self.assertEqual(self.bounced(GAMMA), [])
        [entry] = [e for e in self.case(self.case_id)["timeline"] if e["role"] == "bounce"]
        self.assertEqual(entry["direction"], "in", entry)
        self.assertIn(f"delivery to {GHOST.address} failed (5.1.1)", entry["note"])
        self.assertEqual(self.quarantine(), [])
        # Exactly once: another run finds nothing new.
        self.run_once()
        self.assertEqual(len(self.bounced(GHOST)), 1)
        self.assertEqual(
            len([e for e in self.case(self.case_id)["timeline"] if e["role"] == "bounce"]), 1)

    # ------------------------------------------------------------------ b
    def test_b_forged_dsn_at_the_plain_intake_address_is_kept_not_applied(self):
        sent = self.summary_sent()
        before = self.case(self.case_id)
        ack_id = self.received[REPORTER][0].message_id
        forged = [dsn_message(self.case_id, f"<{sent[GAMMA.id]}>", GAMMA.address),
                  dsn_message(self.case_id, f"<{ack_id}>", GAMMA.address)]
        for raw in forged:
            self.send_message(raw, envelope_from="")
        log = self.run_once()
        self.assertNotIn("CONTACT_ATTEMPT_FAILED", log)
        self.assertEqual(self.bounced(GAMMA), [])
        self.assert_kept_not_applied(before, 2, ["not delivered to a bounce address"] * 2)

    # ------------------------------------------------------------------ c
    def test_c_forged_dsn_at_a_bounce_address_is_kept_not_applied(self):
        sent = self.summary_sent()
        before = self.case(self.case_id)
        gamma_path = strip_angle(parse(self.summaries[GAMMA.id].raw)["Return-Path"])
        local, domain = gamma_path.split("@")
        wrong = local[:-1] + ("a" if local[-1] != "a" else "b") + "@" + domain
        # The reporter read its acknowledgement's Return-Path: a genuine bounce address,
        # but for the acknowledgement to the reporter, not for anything sent to gamma.
        reporters = self.ack_return_path()
        for address in (wrong, reporters):
            self.send_message(dsn_message(self.case_id, f"<{sent[GAMMA.id]}>", GAMMA.address,
                                          to=address), envelope_from="", envelope_to=address)
        log = self.run_once()
        self.assertNotIn("CONTACT_ATTEMPT_FAILED", log)
        self.assertEqual(self.bounced(GAMMA), [])
        self.assert_kept_not_applied(before, 2, [
            "the bounce address token verifies for no message cvdd sent",
            f"failed recipient {GAMMA.address} is not the recipient of"])

    # ------------------------------------------------------------------ d
    def test_d_a_flood_from_one_domain_gets_at_most_the_domain_budget(self):
        for i, sender in enumerate(FLOOD):
            raw = message(text_entity(f"Report {i}: {BODY_MARKER}\n"), f"Flood report {i}",
                          from_=sender)
            self.send_message(raw, envelope_from=sender)
        log = self.run_once()
        cases = self.cases()
        self.assertEqual(len(cases), len(FLOOD), "every report becomes a case")
        self.assertEqual(log.count("CASE_OPENED"), len(FLOOD))
        self.stack.wait_for_queue_empty()
        acked = [u for u in FLOOD if self.stack.messages(u)]
        self.assertEqual(len(acked), DOMAIN_BUDGET, acked)
        for u in acked:
            self.assertEqual(len(self.stack.messages(u)), 1, u)
        refused = [c for c in cases if not any(
            e["role"] == "acknowledgement" for e in self.case(c["id"])["timeline"])]
        self.assertEqual(len(refused), len(FLOOD) - DOMAIN_BUDGET)
        for c in refused:
            report = self.case(c["id"])["timeline"][0]
            self.assertIn("acknowledgement rate limit reached for domain flood.example",
                          report["note"], report)
        # Another domain still gets its acknowledgement within the same hour.
        self.report("Unrelated report")
        self.run_once()
        self.assertEqual(len(self.settled_acks()), 1)

    # ------------------------------------------------------------------ e
    def test_e_an_unsigned_reports_acknowledgement_quotes_only_a_short_subject(self):
        subjects = {
            "en": "Remote code execution in ExampleShop 4.2 checkout via crafted coupon "
                  "codes BUY NOW at http://spam.example",
            "ja": "ExampleShop 4.2 の決済画面において、細工したクーポンコードを入力すると遠隔から"
                  "任意のコードが実行される脆弱性がありますので、今すぐ http://spam.example で"
                  "確認してください",
        }
        for language, subject in subjects.items():
            self.assertGreater(len(subject), 60)
            body = ("製品に脆弱性があります。" if language == "ja" else "Details: ") + BODY_MARKER
            raw = message(utf8_entity(body), encoded_subject(subject),
                          message_id=email.utils.make_msgid(domain="example.org"))
            self.send_message(raw)
            self.run_once()
        acks = self.settled_acks(2)
        self.assertEqual(len(acks), 2)
        cases = {c["subject"]: c["id"] for c in self.cases()}
        for (language, subject), ack in zip(subjects.items(), acks):
            case_id = cases[subject]
            shortened = subject[:59] + "…"
            self.assertEqual(str(ack["Subject"]), f"[{case_id}] {shortened}", language)
            text = ack_text(ack)
            self.assertIn(case_id, text)
            self.assertNotIn("BODYTEXT", text)
            self.assertNotIn("spam.example", text)
            self.assertNotIn(subject[59:], text + str(ack["Subject"]))
            raw = ack.as_bytes()
            self.assertNotIn(b"BODYTEXT", raw)
            self.assertNotIn(b"spam.example", raw)
            self.assertEqual(bool(re.search(r"[\u3040-\u30ff]", text)), language == "ja", text)
            # The case itself keeps the whole subject.
            self.assertEqual(self.case(case_id)["subject"], subject)


if __name__ == "__main__":
    unittest.main(verbosity=2)
