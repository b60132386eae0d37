#include "store/state_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <string>
#include <utility>

#include "store/store_error.hpp"

namespace cvdd::store {

namespace {

std::filesystem::path lockFile(const std::filesystem::path& stateDir) {
  return stateDir / "cvdd.lock";
}

[[noreturn]] void failOn(const std::filesystem::path& file, const char* what) {
  throw StoreError("state lock " + file.string() + ": " + what + ": " + std::strerror(errno));
}

}  // namespace

std::optional<StateLock> StateLock::tryAcquire(const std::filesystem::path& stateDir) {
  const auto file = lockFile(stateDir);
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) failOn(file, "open");
  // flock, not fcntl locks: it belongs to this open file, so a second StateLock of the
  // same process is refused too, and closing another descriptor of the file keeps it.
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK) return std::nullopt;
    errno = error;
    failOn(file, "flock");
  }
  // Only for messages: the lock itself is the flock, not the pid.
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    ::close(fd);
    failOn(file, "write pid");
  }
  return StateLock(stateDir, fd);
}

std::optional<pid_t> StateLock::holder(const std::filesystem::path& stateDir) {
  const int fd = ::open(lockFile(stateDir).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return std::nullopt;
  char text[32] = {};
  const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
  ::close(fd);
  pid_t pid = 0;
  if (n <= 0 || std::from_chars(text, text + n, pid).ec != std::errc{} || pid <= 0)
    return std::nullopt;
  return pid;
}

StateLock::StateLock(StateLock&& other) noexcept
    : stateDir_(std::move(other.stateDir_)), fd_(std::exchange(other.fd_, -1)) {}

StateLock& StateLock::operator=(StateLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    stateDir_ = std::move(other.stateDir_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

StateLock::~StateLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the only descriptor releases the flock
}

}  // namespace cvdd::store
