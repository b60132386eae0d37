"""Independent reader for cvdd's PGP/MIME output (tests only): Python's email package
checks the structure, then the pieces a verifier needs are written out for gpg.

  pgp_mime_extract.py signed MESSAGE OUTDIR     -> OUTDIR/signed.bin, OUTDIR/sig.asc,
                                                   OUTDIR/text.txt, OUTDIR/subject.txt
  pgp_mime_extract.py encrypted MESSAGE OUTDIR  -> OUTDIR/encrypted.asc, OUTDIR/subject.txt
  pgp_mime_extract.py entity MESSAGE OUTDIR     -> OUTDIR/text.txt, OUTDIR/subject.txt

entity reads the decrypted content of a signed+encrypted message (RFC 3156 §6.2: the
signature is inside the OpenPGP message, so this is the text/plain part itself, with the
protected headers, and neither multipart/signed nor a detached signature).

signed.bin is the first part of multipart/signed as its bytes stand in the message
(RFC 3156 §5: the CRLF before the delimiter is not part of it). Exit 1 with a reason on
stderr when anything is off.
"""
import email
import email.policy
import pathlib
import sys


def fail(why):
    print("pgp_mime_extract: " + why, file=sys.stderr)
    sys.exit(1)


def parse(raw):
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    for part in msg.walk():
        if part.defects:
            fail("defects in %s: %r" % (part.get_content_type(), part.defects))
    return msg


def first_part_bytes(raw, boundary):
    body = b"\r\n" + raw[raw.index(b"\r\n\r\n") + 4:]  # so a delimiter at 0 has its CRLF
    delimiter = b"\r\n--" + boundary.encode("ascii")
    start = body.index(delimiter + b"\r\n") + len(delimiter) + 2
    end = body.index(delimiter, start)
    return body[start:end]


def signed(raw, out):
    if b"\n" in raw.replace(b"\r\n", b""):
        fail("bare LF in the message")
    msg = parse(raw)
    if msg.get_content_type() != "multipart/signed":
        fail("not multipart/signed: " + msg.get_content_type())
    if msg.get_param("protocol") != "application/pgp-signature":
        fail("protocol is %r" % msg.get_param("protocol"))
    if not str(msg.get_param("micalg")).startswith("pgp-"):
        fail("micalg is %r" % msg.get_param("micalg"))
    parts = msg.get_payload()
    if len(parts) != 2 or parts[1].get_content_type() != "application/pgp-signature":
        fail("expected [signed part, application/pgp-signature]")
    text = parts[0]
    if text.get_content_type() != "text/plain":
        fail("signed part is " + text.get_content_type())
    if text["Content-Transfer-Encoding"] not in ("quoted-printable", "base64"):
        fail("signed part has transfer encoding %r" % text["Content-Transfer-Encoding"])
    (out / "signed.bin").write_bytes(first_part_bytes(raw, msg.get_boundary()))
    (out / "sig.asc").write_bytes(parts[1].get_payload(decode=True))
    (out / "text.txt").write_text(text.get_content().replace("\r\n", "\n"), encoding="utf-8")
    (out / "subject.txt").write_text(str(text["Subject"] or ""), encoding="utf-8")


def encrypted(raw, out):
    msg = parse(raw)
    if msg.get_content_type() != "multipart/encrypted":
        fail("not multipart/encrypted: " + msg.get_content_type())
    if msg.get_param("protocol") != "application/pgp-encrypted":
        fail("protocol is %r" % msg.get_param("protocol"))
    parts = msg.get_payload()
    if [p.get_content_type() for p in parts] != ["application/pgp-encrypted",
                                                  "application/octet-stream"]:
        fail("parts are %r" % [p.get_content_type() for p in parts])
    if parts[0].get_payload(decode=True).strip() != b"Version: 1":
        fail("no Version: 1 in the control part")
    (out / "encrypted.asc").write_bytes(parts[1].get_payload(decode=True))
    (out / "subject.txt").write_text(str(msg["Subject"]), encoding="utf-8")


def entity(raw, out):
    if b"\n" in raw.replace(b"\r\n", b""):
        fail("bare LF in the decrypted entity")
    msg = parse(raw)
    if msg.get_content_type() != "text/plain":
        fail("decrypted entity is " + msg.get_content_type() + ", not the text part")
    if msg.get_param("protected-headers") != "v1":
        fail("no protected-headers=\"v1\" on the decrypted entity")
    if b"-----BEGIN PGP SIGNATURE-----" in raw:
        fail("a detached signature inside the encrypted data")
    (out / "text.txt").write_text(msg.get_content().replace("\r\n", "\n"), encoding="utf-8")
    (out / "subject.txt").write_text(str(msg["Subject"] or ""), encoding="utf-8")


def main():
    mode, message, outdir = sys.argv[1:4]
    raw = pathlib.Path(message).read_bytes()
    out = pathlib.Path(outdir)
    {"signed": signed, "encrypted": encrypted, "entity": entity}[mode](raw, out)


main()
