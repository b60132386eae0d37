#include "gpg_test_support.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace cvdd::crypto::test {

TempDir::TempDir() {
  std::string pattern = "/tmp/cvdd-crypto-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  // Every home below this directory may have an agent; stop them before removing.
  std::error_code ec;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(path_, ec)) {
    if (entry.is_directory(ec) || entry.path() == path_) {
      if (std::filesystem::exists(entry.path() / "pubring.kbx", ec)) {
        run("gpgconf --homedir " + shellQuote(entry.path().string()) +
            " --kill all >/dev/null 2>&1");
      }
    }
  }
  if (std::filesystem::exists(path_ / "pubring.kbx", ec)) {
    run("gpgconf --homedir " + shellQuote(path_.string()) + " --kill all >/dev/null 2>&1");
  }
  std::filesystem::remove_all(path_, ec);
}

std::string shellQuote(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

CommandResult run(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  const int status = ::pclose(pipe);
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

CommandResult gpg(const std::filesystem::path& home, const std::string& args) {
  return run("gpg --homedir " + shellQuote(home.string()) +
             " --batch --no-tty --pinentry-mode loopback --passphrase '' " + args);
}

void writeFile(const std::filesystem::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string gpgGenerateKey(const std::filesystem::path& home, const std::string& uid,
                           const std::string& expire) {
  const CommandResult made =
      gpg(home, "--quick-gen-key " + shellQuote(uid) + " ed25519 sign,cert " + expire);
  if (made.exitCode != 0) throw std::runtime_error("gpg --quick-gen-key failed for " + uid);
  const CommandResult listed = gpg(home, "--with-colons --list-keys " + shellQuote(uid));
  // The first fpr record follows the pub record.
  const std::size_t fpr = listed.output.find("\nfpr:");
  if (fpr == std::string::npos) throw std::runtime_error("no fingerprint for " + uid);
  const std::size_t start = fpr + 1 + std::string_view("fpr:::::::::").size();
  const std::string fingerprint =
      listed.output.substr(start, listed.output.find(':', start) - start);
  if (gpg(home, "--quick-add-key " + fingerprint + " cv25519 encr " + expire).exitCode != 0) {
    throw std::runtime_error("gpg --quick-add-key failed for " + uid);
  }
  return fingerprint;
}

Keyring openKeyring(const std::filesystem::path& home) {
  auto keyring = Keyring::open(home);
  if (!keyring) throw std::runtime_error(keyring.error().where + ": " + keyring.error().what);
  return std::move(*keyring);
}

KeyringPair makeKeyringPair(const std::filesystem::path& dir) {
  Keyring coordinator = openKeyring(dir / "coordinator");
  Keyring reporter = openKeyring(dir / "reporter");
  std::string ours = must(coordinator.generateKey("Example CSIRT", "vendors@cert.example"), "ours");
  std::string theirs = must(reporter.generateKey("Reporter", "reporter@example.org"), "theirs");
  must(coordinator.importKeys(must(reporter.exportPublicKey(theirs), "export")), "import");
  must(reporter.importKeys(must(coordinator.exportPublicKey(ours), "export")), "import");
  return KeyringPair{std::move(coordinator), std::move(reporter), std::move(ours),
                     std::move(theirs)};
}

}  // namespace cvdd::crypto::test
