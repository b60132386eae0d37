"""Issue 10: a long-running cvdd (daemon mode, under a Restart=always supervisor) against
the real Postfix + Dovecot, fed what could stop it.

HostileHtml             4 MB text/html of "&" and of "<", then a report: the report is
                        acknowledged within 20 s; after 60 s each HTML message has exactly
                        one outcome (a case or a quarantine item), logged once.
ParserCrashLoop         (needs -DCVDD_TEST_HOOKS=ON) CVDD_TEST_CRASH_AT=in-parser and a
                        message carrying the marker: cvdd dies in the parser max_attempts
                        (3) times, then the message is quarantined with a reason naming the
                        attempts and is never acknowledged; the next report is.
OversizedMessage        200 KiB over a 64 KiB [limits] message_size: quarantined by its
                        headers (From, Subject, reason naming message_size; no body kept,
                        no case) and intake moves on to the next report.
StoreFull               a 2 MiB LMDB map that may not grow, flooded with quarantined replies
                        (raw bytes kept): STORE_FULL, an operator alert mail, intake paused
                        with the rest unflagged in Dovecot; `cvdctl quarantine purge --state
                        pending` lets intake resume by itself; what still does not fit is
                        stored after raising map_size_max_mib and a restart (STORE_GROWN);
                        every flooded message is stored exactly once.
DovecotRestartWhileIdle Dovecot restarted while cvdd waits in IDLE (poll_interval 60): a
                        report sent once it is back is acknowledged within 10 s.
MailDuringABatch        IDLE (poll_interval 60): a report delivered while cvdd works through
                        a batch of 100 is acknowledged within 30 s (half the poll interval),
                        not at the next poll: its EXISTS can reach cvdd in reply to a FETCH or
                        STORE, before it enters IDLE.
"""

from __future__ import annotations

import collections
import email.utils
import os
import re
import signal
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon_support import (UNLIMITED_ACKS, DaemonTestCase, intake_keys,  # noqa: E402
                            key_regex)
from mailstack import parse  # noqa: E402
from test_cvdd_e2e import ACCEPTED_KEYWORD, INTAKE, REPORTER, strip_angle  # noqa: E402

OPERATORS = "operators@cert.example"
STRANGER = "stranger@example.net"
OPERATOR = "alice"  # cvdctl --as


def raw_message(sender: str, subject: str, message_id: str, body: bytes,
                content_type: str = "text/plain; charset=us-ascii",
                encoding: str = "7bit", extra=()) -> bytes:
    headers = [f"From: {sender}", f"To: {INTAKE}", f"Subject: {subject}",
               f"Date: {email.utils.formatdate()}", f"Message-ID: {message_id}",
               "MIME-Version: 1.0", f"Content-Type: {content_type}",
               f"Content-Transfer-Encoding: {encoding}", *extra]
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + body


def hostile_html(subject: str, message_id: str, char: str, size: int) -> bytes:
    """``size`` bytes of ``char`` as one text/html run: quoted-printable soft line
    breaks keep SMTP lines short while the decoded HTML is a single line."""
    line = (char * 75 + "=\r\n").encode()
    body = line * (size // 75) + b"\r\n"
    return raw_message(REPORTER, subject, message_id, body, "text/html; charset=utf-8",
                       "quoted-printable")


class ResilienceTestCase(DaemonTestCase):
    SETTINGS = {"source": {"poll_interval": 2},
                "limits": dict(UNLIMITED_ACKS)}

    def setUp(self):
        super().setUp()
        self.configure(self.SETTINGS)

    def outcome_lines(self, log, event: str, key: tuple[int, int]) -> list[str]:
        return log.lines(rf"\b{event}\b.*" + key_regex(*key))

    def items_for(self, key: tuple[int, int], items=None) -> list[dict]:
        pattern = key_regex(*key)
        return [q for q in (items if items is not None else self.quarantine_items())
                if re.search(pattern, q["inbox_key"])]

    def acks_at(self, user: str = REPORTER) -> dict[str, list]:
        """{In-Reply-To: [messages]} in ``user``'s INBOX once Postfix holds nothing."""
        self.stack.wait_for_queue_empty(timeout=60)
        out = collections.defaultdict(list)
        for raw in self.stack.messages(user):
            msg = parse(raw)
            out[strip_angle(msg["In-Reply-To"])].append(msg)
        return out

    def flags_of(self, key: tuple[int, int]) -> set[str]:
        return self.stack.imap_flags(INTAKE).get(key[1], set())


class HostileHtml(ResilienceTestCase):
    SIZE = 4 << 20
    ACK_BOUND = 20.0

    def test_4mb_html_of_ampersands_and_of_angle_brackets_then_a_report(self):
        sup = self.supervise()
        hostile = []
        sent_at = time.monotonic()
        for char, name in (("&", "ampersands"), ("<", "angle brackets")):
            mid = self.new_message_id()
            subject = f"Hostile HTML: 4 MB of {name}"
            self.stack.send(REPORTER, INTAKE, hostile_html(subject, mid, char, self.SIZE))
            hostile.append((mid, subject))
        report_id, handed = self.handoff_report(REPORTER, "Report queued behind the hostile HTML")
        latency = self.ack_latency(report_id, handed, timeout=60)
        print(f"\nhostile html: report acknowledged {latency:.2f} s after hand-off", flush=True)
        self.assertLessEqual(latency, self.ACK_BOUND)

        time.sleep(max(0.0, sent_at + 60 - time.monotonic()))
        keys = intake_keys(self.stack)
        cases = collections.Counter(c["subject"] for c in self.cases())
        items = self.quarantine_items()
        for mid, subject in hostile:
            key = keys[strip_angle(mid)]
            accepted = self.outcome_lines(sup.log, "MESSAGE_ACCEPTED", key)
            quarantined = self.outcome_lines(sup.log, "MESSAGE_QUARANTINED", key)
            mine = self.items_for(key, items)
            print(f"hostile html {subject!r}: cases {cases[subject]}, quarantine items "
                  f"{len(mine)} {[q['reason'] for q in mine]}, failures "
                  f"{len(self.outcome_lines(sup.log, 'MESSAGE_FAILED', key))}", flush=True)
            self.assertEqual(cases[subject] + len(mine), 1, f"{subject}: one outcome")
            if mine:
                self.assertEqual(len(quarantined), 1, quarantined)
                self.assertLessEqual(len(accepted), 1, accepted)
            else:
                self.assertEqual(len(accepted), 1, accepted)
                self.assertEqual(quarantined, [])
            self.assertIn(ACCEPTED_KEYWORD, self.flags_of(key), "intake is done with it")
        self.assertEqual(cases["Report queued behind the hostile HTML"], 1)
        self.stop_daemon(sup)


class ParserCrashLoop(ResilienceTestCase):
    """Registered only with -DCVDD_TEST_HOOKS=ON: the in-parser crash point."""
    MAX_ATTEMPTS = 3
    SETTINGS = {**ResilienceTestCase.SETTINGS,
                "limits": {**UNLIMITED_ACKS, "max_attempts": MAX_ATTEMPTS}}

    def test_poison_message_quarantined_after_max_attempts_next_report_acknowledged(self):
        sup = self.supervise(env={"CVDD_TEST_CRASH_AT": "in-parser"})
        poison_subject = "Report whose parsing kills cvdd"
        poison_id, _ = self.handoff_report(REPORTER, poison_subject,
                                           extra_headers=["X-Cvdd-Test-Crash: in-parser"])
        report_id, handed = self.handoff_report(REPORTER, "Report after the poison message")
        self.watcher.wait_replies([report_id], timeout=300)
        key = intake_keys(self.stack)[strip_angle(poison_id)]
        exhausted = sup.log.wait(r"\bMESSAGE_ATTEMPTS_EXHAUSTED\b.*" + key_regex(*key), 120,
                                 supervisor=sup)
        time.sleep(3)  # a late acknowledgement of the poison message would be here by now
        acks = self.acks_at()

        print(f"\nparser crash loop: {sup.kills()} SIGKILLs, exits {sup.exit_codes()}, "
              f"{exhausted[0].strip()}", flush=True)
        self.assertEqual(sup.kills(signal.SIGKILL), self.MAX_ATTEMPTS,
                         "one crash per attempt, then quarantined")
        self.assertEqual(len(exhausted), 1, exhausted)
        self.assertRegex(exhausted[0], rf"\battempts={self.MAX_ATTEMPTS}\b")
        [item] = self.items_for(key)
        self.assertRegex(item["reason"], r"(?i)attempt")
        self.assertIn(str(self.MAX_ATTEMPTS), item["reason"])
        self.assertIn(ACCEPTED_KEYWORD, self.flags_of(key))
        subjects = [c["subject"] for c in self.cases()]
        self.assertEqual(subjects, ["Report after the poison message"])
        self.assertEqual(len(acks.get(strip_angle(report_id), [])), 1)
        self.assertNotIn(strip_angle(poison_id), acks, "the poison message is never acknowledged")
        self.assertEqual(sum(map(len, acks.values())), 1)
        self.assertTrue(sup.running(), "cvdd runs on once the poison message is quarantined")
        self.stop_daemon(sup)


class OversizedMessage(ResilienceTestCase):
    LIMIT = 64 << 10
    SIZE = 200 << 10
    SETTINGS = {**ResilienceTestCase.SETTINGS,
                "limits": {**UNLIMITED_ACKS, "message_size": LIMIT}}

    def test_message_over_message_size_quarantined_by_its_headers(self):
        sup = self.supervise()
        subject = "Report with a 200 KiB proof of concept"
        big_id = self.new_message_id()
        marker = b"OVERSIZED-BODY-LINE"
        body = b"".join(marker + b" %06d " % i + b"x" * 50 + b"\r\n" for i in range(self.SIZE // 78))
        raw = raw_message(f"Reporter Name <{REPORTER}>", subject, big_id, body)
        self.assertGreater(len(raw), self.SIZE - 100)
        self.stack.send(REPORTER, INTAKE, raw)
        report_id, _ = self.handoff_report(REPORTER, "Report after the oversized one")
        self.watcher.wait_replies([report_id], timeout=120)
        key = intake_keys(self.stack)[strip_angle(big_id)]
        sup.log.wait(r"\bMESSAGE_QUARANTINED\b.*" + key_regex(*key), 60, supervisor=sup)

        [item] = self.items_for(key)
        print(f"\noversized: quarantine item {item['id']}: {item['reason']!r}", flush=True)
        self.assertIn(REPORTER, item["from"])
        self.assertEqual(item["subject"], subject)
        self.assertIn("message_size", item["reason"])
        self.assertEqual(item["state"], "pending")
        self.assertEqual(item["case_id"], "")
        kept = self.cvdctl("quarantine", "show", str(item["id"]), "--raw")
        self.assertLess(len(kept), self.LIMIT, "only the header section is kept")
        self.assertNotIn(marker.decode(), kept)
        self.assertIn(ACCEPTED_KEYWORD, self.flags_of(key), "intake moved past it")
        self.assertEqual([c["subject"] for c in self.cases()], ["Report after the oversized one"])
        acks = self.acks_at()
        self.assertEqual(list(acks), [strip_angle(report_id)])
        self.stop_daemon(sup)


class StoreFull(ResilienceTestCase):
    USERS = (INTAKE, REPORTER, OPERATORS)
    MAP_MIB = 2
    FLOOD = 40
    FLOOD_BYTES = 96 << 10
    SETTINGS = {**ResilienceTestCase.SETTINGS,
                "coordinator": {"operators": [OPERATORS]},
                "state": {"map_size_mib": MAP_MIB, "map_size_max_mib": MAP_MIB}}

    def flood_message(self, case_id: str, i: int) -> tuple[str, bytes]:
        mid = f"<flood-{i:03d}-{time.time_ns()}@example.net>"
        lines = b"".join(b"%03d %s\r\n" % (i, os.urandom(36).hex().encode())
                         for _ in range(self.FLOOD_BYTES // 78))
        return mid, raw_message(f"Stranger <{STRANGER}>", f"Re: [{case_id}] more details {i}",
                                mid, lines)

    def flood_state(self, keys: dict[str, tuple[int, int]]) -> tuple[set, set]:
        """(flagged, stored) flood keys: flagged at Dovecot, held in the quarantine."""
        flags = self.stack.imap_flags(INTAKE)
        flagged = {k for k in keys.values() if ACCEPTED_KEYWORD in flags.get(k[1], set())}
        items = self.quarantine_items()
        stored = {k for k in keys.values() if self.items_for(k, items)}
        return flagged, stored

    def wait_quiet(self, keys, seconds: float = 6, timeout: float = 120) -> tuple[set, set]:
        """Wait until the flood's flags stop changing for ``seconds``; return flood_state."""
        deadline = time.monotonic() + timeout
        last, since = None, time.monotonic()
        while True:
            state = self.flood_state(keys)
            if state != last:
                last, since = state, time.monotonic()
            elif time.monotonic() - since >= seconds:
                return state
            self.assertLess(time.monotonic(), deadline, "intake never settled")
            time.sleep(1)

    def test_store_full_pauses_intake_alerts_and_resumes_losing_nothing(self):
        sup = self.supervise()
        log = sup.log
        report_id, _ = self.handoff_report(REPORTER, "Report whose case the flood cites")
        self.watcher.wait_replies([report_id], timeout=120)
        case_id = self.only_case()["id"]

        flood = {}
        for i in range(self.FLOOD):
            mid, raw = self.flood_message(case_id, i)
            self.stack.send(STRANGER, INTAKE, raw)
            flood[strip_angle(mid)] = i
        self.stack.wait_for_messages(INTAKE, self.FLOOD + 1, timeout=120)
        keys = {mid: key for mid, key in intake_keys(self.stack).items() if mid in flood}
        self.assertEqual(len(keys), self.FLOOD)

        log.wait(r"\bSTORE_FULL\b", 300, supervisor=sup)
        self.watcher.wait(lambda: any("STORE_FULL" in a.subject
                                      for a in self.watcher.arrivals(OPERATORS)),
                          120, "an operator alert mail about STORE_FULL")
        flagged, stored = self.wait_quiet(keys)
        print(f"\nstore full: {len(stored)} of {self.FLOOD} flooded messages stored, "
              f"{self.FLOOD - len(flagged)} wait unflagged in Dovecot", flush=True)
        self.assertEqual(flagged, stored, "flagged at Dovecot exactly when stored")
        self.assertTrue(0 < len(stored) < self.FLOOD, len(stored))
        self.assertEqual(len(self.stack.messages(INTAKE)), self.FLOOD + 1, "nothing lost")
        self.assertEqual(sup.exits, [], "a full store pauses intake, it does not kill cvdd")
        ever_stored = set(stored)

        mark = log.mark()
        purge = self.ctl("quarantine", "purge", "--state", "pending", "--as", OPERATOR, "--json")
        self.assertEqual(purge.returncode, 0, purge.stdout + purge.stderr)
        log.wait(r"\bSTORE_RESUMED\b", 180, start=mark, supervisor=sup)
        # The store may be full again a few milliseconds later: count from the purge on.
        self.watcher.wait(lambda: len(self.flood_state(keys)[0]) == self.FLOOD
                          or log.count(r"\bSTORE_FULL\b", start=mark) > 0,
                          300, "intake to finish or fill the store again after the purge")
        flagged, stored = self.wait_quiet(keys)
        self.assertEqual(flagged - ever_stored, stored - ever_stored)
        self.assertGreater(len(stored - ever_stored), 0, "intake resumed by itself")
        ever_stored |= stored
        print(f"store full: after the purge {len(stored)} more stored, "
              f"{self.FLOOD - len(flagged)} still unflagged", flush=True)

        if len(flagged) < self.FLOOD:
            self.stop_daemon(sup)
            self.configure({**self.SETTINGS, "state": {"map_size_mib": self.MAP_MIB,
                                                       "map_size_max_mib": 64}})
            mark = log.mark()
            sup = self.supervise()
            self.watcher.wait(lambda: len(self.flood_state(keys)[0]) == self.FLOOD, 300,
                              "every flooded message stored once the map may grow")
            log.wait(r"\bSTORE_GROWN\b", 30, start=mark, supervisor=sup)
            flagged, stored = self.wait_quiet(keys)
            ever_stored |= stored
            print(f"store full: after raising map_size_max_mib {len(stored)} stored, "
                  f"{log.lines(r'STORE_GROWN', start=mark)[-1].strip()}", flush=True)

        self.assertEqual(ever_stored, set(keys.values()), "every flooded message stored")
        for mid, key in keys.items():
            self.assertEqual(len(self.outcome_lines(log, "MESSAGE_QUARANTINED", key)), 1,
                             f"flood message {flood[mid]} stored once")
        self.assertEqual(len(self.cases()), 1)
        self.stop_daemon(sup)


class DovecotRestartWhileIdle(ResilienceTestCase):
    SETTINGS = {"source": {"poll_interval": 60, "idle": True}}
    BOUND = 10.0

    def test_report_after_dovecot_restart_acknowledged_within_10s(self):
        sup = self.supervise()
        first, handed = self.handoff_report(REPORTER, "Report before the Dovecot restart")
        self.ack_latency(first, handed, timeout=120)
        time.sleep(3)  # cvdd waits in IDLE
        self.stack.stop_dovecot()
        time.sleep(1)
        self.stack.start_dovecot()
        second, handed = self.handoff_report(REPORTER, "Report after the Dovecot restart")
        latency = self.ack_latency(second, handed, timeout=120)
        print(f"\ndovecot restart: report acknowledged {latency:.2f} s after hand-off; "
              f"SOURCE_UNAVAILABLE {sup.log.count('SOURCE_UNAVAILABLE')}, SOURCE_RECOVERED "
              f"{sup.log.count('SOURCE_RECOVERED')}", flush=True)
        self.assertLessEqual(latency, self.BOUND)
        self.assertEqual(sup.exits, [], "cvdd reconnects, it does not die")
        self.assertEqual(len(self.cases()), 2)
        acks = self.acks_at()
        self.assertEqual(sorted(acks), sorted([strip_angle(first), strip_angle(second)]))
        self.assertEqual(sum(map(len, acks.values())), 2)
        self.stop_daemon(sup)



class MailDuringABatch(ResilienceTestCase):
    SETTINGS = {"source": {"poll_interval": 60, "idle": True},
                "limits": dict(UNLIMITED_ACKS)}
    BATCH = 100  # seconds of work for cvdd, which takes some 30 a second
    BOUND = 30.0  # half the poll interval: the batch's own work counts in it

    def test_report_delivered_while_a_batch_is_processed_acknowledged_at_once(self):
        for i in range(self.BATCH):
            mid = self.new_message_id()
            self.stack.send(REPORTER, INTAKE, raw_message(
                REPORTER, f"Batch report {i}", mid, b"Steps to reproduce: see the PoC.\r\n"))
        self.watcher.wait(lambda: len(self.watcher.arrivals(INTAKE)) >= self.BATCH, 120,
                          "the batch in the intake mailbox")
        sup = self.supervise()
        sup.log.wait(r"\bMESSAGE_ACCEPTED\b", 120, supervisor=sup)
        # Over SMTP at once (swaks alone takes a few hundred ms to start).
        report_id = self.new_message_id()
        self.stack.send(REPORTER, INTAKE, raw_message(
            REPORTER, "Report delivered during the batch", report_id, b"Details follow.\r\n"))
        handed = time.time()
        self.watcher.wait(lambda: self.watcher.with_id(report_id, INTAKE), 60,
                          "the report in the intake mailbox")
        accepted_before = sup.log.count(r"\bMESSAGE_ACCEPTED\b")
        latency = self.ack_latency(report_id, handed, timeout=120)
        print(f"\nmail during a batch: delivered after {accepted_before} of {self.BATCH} batch "
              f"messages, acknowledged {latency:.2f} s after hand-off", flush=True)
        self.assertLess(accepted_before, self.BATCH,
                        "the batch was done before the report arrived: nothing was tested")
        self.assertLessEqual(latency, self.BOUND)
        self.assertEqual(len(self.cases()), self.BATCH + 1)
        self.stop_daemon(sup)


if __name__ == "__main__":
    unittest.main(verbosity=2)
