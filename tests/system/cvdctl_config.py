"""The smallest cvdd config cvdctl system tests run against: a Maildir source and sink and
the state in ./state, all relative to the test's temp dir."""

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
