#include "crypto/keyring_stamp.hpp"

#include <sys/stat.h>

namespace cvdd::crypto {

namespace {

std::int64_t nanoseconds(const timespec& t) {
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

FileStamp stampOfFile(const std::filesystem::path& path) {
  struct stat st {};
  // stat, not std::filesystem: one call gives inode, size and both times with nanoseconds.
  if (::stat(path.c_str(), &st) != 0) return FileStamp{};
  return FileStamp{true,
                   static_cast<std::uint64_t>(st.st_dev),
                   static_cast<std::uint64_t>(st.st_ino),
                   static_cast<std::int64_t>(st.st_size),
                   nanoseconds(st.st_mtim),
                   nanoseconds(st.st_ctim)};
}

}  // namespace

KeyringStamp stampOf(const std::filesystem::path& gnupgHome) {
  return KeyringStamp{
      {stampOfFile(gnupgHome / "pubring.kbx"), stampOfFile(gnupgHome / "pubring.gpg"),
       stampOfFile(gnupgHome / "private-keys-v1.d"), stampOfFile(gnupgHome / "trustdb.gpg")}};
}

}  // namespace cvdd::crypto
