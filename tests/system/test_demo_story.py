"""scripts/demo_story.py, the story ./scripts/demo tells, run with the built cvdd and
cvdctl in a temp dir: every step happens and prints what it should (issue 14 item 5).
python3 stdlib and gpg. Env: CVDCTL_BIN, CVDD_BIN."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

CVDCTL = os.environ.get("CVDCTL_BIN", "")
CVDD = os.environ.get("CVDD_BIN", "")
STORY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts",
                     "demo_story.py")


class DemoStory(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        assert CVDCTL and CVDD, "CVDCTL_BIN and CVDD_BIN must be set"
        cls.tmp = tempfile.mkdtemp(prefix="cvdd-demo-")
        result = subprocess.run([sys.executable, STORY, "--cvdd", CVDD, "--cvdctl", CVDCTL,
                                 "--dir", os.path.join(cls.tmp, "demo")],
                                capture_output=True, text=True, timeout=600)
        cls.output, cls.errors, cls.code = result.stdout, result.stderr, result.returncode
        # the steps, by their number
        cls.steps = dict(re.findall(r"^== step (\d+): .*?\n(.*?)(?=^== step |\Z)",
                                    cls.output, re.S | re.M))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def step(self, number: int) -> str:
        self.assertEqual(self.code, 0, self.output[-3000:] + self.errors[-3000:])
        self.assertIn(str(number), self.steps, self.output[-3000:])
        return self.steps[str(number)]

    def test_two_reports_become_cases_with_acknowledgements(self):
        step = self.step(1)
        self.assertIn("mails written: 2", step)
        self.assertIn("alice@reporter.example  [signed]", step)
        self.assertIn("taro@reporter.example  [signed]", step)
        self.assertEqual(len(re.findall(r"^CVD#\d{8}  received", step, re.M)), 2, step)

    def test_the_summaries_go_out(self):
        step = self.step(2)
        self.assertIn("stage now coordinating", step)
        self.assertIn("mails written: 3", step)
        self.assertRegex(step, r"psirt@exampleshop.example>  \[encrypted\+signed\]")
        self.assertIn("security@shophost.example>  [signed]", step)

    def test_the_vendors_signed_reply_requests_the_details(self):
        step = self.step(3)
        self.assertRegex(step, r"exampleshop\s+details-requested\s+details-requested, answered")
        self.assertIn("vendor-requested-details", step)
        self.assertNotIn("UNAUTHENTICATED", step)

    def test_the_details_go_out_encrypted(self):
        step = self.step(4)
        self.assertIn("send-details: details to exampleshop", step)
        self.assertIn("mails written: 1", step)
        self.assertRegex(step, r"psirt@exampleshop.example>  \[encrypted\+signed\]")

    def test_the_vendor_states_affected_with_a_fix(self):
        step = self.step(5)
        self.assertRegex(step, r"exampleshop\s+affected\s+statement-given")

    def test_the_case_is_published(self):
        step = self.step(6)
        self.assertIn("publish: published", step)
        self.assertRegex(step, r"Stage:\s+published")
        self.assertIn("Vulnerability information published", step)

    def test_the_site_is_written(self):
        step = self.step(7)
        self.assertRegex(step, r"site/advisories/[^/\s]+/index\.html")
        self.assertIn("site/index.html", step)
        self.assertRegex(step, r"site/csaf/\d{4}/cvd_\d{8}\.json")
        self.assertIn("demo: done", self.output)


if __name__ == "__main__":
    unittest.main()
