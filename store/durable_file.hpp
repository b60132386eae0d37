#pragma once
// Private to store/: files that hold state (backups, a restored environment) written so a
// crash leaves either the old file or the complete new one, never a part.

#include <filesystem>
#include <utility>

namespace cvdd::store::detail {

/// An open descriptor, closed when destroyed.
class FileHandle {
 public:
  explicit FileHandle(int fd) : fd_(fd) {}
  FileHandle(FileHandle&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  FileHandle& operator=(FileHandle&&) = delete;
  FileHandle(const FileHandle&) = delete;
  FileHandle& operator=(const FileHandle&) = delete;
  ~FileHandle();

  int fd() const { return fd_; }

 private:
  int fd_;
};

/// Creates path, or truncates it, for writing with mode 0600 whatever the umask or an
/// earlier file's mode; a symlink at path is refused. Throws StoreError naming path.
FileHandle createPrivateFile(const std::filesystem::path& path);

/// fsync; throws StoreError naming path.
void syncFile(const FileHandle& file, const std::filesystem::path& path);

/// Copies every byte of the file at from to the start of to; throws StoreError naming
/// the file that failed.
void copyInto(const std::filesystem::path& from, const FileHandle& to,
              const std::filesystem::path& toPath);

/// Gives the complete, synced tmp its final name, then syncs the directory so the name
/// survives a crash. replace false: refuses (StoreError, tmp removed) when file exists,
/// atomically (link, not a check then rename).
void publish(const std::filesystem::path& tmp, const std::filesystem::path& file, bool replace);

/// fsync of a directory, making the names created or renamed in it durable.
void syncDirectory(const std::filesystem::path& dir);

}  // namespace cvdd::store::detail
