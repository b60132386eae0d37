"""cvdd and OpenPGP end to end: real Postfix + Dovecot (mailstack.py), the real cvdd and
cvdctl, and an independent OpenPGP client, the ``gpg`` command line, on the other side.

The reporter's messages are made here: keys by ``gpg --quick-gen-key`` in a throwaway
GNUPGHOME per test, signatures and ciphertexts by ``gpg``, and MIME assembled by hand
with exact CRLF bytes, so that what cvdd verifies is exactly what was signed. What
cvdd sends back is checked the same way: the signed part is cut out of the message as
received over IMAP and handed to ``gpg --verify``; encrypted acknowledgements are
opened with ``gpg --decrypt`` in the reporter's home.

Covers: PGP/MIME signed reports with an attached key (trust on first use), signed and
encrypted acknowledgements, PGP/MIME encrypted reports (nested and one-pass), inline
cleartext signatures (good and tampered), spoofed replies and the quarantine, mail
loops (auto-replies, DSNs), size limits, and ``cvdctl inspect``.

Needs what test_cvdd_e2e.py needs, plus ``gpg`` and ``gpgconf`` (Debian: gnupg).
"""

from __future__ import annotations

import base64
import email.utils
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailstack import parse  # noqa: E402
from test_cvdd_e2e import (CVDCTL, INTAKE, REPORTER, CvddTestCase,  # noqa: E402
                           ack_text, strip_angle)

GPG = shutil.which("gpg") or "/usr/bin/gpg"
GPGCONF = shutil.which("gpgconf") or "/usr/bin/gpgconf"
REPORTER_UID = f"Reporter <{REPORTER}>"
MALLORY = "mallory@evil.example"
CRLF = b"\r\n"
FPR = re.compile(r"^[0-9A-F]{40}$")
CASE_TAG = re.compile(r"^\[CVD#\d{8}\]$")
BASE32 = "abcdefghijklmnopqrstuvwxyz234567"


# ---------------------------------------------------------------------- the other client
class GpgClient:
    """An independent OpenPGP client: the gpg CLI on its own throwaway GNUPGHOME.
    ``close()`` stops the agent it started and removes the home."""

    def __init__(self):
        self.home = tempfile.mkdtemp(prefix="gpg-client-")
        os.chmod(self.home, 0o700)
        # Seconds since the epoch this client's gpg takes for "now" (--faked-system-time),
        # or None for the real time: a party living on a simulated clock signs at that time,
        # as cvdd's freshness check (core/replay.hpp) expects of a real reply.
        self.faked_time: int | None = None

    def gpg(self, *args: str, data: bytes | None = None, check: bool = True,
            status: bool = False) -> subprocess.CompletedProcess:
        """Run gpg in this home (batch, loopback pinentry, empty passphrase). With
        ``status`` the status lines (``[GNUPG:] ...``) go to stderr with the messages."""
        cmd = [GPG, "--homedir", self.home, "--batch", "--no-tty", "--pinentry-mode",
               "loopback", "--passphrase", "", "--trust-model", "always"]
        if status:
            cmd += ["--status-fd", "2"]
        if self.faked_time is not None:
            cmd += ["--faked-system-time", f"{self.faked_time}!"]
        r = subprocess.run(cmd + list(args), input=data if data is not None else b"",
                           capture_output=True, timeout=60)
        if check and r.returncode != 0:
            raise AssertionError(f"gpg {' '.join(args)} failed ({r.returncode}):\n"
                                 f"{r.stderr.decode(errors='replace')}")
        return r

    def generate(self, uid: str = REPORTER_UID) -> str:
        """A new ed25519/cv25519 key without passphrase; returns its fingerprint."""
        self.gpg("--quick-gen-key", uid, "future-default", "default", "never")
        lines = self.gpg("--list-secret-keys", "--with-colons").stdout.decode().splitlines()
        # A primary key's fpr: record follows its sec: record; the new key is listed last.
        primaries = [next(f.split(":")[9] for f in lines[i + 1:] if f.startswith("fpr:"))
                     for i, line in enumerate(lines) if line.startswith("sec:")]
        assert primaries, lines
        return primaries[-1]

    def export(self, fpr: str, armor: bool = True) -> bytes:
        args = ["--export-options", "export-minimal", "--export", fpr]
        return self.gpg(*(["--armor"] if armor else []), *args).stdout

    def import_key(self, data: bytes) -> None:
        self.gpg("--import", data=data)

    def detach_sign(self, data: bytes, fpr: str) -> bytes:
        return self.gpg("--armor", "--digest-algo", "SHA256", "--local-user", fpr,
                        "--detach-sign", data=data).stdout

    def clearsign(self, text: bytes, fpr: str) -> bytes:
        return self.gpg("--digest-algo", "SHA256", "--local-user", fpr, "--clearsign",
                        data=text).stdout

    def encrypt(self, data: bytes, recipient: str, sign_with: str | None = None) -> bytes:
        args = ["--armor", "--recipient", recipient]
        if sign_with:
            args += ["--digest-algo", "SHA256", "--local-user", sign_with, "--sign"]
        return self.gpg(*args, "--encrypt", data=data).stdout

    def decrypt(self, data: bytes) -> tuple[bytes, str]:
        """(plaintext, status lines). The caller checks DECRYPTION_OKAY: the exit code
        is also non-zero when an inner signature cannot be checked."""
        r = self.gpg("--decrypt", data=data, check=False, status=True)
        return r.stdout, r.stderr.decode(errors="replace")

    def verify_detached(self, signed: bytes, signature: bytes) -> tuple[int, str]:
        """(exit code, status lines) of ``gpg --verify SIG DATA`` on these exact bytes."""
        with tempfile.TemporaryDirectory() as d:
            sig_file, data_file = os.path.join(d, "sig.asc"), os.path.join(d, "data")
            with open(sig_file, "wb") as f:
                f.write(signature)
            with open(data_file, "wb") as f:
                f.write(signed)
            r = self.gpg("--verify", sig_file, data_file, check=False, status=True)
        return r.returncode, r.stderr.decode(errors="replace")

    def close(self) -> None:
        subprocess.run([GPGCONF, "--homedir", self.home, "--kill", "all"],
                       capture_output=True, timeout=30)
        shutil.rmtree(self.home, ignore_errors=True)


# ---------------------------------------------------------------------- MIME by hand
def crlf(text: str | bytes) -> bytes:
    """Text with every line ending made CRLF."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def entity(headers: list[str], body: bytes) -> bytes:
    """A MIME entity: its header lines, the empty line, the body (bytes as given)."""
    return crlf("\n".join(headers)) + CRLF + CRLF + body


def text_entity(text: str, extra_headers=()) -> bytes:
    """A 7bit ASCII text/plain entity whose body ends with CRLF."""
    return entity(['Content-Type: text/plain; charset="UTF-8"', *extra_headers,
                   "Content-Transfer-Encoding: 7bit"], crlf(text.rstrip("\n") + "\n"))


def key_entity(armored_key: bytes, fpr: str) -> bytes:
    name = f"OpenPGP_0x{fpr[-16:]}.asc"
    return entity([f'Content-Type: application/pgp-keys; name="{name}"',
                   f'Content-Disposition: attachment; filename="{name}"',
                   "Content-Description: OpenPGP public key",
                   "Content-Transfer-Encoding: 7bit"], crlf(armored_key))


def multipart(content_type: str, parts: list[bytes], extra_headers=(),
              preamble: str = "") -> bytes:
    """A multipart entity. Each part is put between delimiters exactly as given: the
    CRLF before a delimiter belongs to the delimiter (RFC 2046 5.1.1)."""
    boundary = "=_" + os.urandom(12).hex()
    body = crlf(preamble + "\n") if preamble else b""
    for p in parts:
        body += b"--" + boundary.encode() + CRLF + p + CRLF
    body += b"--" + boundary.encode() + b"--" + CRLF
    return entity([f"Content-Type: {content_type};\n boundary=\"{boundary}\"", *extra_headers], body)


def pgp_signed(content: bytes, signature: bytes) -> bytes:
    """RFC 3156 multipart/signed over ``content`` (signed as these exact bytes)."""
    sig = entity(['Content-Type: application/pgp-signature; name="signature.asc"',
                  "Content-Description: OpenPGP digital signature",
                  'Content-Disposition: attachment; filename="signature.asc"'], crlf(signature))
    return multipart('multipart/signed; micalg=pgp-sha256;\n protocol="application/pgp-signature"',
                     [content, sig], preamble="This is an OpenPGP/MIME signed message")


def pgp_encrypted(armored: bytes) -> bytes:
    """RFC 3156 multipart/encrypted around an armored OpenPGP message."""
    version = entity(["Content-Type: application/pgp-encrypted",
                      "Content-Description: PGP/MIME version identification"], b"Version: 1\r\n")
    data = entity(['Content-Type: application/octet-stream; name="encrypted.asc"',
                   "Content-Description: OpenPGP encrypted message",
                   'Content-Disposition: inline; filename="encrypted.asc"'], crlf(armored))
    return multipart('multipart/encrypted;\n protocol="application/pgp-encrypted"',
                     [version, data], preamble="This is an OpenPGP/MIME encrypted message")


def message(body_entity: bytes, subject: str, from_: str = REPORTER, to: str = INTAKE,
            message_id: str | None = None, extra_headers=()) -> bytes:
    """A complete message: RFC 5322 headers, then ``body_entity``'s headers and body."""
    message_id = message_id or email.utils.make_msgid(domain=from_.split("@")[1])
    headers = [f"From: {from_}", f"To: {to}", f"Subject: {subject}",
               f"Date: {email.utils.formatdate(localtime=True)}", f"Message-ID: {message_id}",
               *extra_headers, "MIME-Version: 1.0"]
    return crlf("\n".join(headers)) + CRLF + body_entity


def autocrypt_header(client: GpgClient, fpr: str, address: str = REPORTER) -> str:
    keydata = base64.b64encode(client.export(fpr, armor=False)).decode()
    folded = "\n ".join(keydata[i:i + 72] for i in range(0, len(keydata), 72))
    return f"Autocrypt: addr={address}; prefer-encrypt=mutual; keydata=\n {folded}"


def split_multipart(raw: bytes) -> tuple[bytes, list[bytes]]:
    """(header block, [each body part's bytes exactly as on the wire]) of a CRLF
    multipart entity or message. A part ends before the CRLF that precedes the next
    delimiter, which is exactly what RFC 3156 signs."""
    head, sep, body = raw.partition(b"\r\n\r\n")
    assert sep, "no end of headers"
    boundary = parse(raw).get_boundary()
    assert boundary, f"not a multipart: {head[:300]!r}"
    delim = re.compile(rb"(?:\A|\r\n)--" + re.escape(boundary.encode()) + rb"(--)?[ \t]*(?:\r\n|\Z)")
    marks = list(delim.finditer(body))
    parts = []
    for a, b in zip(marks, marks[1:]):
        if a.group(1):  # close delimiter
            break
        parts.append(body[a.end():b.start()])
    return head + sep, parts


def decoded_body(part: bytes) -> bytes:
    """The decoded body of one raw part (Content-Transfer-Encoding undone)."""
    return parse(part).get_payload(decode=True)


# ---------------------------------------------------------------------- the test base
class OpenPgpTestCase(CvddTestCase):
    """CvddTestCase plus a reporter with its own gpg home and key, and helpers that
    check cvdd's OpenPGP output with that independent client."""

    def setUp(self):
        super().setUp()
        self.reporter = self.gpg_client()
        self.reporter_fpr = self.reporter.generate(REPORTER_UID)
        self.assertRegex(self.reporter_fpr, FPR)

    def gpg_client(self) -> GpgClient:
        client = GpgClient()
        self.addCleanup(client.close)  # after tearDown: stops its agent, removes its home
        self.gpg_clients = [*getattr(self, "gpg_clients", []), client]
        return client

    # ------------------------------------------------------------ cvdctl and cvdd state
    def cvdctl_raw(self, *args: str, expect_rc: int | None = 0) -> subprocess.CompletedProcess:
        """cvdctl with bytes output (no newline translation)."""
        r = subprocess.run([CVDCTL, "--config", self.config, *args], capture_output=True,
                           timeout=60, **self._popen_kwargs())
        if expect_rc is not None:
            self.assertEqual(r.returncode, expect_rc,
                             f"cvdctl {' '.join(args)}: {r.stdout[:2000]!r}{r.stderr!r}")
        return r

    def coordinator_key(self) -> tuple[str, bytes]:
        """(fingerprint, armored public key) of the coordinator, as cvdctl publishes it."""
        keys = self.cvdctl("key", "list", "--json")
        secret = [k for k in keys if k.get("secret")]
        self.assertEqual(len(secret), 1, keys)
        fpr = secret[0]["fingerprint"]
        self.assertRegex(fpr, FPR)
        self.assertTrue(any(INTAKE in uid for uid in secret[0]["uids"]), secret[0])
        armored = self.cvdctl_raw("key", "show", INTAKE, "--armor").stdout
        self.assertTrue(armored.startswith(b"-----BEGIN PGP PUBLIC KEY BLOCK-----"), armored[:200])
        return fpr, armored

    def import_reporter_key(self) -> None:
        """Bind the reporter's key the operator's way (cvdctl key import --address)."""
        path = os.path.join(self.work, "reporter.asc")
        with open(path, "wb") as f:
            f.write(self.reporter.export(self.reporter_fpr))
        os.chmod(path, 0o644)
        [key] = self.cvdctl("key", "import", path, "--address", REPORTER, "--as", "tester", "--json")
        self.assertEqual(key["fingerprint"], self.reporter_fpr)
        self.assertEqual([(b["address"], b["trust"]) for b in key["bindings"]],
                         [(REPORTER, "operator")], key)

    def quarantine(self, pending_only: bool = True) -> list[dict]:
        return self.cvdctl("quarantine", "list", *([] if pending_only else ["--all"]), "--json")

    def report_entry(self, shown: dict) -> dict:
        reports = [e for e in shown["timeline"] if e["direction"] == "in" and e["role"] == "report"]
        self.assertEqual(len(reports), 1, shown["timeline"])
        return reports[0]

    def reporter_participant(self, shown: dict) -> dict:
        reporters = [p for p in shown["participants"] if p["role"] == "reporter"]
        self.assertEqual(len(reporters), 1, shown["participants"])
        self.assertEqual(reporters[0]["address"], REPORTER)
        return reporters[0]

    def send_message(self, raw: bytes, envelope_from: str = REPORTER,
                     envelope_to: str = INTAKE) -> None:
        """Submit ``raw`` to Postfix for ``envelope_to`` (the intake address, or one of its
        ``+tag`` forms, which land in the intake mailbox) and wait until it is there."""
        n = len(self.stack.messages(INTAKE))
        self.stack.send(envelope_from, envelope_to, raw)
        self.stack.wait_for_messages(INTAKE, n + 1)

    # ------------------------------------------------------------ reporter's messages
    def signed_report(self, subject: str, text: str, attach_key: bool = True,
                      client: GpgClient | None = None, fpr: str | None = None,
                      tamper: tuple[bytes, bytes] | None = None, **headers) -> bytes:
        """A PGP/MIME signed message, over multipart/mixed[text/plain, application/pgp-keys]
        when ``attach_key``; ``tamper`` replaces bytes in the signed part after signing."""
        client, fpr = client or self.reporter, fpr or self.reporter_fpr
        content = text_entity(text)
        if attach_key:
            content = multipart("multipart/mixed", [content, key_entity(client.export(fpr), fpr)])
        signature = client.detach_sign(content, fpr)
        if tamper:
            self.assertIn(tamper[0], content)
            content = content.replace(*tamper)
        return message(pgp_signed(content, signature), subject, **headers)

    # ------------------------------------------------------------ checking cvdd's mail
    def assert_good_signature(self, status: str, fpr: str) -> None:
        """gpg's status lines report a good signature whose primary key is ``fpr``."""
        self.assertIn("[GNUPG:] GOODSIG", status)
        self.assertNotIn("BADSIG", status)
        valid = re.search(r"^\[GNUPG:\] VALIDSIG (\S+)(?: \S+)* (\S+)$", status, re.M)
        self.assertTrue(valid, status)
        self.assertEqual(valid.group(2), fpr, status)  # the primary key's fingerprint

    def assert_signed_by(self, client: GpgClient, entity_bytes: bytes, fpr: str) -> bytes:
        """``entity_bytes`` (CRLF) is an RFC 3156 multipart/signed whose signature gpg
        verifies as good, made by ``fpr``. Returns the signed part's raw bytes."""
        msg = parse(entity_bytes)
        self.assertEqual(msg.get_content_type(), "multipart/signed")
        self.assertEqual(msg.get_param("protocol"), "application/pgp-signature")
        _head, parts = split_multipart(entity_bytes)
        self.assertEqual(len(parts), 2, parts)
        self.assertEqual(parse(parts[1]).get_content_type(), "application/pgp-signature")
        signature = decoded_body(parts[1])
        rc, status = client.verify_detached(parts[0], signature)
        self.assertEqual(rc, 0, status)
        self.assert_good_signature(status, fpr)
        return parts[0]

    def decrypt_ack(self, raw: bytes, case_id: str, client: GpgClient | None = None) -> bytes:
        """Check an encrypted acknowledgement's outside, decrypt it with the reporter's gpg
        (or ``client``), check that the same run reports a good signature by the
        coordinator key inside (RFC 3156 §6.2, combined) and return the decrypted entity
        (exact bytes): the text/plain part itself, with the protected headers."""
        client = client or self.reporter
        ack = parse(raw)
        head = raw.partition(b"\r\n\r\n")[0].decode(errors="replace")
        self.assertEqual(ack.get_content_type(), "multipart/encrypted", head)
        self.assertEqual(ack.get_param("protocol"), "application/pgp-encrypted", head)
        self.assertRegex(str(ack["Subject"]), CASE_TAG, head)
        self.assertEqual(str(ack["Subject"]), f"[{case_id}]", head)
        _head, parts = split_multipart(raw)
        self.assertEqual(len(parts), 2)
        self.assertEqual(parse(parts[0]).get_content_type(), "application/pgp-encrypted")
        self.assertIn(b"Version: 1", decoded_body(parts[0]))
        # The recipient has the coordinator's published key, to check the signature.
        coordinator_fpr, coordinator_key = self.coordinator_key()
        client.import_key(coordinator_key)
        plaintext, status = client.decrypt(decoded_body(parts[1]))
        self.assertIn("[GNUPG:] DECRYPTION_OKAY", status)
        self.assertNotIn("DECRYPTION_FAILED", status)
        self.assert_good_signature(status, coordinator_fpr)
        # RFC 3156: the decrypted entity is MIME in canonical form, CRLF line ends.
        self.assertIsNone(re.search(rb"(?<!\r)\n", plaintext), plaintext[:500])
        inner = parse(plaintext)
        self.assertEqual(inner.get_content_type(), "text/plain", plaintext[:500])
        self.assertEqual(inner.get_param("protected-headers"), "v1", plaintext[:500])
        return plaintext

    def protected_subject(self, inner: bytes) -> str | None:
        """The protected Subject of a decrypted entity: on its root (OpenPGP, combined), or
        on the first part of the multipart/signed inside (S/MIME enveloped-data)."""
        msg = parse(inner)
        if msg["Subject"] is not None:
            return str(msg["Subject"])
        first = msg.get_payload(0) if msg.is_multipart() else msg
        return str(first["Subject"]) if first["Subject"] is not None else None

    def open_signed_case(self, subject: str) -> tuple[str, bytes]:
        """A signed report with the reporter's key attached → (case ID, raw encrypted ack)."""
        self.send_message(self.signed_report(subject, "Details of the issue.\n"))
        self.run_once()
        case_id = self.only_case()["id"]
        self.assertEqual(self.reporter_participant(self.case(case_id))["key_fingerprint"],
                         self.reporter_fpr)
        self.stack.wait_for_messages(REPORTER, 1)
        self.stack.wait_for_queue_empty()
        [raw_ack] = self.stack.messages(REPORTER)
        return case_id, raw_ack


# ---------------------------------------------------------------------- 1-4, 8
class SignedAndEncryptedReports(OpenPgpTestCase):
    def test_signed_report_with_key_gets_encrypted_signed_acknowledgement(self):
        subject = "Heap overflow in BarLib 3.4 PNG decoder"
        report_id = email.utils.make_msgid(domain="example.org")
        self.send_message(self.signed_report(subject, "A crafted PNG overflows the heap.\n",
                                             message_id=report_id))
        log = self.run_once()
        self.assertIn("CASE_OPENED", log)
        case_id = self.only_case()["id"]
        shown = self.case(case_id)
        self.assertEqual(shown["subject"], subject)
        self.assertEqual(self.reporter_participant(shown)["key_fingerprint"], self.reporter_fpr)
        entry = self.report_entry(shown)
        self.assertEqual(strip_angle(entry["message_id"]), strip_angle(report_id))
        self.assertFalse(entry["encrypted"], entry)
        acks = [e for e in shown["timeline"] if e["role"] == "acknowledgement"]
        self.assertEqual(len(acks), 1, shown["timeline"])
        self.assertEqual(acks[0]["signature"], "signed+encrypted", acks[0])

        self.stack.wait_for_messages(REPORTER, 1)
        self.stack.wait_for_queue_empty()
        [raw_ack] = self.stack.messages(REPORTER)
        outer = parse(raw_ack)
        self.assertEqual(strip_angle(outer["In-Reply-To"]), strip_angle(report_id))
        self.assertEqual(strip_angle(outer["Message-ID"]), strip_angle(acks[0]["message_id"]))
        self.assertNotIn(subject.encode(), raw_ack, "the real subject leaks outside")
        # Decrypted by the reporter's gpg, which reports a good signature by the
        # coordinator key inside; the decrypted entity is the text itself.
        inner = self.decrypt_ack(raw_ack, case_id)
        text = parse(inner)
        self.assertEqual(text.get_content_type(), "text/plain")
        self.assertEqual((text.get_content_charset() or "").lower(), "utf-8")
        self.assertIn(case_id, text.get_content())
        self.assertEqual(self.protected_subject(inner), f"[{case_id}] {subject}")
        reply_to = str(text["Reply-To"] or outer["Reply-To"] or "")
        self.assertRegex(reply_to, r"vendors\+\d{8}[A-Za-z2-7]{26}@cert\.example", reply_to)

        # Last, so that the acknowledgement is checked even when this fails: the report's
        # signature is checked with the key it carries (imported on first use).
        self.assertEqual((entry["signature"], entry["signer_fingerprint"]),
                         ("good", self.reporter_fpr), entry)

    def test_unsigned_report_gets_signed_acknowledgement_gpg_verifies(self):
        subject = "Open redirect in the login page"
        report_id = self.report(subject)
        log = self.run_once()
        generated = re.search(r"KEY_GENERATED fingerprint=([0-9A-F]{40})", log)
        self.assertTrue(generated, log)
        coordinator_fpr, coordinator_key = self.coordinator_key()
        self.assertEqual(coordinator_fpr, generated.group(1))
        case = self.only_case()
        entry = self.report_entry(self.case(case["id"]))
        self.assertEqual(entry["signature"], "unsigned", entry)
        self.assertIsNone(self.reporter_participant(self.case(case["id"]))["key_fingerprint"])

        self.stack.wait_for_messages(REPORTER, 1)
        self.stack.wait_for_queue_empty()
        [raw_ack] = self.stack.messages(REPORTER)
        ack = parse(raw_ack)
        self.assert_acknowledgement(ack, case["id"], subject, report_id)
        self.assertRegex(str(ack["Reply-To"]),
                         r"vendors\+" + case["id"][4:] + r"[A-Za-z2-7]{26}@cert\.example")
        verifier = self.gpg_client()
        verifier.import_key(coordinator_key)
        self.assert_signed_by(verifier, raw_ack, coordinator_fpr)
        self.assertIn(case["id"], ack_text(ack))
        ack_entry = [e for e in self.case(case["id"])["timeline"]
                     if e["role"] == "acknowledgement"][0]
        self.assertEqual(ack_entry["signature"], "signed", ack_entry)

        # Tampering with one byte of the signed text breaks the signature.
        _head, parts = split_multipart(raw_ack)
        rc, status = verifier.verify_detached(parts[0].replace(case["id"].encode(), b"CVD#00000000"),
                                              decoded_body(parts[1]))
        self.assertNotEqual(rc, 0)
        self.assertIn("BADSIG", status)

    def test_encrypted_reports_nested_and_one_pass(self):
        self.run_once()  # empty mailbox: creates the coordinator key
        self.assertEqual(self.cases(), [])
        coordinator_fpr, coordinator_key = self.coordinator_key()
        self.reporter.import_key(coordinator_key)
        # The operator knows the reporter's key, so this test does not depend on the
        # attached key or the Autocrypt header below (trust on first use is tested above).
        self.import_reporter_key()
        secret_a, secret_b = "zebra-" + os.urandom(6).hex(), "walrus-" + os.urandom(6).hex()
        subject_a = "Embargoed: RCE in QuxServer admin API"
        subject_b = "Embargoed: auth bypass in QuxServer SSO"

        # (a) PGP/MIME nested: multipart/signed (text + key) inside multipart/encrypted,
        # with the subject also as a protected header.
        signed_content = multipart(
            'multipart/mixed; protected-headers="v1"',
            [text_entity(f"The admin API runs commands. Proof phrase: {secret_a}\n"),
             key_entity(self.reporter.export(self.reporter_fpr), self.reporter_fpr)],
            extra_headers=[f"Subject: {subject_a}", f"From: {REPORTER}", f"To: {INTAKE}"])
        nested = pgp_signed(signed_content,
                            self.reporter.detach_sign(signed_content, self.reporter_fpr))
        raw_a = message(pgp_encrypted(self.reporter.encrypt(nested, coordinator_fpr)), subject_a)
        # (b) one pass: gpg --encrypt --sign of a text/plain entity; the key in Autocrypt.
        plain = text_entity(f"SSO accepts unsigned assertions. Proof phrase: {secret_b}\n")
        raw_b = message(pgp_encrypted(self.reporter.encrypt(plain, coordinator_fpr,
                                                            sign_with=self.reporter_fpr)),
                        subject_b, extra_headers=[autocrypt_header(self.reporter, self.reporter_fpr)])
        for raw, secret in ((raw_a, secret_a), (raw_b, secret_b)):
            self.assertNotIn(secret.encode(), raw)
            self.send_message(raw)
        log = self.run_once()

        cases = {c["subject"]: c for c in self.cases()}
        self.assertEqual(sorted(cases), sorted([subject_a, subject_b]), self.cases())
        for subject in (subject_a, subject_b):
            with self.subTest(subject=subject):
                shown = self.case(cases[subject]["id"])
                entry = self.report_entry(shown)
                self.assertTrue(entry["encrypted"], entry)
                self.assertEqual(entry["signature"], "good", entry)
                self.assertEqual(entry["signer_fingerprint"], self.reporter_fpr, entry)
                self.assertEqual(self.reporter_participant(shown)["key_fingerprint"],
                                 self.reporter_fpr)
        # Nothing of the decrypted text (nor the embargoed subjects) reaches the log.
        for leaked in (secret_a, secret_b, "Proof phrase", subject_a, subject_b):
            self.assertNotIn(leaked, log)
        # Both acknowledgements go out encrypted to the now bound key.
        self.stack.wait_for_messages(REPORTER, 2)
        self.stack.wait_for_queue_empty()
        acked = set()
        for raw_ack in self.stack.messages(REPORTER):
            tag = CASE_TAG.match(str(parse(raw_ack)["Subject"]))
            self.assertTrue(tag, raw_ack[:500])
            inner = self.decrypt_ack(raw_ack, tag.group(0)[1:-1])
            acked.add(self.protected_subject(inner))
        self.assertEqual(acked, {f"[{c['id']}] {c['subject']}" for c in cases.values()})

    def test_unsigned_report_offering_a_key_binds_nothing(self):
        """Issue 11: no trust on first use from unauthenticated mail. Anyone can write the
        From address and attach a key with that user ID; only a signature by that key
        proves its holder wrote the report."""
        subject = "Unsigned report that offers an Autocrypt key"
        self.send_message(message(text_entity("Details follow.\n"), subject,
                                  extra_headers=[autocrypt_header(self.reporter,
                                                                  self.reporter_fpr)]))
        self.run_once()
        case = self.only_case()
        shown = self.case(case["id"])
        self.assertIsNone(self.reporter_participant(shown)["key_fingerprint"])
        entry = self.report_entry(shown)
        self.assertEqual(entry["signature"], "unsigned")
        self.assertIn("offered key not bound: the report is not signed", entry["note"])
        for key in self.cvdctl("key", "list", "--json"):
            self.assertEqual(key["bindings"], [], key)
        # The acknowledgement is signed, not encrypted to the offered key.
        self.stack.wait_for_messages(REPORTER, 1)
        self.stack.wait_for_queue_empty()
        [raw_ack] = self.stack.messages(REPORTER)
        self.assertEqual(parse(raw_ack).get_content_type(), "multipart/signed")

    def test_autocrypt_key_of_a_signed_report_is_bound_to_its_case_only(self):
        subject = "Signed report that offers its key by Autocrypt"
        self.send_message(self.signed_report(
            subject, "Details follow.\n", attach_key=False,
            extra_headers=[autocrypt_header(self.reporter, self.reporter_fpr)]))
        self.run_once()
        case = self.only_case()
        shown = self.case(case["id"])
        self.assertEqual(self.reporter_participant(shown)["key_fingerprint"], self.reporter_fpr)
        entry = self.report_entry(shown)
        self.assertEqual(entry["signature"], "good")
        self.assertIn("bound to this case's reporter", entry["note"])
        # The case's reporter, not the address: no binding that other cases would follow.
        keys = {k["fingerprint"]: k for k in self.cvdctl("key", "list", "--json")}
        self.assertIn(self.reporter_fpr, keys)
        self.assertEqual(keys[self.reporter_fpr]["bindings"], [])
        self.stack.wait_for_messages(REPORTER, 1)
        self.stack.wait_for_queue_empty()
        [raw_ack] = self.stack.messages(REPORTER)
        inner = self.decrypt_ack(raw_ack, case["id"])
        self.assertEqual(self.protected_subject(inner), f"[{case['id']}] {subject}")

    def test_inline_cleartext_signed_good_and_tampered(self):
        self.run_once()  # creates cvdd's keyring
        self.import_reporter_key()
        autocrypt = autocrypt_header(self.reporter, self.reporter_fpr)
        text = crlf("Hello,\n\nthe upload form of WidgetCMS 5 accepts PHP files.\n\nRegards\n")
        signed = self.reporter.clearsign(text, self.reporter_fpr)
        self.assertTrue(signed.startswith(b"-----BEGIN PGP SIGNED MESSAGE-----"))
        subject_good = "Unrestricted upload in WidgetCMS 5"
        self.send_message(message(entity(['Content-Type: text/plain; charset="UTF-8"',
                                          "Content-Transfer-Encoding: 7bit"], crlf(signed)),
                                  subject_good, extra_headers=[autocrypt]))
        self.run_once()
        [case] = self.cases()
        entry = self.report_entry(self.case(case["id"]))
        self.assertEqual(entry["signature"], "good", entry)
        self.assertEqual(entry["signer_fingerprint"], self.reporter_fpr, entry)

        subject_bad = "Second report: path traversal in WidgetCMS 5"
        text = crlf("Hello,\n\nthe download handler of WidgetCMS 5 follows ../ paths.\n")
        tampered = self.reporter.clearsign(text, self.reporter_fpr).replace(b"follows", b"ignores")
        self.send_message(message(entity(['Content-Type: text/plain; charset="UTF-8"',
                                          "Content-Transfer-Encoding: 7bit"], crlf(tampered)),
                                  subject_bad, extra_headers=[autocrypt]))
        log = self.run_once()
        self.assertIn("CASE_OPENED", log)  # a report is never lost
        cases = {c["subject"]: c for c in self.cases()}
        self.assertIn(subject_bad, cases, cases)
        entry = self.report_entry(self.case(cases[subject_bad]["id"]))
        self.assertEqual(entry["signature"], "bad", entry)

    def test_inspect_matches_what_happened_and_survives_garbage(self):
        subject = "Inspectable signed report"
        raw = self.signed_report(subject, "Details for inspect.\n")
        self.send_message(raw)
        self.run_once()
        case = self.only_case()
        path = os.path.join(self.work, "report.eml")
        with open(path, "wb") as f:
            f.write(raw)
        os.chmod(path, 0o644)
        r = self.cvdctl("inspect", path, "--json")
        self.assertEqual(r["subject"], subject)
        self.assertEqual([m["address"] for m in r["from"]], [REPORTER])
        self.assertEqual(r["pgp"]["kind"], "pgp-mime-signed", r["pgp"])
        self.assertEqual(r["verification"]["status"], "good", r["verification"])
        self.assertEqual(r["verification"]["fingerprint"], self.reporter_fpr, r["verification"])
        self.assertFalse(r["decryption"]["encrypted"], r["decryption"])
        self.assertEqual(r["classification"]["kind"], "normal", r["classification"])
        self.assertIsNone(r["matched"]["case_id"], r["matched"])
        self.assertFalse(r["matched"]["forged_token"])
        self.assertEqual(r["decision"], "open a new case")
        self.assertEqual(r["limit_hits"], [])
        self.assertEqual(case["subject"], r["subject"])

        garbage = os.path.join(self.work, "garbage.bin")
        with open("/dev/urandom", "rb") as src, open(garbage, "wb") as f:
            f.write(src.read(64 * 1024))
        os.chmod(garbage, 0o644)
        r = self.cvdctl_raw("inspect", "--no-state", "--json", garbage)
        out = json.loads(r.stdout)
        self.assertIsInstance(out, dict)
        self.assertEqual(out.get("bytes"), 64 * 1024, {k: out[k] for k in list(out)[:8]})


# ---------------------------------------------------------------------- 5
class SpoofedReplies(OpenPgpTestCase):
    """Each test: a case from a signed report with the reporter's key attached, then one
    reply. Unauthenticated replies are stored on the case and quarantined."""

    SUBJECT = "Stored XSS in GadgetWiki comments"

    def ack_message_id(self, case_id: str) -> str:
        acks = [e for e in self.case(case_id)["timeline"] if e["role"] == "acknowledgement"]
        self.assertEqual(len(acks), 1)
        return "<" + strip_angle(acks[0]["message_id"]) + ">"

    def reply(self, case_id: str, text: str, *, from_: str = REPORTER, to: str = INTAKE,
              sign: GpgClient | None = None, sign_fpr: str | None = None,
              tamper: tuple[bytes, bytes] | None = None, attach_key: bool = False) -> bytes:
        headers = dict(from_=from_, to=to,
                       extra_headers=[f"In-Reply-To: {self.ack_message_id(case_id)}"])
        subject = f"Re: [{case_id}] {self.SUBJECT}"
        if sign is None:
            return message(text_entity(text), subject, **headers)
        return self.signed_report(subject, text, attach_key=attach_key, client=sign,
                                  fpr=sign_fpr, tamper=tamper, **headers)

    def assert_quarantined(self, make_reply, reason_part: str, envelope_from: str = REPORTER,
                           decision: str = "accept") -> None:
        """Open a signed case, send ``make_reply(case_id)``, and check that it is kept on
        the case unauthenticated and quarantined; then ``decision`` ("accept" or "reject")
        it as operator "tester" and check the outcome."""
        case_id, _ack = self.open_signed_case(self.SUBJECT)
        before = self.case(case_id)
        acks_before = len(self.stack.messages(REPORTER))
        self.send_message(make_reply(case_id), envelope_from=envelope_from)
        log = self.run_once()
        self.assertNotIn("CASE_OPENED", log)
        self.assertEqual([c["id"] for c in self.cases()], [case_id])

        [item] = self.quarantine()
        self.assertEqual(item["state"], "pending", item)
        self.assertEqual(item["case_id"], case_id, item)
        self.assertIn(reason_part, item["reason"], item)
        for key in ("id", "reason", "at", "from", "subject", "inbox_key"):
            self.assertIn(key, item)

        after = self.case(case_id)
        self.assertEqual(after["participants"], before["participants"])
        self.assertEqual(after["subject"], before["subject"])
        self.assertEqual(after["state"], before["state"])
        self.assertEqual(after["timeline"][:-1], before["timeline"])
        self.assertEqual(len(after["timeline"]), len(before["timeline"]) + 1)
        last = after["timeline"][-1]
        self.assertEqual(last["direction"], "in", last)
        self.assertFalse(last["authenticated"], last)
        note = last["note"]
        self.stack.wait_for_queue_empty()
        self.assertEqual(len(self.stack.messages(REPORTER)), acks_before, "no mail for a spoof")

        if decision == "accept":
            decided = self.cvdctl("quarantine", "accept", str(item["id"]), "--as", "tester", "--json")
            self.assertEqual(decided["state"], "accepted", decided)
            self.assertEqual(decided["decided_by"], "tester", decided)
            last = self.case(case_id)["timeline"][-1]
            self.assertTrue(last["authenticated"], last)
            self.assertIn("accepted by tester", last["note"], last)
        else:
            decided = self.cvdctl("quarantine", "reject", str(item["id"]), "--as", "tester", "--json")
            self.assertEqual(decided["state"], "rejected", decided)
            self.assertFalse(self.case(case_id)["timeline"][-1]["authenticated"])
        self.assertEqual(self.quarantine(), [])
        [all_item] = self.quarantine(pending_only=False)
        self.assertEqual(all_item["state"], decided["state"])
        self.assertEqual(self.case(case_id)["participants"], before["participants"])
        # Checked last so that the checks above still run if only this fails.
        self.assertTrue(note.startswith("quarantined: "),
                        f"timeline note of the quarantined reply: {note!r}")

    def test_a_reply_from_stranger_with_case_id(self):
        self.assert_quarantined(
            lambda case_id: self.reply(case_id, "I am the reporter, send me the details.\n",
                                       from_=MALLORY),
            "not a registered participant", envelope_from=MALLORY)

    def test_b_unsigned_reply_from_reporter_with_key(self):
        self.assert_quarantined(
            lambda case_id: self.reply(case_id, "Please publish now.\n"),
            "has registered key", decision="reject")

    def test_c_reply_signed_by_another_key_for_the_same_address(self):
        impostor = self.gpg_client()
        impostor_fpr = impostor.generate(REPORTER_UID)
        self.assertNotEqual(impostor_fpr, self.reporter_fpr)
        # The impostor even attaches its key: an address with a bound key is not re-bound.
        self.assert_quarantined(
            lambda case_id: self.reply(case_id, "New contact key, use this one.\n",
                                       sign=impostor, sign_fpr=impostor_fpr, attach_key=True),
            "registered key")

    def test_d_reply_with_tampered_signature(self):
        self.assert_quarantined(
            lambda case_id: self.reply(case_id, "The embargo ends on 2030-01-01.\n",
                                       sign=self.reporter, sign_fpr=self.reporter_fpr,
                                       tamper=(b"2030-01-01", b"2020-01-01")),
            "bad signature", decision="reject")

    def test_e_reply_with_forged_reply_token(self):
        def forged(case_id: str) -> bytes:
            digits = case_id.split("#")[1]
            bogus = "".join(BASE32[(i * 7 + 3) % 32] for i in range(26))
            return self.reply(case_id, "Signed, but the token is forged.\n",
                              to=f"vendors+{digits}{bogus}@cert.example",
                              sign=self.reporter, sign_fpr=self.reporter_fpr)
        self.assert_quarantined(forged, "reply token")

    def test_f_genuine_signed_reply_is_attached(self):
        case_id, raw_ack = self.open_signed_case(self.SUBJECT)
        inner = self.decrypt_ack(raw_ack, case_id)
        reply_to = str(parse(inner)["Reply-To"] or parse(raw_ack)["Reply-To"])
        token_address = re.search(r"vendors\+\d{8}[A-Za-z2-7]{26}@cert\.example", reply_to)
        self.assertTrue(token_address, reply_to)
        self.assertIn(case_id.split("#")[1], token_address.group(0))
        before = self.case(case_id)
        reply_id = email.utils.make_msgid(domain="example.org")
        # Its signed text names the case, as a reply quoting the acknowledgement does: a
        # signature over text that names no case could be replayed into any (issue 11).
        raw = self.signed_report(f"Re: [{case_id}] {self.SUBJECT}",
                                 f"A second PoC.\n\n> Your report {case_id} was received.\n",
                                 attach_key=False, to=token_address.group(0),
                                 message_id=reply_id,
                                 extra_headers=[f"In-Reply-To: {self.ack_message_id(case_id)}"])
        self.send_message(raw)
        log = self.run_once()
        self.assertIn("CASE_REPLY_ATTACHED", log)
        self.assertNotIn("CASE_OPENED", log)
        self.assertEqual(self.quarantine(), [])
        after = self.case(case_id)
        self.assertEqual(after["participants"], before["participants"])
        last = after["timeline"][-1]
        self.assertEqual((last["direction"], last["role"]), ("in", "reply"), last)
        self.assertEqual(strip_angle(last["message_id"]), strip_angle(reply_id))
        self.assertTrue(last["authenticated"], last)
        # The reply token in To comes first in the threading order (before In-Reply-To).
        self.assertTrue(last["note"].startswith("matched by reply-token"), last)
        self.assertEqual(last["signature"], "good", last)
        self.assertEqual(last["signer_fingerprint"], self.reporter_fpr, last)
        self.stack.wait_for_queue_empty()
        self.assertEqual(len(self.stack.messages(REPORTER)), 1, "no acknowledgement for a reply")


# ---------------------------------------------------------------------- 6
class MailLoops(OpenPgpTestCase):
    def plain_case(self, subject: str) -> tuple[str, str]:
        """An unsigned report → (case ID, the acknowledgement's Message-ID)."""
        self.report(subject)
        self.run_once()
        case_id = self.only_case()["id"]
        [ack] = self.settled_acks()
        return case_id, str(ack["Message-ID"]).strip()

    def test_a_out_of_office_reply_is_attached_without_answer(self):
        case_id, ack_id = self.plain_case("CSRF in the settings page")
        before = self.case(case_id)["timeline"]
        raw = message(text_entity("I am out of the office until Monday.\n"), "Out of office",
                      extra_headers=["Auto-Submitted: auto-replied", f"In-Reply-To: {ack_id}",
                                     f"References: {ack_id}", "X-Autoreply: yes"])
        self.send_message(raw)
        log = self.run_once()
        self.assertNotIn("CASE_OPENED", log)
        self.assertNotIn("OUTBOX_QUEUED", log)
        self.assertEqual([c["id"] for c in self.cases()], [case_id])
        self.assertEqual(self.quarantine(), [])
        timeline = self.case(case_id)["timeline"]
        self.assertEqual(len(timeline), len(before) + 1, timeline)
        self.assertEqual((timeline[-1]["direction"], timeline[-1]["role"]), ("in", "reply"))
        self.stack.wait_for_queue_empty()
        self.assertEqual(len(self.stack.messages(REPORTER)), 1, "an auto-reply got an answer")

    def test_b_auto_reply_for_no_case_is_quarantined(self):
        raw = message(text_entity("I am on vacation.\n"), "Automatic reply: vacation",
                      extra_headers=["Auto-Submitted: auto-replied"])
        self.send_message(raw)
        log = self.run_once()
        self.assertNotIn("CASE_OPENED", log)
        self.assertEqual(self.cases(), [])
        [item] = self.quarantine()
        self.assertFalse(item["case_id"], item)
        self.assertIn("automatic", item["reason"], item)
        self.stack.wait_for_queue_empty()
        self.assertEqual(self.stack.messages(REPORTER), [])

    def test_c_dsn_for_acknowledgement_is_a_failed_contact_attempt(self):
        # The acknowledgement left with its own bounce address (VERP) as envelope sender,
        # which the reporter's server recorded as Return-Path; a DSN for it comes back
        # there, and only there is it believed (test_trust_bounces.py: the forgeries).
        self.report("Privilege escalation in the installer")
        self.run_once()
        case_id = self.only_case()["id"]
        [ack] = self.settled_acks()
        ack_id = str(ack["Message-ID"]).strip()
        bounce_address = strip_angle(ack["Return-Path"])
        self.assertRegex(bounce_address, r"^vendors\+b-" + case_id.split("#")[1] +
                         r"[a-z2-7]{26}@cert\.example$")
        before = self.case(case_id)["timeline"]
        raw = dsn_message(case_id, ack_id, REPORTER, to=bounce_address)
        self.send_message(raw, envelope_from="", envelope_to=bounce_address)
        log = self.run_once()
        self.assertIn("CONTACT_ATTEMPT_FAILED", log)
        self.assertNotIn("CASE_OPENED", log)
        self.assertNotIn("OUTBOX_QUEUED", log)
        self.assertEqual([c["id"] for c in self.cases()], [case_id])
        timeline = self.case(case_id)["timeline"]
        self.assertEqual(len(timeline), len(before) + 1, timeline)
        bounce = timeline[-1]
        self.assertEqual(bounce["role"], "bounce", bounce)
        self.assertIn("failed contact attempt: delivery to reporter@example.org failed (5.1.1)",
                      bounce["note"])
        self.assertEqual(self.quarantine(), [])
        self.stack.wait_for_queue_empty()
        self.assertEqual(len(self.stack.messages(REPORTER)), 1, "a DSN got an answer")


def dsn_message(case_id: str, returned_id: str, failed: str, to: str = INTAKE) -> bytes:
    """An RFC 3464 DSN as an MTA writes it: ``failed`` could not be reached, the returned
    message's headers quote ``returned_id``; addressed (To) to ``to``."""
    explanation = text_entity("This is the mail system at host mx.example.\n\n"
                              "I'm sorry to have to inform you that your message could not\n"
                              "be delivered to one or more recipients.\n\n"
                              f"<{failed}>: host mx.example said: 550 5.1.1\n"
                              "    User unknown\n")
    status = entity(["Content-Type: message/delivery-status"], crlf(
        "Reporting-MTA: dns; mx.example\n"
        "Arrival-Date: " + email.utils.formatdate() + "\n\n"
        f"Final-Recipient: rfc822; {failed}\n"
        f"Original-Recipient: rfc822;{failed}\n"
        "Action: failed\n"
        "Status: 5.1.1\n"
        "Remote-MTA: dns; mx.example\n"
        f"Diagnostic-Code: smtp; 550 5.1.1 <{failed}>: User unknown\n"))
    returned = entity(["Content-Type: text/rfc822-headers"], crlf(
        f"From: Example CERT <{INTAKE}>\n"
        f"To: {failed}\n"
        f"Subject: [{case_id}] a notice\n"
        f"Message-ID: {returned_id}\n"
        "Auto-Submitted: auto-replied\n"))
    return message(multipart("multipart/report; report-type=delivery-status",
                             [explanation, status, returned]),
                   "Undelivered Mail Returned to Sender", from_="MAILER-DAEMON@mx.example",
                   to=to, extra_headers=["Auto-Submitted: auto-replied"])


# ---------------------------------------------------------------------- 7
class Limits(OpenPgpTestCase):
    def test_oversized_report_is_quarantined_by_its_header_then_opened_by_operator(self):
        # Over [limits] message_size: only the header section is fetched (BODY.PEEK[HEADER],
        # the size from RFC822.SIZE), so a huge message never costs a full fetch, let alone
        # one per cycle; the whole message stays on the server.
        self.write_config(self.config_text() + "\n[limits]\nmessage_size = 4096\n")
        subject = "Oversized report with a long trace"
        body = "".join(f"trace line {i:05d}: 0x{i * 2654435761 % 2**32:08x}\n" for i in range(400))
        self.assertGreater(len(body), 10_000)
        self.send_message(message(text_entity(body), subject))
        log = self.run_once()
        self.assertNotIn("CASE_OPENED", log)
        self.assertEqual(self.cases(), [])
        [item] = self.quarantine()
        self.assertIn("over [limits] message_size 4096", item["reason"], item)
        self.assertIn("only its header section was fetched", item["reason"], item)
        self.assertEqual(item["from"], REPORTER, item)
        self.assertEqual(item["subject"], subject, item)
        self.assertFalse(item["case_id"], item)
        self.stack.wait_for_queue_empty()
        self.assertEqual(self.stack.messages(REPORTER), [], "no acknowledgement")

        [received] = self.stack.messages(INTAKE)
        stored = self.cvdctl_raw("quarantine", "show", str(item["id"]), "--raw").stdout
        header = received[:received.index(b"\r\n\r\n") + 4]
        self.assertEqual(stored, header)
        self.assertLess(len(stored), 4096)

        decided = self.cvdctl("quarantine", "accept", str(item["id"]), "--open-case", "--as",
                              "tester", "--json")
        self.assertEqual(decided["state"], "accepted", decided)
        case = self.only_case()
        self.assertEqual(decided["case_id"], case["id"])
        self.assertEqual(case["subject"], subject)
        self.assertEqual(case["reporter"], REPORTER)
        self.assertTrue(self.report_entry(self.case(case["id"]))["message_id"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
