"""The published site (issue 12) as its readers see it: `cvdd --once` opens two cases from
reports in a Maildir, the real cvdctl coordinates them — one published with five vendors in
the five statuses, one still embargoed with a vendor listed as unreachable — and
`cvdctl publish` writes the site. Then

- planted secrets: every confidential string the cases hold (the report's steps, the
  details, a non-public vendor comment, the reporter's name and address without consent, a
  vendor never given the details, the embargoed case's title) appears nowhere under the
  output directory, raw or after HTML unescaping;
- a real browser: Debian's chromium, headless with a fresh profile, loads the index, the
  advisory, a vendor page, the unreachable-vendors list and the statistics page from a
  loopback HTTP server, following the links a reader would; the DOM it built (--dump-dom)
  has the vendor table rows, the listed vendor and the SVG charts, and a screenshot of each
  page is kept under CVDD_ARTIFACT_DIR.

python3 stdlib, chromium. Env: CVDCTL_BIN, CVDD_BIN, CVDD_CHROMIUM, CVDD_ARTIFACT_DIR."""

import functools
import html
import html.parser
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
import unittest
import urllib.parse

from cvdctl_config import maildir_state

CVDCTL = os.environ.get("CVDCTL_BIN", "")
CVDD = os.environ.get("CVDD_BIN", "")
CHROMIUM = os.environ.get("CVDD_CHROMIUM", "")
ARTIFACTS = os.environ.get("CVDD_ARTIFACT_DIR", "")
TIMEOUT = 120

# Every string below is confidential: none may reach the published site.
SECRETS = (
    "SECRET-REPORT-STEPS",  # the reporter's (キ)
    "SECRET-DETAILS",  # the details vendors got
    "SECRET-REPORTER-NAME",  # (オ) credit not consented
    "secret-reporter@",  # the reporter's address
    "SECRET-PERSONAL",  # (ク) personal data
    "SECRET-NONPUBLIC-COMMENT",  # a vendor comment marked non-public
    "SECRET-GHOST-ORG",  # a vendor that only got the summary
    "SECRET-GHOST-PRODUCT",
    "SECRET-EMBARGOED-TITLE",  # the unpublished case
    "SECRET-EMBARGOED-SUMMARY",
    "SECRET-EMBARGOED-DETAILS",
    "SECRET-SUBJECT",  # the report mails' subjects
)

STATUSES = {
    "acme": "affected",
    "beta": "not-affected",
    "gamma": "affected-investigating",
    "delta": "not-affected-investigating",
    "epsilon": None,  # details sent, no statement: information provided
}


def report(message_id: str, tag: str) -> bytes:
    return ("From: SECRET-REPORTER-NAME <secret-reporter@reporter.example>\r\n"
            "To: vendors@cert.example\r\n"
            f"Subject: SECRET-SUBJECT {tag}\r\n"
            f"Message-ID: <{message_id}@reporter.example>\r\n"
            "Date: Mon, 07 Dec 2026 09:00:00 +0900\r\n"
            "Content-Type: text/plain; charset=UTF-8\r\n"
            "\r\n"
            "Reporter: SECRET-REPORTER-NAME\r\n"
            "Contact: secret-reporter@reporter.example\r\n"
            "May my name and address be passed to the vendor: no\r\n"
            "May I be credited: no\r\n"
            f"Product: FooCMS {tag}\r\n"
            "Personal data: SECRET-PERSONAL\r\n"
            "Vulnerability: SECRET-REPORT-STEPS send a crafted header\r\n").encode()


class ElementCollector(html.parser.HTMLParser):
    """The start tags of a DOM dump with their attributes, in document order."""

    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(dom: str):
    collector = ElementCollector()
    collector.feed(dom)
    return collector.elements


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """Chromium drops connections it no longer needs (a 404 favicon): not an error here."""

    def handle_error(self, request, client_address):
        pass


class PublishedSite(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        assert CVDCTL and CVDD, "CVDCTL_BIN and CVDD_BIN must be set"
        cls.dir, cls.config = maildir_state("cvdd-site-")
        with open(cls.config, "a", encoding="utf-8") as f:
            f.write('\n[publication]\ndir = "site"\nbase_url = "https://cert.example"\n')
        for name, tag in (("1.report", "published"), ("2.report", "embargoed")):
            with open(os.path.join(cls.dir, "inbox", "new", name), "wb") as f:
                f.write(report(name, tag))
        daemon = subprocess.run([CVDD, "--config", cls.config, "--once"], capture_output=True,
                                text=True, timeout=TIMEOUT)
        assert daemon.returncode == 0, daemon.stderr
        cases = {c["subject"].split()[-1]: c["id"] for c in cls.json("case", "list")}
        cls.published, cls.embargoed = cases["published"], cases["embargoed"]
        for vid, org, product in (("acme", "ACME Corp.", "FooCMS"),
                                  ("beta", "Beta Systems", "Beta Portal"),
                                  ("gamma", "Gamma & Sons", "Gamma Router"),
                                  ("delta", "Delta <Labs>", "Delta OS"),
                                  ("epsilon", "Epsilon KK", "Epsilon Cloud"),
                                  ("ghost", "SECRET-GHOST-ORG", "SECRET-GHOST-PRODUCT"),
                                  ("silent", "Silent Devices", "Silent Cam")):
            cls.json("vendor", "add", vid, "--org", org, "--contact", f"psirt@{vid}.example",
                     "--product", product, "--language", "en")
        cls.coordinate_published()
        cls.coordinate_embargoed()
        result = cls.run_cvdctl("publish")
        assert result.returncode == 0, result.stdout + result.stderr
        cls.site = os.path.join(cls.dir, "site")

    @classmethod
    def coordinate_published(cls):
        case = cls.published
        cls.json("case", "accept", case)
        for vid in (*STATUSES, "ghost"):
            cls.json("case", "add-vendor", case, vid)
        cls.json("case", "edit", case, "--title", "Remote code execution in FooCMS",
                 "--summary", "FooCMS runs code an unauthenticated attacker sends.",
                 "--description", "A header value reaches an evaluator.",
                 "--impact", "A remote attacker may run arbitrary code.",
                 "--solution", "Update to FooCMS 2.2.",
                 "--details", "SECRET-DETAILS the X-Foo header reaches eval()",
                 "--cvss", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                 "--cve", "CVE-2026-0001")
        cls.json("case", "send-summary", case, "ghost")
        for vid in STATUSES:
            cls.json("case", "send-details", case, vid, "--skip-summary")
        for vid, status in STATUSES.items():
            if status is None:
                continue
            args = ["case", "vendor-statement", case, vid, "--status", status]
            if vid == "acme":
                args += ["--comment", "Fixed in FooCMS 2.2.", "--url",
                         "https://acme.example/sa/1", "--fix-available"]
            if vid == "beta":
                args += ["--comment", "SECRET-NONPUBLIC-COMMENT", "--comment-non-public"]
            cls.json(*args)
        cls.json("case", "set-date", case, "2027-06-01")
        cls.json("case", "publish", case, "--force", "--reason", "test")

    @classmethod
    def coordinate_embargoed(cls):
        case = cls.embargoed
        cls.json("case", "accept", case)
        cls.json("case", "add-vendor", case, "silent")
        cls.json("case", "edit", case, "--title", "SECRET-EMBARGOED-TITLE",
                 "--summary", "SECRET-EMBARGOED-SUMMARY",
                 "--details", "SECRET-EMBARGOED-DETAILS")
        cls.json("case", "unreachable", case, "silent", "--reason", "no-channel")

    @classmethod
    def tearDownClass(cls):
        subprocess.run(["gpgconf", "--kill", "all"], capture_output=True,
                       env=dict(os.environ, GNUPGHOME=os.path.join(cls.dir, "gnupg")))
        shutil.rmtree(cls.dir, ignore_errors=True)

    @classmethod
    def run_cvdctl(cls, *args):
        env = dict(os.environ, CVDD_OPERATOR="tester")
        return subprocess.run([CVDCTL, "--config", cls.config, *args], capture_output=True,
                              text=True, timeout=TIMEOUT, env=env)

    @classmethod
    def json(cls, *args):
        result = cls.run_cvdctl(*args, "--json")
        assert result.returncode == 0, f"{args}: {result.stdout}{result.stderr}"
        return json.loads(result.stdout)

    def site_files(self):
        for root, _, files in os.walk(self.site):
            for name in files:
                yield os.path.join(root, name)

    def test_no_planted_secret_appears_anywhere_in_the_site(self):
        files = list(self.site_files())
        self.assertGreater(len(files), 10, files)
        for path in files:
            with open(path, "rb") as f:
                raw = f.read()
            texts = (raw.decode("utf-8", errors="replace"),)
            texts += (html.unescape(texts[0]), urllib.parse.unquote(texts[0]))
            for secret in SECRETS:
                for text in texts:
                    self.assertNotIn(secret.lower(), text.lower(),
                                     f"{secret} leaked into {os.path.relpath(path, self.site)}")
        names = "\n".join(os.path.relpath(p, self.site) for p in files)
        self.assertNotIn(self.embargoed.split("#")[-1], names, "the embargoed case has files")

    # --- the browser ---------------------------------------------------------------

    def setUp(self):
        self.server = None

    def tearDown(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def serve(self) -> str:
        handler = functools.partial(QuietHandler, directory=self.site)
        self.server = QuietServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def browse(self, url: str, shot: str) -> str:
        """The DOM chromium built from the page at url; a screenshot goes to the artifacts."""
        self.assertTrue(CHROMIUM, "chromium is needed for the browser test (scripts/install-deps)")
        with tempfile.TemporaryDirectory(prefix="cvdd-chromium-") as profile:
            common = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                      f"--user-data-dir={profile}", "--no-first-run", "--window-size=1280,1600"]
            dom = subprocess.run(common + ["--dump-dom", url], capture_output=True, text=True,
                                 timeout=TIMEOUT)
            self.assertEqual(dom.returncode, 0, dom.stderr[-2000:])
            if ARTIFACTS:
                os.makedirs(ARTIFACTS, exist_ok=True)
                png = os.path.join(ARTIFACTS, shot + ".png")
                shooting = subprocess.run(common + [f"--screenshot={png}", url],
                                          capture_output=True, text=True, timeout=TIMEOUT)
                self.assertEqual(shooting.returncode, 0, shooting.stderr[-2000:])
                self.assertGreater(os.path.getsize(png), 1000, png)
        self.assertIn("<body", dom.stdout)
        return dom.stdout

    def link_to(self, dom: str, base: str, fragment: str) -> str:
        """The absolute URL of the first link whose href contains fragment."""
        for tag, attrs in elements(dom):
            if tag == "a" and fragment in attrs.get("href", ""):
                return urllib.parse.urljoin(base, attrs["href"])
        self.fail(f"no link containing {fragment!r} in {base}")

    def test_a_browser_reads_the_advisory_vendor_unreachable_and_statistics_pages(self):
        root = self.serve()
        index = self.browse(root + "index.html", "index")
        advisory_url = self.link_to(index, root, "advisories/")
        advisory = self.browse(advisory_url, "advisory")
        rows = {attrs["data-vendor"]: attrs.get("data-status", "")
                for tag, attrs in elements(advisory) if tag == "tr" and "data-vendor" in attrs}
        self.assertEqual(sorted(rows), sorted(STATUSES), rows)
        for vid, status in STATUSES.items():
            self.assertEqual(rows[vid], status or "information-provided", vid)
        self.assertIn("ACME Corp.", advisory)
        self.assertIn("Delta &lt;Labs&gt;", advisory)
        self.assertIn("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", advisory)

        japanese = self.browse(self.link_to(advisory, advisory_url, "index.ja.html"),
                               "advisory.ja")
        self.assertIn("該当製品あり", japanese)
        self.assertEqual(len([a for t, a in elements(japanese) if t == "tr" and "data-vendor" in a]),
                         len(STATUSES))

        vendor = self.browse(self.link_to(advisory, advisory_url, "vendors/"), "vendor")
        self.assertIn("ACME Corp.", vendor)
        self.assertIn("Fixed in FooCMS 2.2.", vendor)

        unreachable = self.browse(root + "unreachable/index.html", "unreachable")
        listed = [attrs["data-inquiry"] for tag, attrs in elements(unreachable)
                  if tag == "tr" and "data-inquiry" in attrs]
        self.assertEqual(len(listed), 1, listed)
        self.assertRegex(listed[0], r"^DID#[0-9]+$")
        self.assertIn("Silent Devices", unreachable)

        stats = self.browse(root + "stats/index.html", "stats")
        svgs = [attrs for tag, attrs in elements(stats) if tag == "svg"]
        self.assertGreaterEqual(len(svgs), 2, "the histogram and the stage chart")
        self.assertNotIn("<script", stats)


if __name__ == "__main__":
    unittest.main()
