#!/usr/bin/env python3
"""OpenPGP and S/MIME ingest benchmark: N reports (a) unsigned, (b) PGP/MIME-signed, (c)
signed and encrypted (one-pass, to the coordinator key), (d) S/MIME-signed (multipart/signed,
application/pkcs7-signature, by a certificate of a CA the state's gpgsm trusts), ingested
from a Maildir into cases with signed acknowledgements queued. Prints messages/second and
peak RSS per kind, the cost per message of checking the signature (each signed kind beside
unsigned), and the yardsticks: one `gpg --verify` and one `gpgsm --verify` (a process per
message) on the same messages.

    python3 bench/openpgp_bench.py [--build build] [-n 1000]

With --replies it measures instead what authenticating a vendor's reply costs (issue 11):
N replies to one case from a keyless vendor (proved by its reply token) and N from a vendor
with a registered key (an OpenPGP signature, checked for replay), each applied to the case.
"""
import argparse
import base64
import email
import hashlib
import hmac
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPORTER = "reporter@example.org"
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
from smime_pki import TestPki, trustlist_line  # noqa: E402

PKI: TestPki | None = None          # made in main()
SIGNER: tuple[str, str] = ("", "")  # the reporter's certificate and key


def gpg(home, *args, data=None):
    r = subprocess.run(["gpg", "--homedir", home, "--batch", "--yes", "--pinentry-mode", "loopback",
                        "--passphrase", "", *args], input=data, capture_output=True)
    if r.returncode != 0:
        sys.exit(f"gpg {' '.join(args)} failed: {r.stderr.decode(errors='replace')}")
    return r.stdout


def body(i):
    return (f"Product: ExampleShop 3.{i % 10}\r\n" + "The login form is injectable.\r\n" * 20).encode()


def headers(i, subject_suffix=""):
    return (f"From: Reporter <{REPORTER}>\r\nTo: vendors@cert.example\r\n"
            f"Subject: Report {i}{subject_suffix}\r\nMessage-ID: <bench-{i}@example.org>\r\n"
            f"Date: Sun, 22 Nov 2026 02:00:00 +0000\r\nMIME-Version: 1.0\r\n").encode()


def unsigned(i, home, coordinator):
    return headers(i) + b"Content-Type: text/plain; charset=UTF-8\r\n\r\n" + body(i)


def signed(i, home, coordinator):
    part = b"Content-Type: text/plain; charset=UTF-8\r\n\r\n" + body(i)
    sig = gpg(home, "--armor", "--detach-sign", "--digest-algo", "SHA256", data=part)
    b = "=_bench_boundary_%d" % i
    return (headers(i) + (f'Content-Type: multipart/signed; micalg=pgp-sha256;\r\n'
                          f' protocol="application/pgp-signature"; boundary="{b}"\r\n\r\n'
                          f"--{b}\r\n").encode() + part + f"\r\n--{b}\r\n".encode()
            + b"Content-Type: application/pgp-signature\r\n\r\n" + sig.replace(b"\n", b"\r\n")
            + f"\r\n--{b}--\r\n".encode())


def encrypted(i, home, coordinator):
    inner = b"Content-Type: text/plain; charset=UTF-8\r\n\r\n" + body(i)
    blob = gpg(home, "--armor", "--encrypt", "--sign", "--trust-model", "always",
               "--recipient", coordinator, data=inner)
    b = "=_bench_enc_%d" % i
    return (headers(i) + (f'Content-Type: multipart/encrypted;\r\n'
                          f' protocol="application/pgp-encrypted"; boundary="{b}"\r\n\r\n'
                          f"--{b}\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n"
                          f"\r\n--{b}\r\nContent-Type: application/octet-stream\r\n\r\n").encode()
            + blob.replace(b"\n", b"\r\n") + f"\r\n--{b}--\r\n".encode())


def smime_signed(i, home, coordinator):
    part = b"Content-Type: text/plain; charset=UTF-8\r\n\r\n" + body(i)
    return headers(i).replace(b"MIME-Version: 1.0\r\n", b"") + PKI.sign(part, SIGNER)


def smime_parts(raw):
    """(the signed part exactly as sent, the DER signature) of an S/MIME multipart/signed."""
    msg = email.message_from_bytes(raw)
    boundary = msg.get_boundary().encode()
    first = raw.index(b"--" + boundary + b"\r\n") + len(boundary) + 4
    end = raw.index(b"\r\n--" + boundary + b"\r\n", first)
    return raw[first:end], msg.get_payload()[1].get_payload(decode=True)


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


WORKERS = 0  # [openpgp] workers; 0: the daemon's default (one per core)


def config(path, inbox, state):
    with open(path, "w") as f:
        f.write(f"""[coordinator]
name = "Bench CERT"
intake = "vendors@cert.example"
case_prefix = "CVD"
timezone = "Asia/Tokyo"
[source]
url = "maildir:{inbox}"
[smtp]
url = "smtp://127.0.0.1:{closed_port()}"
starttls = false
retry_initial = 3600
retry_max = 3600
[state]
dir = "{state}"
[limits]
acks_per_sender_per_hour = 1000000
acks_per_domain_per_hour = 1000000
acks_per_hour = 1000000
""" + (f"[openpgp]\nworkers = {WORKERS}\n" if WORKERS else ""))


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr[-3000:]}")
    return r.stdout


def reply_token(state, case_id, participant):
    """The reply token cvdd issues (crypto/reply_token.cpp), from its key file."""
    with open(os.path.join(state, "reply-token.key"), "rb") as f:
        key = f.read()
    mac = hmac.new(key, f"{case_id.lower()}\0{participant.lower()}".encode(),
                   hashlib.sha256).digest()[:16]
    return case_id.split("#")[1] + base64.b32encode(mac).decode().rstrip("=").lower()


def reply_form(case_id, i):
    return (f"# Case: {case_id}\r\n[x] No affected product (none of our products is affected)\r\n"
            f"Comment: bench reply {i}\r\n").encode()


def replies(args, cvdd, cvdctl, tmp):
    """Per-message cost of authenticating vendor replies: keyless (token) and signed."""
    vendors = {"gadget": ("psirt@gadget.example", False), "acme": ("psirt@acme.example", True)}
    home = os.path.join(tmp, "acme-gnupg")
    os.makedirs(home, mode=0o700)
    gpg(home, "--quick-gen-key", "Acme PSIRT <psirt@acme.example>", "future-default", "default",
        "never")
    work = os.path.join(tmp, "replies")
    os.makedirs(os.path.join(work, "inbox", "new"))
    cfg = os.path.join(work, "cvdd.toml")
    state = os.path.join(work, "state")
    config(cfg, os.path.join(work, "inbox"), state)
    with open(os.path.join(work, "inbox", "new", "1795312799.report"), "wb") as f:
        f.write(unsigned(0, None, None))
    run([cvdd, "--config", cfg, "--once"])
    case_id = json.loads(run([cvdctl, "--config", cfg, "case", "list", "--json"]))[0]["id"]
    ctl = [cvdctl, "--config", cfg]
    run(ctl + ["case", "accept", case_id, "--as", "bench"])
    with open(os.path.join(tmp, "acme.asc"), "wb") as f:
        f.write(gpg(home, "--armor", "--export", "psirt@acme.example"))
    for vid, (address, keyed) in vendors.items():
        run(ctl + ["vendor", "add", vid, "--org", vid, "--contact", address, "--registration",
                   "individual", "--as", "bench"])
        if keyed:
            run(ctl + ["vendor", "import-key", vid, address, os.path.join(tmp, "acme.asc"),
                       "--as", "bench"])
        run(ctl + ["case", "add-vendor", case_id, vid, "--as", "bench"])
        run(ctl + ["case", "send-summary", case_id, vid, "--as", "bench"])
    subprocess.run(["gpgconf", "--homedir", os.path.join(state, "gnupg"), "--kill", "all"])
    time.sleep(1.1)  # signatures are newer than the summary, to the second
    for vid, (address, keyed) in vendors.items():
        token = reply_token(state, case_id, address)
        for i in range(args.n):
            head = (f"From: {vid} <{address}>\r\nTo: vendors+{token}@cert.example\r\n"
                    f"Subject: Re: [{case_id}] summary {i}\r\n"
                    f"Message-ID: <reply-{vid}-{i}@example.org>\r\nMIME-Version: 1.0\r\n").encode()
            part = b"Content-Type: text/plain; charset=UTF-8\r\n\r\n" + reply_form(case_id, i)
            if keyed:
                sig = gpg(home, "--armor", "--detach-sign", "--digest-algo", "SHA256", data=part)
                b = f"=_reply_{i}"
                raw = (head + (f'Content-Type: multipart/signed; micalg=pgp-sha256;\r\n'
                               f' protocol="application/pgp-signature"; boundary="{b}"\r\n\r\n'
                               f"--{b}\r\n").encode() + part + f"\r\n--{b}\r\n".encode()
                       + b"Content-Type: application/pgp-signature\r\n\r\n"
                       + sig.replace(b"\n", b"\r\n") + f"\r\n--{b}--\r\n".encode())
            else:
                raw = head + part
            with open(os.path.join(work, "inbox", "new", f"{1795312800 + i}.{vid}{i:06d}"),
                      "wb") as f:
                f.write(raw)
        start = time.monotonic()
        run([cvdd, "--config", cfg, "--once"])
        elapsed = time.monotonic() - start
        timeline = json.loads(run(ctl + ["case", "show", case_id, "--json"]))["timeline"]
        applied = sum(1 for e in timeline if e["direction"] == "in" and e["role"] == "reply"
                      and e["from"] == address and e["authenticated"])
        if applied != args.n:
            sys.exit(f"{vid}: {applied} of {args.n} replies authenticated")
        kind = "signed (OpenPGP)" if keyed else "keyless (token)"
        print(f"vendor reply, {kind:17s} {args.n} authenticated and applied in {elapsed:6.2f} s = "
              f"{elapsed / args.n * 1000:6.2f} ms per message ({args.n / elapsed:6.1f}/s)")
    subprocess.run(["gpgconf", "--homedir", home, "--kill", "all"])
    subprocess.run(["gpgconf", "--homedir", os.path.join(state, "gnupg"), "--kill", "all"])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("-n", type=int, default=1000)
    p.add_argument("--workers", type=int, default=0,
                   help="[openpgp] workers for cvdd (default: one per core)")
    p.add_argument("--replies", action="store_true",
                   help="measure authenticating vendor replies instead (issue 11)")
    args = p.parse_args()
    global WORKERS
    WORKERS = args.workers
    cvdd = os.path.join(args.build, "daemon", "cvdd")
    cvdctl = os.path.join(args.build, "cli", "cvdctl")
    print(f"machine: {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB; n={args.n}; "
          f"workers={args.workers or 'default'}")
    tmp = tempfile.mkdtemp(prefix="cvdd-pgp-bench-")
    if args.replies:
        try:
            replies(args, cvdd, cvdctl, tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    try:
        home = os.path.join(tmp, "reporter-gnupg")
        os.makedirs(home, mode=0o700)
        gpg(home, "--quick-gen-key", f"Reporter <{REPORTER}>", "future-default", "default", "never")
        reporter_key = gpg(home, "--armor", "--export", REPORTER)

        # A template state: the coordinator key exists and knows the reporter's key.
        template = os.path.join(tmp, "template")
        os.makedirs(os.path.join(template, "inbox", "new"))
        cfg = os.path.join(template, "cvdd.toml")
        config(cfg, os.path.join(template, "inbox"), os.path.join(template, "state"))
        run([cvdd, "--config", cfg, "--once"])
        with open(os.path.join(tmp, "reporter.asc"), "wb") as f:
            f.write(reporter_key)
        run([cvdctl, "--config", cfg, "key", "import", os.path.join(tmp, "reporter.asc"),
             "--address", REPORTER])
        keys = json.loads(run([cvdctl, "--config", cfg, "key", "list", "--json"]))
        coordinator = next(k["fingerprint"] for k in keys if k["secret"])
        gpg(home, "--import", data=run([cvdctl, "--config", cfg, "key", "show", coordinator,
                                         "--armor"]).encode())
        # S/MIME: the reporter's certificate from a CA the operator marked trusted.
        global PKI, SIGNER
        PKI = TestPki(os.path.join(tmp, "pki"))
        SIGNER = PKI.issue("reporter", REPORTER)
        template_home = os.path.join(template, "state", "gnupg")
        with open(os.path.join(template_home, "trustlist.txt"), "w") as f:
            f.write(trustlist_line(PKI.fingerprint(PKI.ca[0])))
        with open(os.path.join(template_home, "gpgsm.conf"), "w") as f:
            f.write("disable-crl-checks\n")
        subprocess.run(["gpgsm", "--homedir", template_home, "--batch", "--import", PKI.ca[0]],
                       capture_output=True, check=True)
        subprocess.run(["gpgconf", "--homedir", template_home, "--kill", "all"])

        yardstick_msgs = []
        smime_msgs = []
        rates = {}
        for kind, make in (("unsigned", unsigned), ("signed", signed),
                           ("signed+encrypted", encrypted), ("smime-signed", smime_signed)):
            work = os.path.join(tmp, kind.replace("+", "-"))
            shutil.copytree(template, work, symlinks=True,
                            ignore=shutil.ignore_patterns("S.*"))
            cfg = os.path.join(work, "cvdd.toml")
            config(cfg, os.path.join(work, "inbox"), os.path.join(work, "state"))
            made = time.monotonic()
            for i in range(args.n):
                raw = make(i, home, coordinator)
                if kind == "signed" and i < 100:
                    yardstick_msgs.append(raw)
                if kind == "smime-signed" and i < 100:
                    smime_msgs.append(raw)
                with open(os.path.join(work, "inbox", "new", f"{1795312800 + i}.b{i:06d}"), "wb") as f:
                    f.write(raw)
            made = time.monotonic() - made
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            start = time.monotonic()
            r = subprocess.run([cvdd, "--config", cfg, "--once"], capture_output=True, text=True)
            elapsed = time.monotonic() - start
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            if r.returncode != 0:
                sys.exit(f"cvdd failed:\n{r.stderr[-3000:]}")
            cases = json.loads(run([cvdctl, "--config", cfg, "case", "list", "--json"]))
            sample = json.loads(run([cvdctl, "--config", cfg, "case", "show", cases[0]["id"],
                                     "--json"]))["timeline"][0]
            subprocess.run(["gpgconf", "--homedir", os.path.join(work, "state", "gnupg"),
                            "--kill", "all"])
            rates[kind] = elapsed / args.n
            print(f"{kind:17s} {len(cases)} cases in {elapsed:6.2f} s = {args.n / elapsed:6.1f} "
                  f"messages/s, peak RSS {max(peak, before) / 1024:.1f} MiB "
                  f"(signature {sample['signature']}, encrypted {sample['encrypted']}; "
                  f"generating the input took {made:.1f} s)")

        for kind in ("signed", "signed+encrypted", "smime-signed"):
            print(f"cost over unsigned: {kind:17s} "
                  f"{(rates[kind] - rates['unsigned']) * 1000:6.2f} ms per message")

        # Yardstick: gpg --verify, one process per message, on the signed part.
        verify_dir = os.path.join(tmp, "verify")
        os.makedirs(verify_dir)
        start = time.monotonic()
        for i, raw in enumerate(yardstick_msgs):
            b = f"--=_bench_boundary_{i}\r\n".encode()
            first = raw.index(b) + len(b)
            end = raw.index(f"\r\n--=_bench_boundary_{i}\r\n".encode(), first)
            part, rest = raw[first:end], raw[end:]
            sig = rest[rest.index(b"-----BEGIN PGP SIGNATURE-----"):rest.index(b"-----END PGP SIGNATURE-----") + 27]
            with open(os.path.join(verify_dir, "part"), "wb") as f:
                f.write(part)
            with open(os.path.join(verify_dir, "sig.asc"), "wb") as f:
                f.write(sig)
            gpg(home, "--verify", os.path.join(verify_dir, "sig.asc"), os.path.join(verify_dir, "part"))
        per = (time.monotonic() - start) / len(yardstick_msgs)
        print(f"yardstick: gpg --verify {per * 1000:.1f} ms per message = {1 / per:.1f} messages/s "
              f"({len(yardstick_msgs)} messages)")
        subprocess.run(["gpgconf", "--homedir", home, "--kill", "all"])

        # Yardstick: gpgsm --verify, one process per message, on the same S/MIME messages.
        smime_home = os.path.join(tmp, "smime-verify")
        shutil.copytree(template_home, smime_home, ignore=shutil.ignore_patterns("S.*"))
        start = time.monotonic()
        for raw in smime_msgs:
            part, signature = smime_parts(raw)
            with open(os.path.join(verify_dir, "part"), "wb") as f:
                f.write(part)
            with open(os.path.join(verify_dir, "sig.p7s"), "wb") as f:
                f.write(signature)
            r = subprocess.run(["gpgsm", "--homedir", smime_home, "--batch", "--verify",
                                os.path.join(verify_dir, "sig.p7s"),
                                os.path.join(verify_dir, "part")], capture_output=True)
            if r.returncode != 0:
                sys.exit(f"gpgsm --verify: {r.stderr.decode(errors='replace')}")
        per = (time.monotonic() - start) / len(smime_msgs)
        print(f"yardstick: gpgsm --verify {per * 1000:.1f} ms per message = {1 / per:.1f} "
              f"messages/s ({len(smime_msgs)} messages)")
        subprocess.run(["gpgconf", "--homedir", smime_home, "--kill", "all"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
