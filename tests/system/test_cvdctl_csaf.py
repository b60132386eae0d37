"""`cvdctl case edit --cve/--cvss` and `cvdctl case csaf` (issue 12 item 3) against a real
state: `cvdd --once` opens the case from a report in a Maildir, the real cvdctl coordinates
it with three vendors and publishes it; the document printed is checked for what it must
and must not say, and by the BSI's validator (tests/csaf/validate.mjs). python3 stdlib and
node. Env: CVDCTL_BIN, CVDD_BIN, CVDD_NODE."""

import json
import os
import subprocess
import unittest

from cvdctl_config import maildir_state, remove_state, run_cvdctl

CVDCTL = os.environ.get("CVDCTL_BIN", "")
CVDD = os.environ.get("CVDD_BIN", "")
NODE = os.environ.get("CVDD_NODE", "")
VALIDATOR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "csaf",
                         "validate.mjs")
TIMEOUT = 120
REFUSED = 4
VECTOR = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"


def report() -> bytes:
    return ("From: Hanako Yamada <hanako@reporter.example>\r\n"
            "To: vendors@cert.example\r\n"
            "Subject: SECRET-SUBJECT RCE in FooCMS\r\n"
            "Message-ID: <r1@reporter.example>\r\n"
            "Date: Mon, 07 Dec 2026 09:00:00 +0900\r\n"
            "Content-Type: text/plain; charset=UTF-8\r\n"
            "\r\n"
            "Reporter: Hanako Yamada\r\n"
            "Contact: hanako@reporter.example\r\n"
            "May my name and address be passed to the vendor: no\r\n"
            "Product: FooCMS 2.1\r\n"
            "Vulnerability: SECRET-REPORT-STEPS send a crafted header\r\n").encode()


class CaseCsaf(unittest.TestCase):
    """One accepted case; acme and beta get the details (held: no key) and state their
    status, ghost only gets the summary."""

    def setUp(self):
        self.assertTrue(CVDCTL and CVDD, "CVDCTL_BIN and CVDD_BIN must be set")
        self.dir, self.config = maildir_state("cvdctl-csaf-")
        with open(os.path.join(self.dir, "inbox", "new", "1.report"), "wb") as f:
            f.write(report())
        daemon = subprocess.run([CVDD, "--config", self.config, "--once"], capture_output=True,
                                text=True, timeout=TIMEOUT)
        self.assertEqual(daemon.returncode, 0, daemon.stderr)
        [case] = self.json("case", "list")
        self.case_id = case["id"]
        for vid, org, product in (("acme", "ACME Corp.", "FooCMS"),
                                  ("beta", "Beta Systems", "Beta Portal"),
                                  ("ghost", "SECRET-GHOST-ORG", "SECRET-GHOST-PRODUCT")):
            self.json("vendor", "add", vid, "--org", org, "--contact", f"psirt@{vid}.example",
                      "--product", product, "--language", "en")
        self.json("case", "accept", self.case_id)
        for vid in ("acme", "beta", "ghost"):
            self.json("case", "add-vendor", self.case_id, vid)
        self.json("case", "edit", self.case_id, "--title", "Remote code execution in FooCMS",
                  "--summary", "FooCMS runs code an unauthenticated attacker sends.",
                  "--details", "SECRET-DETAILS the X-Foo header reaches eval()",
                  "--credit", "SECRET-CREDIT-LINE")
        self.json("case", "send-summary", self.case_id, "ghost")
        for vid in ("acme", "beta"):
            self.json("case", "send-details", self.case_id, vid, "--skip-summary")
        self.json("case", "vendor-statement", self.case_id, "acme", "--status", "affected",
                  "--comment", "Fixed in FooCMS 2.2.", "--url", "https://acme.example/sa/1",
                  "--fix-available")
        self.json("case", "vendor-statement", self.case_id, "beta", "--status", "not-affected")

    def tearDown(self):
        remove_state(self.dir)

    def run_cvdctl(self, *args):
        return run_cvdctl(CVDCTL, self.config, *args, timeout=TIMEOUT)

    def ok(self, *args):
        result = self.run_cvdctl(*args)
        self.assertEqual(result.returncode, 0, f"{args}: {result.stdout}{result.stderr}")
        return result

    def json(self, *args):
        return json.loads(self.ok(*args, "--json").stdout)

    def coordination(self):
        return self.json("case", "show", self.case_id)["coordination"]

    def publish(self):
        self.json("case", "set-date", self.case_id, "2027-06-01")
        self.json("case", "publish", self.case_id, "--force", "--reason", "test",
                  "--url", "https://cert.example/advisories/1")

    def csaf(self, *args):
        return json.loads(self.ok("case", "csaf", self.case_id, *args).stdout)

    def validate(self, document):
        self.assertTrue(NODE, "node is needed for the CSAF validator (scripts/install-deps)")
        path = os.path.join(self.dir, "document.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(document, f)
        result = subprocess.run([NODE, VALIDATOR, path], capture_output=True, text=True,
                                timeout=TIMEOUT)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_cve_and_cvss_are_checked_stored_and_in_the_history(self):
        before = self.coordination()
        for args, message in (
                (("--cve", "CVE-2026-12"), '"CVE-2026-12" is not a CVE ID'),
                (("--cvss", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H"), "metric A is missing"),
                (("--cvss", VECTOR + "/AV:L"), "metric AV is given twice"),
                (("--cvss", "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), "CVSS:3.1/")):
            result = self.run_cvdctl("case", "edit", self.case_id, *args)
            self.assertEqual(result.returncode, 2, f"{args}: {result.stdout}{result.stderr}")
            self.assertIn(message, result.stderr)
        self.assertEqual(self.coordination(), before, "a refused edit changed the case")

        self.json("case", "edit", self.case_id, "--cve", "CVE-2026-0001,CVE-2026-0002",
                  "--cve", "CVE-2026-0001", "--cvss", "CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N")
        coordination = self.coordination()
        self.assertEqual(coordination["report"]["cves"], ["CVE-2026-0001", "CVE-2026-0002"])
        self.assertEqual(coordination["report"]["cvss_vector"], VECTOR)
        self.assertEqual(coordination["history"][-1]["detail"],
                         f"edited cve CVE-2026-0001, CVE-2026-0002, cvss {VECTOR} (9.8 CRITICAL)")
        self.assertEqual(coordination["history"][-1]["actor"], "operator:tester")
        self.json("case", "edit", self.case_id, "--cve", "", "--cvss", "")
        coordination = self.coordination()
        self.assertEqual((coordination["report"]["cves"], coordination["report"]["cvss_vector"]),
                         ([], ""))
        self.assertEqual(coordination["history"][-1]["detail"],
                         "edited cve (cleared), cvss (cleared)")

    def test_no_document_before_publication(self):
        result = self.run_cvdctl("case", "csaf", self.case_id)
        self.assertEqual(result.returncode, REFUSED, result.stdout + result.stderr)
        self.assertIn("not published", result.stderr)
        self.assertEqual(result.stdout, "")

    def test_the_published_case_has_a_valid_document_without_secrets(self):
        self.json("case", "edit", self.case_id, "--cve", "CVE-2026-0001", "--cvss", VECTOR)
        self.publish()
        doc = self.csaf()
        text = json.dumps(doc, ensure_ascii=False)
        for secret in ("SECRET", "Hanako", "hanako@", "psirt@", "ghost"):
            self.assertNotIn(secret, text)
        self.assertEqual(doc["document"]["tracking"]["id"], self.case_id)
        self.assertEqual(doc["document"]["tracking"]["version"], "1")
        self.assertEqual(doc["document"]["publisher"],
                         {"category": "coordinator", "name": "Test CERT",
                          "namespace": "https://cert.example"})
        self.assertEqual([b["name"] for b in doc["product_tree"]["branches"]],
                         ["ACME Corp.", "Beta Systems"])
        [vulnerability] = doc["vulnerabilities"]
        self.assertEqual(vulnerability["cve"], "CVE-2026-0001")
        self.assertEqual(vulnerability["product_status"],
                         {"fixed": ["CSAFPID-acme-1"], "known_not_affected": ["CSAFPID-beta-1"]})
        self.assertEqual(vulnerability["remediations"][0]["url"], "https://acme.example/sa/1")
        self.assertNotIn("scores", vulnerability)  # no product is still exposed
        self.validate(doc)

        # The reporter consents to credit: named by the credit line, and a later statement
        # makes a revision.
        self.json("case", "edit", self.case_id, "--consent-credit", "yes",
                  "--credit", "Hanako Yamada")
        self.json("case", "vendor-statement", self.case_id, "beta", "--status", "affected",
                  "--comment", "Beta Portal embeds FooCMS.")
        doc = self.csaf()
        self.assertEqual(doc["document"]["acknowledgments"][0]["names"], ["Hanako Yamada"])
        self.assertEqual(doc["document"]["tracking"]["version"], "2")
        score = doc["vulnerabilities"][0]["scores"][0]
        self.assertEqual(score["products"], ["CSAFPID-beta-1"])
        self.assertEqual((score["cvss_v3"]["baseScore"], score["cvss_v3"]["baseSeverity"]),
                         (9.8, "CRITICAL"))
        self.validate(doc)

        self.assertEqual(self.csaf("--version", "5")["document"]["tracking"]["version"], "5")
        going_back = self.run_cvdctl("case", "csaf", self.case_id, "--version", "1")
        self.assertEqual(going_back.returncode, 2, going_back.stdout + going_back.stderr)
        self.assertIn("would go back", going_back.stderr)


if __name__ == "__main__":
    unittest.main()
