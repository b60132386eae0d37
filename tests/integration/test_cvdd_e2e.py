"""cvdd end to end: real Postfix + Dovecot (mailstack.py), the real cvdd and cvdctl.

Binaries come from $CVDD_BIN and $CVDCTL_BIN (CMake passes the built targets); without
them every test is skipped. Each test class owns one MailStack; each test gets empty
mailboxes, a fresh config and a fresh state dir, so tests do not see each other's mail.

When run as root, cvdd and cvdctl run as the unprivileged user $CVDD_TEST_USER
(default "nobody"; "root" keeps root) because cvdd is meant never to run as root.
"""

from __future__ import annotations

import base64
import email.utils
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailstack import MailStack, StackTestCase, parse  # noqa: E402

CVDD = os.environ.get("CVDD_BIN", "")
CVDCTL = os.environ.get("CVDCTL_BIN", "")
HAVE_BINARIES = all(p and os.access(p, os.X_OK) for p in (CVDD, CVDCTL))

INTAKE = "vendors@cert.example"
REPORTER = "reporter@example.org"
CASE_ID = re.compile(r"CVD#\d{8}")
CRASH_POINTS = ("after-fetch", "after-commit", "after-flag", "after-send")
ACCEPTED_KEYWORD = "$CvddAccepted"
RUN_TIMEOUT = 90  # seconds for one `cvdd --once`


def _run_as():
    """(user, group) to pass to subprocess, or (None, None) to keep our own identity."""
    name = os.environ.get("CVDD_TEST_USER", "nobody")
    if os.geteuid() != 0 or name == "root":
        return None, None
    pw = pwd.getpwnam(name)
    return pw.pw_uid, pw.pw_gid


RUN_UID, RUN_GID = _run_as()
if RUN_UID is not None and HAVE_BINARIES:
    # A build tree under a 0700 home is not executable by nobody: then stay root.
    try:
        subprocess.run([CVDD, "--version"], capture_output=True, timeout=30,
                       user=RUN_UID, group=RUN_GID, extra_groups=[], cwd="/")
    except PermissionError:
        print(f"note: {CVDD} is not executable by uid {RUN_UID}; running cvdd as root",
              file=sys.stderr)
        RUN_UID = RUN_GID = None


def encode_iso2022jp(text: str) -> str:
    """RFC 2047 B-encoded ISO-2022-JP words (each one self-contained, <= 75 chars)."""
    words, chunk = [], ""
    for ch in text:
        candidate = chunk + ch
        if len(base64.b64encode(candidate.encode("iso-2022-jp"))) > 75 - len("=?ISO-2022-JP?B??="):
            words.append(chunk)
            candidate = ch
        chunk = candidate
    words.append(chunk)
    return "\r\n ".join("=?ISO-2022-JP?B?" + base64.b64encode(w.encode("iso-2022-jp")).decode()
                        + "?=" for w in words if w)


def japanese_message(from_: str, to: str, subject: str, body: str, message_id: str,
                     in_reply_to: str | None = None) -> bytes:
    """A report as Japanese mail clients send it: ISO-2022-JP, 7bit, B-encoded Subject."""
    headers = [
        f"From: {from_}",
        f"To: {to}",
        f"Subject: {encode_iso2022jp(subject)}",
        f"Date: {email.utils.formatdate(localtime=True)}",
        f"Message-ID: {message_id}",
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="ISO-2022-JP"',
        "Content-Transfer-Encoding: 7bit",
    ]
    if in_reply_to:
        headers += [f"In-Reply-To: {in_reply_to}", f"References: {in_reply_to}"]
    body_bytes = body.replace("\n", "\r\n").encode("iso-2022-jp")
    return ("\r\n".join(headers) + "\r\n\r\n").encode("ascii") + body_bytes + b"\r\n"


def strip_angle(message_id: str | None) -> str:
    return (message_id or "").strip().strip("<>")


def ack_text_part(ack):
    """The text/plain part of an acknowledgement: the first part of its
    multipart/signed (RFC 3156), or the message itself if it is a single part."""
    if ack.get_content_type() == "multipart/signed":
        return ack.get_payload(0)
    return ack


def ack_text(ack) -> str:
    """The decoded text of an acknowledgement (see ack_text_part)."""
    return ack_text_part(ack).get_content()


def cvdd_config_text(stack: MailStack, state_dir: str, password_file: str, **over) -> str:
    """The config of the spec, reading the intake mailbox of ``stack`` and sending through
    its Postfix, for plaintext loopback servers; with the stack's ``tls`` it instead uses
    the default STARTTLS and trusts the stack's certificate. ``over`` replaces
    ``source_url``, ``smtp_url`` or ``state_dir``."""
    if stack.tls:
        tls = f'ca_file = "{stack.ca_file}"\n'
    else:
        tls = "starttls = false\n"
    values = {
        "source_url": f"imap://127.0.0.1:{stack.imap_port}/INBOX",
        "smtp_url": f"smtp://127.0.0.1:{stack.smtp_port}",
        "state_dir": state_dir,
    }
    values.update(over)
    return f"""\
[coordinator]
name = "Example CERT"
intake = "{INTAKE}"
case_prefix = "CVD"
timezone = "Asia/Tokyo"

[source]
url = "{values['source_url']}"
user = "{INTAKE}"
password_file = "{password_file}"
poll_interval = 1
{tls}
[smtp]
url = "{values['smtp_url']}"
{tls}retry_initial = 1
retry_max = 2

[state]
dir = "{values['state_dir']}"
"""


@unittest.skipUnless(HAVE_BINARIES, "set CVDD_BIN and CVDCTL_BIN to the built cvdd and cvdctl")
class CvddTestCase(StackTestCase):
    """One MailStack per class; per test: empty mailboxes, fresh config and state."""
    stack: MailStack
    STACK_OPTIONS: dict = {}
    USERS: tuple = (INTAKE, REPORTER)  # the stack's mailboxes; emptied before each test

    @classmethod
    def setUpClass(cls):
        cls.stack = MailStack(users=list(cls.USERS), **cls.STACK_OPTIONS)
        cls.stack.start()

    @classmethod
    def tearDownClass(cls):
        cls.stack.stop()

    def client_logs(self) -> list[tuple[str, str]]:
        # On failure show what the daemon said, after the mail servers' logs.
        return getattr(self, "_daemon_logs", [])

    def setUp(self):
        self._daemon_logs: list[tuple[str, str]] = []
        self._procs: list[subprocess.Popen] = []
        self.stack.start_postfix()
        self.stack.start_dovecot()
        self.stack.wait_for_queue_empty()
        for user in self.USERS:
            self.stack.clear_mailbox(user)
        self.work = tempfile.mkdtemp(prefix="cvdd-e2e-")
        os.chmod(self.work, 0o755)
        self.state_dir = os.path.join(self.work, "state")
        self.password_file = os.path.join(self.work, "imap-password")
        with open(self.password_file, "w") as f:
            f.write(self.stack.password(INTAKE) + "\n")
        if RUN_UID is not None:
            os.chown(self.work, RUN_UID, RUN_GID)
            os.chown(self.password_file, RUN_UID, RUN_GID)
        os.chmod(self.password_file, 0o600)
        self.config = self.write_config()

    def tearDown(self):
        for p in self._procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        self.stop_gpg_agent()
        shutil.rmtree(self.work, ignore_errors=True)

    def stop_gpg_agent(self) -> None:
        """Stop the gpg-agent (and any other GnuPG daemon) cvdd started for its
        GNUPGHOME, ``<state>/gnupg``, as the user cvdd ran as; agents would pile up."""
        home = os.path.join(self.state_dir, "gnupg")
        if os.path.isdir(home):
            subprocess.run(["gpgconf", "--homedir", home, "--kill", "all"],
                           capture_output=True, timeout=30, **self._popen_kwargs())

    # ---------------------------------------------------------------- config and runs
    def config_text(self, **over) -> str:
        """The config of the spec (see cvdd_config_text) for this test's stack and state."""
        return cvdd_config_text(self.stack, self.state_dir, self.password_file, **over)

    def write_config(self, text: str | None = None, name: str = "cvdd.toml") -> str:
        path = os.path.join(self.work, name)
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            f.write(self.config_text() if text is None else text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)  # atomic: a SIGHUP never sees half a file
        return path

    def _popen_kwargs(self, env_extra=None):
        env = {k: v for k, v in os.environ.items() if k != "CVDD_TEST_CRASH_AT"}
        env.update(env_extra or {})
        kw = {"env": env, "cwd": self.work}
        if RUN_UID is not None:
            kw.update(user=RUN_UID, group=RUN_GID, extra_groups=[])
        return kw

    def run_once(self, crash_at: str | None = None, expect_rc: int | None = 0) -> str:
        """Run `cvdd --config F --once`; return its stderr (the log)."""
        env = {"CVDD_TEST_CRASH_AT": crash_at} if crash_at else None
        r = subprocess.run([CVDD, "--config", self.config, "--once"], capture_output=True,
                           text=True, timeout=RUN_TIMEOUT, **self._popen_kwargs(env))
        label = f"cvdd --once{' CVDD_TEST_CRASH_AT=' + crash_at if crash_at else ''} rc={r.returncode}"
        self._daemon_logs.append((label, r.stdout + r.stderr))
        if expect_rc is not None:
            self.assertEqual(r.returncode, expect_rc, f"{label}\n{r.stdout}{r.stderr}")
        return r.stderr

    def start_daemon(self) -> tuple[subprocess.Popen, str]:
        """Start the long-running daemon; return (process, log path) once DAEMON_READY."""
        log = os.path.join(self.work, f"cvdd-{len(self._procs)}.log")
        with open(log, "wb") as out:
            p = subprocess.Popen([CVDD, "--config", self.config], stdin=subprocess.DEVNULL,
                                 stdout=out, stderr=subprocess.STDOUT, **self._popen_kwargs())
        self._procs.append(p)
        self.wait_log(p, log, r"DAEMON_READY")
        return p, log

    def wait_log(self, proc, log: str, pattern: str, timeout: float = 30, start: int = 0) -> str:
        """Wait until the daemon's log (from byte ``start``) matches ``pattern``."""
        deadline = time.monotonic() + timeout
        while True:
            with open(log, "r", errors="replace") as f:
                f.seek(start)
                text = f.read()
            if re.search(pattern, text):
                return text
            if proc.poll() is not None:
                self._record_log(log)
                self.fail(f"cvdd exited ({proc.returncode}) before logging {pattern!r}")
            if time.monotonic() > deadline:
                self._record_log(log)
                self.fail(f"no {pattern!r} in the cvdd log after {timeout}s")
            time.sleep(0.1)

    def _record_log(self, log: str) -> None:
        with open(log, "r", errors="replace") as f:
            self._daemon_logs.append((os.path.basename(log), f.read()))

    def cvdctl(self, *args: str):
        r = subprocess.run([CVDCTL, "--config", self.config, *args], capture_output=True,
                           text=True, timeout=60, **self._popen_kwargs())
        self.assertEqual(r.returncode, 0, f"cvdctl {' '.join(args)}: {r.stdout}{r.stderr}")
        return json.loads(r.stdout) if "--json" in args else r.stdout

    def cases(self) -> list[dict]:
        cases = self.cvdctl("case", "list", "--json")
        self.assertIsInstance(cases, list)
        return cases

    def case(self, case_id: str) -> dict:
        return self.cvdctl("case", "show", case_id, "--json")

    # ---------------------------------------------------------------- mail helpers
    def report(self, subject: str, body: str = "Steps to reproduce: ...\n",
               message_id: str | None = None, extra_headers=()) -> str:
        """Send a plain ASCII report with swaks; wait until the intake mailbox has it.
        Returns the report's Message-ID (with angle brackets)."""
        message_id = message_id or email.utils.make_msgid(domain="example.org")
        n = len(self.stack.messages(INTAKE))
        args = ["--from", REPORTER, "--to", INTAKE, "--header", f"Subject: {subject}",
                "--header", f"Message-Id: {message_id}", "--body", body]
        for h in extra_headers:
            args += ["--header", h]
        self.stack.swaks(*args)
        self.stack.wait_for_messages(INTAKE, n + 1)
        return message_id

    def send_raw(self, raw: bytes) -> None:
        n = len(self.stack.messages(INTAKE))
        self.stack.send(REPORTER, INTAKE, raw)
        self.stack.wait_for_messages(INTAKE, n + 1)

    def settled_acks(self, at_least: int = 1) -> list:
        """Acknowledgements at the reporter once Postfix has delivered all it holds."""
        if at_least:
            self.stack.wait_for_messages(REPORTER, at_least)
        self.stack.wait_for_queue_empty()
        return [parse(raw) for raw in self.stack.messages(REPORTER)]

    def only_case(self) -> dict:
        cases = self.cases()
        self.assertEqual(len(cases), 1, cases)
        return cases[0]

    def assert_acknowledgement(self, ack, case_id: str, subject: str, report_id: str):
        self.assertEqual(str(ack["Subject"]), f"[{case_id}] {subject}")
        self.assertEqual(strip_angle(ack["In-Reply-To"]), strip_angle(report_id))
        self.assertEqual(str(ack["Auto-Submitted"]).strip().lower(), "auto-replied")
        self.assertTrue(strip_angle(ack["Message-ID"]), "acknowledgement has no Message-ID")
        self.assertIn(REPORTER, str(ack["To"]))
        self.assertIn(INTAKE, str(ack["From"]))
        # RFC 3156: multipart/signed over a text/plain UTF-8 part, then the signature.
        self.assertEqual(ack.get_content_type(), "multipart/signed")
        self.assertEqual(ack.get_param("protocol"), "application/pgp-signature")
        self.assertTrue(str(ack.get_param("micalg") or "").lower().startswith("pgp-"),
                        ack["Content-Type"])
        parts = ack.get_payload()
        self.assertEqual(len(parts), 2, [p.get_content_type() for p in parts])
        self.assertEqual(parts[1].get_content_type(), "application/pgp-signature")
        text = ack_text_part(ack)
        self.assertEqual(text.get_content_type(), "text/plain")
        self.assertEqual((text.get_content_charset() or "").lower(), "utf-8")
        self.assertIn(case_id, text.get_content())

    def accepted_flags(self) -> list[bool]:
        """For each message in the intake mailbox: has cvdd set its keyword?"""
        return [ACCEPTED_KEYWORD in f for _uid, f in sorted(self.stack.imap_flags(INTAKE).items())]


class ReportToAcknowledgement(CvddTestCase):
    def test_report_opens_case_and_acknowledgement_reaches_reporter(self):
        subject = "Buffer overflow in FooServer 2.1 login handler"
        report_id = self.report(subject)
        log = self.run_once()
        m = re.search(r"MESSAGE_ACCEPTED.*case=(CVD#\d{8})", log)
        self.assertTrue(m, log)
        case_id = m.group(1)
        for event in ("CASE_OPENED", "OUTBOX_QUEUED", "OUTBOX_SENT"):
            self.assertIn(event, log)

        c = self.only_case()
        self.assertEqual(c["id"], case_id)
        self.assertRegex(c["id"], r"^CVD#\d{8}$")
        self.assertEqual(c["reporter"], REPORTER)
        self.assertEqual(c["subject"], subject)
        for key in ("state", "received_at", "language", "messages"):
            self.assertIn(key, c)
        self.assertEqual(c["language"], "en")

        shown = self.case(case_id)
        self.assertEqual(shown["id"], case_id)
        self.assertEqual(shown["subject"], subject)
        timeline = shown["timeline"]
        reports = [e for e in timeline if e["direction"] == "in" and e["role"] == "report"]
        acks = [e for e in timeline if e["direction"] == "out" and e["role"] == "acknowledgement"]
        self.assertEqual(len(reports), 1, timeline)
        self.assertEqual(len(acks), 1, timeline)
        self.assertEqual(strip_angle(reports[0]["message_id"]), strip_angle(report_id))
        for e in timeline:
            for key in ("at", "direction", "role", "message_id", "from", "to", "subject"):
                self.assertIn(key, e)

        [ack] = self.settled_acks()
        self.assert_acknowledgement(ack, case_id, subject, report_id)
        self.assertEqual(strip_angle(ack["Message-ID"]), strip_angle(acks[0]["message_id"]))
        self.assertEqual(self.accepted_flags(), [True])

        # A second run finds nothing new: no case, no acknowledgement.
        self.run_once()
        self.assertEqual(len(self.cases()), 1)
        self.assertEqual(len(self.settled_acks(at_least=0)), 1)

    def test_human_readable_output_and_check_config(self):
        self.report("Human readable listing")
        self.run_once()
        case_id = self.only_case()["id"]
        text = self.cvdctl("case", "list")
        self.assertIn(case_id, text)
        self.assertRaises(json.JSONDecodeError, json.loads, text)
        self.assertIn(case_id, self.cvdctl("case", "show", case_id))

        ok = subprocess.run([CVDD, "--check-config", self.config], capture_output=True,
                            text=True, timeout=30, **self._popen_kwargs())
        self.assertEqual(ok.returncode, 0, ok.stdout + ok.stderr)
        bad = self.write_config(self.config_text(smtp_url="ftp://127.0.0.1:25"), "bad.toml")
        r = subprocess.run([CVDD, "--check-config", bad], capture_output=True, text=True,
                           timeout=30, **self._popen_kwargs())
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("[smtp] url", r.stdout + r.stderr)


class CrashPoints(CvddTestCase):
    """CVDD_TEST_CRASH_AT=<point>: SIGKILL at that point, then a clean restart."""

    def crash_and_restart(self, point: str):
        subject = f"Crash test {point}"
        report_id = self.report(subject)
        self.run_once(crash_at=point, expect_rc=-signal.SIGKILL)

        # What the spec says holds at each point, right after the crash.
        if point == "after-fetch":
            self.assertEqual(self.cases(), [])
            self.assertEqual(self.accepted_flags(), [False])
        elif point == "after-commit":
            self.assertEqual(len(self.cases()), 1)
            self.assertEqual(self.accepted_flags(), [False])
        elif point == "after-flag":
            self.assertEqual(self.accepted_flags(), [True])
            self.assertEqual(self.settled_acks(at_least=0), [])
        elif point == "after-send":
            self.assertEqual(len(self.settled_acks()), 1)

        self.run_once()
        case = self.only_case()
        acks = self.settled_acks()
        ids = {strip_angle(a["Message-ID"]) for a in acks}
        if point == "after-send":
            # The one unavoidable duplicate: same Message-ID, at most one extra copy.
            self.assertEqual(len(ids), 1, [a["Message-ID"] for a in acks])
            self.assertLessEqual(len(acks), 2)
        else:
            self.assertEqual(len(acks), 1, [a["Message-ID"] for a in acks])
        self.assert_acknowledgement(acks[0], case["id"], subject, report_id)
        self.assertEqual(self.accepted_flags(), [True])
        timeline = self.case(case["id"])["timeline"]
        self.assertEqual(len([e for e in timeline if e["role"] == "report"]), 1, timeline)
        self.assertEqual(len([e for e in timeline if e["role"] == "acknowledgement"]), 1, timeline)

        # And a third run changes nothing.
        self.run_once()
        self.assertEqual(len(self.cases()), 1)
        self.assertEqual(len(self.settled_acks(at_least=0)), len(acks))

    def test_crash_after_fetch(self):
        self.crash_and_restart("after-fetch")

    def test_crash_after_commit(self):
        self.crash_and_restart("after-commit")

    def test_crash_after_flag(self):
        self.crash_and_restart("after-flag")

    def test_crash_after_send(self):
        self.crash_and_restart("after-send")


class SmtpOutage(CvddTestCase):
    def test_acknowledgement_queued_while_postfix_is_down_sent_once_after(self):
        subject = "Report while the SMTP server is down"
        report_id = self.report(subject)
        # Postfix removes the queue file only after Dovecot's 250: stopped in between, it
        # delivers the report a second time when it starts again (a new UID, a second case).
        self.stack.wait_for_queue_empty()
        self.stack.stop_postfix()
        try:
            log = self.run_once()
            case = self.only_case()
            self.assertIn("OUTBOX_QUEUED", log)
            self.assertNotIn("OUTBOX_SENT", log)
            self.assertIn("OUTBOX_RETRY", log)
            self.assertEqual(self.accepted_flags(), [True])
        finally:
            self.stack.start_postfix()
        self.assertEqual(self.settled_acks(at_least=0), [])

        # The entry is due again after retry_initial (1 s); --once only sends what is due.
        deadline = time.monotonic() + 20
        while True:
            log = self.run_once()
            if "OUTBOX_SENT" in log:
                break
            self.assertLess(time.monotonic(), deadline, "acknowledgement never sent")
            time.sleep(0.5)
        acks = self.settled_acks()
        self.assertEqual(len(acks), 1)
        self.assert_acknowledgement(acks[0], case["id"], subject, report_id)
        self.run_once()
        self.assertEqual(len(self.settled_acks()), 1)
        self.assertEqual(len(self.cases()), 1)


class JapaneseMail(CvddTestCase):
    SUBJECT = "脆弱性の報告：ログイン画面におけるクロスサイトスクリプティング"
    BODY = ("お世話になっております。\n"
            "貴社製品のログイン画面にクロスサイトスクリプティングの脆弱性を発見しました。\n"
            "再現手順を以下に記載します。\n")

    def test_iso2022jp_report(self):
        report_id = email.utils.make_msgid(domain="example.org")
        raw = japanese_message(f"Taro Yamada <{REPORTER}>", INTAKE, self.SUBJECT, self.BODY,
                               report_id)
        self.assertIn(b"=?ISO-2022-JP?B?", raw)
        self.send_raw(raw)
        self.run_once()

        c = self.only_case()
        self.assertEqual(c["subject"], self.SUBJECT)
        self.assertEqual(c["language"], "ja")
        self.assertEqual(c["reporter"], REPORTER)
        self.assertEqual(self.case(c["id"])["subject"], self.SUBJECT)

        self.stack.wait_for_messages(REPORTER, 1)
        self.stack.wait_for_queue_empty()
        [raw_ack] = self.stack.messages(REPORTER)
        ack = parse(raw_ack)
        self.assert_acknowledgement(ack, c["id"], self.SUBJECT, report_id)
        # Non-ASCII subject travels RFC 2047-encoded as UTF-8, never as raw 8-bit.
        raw_subject = re.search(rb"^Subject:(.*(?:\r?\n[ \t].*)*)", raw_ack, re.M | re.I).group(1)
        self.assertTrue(all(b < 0x80 for b in raw_subject), raw_subject)
        self.assertRegex(raw_subject.decode("ascii"), r"(?i)=\?utf-8\?[bq]\?")
        self.assertRegex(ack_text(ack), r"[\u3040-\u30ff\u4e00-\u9fff]",
                         "a Japanese report gets a Japanese acknowledgement")

    def test_iso2022jp_reply_joins_case(self):
        report_id = email.utils.make_msgid(domain="example.org")
        self.send_raw(japanese_message(REPORTER, INTAKE, self.SUBJECT, self.BODY, report_id))
        self.run_once()
        case_id = self.only_case()["id"]
        [ack] = self.settled_acks()

        reply_id = email.utils.make_msgid(domain="example.org")
        self.send_raw(japanese_message(REPORTER, INTAKE, f"返信: [{case_id}] {self.SUBJECT}",
                                       "追加情報です。\n", reply_id,
                                       in_reply_to=str(ack["Message-ID"])))
        log = self.run_once()
        self.assertIn("CASE_REPLY_ATTACHED", log)
        self.assertNotIn("CASE_OPENED", log)
        self.assertEqual([c["id"] for c in self.cases()], [case_id])
        self.assertEqual(len(self.settled_acks()), 1)
        timeline = self.case(case_id)["timeline"]
        replies = [e for e in timeline if e["direction"] == "in" and e["role"] == "reply"]
        self.assertEqual(len(replies), 1, timeline)
        self.assertEqual(strip_angle(replies[0]["message_id"]), strip_angle(reply_id))


class Replies(CvddTestCase):
    def test_reply_with_case_id_joins_case_without_acknowledgement(self):
        subject = "SQL injection in the search form"
        self.report(subject)
        self.run_once()
        case_id = self.only_case()["id"]
        [ack] = self.settled_acks()

        reply_id = self.report(f"Re: [{case_id}] {subject}", body="Here is a PoC.\n",
                               extra_headers=[f"In-Reply-To: {ack['Message-ID']}"])
        log = self.run_once()
        self.assertIn("CASE_REPLY_ATTACHED", log)
        self.assertNotIn("CASE_OPENED", log)
        self.assertEqual([c["id"] for c in self.cases()], [case_id])
        self.assertEqual(len(self.settled_acks()), 1, "no acknowledgement for a reply")
        timeline = self.case(case_id)["timeline"]
        replies = [e for e in timeline if e["direction"] == "in" and e["role"] == "reply"]
        self.assertEqual(len(replies), 1, timeline)
        self.assertEqual(strip_angle(replies[0]["message_id"]), strip_angle(reply_id))
        self.assertEqual(self.accepted_flags(), [True, True])


class UidValidity(CvddTestCase):
    def test_new_uidvalidity_processes_new_mail_only(self):
        self.report("First report before the mailbox is rebuilt")
        self.run_once()
        self.assertEqual(len(self.cases()), 1)
        self.assertEqual(len(self.settled_acks()), 1)

        old = self.stack.uidvalidity(INTAKE)
        self.assertGreater(self.stack.recreate_mailbox(INTAKE), old)
        self.report("Second report after the rebuild")  # gets UID 1 again
        self.run_once()
        subjects = sorted(c["subject"] for c in self.cases())
        self.assertEqual(subjects, ["First report before the mailbox is rebuilt",
                                    "Second report after the rebuild"])
        self.assertEqual(len(self.settled_acks(at_least=2)), 2)
        self.assertEqual(self.accepted_flags(), [True])

    def test_renumbered_old_messages_are_not_processed_again(self):
        # A server migration: same messages, new UIDVALIDITY, new UIDs, flags lost.
        self.report("Report that survives a migration")
        self.run_once()
        self.assertEqual(len(self.settled_acks()), 1)

        self.stack.recreate_mailbox(INTAKE, keep_messages=True)
        self.report("Report after the migration")
        self.run_once()
        subjects = sorted(c["subject"] for c in self.cases())
        self.assertEqual(subjects, ["Report after the migration",
                                    "Report that survives a migration"])
        self.assertEqual(len(self.settled_acks(at_least=2)), 2)


class LongRunningDaemon(CvddTestCase):
    def test_polls_and_stops_on_sigterm(self):
        proc, log = self.start_daemon()
        self.report("Report to the running daemon")
        self.stack.wait_for_messages(REPORTER, 1, timeout=30)
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(proc.wait(timeout=30), 0)
        self._record_log(log)
        with open(log) as f:
            text = f.read()
        self.assertIn("DAEMON_STOPPING", text)
        self.assertIn("OUTBOX_SENT", text)
        self.assertEqual(len(self.cases()), 1)

    def test_sighup_with_broken_config_keeps_running_good_config_reloads(self):
        proc, log = self.start_daemon()
        good = self.config_text()
        self.write_config(good.replace(f'url = "smtp://127.0.0.1:{self.stack.smtp_port}"',
                                       'url = "ftp://127.0.0.1:1"'))
        mark = os.path.getsize(log)
        proc.send_signal(signal.SIGHUP)
        self.wait_log(proc, log, r"CONFIG_RELOAD_FAILED", start=mark)
        time.sleep(0.5)
        self.assertIsNone(proc.poll(), "cvdd died after a SIGHUP with a broken config")

        # Still serving with the old configuration.
        self.report("Report after a failed reload")
        self.stack.wait_for_messages(REPORTER, 1, timeout=30)

        self.write_config(good)
        mark = os.path.getsize(log)
        proc.send_signal(signal.SIGHUP)
        self.wait_log(proc, log, r"CONFIG_RELOADED", start=mark)
        self.assertIsNone(proc.poll())
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(proc.wait(timeout=30), 0)
        self._record_log(log)


class StartTls(CvddTestCase):
    """The shipped defaults: STARTTLS required on IMAP and SMTP, certificate verified."""
    STACK_OPTIONS = {"tls": True}

    def test_report_and_acknowledgement_over_starttls(self):
        self.assertNotIn("starttls", self.config_text())
        subject = "Report fetched and answered over STARTTLS"
        report_id = self.report(subject)
        log = self.run_once()
        self.assertIn("OUTBOX_SENT", log)
        case = self.only_case()
        [ack] = self.settled_acks()
        self.assert_acknowledgement(ack, case["id"], subject, report_id)
        # The servers saw cvdd use TLS: Dovecot tags TLS logins, Postfix counts STARTTLS.
        with open(os.path.join(self.stack.dir, "dovecot.log"), errors="replace") as f:
            self.assertRegex(f.read(), r"Login: user=<vendors@cert\.example>.*\bTLS\b")
        with open(os.path.join(self.stack.dir, "postfix.log"), errors="replace") as f:
            self.assertRegex(f.read(), r"disconnect from .* starttls=1 mail=1")

    def test_untrusted_certificate_is_refused(self):
        self.report("Report the daemon must not fetch without a trusted certificate")
        self.write_config(self.config_text().replace(f'ca_file = "{self.stack.ca_file}"\n', ""))
        log = self.run_once(expect_rc=None)
        self.assertRegex(log, r"SOURCE_UNAVAILABLE.*(?i:certificate)")
        self.assertEqual(self.cases(), [])
        self.assertEqual(self.accepted_flags(), [False])


class MaildirEnds(CvddTestCase):
    """maildir: as source and as outbound transport (no servers involved)."""

    def test_maildir_source_and_maildir_outbox(self):
        inbox, outbox = os.path.join(self.work, "in"), os.path.join(self.work, "out")
        for sub in ("tmp", "new", "cur"):
            os.makedirs(os.path.join(inbox, sub))
        report_id = email.utils.make_msgid(domain="example.org")
        subject = "Report dropped into a Maildir"
        with open(os.path.join(inbox, "new", "1700000000.1.test"), "wb") as f:
            f.write((f"From: {REPORTER}\r\nTo: {INTAKE}\r\nSubject: {subject}\r\n"
                     f"Message-ID: {report_id}\r\nDate: {email.utils.formatdate()}\r\n\r\n"
                     "Details follow.\r\n").encode())
        if RUN_UID is not None:
            for root, dirs, files in os.walk(self.work):
                for name in dirs + files:
                    os.chown(os.path.join(root, name), RUN_UID, RUN_GID)
        self.write_config(self.config_text(source_url=f"maildir:{inbox}",
                                           smtp_url=f"maildir:{outbox}"))
        self.run_once()
        case = self.only_case()
        self.assertEqual(case["subject"], subject)
        out = [os.path.join(outbox, sub, n) for sub in ("new", "cur")
               for n in os.listdir(os.path.join(outbox, sub))]
        self.assertEqual(len(out), 1, out)
        with open(out[0], "rb") as f:
            self.assert_acknowledgement(parse(f.read()), case["id"], subject, report_id)
        self.assertEqual(os.listdir(os.path.join(inbox, "new")), [])
        self.run_once()
        self.assertEqual(len(self.cases()), 1)


if __name__ == "__main__":
    unittest.main(verbosity=2)
