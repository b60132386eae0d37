#pragma once
// Test and bench only: counts the gpg processes GPGME starts, by pointing the process's
// default OpenPGP engine at a wrapper script that logs each start before it runs gpg.
// Keyrings opened while a GpgSpawnLog lives use the wrapper (Keyring::open takes the
// process default engine); Keyrings opened earlier or later do not.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace cvdd::crypto::test {

class GpgSpawnLog {
 public:
  /// Writes the wrapper and its log into dir. Throws when GPGME refuses the wrapper.
  explicit GpgSpawnLog(const std::filesystem::path& dir);
  /// Points the default engine back at the real gpg.
  ~GpgSpawnLog();
  GpgSpawnLog(const GpgSpawnLog&) = delete;
  GpgSpawnLog& operator=(const GpgSpawnLog&) = delete;

  /// One entry per gpg started so far: its arguments.
  std::vector<std::string> starts() const;
  std::size_t count() const { return starts().size(); }

 private:
  std::filesystem::path log_;
  std::string realGpg_;
};

}  // namespace cvdd::crypto::test
