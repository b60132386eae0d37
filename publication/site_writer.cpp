#include "publication/site_writer.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <optional>
#include <set>
#include <stdexcept>
#include <system_error>

namespace cvdd::publication {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& what, const fs::path& path) {
  throw std::system_error(errno, std::generic_category(), what + " " + path.string());
}

/// A file descriptor closed on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

Fd openOrFail(const fs::path& path, int flags, mode_t mode = 0) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  if (fd < 0) fail("cannot open", path);
  return Fd(fd);
}

/// Relative, non-empty, no "." or ".." component: a path that stays inside the site.
void checkPath(const std::string& path) {
  const fs::path p(path);
  bool ok = !path.empty() && p.is_relative() && path.find('\0') == std::string::npos &&
            !path.ends_with('/');
  for (const auto& part : p)
    if (part.empty() || part == "." || part == "..") ok = false;
  if (!ok) throw std::invalid_argument("site path not allowed: \"" + path + "\"");
}

void makeDirs(const fs::path& dir) {
  if (dir.empty() || fs::is_directory(dir)) return;
  makeDirs(dir.parent_path());
  // 0755 whatever the umask (cvdd runs with UMask=0077): the web server reads the site.
  if (::mkdir(dir.c_str(), 0755) != 0 || ::chmod(dir.c_str(), 0755) != 0)
    fail("cannot create directory", dir);
}

void writeFile(const fs::path& path, const std::string& bytes) {
  makeDirs(path.parent_path());
  Fd fd = openOrFail(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (::fchmod(fd.get(), 0644) != 0) fail("cannot chmod", path);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const auto n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("cannot write", path);
    done += static_cast<std::size_t>(n);
  }
}

/// Where a partial update stages its new files and directories: one hidden directory at
/// the top of the site, so that leftovers of a writer that died are found without walking
/// the site, and every rename out of it stays on one file system.
constexpr std::string_view kStagingPrefix = ".staging-";

void syncDirectory(const fs::path& dir) {
  Fd fd = openOrFail(dir, O_RDONLY | O_DIRECTORY);
  if (::fsync(fd.get()) != 0) fail("cannot sync", dir);
}

/// A partial site over the current one, without copying or linking the rest (a site of
/// 10 000 advisories has over 100 000 files): each replaced directory is built in the
/// staging directory and swapped with its old self by renameat2(RENAME_EXCHANGE), each file
/// written there and renamed over its old self; a replaced path with no new file goes. The
/// case directories and documents move first, the site-wide files (the indexes that link
/// to them) last, so a reader never follows a link to a page not there yet. Every file and
/// every case directory is whole at every instant; the site moves one of them at a time.
SiteWrite updateInPlace(const fs::path& dir, const Site& site, const fs::path& staging) {
  SiteWrite result;
  std::vector<std::string> dirs;  // replaced directories ("advisories/X/")
  for (const auto& path : site.replaced)
    if (path.ends_with('/')) dirs.push_back(path);
  auto ownerDir = [&](const std::string& path) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < dirs.size(); ++i)
      if (path.starts_with(dirs[i])) return i;
    return std::nullopt;
  };
  std::vector<std::pair<fs::path, std::string>> files;  // staged file, its path in the site
  for (const auto& [path, bytes] : site.files) {
    if (const auto owner = ownerDir(path)) {
      writeFile(staging / ("d" + std::to_string(*owner)) / path.substr(dirs[*owner].size()), bytes);
    } else {
      files.emplace_back(staging / ("f" + std::to_string(files.size())), path);
      writeFile(files.back().first, bytes);
    }
    ++result.written;
    result.bytes += bytes.size();
  }
  {
    Fd stagingFd = openOrFail(staging, O_RDONLY | O_DIRECTORY);
    if (::syncfs(stagingFd.get()) != 0) fail("cannot sync", staging);
  }
  std::set<fs::path> touched;  // directories whose entries changed: synced at the end
  for (std::size_t i = 0; i < dirs.size(); ++i) {
    const fs::path fresh = staging / ("d" + std::to_string(i));
    const fs::path target = dir / dirs[i].substr(0, dirs[i].size() - 1);
    touched.insert(target.parent_path());
    if (!fs::exists(fresh)) {
      // Nothing rendered for it any more: the old directory goes (into the staging area).
      if (fs::exists(target) && ::rename(target.c_str(), (fresh.string() + ".old").c_str()) != 0)
        fail("cannot remove", target);
      continue;
    }
    makeDirs(target.parent_path());
    if (fs::exists(target)) {
      if (::renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0)
        fail("cannot exchange with", target);
    } else if (::rename(fresh.c_str(), target.c_str()) != 0) {
      fail("cannot rename to", target);
    }
  }
  // Documents and other replaced files first, then the site-wide ones that list them.
  std::stable_partition(files.begin(), files.end(), [&](const auto& f) {
    return std::find(site.replaced.begin(), site.replaced.end(), f.second) != site.replaced.end();
  });
  for (const auto& [staged, path] : files) {
    const fs::path target = dir / path;
    makeDirs(target.parent_path());
    touched.insert(target.parent_path());
    if (::rename(staged.c_str(), target.c_str()) != 0) fail("cannot rename to", target);
  }
  for (const auto& path : site.replaced) {
    if (path.ends_with('/') || site.files.contains(path)) continue;
    std::error_code ec;
    if (fs::remove(dir / path, ec)) touched.insert((dir / path).parent_path());
  }
  for (const auto& d : touched) syncDirectory(d);
  return result;
}

/// Leftovers of a writer that died mid-way (the lock is held: no writer is running).
void removeLeftovers(const fs::path& parent, const std::string& name) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    const std::string n = entry.path().filename().string();
    if (n.starts_with("." + name + ".new-") || n.starts_with("." + name + ".old-"))
      fs::remove_all(entry.path(), ec);
  }
}

}  // namespace

SiteWrite writeSiteAtomically(const fs::path& configured, const Site& site) {
  for (const auto& [path, _] : site.files) checkPath(path);
  for (const auto& path : site.replaced)
    checkPath(path.ends_with('/') ? path.substr(0, path.size() - 1) : path);

  // A symlinked site directory is followed: the exchange happens at its target, which the
  // link keeps pointing to, so a web server configured with the link sees the new tree.
  const fs::path dir = fs::is_symlink(configured) ? fs::canonical(configured) : configured;
  const fs::path parent = dir.parent_path().empty() ? fs::path(".") : dir.parent_path();
  const std::string name = dir.filename().string();
  makeDirs(parent);

  Fd lock = openOrFail(parent / ("." + name + ".lock"), O_RDWR | O_CREAT, 0600);
  if (::flock(lock.get(), LOCK_EX) != 0) fail("cannot lock", parent / ("." + name + ".lock"));
  removeLeftovers(parent, name);
  if (site.keepCurrent && fs::is_directory(dir)) {
    static std::atomic<unsigned> staged{0};
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (entry.path().filename().string().starts_with(kStagingPrefix))
        fs::remove_all(entry.path(), ec);
    const fs::path staging = dir / (std::string(kStagingPrefix) + std::to_string(::getpid()) + "-" +
                                    std::to_string(++staged));
    try {
      if (::mkdir(staging.c_str(), 0700) != 0) fail("cannot create directory", staging);
      auto result = updateInPlace(dir, site, staging);
      fs::remove_all(staging, ec);
      return result;
    } catch (...) {
      // Whatever moved is whole; what did not is still the old file or directory.
      fs::remove_all(staging, ec);
      throw;
    }
  }

  static std::atomic<unsigned> sequence{0};
  const fs::path tree = parent / ("." + name + ".new-" + std::to_string(::getpid()) + "-" +
                                  std::to_string(++sequence));
  SiteWrite result;
  try {
    if (::mkdir(tree.c_str(), 0755) != 0 || ::chmod(tree.c_str(), 0755) != 0)
      fail("cannot create directory", tree);
    for (const auto& [path, bytes] : site.files) {
      writeFile(tree / path, bytes);
      ++result.written;
      result.bytes += bytes.size();
    }
    // One syncfs makes every file and directory entry of the new tree durable before the
    // rename can be: the guarantee of an fsync per file, at the cost of one flush.
    {
      Fd treeFd = openOrFail(tree, O_RDONLY | O_DIRECTORY);
      if (::syncfs(treeFd.get()) != 0) fail("cannot sync", tree);
    }
    // The swap. RENAME_EXCHANGE swaps two directory entries atomically, so dir names the
    // old tree or the new one at every instant and never nothing; a rename-over cannot
    // replace a non-empty directory, and moving the old one away first would leave a
    // moment without a site. The first publication has nothing to exchange with.
    struct stat st {};
    if (::lstat(dir.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        fail("not a directory:", dir);
      }
      if (::renameat2(AT_FDCWD, tree.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) != 0)
        fail("cannot exchange with", dir);
    } else if (::rename(tree.c_str(), dir.c_str()) != 0) {
      fail("cannot rename to", dir);
    }
    Fd parentFd = openOrFail(parent, O_RDONLY | O_DIRECTORY);
    if (::fsync(parentFd.get()) != 0) fail("cannot sync", parent);
  } catch (...) {
    // Before the swap the temporary tree is all there is to undo; after it (only the
    // parent's fsync can fail then) the new site is in place and the tree holds the old.
    std::error_code ec;
    fs::remove_all(tree, ec);
    throw;
  }
  // The old tree now sits at the temporary name (or nothing does, on a first write).
  std::error_code ec;
  fs::remove_all(tree, ec);
  return result;
}

}  // namespace cvdd::publication
