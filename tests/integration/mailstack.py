"""A private Dovecot (IMAP + LMTP) and Postfix (SMTP) on 127.0.0.1 for one test run.

Standard library only. Needs root (both daemons start as root and drop privileges),
the Debian packages ``dovecot-imapd dovecot-lmtpd postfix swaks``, and nothing else:
no systemd, no syslog, no global configuration is read or written.

    with MailStack(users=["vendors@cert.example", "reporter@example.org"]) as ms:
        ms.swaks("--from", "reporter@example.org", "--to", "vendors@cert.example",
                 "--header", "Subject: hello", "--body", "hi")
        [raw] = ms.wait_for_messages("vendors@cert.example", 1)

Layout of ``ms.dir`` (a fresh temp dir, mode 0755 so dovenull/postfix can traverse it)::

    users                 passwd-file, {PLAIN} passwords (one random password per user)
    dovecot/dovecot.conf  dovecot/run (base_dir), dovecot/state, dovecot.log
    mail/DOMAIN/USER/Maildir   owned by dovenull
    postfix/etc/{main,master}.cf, postfix/queue, postfix/data, postfix.log

Postfix accepts mail only for ``users`` in ``domains`` (virtual_mailbox_domains +
texthash virtual_mailbox_maps), delivers it to Dovecot over LMTP and relays nothing
else. Queue retry timings are ~1 s so a Dovecot outage recovers quickly.

API: ``start()``/``stop()`` (or ``with``); ``imap_port``, ``smtp_port``, ``lmtp_port``,
``dir``, ``ca_file`` (with tls=True); ``password(user)``; ``stop_postfix()``/
``start_postfix()``, ``stop_dovecot()``/``start_dovecot()``; ``send(from_, to, raw)``,
``swaks(*args)``; ``messages(user)``, ``wait_for_messages(user, count)``,
``imap_flags(user)``, ``uidvalidity(user)``, ``clear_mailbox(user)``,
``recreate_mailbox(user, keep_messages=False)``; ``queue_size()``,
``wait_for_queue_empty()``; ``logs()``. ``StackTestCase``: a TestCase base that prints
those logs when a test fails.

Every process started here is a child (``dovecot -F``, ``master -s``) in its own
process group; ``stop()`` terminates the groups, waits, and SIGKILLs leftovers, so a
failing test leaves nothing running. Two stacks can run side by side (ports from
binding port 0, everything else under ``dir``).
"""

from __future__ import annotations

import email
import imaplib
import os
import pwd
import grp
import re
import secrets
import shutil
import signal
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
import unittest

__all__ = ["MailStack", "MailStackError", "StackTestCase", "free_ports"]

DOVECOT = shutil.which("dovecot", path="/usr/sbin:/usr/bin:/sbin") or "/usr/sbin/dovecot"
POSTFIX = shutil.which("postfix", path="/usr/sbin:/usr/bin:/sbin") or "/usr/sbin/postfix"
SWAKS = shutil.which("swaks") or "/usr/bin/swaks"
POSTFIX_DAEMON_DIR = "/usr/lib/postfix/sbin"
QUEUE_DIRS = [(name, False, 0o700) for name in (
    "active", "bounce", "corrupt", "defer", "deferred", "flush", "hold", "incoming",
    "private", "saved", "trace")] + [("maildrop", True, 0o730), ("public", True, 0o710),
                                     ("pid", False, 0o755)]
POLL = 0.05  # seconds between polls in every wait loop


class MailStackError(RuntimeError):
    """The mail stack could not be started, or a wait timed out (message includes logs)."""


def free_ports(n: int) -> list[int]:
    """Return ``n`` distinct currently free TCP ports on 127.0.0.1 (bind to port 0)."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def _port_answers(port: int, greeting: bytes) -> bool:
    """True if 127.0.0.1:port accepts a connection and its banner starts with greeting."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.settimeout(2)
            return s.recv(256).startswith(greeting)
    except OSError:
        return False


def _tail(path: str, lines: int = 60) -> str:
    try:
        with open(path, "r", errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return "(none)\n"


class MailStack:
    """A private Dovecot + Postfix pair; use as a context manager or call start()/stop().

    Attributes (valid after start()): ``imap_port``, ``smtp_port``, ``lmtp_port``,
    ``dir`` (the temp dir holding all state and logs), ``users``, ``domains``.
    """

    def __init__(self, users=("vendors@cert.example", "reporter@example.org"),
                 domains=None, keep_dir: bool | None = None, tls: bool = False,
                 imap_idle: bool = True, undeliverable=()):
        """``users``: full addresses that get a mailbox and an IMAP login.
        ``domains``: domains Postfix accepts (default: the users' domains).
        ``keep_dir``: keep ``dir`` after stop() (default: env MAILSTACK_KEEP=1).
        ``tls``: offer STARTTLS on IMAP and SMTP with a throwaway self-signed certificate
        for 127.0.0.1/localhost; its path is ``ca_file`` (plaintext stays allowed).
        ``imap_idle``: False leaves IDLE out of the capabilities Dovecot lists after
        login, as servers without IDLE do (clients then have to poll).
        ``undeliverable``: addresses Postfix accepts (they are in its virtual mailbox table)
        but Dovecot's LMTP refuses as unknown users, so Postfix returns a real DSN to the
        envelope sender, as a remote server would for a mailbox that no longer exists.

        Postfix and Dovecot both take "+" as the recipient delimiter: mail to
        ``user+anything@domain`` lands in ``user@domain``'s INBOX, with the whole address in
        its Delivered-To."""
        self.tls = tls
        self.imap_idle = imap_idle
        self.ca_file: str | None = None
        self.users = list(users)
        if not self.users:
            raise ValueError("MailStack needs at least one user")
        self.undeliverable = list(undeliverable)
        self.domains = sorted(set(domains or []) |
                              {u.split("@", 1)[1] for u in self.users + self.undeliverable})
        self._passwords = {u: "pw-" + secrets.token_hex(8) for u in self.users}
        self.keep_dir = (os.environ.get("MAILSTACK_KEEP") == "1") if keep_dir is None else keep_dir
        self.dir: str | None = None
        self.imap_port = self.smtp_port = self.lmtp_port = 0
        self._dovecot: subprocess.Popen | None = None
        self._postfix: subprocess.Popen | None = None

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> "MailStack":
        self.start()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            sys.stderr.write(self.logs())
        self.stop()

    def start(self) -> "MailStack":
        """Create the temp dir and configs, start Dovecot then Postfix, and return once
        IMAP, LMTP and SMTP all answer with a greeting. Raises MailStackError (with logs)."""
        if self.dir is None:
            self.dir = tempfile.mkdtemp(prefix="mailstack-")
            os.chmod(self.dir, 0o755)
            if self.tls:
                self._make_certificate()
        last_error = None
        # A picked port can be taken by someone else before the daemon binds it: retry.
        for _attempt in range(3):
            self.imap_port, self.lmtp_port, self.smtp_port = free_ports(3)
            try:
                self._write_dovecot_config()
                self._write_postfix_config()
                self.start_dovecot()
                self.start_postfix()
                return self
            except MailStackError as e:
                last_error = e
                self._kill(self._postfix)
                self._kill(self._dovecot)
                self._postfix = self._dovecot = None
        self.stop()
        raise last_error  # type: ignore[misc]

    def stop(self) -> None:
        """Stop both daemons (SIGTERM, then SIGKILL of their process groups) and remove
        ``dir`` unless keep_dir. Safe to call twice and after a failed start()."""
        self.stop_postfix()
        self.stop_dovecot()
        if self.dir and not self.keep_dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def password(self, user: str) -> str:
        """The IMAP password of ``user``."""
        return self._passwords[user]

    def maildir(self, user: str) -> str:
        """Filesystem path of ``user``'s Maildir (exists after the first delivery/login)."""
        local, domain = user.split("@", 1)
        return os.path.join(self.dir, "mail", domain, local, "Maildir")

    def _make_certificate(self) -> None:
        tls_dir = os.path.join(self.dir, "tls")
        os.makedirs(tls_dir)
        cert, key = os.path.join(tls_dir, "cert.pem"), os.path.join(tls_dir, "key.pem")
        r = subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                            "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                            "-subj", "/CN=localhost", "-addext",
                            "subjectAltName=IP:127.0.0.1,DNS:localhost",
                            "-keyout", key, "-out", cert], capture_output=True, text=True)
        if r.returncode != 0:
            raise MailStackError(f"openssl req failed: {r.stderr}")
        os.chmod(key, 0o600)
        os.chmod(cert, 0o644)
        self.ca_file = cert

    # ------------------------------------------------------------------ dovecot
    def _write_dovecot_config(self) -> None:
        d = self.dir
        dv = os.path.join(d, "dovecot")
        os.makedirs(os.path.join(dv, "state"), exist_ok=True)
        mail = os.path.join(d, "mail")
        os.makedirs(mail, exist_ok=True)
        dovenull = pwd.getpwnam("dovenull")
        os.chown(mail, dovenull.pw_uid, dovenull.pw_gid)
        users_file = os.path.join(d, "users")
        with open(users_file, "w") as f:
            for u in self.users:
                f.write(f"{u}:{{PLAIN}}{self._passwords[u]}::::::\n")
        # auth runs as the "dovecot" user: readable by it, not by the world.
        os.chown(users_file, 0, grp.getgrnam("dovecot").gr_gid)
        os.chmod(users_file, 0o640)
        if self.tls:
            ssl = f"ssl = yes\nssl_cert = <{self.dir}/tls/cert.pem\nssl_key = <{self.dir}/tls/key.pem\n"
        else:
            ssl = "ssl = no\n"
        # Without IDLE: Dovecot's post-login list minus IDLE (the greeting still names it;
        # a client must go by the list it gets after login).
        capability = ("" if self.imap_idle else
                      "imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE LITERAL+ UIDPLUS\n")
        conf = f"""\
# Generated by tests/integration/mailstack.py; private instance.
{ssl}{capability}instance_name = mailstack-{os.path.basename(d)}
base_dir = {dv}/run
state_dir = {dv}/state
log_path = {d}/dovecot.log
info_log_path = {d}/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
first_valid_uid = {dovenull.pw_uid}
last_valid_uid = 0
mail_location = maildir:{mail}/%d/%n/Maildir
recipient_delimiter = +
mail_fsync = never
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {users_file}
}}
userdb {{
  driver = static
  args = uid=dovenull gid=dovenull home={mail}/%d/%n
}}
namespace inbox {{
  inbox = yes
  separator = /
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.imap_port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {self.lmtp_port}
  }}
}}
"""
        with open(os.path.join(dv, "dovecot.conf"), "w") as f:
            f.write(conf)

    def start_dovecot(self) -> None:
        """Start Dovecot (``dovecot -F``) and wait until IMAP and LMTP answer."""
        if self._dovecot is not None and self._dovecot.poll() is None:
            return
        conf = os.path.join(self.dir, "dovecot", "dovecot.conf")
        out = open(os.path.join(self.dir, "dovecot.stderr"), "ab")
        try:
            self._dovecot = subprocess.Popen([DOVECOT, "-F", "-c", conf], stdin=subprocess.DEVNULL,
                                             stdout=out, stderr=subprocess.STDOUT,
                                             start_new_session=True)
        finally:
            out.close()
        self._wait_ports(self._dovecot, "dovecot",
                         [(self.imap_port, b"* OK"), (self.lmtp_port, b"220")])
        self.flush_queue()

    def flush_queue(self) -> None:
        """Ask a running Postfix to retry its deferred mail now (``postqueue -f``), as an
        admin does after bringing a next hop back; qmgr's own backoff can lag behind on
        a loaded machine."""
        if self._postfix is None or self._postfix.poll() is not None:
            return
        subprocess.run(["postqueue", "-c", os.path.join(self.dir, "postfix", "etc"), "-f"],
                       capture_output=True, timeout=30)

    def stop_dovecot(self) -> None:
        """Stop Dovecot and all its children; no-op if it is not running."""
        self._terminate(self._dovecot)
        self._dovecot = None

    # ------------------------------------------------------------------ postfix
    def _write_postfix_config(self) -> None:
        d = self.dir
        pf = os.path.join(d, "postfix")
        conf_dir = os.path.join(pf, "etc")  # kept apart from queue/data: "postfix check"
        data = os.path.join(pf, "data")     # wants a root-owned config tree
        for path in (conf_dir, os.path.join(pf, "queue"), data):
            os.makedirs(path, exist_ok=True)
        postfix = pwd.getpwnam("postfix")
        os.chown(data, postfix.pw_uid, postfix.pw_gid)
        vmailbox = os.path.join(pf, "vmailbox")
        with open(vmailbox, "w") as f:
            for u in self.users + self.undeliverable:
                f.write(f"{u} ok\n")
        main_cf = f"""\
# Generated by tests/integration/mailstack.py; private instance.
compatibility_level = 3.6
queue_directory = {pf}/queue
data_directory = {data}
maillog_file = {d}/postfix.log
maillog_file_prefixes = {d}
myhostname = mailstack.localhost
mydomain = localhost
myorigin = $myhostname
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
mynetworks = 127.0.0.0/8
relay_domains =
virtual_mailbox_domains = {", ".join(self.domains)}
virtual_mailbox_maps = texthash:{vmailbox}
virtual_transport = lmtp:inet:127.0.0.1:{self.lmtp_port}
recipient_delimiter = +
# Relay nothing: only the virtual mailbox domains above are deliverable.
smtpd_relay_restrictions = reject_unauth_destination
default_transport = error:mailstack relays nothing
relay_transport = error:mailstack relays nothing
local_transport = error:mailstack has no local delivery
biff = no
append_dot_mydomain = no
smtpd_banner = $myhostname ESMTP mailstack
# Fast retries so an LMTP (Dovecot) outage recovers within seconds.
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
transport_retry_time = 1s
lmtp_connect_timeout = 5s
delay_warning_time = 0h
"""
        if self.tls:
            main_cf += (f"smtpd_tls_security_level = may\n"
                        f"smtpd_tls_cert_file = {self.dir}/tls/cert.pem\n"
                        f"smtpd_tls_key_file = {self.dir}/tls/key.pem\n")
        with open(os.path.join(conf_dir, "main.cf"), "w") as f:
            f.write(main_cf)
        # master.cf: the system one, unchrooted, with smtpd on our loopback port.
        out = []
        with open("/etc/postfix/master.cf") as f:
            for line in f:
                fields = line.split()
                if line[:1] not in ("#", " ", "\t") and len(fields) >= 8:
                    if fields[0] == "smtp" and fields[1] == "inet":
                        fields[0] = f"127.0.0.1:{self.smtp_port}"
                    fields[4] = "n"  # chroot: no (the queue dir has no /etc copies)
                    line = "  ".join(fields[:8]) + (" " + " ".join(fields[8:]) if fields[8:] else "") + "\n"
                out.append(line)
        with open(os.path.join(conf_dir, "master.cf"), "w") as f:
            f.writelines(out)
        # Postfix re-reads a table file modified within the current second (300 ms
        # pauses, ~2 s in all) in case it is still being edited: backdate ours.
        past = time.time() - 60
        for path in (os.path.join(conf_dir, "main.cf"), os.path.join(conf_dir, "master.cf"), vmailbox):
            os.utime(path, (past, past))
        # The queue directories as "postfix check" (post-install create-missing) makes
        # them, but without its ~2 s of checks.
        postdrop = grp.getgrnam("postdrop").gr_gid
        for sub, gid, mode in QUEUE_DIRS:
            path = os.path.join(pf, "queue", sub)
            os.makedirs(path, exist_ok=True)
            os.chown(path, 0 if sub == "pid" else postfix.pw_uid, postdrop if gid else 0)
            os.chmod(path, mode)

    def start_postfix(self) -> None:
        """Start the Postfix master (foreground, own session) and wait until SMTP answers."""
        if self._postfix is not None and self._postfix.poll() is None:
            return
        pf = os.path.join(self.dir, "postfix", "etc")
        out = open(os.path.join(self.dir, "postfix.stderr"), "ab")
        try:
            self._postfix = subprocess.Popen(
                [os.path.join(POSTFIX_DAEMON_DIR, "master"), "-s", "-c", pf],
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                env={**os.environ, "MAIL_CONFIG": pf}, start_new_session=True)
        finally:
            out.close()
        self._wait_ports(self._postfix, "postfix", [(self.smtp_port, b"220")])

    def stop_postfix(self) -> None:
        """Stop Postfix and all its children (the queue is kept); no-op if not running.
        Afterwards connections to ``smtp_port`` are refused."""
        self._terminate(self._postfix)
        self._postfix = None

    # ------------------------------------------------------------------ process helpers
    def _wait_ports(self, proc, name, ports, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        pending = list(ports)
        while pending:
            if proc.poll() is not None:
                raise MailStackError(f"{name} exited with {proc.returncode} during start\n{self.logs()}")
            if time.monotonic() > deadline:
                raise MailStackError(f"{name}: ports {pending} not answering after {timeout}s\n{self.logs()}")
            if _port_answers(*pending[0]):
                pending.pop(0)
            else:
                time.sleep(POLL)

    @staticmethod
    def _group_alive(pgid: int) -> bool:
        """True while a process of group ``pgid`` is alive. Zombies do not count: orphaned
        children are reparented to PID 1, which may reap them late."""
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    stat = f.read()
            except OSError:
                continue
            fields = stat[stat.rindex(b")") + 2:].split()  # state ppid pgrp ...
            if int(fields[2]) == pgid and fields[0] != b"Z":
                return True
        return False

    def _terminate(self, proc: subprocess.Popen | None, timeout: float = 5.0) -> None:
        """SIGTERM the daemon's whole process group (children would otherwise linger
        for seconds), wait for all of it, then SIGKILL whatever is left."""
        if proc is None:
            return
        pgid = proc.pid  # start_new_session: the daemon leads its own group
        try:
            os.killpg(pgid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None and not self._group_alive(pgid):
                return
            time.sleep(POLL / 5)
        self._kill(proc)

    @staticmethod
    def _kill(proc: subprocess.Popen | None) -> None:
        if proc is None:
            return
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass

    # ------------------------------------------------------------------ logs
    def logs(self) -> str:
        """The tails of all daemon logs, for printing when a test fails."""
        if not self.dir:
            return ""
        parts = []
        for name in ("dovecot.log", "dovecot.stderr", "postfix.log", "postfix.stderr"):
            parts.append(f"----- mailstack {name} -----\n{_tail(os.path.join(self.dir, name))}")
        return "".join(parts)

    # ------------------------------------------------------------------ sending
    def send(self, from_: str, to, raw: bytes) -> None:
        """Submit ``raw`` (a complete RFC 5322 message) to Postfix over SMTP.
        ``to`` is an address or a list; raises (e.g. ConnectionRefusedError) on failure."""
        with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=10) as s:
            s.sendmail(from_, [to] if isinstance(to, str) else list(to), raw)

    def swaks(self, *args: str, check: bool = True, timeout: float = 30) -> subprocess.CompletedProcess:
        """Run the real ``swaks --server 127.0.0.1:SMTP_PORT ARGS...`` and return the
        CompletedProcess (text). With check=True a non-zero exit raises MailStackError."""
        cmd = [SWAKS, "--server", f"127.0.0.1:{self.smtp_port}", "--timeout", "10", *args]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        if check and r.returncode != 0:
            raise MailStackError(f"swaks failed ({r.returncode}): {' '.join(cmd)}\n{r.stdout}{r.stderr}")
        return r

    def queue_size(self) -> int:
        """Number of messages in the Postfix queue not yet delivered (any state)."""
        q = os.path.join(self.dir, "postfix", "queue")
        n = 0
        for sub in ("maildrop", "incoming", "active", "deferred", "hold"):
            for _root, _dirs, files in os.walk(os.path.join(q, sub)):
                n += len(files)
        return n

    def wait_for_queue_empty(self, timeout: float = 20) -> None:
        """Wait until Postfix has delivered (or bounced) everything it accepted."""
        deadline = time.monotonic() + timeout
        while self.queue_size():
            if time.monotonic() > deadline:
                raise MailStackError(f"postfix queue not empty after {timeout}s\n{self.logs()}")
            time.sleep(POLL)

    # ------------------------------------------------------------------ IMAP
    def imap(self, user: str) -> imaplib.IMAP4:
        """A logged-in imaplib connection as ``user`` (caller logs out)."""
        c = imaplib.IMAP4("127.0.0.1", self.imap_port, timeout=10)
        c.login(user, self.password(user))
        return c

    def messages(self, user: str) -> list[bytes]:
        """All messages in ``user``'s INBOX now, in UID order, read over IMAP with
        BODY.PEEK (no flags are changed)."""
        return [raw for _uid, raw in self.messages_by_uid(user)]

    def messages_by_uid(self, user: str) -> list[tuple[int, bytes]]:
        """[(uid, raw bytes)] of ``user``'s INBOX, in UID order, without changing flags."""
        c = self.imap(user)
        try:
            typ, _ = c.select("INBOX", readonly=True)
            if typ != "OK":
                raise MailStackError(f"SELECT INBOX failed for {user}")
            typ, data = c.uid("SEARCH", None, "ALL")
            uids = [int(x) for x in data[0].split()] if data and data[0] else []
            out = []
            for uid in uids:
                typ, data = c.uid("FETCH", str(uid), "(BODY.PEEK[])")
                raw = next((part[1] for part in data if isinstance(part, tuple)), None)
                if typ == "OK" and raw is not None:
                    out.append((uid, raw))
            return out
        finally:
            c.logout()

    def wait_for_messages(self, user: str, count: int, timeout: float = 20) -> list[bytes]:
        """Poll ``user``'s INBOX over IMAP until it holds at least ``count`` messages and
        return all of them (raw bytes, UID order). Raises MailStackError on timeout."""
        deadline = time.monotonic() + timeout
        next_flush = time.monotonic() + 2
        while True:
            try:
                msgs = self.messages(user)
            except (OSError, imaplib.IMAP4.error):
                msgs = []  # Dovecot restarting: keep polling
            if len(msgs) >= count:
                return msgs
            if time.monotonic() > deadline:
                raise MailStackError(f"{user}: {len(msgs)} of {count} messages after {timeout}s\n"
                                     f"{self.logs()}")
            if time.monotonic() > next_flush and self.queue_size():
                self.flush_queue()  # deferred mail: do not wait for qmgr's next scan
                next_flush = time.monotonic() + 2
            time.sleep(0.1)

    def imap_flags(self, user: str) -> dict[int, set[str]]:
        """{uid: set of flags and keywords} of ``user``'s INBOX, e.g. {1: {"\\\\Seen"}}."""
        c = self.imap(user)
        try:
            c.select("INBOX", readonly=True)
            typ, data = c.uid("FETCH", "1:*", "(FLAGS)")
            flags = {}
            for item in data or []:
                if isinstance(item, tuple):
                    item = item[0]
                if not item:
                    continue
                text = item.decode("utf-8", "replace")
                m_uid = re.search(r"UID (\d+)", text)
                m_flags = re.search(r"FLAGS \(([^)]*)\)", text)
                if m_uid and m_flags:
                    flags[int(m_uid.group(1))] = set(m_flags.group(1).split())
            return flags
        finally:
            c.logout()

    def uidvalidity(self, user: str) -> int:
        """The UIDVALIDITY of ``user``'s INBOX."""
        c = self.imap(user)
        try:
            typ, data = c.status("INBOX", "(UIDVALIDITY)")
            return int(re.search(rb"UIDVALIDITY (\d+)", data[0]).group(1))
        finally:
            c.logout()

    def clear_mailbox(self, user: str) -> None:
        """Expunge every message of ``user``'s INBOX (UIDVALIDITY and UIDNEXT are kept)."""
        c = self.imap(user)
        try:
            c.select("INBOX")
            c.uid("STORE", "1:*", "+FLAGS.SILENT", r"(\Deleted)")
            c.expunge()
        finally:
            c.logout()

    def recreate_mailbox(self, user: str, keep_messages: bool = False) -> int:
        """Recreate ``user``'s INBOX with a new, strictly larger UIDVALIDITY and UIDs
        restarting at 1, as after a server-side mailbox rebuild or migration.
        With keep_messages=True the old messages are appended again (new UIDs, no flags).
        Restarts Dovecot (existing IMAP sessions are cut). Returns the new UIDVALIDITY."""
        old_validity = self.uidvalidity(user)
        old = self.messages(user) if keep_messages else []
        self.stop_dovecot()
        mdir = self.maildir(user)
        shutil.rmtree(os.path.dirname(mdir), ignore_errors=True)  # Maildir + index files
        dovenull = pwd.getpwnam("dovenull")
        new_validity = max(old_validity + 1, int(time.time()))
        for path in (os.path.dirname(mdir), mdir, *(os.path.join(mdir, s) for s in ("cur", "new", "tmp"))):
            os.makedirs(path, exist_ok=True)
            os.chown(path, dovenull.pw_uid, dovenull.pw_gid)
            os.chmod(path, 0o700)
        # Dovecot takes UIDVALIDITY from the uidlist header when it creates its index.
        uidlist = os.path.join(mdir, "dovecot-uidlist")
        with open(uidlist, "w") as f:
            f.write(f"3 V{new_validity} N1\n")
        os.chown(uidlist, dovenull.pw_uid, dovenull.pw_gid)
        self.start_dovecot()
        if old:
            c = self.imap(user)
            try:
                for raw in old:
                    c.append("INBOX", None, None, raw)
            finally:
                c.logout()
        got = self.uidvalidity(user)
        if got == old_validity:
            raise MailStackError(f"UIDVALIDITY of {user} did not change ({got})")
        return got


class StackTestCase(unittest.TestCase):
    """A TestCase that, when a test fails, prints the logs of ``self.stack`` (a MailStack,
    if set) and ``client_logs()``: [(name, text)] of the programs the test drove."""
    stack: MailStack

    def client_logs(self) -> list[tuple[str, str]]:
        return []

    def run(self, result=None):
        result = result if result is not None else self.defaultTestResult()
        before = len(result.failures) + len(result.errors)
        out = super().run(result)
        if len(result.failures) + len(result.errors) > before:
            sys.stderr.write(self.stack.logs() if getattr(self, "stack", None) else "")
            for name, text in self.client_logs():
                sys.stderr.write(f"----- {name} -----\n{text[-6000:]}\n")
        return out


def parse(raw: bytes) -> email.message.EmailMessage:
    """Parse raw bytes into an EmailMessage (policy.default: decoded header strings)."""
    import email.policy
    return email.message_from_bytes(raw, policy=email.policy.default)


if __name__ == "__main__":  # manual smoke test: python3 mailstack.py
    t0 = time.monotonic()
    with MailStack(["a@cert.example", "b@example.org"]) as ms:
        print(f"started in {time.monotonic() - t0:.2f}s: dir={ms.dir} imap={ms.imap_port} "
              f"smtp={ms.smtp_port} lmtp={ms.lmtp_port}")
        ms.swaks("--from", "b@example.org", "--to", "a@cert.example", "--header", "Subject: smoke")
        print(ms.wait_for_messages("a@cert.example", 1)[0][:200])
        t1 = time.monotonic()
    print(f"stopped in {time.monotonic() - t1:.2f}s")
