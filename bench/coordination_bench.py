#!/usr/bin/env python3
"""Coordination benchmark (issue 4): 100 000 cases and about 1 000 000 pending deadlines.

Fills a fresh state dir through build/bench/coordination_bench (cases, reports, workflows
built by core::apply, the vendor registry, the deadline index = core::pendingDeadlines),
then measures on that one state, in this order:
  - data.mdb size (apparent and allocated);
  - `cvdctl case list` (text and --json), `cvdctl case show ID` and, when cvdctl has them,
    `cvdctl deadlines --due-before` and `cvdctl todo` (text and --json): median of 5 runs
    each;
  - the real `cvdd --once` (empty Maildir source, Maildir sink) with the clock
    (CVDD_TEST_CLOCK_FILE) before every deadline and then where ~1000 are due: wall time
    and peak RSS of the child;
  - daemon::fireDueDeadlines in ticks of 1000 with no keyring, then ticks of 200 signed
    with the coordinator's gpg key (the one cvdd generated on its first run).
Prints a table of figures. Takes a few minutes and a few GiB of disk; run it alone.

    python3 bench/coordination_bench.py [--build build] [--cases 100000] [--vendors 3000]
        [--ticks 10] [--signed-ticks 5] [--dir DIR] [--keep]
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_child(cmd, env=None, stdout=subprocess.DEVNULL):
    """Runs cmd; returns (seconds, peak RSS MiB of cmd itself, stdout bytes or None).

    The RSS comes from /usr/bin/time: Linux carries a process's peak RSS across fork and
    exec, so this script's own size would show in wait4's figure for a direct child."""
    with tempfile.NamedTemporaryFile("r") as rss:
        start = time.monotonic()
        p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss.name, *cmd], env=env,
                           stdout=stdout, stderr=subprocess.PIPE)
        elapsed = time.monotonic() - start
        if p.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr.decode()[-3000:]}")
        peak_kib = int(rss.read().split()[-1])
    return elapsed, peak_kib / 1024.0, p.stdout


def median_of(cmd, runs=5):
    results = [run_child(cmd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def bench_tool(args, *rest):
    r = subprocess.run([args.bench, *rest, "--config", args.config], capture_output=True,
                       text=True)
    if r.returncode != 0:
        sys.exit(f"coordination_bench {rest[0]} failed:\n{r.stderr}")
    return r.stdout


def due_clock(args, due):
    out = bench_tool(args, "due-clock", "--due", str(due))
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", out)}


def file_size(path):
    st = os.stat(path)
    return st.st_size / 2**20, st.st_blocks * 512 / 2**20


def write_config(args, base):
    for box in ("inbox", "sent"):
        for sub in ("new", "cur", "tmp"):
            os.makedirs(os.path.join(base, box, sub), exist_ok=True)
    args.state = os.path.join(base, "state")
    args.config = os.path.join(base, "cvdd.toml")
    with open(args.config, "w") as f:
        f.write(f"""[coordinator]
name = "Bench CERT"
intake = "vendors@cert.example"
case_prefix = "CVD"
timezone = "Asia/Tokyo"
operators = ["operators@cert.example"]
[source]
url = "maildir:{base}/inbox"
[smtp]
url = "maildir:{base}/sent"
[state]
dir = "{args.state}"
map_size_mib = 16384
""")


def cvdd_once(args, clock, figures, label):
    with open(args.clock_file, "w") as f:
        f.write(f"{clock}\n")
    env = dict(os.environ, CVDD_TEST_CLOCK_FILE=args.clock_file)
    before = due_clock(args, 1)
    elapsed, rss, _ = run_child([args.cvdd, "--config", args.config, "--once"], env=env)
    after = due_clock(args, 1)
    sent = len(os.listdir(os.path.join(args.base, "sent", "new")))
    fired = before["scheduled"] - after["scheduled"]
    figures.append((f"cvdd --once, {label}", f"{elapsed:.2f} s, peak RSS {rss:.1f} MiB "
                    f"(index {before['scheduled']} -> {after['scheduled']}, "
                    f"{sent} messages in the sink so far)"))
    return fired


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--cases", type=int, default=100_000)
    p.add_argument("--vendors", type=int, default=3000)
    p.add_argument("--ticks", type=int, default=10)
    p.add_argument("--signed-ticks", type=int, default=5)
    p.add_argument("--dir", help="work here instead of a fresh temporary dir")
    p.add_argument("--keep", action="store_true", help="keep the state dir")
    args = p.parse_args()
    args.cvdd = os.path.join(args.build, "daemon", "cvdd")
    args.cvdctl = os.path.join(args.build, "cli", "cvdctl")
    args.bench = os.path.join(args.build, "bench", "coordination_bench")
    base = args.dir or tempfile.mkdtemp(prefix="cvdd-coordination-bench-")
    os.makedirs(base, exist_ok=True)
    args.base = base
    args.clock_file = os.path.join(base, "clock")
    write_config(args, base)
    figures = []
    machine = (f"{os.cpu_count()} cores, "
               f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB")
    print(f"machine: {machine}\nstate: {args.state}", flush=True)
    try:
        # 1. Population.
        start = time.monotonic()
        out = bench_tool(args, "populate", "--cases", str(args.cases), "--vendors",
                         str(args.vendors))
        print(out, end="", flush=True)
        figures.append(("population", f"{time.monotonic() - start:.1f} s for {args.cases} cases, "
                        f"{args.vendors} vendors"))
        info = due_clock(args, 1000)
        figures.append(("pending deadlines in the index", f"{info['scheduled']}"))
        data = os.path.join(args.state, "db", "data.mdb")
        figures.append(("data.mdb after population", "%.1f MiB apparent, %.1f MiB allocated"
                        % file_size(data)))

        # 2. cvdctl on that state.
        cvdctl = [args.cvdctl, "--config", args.config]
        for label, cmd in (("cvdctl case list", cvdctl + ["case", "list"]),
                           ("cvdctl case list --json", cvdctl + ["case", "list", "--json"])):
            med, rss = median_of(cmd)
            figures.append((label, f"median {med:.3f} s of 5, peak RSS {rss:.1f} MiB"))
            print(f"{label}: {med:.3f} s", flush=True)
        _, _, listed = run_child(cvdctl + ["case", "list", "--json"], stdout=subprocess.PIPE)
        if len(json.loads(listed)) != args.cases:
            sys.exit("cvdctl case list --json did not list every case")
        show = cvdctl + ["case", "show", f"CVD#{args.cases // 2:08d}"]
        med, rss = median_of(show)
        figures.append(("cvdctl case show ID", f"median {med:.3f} s of 5, peak RSS {rss:.1f} MiB"))
        helptext = subprocess.run(cvdctl + ["--help"], capture_output=True, text=True).stdout
        if re.search(r"^\s+deadlines\b", helptext, re.M):
            due = due_clock(args, 1000)
            before = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(due["clock"] + 1))
            med, rss = median_of(cvdctl + ["deadlines", "--due-before", before, "--limit",
                                            "100000"])
            figures.append((f"cvdctl deadlines --due-before (~{due['due']} listed)",
                            f"median {med:.3f} s of 5, peak RSS {rss:.1f} MiB"))
        else:
            figures.append(("cvdctl deadlines --due-before", "skipped: cvdctl has no such command"))
        if re.search(r"^\s+todo\b", helptext, re.M):
            for label, cmd in (("cvdctl todo", cvdctl + ["todo"]),
                               ("cvdctl todo --json", cvdctl + ["todo", "--json"])):
                med, rss = median_of(cmd)
                figures.append((label, f"median {med:.3f} s of 5, peak RSS {rss:.1f} MiB"))
                print(f"{label}: {med:.3f} s", flush=True)

        # 3. The daemon, once with nothing due (its first run generates the coordinator key:
        # a warm-up run is not counted), then where ~1000 are due.
        first = due_clock(args, 1)["first"]
        with open(args.clock_file, "w") as f:
            f.write(f"{first - 86400}\n")
        run_child([args.cvdd, "--config", args.config, "--once"],
                  env=dict(os.environ, CVDD_TEST_CLOCK_FILE=args.clock_file))
        cvdd_once(args, first - 86400, figures, "nothing due")
        due = due_clock(args, 1000)
        fired = cvdd_once(args, due["clock"], figures, f"{due['due']} due")
        if fired == 0:
            figures.append(("", "(this cvdd does not fire deadlines yet: the index is unchanged)"))

        # 4. The firing tick itself, in process.
        for label, extra in (("fireDueDeadlines, no keyring, limit 1000, 32 per commit",
                              ["--due", "1000", "--ticks", str(args.ticks)]),
                             ("fireDueDeadlines, no keyring, limit 1000, 1 per commit",
                              ["--due", "1000", "--ticks", str(args.ticks), "--per-commit", "1"]),
                             ("fireDueDeadlines, gpg-signed, limit 200",
                              ["--due", "200", "--ticks", str(args.signed_ticks), "--sign"])):
            out = bench_tool(args, "fire", *extra)
            print(out, end="", flush=True)
            f = {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", out.split("figures:")[1])}
            figures.append((label, f"tick mean {f['tick_mean_ms']:.1f} ms, p99 "
                            f"{f['tick_p99_ms']:.1f} ms, {f['deadline_ms']:.3f} ms/deadline "
                            f"({int(f['fired'])} fired, {int(f['queued'])} notices)"))

        figures.append(("data.mdb at the end", "%.1f MiB apparent, %.1f MiB allocated"
                        % file_size(data)))
    finally:
        if not args.keep and not args.dir:
            shutil.rmtree(base, ignore_errors=True)

    print(f"\ncoordination benchmark, {args.cases} cases ({machine})")
    width = max(len(k) for k, _ in figures)
    for k, v in figures:
        print(f"  {k:<{width}}  {v}")


if __name__ == "__main__":
    main()
