#pragma once
// The state directory's owner: cvdd holds <state dir>/cvdd.lock (an exclusive flock) for
// its lifetime, so what must not run beside it (cvdctl restore) can tell that it runs.

#include <sys/types.h>

#include <filesystem>
#include <optional>

namespace cvdd::store {

class StateLock {
 public:
  /// Takes the lock on <stateDir>/cvdd.lock (the file created 0600 when missing) and
  /// records this process's pid in it; nullopt when another holder has it (another
  /// process, or another StateLock of this one). Throws StoreError naming the file when
  /// it cannot be opened or locked for another reason.
  static std::optional<StateLock> tryAcquire(const std::filesystem::path& stateDir);

  /// The pid the holder recorded, for messages; nullopt when none is readable.
  static std::optional<pid_t> holder(const std::filesystem::path& stateDir);

  StateLock(StateLock&& other) noexcept;
  StateLock& operator=(StateLock&& other) noexcept;
  StateLock(const StateLock&) = delete;
  StateLock& operator=(const StateLock&) = delete;
  ~StateLock();  // releases the lock (the file stays)

  const std::filesystem::path& stateDir() const { return stateDir_; }

 private:
  StateLock(std::filesystem::path stateDir, int fd) : stateDir_(std::move(stateDir)), fd_(fd) {}
  std::filesystem::path stateDir_;
  int fd_ = -1;
};

}  // namespace cvdd::store
