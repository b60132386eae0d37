#include "store/durable_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <string>

#include "store/store_error.hpp"

namespace cvdd::store::detail {

namespace {

[[noreturn]] void failOn(const std::filesystem::path& path, const char* what, int error) {
  throw StoreError(std::string(what) + " " + path.string() + ": " + std::strerror(error));
}

std::filesystem::path directoryOf(const std::filesystem::path& file) {
  return file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
}

}  // namespace

FileHandle::~FileHandle() {
  if (fd_ >= 0) ::close(fd_);
}

FileHandle createPrivateFile(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) failOn(path, "cannot create", errno);
  FileHandle file(fd);
  // A leftover file keeps its old mode through O_CREAT: set it, it holds embargoed reports.
  if (::fchmod(fd, 0600) != 0) failOn(path, "cannot chmod", errno);
  return file;
}

void syncFile(const FileHandle& file, const std::filesystem::path& path) {
  if (::fsync(file.fd()) != 0) failOn(path, "cannot fsync", errno);
}

void copyInto(const std::filesystem::path& from, const FileHandle& to,
              const std::filesystem::path& toPath) {
  const FileHandle source(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
  if (source.fd() < 0) failOn(from, "cannot open", errno);
  std::array<char, 1 << 16> buffer{};
  for (;;) {
    const ssize_t got = ::read(source.fd(), buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) failOn(from, "cannot read", errno);
    if (got == 0) return;
    for (ssize_t done = 0; done < got;) {
      const ssize_t put =
          ::write(to.fd(), buffer.data() + done, static_cast<std::size_t>(got - done));
      if (put < 0 && errno == EINTR) continue;
      if (put < 0) failOn(toPath, "cannot write", errno);
      done += put;
    }
  }
}

void publish(const std::filesystem::path& tmp, const std::filesystem::path& file, bool replace) {
  if (replace) {
    if (::rename(tmp.c_str(), file.c_str()) != 0) {
      const int error = errno;
      ::unlink(tmp.c_str());
      failOn(file, "cannot rename into", error);
    }
  } else {
    // link() fails when file exists, so a file made meanwhile is never replaced.
    const int linked = ::link(tmp.c_str(), file.c_str());
    const int error = errno;
    ::unlink(tmp.c_str());
    if (linked != 0 && error == EEXIST)
      throw StoreError(file.string() + " exists (replace it explicitly)");
    if (linked != 0) failOn(file, "cannot link into", error);
  }
  syncDirectory(directoryOf(file));
}

void syncDirectory(const std::filesystem::path& dir) {
  const FileHandle handle(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (handle.fd() < 0) failOn(dir, "cannot open directory", errno);
  if (::fsync(handle.fd()) != 0) failOn(dir, "cannot fsync directory", errno);
}

}  // namespace cvdd::store::detail
