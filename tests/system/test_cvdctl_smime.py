"""`cvdctl vendor import-cert` and `cvdctl outbox list|release` on a fresh state: the real
cvdctl and gpgsm, certificates from a throwaway openssl PKI (tests/integration/smime_pki.py).
Env: CVDCTL_BIN, CVDD_BIN."""

import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from smime_pki import TestPki, trustlist_line  # noqa: E402
from test_cvdctl_registry import RegistryTestCase  # noqa: E402


class ImportCert(RegistryTestCase):
    def setUp(self):
        super().setUp()
        self.pki = TestPki(os.path.join(self.dir, "pki"))
        self.cert = self.pki.issue("acme", "psirt@acme.example")
        self.fpr = self.pki.fingerprint(self.cert[0])
        self.chain = self.pki.chain(self.cert[0], os.path.join(self.dir, "acme-chain.pem"))
        self.add_acme()

    def trust_ca(self):
        home = os.path.join(self.dir, "gnupg")  # [openpgp] home of cvdctl_config
        os.makedirs(home, mode=0o700, exist_ok=True)
        with open(os.path.join(home, "trustlist.txt"), "w") as f:
            f.write(trustlist_line(self.pki.fingerprint(self.pki.ca[0])))
        with open(os.path.join(home, "gpgsm.conf"), "w") as f:
            f.write("disable-crl-checks\n")

    def tearDown(self):
        subprocess.run(["gpgconf", "--homedir", os.path.join(self.dir, "gnupg"), "--kill", "all"],
                       capture_output=True)
        super().tearDown()

    def test_binds_the_certificate_of_the_contact_it_names(self):
        self.trust_ca()
        out = self.ok("vendor", "import-cert", "acme", self.chain, "--as", "hanako")
        self.assertIn(f"bound S/MIME certificate {self.fpr} to psirt@acme.example", out)
        shown = self.json("vendor", "show", "acme")
        self.assertEqual(shown["contacts"][0]["key_fingerprint"], self.fpr)
        self.assertIsNone(shown["contacts"][1]["key_fingerprint"])
        self.assertEqual(shown["updated_by"], "hanako")
        # --contact names the same contact (any case); the binding is replaced, not doubled.
        shown = self.json("vendor", "import-cert", "acme", self.chain, "--contact",
                          "PSIRT@acme.example")
        self.assertEqual(shown["contacts"][0]["key_fingerprint"], self.fpr)
        self.refused("key", "show", "psirt@acme.example",
                     message=f"is bound to the S/MIME certificate {self.fpr}")

    def test_der_is_accepted(self):
        self.trust_ca()
        der = os.path.join(self.dir, "acme.der")
        self.pki._run("x509", "-outform", "DER", "-in", self.cert[0], "-out", der)
        # The CA must be in the keybox too: import the chain first, then the DER alone.
        self.ok("vendor", "import-cert", "acme", self.chain)
        shown = self.json("vendor", "import-cert", "acme", der)
        self.assertEqual(shown["contacts"][0]["key_fingerprint"], self.fpr)

    def test_refuses_a_certificate_whose_chain_gpgsm_does_not_trust(self):
        self.refused("vendor", "import-cert", "acme", self.chain,
                     message="gpgsm does not validate its chain")
        self.assertIsNone(self.json("vendor", "show", "acme")["contacts"][0]["key_fingerprint"])
        self_signed = self.pki.issue("fake", "psirt@acme.example", by_ca=False)
        self.trust_ca()
        self.refused("vendor", "import-cert", "acme", self_signed[0],
                     message="gpgsm does not validate its chain")

    def test_refuses_other_addresses_unknown_contacts_and_private_keys(self):
        self.trust_ca()
        other = self.pki.issue("other", "someone@elsewhere.example")
        self.refused("vendor", "import-cert", "acme",
                     self.pki.chain(other[0], os.path.join(self.dir, "other.pem")),
                     message="no imported certificate has the address")
        self.refused("vendor", "import-cert", "acme", self.chain, "--contact",
                     "security@acme.example", message="no imported certificate has the address")
        self.refused("vendor", "import-cert", "acme", self.chain, "--contact",
                     "ghost@acme.example", message="vendor acme has no contact ghost@acme.example")
        with open(self.cert[0]) as c, open(self.cert[1]) as k:
            bundle = c.read() + k.read()
        self.refused("vendor", "import-cert", "acme", "-", stdin=bundle, message="certificates only")
        self.refused("vendor", "import-cert", "ghost", self.chain, message="no vendor ghost")
        shown = self.json("vendor", "show", "acme")
        self.assertEqual([c["key_fingerprint"] for c in shown["contacts"]], [None, None])


class OutboxRelease(RegistryTestCase):
    def test_refusals_on_an_outbox_without_held_entries(self):
        self.run_daemon_once()
        self.assertEqual(self.json("outbox", "list"), [])
        self.assertIn("outbox is empty", self.ok("outbox", "list"))
        self.refused("outbox", "release", "7", "--in-clear", message="--reason is required")
        self.refused("outbox", "release", "7", "--reason", "phone",
                     message="--in-clear is required")
        self.refused("outbox", "release", "7", "--in-clear", "--reason", "phone",
                     message="no such outbox entry")


if __name__ == "__main__":
    unittest.main()
