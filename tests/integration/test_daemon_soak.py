"""The soak of issue 10: one long-running cvdd (not --once) through Postfix and Dovecot.

For SOAK_SECONDS (default 180) six reporters send reports every 0.5-2 s (random, seeded
by CVDD_SOAK_SEED) with the real swaks. cvdd polls only every 60 s, so only IMAP IDLE
makes it fast. Mid-run Dovecot is restarted once and Postfix is stopped for 20 s (the
senders pause for a moment before each stop until all they sent is acknowledged: a server
stopped halfway through an LMTP delivery makes Postfix deliver twice, which would not be
cvdd's doing), and `cvdctl backup` is taken once. Then:

- every report has exactly one case and exactly one acknowledgement in its reporter's
  mailbox; cvdd ran the whole time (one start, no exit);
- p50 report-to-acknowledgement latency <= 1 s over the reports sent while both servers
  were up (latency = the acknowledgement's delivery into the reporter's Maildir, its
  file's mtime, minus the moment Postfix answered swaks "250 queued"), and none of those
  waited half a poll_interval (an IDLE wake-up lost);
- cvdd's VmRSS at the end is within 10 % of its VmRSS after the first minute;
- no SOURCE_UNAVAILABLE once Dovecot has been back for SOURCE_GRACE seconds.

Restore: `cvdctl restore` is refused while cvdd runs; after a clean stop it restores
the mid-run backup, two reports arrive while cvdd is down and three after it is back.
No report is acknowledged twice; each report sent before the restore is either a case
of the restored store or quarantined with a reason naming the restore (those acknowledged
before the backup are cases, those sent after it are quarantined); the five new reports
get a case and an acknowledgement each. Figures go to stdout for the CI log.
"""

from __future__ import annotations

import collections
import dataclasses
import os
import random
import re
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon_support import (UNLIMITED_ACKS, DaemonTestCase, format_summary,  # noqa: E402
                            intake_keys, key_regex, latency_summary, memory_kib, send_report)
from mailstack import parse  # noqa: E402
from test_cvdd_e2e import INTAKE, strip_angle  # noqa: E402

SENDERS = ("alice@example.org", "bob@example.net", "carol@example.com", "dave@example.org",
           "erin@example.jp", "frank@example.net")
SOAK_SECONDS = float(os.environ.get("SOAK_SECONDS", "180"))
SEED = int(os.environ.get("CVDD_SOAK_SEED", "10"))
POLL_INTERVAL = 60                 # so only IDLE can make cvdd fast
RSS_BASELINE_AT = 60.0             # "after the first minute"
DOVECOT_RESTART_AT = 0.42          # fractions of SOAK_SECONDS
BACKUP_AT = 0.55
POSTFIX_STOP_AT = 0.66
POSTFIX_DOWN = 20.0                # seconds
DOVECOT_DOWN = 2.0
SOURCE_GRACE = 5.0                 # reconnecting after Dovecot is back may take this long
QUIET_BEFORE = 5.0                 # latency counts only reports handed over this long before
QUIET_AFTER = 10.0                 # an outage starts or this long after the server is back
P50_BOUND = 1.0                    # seconds
RSS_TOLERANCE = 0.10
QUIESCE_MAX = 10.0                 # seconds the senders pause at most before a server stops
SLOW = 5.0                         # latencies above this are listed one by one


@dataclasses.dataclass
class Sent:
    n: int
    sender: str
    subject: str
    message_id: str
    handed_at: float  # epoch seconds: Postfix answered 250
    tries: int


class Traffic(threading.Thread):
    """Sends reports from ``senders`` every 0.5-2 s (random from ``rng``) until stop().
    A report refused because Postfix is down is tried every second until accepted (the
    reporter's MTA queues it); those planned meanwhile follow at once when it is back.
    ``pause`` (a lock) holds the sending between two reports."""

    def __init__(self, stack, senders, rng: random.Random, label: str):
        super().__init__(name=f"traffic-{label}", daemon=True)
        self.stack, self.senders, self.rng, self.label = stack, senders, rng, label
        self.sent: list[Sent] = []
        self.errors: list[str] = []
        self.pause = threading.Lock()
        self._stop_event = threading.Event()

    def stop(self) -> None:
        self._stop_event.set()
        if self.is_alive():
            self.join(timeout=300)

    def run(self) -> None:
        next_at = time.monotonic()
        n = 0
        while not self._stop_event.is_set():
            if self._stop_event.wait(max(0.0, next_at - time.monotonic())):
                break
            with self.pause:
                n += 1
                sender = self.rng.choice(self.senders)
                subject = (f"{self.label} {n:04d}: heap overflow in module "
                           f"{self.rng.randrange(10000)} reported by {sender.split('@')[0]}")
                message_id = f"<{self.label}-{n:04d}-{os.getpid()}-{time.time_ns()}@example.org>"
                try:
                    at, tries = send_report(self.stack, sender, subject, message_id,
                                            retry_for=POSTFIX_DOWN * 6)
                    self.sent.append(Sent(n, sender, subject, message_id, at, tries))
                except Exception as e:  # recorded; the test asserts there were none
                    self.errors.append(f"{subject}: {e}")
            next_at += self.rng.uniform(0.5, 2.0)


class DaemonSoak(DaemonTestCase):
    USERS = (INTAKE, *SENDERS)

    def sleep_until(self, t0: float, offset: float) -> None:
        delay = t0 + offset - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def quiesce(self, traffic: Traffic) -> None:
        """With ``traffic.pause`` held: wait (QUIESCE_MAX at most) until every report so
        far is acknowledged, then until Postfix holds nothing. A server stopped in the
        middle of an LMTP delivery has the message saved without Postfix having its 250,
        and Postfix delivers it again: a second copy in the mailbox that would not be
        cvdd's doing. A late acknowledgement is not waited for longer: it shows in the
        latency figures, and the soak goes on."""
        try:
            self.watcher.wait_replies([s.message_id for s in traffic.sent], timeout=QUIESCE_MAX)
        except AssertionError:
            pass
        self.stack.wait_for_queue_empty(timeout=60)

    def acks_in_mailboxes(self) -> dict[str, list]:
        """{report Message-ID without brackets: [acknowledgements]} read over IMAP from
        every reporter's INBOX once Postfix holds nothing more."""
        self.stack.wait_for_queue_empty(timeout=60)
        out = collections.defaultdict(list)
        for user in SENDERS:
            for raw in self.stack.messages(user):
                ack = parse(raw)
                out[strip_angle(ack["In-Reply-To"])].append(ack)
        return out

    def test_soak_with_outages_then_backup_restore(self):
        self.configure({"source": {"poll_interval": POLL_INTERVAL, "idle": True},
                        "limits": dict(UNLIMITED_ACKS)})
        sup = self.supervise()
        log = sup.log
        backup_file = os.path.join(self.work, "soak-backup")
        traffic = Traffic(self.stack, SENDERS, random.Random(SEED), "soak")
        self.addCleanup(traffic.stop)
        outages: dict[str, tuple[float, float]] = {}

        print(f"\nsoak: {SOAK_SECONDS:.0f} s, seed {SEED}, senders {len(SENDERS)}, "
              f"cvdd pid {sup.pid}", flush=True)
        t0, wall0 = time.monotonic(), time.time()
        traffic.start()

        self.sleep_until(t0, min(RSS_BASELINE_AT, SOAK_SECONDS / 3))
        memory_base = memory_kib(sup.pid)
        rss_base = memory_base["VmRSS"]

        self.sleep_until(t0, SOAK_SECONDS * DOVECOT_RESTART_AT)
        with traffic.pause:
            self.quiesce(traffic)
            down = time.time()
            self.stack.stop_dovecot()
        time.sleep(DOVECOT_DOWN)
        self.stack.start_dovecot()
        outages["dovecot"] = (down, time.time())
        time.sleep(SOURCE_GRACE)
        source_mark = log.mark()  # from here on: no SOURCE_UNAVAILABLE

        self.sleep_until(t0, SOAK_SECONDS * BACKUP_AT)
        backup_started = time.time()
        backup = self.ctl("backup", backup_file)
        backup_finished = time.time()

        self.sleep_until(t0, SOAK_SECONDS * POSTFIX_STOP_AT)
        with traffic.pause:
            self.quiesce(traffic)
            down = time.time()
            self.stack.stop_postfix()
        time.sleep(POSTFIX_DOWN)
        self.stack.start_postfix()
        outages["postfix"] = (down, time.time())

        self.sleep_until(t0, SOAK_SECONDS)
        traffic.stop()
        sent = list(traffic.sent)
        self.watcher.wait_replies([s.message_id for s in sent], timeout=300)
        acks = self.acks_in_mailboxes()
        time.sleep(3)  # let the daemon settle before the last RSS sample
        memory_end = memory_kib(sup.pid)
        rss_end = memory_end["VmRSS"]

        # ------------------------------------------------------------ the figures
        def disturbed(s: Sent) -> bool:
            return any(start - QUIET_BEFORE <= s.handed_at <= back + QUIET_AFTER
                       for start, back in outages.values())
        latency = {s.message_id: self.watcher.replies_to(s.message_id)[0].at - s.handed_at
                   for s in sent}
        steady = [latency[s.message_id] for s in sent if not disturbed(s)]
        summary = latency_summary(steady)
        every = latency_summary(latency.values())
        unavailable = log.lines(r"\bSOURCE_UNAVAILABLE\b", start=source_mark)
        print(f"soak: {len(sent)} reports ({sum(s.tries > 1 for s in sent)} retried while "
              f"Postfix was down); outages {', '.join(f'{k} {b - a:.1f} s' for k, (a, b) in outages.items())}", flush=True)
        print(f"soak latency, both servers up: {format_summary(summary)}", flush=True)
        print(f"soak latency, all reports:     {format_summary(every)}", flush=True)
        for s in sent:
            if latency[s.message_id] > SLOW:
                print(f"soak slow: {s.subject!r} handed over at +{s.handed_at - wall0:.1f} s, "
                      f"acknowledged after {latency[s.message_id]:.1f} s"
                      f"{' (during an outage)' if disturbed(s) else ''}", flush=True)
        print(f"soak RSS: {rss_base} KiB after {min(RSS_BASELINE_AT, SOAK_SECONDS / 3):.0f} s, "
              f"{rss_end} KiB at the end ({(rss_end - rss_base) / rss_base:+.1%}); of these "
              f"RssAnon {memory_base.get('RssAnon')} -> {memory_end.get('RssAnon')} KiB, RssFile "
              f"{memory_base.get('RssFile')} -> {memory_end.get('RssFile')} KiB; VmHWM "
              f"{memory_end.get('VmHWM')} KiB", flush=True)
        print(f"soak log: SOURCE_UNAVAILABLE {log.count(r'SOURCE_UNAVAILABLE')} "
              f"({len(unavailable)} after the grace), SOURCE_RECOVERED "
              f"{log.count(r'SOURCE_RECOVERED')}; backup {backup_finished - backup_started:.2f} s "
              f"rc={backup.returncode}", flush=True)

        with self.subTest("soak"):
            self.assertEqual(traffic.errors, [])
            self.assertGreaterEqual(len(steady), SOAK_SECONDS / 4, "too few undisturbed reports")
            self.assertEqual((sup.starts, sup.exits), (1, []), "cvdd must run the whole soak")
            cases = collections.defaultdict(list)
            for c in self.cases():
                cases[c["subject"]].append(c)
            self.assertEqual(sum(map(len, cases.values())), len(sent), "one case per report, no more")
            for s in sent:
                self.assertEqual(len(cases[s.subject]), 1, s.subject)
                case = cases[s.subject][0]
                self.assertEqual(case["reporter"], s.sender)
                got = acks.get(strip_angle(s.message_id), [])
                self.assertEqual(len(got), 1, f"acknowledgements of {s.subject}: "
                                 f"{[a['Message-ID'] for a in got]}")
                self.assertEqual(str(got[0]["Subject"]), f"[{case['id']}] {s.subject}")
                self.assertEqual(got[0].get_content_type(), "multipart/signed")
            self.assertEqual(sum(map(len, acks.values())), len(sent),
                             "reporters' mailboxes hold nothing but one acknowledgement a report")
            self.assertLessEqual(summary["p50"], P50_BOUND, format_summary(summary))
            self.assertLessEqual(abs(rss_end - rss_base), RSS_TOLERANCE * rss_base,
                                 f"VmRSS {rss_base} KiB -> {rss_end} KiB")
            self.assertEqual(unavailable, [], "SOURCE_UNAVAILABLE after Dovecot was back")

        with self.subTest("no report waits for the 60 s poll"):
            # Not a bound of the issue's, but what IDLE is for: a report that waits half a
            # poll_interval was not pushed (a lost wake-up), whatever the p50 says.
            self.assertLess(summary["max"], POLL_INTERVAL / 2, format_summary(summary))

        with self.subTest("backup and restore"):
            self.assertEqual(backup.returncode, 0, f"cvdctl backup: {backup.stdout}{backup.stderr}")
            self.assertTrue(os.path.getsize(backup_file) > 0)
            self.restore_and_check(sup, backup_file, sent, backup_started, backup_finished)

    def restore_and_check(self, sup, backup_file: str, sent: list[Sent],
                          backup_started: float, backup_finished: float) -> None:
        before = sorted(c["id"] for c in self.cases())
        refused = self.ctl("restore", backup_file)
        self.assertNotEqual(refused.returncode, 0, "restore must be refused while cvdd runs")
        self.assertEqual(sorted(c["id"] for c in self.cases()), before)
        self.stop_daemon(sup)

        n = len(self.stack.messages(INTAKE))
        new = []
        for i in range(2):  # arrive while cvdd is down: never accepted before the restore
            subject = f"Report {i + 1} that arrived while cvdd was stopped"
            mid, at = self.handoff_report(SENDERS[i], subject)
            new.append(Sent(i, SENDERS[i], subject, mid, at, 1))
        self.stack.wait_for_messages(INTAKE, n + 2, timeout=60)
        restored = self.ctl("restore", backup_file)
        restored_at = time.time()
        self.assertEqual(restored.returncode, 0, f"cvdctl restore: {restored.stdout}{restored.stderr}")
        self.supervise(log_name="cvdd-restored.log")
        for i in range(2, 5):
            subject = f"Report {i + 1} after the restore"
            mid, at = self.handoff_report(SENDERS[i], subject)
            new.append(Sent(i, SENDERS[i], subject, mid, at, 1))

        keys = intake_keys(self.stack)
        restore_reason = re.compile(r"(?i)restor")

        def accounted() -> tuple[dict, dict]:
            subjects = collections.Counter(c["subject"] for c in self.cases())
            quarantined = collections.defaultdict(list)
            items = self.quarantine_items()
            for s in sent:
                pattern = key_regex(*keys[strip_angle(s.message_id)])
                quarantined[s.message_id] = [q for q in items if re.search(pattern, q["inbox_key"])]
            return subjects, quarantined

        def all_accounted() -> bool:
            subjects, quarantined = accounted()
            return all(subjects[s.subject] + len(quarantined[s.message_id]) > 0 for s in sent)
        self.watcher.wait_replies([s.message_id for s in new], timeout=180)
        self.watcher.wait(all_accounted, 180, "every report a case or quarantined after the restore")
        time.sleep(5)  # a second acknowledgement would be on its way by now
        acks = self.acks_in_mailboxes()
        subjects, quarantined = accounted()

        as_case = as_restored = 0
        for s in sent:
            items = quarantined[s.message_id]
            outcome = (subjects[s.subject], len(items))
            self.assertIn(outcome, [(1, 0), (0, 1)], f"{s.subject}: cases, quarantine items")
            if items:
                as_restored += 1
                self.assertRegex(items[0]["reason"], restore_reason)
            else:
                as_case += 1
            ack = self.watcher.replies_to(s.message_id)[0]
            if ack.at < backup_started:
                self.assertEqual(outcome, (1, 0), f"{s.subject} was acknowledged before the backup")
            if s.handed_at > backup_finished:
                self.assertEqual(outcome, (0, 1), f"{s.subject} was sent after the backup")
        for s in new:
            self.assertEqual(subjects[s.subject], 1, s.subject)
        # A case committed before the backup whose acknowledgement went out after it: the
        # restored outbox still holds that acknowledgement as due.
        in_flight = [s for s in sent if subjects[s.subject]
                     and self.watcher.replies_to(s.message_id)[0].at >= backup_started]
        print(f"restore: {as_case} reports are cases of the restored store ({len(in_flight)} of "
              f"them acknowledged only after the backup began), {as_restored} quarantined for "
              f"the restore, {len(new)} new reports", flush=True)
        for s in sent + new:
            got = acks.get(strip_angle(s.message_id), [])
            arrivals = [f"{a.at - restored_at:+.1f} s" for a in self.watcher.replies_to(s.message_id)]
            self.assertEqual(len(got), 1, f"acknowledgements of {s.subject}: "
                             f"{[a['Message-ID'] for a in got]}, arrived at {arrivals} from the "
                             f"restore{' (in flight at the backup)' if s in in_flight else ''}")
        self.assertEqual(sum(map(len, acks.values())), len(sent) + len(new))
        self.assertGreater(as_restored, 0, "the backup was taken mid-run: later reports exist")


if __name__ == "__main__":
    unittest.main(verbosity=2)
