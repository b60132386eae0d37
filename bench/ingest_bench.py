#!/usr/bin/env python3
"""Ingest benchmark: N plain reports become cases with acknowledgements queued.

(a) from a Maildir, (b) from a real Dovecot over IMAP (the test harness's private
instance on 127.0.0.1). Prints messages/second and the daemon's peak RSS for each.
The SMTP URL points at a closed port, so acknowledgements stay queued in the outbox:
the figure is the ingest path alone (fetch, parse, decide, compose, one commit, flag).

    python3 bench/ingest_bench.py [--build build] [-n 1000]
"""
import argparse
import imaplib
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))


def report(i: int) -> bytes:
    return (
        f"From: Reporter {i} <reporter{i}@example.org>\r\n"
        f"To: vendors@cert.example\r\n"
        f"Subject: Vulnerability report number {i} in product {i % 97}\r\n"
        f"Date: Sun, 22 Nov 2026 02:00:00 +0000\r\n"
        f"Message-ID: <bench-{i}@example.org>\r\n"
        f"MIME-Version: 1.0\r\n"
        f"Content-Type: text/plain; charset=UTF-8\r\n\r\n"
        + "Product: ExampleShop 3.2\r\nThe login form is injectable.\r\n" * 20
    ).encode()


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def write_config(path: str, source_lines: str, state: str) -> None:
    with open(path, "w") as f:
        f.write(
            f"""[coordinator]
name = "Bench CERT"
intake = "vendors@cert.example"
case_prefix = "CVD"
timezone = "Asia/Tokyo"
[source]
{source_lines}
[smtp]
url = "smtp://127.0.0.1:{closed_port()}"
starttls = false
retry_initial = 3600
retry_max = 3600
[state]
dir = "{state}"
"""
        )


def run_once(cvdd: str, config: str, n: int, cvdctl: str) -> tuple[float, float]:
    """Runs cvdd --once; returns (seconds, peak RSS MiB of that child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    r = subprocess.run([cvdd, "--config", config, "--once"], capture_output=True, text=True)
    elapsed = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if r.returncode != 0:
        sys.exit(f"cvdd failed ({r.returncode}):\n{r.stderr[-3000:]}")
    cases = json.loads(
        subprocess.run([cvdctl, "--config", config, "case", "list", "--json"],
                       capture_output=True, text=True, check=True).stdout)
    if len(cases) != n:
        sys.exit(f"expected {n} cases, found {len(cases)}")
    # ru_maxrss of children is the maximum over all waited-for children so far.
    return elapsed, max(peak, before) / 1024.0


def bench_maildir(args, tmp: str) -> None:
    inbox = os.path.join(tmp, "inbox")
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(inbox, sub))
    for i in range(args.n):
        with open(os.path.join(inbox, "new", f"{1795312800 + i}.bench{i:06d}"), "wb") as f:
            f.write(report(i))
    config = os.path.join(tmp, "maildir.toml")
    write_config(config, f'url = "maildir:{inbox}"', os.path.join(tmp, "state-maildir"))
    elapsed, rss = run_once(args.cvdd, config, args.n, args.cvdctl)
    print(f"maildir: {args.n} reports in {elapsed:.2f} s = {args.n / elapsed:.0f} messages/s, "
          f"peak RSS {rss:.1f} MiB")


def bench_imap(args, tmp: str) -> None:
    from mailstack import MailStack

    with MailStack(users=["vendors@cert.example"]) as stack:
        c = stack.imap("vendors@cert.example")
        for i in range(args.n):
            c.append("INBOX", None, None, report(i))
        c.logout()
        pw = os.path.join(tmp, "imap.pw")
        with open(pw, "w") as f:
            f.write(stack.password("vendors@cert.example") + "\n")
        config = os.path.join(tmp, "imap.toml")
        write_config(
            config,
            f'url = "imap://127.0.0.1:{stack.imap_port}/INBOX"\nuser = "vendors@cert.example"\n'
            f'password_file = "{pw}"\nstarttls = false',
            os.path.join(tmp, "state-imap"))
        elapsed, rss = run_once(args.cvdd, config, args.n, args.cvdctl)
        print(f"imap:    {args.n} reports in {elapsed:.2f} s = {args.n / elapsed:.0f} messages/s, "
              f"peak RSS {rss:.1f} MiB")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("-n", type=int, default=1000)
    args = p.parse_args()
    args.cvdd = os.path.join(args.build, "daemon", "cvdd")
    args.cvdctl = os.path.join(args.build, "cli", "cvdctl")
    print(f"machine: {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB")
    with tempfile.TemporaryDirectory() as tmp:
        bench_maildir(args, tmp)
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        bench_imap(args, tmp)


if __name__ == "__main__":
    main()
