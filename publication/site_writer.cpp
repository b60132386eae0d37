#include "publication/site_writer.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
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

bool replaced(const std::string& rel, const Site& site) {
  for (const auto& path : site.replaced)
    if (rel == path || (path.ends_with('/') && rel.starts_with(path))) return true;
  return false;
}

/// The current site's files a partial site keeps, linked into the new tree: a file of the
/// site is never changed in place (each write makes new files), so sharing it is safe and
/// costs no copy and no sync.
std::size_t keepCurrent(const fs::path& current, const fs::path& tree, const Site& site) {
  std::size_t kept = 0;
  if (!site.keepCurrent || !fs::is_directory(current)) return 0;
  for (auto it = fs::recursive_directory_iterator(current); it != fs::end(it); ++it) {
    if (!it->is_regular_file()) continue;
    const std::string rel = fs::relative(it->path(), current).string();
    if (site.files.contains(rel) || replaced(rel, site)) continue;
    const fs::path target = tree / rel;
    makeDirs(target.parent_path());
    if (::link(it->path().c_str(), target.c_str()) != 0) fail("cannot link", target);
    ++kept;
  }
  return kept;
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
    result.kept = keepCurrent(dir, tree, site);
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
