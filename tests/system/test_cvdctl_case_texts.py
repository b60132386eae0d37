"""`cvdctl case edit --details|--details-file|--details-from-report`, the refusal of
`send-details` before the vendors' details are written, and `cvdctl case preview`, against
a real state: `cvdd --once` opens the case from a report form in a Maildir, then the real
cvdctl works on it (issue 11 item 7). python3 stdlib only. Env: CVDCTL_BIN, CVDD_BIN."""

import json
import os
import shutil
import subprocess
import unittest

from cvdctl_config import maildir_state

CVDCTL = os.environ.get("CVDCTL_BIN", "")
CVDD = os.environ.get("CVDD_BIN", "")
TIMEOUT = 120
REFUSED = 4  # cvdctl's exit code for a refusal (cli/workflow_commands.cpp)

REPORTER = "hanako@reporter.example"
SUBJECT = "RCE in FooCMS 2.1 admin search"
STEPS = "SECRET-STEPS-5a2c: send a crafted X-Foo header to /admin/search"


def report(consent: str) -> bytes:
    return (f"From: Hanako Yamada <{REPORTER}>\r\n"
            "To: vendors@cert.example\r\n"
            f"Subject: {SUBJECT}\r\n"
            "Message-ID: <r1@reporter.example>\r\n"
            "Date: Mon, 07 Dec 2026 09:00:00 +0900\r\n"
            "Content-Type: text/plain; charset=UTF-8\r\n"
            "\r\n"
            "Reporter: Hanako Yamada\r\n"
            f"Contact: {REPORTER}\r\n"
            f"May my name and address be passed to the vendor: {consent}\r\n"
            "Product: FooCMS 2.1\r\n"
            f"Vulnerability: {STEPS}\r\n").encode()


class CaseTextsTestCase(unittest.TestCase):
    """A state with one accepted case (the reporter's consent: self.consent) and the vendor
    acme (no key: its confidential notices are held) on it."""
    consent = "no"

    def setUp(self):
        self.assertTrue(CVDCTL and CVDD, "CVDCTL_BIN and CVDD_BIN must be set")
        self.dir, self.config = maildir_state("cvdctl-case-texts-")
        with open(os.path.join(self.dir, "inbox", "new", "1.report"), "wb") as f:
            f.write(report(self.consent))
        daemon = subprocess.run([CVDD, "--config", self.config, "--once"], capture_output=True,
                                text=True, timeout=TIMEOUT)
        self.assertEqual(daemon.returncode, 0, daemon.stderr)
        [case] = self.json("case", "list")
        self.case_id = case["id"]
        self.json("vendor", "add", "acme", "--org", "ACME Corp.", "--contact",
                  "psirt@acme.example", "--language", "en")
        self.json("case", "accept", self.case_id)
        self.json("case", "add-vendor", self.case_id, "acme")

    def tearDown(self):
        subprocess.run(["gpgconf", "--kill", "all"], capture_output=True,
                       env=dict(os.environ, GNUPGHOME=os.path.join(self.dir, "gnupg")))
        shutil.rmtree(self.dir, ignore_errors=True)

    def run_cvdctl(self, *args, stdin=None):
        env = dict(os.environ, CVDD_OPERATOR="tester")
        return subprocess.run([CVDCTL, "--config", self.config, *args], capture_output=True,
                              text=True, input=stdin, timeout=TIMEOUT, env=env)

    def ok(self, *args, stdin=None):
        result = self.run_cvdctl(*args, stdin=stdin)
        self.assertEqual(result.returncode, 0, f"{args}: {result.stdout}{result.stderr}")
        return result

    def json(self, *args, stdin=None):
        return json.loads(self.ok(*args, "--json", stdin=stdin).stdout)

    def state(self):
        """Everything a command could change: the case, its workflow and report, the outbox."""
        return self.json("case", "show", self.case_id), self.ok("outbox", "list").stdout

    def refused(self, *args, code=REFUSED, message, stdin=None):
        before = self.state()
        result = self.run_cvdctl(*args, stdin=stdin)
        self.assertEqual(result.returncode, code, f"{args}: {result.stdout}{result.stderr}")
        self.assertIn(message, result.stderr)
        self.assertEqual(self.state(), before, f"a refused {args} changed the state")
        return result

    def report_record(self):
        return self.json("case", "show", self.case_id)["coordination"]["report"]


class WithoutConsent(CaseTextsTestCase):
    def test_send_details_is_refused_until_the_operator_writes_them(self):
        result = self.refused("case", "send-details", self.case_id, "acme", "--skip-summary",
                              message="vulnerability details are not written yet")
        self.assertIn("--details-file", result.stderr)
        self.assertNotIn("--details-from-report", result.stderr)
        self.assertIn("NOT WRITTEN", self.ok("case", "show", self.case_id).stdout)

    def test_the_reporters_text_cannot_be_confirmed_without_consent(self):
        self.refused("case", "edit", self.case_id, "--details-from-report",
                     message="did not consent")
        self.assertEqual(self.report_record()["details_source"], "none")

    def test_empty_or_conflicting_details_are_usage_errors(self):
        self.refused("case", "edit", self.case_id, "--details", " \n\n", code=2,
                     message="the details text is empty")
        before = self.state()
        both = self.run_cvdctl("case", "edit", self.case_id, "--details", "x",
                               "--details-from-report")
        self.assertNotEqual(both.returncode, 0, both.stdout)
        self.assertIn("excludes", both.stderr)
        self.assertEqual(self.state(), before)
        self.refused("case", "edit", self.case_id, "--details-file",
                     os.path.join(self.dir, "missing.txt"), code=1, message="cannot read")

    def test_details_from_stdin_are_stored_with_the_operator_and_previewed(self):
        out = self.json("case", "edit", self.case_id, "--details-file", "-", "--as", "alice",
                        stdin="Operator text:\r\nthe admin search trusts a header.\r\n\r\n")
        self.assertEqual((out["event"]["actor"], out["event"]["command"], out["event"]["detail"]),
                         ("operator:alice", "note", "edited details"))
        record = self.report_record()
        self.assertEqual(record["details"], "Operator text:\nthe admin search trusts a header.")
        self.assertEqual((record["details_source"], record["details_by"]),
                         ("operator", "operator:alice"))
        self.assertIn("details:   written by operator:alice",
                      self.ok("case", "show", self.case_id).stdout)

        before = self.state()
        text = self.ok("case", "preview", self.case_id, "vulnerability-details", "acme")
        shown = self.json("case", "preview", self.case_id, "vulnerability-details", "acme")
        self.assertEqual(self.state(), before, "a preview changed the state")
        self.assertEqual(text.stderr, "")  # nothing to warn about: the details are written
        head, _, body = text.stdout.partition("\n\n")
        self.assertIn("Notice:     vulnerability-details (en)", head)
        self.assertIn("To:         ACME Corp. <psirt@acme.example>", head)
        self.assertIn("Reply-To:   Test CERT <vendors+", head)
        self.assertIn("Protection: held", head)  # confidential, and acme has no key
        self.assertIn("Subject:    [" + self.case_id + "] CONFIDENTIAL: vulnerability details",
                      head)
        [recipient] = shown["recipients"]
        self.assertEqual(body, recipient["body"])
        self.assertEqual((recipient["to"], recipient["protection"], recipient["confidential"]),
                         ("psirt@acme.example", "held", True))
        self.assertIn("Operator text:\nthe admin search trusts a header.\n", body)
        for word in ("SECRET-STEPS", "Hanako", REPORTER, SUBJECT, "FooCMS 2.1"):
            self.assertNotIn(word, text.stdout, "the reporter's words in a vendor notice")

        sent = self.json("case", "send-details", self.case_id, "acme", "--skip-summary")
        self.assertEqual(len(sent["held"]), 1, sent)  # no key: held, never in clear

    def test_the_operators_product_may_be_shown_the_reporters_may_not(self):
        summary = self.ok("case", "preview", self.case_id, "vulnerability-summary", "acme").stdout
        self.assertNotIn("FooCMS", summary)
        self.json("case", "edit", self.case_id, "--product", "FooCMS 2.x")
        summary = self.ok("case", "preview", self.case_id, "vulnerability-summary", "acme").stdout
        self.assertIn("Product that may be affected: FooCMS 2.x", summary)
        self.assertTrue(self.report_record()["product_by_operator"])

    def test_a_preview_before_the_details_warns_and_changes_nothing(self):
        before = self.state()
        early = self.ok("case", "preview", self.case_id, "vulnerability-details", "acme")
        self.assertIn("would be refused now", early.stderr)
        self.assertNotIn("SECRET-STEPS", early.stdout)
        self.assertEqual(self.state(), before)

    def test_a_preview_names_a_notice_and_recipient_it_can_build(self):
        unknown = self.run_cvdctl("case", "preview", self.case_id, "acknowledgement")
        self.assertEqual(unknown.returncode, 1, unknown.stderr)
        self.assertIn("vulnerability-details", unknown.stderr)  # the list of notices
        no_vendor = self.run_cvdctl("case", "preview", self.case_id, "vulnerability-details")
        self.assertEqual(no_vendor.returncode, 2, no_vendor.stderr)
        self.assertIn("name the vendor", no_vendor.stderr)
        stranger = self.run_cvdctl("case", "preview", self.case_id, "reminder", "nobody")
        self.assertEqual(stranger.returncode, 1, stranger.stderr)
        reporter = self.ok("case", "preview", self.case_id, "case-accepted").stdout
        self.assertIn(f"To:         Hanako Yamada <{REPORTER}>", reporter)


class WithConsent(CaseTextsTestCase):
    consent = "yes"

    def test_the_operator_confirms_the_reporters_text_as_is(self):
        result = self.refused("case", "send-details", self.case_id, "acme", "--skip-summary",
                              message="--details-from-report")
        self.assertIn("not written yet", result.stderr)
        out = self.json("case", "edit", self.case_id, "--details-from-report")
        self.assertIn("confirmed", out["event"]["detail"])
        record = self.report_record()
        self.assertEqual((record["details_source"], record["details_by"]),
                         ("report-confirmed", "operator:tester"))
        self.assertEqual(record["details"], STEPS)
        body = self.ok("case", "preview", self.case_id, "vulnerability-details", "acme").stdout
        for word in (STEPS, "Hanako Yamada", "FooCMS 2.1"):
            self.assertIn(word, body)
        self.assertNotIn(SUBJECT, body)  # the reporter's subject never goes to a vendor
        # (ウ) passes the name on; the address only with (エ), direct contact, too.
        self.assertNotIn(REPORTER, body)
        self.ok("case", "edit", self.case_id, "--consent-contact", "yes")
        body = self.ok("case", "preview", self.case_id, "vulnerability-details", "acme").stdout
        self.assertIn(REPORTER, body)
        self.assertIn("contact them directly", body)
        self.json("case", "send-details", self.case_id, "acme", "--skip-summary")



class MarkUnreachable(CaseTextsTestCase):
    """`cvdctl case unreachable ID VENDOR --reason no-channel|unknown-developer` (003 §2-3):
    the vendor is unreachable at once, the reason is stored and shown, an unknown reason is
    a clear error that changes nothing."""

    def test_no_channel_marks_the_vendor_unreachable_at_once(self):
        result = self.run_cvdctl("case", "unreachable", self.case_id, "acme", "--reason",
                                 "no-such-reason")
        self.assertNotEqual(result.returncode, 0, result.stdout)
        self.assertIn('unknown unreachable reason "no-such-reason"', result.stderr)
        self.assertIn("no-channel|unknown-developer", result.stderr)
        self.refused("case", "unreachable", self.case_id, "nobody", "--reason", "no-channel",
                     message='no vendor "nobody"')

        out = self.json("case", "unreachable", self.case_id, "acme", "--reason", "no-channel")
        self.assertEqual(out["event"]["command"], "mark-unreachable")
        self.assertIn("no-channel", out["event"]["detail"])
        self.assertEqual([a["code"] for a in out["alerts"]], ["VENDOR_UNREACHABLE"])
        self.assertIn("reason: no-channel", out["alerts"][0]["text"])
        [acme] = self.json("case", "show", self.case_id)["coordination"]["vendors"]
        self.assertEqual((acme["reachability"], acme["unreachable_reason"]),
                         ("unreachable", "no-channel"), acme)
        self.assertIsNotNone(acme["unreachable_since"])
        self.assertIn("unreachable, 0 attempt(s) (no-channel)",
                      self.ok("case", "show", self.case_id).stdout)
        self.refused("case", "unreachable", self.case_id, "acme", "--reason",
                     "unknown-developer", message="already unreachable")


if __name__ == "__main__":
    unittest.main()
