"""ImapSource against a real Dovecot (mailstack.py), through tests/daemon/imap_probe.

The probe holds one ImapSource and takes commands on stdin (see imap_probe.cpp): here we
check that IDLE wakes it within 2 s of a delivery, that interrupt() from another thread
ends an IDLE at once, that a Dovecot restart makes listNew fail while it is down and work
again after, and that without IDLE in Dovecot's capabilities polling still finds mail.
The binary comes from $IMAP_PROBE_BIN (CMake passes it); without it the tests skip.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailstack import MailStack, StackTestCase  # noqa: E402

PROBE = os.environ.get("IMAP_PROBE_BIN", "")
HAVE_PROBE = bool(PROBE) and os.access(PROBE, os.X_OK)
INTAKE = "vendors@cert.example"
REPORTER = "reporter@example.org"
WAKE_LIMIT = 2.0  # seconds from a delivery to the end of waitForChange


class Probe:
    """One imap_probe process; answers are read by a thread so reads can time out."""

    def __init__(self, stack: MailStack, work: str, *extra: str):
        password_file = os.path.join(work, "password")
        with open(password_file, "w") as f:
            f.write(stack.password(INTAKE) + "\n")
        args = [PROBE, "--url", f"imap://127.0.0.1:{stack.imap_port}/INBOX", "--user", INTAKE,
                "--password-file", password_file, "--state", os.path.join(work, "state")]
        if stack.tls:
            args += ["--ca-file", stack.ca_file]
        else:
            args += ["--no-tls"]
        os.makedirs(os.path.join(work, "state"), exist_ok=True)
        self.stderr_path = os.path.join(work, "probe.stderr")
        self._stderr = open(self.stderr_path, "w")
        self.proc = subprocess.Popen(args + list(extra), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self._stderr, text=True,
                                     bufsize=1)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put("<eof>")

    def send(self, command: str) -> None:
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()

    def answer(self, timeout: float = 90) -> str:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"imap_probe said nothing for {timeout} s") from None

    def ask(self, command: str, timeout: float = 90) -> str:
        self.send(command)
        return self.answer(timeout)

    def listed(self) -> dict[int, int]:
        """{uid: size} from a `list` that must succeed."""
        line = self.ask("list")
        if not line.startswith("listed "):
            raise AssertionError(f"list failed: {line}")
        return {int(u): int(s) for u, s in (item.split(":") for item in line.split()[2:])}

    def log(self) -> str:
        """What the probe wrote to stderr so far (the source's log lines)."""
        with open(self.stderr_path) as f:
            return f.read()

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.send("interrupt")
                self.send("quit")
                self.proc.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout, self._stderr):
            try:
                stream.close()
            except OSError:
                pass


@unittest.skipUnless(HAVE_PROBE, "set IMAP_PROBE_BIN to the built tests/daemon/imap_probe")
class ImapSourceCase(StackTestCase):
    STACK_OPTIONS: dict = {}
    stack: MailStack

    @classmethod
    def setUpClass(cls):
        cls.stack = MailStack(users=[INTAKE, REPORTER], **cls.STACK_OPTIONS)
        cls.stack.start()

    @classmethod
    def tearDownClass(cls):
        cls.stack.stop()

    def client_logs(self) -> list[tuple[str, str]]:
        return [("imap_probe stderr", log) for log in getattr(self, "_probe_logs", [])]

    def setUp(self):
        self._probe_logs: list[str] = []
        self.stack.start_dovecot()
        self.stack.clear_mailbox(INTAKE)
        self.work = tempfile.mkdtemp(prefix="imap-probe-")
        self.probes: list[Probe] = []

    def tearDown(self):
        for probe in self.probes:
            probe.close()
            self._probe_logs.append(probe.log())
        shutil.rmtree(self.work, ignore_errors=True)

    def probe(self, *extra: str) -> Probe:
        p = Probe(self.stack, self.work, *extra)
        self.probes.append(p)
        return p

    def deliver(self, subject: str) -> None:
        """Submit a mail to Postfix (returns when Postfix has queued it)."""
        self.stack.send(REPORTER, INTAKE, (f"From: {REPORTER}\r\nTo: {INTAKE}\r\n"
                                           f"Subject: {subject}\r\n\r\nbody\r\n").encode())

    def woke(self, line: str) -> float:
        m = re.fullmatch(r"woke (\d+\.\d+)", line)
        self.assertIsNotNone(m, line)
        return float(m.group(1))

    def poll_until_listed(self, p) -> dict:
        """Polls as cvdd does when it does not idle: each wait must end after poll_interval
        (1 s), not at `until`; returns what listNew finds within 15 s."""
        deadline = time.monotonic() + 15
        found = {}
        while not found and time.monotonic() < deadline:
            self.assertEqual(p.ask("wait 600"), "waiting")
            self.assertLess(self.woke(p.answer(timeout=30)), 2.5)  # poll_interval, not `until`
            found = p.listed()
        return found


class IdleOverStartTls(ImapSourceCase):
    """The default: STARTTLS verified against the harness certificate, and IDLE."""
    STACK_OPTIONS = {"tls": True}

    def test_delivery_while_idling_wakes_within_two_seconds(self):
        p = self.probe()
        self.assertEqual(p.listed(), {})
        self.assertRegex(p.log(), r"IMAP_CONNECTED .* tls=starttls idle=true")
        self.assertEqual(p.ask("wait 120"), "waiting")
        time.sleep(0.5)  # let the IDLE begin
        started = time.monotonic()
        self.deliver("woken by IDLE")
        line = p.answer(timeout=30)
        latency = time.monotonic() - started
        self.woke(line)
        sys.stderr.write(f"\nIDLE woke {latency:.3f} s after the delivery was submitted\n")
        self.assertLess(latency, WAKE_LIMIT, f"IDLE woke {latency:.3f} s after the delivery")

        listed = p.listed()
        self.assertEqual(len(listed), 1, listed)
        [(uid, size)] = listed.items()
        self.assertGreater(size, 0)
        self.assertEqual(p.ask(f"fetch {uid}"), f"fetched {uid} {size}")
        header = p.ask(f"header {uid}").split()
        self.assertEqual(header[:2], ["header", str(uid)])
        self.assertLess(int(header[2]), size)
        self.assertEqual(header[3], "true")  # up to and including the blank line
        self.assertEqual(p.ask(f"accept {uid}"), f"accepted {uid} true")
        self.assertIn("$CvddAccepted", self.stack.imap_flags(INTAKE)[uid])
        self.assertEqual(p.listed(), {})  # the stored position is honoured
        with open(os.path.join(self.stack.dir, "dovecot.log")) as f:
            self.assertRegex(f.read(), r"Login: user=<vendors@cert\.example>.*\bTLS\b")

    def test_interrupt_ends_an_idle_at_once_and_is_sticky(self):
        p = self.probe()
        p.listed()
        self.assertEqual(p.ask("wait 600"), "waiting")
        time.sleep(0.5)
        started = time.monotonic()
        self.assertEqual(p.ask("interrupt"), "interrupted")
        self.woke(p.answer(timeout=30))
        self.assertLess(time.monotonic() - started, 0.5)
        # An interrupt with no wait running ends the next wait at once, and only that one.
        self.assertEqual(p.ask("interrupt"), "interrupted")
        self.assertEqual(p.ask("wait 600"), "waiting")
        self.assertLess(self.woke(p.answer(timeout=30)), 0.2)
        self.assertEqual(p.ask("wait 1"), "waiting")
        self.assertGreaterEqual(self.woke(p.answer(timeout=30)), 0.9)
        # The session survived the interrupted IDLEs.
        self.deliver("after interrupts")
        self.stack.wait_for_messages(INTAKE, 1)
        self.assertEqual(len(p.listed()), 1)

    def test_dovecot_restart_fails_listing_while_down_and_recovers(self):
        p = self.probe()
        p.listed()
        self.assertEqual(p.ask("wait 600"), "waiting")
        time.sleep(0.5)
        started = time.monotonic()
        self.stack.stop_dovecot()
        # Dovecot says BYE to idling clients as it stops: the wait ends with it.
        self.woke(p.answer(timeout=30))
        self.assertLess(time.monotonic() - started, 10)
        line = p.ask("list")
        self.assertRegex(line, rf"^error IMAP 127\.0\.0\.1:{self.stack.imap_port} connect: "
                               r"Connection refused")
        # Disconnected, waitForChange sleeps out the caller's deadline (its backoff).
        self.assertEqual(p.ask("wait 1"), "waiting")
        self.assertGreaterEqual(self.woke(p.answer(timeout=30)), 0.9)
        self.stack.start_dovecot()
        self.assertEqual(p.listed(), {})
        self.deliver("after the restart")
        self.stack.wait_for_messages(INTAKE, 1)
        self.assertEqual(len(p.listed()), 1)
        self.assertEqual(len(re.findall(r"IMAP_CONNECTED", p.log())), 2)


    def test_idle_disabled_in_the_config_polls_instead(self):
        p = self.probe("--no-idle", "--poll", "1")
        self.assertEqual(p.listed(), {})
        self.assertRegex(p.log(), r"IMAP_CONNECTED .* idle=false")
        self.assertEqual(p.ask("wait 600"), "waiting")
        self.assertLess(self.woke(p.answer(timeout=30)), 2.5)  # poll_interval, not `until`
        # The server offers IDLE, but the config says poll: polling finds new mail.
        self.deliver("found by polling, IDLE off")
        self.assertEqual(len(self.poll_until_listed(p)), 1, "polling never found the mail")


class PollingWithoutIdle(ImapSourceCase):
    """A server without IDLE: waitForChange sleeps poll_interval, listNew finds the mail."""
    STACK_OPTIONS = {"imap_idle": False}

    def test_polling_finds_new_mail(self):
        p = self.probe("--poll", "1")
        self.assertEqual(p.listed(), {})
        self.assertRegex(p.log(), r"IMAP_CONNECTED .* tls=none idle=false")
        self.deliver("found by polling")
        self.assertEqual(len(self.poll_until_listed(p)), 1, "polling never found the mail")
        # The EXISTS for that mail may have come with the SEARCH that found it; the source
        # then rightly ends the next wait at once, since the search may predate the mail.
        # One more listing, with nothing new, settles that.
        p.listed()
        # interrupt() ends a poll sleep as well.
        self.assertEqual(p.ask("wait 600"), "waiting")
        self.assertEqual(p.ask("interrupt"), "interrupted")
        self.assertLess(self.woke(p.answer(timeout=30)), 0.5)


if __name__ == "__main__":
    unittest.main()
