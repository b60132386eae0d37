#!/usr/bin/env python3
"""Whether an executable carries the daemon process: its link line (what CMake links it
against: the build.ninja stanza or the Makefile generator's link.txt), its NEEDED libraries
(readelf -d) and its symbols (nm -C) against what only cvdd may link (the cvdd_daemon
library, Boost.Asio, the IMAP source, libcurl, libsystemd, the event loop, the sources and
transports). The link line catches cvdd_daemon linked in but not (yet) used, which the
linker drops from the binary.

  process_free.py absent BINARY LINK_RULES   exit 0 when none of it is there (cvdctl)
  process_free.py present BINARY LINK_RULES  exit 0 when every item is there (cvdd: proves
                                             the patterns see what they look for)

Either way a binary without a symbol table fails: a stripped cvdctl proves nothing."""
import os
import re
import subprocess
import sys

# What only the process links, each with what betrays it.
LINKED = {
    "cvdd_daemon linked": re.compile(r"libcvdd_daemon\.a"),
    "libcurl linked": re.compile(r"libcurl\.so|-lcurl\b"),
    "libsystemd linked": re.compile(r"libsystemd\.so|-lsystemd\b"),
}
NEEDED = {
    "libcurl": re.compile(r"^libcurl"),
    "libsystemd": re.compile(r"^libsystemd"),
}
SYMBOLS = {
    "Boost.Asio": re.compile(r"\bboost::asio::"),
    "IMAP source": re.compile(r"\bcvdd::daemon::Imap(Source|Connection)\b"),
    "libcurl calls": re.compile(r"\bcurl_easy_\w+"),
    "curl handle": re.compile(r"\bcvdd::daemon::CurlHandle\b"),
    "sd_notify": re.compile(r"\bsd_notify\b"),
    "event loop": re.compile(r"\bcvdd::daemon::Daemon::"),
    "Maildir source": re.compile(r"\bcvdd::daemon::MaildirSource\b"),
    "SMTP transport": re.compile(r"\bcvdd::daemon::SmtpTransport\b"),
}
# Present in cvdd and cvdctl alike: the symbol table is there and demangled.
WITNESS = re.compile(r"\bcvdd::daemon::loadConfig\(")


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def needed(binary):
    return [m.group(1) for m in re.finditer(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]",
                                             run("readelf", "-d", "-W", binary))]


def link_line(binary, rules):
    """The libraries of BINARY's link step in RULES (build.ninja or link.txt)."""
    text = open(rules, encoding="utf-8").read()
    if not rules.endswith("build.ninja"):
        return text
    target = os.path.relpath(os.path.realpath(binary), os.path.dirname(os.path.realpath(rules)))
    for stanza in text.split("\n\n"):
        if stanza.startswith("build ") and f"\n  TARGET_FILE = {target}\n" in stanza + "\n":
            return "".join(line for line in stanza.splitlines()
                           if line.strip().startswith("LINK_LIBRARIES ="))
    sys.exit(f"{rules}: no link step for {target}")


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("absent", "present"):
        sys.exit(__doc__)
    want_absent, binary, rules = sys.argv[1] == "absent", sys.argv[2], sys.argv[3]
    linked = link_line(binary, rules)
    libs = needed(binary)
    symbols = run("nm", "-C", binary).splitlines()
    if not libs or not any(WITNESS.search(line) for line in symbols):
        sys.exit(f"{binary}: no NEEDED entries or no demangled cvdd symbols to judge")
    if not linked:
        sys.exit(f"{rules}: the link step of {binary} names no libraries")
    found = {}
    for name, pattern in LINKED.items():
        found[name] = [m.group(0) for m in pattern.finditer(linked)]
    for name, pattern in NEEDED.items():
        found[name] = [lib for lib in libs if pattern.search(lib)]
    for name, pattern in SYMBOLS.items():
        found[name] = [line for line in symbols if pattern.search(line)]
    wrong = {name: hits for name, hits in found.items() if bool(hits) == want_absent}
    for name, hits in found.items():
        print(f"{name}: {len(hits)} {'(e.g. ' + hits[0].strip() + ')' if hits else ''}")
    if wrong:
        verb = "links" if want_absent else "does not link"
        sys.exit(f"{binary} {verb}: {', '.join(wrong)}")


if __name__ == "__main__":
    main()
