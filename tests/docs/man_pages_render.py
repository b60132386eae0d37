#!/usr/bin/env python3
"""docs.man_pages_render: each built manual page renders with man -l and with
groff -ww -man -Tutf8 -z without a single warning, its NAME line is one whatis(1) and
lintian can read, and the rendered text has the page's header and sections.

usage: man_pages_render.py PAGE...   (the roff the build wrote, e.g. build/doc/cvdd.8)
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

COMMON = ["NAME", "SYNOPSIS", "DESCRIPTION", "FILES", "SEE ALSO"]
# The sections each page must have, besides COMMON.
EXPECTED = {
    "cvdd.8": ["OPTIONS", "SIGNALS", "EXIT STATUS", "LOG EVENTS", "OPERATOR ALERTS",
               "ENVIRONMENT"],
    "cvdctl.8": ["OPTIONS", "COMMANDS", "EXIT STATUS", "ENVIRONMENT"],
    "cvdd.toml.5": ["KEYS", "EXAMPLE"],
}

ENV = dict(os.environ, LC_ALL="C.UTF-8", MANWIDTH="80", MANPAGER="cat", PAGER="cat")


def run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, env=ENV, check=False,
                          timeout=60)


def check(page: Path) -> list[str]:
    errors = []
    name = page.name
    section = name.rsplit(".", 1)[1]
    title = name.rsplit(".", 1)[0].upper()

    # As the issue asks: groff with every warning, on the roff as it is; and again with
    # preconv (-k), as man reads it, so the UTF-8 text is read as UTF-8.
    for groff in (["groff", "-ww", "-man", "-Tutf8", "-z", str(page)],
                  ["groff", "-k", "-ww", "-man", "-Tutf8", "-z", str(page)]):
        result = run(groff)
        if result.returncode != 0 or result.stderr.strip():
            errors.append(f"{name}: `{' '.join(groff)}` exited {result.returncode} and "
                          f"warned:\n{result.stderr.strip()}")

    result = run(["man", "--warnings=w", "-l", str(page)])
    if result.returncode != 0 or result.stderr.strip():
        errors.append(f"{name}: `man --warnings=w -l` exited {result.returncode} and warned:\n"
                      f"{result.stderr.strip()}")
    text = result.stdout
    lines = text.splitlines()
    header = f"{title}({section})"
    if not lines or not lines[0].startswith(header):
        errors.append(f"{name}: the rendered page does not start with the header {header}: "
                      f"{lines[:1]}")
    headings = {line.strip() for line in lines if re.fullmatch(r"[A-Z][A-Z .]*", line)}
    for expected in COMMON + EXPECTED.get(name, []):
        if expected not in headings:
            errors.append(f"{name}: the rendered page has no section {expected} "
                          f"(it has {sorted(headings)})")

    if shutil.which("lexgrog"):
        whatis = run(["lexgrog", str(page)])
        if whatis.returncode != 0 or f'"{title.lower()} - ' not in whatis.stdout:
            errors.append(f"{name}: lexgrog cannot read a whatis line 'NAME - description' "
                          f"from the NAME section: {whatis.stdout.strip()} "
                          f"{whatis.stderr.strip()}")
    return errors


def main() -> int:
    pages = [Path(p) for p in sys.argv[1:]]
    errors = []
    if not pages:
        errors.append("no manual pages given")
    for tool in ("man", "groff"):
        if shutil.which(tool) is None:
            errors.append(f"{tool} is not installed (scripts/install-deps installs it)")
    if not errors:
        for page in pages:
            if not page.is_file():
                errors.append(f"{page} was not built")
                continue
            errors += check(page)
    print(f"{len(pages)} pages: {', '.join(p.name for p in pages)}")
    for error in errors:
        print("FAIL:", error)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
