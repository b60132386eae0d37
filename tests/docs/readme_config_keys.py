#!/usr/bin/env python3
"""The README's config-key table is the one config_reference prints from the reader's table.

Usage: readme_config_keys.py CONFIG_REFERENCE README. With CVDD_UPDATE_DOCS=1 the README's
block is rewritten instead of compared."""
import os
import subprocess
import sys

BEGIN, END = "<!-- config-keys:begin -->", "<!-- config-keys:end -->"


def main() -> int:
    generator, readme = sys.argv[1], sys.argv[2]
    table = subprocess.run([generator, "readme"], check=True, capture_output=True, text=True).stdout
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    if text.count(BEGIN) != 1 or text.count(END) != 1:
        print(f"{readme}: expected one {BEGIN} ... {END} block")
        return 1
    head, rest = text.split(BEGIN)
    current, tail = rest.split(END)
    wanted = "\n" + table
    if current == wanted:
        print(f"{readme}: the config-key table matches daemon/config_keys.cpp "
              f"({table.count(chr(10)) - 2} keys)")
        return 0
    if os.environ.get("CVDD_UPDATE_DOCS") == "1":
        with open(readme, "w", encoding="utf-8") as f:
            f.write(head + BEGIN + wanted + END + tail)
        print(f"{readme}: config-key table rewritten")
        return 0
    have = set(current.strip().splitlines())
    want = set(table.strip().splitlines())
    for line in sorted(want - have):
        print("missing from the README: " + line)
    for line in sorted(have - want):
        print("in the README, not in the table: " + line)
    print("rerun with CVDD_UPDATE_DOCS=1 to rewrite the README's block")
    return 1


if __name__ == "__main__":
    sys.exit(main())
