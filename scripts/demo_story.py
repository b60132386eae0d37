#!/usr/bin/env python3
"""The demo's story on the embedded default (Maildir in and out, no server): two reports
become cases; the operator accepts one, registers two vendors and sends the summaries; one
vendor's reply asks for the details, which go out encrypted to its key; the vendor states
"affected" with a fix; the date is set and the case published. Each step prints what the
operator runs, `cvdctl case show` where it matters, and the mails cvdd wrote.

Usage: demo_story.py --cvdd BIN --cvdctl BIN --dir WORKDIR   (python3 stdlib and gpg)
scripts/demo runs it after building; tests/system/test_demo_story.py checks its output."""

import argparse
import datetime
import email
import json
import email.policy
import os
import shutil
import subprocess
import sys
import zoneinfo

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIME_ZONE = "Asia/Tokyo"

CONFIG = """# Written by scripts/demo_story.py: the embedded default (examples/cvdd.toml) with
# everything under this directory.
[coordinator]
name = "Example CERT"
intake = "vendors@cert.example"
case_prefix = "CVD"
timezone = "{tz}"

[source]
url = "maildir:inbox"

[smtp]
url = "maildir:outbox"

[state]
dir = "state"

[openpgp]
home = "gnupg"

[publication]
dir = "site"
base_url = "https://cert.example"
"""


class Story:
    def __init__(self, cvdd: str, cvdctl: str, work: str):
        self.cvdd, self.cvdctl, self.work = cvdd, cvdctl, work
        self.config = os.path.join(work, "cvdd.toml")
        self.seen: set[str] = set()
        self.step_number = 0

    # --- plumbing ----------------------------------------------------------------------

    def step(self, title: str):
        self.step_number += 1
        print(f"\n== step {self.step_number}: {title}", flush=True)

    def run(self, *args: str, show: bool = True) -> str:
        env = dict(os.environ, CVDD_OPERATOR="demo")
        command = [self.cvdctl, "--config", self.config, *args]
        if show:
            print("$ cvdctl " + " ".join(a if " " not in a else repr(a) for a in args),
                  flush=True)
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
        if result.returncode != 0:
            sys.exit(f"demo: cvdctl {' '.join(args)} failed ({result.returncode}):\n"
                     f"{result.stdout}{result.stderr}")
        if show:
            print(result.stdout, end="", flush=True)
        return result.stdout

    def cycle(self):
        """One cvdd cycle: read the inbox, apply, send the outbox into outbox/new."""
        print("$ cvdd --once", flush=True)
        result = subprocess.run([self.cvdd, "--config", self.config, "--once"],
                                capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            sys.exit(f"demo: cvdd --once failed ({result.returncode}):\n{result.stderr}")
        self.print_new_mail()

    def print_new_mail(self):
        box = os.path.join(self.work, "outbox", "new")
        fresh = sorted((n for n in os.listdir(box) if n not in self.seen),
                       key=lambda n: os.path.getmtime(os.path.join(box, n)))
        print(f"   mails written: {len(fresh)}")
        for name in fresh:
            self.seen.add(name)
            message = self.mail(os.path.join(box, name))
            protection = {"multipart/encrypted": "encrypted+signed",
                          "multipart/signed": "signed"}.get(message.get_content_type(),
                                                             "plain")
            print(f"   -> {message['To']}  [{protection}]  {message['Subject']}")

    @staticmethod
    def mail(path: str):
        with open(path, "rb") as f:
            return email.message_from_bytes(f.read(), policy=email.policy.default)

    def deliver(self, name: str, data: bytes):
        with open(os.path.join(self.work, "inbox", "tmp", name), "wb") as f:
            f.write(data)
        os.rename(os.path.join(self.work, "inbox", "tmp", name),
                  os.path.join(self.work, "inbox", "new", name))

    def notice_to(self, address: str, kind: str):
        """The last mail cvdd wrote to address whose Message-ID names the notice kind."""
        box = os.path.join(self.work, "outbox", "new")
        found = None
        for name in sorted(os.listdir(box), key=lambda n: os.path.getmtime(os.path.join(box, n))):
            message = self.mail(os.path.join(box, name))
            if address in str(message["To"]) and f".{kind}." in str(message["Message-ID"]):
                found = message
        if found is None:
            sys.exit(f"demo: no {kind} notice to {address} in the outbox")
        return found

    def vendor_reply(self, name: str, case_id: str, notice, form: str):
        """The vendor answers a notice: to its Reply-To, with the reply form filled in and
        clear-signed with its key (the form's case line ties the signed text to the case)."""
        body = self.vendor_sign(f"==== cvdd reply form ====\n# Case: {case_id}\n" + form +
                                "==== end of reply form ====\n")
        data = (f"From: ExampleShop PSIRT <psirt@exampleshop.example>\r\n"
                f"To: {notice['Reply-To']}\r\n"
                f"Subject: Re: [{case_id}] your notice\r\n"
                f"Message-ID: <{name}@exampleshop.example>\r\n"
                f"In-Reply-To: {notice['Message-ID']}\r\n"
                "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + body.replace("\n", "\r\n"))
        self.deliver(name, data.encode())

    def vendor_env(self) -> dict:
        return dict(os.environ, GNUPGHOME=os.path.join(self.work, "vendor-gnupg"))

    def vendor_sign(self, text: str) -> str:
        return subprocess.run(["gpg", "--batch", "--quiet", "--pinentry-mode", "loopback",
                               "--passphrase", "", "--clearsign"], input=text, text=True,
                              check=True, env=self.vendor_env(), capture_output=True).stdout

    def vendor_key(self) -> str:
        """An OpenPGP key for ExampleShop's PSIRT, made in a keyring of its own."""
        env = self.vendor_env()
        os.makedirs(env["GNUPGHOME"], mode=0o700)
        subprocess.run(["gpg", "--batch", "--quiet", "--pinentry-mode", "loopback",
                        "--passphrase", "", "--quick-gen-key",
                        "ExampleShop PSIRT <psirt@exampleshop.example>", "future-default",
                        "default", "never"], check=True, env=env, capture_output=True)
        exported = subprocess.run(["gpg", "--armor", "--export", "psirt@exampleshop.example"],
                                  check=True, env=env, capture_output=True).stdout
        path = os.path.join(self.work, "exampleshop.asc")
        with open(path, "wb") as f:
            f.write(exported)
        return path

    # --- the story ---------------------------------------------------------------------

    def tell(self):
        os.makedirs(self.work)
        for box in ("inbox", "outbox"):
            for sub in ("new", "cur", "tmp"):
                os.makedirs(os.path.join(self.work, box, sub))
        with open(self.config, "w", encoding="utf-8") as f:
            f.write(CONFIG.format(tz=TIME_ZONE))

        self.step("two reports arrive (en and ja) and become cases with acknowledgements")
        reports = sorted(os.listdir(os.path.join(ROOT, "examples", "reports")))
        for name in reports:
            with open(os.path.join(ROOT, "examples", "reports", name), "rb") as f:
                self.deliver("demo." + name, f.read())
        self.cycle()
        self.run("case", "list")
        listed = self.run("case", "list", "--json", show=False)
        cases = sorted(json.loads(listed), key=lambda c: c["received_at"])
        english = next(c["id"] for c in cases if c["language"] == "en")

        self.step(f"the operator accepts {english}, registers two vendors, sends the summaries")
        self.run("case", "accept", english)
        key = self.vendor_key()
        self.run("vendor", "add", "exampleshop", "--org", "ExampleShop Inc.", "--contact",
                 "psirt@exampleshop.example", "--product", "ExampleShop", "--language", "en")
        self.run("vendor", "import-key", "exampleshop", "psirt@exampleshop.example", key)
        self.run("vendor", "add", "shophost", "--org", "ShopHost K.K.", "--contact",
                 "security@shophost.example", "--product", "ShopHost", "--language", "ja")
        for vendor in ("exampleshop", "shophost"):
            self.run("case", "add-vendor", english, vendor)
        self.run("case", "edit", english, "--title", "SQL injection in ExampleShop login",
                 "--summary", "The login form of ExampleShop 3.2 builds an SQL query from "
                 "user input.")
        for vendor in ("exampleshop", "shophost"):
            self.run("case", "send-summary", english, vendor)
        self.cycle()

        self.step("ExampleShop's reply to the summary requests the details")
        summary = self.notice_to("psirt@exampleshop.example", "vulnerability-summary")
        self.vendor_reply("reply-1", english, summary, "[x] Request details\n")
        self.cycle()
        self.run("case", "show", english)

        self.step("the operator writes the details; they go out encrypted to ExampleShop's key")
        self.run("case", "edit", english, "--details",
                 "The user parameter of /login is concatenated into an SQL query.")
        self.run("case", "send-details", english, "exampleshop")
        self.cycle()

        self.step('ExampleShop states "affected", with a fix available')
        details = self.notice_to("psirt@exampleshop.example", "vulnerability-details")
        self.vendor_reply("reply-2", english, details,
                          "[x] Statement\n[x] affected\n"
                          "Fix or workaround plan: ExampleShop 3.3 escapes the parameter\n"
                          "Fix or workaround available now (yes/no): yes\n"
                          "Public comment for the advisory: Fixed in ExampleShop 3.3.\n"
                          "Advisory URL (https://...): https://exampleshop.example/sa/2026-1\n")
        self.cycle()
        self.run("case", "show", english)

        today = datetime.datetime.now(zoneinfo.ZoneInfo(TIME_ZONE)).date().isoformat()
        self.step(f"the publication date is agreed ({today}) and the case is published")
        self.run("case", "set-date", english, today)
        held = [line.split()[0] for line in self.run("outbox", "list", show=False).splitlines()
                if " held " in line]
        for seq in held:  # the reporter has no key: the operator agreed plain mail with them
            self.run("outbox", "release", seq, "--in-clear", "--reason",
                     "the reporter agreed to plain mail for the date")
        self.run("case", "publish", english)
        self.cycle()
        self.run("case", "show", english)

        self.step("the advisory site is written")
        self.run("publish")
        site = os.path.join(self.work, "site")
        for root, _, files in sorted(os.walk(site)):
            for name in sorted(files):
                print("   " + os.path.relpath(os.path.join(root, name), self.work))
        print(f"\ndemo: done; everything is under {self.work}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cvdd", required=True)
    parser.add_argument("--cvdctl", required=True)
    parser.add_argument("--dir", required=True, help="work directory (replaced)")
    args = parser.parse_args()
    shutil.rmtree(args.dir, ignore_errors=True)
    story = Story(os.path.abspath(args.cvdd), os.path.abspath(args.cvdctl),
                  os.path.abspath(args.dir))
    try:
        story.tell()
    finally:  # the vendor's gpg-agent
        subprocess.run(["gpgconf", "--kill", "all"], env=story.vendor_env(),
                       capture_output=True)


if __name__ == "__main__":
    main()
