"""Shared pieces of the daemon-mode tests (issue 10) and bench/latency_bench.py.

cvdd runs for months under systemd with Restart=always; these tests run it the same way
against the real stack of mailstack.py:

``Supervisor``       starts cvdd (not --once) and restarts it whenever it exits, as
                     Restart=always would, until ``stop()``; every run appends to one log.
``DaemonLog``        that log: wait for an event, count events, byte marks.
``MailWatcher``      a thread that notices every message Dovecot delivers into the
                     watched Maildirs and keeps its headers and its arrival time (the
                     file's mtime: Dovecot writes the file in tmp/ and renames it into
                     new/, so the mtime is the moment the delivery finished).
``send_report``      one report through the real ``swaks``, returning the moment Postfix
                     answered ``250 ... queued as`` (the hand-off), retried while Postfix
                     is down like a sending MTA would.
``percentile``/``latency_summary``, ``memory_kib`` (VmRSS...), ``with_settings`` (TOML keys),
``intake_keys`` (Message-ID -> IMAP (UIDVALIDITY, UID)), ``key_regex``.
``DaemonTestCase``   CvddTestCase with a supervised daemon and a MailWatcher per test;
                     with $CVDD_TEST_LOG_DIR set, each test's whole cvdd logs are copied there.

Latency in these tests = ack arrival (mtime in the reporter's Maildir) - hand-off time;
both come from the same wall clock (time.time(), CLOCK_REALTIME).
"""

from __future__ import annotations

import email.parser
import email.policy
import email.utils
import json
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field

from mailstack import SWAKS, MailStack, MailStackError
from test_cvdd_e2e import CVDCTL, CVDD, INTAKE, CvddTestCase, strip_angle

__all__ = ["Supervisor", "DaemonLog", "MailWatcher", "Arrival", "send_report", "percentile",
           "latency_summary", "format_summary", "memory_kib", "with_settings", "intake_keys",
           "key_regex", "DaemonTestCase"]

# [limits] for tests and benchmarks that answer many reports in one hour: no
# acknowledgement budget (per sender, per domain, overall) gets in the way.
UNLIMITED_ACKS = {"acks_per_sender_per_hour": 1000000, "acks_per_domain_per_hour": 1000000,
                  "acks_per_hour": 1000000}
READY_TIMEOUT = 180  # the first start generates the coordinator's OpenPGP key; CI is loaded


# ---------------------------------------------------------------------- configuration
def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)  # a TOML basic string for what the tests use
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML form for {value!r}")


def with_settings(text: str, settings: dict[str, dict]) -> str:
    """``text`` (a cvdd.toml) with ``settings`` = {section: {key: value}} applied: a key
    already in its section is replaced, a new one is added right under the section's
    header, a missing section is appended."""
    lines = text.splitlines()
    for section, keys in settings.items():
        header = f"[{section}]"
        try:
            start = next(i for i, line in enumerate(lines) if line.strip() == header)
        except StopIteration:
            lines += ["", header] + [f"{k} = {_toml_value(v)}" for k, v in keys.items()]
            continue
        end = next((i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")),
                   len(lines))
        for key, value in keys.items():
            line = f"{key} = {_toml_value(value)}"
            at = next((i for i in range(start + 1, end)
                       if re.match(rf"\s*{re.escape(key)}\s*=", lines[i])), None)
            if at is None:
                lines.insert(start + 1, line)
                end += 1
            else:
                lines[at] = line
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------- the daemon
class DaemonLog:
    """cvdd's stderr (one event per line), as one file over all runs of a Supervisor."""

    def __init__(self, path: str):
        self.path = path

    def text(self, start: int = 0) -> str:
        try:
            with open(self.path, "r", errors="replace") as f:
                f.seek(start)
                return f.read()
        except FileNotFoundError:
            return ""

    def mark(self) -> int:
        """The current end of the log: pass it as ``start`` to look only at what follows."""
        try:
            return os.path.getsize(self.path)
        except FileNotFoundError:
            return 0

    def lines(self, pattern: str, start: int = 0) -> list[str]:
        return [line for line in self.text(start).splitlines() if re.search(pattern, line)]

    def count(self, pattern: str, start: int = 0) -> int:
        return len(self.lines(pattern, start))

    def wait(self, pattern: str, timeout: float, start: int = 0, count: int = 1,
             supervisor: "Supervisor | None" = None) -> list[str]:
        """Wait until ``count`` lines from byte ``start`` match ``pattern``; return them.
        Raises AssertionError (a test failure) on timeout or when ``supervisor`` gave up."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.lines(pattern, start)
            if len(found) >= count:
                return found
            if supervisor is not None and supervisor.gave_up:
                raise AssertionError(f"cvdd kept exiting ({supervisor.exit_codes()}) before "
                                     f"logging {pattern!r} x{count}\n{self.text()[-4000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(found)} of {count} lines matching {pattern!r} in the "
                                     f"cvdd log after {timeout}s\n{self.text()[-4000:]}")
            time.sleep(0.1)


class Supervisor:
    """cvdd in daemon mode as systemd runs it with Restart=always: whenever the process
    exits (a SIGKILLed crash point, a watchdog kill, an error exit), it is started again
    after ``restart_delay`` seconds, with the same argv and environment, until stop().
    Like StartLimitBurst it gives up after ``max_restarts`` restarts (``gave_up``).
    Every run appends its stderr to one log (``log``), after a line "supervisor: ..."."""

    def __init__(self, argv: list[str], log_path: str, popen_kwargs: dict | None = None,
                 restart_delay: float = 0.5, max_restarts: int = 10):
        self.argv = list(argv)
        self.log = DaemonLog(log_path)
        self.popen_kwargs = dict(popen_kwargs or {})
        self.restart_delay = restart_delay
        self.max_restarts = max_restarts
        self.starts = 0
        self.exits: list[tuple[float, int]] = []  # (time.time(), returncode) of every exit
        self.gave_up = False
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._stopping = False
        self._thread: threading.Thread | None = None

    # -- state
    @property
    def pid(self) -> int | None:
        """The pid of the running cvdd, or None between runs."""
        proc = self._proc
        return proc.pid if proc is not None and proc.poll() is None else None

    def running(self) -> bool:
        return self.pid is not None

    def exit_codes(self) -> list[int]:
        return [rc for _t, rc in self.exits]

    def kills(self, sig: int = signal.SIGKILL) -> int:
        """How many runs ended by signal ``sig`` (a crash point SIGKILLs itself)."""
        return sum(1 for rc in self.exit_codes() if rc == -sig)

    # -- control
    def start(self) -> "Supervisor":
        with self._lock:
            self._stopping = False
            self.gave_up = False
            self._spawn_locked()
        self._thread = threading.Thread(target=self._watch, name="cvdd-supervisor", daemon=True)
        self._thread.start()
        return self

    def wait_ready(self, timeout: float = READY_TIMEOUT, start: int = 0) -> None:
        """Wait for DAEMON_READY from byte ``start`` of the log."""
        self.log.wait(r"\bDAEMON_READY\b", timeout, start=start, supervisor=self)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60) -> int | None:
        """Stop restarting, send ``sig`` to the running cvdd and wait for it; SIGKILL after
        ``timeout``. Returns the last run's exit code (None if it never ran)."""
        with self._lock:
            self._stopping = True
            proc = self._proc
        if proc is not None and proc.poll() is None:
            try:
                proc.send_signal(sig)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        return proc.returncode if proc is not None else None

    def signal(self, sig: int) -> None:
        """Send ``sig`` (SIGHUP, say) to the running cvdd, if any."""
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.send_signal(sig)

    def _spawn_locked(self) -> None:
        self.starts += 1
        with open(self.log.path, "ab") as out:
            out.write(f"supervisor: start {self.starts} at {time.time():.3f}\n".encode())
            out.flush()
            self._proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=out,
                                          stderr=subprocess.STDOUT, **self.popen_kwargs)

    def _watch(self) -> None:
        while True:
            proc = self._proc
            rc = proc.wait()
            with self._lock:
                self.exits.append((time.time(), rc))
                with open(self.log.path, "ab") as out:
                    out.write(f"supervisor: exit {rc} at {time.time():.3f}\n".encode())
                if self._stopping:
                    return
                if len(self.exits) > self.max_restarts:
                    self.gave_up = True
                    return
            time.sleep(self.restart_delay)  # RestartSec=
            with self._lock:
                if self._stopping:
                    return
                self._spawn_locked()


def memory_kib(pid: int) -> dict[str, int]:
    """The memory figures (KiB) of /proc/PID/status: VmRSS, RssAnon, RssFile (LMDB's
    mapped pages count here), RssShmem, VmHWM, VmSize."""
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            name, _, value = line.partition(":")
            if name.startswith(("Vm", "Rss")) and value.strip().endswith("kB"):
                out[name] = int(value.split()[0])
    return out


# ---------------------------------------------------------------------- mail
@dataclass
class Arrival:
    """One message as Dovecot delivered it into a watched Maildir."""
    user: str
    name: str          # the Maildir file's base name (unique; kept across new/ -> cur/)
    at: float          # the file's mtime: when the delivery wrote it (epoch seconds)
    seen: float        # when the watcher first saw it
    message_id: str    # without angle brackets
    in_reply_to: str   # without angle brackets
    subject: str
    headers: dict = field(default_factory=dict)  # lower-cased name -> first value


_HEADER_PARSER = email.parser.BytesHeaderParser(policy=email.policy.default)


def _read_arrival(user: str, name: str, path: str) -> Arrival | None:
    try:
        with open(path, "rb") as f:
            head = f.read(256 * 1024)
            st = os.fstat(f.fileno())
    except FileNotFoundError:
        return None  # moved from new/ to cur/ meanwhile: seen there on the next scan
    end = head.find(b"\r\n\r\n")
    end = head.find(b"\n\n") if end < 0 else end
    msg = _HEADER_PARSER.parsebytes(head[:end] if end >= 0 else head)
    headers = {k.lower(): str(v) for k, v in msg.items()}
    return Arrival(user, name, st.st_mtime, time.time(), strip_angle(headers.get("message-id")),
                   strip_angle(headers.get("in-reply-to")), headers.get("subject", ""), headers)


class MailWatcher:
    """A thread that scans the Maildirs (new/ and cur/) of ``users`` every ``interval``
    seconds and records every message that appears, once. The arrival time is the file's
    mtime, so the scan interval does not blur latencies."""

    def __init__(self, stack: MailStack, users, interval: float = 0.05):
        self.stack = stack
        self.users = list(users)
        self.interval = interval
        self._known: dict[tuple[str, str], Arrival] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mail-watcher", daemon=True)

    def start(self) -> "MailWatcher":
        self.scan()  # what is there already counts as arrived before now
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.scan()

    def scan(self) -> None:
        for user in self.users:
            maildir = self.stack.maildir(user)
            for sub in ("new", "cur"):
                try:
                    names = os.listdir(os.path.join(maildir, sub))
                except FileNotFoundError:
                    continue
                for entry in names:
                    name = entry.split(":", 1)[0]
                    with self._lock:
                        if (user, name) in self._known:
                            continue
                    arrival = _read_arrival(user, name, os.path.join(maildir, sub, entry))
                    if arrival is not None:
                        with self._lock:
                            self._known.setdefault((user, name), arrival)

    def arrivals(self, user: str | None = None) -> list[Arrival]:
        """Everything seen so far (of ``user``), in arrival order."""
        with self._lock:
            found = [a for a in self._known.values() if user is None or a.user == user]
        return sorted(found, key=lambda a: a.at)

    def replies_to(self, message_id: str, user: str | None = None) -> list[Arrival]:
        """Messages whose In-Reply-To is ``message_id`` (an acknowledgement of a report)."""
        mid = strip_angle(message_id)
        return [a for a in self.arrivals(user) if a.in_reply_to == mid]

    def with_id(self, message_id: str, user: str | None = None) -> list[Arrival]:
        mid = strip_angle(message_id)
        return [a for a in self.arrivals(user) if a.message_id == mid]

    def wait(self, predicate, timeout: float, what: str) -> None:
        """Wait until ``predicate()`` is true; flush Postfix's queue now and then (its
        backoff can lag behind a restarted Dovecot). AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        next_flush = time.monotonic() + 5
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: not within {timeout}s\n{self.stack.logs()}")
            if time.monotonic() > next_flush:
                if self.stack.queue_size():
                    self.stack.flush_queue()
                next_flush = time.monotonic() + 5
            time.sleep(0.1)

    def wait_replies(self, message_ids, timeout: float, user: str | None = None) -> None:
        """Wait until every one of ``message_ids`` has at least one reply."""
        pending = list(message_ids)

        def done() -> bool:
            pending[:] = [m for m in pending if not self.replies_to(m, user)]
            return not pending
        self.wait(done, timeout, f"acknowledgements of {len(pending)} reports, e.g. {pending[:3]}")


def send_report(stack: MailStack, sender: str, subject: str, message_id: str,
                body: str = "Steps to reproduce: open the login page, send the request.\n",
                extra_headers=(), to: str = INTAKE, retry_for: float = 0) -> tuple[float, int]:
    """Submit one report with the real swaks and return (hand-off time, tries): the
    hand-off is the moment swaks printed Postfix's "250 ... queued as" (epoch seconds).
    While Postfix is down the submission is tried again every second for up to
    ``retry_for`` seconds, as the reporter's own MTA would; then MailStackError."""
    args = [SWAKS, "--server", f"127.0.0.1:{stack.smtp_port}", "--timeout", "20",
            "--from", sender, "--to", to, "--header", f"Subject: {subject}",
            "--header", f"Message-Id: {message_id}", "--body", body]
    for h in extra_headers:
        args += ["--header", h]
    deadline = time.monotonic() + retry_for
    tries = 0
    while True:
        tries += 1
        queued_at = None
        out = []
        with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, bufsize=1) as proc:
            for line in proc.stdout:  # swaks flushes each transcript line as it happens
                out.append(line)
                if queued_at is None and re.match(r"<-\s+250 .*queued", line):
                    queued_at = time.time()
            rc = proc.wait()
        if rc == 0 and queued_at is not None:
            return queued_at, tries
        if time.monotonic() > deadline:
            raise MailStackError(f"swaks failed ({rc}) after {tries} tries: {subject}\n"
                                 + "".join(out[-20:]))
        time.sleep(1)


def intake_keys(stack: MailStack, user: str = INTAKE) -> dict[str, tuple[int, int]]:
    """{Message-ID without brackets: (UIDVALIDITY, UID)} of ``user``'s INBOX now."""
    validity = stack.uidvalidity(user)
    out = {}
    parser = email.parser.BytesHeaderParser(policy=email.policy.default)
    for uid, raw in stack.messages_by_uid(user):
        mid = strip_angle(str(parser.parsebytes(raw).get("Message-ID", "")))
        out[mid] = (validity, uid)
    return out


def key_regex(validity: int, uid: int) -> str:
    """A regex for cvdd's inbox key of IMAP message (validity, uid) as it stands in a log
    line ("key=imap:USER/INBOX:V:U") or alone (a quarantine item's inbox_key)."""
    return rf"(?:^|key=)\S*:{validity}:{uid}(?=\s|$)"


# ---------------------------------------------------------------------- statistics
def percentile(values, p: float) -> float:
    """The nearest-rank ``p``-th percentile of ``values`` (non-empty)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil(n * p / 100)
    return ordered[int(rank) - 1]


def latency_summary(latencies) -> dict:
    """{n, p50, p90, p99, max} in seconds of a list of latencies (seconds)."""
    values = list(latencies)
    if not values:
        return {"n": 0}
    return {"n": len(values), "p50": percentile(values, 50), "p90": percentile(values, 90),
            "p99": percentile(values, 99), "max": max(values)}


def format_summary(s: dict) -> str:
    if not s.get("n"):
        return "n=0"
    return (f"n={s['n']} p50={s['p50'] * 1000:.0f} ms p90={s['p90'] * 1000:.0f} ms "
            f"p99={s['p99'] * 1000:.0f} ms max={s['max'] * 1000:.0f} ms")


# ---------------------------------------------------------------------- test case
class DaemonTestCase(CvddTestCase):
    """A CvddTestCase whose cvdd runs as a daemon under a Supervisor, with a MailWatcher
    on every mailbox of USERS. ``settings`` are applied to the spec's config."""

    def setUp(self):
        super().setUp()
        self.supervisors: list[Supervisor] = []
        self.watcher = MailWatcher(self.stack, self.USERS).start()

    def tearDown(self):
        self.watcher.stop()
        keep = os.environ.get("CVDD_TEST_LOG_DIR")  # whole daemon logs, e.g. for CI artifacts
        for sup in self.supervisors:
            label = (f"cvdd log {os.path.basename(sup.log.path)} (exits during the test "
                     f"{sup.exit_codes()}, then SIGKILLed by tearDown if still running)")
            sup.stop(signal.SIGKILL, timeout=10)
            self._daemon_logs.append((label, sup.log.text()))
            if keep:
                os.makedirs(keep, exist_ok=True)
                shutil.copy(sup.log.path, os.path.join(
                    keep, f"{self.id()}.{os.path.basename(sup.log.path)}"))
        super().tearDown()

    def configure(self, settings: dict[str, dict]) -> str:
        """Write the spec's config with ``settings`` ({section: {key: value}}) applied."""
        self.config = self.write_config(with_settings(self.config_text(), settings))
        return self.config

    def supervise(self, env: dict | None = None, wait_ready: bool = True,
                  max_restarts: int = 10, log_name: str = "cvdd.log") -> Supervisor:
        """Start cvdd --config (daemon mode) under a Supervisor; wait for DAEMON_READY."""
        sup = Supervisor([CVDD, "--config", self.config], os.path.join(self.work, log_name),
                         self._popen_kwargs(env), max_restarts=max_restarts)
        start = sup.log.mark()
        self.supervisors.append(sup)
        sup.start()
        if wait_ready:
            sup.wait_ready(start=start)
        return sup

    def wait_for(self, predicate, timeout: float, what: str):
        """Poll predicate every half second; its first truthy value, or fail naming what."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.5)
        self.fail(f"timed out waiting for {what}")

    def stop_daemon(self, sup: Supervisor) -> None:
        """SIGTERM, as systemctl stop does: cvdd must exit 0 and log DAEMON_STOPPED."""
        rc = sup.stop()
        self.assertEqual(rc, 0, f"cvdd exit code after SIGTERM\n{sup.log.text()[-3000:]}")
        self.assertIn("DAEMON_STOPPED", sup.log.text())

    def ctl(self, *args: str) -> subprocess.CompletedProcess:
        """cvdctl with any exit code (self.cvdctl asserts 0)."""
        return subprocess.run([CVDCTL, "--config", self.config, *args], capture_output=True,
                              text=True, timeout=120, **self._popen_kwargs())

    def quarantine_items(self) -> list[dict]:
        """Every quarantine item, decided ones too."""
        items = self.cvdctl("quarantine", "list", "--all", "--json")
        self.assertIsInstance(items, list)
        return items

    def new_message_id(self) -> str:
        return email.utils.make_msgid(domain="example.org")

    def handoff_report(self, sender: str, subject: str, **kw) -> tuple[str, float]:
        """Send a report with swaks; return (Message-ID, hand-off time)."""
        message_id = kw.pop("message_id", None) or self.new_message_id()
        at, _tries = send_report(self.stack, sender, subject, message_id, **kw)
        return message_id, at

    def ack_latency(self, message_id: str, handed_at: float, timeout: float,
                    user: str | None = None) -> float:
        """Wait for the acknowledgement of ``message_id``; return its latency (s)."""
        self.watcher.wait_replies([message_id], timeout, user)
        return self.watcher.replies_to(message_id, user)[0].at - handed_at


class SimulatedClockTestCase(DaemonTestCase):
    """A DaemonTestCase whose cvdd and cvdctl read the time from a file
    ($CVDD_TEST_CLOCK_FILE, read on every cycle): set_clock moves it while cvdd runs."""

    def setUp(self):
        super().setUp()
        self.clock_file = os.path.join(self.work, "clock")

    def _popen_kwargs(self, env_extra=None):
        return super()._popen_kwargs({"CVDD_TEST_CLOCK_FILE": self.clock_file,
                                      **(env_extra or {})})

    def set_clock(self, when: datetime.datetime) -> None:
        tmp = self.clock_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{int(when.timestamp())}\n")
        os.chmod(tmp, 0o644)  # cvdd may run as another user
        os.replace(tmp, self.clock_file)  # the daemon never reads half a number
