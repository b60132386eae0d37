"""The Debian package as an administrator gets it (issue 14 item 1).

Run after scripts/package: CVDD_DEB names the .deb (default: the one in build-deb/).
- its control data: depends on Debian packages only, /etc/cvdd/cvdd.toml a conffile;
- unpacked into a throwaway root (dpkg -x): the file list, the unit verified with
  systemd-analyze, the example config accepted by the packaged cvdd, the manual pages
  rendered by man without a groff warning;
- lintian reports no error;
- the packaged binaries tell the demo's story (tests/system/test_demo_story.py);
- where this machine has no cvdd of its own: installed with dpkg -i, the cvdd user, the
  state and config directories are made; remove keeps the state and the config, purge
  removes both.
"""
import glob
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def deb_path() -> pathlib.Path:
    if os.environ.get("CVDD_DEB"):
        return pathlib.Path(os.environ["CVDD_DEB"])
    debs = sorted(glob.glob(str(ROOT / "build-deb" / "cvdd_*.deb")))
    if len(debs) != 1:
        raise RuntimeError(f"expected one build-deb/cvdd_*.deb (run scripts/package), found {debs}")
    return pathlib.Path(debs[0])


def run(*args, check=True, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(list(map(str, args)), check=check, capture_output=True, text=True,
                          **kwargs)


class PackageContents(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.deb = deb_path()
        cls.tmp = tempfile.TemporaryDirectory(prefix="cvdd-deb-")
        cls.root = pathlib.Path(cls.tmp.name) / "root"
        run("dpkg-deb", "-x", cls.deb, cls.root)
        cls.control = pathlib.Path(cls.tmp.name) / "control"
        run("dpkg-deb", "-e", cls.deb, cls.control)
        cls.files = {str(p.relative_to(cls.root)) for p in cls.root.rglob("*")
                     if p.is_file() or p.is_symlink()}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def field(self, name: str) -> str:
        return run("dpkg-deb", "-f", self.deb, name).stdout.strip()

    def unit(self) -> pathlib.Path:
        units = [self.root / f for f in self.files if f.endswith("systemd/system/cvdd.service")]
        self.assertEqual(len(units), 1, sorted(self.files))
        return units[0]

    def test_the_files_an_administrator_needs_are_installed(self):
        wanted = [
            "usr/sbin/cvdd", "usr/bin/cvdctl", "etc/cvdd/cvdd.toml",
            "usr/share/man/man8/cvdd.8.gz", "usr/share/man/man8/cvdctl.8.gz",
            "usr/share/man/man5/cvdd.toml.5.gz", "usr/share/doc/cvdd/copyright",
            "usr/share/doc/cvdd/changelog.gz",
        ]
        for path in wanted:
            self.assertIn(path, self.files)
        self.unit()
        self.assertTrue(any(re.fullmatch(r"(usr/)?lib/sysusers\.d/cvdd\.conf", f)
                            for f in self.files), sorted(self.files))
        self.assertTrue(any(re.fullmatch(r"(usr/)?lib/tmpfiles\.d/cvdd\.conf", f)
                            for f in self.files), sorted(self.files))
        self.assertTrue(any(f.startswith("usr/share/doc/cvdd/notice-templates/README.md")
                            for f in self.files))
        self.assertTrue(any(f.endswith(".mustache") or f.endswith(".mustache.gz")
                            for f in self.files))
        for binary in ("usr/sbin/cvdd", "usr/bin/cvdctl"):
            self.assertTrue(os.access(self.root / binary, os.X_OK), binary)
        # Nothing from the build tree or the tests.
        self.assertFalse([f for f in self.files if "test" in pathlib.Path(f).name.lower()
                          and f.startswith("usr/bin")], sorted(self.files))

    def test_the_configuration_is_a_conffile(self):
        conffiles = (self.control / "conffiles").read_text().split()
        self.assertIn("/etc/cvdd/cvdd.toml", conffiles)

    def test_it_depends_only_on_debian_packages(self):
        depends = self.field("Depends")
        names = [re.split(r"[ (]", d.strip())[0] for part in depends.split(",")
                 for d in part.split("|")]
        for name in ("gnupg", "gpgsm", "libgpgme11", "liblmdb0"):
            self.assertIn(name, names, depends)
        for name in names:
            shown = run("apt-cache", "show", name, check=False)
            self.assertEqual(shown.returncode, 0, f"{name} is not a Debian package: {shown.stderr}")

    def test_the_maintainer_scripts_apply_sysusers_and_tmpfiles_and_purge_only_on_purge(self):
        postinst = (self.control / "postinst").read_text()
        self.assertIn("systemd-sysusers", postinst)
        self.assertIn("systemd-tmpfiles", postinst)
        self.assertIn("deb-systemd-helper", postinst)
        postrm = (self.control / "postrm").read_text()
        purge = re.search(r'if \[ "\$1" = "purge" \]; then\n(.*?)\nfi', postrm, re.S)
        self.assertIsNotNone(purge, postrm)
        self.assertIn("/var/lib/cvdd", purge.group(1))
        outside = postrm.replace(purge.group(0), "")
        self.assertNotIn("rm -rf /var/lib/cvdd", outside)

    def test_the_unit_verifies_and_runs_the_packaged_binary(self):
        text = self.unit().read_text()
        self.assertRegex(text, r"(?m)^ExecStart=/usr/sbin/cvdd --config /etc/cvdd/cvdd.toml$")
        # systemd-analyze looks for the binaries on this machine and for the Documentation=
        # pages in MANPATH: both are pointed into the unpacked package.
        copy = pathlib.Path(self.tmp.name) / "cvdd.service"
        copy.write_text(text.replace("/usr/sbin/cvdd", str(self.root / "usr/sbin/cvdd")))
        verify = run("systemd-analyze", "verify", copy, check=False,
                     env={**os.environ, "MANPATH": str(self.root / "usr/share/man")})
        self.assertEqual(verify.returncode, 0, verify.stderr)
        self.assertEqual(verify.stderr.strip(), "")

    def test_the_packaged_cvdd_accepts_the_packaged_configuration(self):
        checked = run(self.root / "usr/sbin/cvdd", "--check-config",
                      self.root / "etc/cvdd/cvdd.toml", check=False)
        self.assertEqual(checked.returncode, 0, checked.stderr)
        version = run(self.root / "usr/sbin/cvdd", "--version").stdout
        self.assertIn(self.field("Version").split("-")[0], version)

    def test_the_manual_pages_render_without_warnings(self):
        for page in ("man8/cvdd.8.gz", "man8/cvdctl.8.gz", "man5/cvdd.toml.5.gz"):
            path = self.root / "usr/share/man" / page
            rendered = run("man", "--warnings=w", "-l", path,
                           env={**os.environ, "MANWIDTH": "80", "MAN_DISABLE_SECCOMP": "1",
                                "LC_ALL": "C.UTF-8"})
            self.assertEqual(rendered.stderr, "", page)
            self.assertIn("NAME", rendered.stdout)
            self.assertIn("SEE ALSO", rendered.stdout)

    def test_lintian_reports_no_error(self):
        linted = run("lintian", "--fail-on", "error", "--display-info", self.deb, check=False)
        print(linted.stdout, file=sys.stderr)
        self.assertEqual(linted.returncode, 0, linted.stdout + linted.stderr)
        self.assertNotRegex(linted.stdout, r"(?m)^E: ")

    def test_the_packaged_binaries_tell_the_demo_story(self):
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1",
               "CVDD_BIN": str(self.root / "usr/sbin/cvdd"),
               "CVDCTL_BIN": str(self.root / "usr/bin/cvdctl")}
        story = run(sys.executable, "-m", "unittest", "-v", "test_demo_story", check=False,
                    env=env, cwd=ROOT / "tests/system")
        self.assertEqual(story.returncode, 0, story.stdout + story.stderr)
        self.assertRegex(story.stderr, r"Ran [1-9]\d* tests")


def machine_has_its_own_cvdd() -> str:
    """Why installing the package here could harm a real cvdd, or "" when it cannot."""
    if os.geteuid() != 0:
        return "not root"
    if run("dpkg-query", "-W", "-f=${Status}", "cvdd", check=False).stdout.startswith("install"):
        return "a cvdd package is installed"
    for path in ("/etc/cvdd", "/var/lib/cvdd"):
        if os.path.exists(path):
            return f"{path} exists"
    return ""


class PackageInstallation(unittest.TestCase):
    """dpkg -i, remove and purge on this machine, only where no cvdd of its own lives."""

    def test_install_remove_and_purge(self):
        reason = machine_has_its_own_cvdd()
        if reason:
            # Refusing is the safe side: purge would delete a real coordinator's cases.
            # CI machines are fresh, so there the cycle below always runs.
            self.fail(f"will not install and purge cvdd on this machine: {reason}; run on a "
                      "fresh machine (CI) or remove it first")
        deb = deb_path()
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        try:
            run("dpkg", "-i", deb, env=env)
            self.assertEqual(pathlib.Path("/usr/sbin/cvdd").stat().st_mode & 0o111, 0o111)
            user = run("getent", "passwd", "cvdd").stdout.split(":")
            self.assertEqual(user[5], "/var/lib/cvdd")
            state = os.stat("/var/lib/cvdd")
            self.assertEqual(state.st_mode & 0o777, 0o700)
            self.assertEqual(state.st_uid, int(user[2]))
            etc = os.stat("/etc/cvdd")
            self.assertEqual(etc.st_mode & 0o777, 0o750)
            self.assertEqual(etc.st_gid, int(user[3]))
            # The unit is installed, not enabled: the administrator edits the config first.
            self.assertFalse(os.path.lexists(
                "/etc/systemd/system/multi-user.target.wants/cvdd.service"))
            # A case store the administrator's cvdd wrote survives remove, not purge.
            marker = pathlib.Path("/var/lib/cvdd/db-marker")
            marker.write_text("state")
            run("dpkg", "--remove", "cvdd", env=env)
            self.assertFalse(os.path.exists("/usr/sbin/cvdd"))
            self.assertTrue(marker.exists())
            self.assertTrue(os.path.exists("/etc/cvdd/cvdd.toml"))
            run("dpkg", "--purge", "cvdd", env=env)
            self.assertFalse(os.path.exists("/var/lib/cvdd"))
            self.assertFalse(os.path.exists("/etc/cvdd"))
        finally:
            run("dpkg", "--purge", "cvdd", check=False, env=env)


if __name__ == "__main__":
    unittest.main()
