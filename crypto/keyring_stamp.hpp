#pragma once
// Internal to crypto/: how the key files of a GnuPG home look now, so that a cache of key
// listings notices another process (cvdctl key import, the gpg command line) changing
// them, for the price of a few stat calls instead of a gpg run.

#include <array>
#include <cstdint>
#include <filesystem>

namespace cvdd::crypto {

struct FileStamp {
  bool exists = false;
  std::uint64_t device = 0;
  std::uint64_t inode = 0;  // gpg replaces a keybox by renaming a new file over it
  std::int64_t size = 0;
  std::int64_t modifiedNs = 0;  // st_mtim, nanoseconds
  std::int64_t changedNs = 0;   // st_ctim: also moves on a rename or a chmod
  bool operator==(const FileStamp&) const = default;
};

struct KeyringStamp {
  // pubring.kbx (keybox, GnuPG 2.1+), pubring.gpg (a legacy home), private-keys-v1.d (a
  // directory: adding or removing a secret key changes its mtime), trustdb.gpg (holds the
  // "disabled" flag a listing reports).
  std::array<FileStamp, 4> files;
  bool operator==(const KeyringStamp&) const = default;
};

/// Never fails: a file that cannot be stat'ed counts as absent (so its appearing later is
/// a change).
KeyringStamp stampOf(const std::filesystem::path& gnupgHome);

}  // namespace cvdd::crypto
