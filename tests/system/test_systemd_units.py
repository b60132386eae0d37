"""Checks of systemd/: the unit verifies cleanly, its sandbox exposure does not regress,
sysusers.d and tmpfiles.d entries apply to an empty root, and the example config is one
cvdd accepts. Needs only systemd's tools (no running systemd); python3 stdlib."""

import os
import re
import shutil
import stat
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SYSTEMD_DIR = os.environ.get("CVDD_SYSTEMD_DIR", os.path.join(HERE, "..", "..", "systemd"))
UNIT = os.path.join(SYSTEMD_DIR, "cvdd.service")
SYSUSERS = os.path.join(SYSTEMD_DIR, "cvdd.sysusers")
TMPFILES = os.path.join(SYSTEMD_DIR, "cvdd.tmpfiles")
EXAMPLE = os.path.join(SYSTEMD_DIR, "cvdd.toml.example")
CVDD = os.environ.get("CVDD_BIN", "")

# Measured with systemd 252 (Debian 12): "Overall exposure level for cvdd.service: 1.2 OK".
# Loosening the sandbox makes this test fail; tightening it is welcome (lower the number).
MAX_EXPOSURE = 1.2


def tool(name):
    return shutil.which(name, path=os.environ.get("PATH", "") + ":/usr/bin:/bin")


def unit_settings(text):
    """[(key, value)] of every assignment in a unit file, in order."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";", "[")) and "=" in line:
            key, value = line.split("=", 1)
            out.append((key.strip(), value.strip()))
    return out


class SystemdUnitTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="cvdd-systemd-")
        with open(UNIT) as f:
            self.unit_text = f.read()
        self.settings = unit_settings(self.unit_text)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def make_testable_unit(self):
        """The unit with /usr/sbin/cvdd replaced by a binary that exists here (systemd-analyze
        verify checks executables), everything else unchanged."""
        exe = CVDD if CVDD and os.access(CVDD, os.X_OK) else "/bin/true"
        text = re.sub(r"^(ExecStart(?:Pre)?=)/usr/sbin/cvdd", r"\g<1>" + exe, self.unit_text,
                      flags=re.M)
        path = os.path.join(self.tmp, "cvdd.service")
        with open(path, "w") as f:
            f.write(text)
        return path

    def setting(self, key):
        values = [v for k, v in self.settings if k == key]
        return values[-1] if values else None

    def test_required_settings(self):
        expected = {
            "Type": "notify",
            "ExecStart": "/usr/sbin/cvdd --config /etc/cvdd/cvdd.toml",
            "ExecReload": "/bin/kill -HUP $MAINPID",
            "WatchdogSec": "60",
            "Restart": "on-failure",
            "User": "cvdd",
            "Group": "cvdd",
            "StateDirectory": "cvdd",
            "StateDirectoryMode": "0700",
            "UMask": "0077",
            "NoNewPrivileges": "yes",
            "ProtectSystem": "strict",
            "ReadWritePaths": "/var/lib/cvdd",
            "ProtectHome": "yes",
            "PrivateTmp": "yes",
            "PrivateDevices": "yes",
            "ProtectKernelTunables": "yes",
            "ProtectKernelModules": "yes",
            "ProtectKernelLogs": "yes",
            "ProtectControlGroups": "yes",
            "ProtectClock": "yes",
            "ProtectHostname": "yes",
            "RestrictNamespaces": "yes",
            "RestrictRealtime": "yes",
            "RestrictSUIDSGID": "yes",
            "LockPersonality": "yes",
            "MemoryDenyWriteExecute": "yes",
            "CapabilityBoundingSet": "",
            "AmbientCapabilities": "",
            "RestrictAddressFamilies": "AF_UNIX AF_INET AF_INET6",
            "SystemCallArchitectures": "native",
            "LimitCORE": "0",
        }
        for key, value in expected.items():
            self.assertEqual(self.setting(key), value, key)
        self.assertIn("@system-service", [v for k, v in self.settings if k == "SystemCallFilter"])
        self.assertIsNotNone(self.setting("TimeoutStopSec"))

    @unittest.skipUnless(tool("systemd-analyze"), "systemd-analyze not installed")
    def test_verify_is_clean(self):
        r = subprocess.run(["systemd-analyze", "verify", "--man=no", self.make_testable_unit()],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual((r.stdout + r.stderr).strip(), "", "systemd-analyze verify warned")

    @unittest.skipUnless(tool("systemd-analyze"), "systemd-analyze not installed")
    def test_security_exposure_does_not_regress(self):
        probe = subprocess.run(["systemd-analyze", "security", "--help"], capture_output=True,
                               text=True, timeout=30)
        if "--offline" not in probe.stdout:
            self.skipTest("systemd-analyze security --offline needs systemd >= 250")
        r = subprocess.run(["systemd-analyze", "security", "--offline=yes", "--no-pager",
                            self.make_testable_unit()], capture_output=True, text=True, timeout=60)
        m = re.search(r"Overall exposure level for cvdd\.service: ([0-9.]+)", r.stdout + r.stderr)
        self.assertTrue(m, r.stdout + r.stderr)
        level = float(m.group(1))
        print(f"\nsystemd-analyze security: exposure {level} (max {MAX_EXPOSURE})")
        self.assertLessEqual(level, MAX_EXPOSURE, r.stdout)

    @unittest.skipUnless(tool("systemd-sysusers") and tool("systemd-tmpfiles"),
                         "systemd-sysusers/systemd-tmpfiles not installed")
    def test_sysusers_and_tmpfiles_apply_to_an_empty_root(self):
        if os.geteuid() != 0:
            self.skipTest("creating files owned by cvdd needs root")
        root = os.path.join(self.tmp, "root")
        os.makedirs(os.path.join(root, "etc"))
        dry = subprocess.run(["systemd-sysusers", f"--root={root}", "--dry-run", SYSUSERS],
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(dry.returncode, 0, dry.stdout + dry.stderr)
        self.assertIn("Creating user 'cvdd'", dry.stdout + dry.stderr)

        r = subprocess.run(["systemd-sysusers", f"--root={root}", SYSUSERS],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertNotRegex(r.stdout + r.stderr, r"(?i)ignoring|warning|failed")
        with open(os.path.join(root, "etc", "passwd")) as f:
            passwd = {line.split(":")[0]: line.rstrip("\n").split(":") for line in f}
        with open(os.path.join(root, "etc", "group")) as f:
            group = {line.split(":")[0]: line.rstrip("\n").split(":") for line in f}
        self.assertIn("cvdd", passwd)
        self.assertIn("cvdd", group)
        uid, gid = int(passwd["cvdd"][2]), int(group["cvdd"][2])
        self.assertLess(uid, 1000, "cvdd must be a system user")
        self.assertEqual(passwd["cvdd"][6], "/usr/sbin/nologin")

        r = subprocess.run(["systemd-tmpfiles", f"--root={root}", "--create", TMPFILES],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual((r.stdout + r.stderr).strip(), "", "systemd-tmpfiles warned")
        for path, mode, owner, grp in (("var/lib/cvdd", 0o700, uid, gid),
                                       ("etc/cvdd", 0o750, 0, gid)):
            st = os.stat(os.path.join(root, path))
            self.assertTrue(stat.S_ISDIR(st.st_mode), path)
            self.assertEqual(stat.S_IMODE(st.st_mode), mode, path)
            self.assertEqual((st.st_uid, st.st_gid), (owner, grp), path)

    def test_example_config_is_accepted_by_cvdd(self):
        if not (CVDD and os.access(CVDD, os.X_OK)):
            self.skipTest("set CVDD_BIN to the built cvdd")
        r = subprocess.run([CVDD, "--check-config", EXAMPLE], capture_output=True, text=True,
                           timeout=30)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
