"""The smallest cvdd config cvdctl system tests run against: a Maildir source and sink and
the state in ./state, all relative to the test's temp dir."""

import json
import os
import shutil
import subprocess
import tempfile

CONFIG = """
[coordinator]
name = "Test CERT"
intake = "vendors@cert.example"
timezone = "{timezone}"

[source]
url = "maildir:inbox"

[smtp]
url = "maildir:outbox"

[state]
dir = "state"

[openpgp]
home = "gnupg"
"""


def maildir_state(prefix: str, timezone: str = "Asia/Tokyo") -> tuple[str, str]:
    """A fresh temp dir with that config and empty inbox/outbox Maildirs; (dir, config)."""
    work = tempfile.mkdtemp(prefix=prefix)
    config = os.path.join(work, "cvdd.toml")
    with open(config, "w", encoding="utf-8") as f:
        f.write(CONFIG.format(timezone=timezone))
    for box in ("inbox", "outbox"):
        for sub in ("new", "cur", "tmp"):
            os.makedirs(os.path.join(work, box, sub))
    return work, config


def run_cvdctl(cvdctl: str, config: str, *args, timeout: int = 120):
    """cvdctl with that config as operator "tester"; the CompletedProcess (text)."""
    env = dict(os.environ, CVDD_OPERATOR="tester")
    return subprocess.run([cvdctl, "--config", config, *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def remove_state(work: str) -> None:
    """Stops the state's gpg-agent and removes the temp dir."""
    subprocess.run(["gpgconf", "--kill", "all"], capture_output=True,
                   env=dict(os.environ, GNUPGHOME=os.path.join(work, "gnupg")))
    shutil.rmtree(work, ignore_errors=True)


class CvdctlCalls:
    """cvdctl calls for a unittest.TestCase that set self.dir and self.config from
    maildir_state and whose class names the binary in CVDCTL; tearDown stops the state's
    gpg-agent and removes the temp dir."""

    CVDCTL = ""
    TIMEOUT = 120

    def tearDown(self):
        remove_state(self.dir)

    def run_cvdctl(self, *args):
        return run_cvdctl(self.CVDCTL, self.config, *args, timeout=self.TIMEOUT)

    def ok(self, *args):
        result = self.run_cvdctl(*args)
        self.assertEqual(result.returncode, 0, f"{args}: {result.stdout}{result.stderr}")
        return result

    def json(self, *args):
        return json.loads(self.ok(*args, "--json").stdout)
