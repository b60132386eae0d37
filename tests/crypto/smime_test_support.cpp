#include "smime_test_support.hpp"

#include <stdexcept>

#include "gpg_test_support.hpp"

namespace cvdd::crypto::test {

namespace {

void mustRun(const std::string& command) {
  if (auto r = run(command); r.exitCode != 0) throw std::runtime_error("failed: " + command);
}

std::string fingerprintOf(const std::filesystem::path& cert) {
  const auto out =
      run("openssl x509 -noout -fingerprint -sha1 -in " + shellQuote(cert.string())).output;
  std::string fpr;
  for (char c : out.substr(out.find('=') + 1))
    if (std::isxdigit(static_cast<unsigned char>(c)) != 0) fpr += c;
  return fpr;
}

}  // namespace

TestCertificate makeTestCa(const std::filesystem::path& dir, const std::string& name) {
  TestCertificate ca{dir / (name + ".crt"), dir / (name + ".key"), ""};
  mustRun("openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj " + shellQuote("/CN=" + name) +
          " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign"
          " -keyout " +
          shellQuote(ca.key.string()) + " -out " + shellQuote(ca.cert.string()) + " 2>/dev/null");
  ca.fingerprint = fingerprintOf(ca.cert);
  return ca;
}

TestCertificate issueCertificate(const std::filesystem::path& dir, const TestCertificate* ca,
                                 const std::string& name, const std::string& email) {
  TestCertificate leaf{dir / (name + ".crt"), dir / (name + ".key"), ""};
  const auto ext = dir / (name + ".ext");
  writeFile(ext,
            "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
            "extendedKeyUsage=emailProtection\nsubjectAltName=email:" +
                email + "\n");
  const std::string subject = shellQuote("/CN=" + name + "/emailAddress=" + email);
  if (ca == nullptr) {
    mustRun("openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj " + subject + " -addext " +
            shellQuote("subjectAltName=email:" + email) +
            " -addext keyUsage=digitalSignature,keyEncipherment -keyout " +
            shellQuote(leaf.key.string()) + " -out " + shellQuote(leaf.cert.string()) +
            " 2>/dev/null");
  } else {
    const auto csr = dir / (name + ".csr");
    mustRun("openssl req -newkey rsa:2048 -nodes -subj " + subject + " -keyout " +
            shellQuote(leaf.key.string()) + " -out " + shellQuote(csr.string()) + " 2>/dev/null");
    mustRun("openssl x509 -req -days 30 -in " + shellQuote(csr.string()) + " -CA " +
            shellQuote(ca->cert.string()) + " -CAkey " + shellQuote(ca->key.string()) +
            " -extfile " + shellQuote(ext.string()) + " -out " + shellQuote(leaf.cert.string()) +
            " 2>/dev/null");
  }
  leaf.fingerprint = fingerprintOf(leaf.cert);
  return leaf;
}

void trustCa(const std::filesystem::path& home, const TestCertificate& ca) {
  std::filesystem::create_directories(home);
  std::filesystem::permissions(home, std::filesystem::perms::owner_all);
  std::string colons;
  for (std::size_t i = 0; i < ca.fingerprint.size(); i += 2)
    colons += (i == 0 ? "" : ":") + ca.fingerprint.substr(i, 2);
  writeFile(home / "trustlist.txt", colons + " S\n");
  writeFile(home / "gpgsm.conf", "disable-crl-checks\n");
}

std::string opensslSignDetached(const std::filesystem::path& content,
                                const TestCertificate& signer) {
  return run("openssl cms -sign -binary -outform DER -in " + shellQuote(content.string()) +
             " -signer " + shellQuote(signer.cert.string()) + " -inkey " +
             shellQuote(signer.key.string()))
      .output;
}

std::string opensslDecrypt(const std::filesystem::path& der, const TestCertificate& recipient) {
  return run("openssl cms -decrypt -inform DER -in " + shellQuote(der.string()) + " -recip " +
             shellQuote(recipient.cert.string()) + " -inkey " + shellQuote(recipient.key.string()) +
             " 2>/dev/null")
      .output;
}

}  // namespace cvdd::crypto::test
