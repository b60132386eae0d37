"""The advisory's texts on a case and a vendor comment kept from the public (issue 12 item
2) through the real cvdctl: `case edit --description/--impact/--reference/
--coordinator-notes` are stored and in the history, `vendor-statement --comment-non-public`
keeps the comment for operators (`case show`) and out of the published CSAF document.
`cvdd --once` opens the case from a report in a Maildir. python3 stdlib.
Env: CVDCTL_BIN, CVDD_BIN."""

import os
import subprocess
import unittest

from cvdctl_config import CvdctlCalls, maildir_state

CVDCTL = os.environ.get("CVDCTL_BIN", "")
CVDD = os.environ.get("CVDD_BIN", "")
TIMEOUT = 120


def report() -> bytes:
    return ("From: Hanako Yamada <hanako@reporter.example>\r\n"
            "To: vendors@cert.example\r\n"
            "Subject: XSS in FooCMS\r\n"
            "Message-ID: <adv1@reporter.example>\r\n"
            "Date: Mon, 07 Dec 2026 09:00:00 +0900\r\n"
            "Content-Type: text/plain; charset=UTF-8\r\n"
            "\r\n"
            "Reporter: Hanako Yamada\r\n"
            "Contact: hanako@reporter.example\r\n"
            "Product: FooCMS 2.1\r\n"
            "Vulnerability: the search box echoes its input\r\n").encode()


class AdvisoryTexts(CvdctlCalls, unittest.TestCase):
    """One accepted case; acme gets the details (held: no key)."""

    CVDCTL = CVDCTL

    def setUp(self):
        self.assertTrue(CVDCTL and CVDD, "CVDCTL_BIN and CVDD_BIN must be set")
        self.dir, self.config = maildir_state("cvdctl-advisory-")
        with open(os.path.join(self.dir, "inbox", "new", "1.report"), "wb") as f:
            f.write(report())
        daemon = subprocess.run([CVDD, "--config", self.config, "--once"], capture_output=True,
                                text=True, timeout=TIMEOUT)
        self.assertEqual(daemon.returncode, 0, daemon.stderr)
        [case] = self.json("case", "list")
        self.case_id = case["id"]
        self.json("vendor", "add", "acme", "--org", "ACME Corp.", "--contact",
                  "psirt@acme.example", "--product", "FooCMS", "--language", "en")
        self.json("case", "accept", self.case_id)
        self.json("case", "add-vendor", self.case_id, "acme")
        self.json("case", "edit", self.case_id, "--title", "XSS in FooCMS", "--summary",
                  "FooCMS reflects search input.", "--details", "the q parameter")
        self.json("case", "send-details", self.case_id, "acme", "--skip-summary")

    def coordination(self):
        return self.json("case", "show", self.case_id)["coordination"]

    def test_the_advisory_texts_are_stored_replaced_and_in_the_history(self):
        self.json("case", "edit", self.case_id, "--description", "The search box echoes input.",
                  "--impact", "Script runs in the user's browser.", "--coordinator-notes",
                  "Coordinated with one vendor.", "--reference", "https://cwe.example/79",
                  "--reference", "  FAQ https://acme.example/faq  ")
        coordination = self.coordination()
        r = coordination["report"]
        self.assertEqual((r["description"], r["impact"], r["coordinator_notes"]),
                         ("The search box echoes input.", "Script runs in the user's browser.",
                          "Coordinated with one vendor."))
        self.assertEqual(r["references"], ["https://cwe.example/79", "FAQ https://acme.example/faq"])
        self.assertEqual(coordination["history"][-1]["detail"],
                         "edited coordinator-notes, description, impact, references")
        self.assertEqual(coordination["history"][-1]["actor"], "operator:tester")
        text = self.ok("case", "show", self.case_id).stdout
        self.assertIn("reference: FAQ https://acme.example/faq", text)

        self.json("case", "edit", self.case_id, "--reference", "https://other.example/")
        self.assertEqual(self.coordination()["report"]["references"], ["https://other.example/"])
        self.json("case", "edit", self.case_id, "--reference", "")
        coordination = self.coordination()
        self.assertEqual(coordination["report"]["references"], [])
        self.assertEqual(coordination["history"][-1]["detail"], "edited references (cleared)")

    def test_a_non_public_comment_is_shown_to_operators_and_never_published(self):
        self.json("case", "vendor-statement", self.case_id, "acme", "--status", "affected",
                  "--comment", "SECRET-PATCH-DATE 2027-01-10", "--comment-non-public",
                  "--url", "https://acme.example/sa/1")
        [acme] = self.coordination()["vendors"]
        self.assertEqual((acme["comment"], acme["comment_public"]),
                         ("SECRET-PATCH-DATE 2027-01-10", False))
        shown = self.ok("case", "show", self.case_id).stdout
        self.assertIn("comment (NON-PUBLIC, never published): SECRET-PATCH-DATE", shown)

        self.json("case", "set-date", self.case_id, "2027-06-01")
        self.json("case", "publish", self.case_id, "--force", "--reason", "test")
        document = self.ok("case", "csaf", self.case_id).stdout
        self.assertNotIn("SECRET", document)
        self.assertIn("https://acme.example/sa/1", document)

        # A later statement without the flag makes the new comment public again.
        self.json("case", "vendor-statement", self.case_id, "acme", "--status", "affected",
                  "--comment", "Fixed in FooCMS 2.2.")
        [acme] = self.coordination()["vendors"]
        self.assertTrue(acme["comment_public"])
        self.assertIn("Fixed in FooCMS 2.2.", self.ok("case", "csaf", self.case_id).stdout)


if __name__ == "__main__":
    unittest.main()
