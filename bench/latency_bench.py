#!/usr/bin/env python3
"""Latency benchmark (issue 10): report to acknowledgement through Postfix and Dovecot.

cvdd runs as a daemon (not --once) against the test harness's private Postfix + Dovecot
on 127.0.0.1 (tests/integration/mailstack.py); acknowledgements are signed (the default
[openpgp] sign = true).

1. Latency at each --rates (reports/s) for --seconds each, with IMAP IDLE
   (idle = true, poll_interval = 60) and the same with polling (idle = false,
   poll_interval = 1). Reports go over one SMTP connection, paced; a report's hand-off is
   the moment Postfix answered 250; its acknowledgement arrives when Dovecot's delivery
   wrote it into the reporter's Maildir (the file's mtime). p50/p90/p99/max per rate.
2. Ingest throughput in daemon mode: -n reports delivered while cvdd is stopped, then
   cvdd started; the time from its start until every acknowledgement has arrived.

    python3 bench/latency_bench.py [--build build] [--rates 1,10,50] [--seconds 30] [-n 500]
"""
import argparse
import email.utils
import os
import shutil
import smtplib
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))

from daemon_support import (UNLIMITED_ACKS, MailWatcher, Supervisor,  # noqa: E402
                            latency_summary, with_settings)
from mailstack import MailStack  # noqa: E402
from test_cvdd_e2e import INTAKE, cvdd_config_text  # noqa: E402

SENDERS = [f"reporter{i}@example.org" for i in range(10)]
MODES = {
    "idle": {"source": {"idle": True, "poll_interval": 60}},
    "poll": {"source": {"idle": False, "poll_interval": 1}},
}
MODE_TITLES = {"idle": "IDLE (poll_interval 60)", "poll": "polling (idle = false, 1 s)"}


def report(i: int, sender: str, message_id: str) -> bytes:
    return (f"From: {sender}\r\nTo: {INTAKE}\r\n"
            f"Subject: Latency bench report {i}: XSS in product {i % 97}\r\n"
            f"Date: {email.utils.formatdate()}\r\nMessage-ID: {message_id}\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
            + "Product: ExampleShop 3.2\r\nThe search form reflects the query unescaped.\r\n" * 10
            ).encode()


class Bench:
    def __init__(self, args, stack: MailStack, tmp: str):
        self.args, self.stack, self.tmp = args, stack, tmp
        self.watcher = MailWatcher(stack, [INTAKE, *SENDERS], interval=0.05).start()
        self.password_file = os.path.join(tmp, "imap-password")
        with open(self.password_file, "w") as f:
            f.write(stack.password(INTAKE) + "\n")
        os.chmod(self.password_file, 0o600)
        self.serial = 0

    def fresh(self) -> None:
        """Empty mailboxes: a fresh state dir would otherwise take old reports as new."""
        self.stack.wait_for_queue_empty(timeout=120)
        for user in [INTAKE, *SENDERS]:
            self.stack.clear_mailbox(user)

    def start_cvdd(self, name: str, settings: dict) -> tuple[Supervisor, str]:
        state = os.path.join(self.tmp, f"state-{name}")
        config = os.path.join(self.tmp, f"{name}.toml")
        text = cvdd_config_text(self.stack, state, self.password_file)
        settings = {**settings, "limits": dict(UNLIMITED_ACKS)}
        with open(config, "w") as f:
            f.write(with_settings(text, settings))
        sup = Supervisor([self.args.cvdd, "--config", config],
                         os.path.join(self.tmp, f"{name}.log"), max_restarts=0)
        sup.start()
        sup.wait_ready()
        return sup, state

    def stop_cvdd(self, sup: Supervisor, state: str) -> None:
        rc = sup.stop()
        if rc != 0:
            sys.exit(f"cvdd exited {rc}:\n{sup.log.text()[-3000:]}")
        subprocess.run(["gpgconf", "--homedir", os.path.join(state, "gnupg"), "--kill", "all"],
                       capture_output=True, timeout=30)

    def submit(self, count: int, rate: float | None) -> list[tuple[str, float]]:
        """Send ``count`` reports over one SMTP connection, ``rate`` per second (None: as
        fast as possible); return [(Message-ID, hand-off time)]."""
        sent = []
        conn = smtplib.SMTP("127.0.0.1", self.stack.smtp_port, timeout=30)
        start = time.monotonic()
        try:
            for i in range(count):
                if rate:
                    delay = start + i / rate - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                self.serial += 1
                sender = SENDERS[self.serial % len(SENDERS)]
                mid = f"<bench-{self.serial}-{time.time_ns()}@example.org>"
                conn.sendmail(sender, [INTAKE], report(self.serial, sender, mid))
                sent.append((mid, time.time()))
        finally:
            conn.quit()
        return sent

    def latencies(self, sent, timeout: float) -> tuple[list[float], int]:
        """Wait for the acknowledgements; return (latencies, how many never came)."""
        try:
            self.watcher.wait_replies([m for m, _ in sent], timeout)
        except AssertionError:
            pass
        values = []
        for mid, handed in sent:
            acks = self.watcher.replies_to(mid)
            if acks:
                values.append(acks[0].at - handed)
        return values, len(sent) - len(values)

    def latency_runs(self) -> dict:
        results = {}
        for mode in self.args.modes:
            self.fresh()
            sup, state = self.start_cvdd(mode, MODES[mode])
            for rate in self.args.rates:
                sent = self.submit(int(rate * self.args.seconds), rate)
                values, missing = self.latencies(sent, timeout=max(300, len(sent)))
                results[(mode, rate)] = (latency_summary(values), missing)
                s = results[(mode, rate)][0]
                print(f"  {mode} {rate:g}/s: {len(sent)} reports, p50 {s.get('p50', 0):.3f} s "
                      f"p99 {s.get('p99', 0):.3f} s, {missing} unacknowledged", flush=True)
            self.stop_cvdd(sup, state)
        return results

    def throughput(self) -> tuple[float, float, float, int]:
        """(seconds from start to the last acknowledgement, reports/s, seconds to
        DAEMON_READY, unacknowledged)."""
        self.fresh()
        n = self.args.n
        sent = self.submit(n, None)
        mids = {m for m, _ in sent}
        deadline = time.monotonic() + 600
        while sum(1 for a in self.watcher.arrivals(INTAKE) if "<" + a.message_id + ">" in mids) < n:
            if time.monotonic() > deadline:
                sys.exit("the reports did not all reach the intake mailbox")
            time.sleep(0.2)
        started = time.time()
        sup, state = self.start_cvdd("throughput", MODES["idle"])
        ready = time.time() - started
        values, missing = self.latencies(sent, timeout=max(600, n))
        last = max(self.watcher.replies_to(m)[0].at for m in mids if self.watcher.replies_to(m))
        self.stop_cvdd(sup, state)
        elapsed = last - started
        return elapsed, (n - missing) / elapsed, ready, missing


def print_table(results: dict, args) -> None:
    modes = args.modes
    print("\nreport-to-acknowledgement latency, Postfix -> Dovecot -> cvdd -> Postfix -> Dovecot, "
          f"signed acknowledgements, {args.seconds:g} s per rate")
    columns = f"{'n':>5} {'p50 s':>7} {'p90 s':>7} {'p99 s':>7} {'max s':>7} {'lost':>4}"
    header = f"{'rate/s':>7} | " + " | ".join(f"{MODE_TITLES[m]:<{len(columns)}}" for m in modes)
    sub = f"{'':>7} | " + " | ".join(columns for _ in modes)
    print(header)
    print(sub)
    print("-" * len(sub))
    for rate in args.rates:
        cells = []
        for m in modes:
            s, missing = results[(m, rate)]
            if not s.get("n"):
                cells.append(f"{0:>5} {'-':>7} {'-':>7} {'-':>7} {'-':>7} {missing:>4}")
                continue
            cells.append(f"{s['n']:>5} {s['p50']:>7.3f} {s['p90']:>7.3f} {s['p99']:>7.3f} "
                         f"{s['max']:>7.3f} {missing:>4}")
        print(f"{rate:>7g} | " + " | ".join(cells))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--cvdd", help="the cvdd binary (default: BUILD/daemon/cvdd)")
    p.add_argument("--rates", default="1,10,50", help="reports per second, comma-separated")
    p.add_argument("--seconds", type=float, default=30, help="seconds of traffic per rate")
    p.add_argument("--modes", default="idle,poll", help="idle,poll or one of them")
    p.add_argument("-n", type=int, default=500, help="reports for the throughput run (0: skip)")
    p.add_argument("--keep", action="store_true", help="keep the temp dir (cvdd logs, state)")
    args = p.parse_args()
    args.rates = [float(r) for r in args.rates.split(",") if r]
    args.modes = [m for m in args.modes.split(",") if m]
    args.cvdd = args.cvdd or os.path.join(args.build, "daemon", "cvdd")
    for m in args.modes:
        if m not in MODES:
            sys.exit(f"unknown mode {m} (idle, poll)")
    if not os.access(args.cvdd, os.X_OK):
        sys.exit(f"no cvdd at {args.cvdd} (--build)")
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB")
    tmp = tempfile.mkdtemp(prefix="latency-bench-")
    os.chmod(tmp, 0o755)
    try:
        with MailStack(users=[INTAKE, *SENDERS]) as stack:
            bench = Bench(args, stack, tmp)
            try:
                results = bench.latency_runs()
                thr = bench.throughput() if args.n else None
            finally:
                bench.watcher.stop()
        print_table(results, args)
        if thr:
            elapsed, per_second, ready, missing = thr
            print(f"\ningest throughput, daemon mode with IDLE: {args.n} reports delivered before "
                  f"start, all acknowledged {elapsed:.1f} s after cvdd started = "
                  f"{per_second:.1f} reports/s (DAEMON_READY after {ready:.1f} s"
                  f"{f', {missing} unacknowledged' if missing else ''})")
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
