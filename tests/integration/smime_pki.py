"""A throwaway X.509 PKI made with the openssl command line: the independent S/MIME
client of the tests (test_trust_smime.py, tests/system/test_cvdctl_smime.py). stdlib only."""

from __future__ import annotations

import os
import subprocess


def trustlist_line(fingerprint: str) -> str:
    """gpgsm's trustlist.txt entry marking a root trusted for S/MIME."""
    return ":".join(fingerprint[i:i + 2] for i in range(0, len(fingerprint), 2)) + " S\n"


class TestPki:
    """A CA and S/MIME certificates made with openssl in a directory."""

    def __init__(self, directory: str):
        self.dir = directory
        os.makedirs(directory, exist_ok=True)
        self.ca = self._req("ca", "/CN=cvdd test CA", x509=True,
                            ext=["basicConstraints=critical,CA:TRUE",
                                 "keyUsage=critical,keyCertSign,cRLSign"])

    def _run(self, *args: str, data: bytes | None = None) -> bytes:
        r = subprocess.run(["openssl", *args], input=data, capture_output=True, timeout=60)
        if r.returncode != 0:
            raise AssertionError(f"openssl {' '.join(args)}: {r.stderr.decode(errors='replace')}")
        return r.stdout

    def _req(self, name: str, subject: str, x509: bool, ext=()) -> tuple[str, str]:
        cert, key = (os.path.join(self.dir, f"{name}.{s}") for s in ("crt", "key"))
        args = ["req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", key]
        for e in ext:
            args += ["-addext", e]
        if x509:
            self._run(*args, "-x509", "-days", "30", "-out", cert)
        else:
            self._run(*args, "-out", cert + ".csr")
        os.chmod(cert if x509 else cert + ".csr", 0o644)
        return cert, key

    def issue(self, name: str, address: str, by_ca: bool = True) -> tuple[str, str]:
        """(certificate, key) for address: from the CA, or self-signed."""
        subject = f"/CN={name}/emailAddress={address}"
        usage = ["keyUsage=digitalSignature,keyEncipherment", f"subjectAltName=email:{address}"]
        if not by_ca:
            return self._req(name, subject, x509=True, ext=usage)
        cert, key = self._req(name, subject, x509=False)
        ext = os.path.join(self.dir, f"{name}.ext")
        with open(ext, "w") as f:
            f.write("basicConstraints=CA:FALSE\nextendedKeyUsage=emailProtection\n"
                    + "\n".join(usage) + "\n")
        self._run("x509", "-req", "-days", "30", "-in", cert + ".csr", "-CA", self.ca[0],
                  "-CAkey", self.ca[1], "-extfile", ext, "-out", cert)
        os.chmod(cert, 0o644)
        return cert, key

    def fingerprint(self, cert: str) -> str:
        out = self._run("x509", "-noout", "-fingerprint", "-sha1", "-in", cert).decode()
        return out.split("=", 1)[1].strip().replace(":", "").upper()

    def sign(self, entity: bytes, signer: tuple[str, str]) -> bytes:
        """multipart/signed (application/pkcs7-signature) over entity, as a client sends it."""
        return self._run("cms", "-sign", "-binary", "-crlfeol", "-signer", signer[0],
                         "-inkey", signer[1], data=entity)

    def decrypt(self, raw: bytes, recipient: tuple[str, str]) -> bytes:
        return self._run("cms", "-decrypt", "-recip", recipient[0], "-inkey", recipient[1],
                         data=raw)

    def chain(self, cert: str, path: str) -> str:
        """cert followed by the CA certificate, in one PEM file at path."""
        with open(path, "wb") as out:
            for part in (cert, self.ca[0]):
                with open(part, "rb") as f:
                    out.write(f.read())
        os.chmod(path, 0o644)
        return path
