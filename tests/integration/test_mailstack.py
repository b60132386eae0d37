"""Self-test of the mail harness: real Postfix -> LMTP -> Dovecot -> IMAP on loopback."""

import os
import imaplib
import smtplib
import ssl
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailstack import MailStack, MailStackError, StackTestCase, parse  # noqa: E402

VENDORS = "vendors@cert.example"
REPORTER = "reporter@example.org"
GONE = "gone@gadget.example"


class MailStackTest(StackTestCase):
    @classmethod
    def setUpClass(cls):
        t0 = time.monotonic()
        cls.stack = MailStack(users=[VENDORS, REPORTER, "other@cert.example"],
                              undeliverable=[GONE])
        cls.stack.start()
        print(f"\nmailstack started in {time.monotonic() - t0:.2f}s", file=sys.stderr)

    @classmethod
    def tearDownClass(cls):
        t0 = time.monotonic()
        cls.stack.stop()
        print(f"mailstack stopped in {time.monotonic() - t0:.2f}s", file=sys.stderr)

    def setUp(self):
        # Every test needs both daemons, whatever the previous one did.
        self.stack.start_postfix()
        self.stack.start_dovecot()

    def test_swaks_delivers_to_imap(self):
        n = len(self.stack.messages(VENDORS))
        self.stack.swaks("--from", REPORTER, "--to", VENDORS,
                         "--header", "Subject: swaks round trip", "--body", "body-line-42")
        msgs = self.stack.wait_for_messages(VENDORS, n + 1)
        msg = parse(msgs[-1])
        self.assertEqual(msg["Subject"], "swaks round trip")
        self.assertIn("body-line-42", msg.get_content())
        self.assertIn(REPORTER, msg["From"])

    def test_smtplib_send_raw_bytes(self):
        n = len(self.stack.messages("other@cert.example"))
        raw = (b"From: reporter@example.org\r\nTo: other@cert.example\r\n"
               b"Subject: raw\r\nMessage-ID: <raw-1@example.org>\r\n\r\nraw body\r\n")
        self.stack.send(REPORTER, "other@cert.example", raw)
        msg = parse(self.stack.wait_for_messages("other@cert.example", n + 1)[-1])
        self.assertEqual(msg["Message-ID"], "<raw-1@example.org>")

    def test_tagged_address_lands_in_the_users_inbox(self):
        n = len(self.stack.messages(VENDORS))
        raw = b"From: reporter@example.org\r\nSubject: tagged\r\n\r\nx\r\n"
        self.stack.send(REPORTER, "vendors+b-0123abc@cert.example", raw)
        msg = parse(self.stack.wait_for_messages(VENDORS, n + 1)[-1])
        self.assertEqual(msg["Subject"], "tagged")
        self.assertEqual(msg["Delivered-To"], "vendors+b-0123abc@cert.example")

    def test_undeliverable_address_bounces_to_the_envelope_sender(self):
        # Postfix accepts it, Dovecot's LMTP does not know it: a real DSN comes back.
        n = len(self.stack.messages(VENDORS))
        raw = (b"From: vendors@cert.example\r\nTo: gone@gadget.example\r\n"
               b"Subject: to a gone mailbox\r\nMessage-ID: <gone-1@cert.example>\r\n\r\nx\r\n")
        self.stack.send("vendors+b-0123abc@cert.example", GONE, raw)
        dsn = parse(self.stack.wait_for_messages(VENDORS, n + 1)[-1])
        self.assertEqual(dsn.get_content_type(), "multipart/report")
        self.assertEqual(dsn["Delivered-To"], "vendors+b-0123abc@cert.example")
        self.assertEqual(dsn["Return-Path"], "<>")
        status = next(p for p in dsn.walk() if p.get_content_type() == "message/delivery-status")
        self.assertIn(f"Final-Recipient: rfc822; {GONE}", status.as_string())
        self.assertIn("Action: failed", status.as_string())

    def test_relays_nothing_and_rejects_unknown_users(self):
        raw = b"Subject: x\r\n\r\nx\r\n"
        with self.assertRaises(smtplib.SMTPRecipientsRefused):
            self.stack.send(REPORTER, "someone@elsewhere.example", raw)
        with self.assertRaises(smtplib.SMTPRecipientsRefused):
            self.stack.send(REPORTER, "nobody@cert.example", raw)

    def test_stopped_postfix_refuses_then_recovers(self):
        self.stack.stop_postfix()
        r = self.stack.swaks("--from", REPORTER, "--to", VENDORS, "--header", "Subject: dead",
                             check=False)
        self.assertNotEqual(r.returncode, 0, r.stdout)
        with self.assertRaises(ConnectionRefusedError):
            self.stack.send(REPORTER, VENDORS, b"Subject: dead\r\n\r\nx\r\n")
        self.stack.start_postfix()
        n = len(self.stack.messages(VENDORS))
        self.stack.swaks("--from", REPORTER, "--to", VENDORS, "--header", "Subject: alive again")
        self.assertEqual(parse(self.stack.wait_for_messages(VENDORS, n + 1)[-1])["Subject"],
                         "alive again")

    def test_dovecot_outage_is_queued_and_delivered_after_restart(self):
        n = len(self.stack.messages(REPORTER))
        self.stack.stop_dovecot()
        self.stack.swaks("--from", VENDORS, "--to", REPORTER, "--header", "Subject: queued")
        time.sleep(0.5)  # let Postfix try LMTP against the dead port and defer
        self.assertGreaterEqual(self.stack.queue_size(), 1)
        t0 = time.monotonic()
        self.stack.start_dovecot()
        msgs = self.stack.wait_for_messages(REPORTER, n + 1, timeout=15)
        print(f"delivered {time.monotonic() - t0:.2f}s after Dovecot restart", file=sys.stderr)
        self.assertEqual(parse(msgs[-1])["Subject"], "queued")
        self.stack.wait_for_queue_empty()

    def test_imap_flags_show_keywords(self):
        self.stack.swaks("--from", REPORTER, "--to", VENDORS, "--header", "Subject: flag me")
        self.stack.wait_for_messages(VENDORS, 1)
        c = self.stack.imap(VENDORS)
        try:
            c.select("INBOX")
            typ, data = c.uid("SEARCH", None, "ALL")
            uid = data[0].split()[-1].decode()
            c.uid("STORE", uid, "+FLAGS", r"(\Seen $CvddAccepted)")
        finally:
            c.logout()
        flags = self.stack.imap_flags(VENDORS)
        self.assertIn("$CvddAccepted", flags[int(uid)])
        self.assertIn("\\Seen", flags[int(uid)])
        # Reading messages does not set \Seen (BODY.PEEK).
        before = self.stack.imap_flags(VENDORS)
        self.stack.messages(VENDORS)
        self.assertEqual(before, self.stack.imap_flags(VENDORS))

    def test_recreate_mailbox_changes_uidvalidity(self):
        user = "other@cert.example"
        n = len(self.stack.messages(user))
        self.stack.swaks("--from", REPORTER, "--to", user, "--header", "Subject: before")
        self.stack.wait_for_messages(user, n + 1)
        self.stack.wait_for_queue_empty()  # nothing in flight may land after the rebuild
        v1 = self.stack.uidvalidity(user)
        v2 = self.stack.recreate_mailbox(user)
        self.assertGreater(v2, v1)
        self.assertEqual(self.stack.uidvalidity(user), v2)
        self.assertEqual(self.stack.messages(user), [])
        self.stack.swaks("--from", REPORTER, "--to", user, "--header", "Subject: after")
        [raw] = self.stack.wait_for_messages(user, 1)
        self.assertEqual(parse(raw)["Subject"], "after")
        self.assertEqual(list(self.stack.imap_flags(user)), [1])  # UIDs restart at 1

    def test_recreate_mailbox_keeping_messages_renumbers_them(self):
        user = "other@cert.example"
        # Earlier tests leave mail in this INBOX: wait for this message itself, and for
        # Postfix to be idle, or it could be delivered after the rebuild and be counted twice.
        n = len(self.stack.messages(user))
        self.stack.swaks("--from", REPORTER, "--to", user, "--header", "Subject: kept")
        old = self.stack.wait_for_messages(user, n + 1)
        self.stack.wait_for_queue_empty()
        v1 = self.stack.uidvalidity(user)
        v2 = self.stack.recreate_mailbox(user, keep_messages=True)
        self.assertGreater(v2, v1)
        self.assertEqual(self.stack.messages(user), old)
        self.assertEqual(sorted(self.stack.imap_flags(user)), list(range(1, len(old) + 1)))


class TlsTest(StackTestCase):
    def test_starttls_on_imap_and_smtp_verifies_against_ca_file(self):
        with MailStack(users=[VENDORS, REPORTER], tls=True) as self.stack:
            ctx = ssl.create_default_context(cafile=self.stack.ca_file)
            with smtplib.SMTP("127.0.0.1", self.stack.smtp_port, timeout=10) as s:
                s.starttls(context=ctx)
                s.sendmail(REPORTER, [VENDORS], b"Subject: over tls\r\n\r\nsecret\r\n")
            self.stack.wait_for_messages(VENDORS, 1)
            c = imaplib.IMAP4("127.0.0.1", self.stack.imap_port, timeout=10)
            try:
                c.starttls(ssl_context=ctx)
                c.login(VENDORS, self.stack.password(VENDORS))
                typ, data = c.select("INBOX", readonly=True)
                self.assertEqual((typ, data), ("OK", [b"1"]))
            finally:
                c.logout()
            # The certificate names 127.0.0.1: verification fails against another CA.
            with self.assertRaises(ssl.SSLCertVerificationError):
                with smtplib.SMTP("127.0.0.1", self.stack.smtp_port, timeout=10) as s:
                    s.starttls(context=ssl.create_default_context())


class LifecycleTest(unittest.TestCase):
    def test_two_stacks_run_concurrently_and_stop_cleanly(self):
        with MailStack(users=[VENDORS]) as a, MailStack(users=[VENDORS]) as b:
            self.assertEqual(len({a.imap_port, a.smtp_port, a.lmtp_port,
                                  b.imap_port, b.smtp_port, b.lmtp_port}), 6)
            self.assertNotEqual(a.dir, b.dir)
            a.swaks("--from", REPORTER, "--to", VENDORS, "--header", "Subject: to a")
            b.swaks("--from", REPORTER, "--to", VENDORS, "--header", "Subject: to b")
            self.assertEqual(parse(a.wait_for_messages(VENDORS, 1)[0])["Subject"], "to a")
            self.assertEqual(parse(b.wait_for_messages(VENDORS, 1)[0])["Subject"], "to b")
            self.assertEqual(len(a.messages(VENDORS)), 1)
            groups = [a._dovecot.pid, a._postfix.pid, b._dovecot.pid, b._postfix.pid]
            dirs = [a.dir, b.dir]
        for pgid in groups:
            self.assertFalse(MailStack._group_alive(pgid), f"process group {pgid} survived")
        for d in dirs:
            self.assertFalse(os.path.exists(d))

    def test_exception_inside_with_still_tears_down(self):
        stack = MailStack(users=[VENDORS])
        with self.assertRaises(KeyError):
            with stack:
                groups = [stack._dovecot.pid, stack._postfix.pid]
                raise KeyError("boom")
        for pgid in groups:
            self.assertFalse(MailStack._group_alive(pgid))

    def test_wait_for_messages_times_out_with_logs(self):
        with MailStack(users=[VENDORS]) as s:
            t0 = time.monotonic()
            with self.assertRaises(MailStackError) as cm:
                s.wait_for_messages(VENDORS, 1, timeout=1)
            self.assertLess(time.monotonic() - t0, 5)
            self.assertIn("dovecot.log", str(cm.exception))


if __name__ == "__main__":
    unittest.main(verbosity=2)
