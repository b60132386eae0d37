// The per-message cost of authenticating a vendor's reply, as intake does it for one
// message: openMessage (MIME analysis and signature check through GPGME: gpg for OpenPGP,
// gpgsm for S/MIME), the sender evidence, and core::authenticateSender against the case's
// participant with its bound key or certificate. Three replies: keyless (unsigned, to the
// tagged address with its reply token),
// PGP/MIME-signed by the bound OpenPGP key, S/MIME-signed (multipart/signed,
// application/pkcs7-signature, made by openssl) by the bound certificate. Nothing is
// committed: the store's cost is the same for all three. Prints figures; never a test.
//
//   build/bench/reply_auth_bench [-n 200]

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <stdexcept>
#include <string>

#include "bench_support.hpp"
#include "core/authentication.hpp"
#include "crypto/open_message.hpp"
#include "crypto/reply_token.hpp"
#include "daemon/inbound_evidence.hpp"
#include "gpg_test_support.hpp"
#include "smime_test_support.hpp"

namespace {

namespace test = cvdd::crypto::test;
using cvdd::core::Participant;
using cvdd::core::ParticipantRole;

constexpr const char* kVendor = "psirt@gadget.example";
constexpr const char* kCase = "CVD#00000001";
constexpr const char* kIntake = "vendors@cert.example";

const cvdd::crypto::ReplyTokenKey& tokenKey() {
  static const cvdd::crypto::ReplyTokenKey key(std::string(32, 'b'));
  return key;
}

// A keyless vendor answers to the tagged Reply-To of the notice; a signing one may not.
std::string replyHeaders(bool tagged = false) {
  const std::string to =
      tagged ? cvdd::crypto::taggedAddress(kIntake, tokenKey().tokenFor(kCase, kVendor)) : kIntake;
  return std::string("From: Gadget PSIRT <") + kVendor + ">\r\nTo: " + to + "\r\nSubject: Re: [" +
         kCase +
         "] Vulnerability summary\r\n"
         "Message-ID: <reply-1@gadget.example>\r\nDate: Sun, 22 Nov 2026 02:00:00 +0000\r\n";
}

// A filled reply form, about the size of a real one.
std::string replyPart() {
  std::string part = "Content-Type: text/plain; charset=UTF-8\r\n\r\n==== cvdd reply form ====\r\n";
  part += "[x] Request details (please send us the vulnerability details)\r\n";
  for (int i = 0; i < 20; ++i) part += "# a comment line of the form, as the notice sent it\r\n";
  part += "==== end of reply form ====\r\n";
  return part;
}

std::string pgpSigned(const std::string& part, const std::string& armoredSignature) {
  const std::string b = "=_bench_pgp";
  std::string sig;
  for (char c : armoredSignature) {
    if (c == '\n') sig += '\r';
    sig += c;
  }
  return replyHeaders() +
         "MIME-Version: 1.0\r\nContent-Type: multipart/signed; micalg=pgp-sha256;\r\n"
         " protocol=\"application/pgp-signature\"; boundary=\"" +
         b + "\"\r\n\r\n--" + b + "\r\n" + part + "\r\n--" + b +
         "\r\nContent-Type: application/pgp-signature\r\n\r\n" + sig + "\r\n--" + b + "--\r\n";
}

struct Reply {
  const char* name;
  std::string raw;
  std::optional<std::string> boundFingerprint;  // the participant's key or certificate
};

double timeOne(const Reply& reply, cvdd::crypto::Keyring& keyring,
               cvdd::crypto::SmimeKeyring& smime) {
  const std::vector<Participant> participants{
      {kVendor, ParticipantRole::Vendor, "Gadget", reply.boundFingerprint}};
  const auto start = std::chrono::steady_clock::now();
  const auto opened = cvdd::crypto::openMessage(reply.raw, {}, keyring, &smime);
  const auto token = cvdd::daemon::tokenProofOf(
      cvdd::daemon::threadCluesOf(opened, kIntake), kCase,
      [](std::string_view t) { return tokenKey().caseFor(t, "CVD", kVendor); });
  const auto evidence = cvdd::daemon::senderEvidenceOf(opened, false, token);
  const auto decision = cvdd::core::authenticateSender(participants, evidence);
  const double ms = cvdd::bench::millis(std::chrono::steady_clock::now() - start);
  if (!decision.authenticated)
    throw std::runtime_error(std::string(reply.name) + " not authenticated: " + decision.reason);
  return ms;
}

}  // namespace

int main(int argc, char** argv) {
  int n = 200;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "-n") n = std::atoi(argv[i + 1]);
  test::TempDir dir;
  try {
    // The vendor's OpenPGP key (gpg command line) and its signature over the reply.
    const auto vendorHome = dir.path() / "vendor";
    std::filesystem::create_directories(vendorHome);
    std::filesystem::permissions(vendorHome, std::filesystem::perms::owner_all);
    const std::string vendorKey =
        test::gpgGenerateKey(vendorHome, std::string("Gadget PSIRT <") + kVendor + ">");
    test::writeFile(dir.path() / "part", replyPart());
    const auto exported = test::gpg(vendorHome, "--armor --export " + vendorKey);
    const auto signedPart =
        test::gpg(vendorHome, "--armor --detach-sign --output " +
                                  test::shellQuote((dir.path() / "part.asc").string()) + " " +
                                  test::shellQuote((dir.path() / "part").string()));
    if (exported.exitCode != 0 || signedPart.exitCode != 0) throw std::runtime_error("gpg failed");

    // The vendor's certificate from a CA the coordinator's gpgsm trusts; openssl signs.
    const auto pki = dir.path() / "pki";
    std::filesystem::create_directories(pki);
    const auto ca = test::makeTestCa(pki, "Bench CA");
    const auto cert = test::issueCertificate(pki, &ca, "Gadget PSIRT", kVendor);
    const auto home = dir.path() / "coordinator";
    test::trustCa(home, ca);
    auto keyring = test::openKeyring(home);
    test::must(keyring.importKeys(exported.output), "import the vendor key");
    auto smime = test::must(cvdd::crypto::SmimeKeyring::open(home), "open gpgsm");
    test::must(smime.importCertificates(test::readFile(ca.cert)), "import the CA");
    test::must(smime.importCertificates(test::readFile(cert.cert)), "import the vendor cert");
    const auto smimeBody = test::run("openssl cms -sign -binary -crlfeol -in " +
                                     test::shellQuote((dir.path() / "part").string()) +
                                     " -signer " + test::shellQuote(cert.cert.string()) +
                                     " -inkey " + test::shellQuote(cert.key.string()));
    if (smimeBody.exitCode != 0) throw std::runtime_error("openssl cms -sign failed");

    const std::vector<Reply> replies{
        {"keyless (reply token)", replyHeaders(true) + "MIME-Version: 1.0\r\n" + replyPart(),
         std::nullopt},
        {"OpenPGP-signed", pgpSigned(replyPart(), test::readFile(dir.path() / "part.asc")),
         vendorKey},
        {"S/MIME-signed", replyHeaders() + smimeBody.output, cert.fingerprint},
    };
    std::printf("authenticating one vendor reply (openMessage + authenticateSender), n=%d\n", n);
    for (const auto& reply : replies) {
      timeOne(reply, keyring, smime);  // warm: contexts, key cache, agent
      std::vector<double> ms;
      for (int i = 0; i < n; ++i) ms.push_back(timeOne(reply, keyring, smime));
      cvdd::bench::printStats(reply.name, cvdd::bench::statsOf(ms));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "reply_auth_bench: %s\n", e.what());
    std::system(("gpgconf --homedir '" + (dir.path() / "coordinator").string() +
                 "' --kill all >/dev/null 2>&1")
                    .c_str());
    return 1;
  }
  [[maybe_unused]] int rc =
      std::system(("gpgconf --homedir '" + (dir.path() / "coordinator").string() +
                   "' --kill all >/dev/null 2>&1")
                      .c_str());
  return 0;
}
