"""A year of coordination end to end: real Postfix + Dovecot (mailstack.py), the real cvdd
and cvdctl, a simulated clock, and independent mail clients (``gpg``) for the reporter and
three vendors.

The clock: cvdd and cvdctl read the time from the file named by $CVDD_TEST_CLOCK_FILE
(daemon/system_clock.cpp); the test writes simulated instants there and runs
``cvdd --once`` after every operator command and every clock move, so queued notices are
sent and due deadlines fire. The coordinator's time zone is Asia/Tokyo; every deadline is
due at the start of its local date there.

The scenario (CoordinationScenario.test_a_year_of_coordination), start date 2027-11-30:
- the reporter sends a PGP/MIME signed report form with its key attached (bound on first
  use, so confidential notices to it can be encrypted), consenting to nothing: neither its
  name nor its address may reach a vendor;
- the operator accepts the case, registers four vendors and sends each the summary:
  alpha (English, OpenPGP key bound by the operator) cooperates; beta (Japanese) answers
  "no affected product"; gamma (one mail contact, the case's language) never answers;
  epsilon answers once ("we are checking"), then leaves the operator's further request of
  2027-12-10 unanswered and becomes unreachable by the silence clock (003 §4-5) on
  2028-03-10, coordination impossible three months after that listing (003 §7-2);
- delta, not registered, is asked to register on 2027-12-03 (its start date, in the
  request), registers on 2027-12-08, gets the summary and answers "no affected product";
- the operators are warned a week before each mark (DEADLINE_APPROACHING, naming the
  mark's date), unless the mark falls due in the same run;
- alpha asks for the details in a signed reply; the operator writes them (the reporter's
  own text never goes to a vendor without consent) and alpha gets them encrypted; gamma is reminded
  after 7, 14 and 30 days, becomes unreachable after 3 calendar months (2028-02-29, a leap
  day) and coordination with it impossible 3 months after that listing (2028-05-29);
- alpha states its status (affected, fix, comment, advisory URL) and asks for a
  publication date, which alerts the operators at once (003 §4-2);
- on 2028-02-02 the reporter's signed reply consents to being named to the vendors (ウ) and
  contacted by them directly (エ): the change is in the history, and the vendor notices
  from then on give the reporter's name and address (never before);
- once coordination with gamma is impossible the publication committee ends its handling
  (000 付録5): the reporter and every other vendor told of the case are told (naming gamma's
  organisation, nothing technical); gamma gets nothing more and keeps no clock; the operator sets a
  publication date after the reporter's one-year mark, then moves it; the reporter gets the
  one-year non-disclosure notice on 2028-11-30 since nothing is published yet; alpha gets
  the publication reminders 7 and 1 days before; the case is published on the date and
  closed.
Every mail every party receives is checked: recipient, sender, subject (case ID, notice
type, language), encrypted or signed (verified with gpg), the reporter's identity never in
a vendor's mail, the details never in clear; and the case's history in the end.

RestartWithDueDeadlines: cvdd is SIGKILLed (CVDD_TEST_CRASH_AT) while five deadlines are
due after a 100-day jump of the clock (three reminders, the operators' warning superseded by
its mark, and the unreachable mark); the next run fires each missing one once: the reminder
and unreachable mails are counted exactly, the history holds each firing once and the
deadline index keeps only what is still pending.
"""

from __future__ import annotations

import datetime
import email.header
import email.utils
import json
import os
import re
import signal
import subprocess
import sys
import time
import unittest
from dataclasses import dataclass
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailstack import parse  # noqa: E402
from test_cvdd_e2e import CVDCTL, CVDD, INTAKE, REPORTER, RUN_TIMEOUT  # noqa: E402
from test_openpgp_e2e import (GpgClient, OpenPgpTestCase, crlf, entity,  # noqa: E402
                              message)

TZ = ZoneInfo("Asia/Tokyo")
OPERATOR = "alice"                       # cvdctl --as
OPERATORS = "operators@cert.example"     # [coordinator] operators: alerts are mailed here
REPORTER_NAME = "Hanako Kanazawa"
SECRET = "proof-phrase-7f3c9e2b"         # only in the vulnerability details
KANJI = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
CASE_TAG = re.compile(r"^\[(CVD#\d{8})\]")


@dataclass(frozen=True)
class Vendor:
    id: str
    org: str
    address: str
    language: str | None  # None: not given to `vendor add`, the case's language applies
    has_key: bool


ALPHA = Vendor("alpha", "Alpha Networks Inc.", "psirt@alpha.example", "en", True)
BETA = Vendor("beta", "Beta Denki K.K.", "security@beta.example", "ja", False)
GAMMA = Vendor("gamma", "Gamma Widgets Ltd.", "info@gamma.example", None, False)
# Answers the summary once ("we are checking"), then leaves a further request unanswered.
EPSILON = Vendor("epsilon", "Epsilon Systems Co.", "security@epsilon.example", "en", False)
VENDORS = (ALPHA, BETA, GAMMA, EPSILON)
# Not in the registry's contact list at first: asked to register (003 §2-3), registers later.
DELTA = Vendor("delta", "Delta Soft LLC", "contact@delta.example", "en", False)
VENDOR_ADDRESSES = {v.address for v in VENDORS + (DELTA,)}

REPORT_SUBJECT = "OS command injection in Alpha Router 4.2 web console"
CASE_TITLE = "OS command injection in a router web console"
CASE_SUMMARY = "Do you ship routers whose web console runs diagnostics through a shell?"
REPORT_FORM = f"""\
Hello,

I would like to report a vulnerability.

Reporter: {REPORTER_NAME}
Contact: {REPORTER}
May my name and address be passed to the vendor: no
May the vendor contact me directly: no
May my name be published in the advisory: no
Product: Alpha Router 4.2
Vulnerability: the diagnostics page of the web console passes the "host"
parameter to /bin/sh; host=127.0.0.1;id runs id as root.
{SECRET}
Exploitation observed: no

Regards,
{REPORTER_NAME}
"""

# The details the operator writes for vendors (cvdctl case edit --details): the reporter
# consents to nothing, so nothing of REPORT_FORM reaches a vendor verbatim. The operator
# names the product and quotes the reporter's proof phrase on purpose.
OPERATOR_DETAILS = f"""\
Alpha Router 4.2: the diagnostics page of the web console passes a request
parameter to a shell unquoted; a shell separator in it runs any command as root.
Proof phrase from the reporter, quoted by the coordinator: {SECRET}"""

# Notice subjects after "[CASE] " (templates/notices/*.mustache), per language.
NOTICE_SUBJECTS = {
    "case-accepted": ("Your report has been accepted: ", "ご報告の受理のお知らせ: "),
    "case-not-accepted": ("About your report: ", "ご報告の取り扱いについて: "),
    "committee-handling-ended": ("Handling ended for one vendor of this case",
                                 "一部の製品開発者に関する取扱い終了のお知らせ"),
    "missing-information": ("Further information needed for your report",
                            "ご報告内容についての確認のお願い"),
    "operator-alert": ("Operator alert: ", "運用者への通知: "),
    "non-disclosure-withdrawable": ("About our request not to disclose: ",
                                    "情報非開示のお願いについて: "),
    "priority-advisory": ("CONFIDENTIAL: advance vulnerability information",
                          "【取扱注意】脆弱性情報の優先提供"),
    "publication-cancelled": ("CONFIDENTIAL: publication cancelled",
                              "【取扱注意】一般公表取りやめのお知らせ"),
    "publication-date-moved": ("CONFIDENTIAL: publication date changed",
                               "【取扱注意】一般公表日時変更のお知らせ"),
    "publication-date": ("CONFIDENTIAL: publication date set", "【取扱注意】一般公表日時決定のお知らせ"),
    "publication-reminder": ("CONFIDENTIAL: publication date approaching",
                             "【取扱注意】一般公表日時が近づいております"),
    "published": ("Vulnerability information published: ", "脆弱性情報公表のお知らせ: "),
    "registration-request": ("Request to register as a product vendor", "製品開発者登録のお願い"),
    "reminder": ("Reminder: your answer is needed", "ご回答のお願い（再度のご連絡）"),
    "vendor-unreachable": ("Vendor unreachable: ", "連絡不能: "),
    "vulnerability-details": ("CONFIDENTIAL: vulnerability details", "【取扱注意】脆弱性詳細情報のお知らせ"),
    "vulnerability-summary": ("Vulnerability summary: ", "脆弱性概要情報のお知らせ: "),
}
CONFIDENTIAL_NOTICES = {"vulnerability-details", "publication-date", "publication-date-moved",
                        "publication-reminder", "priority-advisory", "publication-cancelled"}
REPLY_FORM = {"en": ("==== cvdd reply form ====", "==== end of reply form ===="),
              "ja": ("==== 回答フォーム ====", "==== 回答フォームここまで ====")}


def jst(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime.datetime:
    return datetime.datetime(y, m, d, hh, mm, tzinfo=TZ)


@dataclass
class Mail:
    """One message as its recipient reads it (decrypted when it came encrypted)."""
    to: str
    raw: bytes
    message_id: str
    subject: str    # the real subject: the protected one inside encrypted mail
    notice: str     # template name, "acknowledgement", or "?" when not recognised
    language: str   # "en" / "ja" (by the subject's fixed text)
    encrypted: bool
    text: str       # the decrypted, signature-verified text

    def __repr__(self) -> str:
        return f"<{self.notice}/{self.language}{' enc' if self.encrypted else ''} to {self.to}: {self.subject!r}>"


def classify_subject(rest: str) -> tuple[str, str]:
    """(notice, language) of a subject without its "[CASE] " tag; ("?", "") if unknown."""
    best = ("?", "", 0)
    for notice, prefixes in NOTICE_SUBJECTS.items():
        for language, prefix in zip(("en", "ja"), prefixes):
            if rest.startswith(prefix) and len(prefix) > best[2]:
                best = (notice, language, len(prefix))
    return best[0], best[1]


def utf8_entity(text: str) -> bytes:
    """A text/plain UTF-8 entity, base64 (Japanese text)."""
    import base64
    data = base64.encodebytes(crlf(text.rstrip("\n") + "\n")).replace(b"\n", b"\r\n")
    return entity(['Content-Type: text/plain; charset="UTF-8"',
                   "Content-Transfer-Encoding: base64"], data)


def encoded_subject(subject: str) -> str:
    return subject if subject.isascii() else email.header.Header(subject, "utf-8").encode()


def fill_reply_form(notice_text: str, language: str, ticks=(), fields=None) -> str:
    """The notice's blank reply form, unquoted, with the boxes whose text starts with one of
    ``ticks`` ticked and ``fields`` ({label: value}) written after their labels."""
    start_marker, end_marker = REPLY_FORM[language]
    start = notice_text.index(start_marker)
    end = notice_text.index(end_marker, start) + len(end_marker)
    out = []
    for line in notice_text[start:end].splitlines():
        for tick in ticks:
            if line == f"[ ] {tick}" or line.startswith(f"[ ] {tick} ") or \
                    line.startswith(f"[ ] {tick}（"):
                line = "[x]" + line[3:]
        for label, value in (fields or {}).items():
            if line.startswith(label):
                line = f"{line} {value}"
        out.append(line)
    return "\n".join(out) + "\n"


class CoordinationTestCase(OpenPgpTestCase):
    """One MailStack with the intake, the reporter, three vendors and the operators; a
    simulated clock; a gpg client for each party that has a key."""
    USERS = (INTAKE, REPORTER, ALPHA.address, BETA.address, GAMMA.address, EPSILON.address,
             DELTA.address, OPERATORS)
    RECIPIENTS = (REPORTER, ALPHA.address, BETA.address, GAMMA.address, EPSILON.address,
                  DELTA.address, OPERATORS)

    def setUp(self):
        super().setUp()  # also: self.reporter (a gpg client) with self.reporter_fpr
        self.clock_file = os.path.join(self.work, "clock")
        self.config = self.write_config(self.config_text().replace(
            'timezone = "Asia/Tokyo"\n',
            f'timezone = "Asia/Tokyo"\noperators = ["{OPERATORS}"]\n'))
        self.seen = {user: 0 for user in self.RECIPIENTS}
        self.received: dict[str, list[Mail]] = {user: [] for user in self.RECIPIENTS}
        self.now: datetime.datetime | None = None
        self.case_id = ""
        self.report_subject = REPORT_SUBJECT  # the acknowledgement's subject
        self.alpha = self.gpg_client()
        self.alpha_fpr = self.alpha.generate(f"Alpha PSIRT <{ALPHA.address}>")
        self.verifier = self.gpg_client()  # a client that only checks the coordinator's signatures
        self._coordinator: tuple[str, bytes] | None = None

    # ------------------------------------------------------------------ clock and runs
    def _popen_kwargs(self, env_extra=None):
        return super()._popen_kwargs({"CVDD_TEST_CLOCK_FILE": self.clock_file, **(env_extra or {})})

    def set_clock(self, when: datetime.datetime) -> None:
        """Move the simulated clock (never backwards)."""
        if self.now is not None:
            self.assertGreaterEqual(when, self.now, "the simulated clock never goes back")
        tmp = self.clock_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{int(when.timestamp())}\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, self.clock_file)
        self.now = when
        # The parties sign on the same simulated clock when it runs ahead of the real one
        # (never before their keys exist); behind it, on the real clock, which is later.
        ahead = when.timestamp() > time.time()
        for client in self.gpg_clients:
            client.faked_time = int(when.timestamp()) if ahead else None

    def ctl(self, *args: str, expect_rc: int | None = 0) -> subprocess.CompletedProcess:
        """cvdctl as the operator (text output); expect_rc=None: any exit code."""
        r = subprocess.run([CVDCTL, "--config", self.config, *args], capture_output=True,
                           text=True, timeout=60, **self._popen_kwargs())
        if expect_rc is not None:
            self.assertEqual(r.returncode, expect_rc,
                             f"cvdctl {' '.join(args)} (clock {self.now}): {r.stdout}{r.stderr}")
        return r

    def case_cmd(self, verb: str, *args: str) -> dict:
        """`cvdctl case VERB CASE ARGS --as alice --json`: must succeed; returns its JSON."""
        r = self.ctl("case", verb, self.case_id, *args, "--as", OPERATOR, "--json")
        return json.loads(r.stdout) if r.stdout.strip() else {}

    def refused(self, verb: str, *args: str, why: str) -> None:
        """The state machine refuses: non-zero exit, a message saying why, nothing changed."""
        before = self.case(self.case_id)
        r = self.ctl("case", verb, self.case_id, *args, "--as", OPERATOR, expect_rc=None)
        self.assertNotEqual(r.returncode, 0, f"case {verb} {args} was not refused: {r.stdout}")
        self.assertIn(why, r.stdout + r.stderr, f"case {verb} {args}")
        self.assertEqual(self.case(self.case_id), before, f"a refused case {verb} changed the case")

    def workflow(self) -> dict:
        return self.case(self.case_id)["coordination"]

    def vendor_view(self, vendor: Vendor) -> dict:
        [v] = [v for v in self.workflow()["vendors"] if v["vendor_id"] == vendor.id]
        return v

    def deadline_index(self, **filters) -> list[tuple[str, str, str]]:
        """(kind, vendor, date) of this case's entries in `cvdctl deadlines --json`."""
        args = ["deadlines", "--json"]
        if "due_before" in filters:
            args[1:1] = ["--due-before", filters["due_before"]]
        out = json.loads(self.ctl(*args).stdout)
        self.assertFalse(out["truncated"], out)
        return sorted((d["kind"], d["vendor_id"], d["date"]) for d in out["deadlines"]
                      if d["case_id"] == self.case_id)

    # ------------------------------------------------------------------ mail
    def coordinator(self) -> tuple[str, bytes]:
        if self._coordinator is None:
            self._coordinator = self.coordinator_key()
            for client in (self.reporter, self.alpha, self.verifier):
                client.import_key(self._coordinator[1])
        return self._coordinator

    def client_of(self, user: str) -> GpgClient | None:
        return {REPORTER: self.reporter, ALPHA.address: self.alpha}.get(user)

    def open_mail(self, user: str, raw: bytes) -> Mail:
        """Check the outside of one received message and read it as its recipient does."""
        outer = parse(raw)
        head = raw.partition(b"\r\n\r\n")[0].decode(errors="replace")
        self.assertIn(INTAKE, str(outer["From"]), head)
        self.assertEqual([a.lower() for _n, a in email.utils.getaddresses([str(outer["To"])])],
                         [user], head)
        tag = CASE_TAG.match(str(outer["Subject"]))
        self.assertTrue(tag, f"subject without the case tag: {head}")
        if self.case_id:
            self.assertEqual(tag.group(1), self.case_id, head)
        message_id = str(outer["Message-ID"]).strip().strip("<>")
        self.assertTrue(message_id, head)
        fpr = self.coordinator()[0]
        if outer.get_content_type() == "multipart/encrypted":
            client = self.client_of(user)
            self.assertIsNotNone(client, f"mail encrypted to {user}, who has no key: {head}")
            self.assertEqual(str(outer["Subject"]), tag.group(0), "encrypted mail: the outer "
                             "subject is the case tag only")
            # Decrypted with a good signature by the coordinator key inside (checked by
            # decrypt_ack): the decrypted entity is the signed text itself.
            signed = self.decrypt_ack(raw, tag.group(1), client)
            subject = self.protected_subject(signed)
            self.assertIsNotNone(subject, "encrypted mail without a protected subject")
            encrypted = True
        else:
            self.assertEqual(outer.get_content_type(), "multipart/signed",
                             f"mail neither encrypted nor signed: {head}")
            subject = str(outer["Subject"])
            signed = self.assert_signed_by(self.verifier, raw, fpr)
            encrypted = False
        body = parse(signed)
        text_part = next((p for p in body.walk() if p.get_content_type() == "text/plain"), None)
        self.assertIsNotNone(text_part, f"no text/plain in the mail to {user}: {subject}")
        text = text_part.get_content()
        rest = subject[len(tag.group(0)):].lstrip()
        if rest == self.report_subject:
            notice, language = "acknowledgement", ("ja" if KANJI.search(text) else "en")
        else:
            notice, language = classify_subject(rest)
            if notice == "operator-alert":  # "operator-alert:VENDOR_UNREACHABLE"
                notice += ":" + rest.split(":", 1)[1].strip()
        return Mail(user, raw, message_id, subject, notice, language, encrypted, text)

    def deliveries(self, expected: dict[str, list[str]]) -> dict[str, list[Mail]]:
        """Wait for what the last runs sent and check that each recipient got exactly the
        notices named in ``expected`` (any order; unlisted recipients: nothing). Returns the
        new mail per recipient, sorted by notice name."""
        for user, notices in expected.items():
            self.assertIn(user, self.RECIPIENTS)
            if notices:
                self.stack.wait_for_messages(user, self.seen[user] + len(notices))
        self.stack.wait_for_queue_empty()
        got = {}
        for user in self.RECIPIENTS:
            new = self.stack.messages(user)[self.seen[user]:]
            self.seen[user] += len(new)
            mails = sorted((self.open_mail(user, raw) for raw in new), key=lambda m: m.notice)
            self.received[user].extend(mails)
            got[user] = mails
            self.assertEqual([m.notice for m in mails], sorted(expected.get(user, [])),
                             f"mail to {user} at {self.now}: {mails}")
            for m in mails:
                self.check_confidentiality(m)
        return got

    # Until the reporter consents (ウ)(エ), nothing that identifies it reaches a vendor.
    identity_consented = False

    def check_confidentiality(self, m: Mail) -> None:
        """Rules every mail obeys, whoever it goes to."""
        if m.notice in CONFIDENTIAL_NOTICES:
            self.assertTrue(m.encrypted, f"confidential notice sent in clear: {m}")
        if not m.encrypted:
            self.assertNotIn(SECRET.encode(), m.raw, f"the details in clear: {m}")
        if m.to in VENDOR_ADDRESSES and not self.identity_consented:
            for leak in (REPORTER, REPORTER_NAME, "Kanazawa", "Hanako"):
                self.assertNotIn(leak.encode(), m.raw, f"reporter identity in {m}")
                self.assertNotIn(leak, m.text, f"reporter identity in {m}")
                self.assertNotIn(leak, m.subject, f"reporter identity in {m}")
        if m.to != ALPHA.address or m.notice != "vulnerability-details":
            self.assertNotIn(SECRET, m.text, f"the details where they do not belong: {m}")

    def run_and_deliver(self, expected: dict[str, list[str]], **kw) -> dict[str, list[Mail]]:
        self.run_once(**kw)
        return self.deliveries(expected)

    # ------------------------------------------------------------------ parties
    def open_case(self) -> None:
        """The reporter's signed report form (key attached) → case opened, acknowledged."""
        report_id = email.utils.make_msgid(domain="example.org")
        self.send_message(self.signed_report(REPORT_SUBJECT, REPORT_FORM, message_id=report_id))
        log = self.run_once()
        self.assertIn("CASE_OPENED", log)
        self.case_id = self.only_case()["id"]
        [ack] = self.deliveries({REPORTER: ["acknowledgement"]})[REPORTER]
        self.assertTrue(ack.encrypted, "the reporter's key is bound on first use")
        self.assertEqual(ack.language, "en")
        self.assertEqual(ack.subject, f"[{self.case_id}] {REPORT_SUBJECT}")
        self.assertIn(self.case_id, ack.text)
        self.assertEqual(parse(ack.raw)["In-Reply-To"].strip("<> "), report_id.strip("<>"))

    def register_vendors(self, vendors=VENDORS) -> None:
        for v in vendors:
            args = ["vendor", "add", v.id, "--org", v.org, "--contact", v.address,
                    "--registration", "individual", "--as", OPERATOR, "--json"]
            if v.language:
                args[7:7] = ["--language", v.language]
            added = json.loads(self.ctl(*args).stdout)
            self.assertEqual(added["id"], v.id, added)
            if v.has_key:
                path = os.path.join(self.work, f"{v.id}.asc")
                with open(path, "wb") as f:
                    f.write(self.alpha.export(self.alpha_fpr))
                os.chmod(path, 0o644)
                self.ctl("vendor", "import-key", v.id, v.address, path, "--as", OPERATOR)
        if ALPHA in vendors:
            keys = {k["fingerprint"]: k for k in self.cvdctl("key", "list", "--json")}
            self.assertIn(self.alpha_fpr, keys)
            self.assertEqual([(b["address"], b["trust"]) for b in keys[self.alpha_fpr]["bindings"]],
                             [(ALPHA.address, "operator")], keys[self.alpha_fpr])

    def vendor_reply(self, vendor: Vendor, notice: Mail, body: str) -> None:
        """The vendor answers a notice from its registered contact, [CASE] kept in the
        subject, threaded to the notice; signed with its key when one is bound."""
        subject = f"Re: {notice.subject}"
        headers = [f"In-Reply-To: <{notice.message_id}>", f"References: <{notice.message_id}>"]
        if vendor.has_key:
            raw = self.signed_report(subject, body, attach_key=False, client=self.alpha,
                                     fpr=self.alpha_fpr, from_=vendor.address,
                                     extra_headers=headers)
        else:
            raw = message(utf8_entity(body), encoded_subject(subject), from_=vendor.address,
                          extra_headers=headers)
        self.send_message(raw, envelope_from=vendor.address)

    def history(self) -> list[tuple[str, str, str]]:
        return [(e["actor"], e["command"], e["detail"]) for e in self.workflow()["history"]]

    def assert_history_tail(self, *expected: tuple[str, str, str]) -> None:
        """The last history events: (actor, command, a part of the detail)."""
        tail = self.history()[-len(expected):]
        self.assertEqual([(a, c) for a, c, _d in tail], [(a, c) for a, c, _d in expected],
                         self.history())
        for (_a, _c, detail), (_ea, _ec, part) in zip(tail, expected):
            self.assertIn(part, detail, tail)


# ==========================================================================================
class CoordinationScenario(CoordinationTestCase):
    def test_a_year_of_coordination(self):
        op = f"operator:{OPERATOR}"

        # ---- 2027-11-30 (Tue) 10:00 JST: the report arrives --------------------------
        self.set_clock(jst(2027, 11, 30, 10, 0))
        self.open_case()
        shown = self.case(self.case_id)
        self.assertEqual(shown["coordination"]["stage"], "received", shown["coordination"])
        report = shown["coordination"]["report"]
        self.assertEqual(report["reporter_name"], REPORTER_NAME, report)
        self.assertEqual(report["reporter_contact"], REPORTER, report)
        self.assertEqual(report["share_identity_with_vendor"], "no", report)
        self.assertEqual(report["product"], "Alpha Router 4.2", report)
        self.assertIn(SECRET, report["vulnerability"], report)
        self.assertEqual(report["missing"], [], report)

        # ---- the operator accepts the case ------------------------------------------
        self.set_clock(jst(2027, 11, 30, 11, 0))
        self.case_cmd("edit", "--title", CASE_TITLE, "--summary", CASE_SUMMARY)
        self.case_cmd("accept")
        [accepted] = self.run_and_deliver({REPORTER: ["case-accepted"]})[REPORTER]
        self.assertEqual(accepted.subject,
                         f"[{self.case_id}] Your report has been accepted: {CASE_TITLE}")
        self.assertTrue(accepted.encrypted)

        # ---- four vendors, each sent the summary ------------------------------------
        self.set_clock(jst(2027, 11, 30, 14, 0))
        self.register_vendors()
        for v in VENDORS:
            self.case_cmd("add-vendor", v.id)
        self.refused("send-details", BETA.id, why="has not requested them")
        for v in VENDORS:
            self.case_cmd("send-summary", v.id)
        got = self.run_and_deliver({v.address: ["vulnerability-summary"] for v in VENDORS})
        summaries = {v.id: got[v.address][0] for v in VENDORS}
        for v, lang, enc in ((ALPHA, "en", True), (BETA, "ja", False), (GAMMA, "en", False),
                             (EPSILON, "en", False)):
            s = summaries[v.id]
            self.assertEqual((s.language, s.encrypted), (lang, enc), s)
            self.assertIn(CASE_TITLE, s.subject)
            self.assertIn(CASE_SUMMARY, s.text)
            self.assertIn(v.org, s.text)
            self.assertIn(REPLY_FORM[lang][0], s.text)
            if lang == "ja":
                self.assertRegex(s.text, KANJI)
            else:
                self.assertNotRegex(s.text, KANJI)
        wf = self.workflow()
        self.assertEqual(wf["stage"], "coordinating")
        for v in VENDORS:
            view = self.vendor_view(v)
            self.assertEqual((view["phase"], view["reachability"]),
                             ("summary-sent", "not-yet-answered"), view)
            self.assertEqual(view["started_at"], "2027-11-30T05:00:00Z", view)  # 14:00 JST
            self.assertEqual(view["channels"], [f"mail:{v.address}"], view)
        # No publication target yet: nobody has the details. A warning a week before each mark.
        self.assertEqual(self.deadline_index(), sorted(
            [("non-disclosure-end", "", "2028-11-30"), ("non-disclosure-warning", "", "2028-11-23")]
            + [(k, v.id, d) for v in VENDORS for k, d in (
                ("unresponsive-reminder", "2027-12-07"),
                ("unresponsive-reminder", "2027-12-14"),
                ("unresponsive-reminder", "2027-12-30"),
                ("unreachable-warning", "2028-02-22"),
                ("unreachable", "2028-02-29"))]))

        # ---- 2027-12-01: alpha asks for the details (signed), beta has no affected product,
        # epsilon answers without the form (an answer all the same)
        self.set_clock(jst(2027, 12, 1, 9, 30))
        self.vendor_reply(ALPHA, summaries["alpha"], "Hello,\n\nplease send the details.\n\n"
                          + fill_reply_form(summaries["alpha"].text, "en", ["Request details"])
                          + "\nAlpha PSIRT\n")
        self.vendor_reply(BETA, summaries["beta"], "いつもお世話になっております。\n\n"
                          + fill_reply_form(summaries["beta"].text, "ja",
                                            ["該当製品なしと回答する"])
                          + "\nベータ電機 PSIRT\n")
        self.vendor_reply(EPSILON, summaries["epsilon"],
                          "Hello,\n\nthank you; we are checking whether our products are "
                          "concerned and will come back to you.\n\nEpsilon Security Team\n")
        log = self.run_once()
        self.assertEqual(log.count("CASE_REPLY_ATTACHED"), 3, log)
        self.assertNotIn("CASE_OPENED", log)
        self.assertEqual(self.quarantine(), [])
        [alert] = self.deliveries({OPERATORS: ["operator-alert:DETAILS_REQUESTED"]})[OPERATORS]
        self.assertEqual((alert.language, alert.encrypted), ("en", False), alert)
        self.assertIn("vendor alpha requested the details", alert.text)
        self.assertEqual((self.vendor_view(ALPHA)["phase"], self.vendor_view(ALPHA)["reachability"]),
                         ("details-requested", "answered"))
        beta = self.vendor_view(BETA)
        self.assertEqual((beta["phase"], beta["public_status"], beta["reachability"]),
                         ("no-affected-product", "not-affected", "answered"), beta)
        epsilon = self.vendor_view(EPSILON)
        self.assertEqual((epsilon["phase"], epsilon["reachability"]), ("summary-sent", "answered"),
                         epsilon)
        self.assert_history_tail(("vendor:alpha", "vendor-requested-details", "alpha"),
                                 ("vendor:beta", "vendor-no-affected-product", "beta"),
                                 ("vendor:epsilon", "contact-attempt", "answered"))
        # Their reminders and unreachable deadlines are gone; gamma's remain.
        self.assertEqual(self.deadline_index(), sorted(
            [("non-disclosure-end", "", "2028-11-30"),
             ("non-disclosure-warning", "", "2028-11-23"),
             ("unresponsive-reminder", "gamma", "2027-12-07"),
             ("unresponsive-reminder", "gamma", "2027-12-14"),
             ("unresponsive-reminder", "gamma", "2027-12-30"),
             ("unreachable-warning", "gamma", "2028-02-22"),
             ("unreachable", "gamma", "2028-02-29")]))

        # ---- the operator sends alpha the details: encrypted to alpha's key ----------
        self.set_clock(jst(2027, 12, 1, 10, 0))
        self.refused("send-details", BETA.id, why="no affected product")
        # The reporter did not consent: vendors read the operator's details (issue 11 item 7).
        self.case_cmd("edit", "--details", OPERATOR_DETAILS)
        self.case_cmd("send-details", ALPHA.id)
        [details] = self.run_and_deliver({ALPHA.address: ["vulnerability-details"]})[ALPHA.address]
        self.assertTrue(details.encrypted)
        self.assertEqual(details.language, "en")
        self.assertIn(SECRET, details.text)
        self.assertIn("Alpha Router 4.2", details.text)
        self.assertTrue(details.text.lstrip().startswith("CONFIDENTIAL"), details.text[:200])
        self.assertEqual(self.vendor_view(ALPHA)["phase"], "details-sent")
        self.assertEqual(self.vendor_view(ALPHA)["public_status"], "information-provided")
        # alpha has the details and no status: its 45-day target runs; the details are a
        # request it has not answered yet, so its silence clock runs too (003 §4-5).
        self.assertEqual([d for d in self.deadline_index() if d[1] == ALPHA.id], sorted([
            ("publication-target", "alpha", "2028-01-14"),
            ("publication-target-warning", "alpha", "2028-01-07"),
            ("unreachable", "alpha", "2028-03-01"),
            ("unreachable-warning", "alpha", "2028-02-23")]))

        # ---- 2027-12-03: delta, not registered, is asked to register (003 §2-3) -------
        self.set_clock(jst(2027, 12, 3, 10, 0))
        self.ctl("vendor", "add", DELTA.id, "--org", DELTA.org, "--contact", DELTA.address,
                 "--registration", "unregistered", "--language", "en", "--as", OPERATOR)
        self.case_cmd("add-vendor", DELTA.id)
        [request] = self.run_and_deliver(
            {DELTA.address: ["registration-request"]})[DELTA.address]
        self.assertEqual((request.language, request.encrypted), ("en", False), request)
        self.assertIn(DELTA.org, request.text)
        # The request is the first contact attempt: its day is delta's start date.
        self.assertIn("(2027-12-03)", request.text)
        self.assertNotIn("2027-11-30", request.text)
        self.assertNotIn(CASE_TITLE, request.subject + request.text, "nothing technical")
        delta = self.vendor_view(DELTA)
        self.assertEqual((delta["registered"], delta["phase"], delta["started_at"]),
                         (False, "not-contacted", "2027-12-03T01:00:00Z"), delta)
        self.assertEqual([(a["channel"], a["result"]) for a in delta["contact_attempts"]],
                         [(f"mail:{DELTA.address}", "sent")])
        self.assertEqual([d for d in self.deadline_index() if d[1] == DELTA.id], sorted([
            ("unresponsive-reminder", "delta", "2027-12-10"),
            ("unresponsive-reminder", "delta", "2027-12-17"),
            ("unresponsive-reminder", "delta", "2028-01-02"),
            ("unreachable-warning", "delta", "2028-02-25"),
            ("unreachable", "delta", "2028-03-03")]))
        self.refused("send-details", DELTA.id, "--skip-summary", why="not registered")

        # ---- gamma is reminded after 7, 14 and 30 days ------------------------------
        reminders = []
        for day in (jst(2027, 12, 6, 23, 0), jst(2027, 12, 7, 0, 30)):
            self.set_clock(day)
            got = self.run_and_deliver({GAMMA.address: [] if day.day == 6 else ["reminder"]})
            reminders += got[GAMMA.address]
        self.assertEqual(self.vendor_view(GAMMA)["reachability"], "unresponsive")

        # ---- 2027-12-08: delta registers, then gets the summary -----------------------
        self.set_clock(jst(2027, 12, 8, 10, 0))
        self.ctl("vendor", "edit", DELTA.id, "--registration", "individual", "--as", OPERATOR)
        self.case_cmd("vendor-registered", DELTA.id)
        self.set_clock(jst(2027, 12, 8, 10, 5))
        self.case_cmd("send-summary", DELTA.id)
        [delta_summary] = self.run_and_deliver(
            {DELTA.address: ["vulnerability-summary"]})[DELTA.address]
        self.assertEqual((delta_summary.language, delta_summary.encrypted), ("en", False))
        self.assertIn(CASE_SUMMARY, delta_summary.text)
        delta = self.vendor_view(DELTA)
        self.assertEqual((delta["registered"], delta["phase"], delta["reachability"],
                          delta["started_at"]),
                         (True, "summary-sent", "answered", "2027-12-03T01:00:00Z"), delta)
        # Registering was its answer (no reminders); the summary is a request it has not
        # answered yet: the silence clock.
        self.assertEqual([d for d in self.deadline_index() if d[1] == DELTA.id], sorted([
            ("unreachable-warning", "delta", "2028-03-01"),
            ("unreachable", "delta", "2028-03-08")]))

        # ---- 2027-12-10: the operator asks epsilon again; it stays silent -------------
        self.set_clock(jst(2027, 12, 10, 10, 0))
        self.case_cmd("contact-attempt", EPSILON.id, "--channel", f"mail:{EPSILON.address}",
                      "--result", "sent")
        self.assertEqual([d for d in self.deadline_index() if d[1] == EPSILON.id], sorted([
            ("unreachable-warning", "epsilon", "2028-03-03"),
            ("unreachable", "epsilon", "2028-03-10")]))

        self.set_clock(jst(2027, 12, 14, 9, 0))
        reminders += self.run_and_deliver({GAMMA.address: ["reminder"]})[GAMMA.address]
        self.set_clock(jst(2027, 12, 20, 15, 0))
        self.case_cmd("contact-attempt", GAMMA.id, "--channel", f"mail:{GAMMA.address}",
                      "--result", "no-answer")
        self.vendor_reply(DELTA, delta_summary, "Hello,\n\n"
                          + fill_reply_form(delta_summary.text, "en", ["No affected product"])
                          + "\nDelta Soft\n")
        self.run_and_deliver({})
        self.assertEqual(self.vendor_view(DELTA)["phase"], "no-affected-product")
        self.assertEqual([d for d in self.deadline_index() if d[1] == DELTA.id], [])
        self.set_clock(jst(2027, 12, 30, 9, 0))
        reminders += self.run_and_deliver({GAMMA.address: ["reminder"]})[GAMMA.address]
        self.assertEqual(len(reminders), 3)
        self.assertEqual(len({m.message_id for m in reminders}), 3)
        for m in reminders:
            self.assertEqual((m.language, m.encrypted), ("en", False), m)
            self.assertIn(GAMMA.org, m.text)
            self.assertIn("2027-11-30", m.text)  # the start date
            self.assertNotIn(CASE_TITLE, m.subject + m.text, "a reminder says nothing of the case")

        # ---- 2028-01-07: a week's warning of alpha's 45-day target --------------------
        self.set_clock(jst(2028, 1, 7, 9, 0))
        [warning] = self.run_and_deliver(
            {OPERATORS: ["operator-alert:DEADLINE_APPROACHING"]})[OPERATORS]
        self.assertIn(f"case {self.case_id}: vendor alpha reaches its publication target",
                      warning.text)
        self.assertIn("on 2028-01-14", warning.text)

        # ---- 2028-01-14: the 45-day publication target passes, unpublished ------------
        # Only for alpha: the one vendor with the details and no status.
        self.set_clock(jst(2028, 1, 14, 9, 0))
        got = self.run_and_deliver({OPERATORS: ["operator-alert:PUBLICATION_TARGET_REACHED"]})
        self.assertEqual([re.search(r"vendor (\w+) reached", m.text).group(1)
                          for m in got[OPERATORS]], ["alpha"])

        # ---- 2028-02-01: alpha states its status (signed) ----------------------------
        self.set_clock(jst(2028, 2, 1, 16, 0))
        statement = fill_reply_form(details.text, "en", ["Statement", "affected"], {
            "Fix or workaround plan:": "Update the firmware to 4.2.1.",
            "Fix or workaround available now (yes/no):": "yes",
            "Public comment for the advisory:": "Alpha Router 4.2.0 and earlier are affected.",
            "Advisory URL (https://...):": "https://alpha.example/psirt/ASA-2028-001",
            "Exploitation observed in the wild (yes/no/unknown):": "no",
            "Requested publication date (YYYY-MM-DD):": "2028-12-08",
        })
        self.vendor_reply(ALPHA, details, "Hello,\n\nour status:\n\n" + statement)
        log = self.run_once()
        self.assertIn("CASE_REPLY_ATTACHED", log)
        self.assertEqual(self.quarantine(), [])
        # The requested date reaches the operators at once (003 §4-2 すみやかに).
        [requested] = self.deliveries(
            {OPERATORS: ["operator-alert:PUBLICATION_DATE_REQUESTED"]})[OPERATORS]
        self.assertIn("vendor alpha requests the publication date 2028-12-08", requested.text)
        alpha = self.vendor_view(ALPHA)
        self.assertEqual((alpha["phase"], alpha["public_status"]), ("statement-given", "affected"),
                         alpha)
        self.assertEqual(alpha["comment"], "Alpha Router 4.2.0 and earlier are affected.")
        self.assertEqual(alpha["advisory_url"], "https://alpha.example/psirt/ASA-2028-001")
        self.assertTrue(alpha["fix_available"], alpha)
        self.assert_history_tail(
            ("vendor:alpha", "vendor-statement", "vendor alpha: affected, fix or workaround available"),
            ("vendor:alpha", "vendor-requested-date", "requests publication on 2028-12-08"),
            ("vendor:alpha", "note", "vendor alpha replied: fix plan: Update the firmware to 4.2.1."))
        # Its statement answered the details: its silence clock is gone.
        self.assertEqual([d for d in self.deadline_index() if d[1] == ALPHA.id], [])
        self.refused("publish", why="no publication date")

        # ---- 2028-02-02: the reporter's signed word changes its consents (ウ)(エ) -------
        self.set_clock(jst(2028, 2, 2, 10, 0))
        consent = (f"About case {self.case_id}:\n\n"
                   "May my name and address be passed to the vendor: yes\n"
                   "May the vendor contact me directly: yes\n")
        self.send_message(self.signed_report(f"Re: [{self.case_id}] {REPORT_SUBJECT}", consent,
                                             attach_key=False))
        self.assertIn("CASE_REPLY_ATTACHED", self.run_once())
        self.deliveries({})
        self.assertEqual(self.quarantine(), [])
        report = self.case(self.case_id)["coordination"]["report"]
        self.assertEqual((report["share_identity_with_vendor"],
                          report["vendor_may_contact_directly"], report["publish_name"]),
                         ("yes", "yes", "no"), report)
        [changed] = [e for e in self.history() if e[0] == f"reporter:{REPORTER}"
                     and e[1] == "note"]
        self.assertIn("consent (ウ) identity no -> yes", changed[2])
        self.assertIn("consent (エ) contact no -> yes", changed[2])
        self.identity_consented = True

        # ---- 2028-02-29 (3 calendar months): gamma is unreachable --------------------
        self.set_clock(jst(2028, 2, 28, 23, 59))
        [warning] = self.run_and_deliver(
            {OPERATORS: ["operator-alert:DEADLINE_APPROACHING"]})[OPERATORS]
        self.assertIn("vendor gamma reaches the unreachable mark", warning.text)
        self.assertIn("on 2028-02-29", warning.text)
        self.assertNotEqual(self.vendor_view(GAMMA)["reachability"], "unreachable")
        self.set_clock(jst(2028, 2, 29, 8, 0))
        [alert] = self.run_and_deliver({OPERATORS: ["vendor-unreachable"]})[OPERATORS]
        self.assertIn(GAMMA.org, alert.subject)
        self.assertIn("2027-11-30", alert.text)
        self.assertIn("has not answered on any channel for 3 months since its start date "
                      "2027-11-30", alert.text)
        gamma = self.vendor_view(GAMMA)
        self.assertEqual((gamma["reachability"], gamma["state"]), ("unreachable", "unreachable"),
                         gamma)
        self.assert_history_tail(("deadline", "deadline-fired", "unreachable/gamma/2028-02-29"))

        # ---- the operator assesses the case for the committee's table (000 table 4-2) --
        self.refused("assess", "--impact", "grave", "--verifiable", "yes", why='unknown impact "grave"')
        self.case_cmd("assess", "--impact", "priority", "--verifiable", "no")
        self.assertEqual(self.workflow()["assessment"], {
            "impact": "priority", "verifiable": False,
            "committee_decision": "committee-decides-considering-cost"})
        self.assertIn("Assessed:  impact priority, not verifiable",
                      self.ctl("case", "show", self.case_id).stdout)

        # ---- 2028-03-10: epsilon, silent 3 months since the request of 2027-12-10 -------
        # Its warning (03-03) falls due in the same run as its mark: superseded, no mail.
        self.set_clock(jst(2028, 3, 10, 9, 0))
        [alert] = self.run_and_deliver({OPERATORS: ["vendor-unreachable"]})[OPERATORS]
        self.assertIn(EPSILON.org, alert.subject)
        self.assertIn("vendor epsilon answered once but has not answered our request of "
                      "2027-12-10 for 3 months", alert.text)
        epsilon = self.vendor_view(EPSILON)
        self.assertEqual((epsilon["reachability"], epsilon["unreachable_since"]),
                         ("unreachable", "2028-03-10T00:00:00Z"), epsilon)
        self.assert_history_tail(
            ("deadline", "deadline-fired", "unreachable-warning/epsilon/2028-03-03"),
            ("deadline", "deadline-fired", "unreachable/epsilon/2028-03-10"))

        # ---- 2028-05-29 (3 months after the listing, 003 §7-2): gamma impossible ------
        self.set_clock(jst(2028, 6, 1, 10, 0))
        [alert] = self.run_and_deliver(
            {OPERATORS: ["operator-alert:COORDINATION_IMPOSSIBLE"]})[OPERATORS]
        self.assertIn("vendor gamma", alert.text)
        self.assertIn("(2028-02-29)", alert.text)
        self.assertIn("considering the cost of verification", alert.text)
        self.assertTrue(self.vendor_view(GAMMA)["coordination_impossible"])
        self.assertFalse(self.vendor_view(EPSILON)["coordination_impossible"])
        self.assert_history_tail(
            ("deadline", "deadline-fired", "coordination-impossible-warning/gamma/2028-05-22"),
            ("deadline", "deadline-fired", "coordination-impossible/gamma/2028-05-29"))
        # Verification turns out to be possible after all: the course changes, and the
        # operators are told the new one.
        self.case_cmd("assess", "--impact", "priority", "--verifiable", "yes")
        [alert] = self.run_and_deliver(
            {OPERATORS: ["operator-alert:COMMITTEE_DECISION"]})[OPERATORS]
        self.assertIn("vendor gamma", alert.text)
        self.assertIn("impact priority, verifiable: the publication committee decides",
                      alert.text)

        # ---- the committee ends gamma's handling (000 付録5) ----------------------------
        self.refused("committee", BETA.id, "end-handling", why="not impossible")
        self.case_cmd("committee", GAMMA.id, "end-handling")
        told = {REPORTER: ["committee-handling-ended"]}
        told.update({v.address: ["committee-handling-ended"]
                     for v in (ALPHA, BETA, DELTA, EPSILON)})
        got = self.run_and_deliver(told)
        for user in told:
            [m] = got[user]
            self.assertIn(GAMMA.org, m.text, m)
            self.assertNotIn(CASE_SUMMARY, m.text, m)
            self.assertEqual(m.language, "ja" if user == BETA.address else "en", m)
        self.assertTrue(got[ALPHA.address][0].encrypted)
        gamma = self.vendor_view(GAMMA)
        self.assertEqual((gamma["committee_outcome"], gamma["handling_ended"]),
                         ("end-handling", True), gamma)
        self.assertEqual([d for d in self.deadline_index() if d[1] == GAMMA.id], [])
        self.refused("committee", GAMMA.id, "continue", why="already ended")

        # ---- the publication date: after the reporter's year, so that year ends first --
        self.refused("set-date", "2028-05-31", why="before today")
        self.case_cmd("set-date", "2028-12-08")
        got = self.run_and_deliver({ALPHA.address: ["publication-date"],
                                    REPORTER: ["publication-date"]})
        for m in (got[ALPHA.address][0], got[REPORTER][0]):
            self.assertTrue(m.encrypted, m)
            self.assertIn("2028-12-08", m.text)
        # With (ウ)(エ) given, the vendor reads who reported and may write to them.
        self.assertIn(REPORTER_NAME, got[ALPHA.address][0].text)
        self.assertIn(REPORTER, got[ALPHA.address][0].text)
        self.assertEqual(self.workflow()["stage"], "publication-scheduled")
        self.assertEqual(self.workflow()["publication_date"], "2028-12-08")

        # ---- 2028-06-10: three months after epsilon's listing ------------------------
        self.set_clock(jst(2028, 6, 10, 10, 0))
        [alert] = self.run_and_deliver(
            {OPERATORS: ["operator-alert:COORDINATION_IMPOSSIBLE"]})[OPERATORS]
        self.assertIn("vendor epsilon still unreachable 3 months after it was declared "
                      "unreachable (2028-03-10)", alert.text)
        self.assertIn("impact priority, verifiable: the publication committee decides",
                      alert.text)
        self.assertTrue(self.vendor_view(EPSILON)["coordination_impossible"])

        self.set_clock(jst(2028, 11, 10, 10, 0))
        self.case_cmd("move-date", "2028-12-15", "--reason", "Alpha needs a week more for the fix")
        got = self.run_and_deliver({ALPHA.address: ["publication-date-moved"],
                                    REPORTER: ["publication-date-moved"]})
        for m in (got[ALPHA.address][0], got[REPORTER][0]):
            self.assertIn("2028-12-15", m.text)
            self.assertIn("2028-12-08", m.text)
            self.assertIn("Alpha needs a week more for the fix", m.text)

        # ---- 2028-11-23: a week's warning of the reporter's year ----------------------
        self.set_clock(jst(2028, 11, 23, 9, 0))
        [warning] = self.run_and_deliver(
            {OPERATORS: ["operator-alert:DEADLINE_APPROACHING"]})[OPERATORS]
        self.assertIn("the end of the reporter's non-disclosure year", warning.text)
        self.assertIn("on 2028-11-30", warning.text)

        # ---- 2028-11-30: one year since the start date, unpublished -------------------
        self.set_clock(jst(2028, 11, 30, 9, 0))
        got = self.run_and_deliver({REPORTER: ["non-disclosure-withdrawable"],
                                    OPERATORS: ["operator-alert:NON_DISCLOSURE_YEAR"]})
        [year] = got[REPORTER]
        self.assertEqual(year.language, "en")
        self.assertIn("2027-11-30", year.text)
        self.assertIn(CASE_TITLE, year.subject)

        # ---- publication reminders 7 and 1 days before, to alpha only ----------------
        self.set_clock(jst(2028, 12, 8, 9, 0))
        [r7] = self.run_and_deliver({ALPHA.address: ["publication-reminder"]})[ALPHA.address]
        self.set_clock(jst(2028, 12, 14, 9, 0))
        [r1] = self.run_and_deliver({ALPHA.address: ["publication-reminder"]})[ALPHA.address]
        for m in (r7, r1):
            self.assertTrue(m.encrypted)
            # An answer is asked for before the date, never after it.
            self.assertIn("We would be grateful to receive it before 2028-12-15.", m.text)
        # Each reminder is a recorded contact attempt on alpha's primary channel.
        self.assertEqual([a["at"] for a in self.vendor_view(ALPHA)["contact_attempts"]
                          if a["at"] >= "2028-12"],
                         ["2028-12-08T00:00:00Z", "2028-12-14T00:00:00Z"])
        self.refused("publish", why="only with force")

        # ---- 2028-12-15: published on the date, then closed --------------------------
        self.set_clock(jst(2028, 12, 15, 10, 0))
        self.run_and_deliver({OPERATORS: ["operator-alert:PUBLICATION_DUE"]})
        self.case_cmd("publish", "--url", "https://cert.example/advisories/2028-001")
        got = self.run_and_deliver({ALPHA.address: ["published"], REPORTER: ["published"]})
        for m in (got[ALPHA.address][0], got[REPORTER][0]):
            self.assertIn("https://cert.example/advisories/2028-001", m.text)
            self.assertIn(CASE_TITLE, m.subject)
        self.assertIn("https://alpha.example/psirt/ASA-2028-001", got[ALPHA.address][0].text)
        self.case_cmd("note", "advisory published; gamma listed as unreachable")
        self.case_cmd("close")
        self.run_and_deliver({})
        self.assertEqual(self.workflow()["stage"], "closed")
        self.assertEqual(self.deadline_index(), [])
        self.refused("accept", why="closed")

        # ---- everything each party received, in order --------------------------------
        def notices(user):
            return [(m.notice, m.language, m.encrypted) for m in self.received[user]]
        self.assertEqual(notices(REPORTER), [
            ("acknowledgement", "en", True), ("case-accepted", "en", True),
            ("committee-handling-ended", "en", True), ("publication-date", "en", True), ("publication-date-moved", "en", True),
            ("non-disclosure-withdrawable", "en", True), ("published", "en", True)])
        self.assertEqual(notices(ALPHA.address), [
            ("vulnerability-summary", "en", True), ("vulnerability-details", "en", True),
            ("committee-handling-ended", "en", True),
            ("publication-date", "en", True), ("publication-date-moved", "en", True),
            ("publication-reminder", "en", True), ("publication-reminder", "en", True),
            ("published", "en", True)])
        self.assertEqual(notices(BETA.address), [("vulnerability-summary", "ja", False),
                                                 ("committee-handling-ended", "ja", False)])
        self.assertEqual(notices(GAMMA.address), [("vulnerability-summary", "en", False)]
                         + [("reminder", "en", False)] * 3)
        self.assertEqual(notices(EPSILON.address), [("vulnerability-summary", "en", False),
                                                    ("committee-handling-ended", "en", False)])
        self.assertEqual(notices(DELTA.address), [("registration-request", "en", False),
                                                  ("vulnerability-summary", "en", False),
                                                  ("committee-handling-ended", "en", False)])
        self.assertEqual([m.notice for m in self.received[OPERATORS]], [
            "operator-alert:DETAILS_REQUESTED", "operator-alert:DEADLINE_APPROACHING",
            "operator-alert:PUBLICATION_TARGET_REACHED",
            "operator-alert:PUBLICATION_DATE_REQUESTED", "operator-alert:DEADLINE_APPROACHING",
            "vendor-unreachable", "vendor-unreachable", "operator-alert:COORDINATION_IMPOSSIBLE",
            "operator-alert:COMMITTEE_DECISION", "operator-alert:COORDINATION_IMPOSSIBLE",
            "operator-alert:DEADLINE_APPROACHING", "operator-alert:NON_DISCLOSURE_YEAR",
            "operator-alert:PUBLICATION_DUE"])
        all_ids = [m.message_id for user in self.RECIPIENTS for m in self.received[user]]
        self.assertEqual(len(all_ids), len(set(all_ids)), "a mail was sent twice")

        # ---- the history: who did what, in order -------------------------------------
        expected = [
            (f"reporter:{REPORTER}", "report-received", "report imap:"),
            (op, "note", "edited summary, title"),
            (op, "accept", "accepted"),
            (op, "add-vendor", "alpha"), (op, "add-vendor", "beta"), (op, "add-vendor", "gamma"),
            (op, "add-vendor", "epsilon"),
            (op, "send-summary", "alpha"), (op, "send-summary", "beta"),
            (op, "send-summary", "gamma"), (op, "send-summary", "epsilon"),
            ("vendor:alpha", "vendor-requested-details", "alpha"),
            ("vendor:beta", "vendor-no-affected-product", "beta"),
            ("vendor:epsilon", "contact-attempt", "vendor epsilon via mail:security@epsilon.example: answered"),
            (op, "note", "edited details"),
            (op, "send-details", "alpha"),
            (op, "add-vendor", "vendor delta (unregistered)"),
            ("deadline", "deadline-fired", "unresponsive-reminder/gamma/2027-12-07"),
            (op, "vendor-registered", "vendor delta registered"),
            (op, "send-summary", "delta"),
            (op, "contact-attempt", "vendor epsilon via mail:security@epsilon.example: sent"),
            ("deadline", "deadline-fired", "unresponsive-reminder/gamma/2027-12-14"),
            (op, "contact-attempt", "gamma"),
            ("vendor:delta", "vendor-no-affected-product", "delta"),
            ("deadline", "deadline-fired", "unresponsive-reminder/gamma/2027-12-30"),
            ("deadline", "deadline-fired", "publication-target-warning/alpha/2028-01-07"),
            ("deadline", "deadline-fired", "publication-target/alpha/2028-01-14"),
            ("vendor:alpha", "vendor-statement", "affected"),
            ("vendor:alpha", "vendor-requested-date", "2028-12-08"),
            ("vendor:alpha", "note", "fix plan: Update the firmware to 4.2.1."),
            (f"reporter:{REPORTER}", "note", "consent (ウ) identity no -> yes"),
            ("deadline", "deadline-fired", "unreachable-warning/gamma/2028-02-22"),
            ("deadline", "deadline-fired", "unreachable/gamma/2028-02-29"),
            (op, "assess", "not verifiable: committee-decides-considering-cost"),
            ("deadline", "deadline-fired", "unreachable-warning/epsilon/2028-03-03"),
            ("deadline", "deadline-fired", "unreachable/epsilon/2028-03-10"),
            ("deadline", "deadline-fired", "coordination-impossible-warning/gamma/2028-05-22"),
            ("deadline", "deadline-fired", "coordination-impossible/gamma/2028-05-29"),
            (op, "assess", "verifiable: committee-decides"),
            (op, "committee-outcome", "vendor gamma: end-handling"),
            (op, "set-publication-date", "2028-12-08"),
            ("deadline", "deadline-fired", "coordination-impossible-warning/epsilon/2028-06-03"),
            ("deadline", "deadline-fired", "coordination-impossible/epsilon/2028-06-10"),
            (op, "move-publication-date", "2028-12-15"),
            ("deadline", "deadline-fired", "non-disclosure-warning//2028-11-23"),
            ("deadline", "deadline-fired", "non-disclosure-end//2028-11-30"),
            ("deadline", "deadline-fired", "publication-reminder//2028-12-08"),
            ("deadline", "deadline-fired", "publication-reminder//2028-12-14"),
            ("deadline", "deadline-fired", "publication-due//2028-12-15"),
            (op, "publish", "published"),
            (op, "note", "gamma listed as unreachable"),
            (op, "close", "closed"),
        ]
        history = self.history()
        self.assertEqual([(a, c) for a, c, _d in history], [(a, c) for a, c, _d in expected],
                         "\n".join(map(str, history)))
        for got_event, (_a, _c, part) in zip(history, expected):
            self.assertIn(part, got_event[2], got_event)

    def test_b_japanese_report_form_missing_the_product(self):
        """A Japanese report form without the product: the fields are stored, and the
        reporter gets the Japanese acknowledgement and the missing-information notice."""
        self.set_clock(jst(2027, 11, 30, 10, 0))
        subject = self.report_subject = "脆弱性の報告：管理画面のクロスサイトスクリプティング"
        form = ("お世話になっております。\n\n"
                f"氏名：{REPORTER_NAME}\n"
                f"連絡先：{REPORTER}\n"
                "製品開発者への氏名・連絡先の開示：不可\n"
                "脆弱性：管理画面の検索欄に入力したスクリプトがそのまま表示されます。\n"
                f"{SECRET}\n\n以上\n")
        self.send_message(message(utf8_entity(form), encoded_subject(subject)))
        self.assertIn("CASE_OPENED", self.run_once())
        self.case_id = self.only_case()["id"]
        got = self.deliveries({REPORTER: ["acknowledgement", "missing-information"]})[REPORTER]
        ack, missing = got
        self.assertEqual(ack.subject, f"[{self.case_id}] {subject}")
        self.assertEqual((ack.language, ack.encrypted), ("ja", False))
        self.assertEqual((missing.language, missing.encrypted), ("ja", False), missing)
        self.assertRegex(missing.text, "製品")
        report = self.case(self.case_id)["coordination"]["report"]
        self.assertEqual(report["missing"], ["product"], report)
        self.assertEqual(report["reporter_name"], REPORTER_NAME, report)
        self.assertEqual(report["share_identity_with_vendor"], "no", report)
        self.assertIn(SECRET, report["vulnerability"], report)


# ==========================================================================================
class RestartWithDueDeadlines(CoordinationTestCase):
    """Deadlines fall due while cvdd is down; whether it is killed mid-way (kill -9) or a
    deadline cannot fire, none is lost and none fires twice."""

    DUE = ["unresponsive-reminder/gamma/2027-12-07", "unresponsive-reminder/gamma/2027-12-14",
           "unresponsive-reminder/gamma/2027-12-30", "unreachable-warning/gamma/2028-02-22",
           "unreachable/gamma/2028-02-29"]
    PER_COMMIT = 2  # [state] deadlines_per_commit: the crash comes between two batches

    def setUp(self):
        super().setUp()
        with open(self.config) as f:
            text = f.read()
        self.config = self.write_config(
            text.replace("[state]\n", f"[state]\ndeadlines_per_commit = {self.PER_COMMIT}\n"))

    def summary_sent_to_gamma(self) -> None:
        """A case whose summary went to Gamma (who never answers) on 2027-11-30."""
        self.set_clock(jst(2027, 11, 30, 10, 0))
        self.open_case()
        self.case_cmd("accept")
        self.register_vendors([GAMMA])
        self.case_cmd("add-vendor", GAMMA.id)
        self.case_cmd("send-summary", GAMMA.id)
        self.run_and_deliver({REPORTER: ["case-accepted"], GAMMA.address: ["vulnerability-summary"]})

    def crash_while_due(self, point: str) -> None:
        self.summary_sent_to_gamma()

        # cvdd is down for 100 days: five deadlines fall due meanwhile.
        self.set_clock(jst(2028, 3, 9, 10, 0))
        due = sorted(tuple(k.split("/")) for k in self.DUE)
        self.assertEqual(self.deadline_index(due_before="2028-03-10"), due)
        r = subprocess.run([CVDD, "--config", self.config, "--once"], capture_output=True,
                           text=True, timeout=RUN_TIMEOUT,
                           **self._popen_kwargs({"CVDD_TEST_CRASH_AT": point}))
        self._daemon_logs.append((f"cvdd --once CVDD_TEST_CRASH_AT={point}", r.stdout + r.stderr))
        self.assertEqual(r.returncode, -signal.SIGKILL, r.stderr)
        self.assertIn("TEST_CRASH_POINT reached", r.stderr)
        # Right after the crash the store is consistent: each due deadline either fired
        # (in the history) or is still in the index, never both, never neither.
        fired_before = [d for _a, c, d in self.history() if c == "deadline-fired"]
        still_due = ["/".join(k) for k in self.deadline_index(due_before="2028-03-10")]
        self.assertEqual(sorted(fired_before + still_due), sorted(self.DUE),
                         (fired_before, still_due))
        self.stack.wait_for_queue_empty()
        sent_before = sum(len(self.stack.messages(u)) - self.seen[u] for u in self.RECIPIENTS)
        if point == "after-deadline-commit":  # killed after the first batch's commit
            self.assertEqual((fired_before, sent_before), (self.DUE[:self.PER_COMMIT], 0))
        elif point == "after-send":  # deadlines fire before the outbox is sent
            self.assertEqual((fired_before, sent_before), (self.DUE, 1))

        self.run_once()
        self.run_once()  # a third run finds nothing left to do
        self.stack.wait_for_queue_empty()
        # Exactly three reminders and one unreachable notice (the warning fell due with its
        # mark: superseded, no mail). A crash after the server's 250 and before cvdd records
        # the send (after-send) may repeat that one message, with the same Message-ID.
        got = {u: [self.open_mail(u, raw) for raw in self.stack.messages(u)[self.seen[u]:]]
               for u in self.RECIPIENTS}
        expected = {GAMMA.address: ["reminder"] * 3, OPERATORS: ["vendor-unreachable"]}
        distinct = {u: sorted({m.message_id: m.notice for m in got[u]}.values())
                    for u in self.RECIPIENTS}
        self.assertEqual(distinct, {u: expected.get(u, []) for u in self.RECIPIENTS}, got)
        copies = sum(len(got[u]) for u in self.RECIPIENTS) - 4
        self.assertLessEqual(copies, 1 if point == "after-send" else 0, got)
        fired = [d for _a, c, d in self.history() if c == "deadline-fired"]
        self.assertEqual(fired, self.DUE, "each due deadline fired once, in order")
        self.assertEqual(self.vendor_view(GAMMA)["reachability"], "unreachable")
        # Coordination impossible runs from the listing (2028-03-09, the catch-up day).
        self.assertEqual(self.deadline_index(), sorted([
            ("coordination-impossible", "gamma", "2028-06-09"),
            ("coordination-impossible-warning", "gamma", "2028-06-02"),
            ("non-disclosure-end", "", "2028-11-30"),
            ("non-disclosure-warning", "", "2028-11-23")]))
        self.assertEqual(self.deadline_index(due_before="2028-03-10"), [])

    def test_broken_reminder_template_defers_only_the_reminders(self):
        """An override that does not render stops the three reminders, not the deadlines
        behind them; the operators are told once; mended, each reminder goes out once."""
        self.summary_sent_to_gamma()
        overrides = os.path.join(self.work, "templates")
        os.makedirs(overrides, mode=0o755)
        broken = [os.path.join(overrides, f"reminder.{lang}.mustache") for lang in ("en", "ja")]
        for path in broken:
            with open(path, "w") as f:
                f.write("no subject line\n")
            os.chmod(path, 0o644)
        with open(self.config) as f:
            text = f.read()
        self.config = self.write_config(text + f'\n[templates]\ndir = "{overrides}"\n')

        self.set_clock(jst(2028, 3, 9, 10, 0))
        log = self.run_once(expect_rc=1)  # --once says a deadline could not fire
        self.assertEqual(log.count("DEADLINE_FAILED"), 3, log)
        self.deliveries({OPERATORS: ["operator-alert:DEADLINE_FAILED"] * 3 + [
            "vendor-unreachable"]})
        out = json.loads(self.ctl("deadlines", "--json").stdout)
        retries = [d for d in out["deadlines"] if d["retry"] is not None]
        self.assertEqual(sorted((d["kind"], d["date"], d["retry"]["attempts"]) for d in retries), [
            ("unresponsive-reminder", "2027-12-07", 1), ("unresponsive-reminder", "2027-12-14", 1),
            ("unresponsive-reminder", "2027-12-30", 1)], out)
        for d in retries:
            self.assertIn("reminder", d["retry"]["last_error"], d)
            self.assertEqual(d["retry"]["retry_at"], "2028-03-09T01:01:00Z", d)
        self.assertIn("firing failed 1 time(s)", self.ctl("deadlines").stdout)
        self.assertIn("firing failed 1 time(s)", self.ctl("case", "show", self.case_id).stdout)
        # Before the retry time nothing is tried again.
        self.set_clock(jst(2028, 3, 9, 10, 0) + datetime.timedelta(seconds=30))
        self.assertNotIn("DEADLINE_FAILED", self.run_once())

        # Mended: the operator need not wait for the retry time.
        for path in broken:
            os.remove(path)
        r = self.ctl("deadlines", "--retry-failed")
        self.assertIn("3 failed deadline(s) made due again", r.stderr)
        self.assertNotIn("firing failed", r.stdout)
        self.run_and_deliver({GAMMA.address: ["reminder"] * 3})
        r = self.ctl("deadlines", "--retry-failed")
        self.assertIn("0 failed deadline(s) made due again", r.stderr)
        fired = [d for _a, c, d in self.history() if c == "deadline-fired"]
        self.assertEqual(sorted(fired), sorted(self.DUE), "each due deadline fired once")
        self.assertEqual(self.deadline_index(due_before="2028-03-10"), [])
        out = json.loads(self.ctl("deadlines", "--json").stdout)
        self.assertEqual([d for d in out["deadlines"] if d["retry"] is not None], [], out)

    def test_crash_after_first_deadline_commit(self):
        self.crash_while_due("after-deadline-commit")

    def test_crash_after_send(self):
        self.crash_while_due("after-send")


if __name__ == "__main__":
    unittest.main(verbosity=2)
