#pragma once
// Test-only: throwaway GnuPG homes and the gpg command line as an independent party.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "crypto/keyring.hpp"

namespace cvdd::crypto::test {

/// A fresh directory under /tmp (short path: gpg-agent's socket lives in it), removed
/// with its agent when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exitCode = -1;
  std::string output;  // stdout; stderr goes to the test log
};

/// Runs a shell command line, capturing stdout.
CommandResult run(const std::string& command);

/// "gpg --homedir HOME --batch --no-tty --pinentry-mode loopback --passphrase ''" + args.
CommandResult gpg(const std::filesystem::path& home, const std::string& args);

/// Single-quotes text for the shell.
std::string shellQuote(std::string_view text);

void writeFile(const std::filesystem::path& path, std::string_view content);
std::string readFile(const std::filesystem::path& path);

/// Creates a key with the gpg command line (ed25519 + cv25519, no passphrase);
/// expire is gpg's expiry argument ("never", "seconds=2", ...). Returns its fingerprint.
std::string gpgGenerateKey(const std::filesystem::path& home, const std::string& uid,
                           const std::string& expire = "never");

/// The value, or throws the error's text prefixed with what.
template <class T>
T must(core::Result<T> result, const std::string& what) {
  if (!result) throw std::runtime_error(what + ": " + result.error().what);
  return std::move(*result);
}

/// Keyring::open, throwing what it says when it fails.
Keyring openKeyring(const std::filesystem::path& home);

/// Two Keyrings in dir, "coordinator" and "reporter", each with a key of its own
/// (generateKey) and the other's public key. Throws when a step fails.
struct KeyringPair {
  Keyring coordinator;
  Keyring reporter;
  std::string ours;    // the coordinator's fingerprint ("Example CSIRT <vendors@cert.example>")
  std::string theirs;  // the reporter's ("Reporter <reporter@example.org>")
};
KeyringPair makeKeyringPair(const std::filesystem::path& dir);

}  // namespace cvdd::crypto::test
