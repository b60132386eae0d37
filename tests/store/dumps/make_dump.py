#!/usr/bin/env python3
"""Writes the `mdb_dump -a` text of a store a given cvdd release wrote, for the upgrade tests
(tests/store/schema_upgrade_test.cpp): the demo's story (scripts/demo_story.py) told with
that release's binaries, then a few states the story does not reach (a notice held for want
of a key, a vendor declared unreachable, a quarantined message, a Japanese case left
waiting).

Usage: make_dump.py --cvdd BIN --cvdctl BIN --dir WORKDIR --out FILE.dump
(python3 stdlib, gpg and mdb_dump from lmdb-utils). See README.md here for each dump."""

import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import demo_story  # noqa: E402


def extra_states(story: demo_story.Story) -> None:
    story.step("more states: a held notice, an unreachable vendor, a quarantined message")
    cases = json.loads(story.run("case", "list", "--json", show=False))
    english = next(c["id"] for c in cases if c["language"] == "en")
    japanese = next(c["id"] for c in cases if c["language"] == "ja")
    story.run("case", "accept", japanese)
    for vendor in ("shophost", "exampleshop"):
        story.run("case", "add-vendor", japanese, vendor)
        story.run("case", "send-summary", japanese, vendor)
    story.run("case", "edit", japanese, "--details", "詳細: ログイン画面の入力が SQL 文に入る。")
    # ShopHost asked by phone; it has no key, so its details notice is held, not sent in
    # clear.
    story.run("case", "vendor-requested-details", japanese, "shophost")
    story.run("case", "send-details", japanese, "shophost")
    story.run("case", "contact-attempt", japanese, "exampleshop", "--channel", "phone:+81-3-0000",
              "--result", "no-answer")
    story.run("case", "unreachable", japanese, "exampleshop", "--reason", "no-channel")
    story.run("case", "note", japanese, "電話がつながらない")
    # An unsigned reply from the keyed vendor's address: not its voice, so quarantined.
    story.deliver("unsigned-reply",
                  (f"From: ExampleShop PSIRT <psirt@exampleshop.example>\r\n"
                   f"To: vendors@cert.example\r\nSubject: Re: [{english}] unsigned\r\n"
                   "Message-ID: <unsigned-reply@exampleshop.example>\r\n"
                   "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
                   "We did not sign this.\r\n").encode())
    story.cycle()
    story.run("outbox", "list")
    story.run("quarantine", "list", "--all")
    story.run("todo")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cvdd", required=True)
    parser.add_argument("--cvdctl", required=True)
    parser.add_argument("--dir", required=True, help="work directory (replaced)")
    parser.add_argument("--out", required=True, help="the dump file to write")
    args = parser.parse_args()
    story = demo_story.Story(os.path.abspath(args.cvdd), os.path.abspath(args.cvdctl),
                             os.path.abspath(args.dir))
    import shutil
    shutil.rmtree(args.dir, ignore_errors=True)
    try:
        story.tell()
        extra_states(story)
    finally:
        subprocess.run(["gpgconf", "--kill", "all"], env=story.vendor_env(),
                       capture_output=True)
    db = os.path.join(os.path.abspath(args.dir), "state", "db")
    with open(args.out, "wb") as out:
        subprocess.run(["mdb_dump", "-a", db], stdout=out, check=True)
    print(f"make_dump: {args.out} ({os.path.getsize(args.out)} bytes) from {db}")


if __name__ == "__main__":
    main()
