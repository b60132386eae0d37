"""The smallest cvdd config cvdctl system tests run against: a Maildir source and sink and
the state in ./state, all relative to the test's temp dir."""

import os
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
