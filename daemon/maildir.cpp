#include "daemon/maildir.hpp"

#include <fcntl.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

namespace cvdd::daemon {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kKeyPrefix = "maildir:";

/// The unique part of a Maildir file name: everything before the ":2," info.
std::string uniquePart(const std::string& name) {
  return name.substr(0, name.find(':'));
}

void writeAllAndSync(const fs::path& path, std::string_view data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw SourceError("cannot create " + path.string() + ": " + std::strerror(errno));
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int saved = errno;
      ::close(fd);
      throw SourceError("cannot write " + path.string() + ": " + std::strerror(saved));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    int saved = errno;
    ::close(fd);
    throw SourceError("cannot fsync " + path.string() + ": " + std::strerror(saved));
  }
  ::close(fd);
}

void syncDirectory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

std::string freshUniqueName() {
  static std::atomic<unsigned> counter{0};
  auto now = std::chrono::system_clock::now().time_since_epoch();
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now).count();
  char host[256] = "localhost";
  ::gethostname(host, sizeof host - 1);
  std::ostringstream name;
  name << micros / 1000000 << ".M" << micros % 1000000 << "P" << ::getpid() << "Q" << ++counter
       << "." << host;
  return name.str();
}

std::optional<fs::path> findByUnique(const fs::path& dir, const std::string& unique) {
  for (const char* sub : {"new", "cur"}) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir / sub, ec))
      if (uniquePart(entry.path().filename().string()) == unique) return entry.path();
  }
  return std::nullopt;
}

}  // namespace

void ensureMaildir(const fs::path& dir) {
  for (const char* sub : {"", "tmp", "new", "cur"}) {
    fs::path p = dir / sub;
    std::error_code ec;
    if (fs::create_directories(p, ec))
      fs::permissions(p, fs::perms::owner_all, fs::perm_options::replace, ec);
    if (!fs::is_directory(p)) throw SourceError("cannot create Maildir directory " + p.string());
  }
}

std::string deliverToMaildir(const fs::path& dir, std::string_view raw, std::string uniqueName) {
  ensureMaildir(dir);
  if (uniqueName.empty()) uniqueName = freshUniqueName();
  if (auto existing = findByUnique(dir, uniqueName)) return existing->filename().string();
  fs::path tmp = dir / "tmp" / uniqueName;
  fs::remove(tmp);  // a leftover of a crash mid-write
  writeAllAndSync(tmp, raw);
  fs::path target = dir / "new" / uniqueName;
  fs::rename(tmp, target);
  syncDirectory(dir / "new");
  return uniqueName;
}

MaildirSource::MaildirSource(fs::path dir) : dir_(std::move(dir)) {
  ensureMaildir(dir_);
  const int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) return;  // no inotify: waits are timed
  // A delivery renames tmp/X into new/ (IN_MOVED_TO); a careless writer creates and
  // writes in place (IN_CLOSE_WRITE). Listing after either sees the whole file or,
  // for the careless one, a file that the next event lists again.
  if (::inotify_add_watch(fd, (dir_ / "new").c_str(), IN_MOVED_TO | IN_CLOSE_WRITE) < 0) {
    ::close(fd);
    return;
  }
  inotify_.emplace(io_.context(), fd);
}

void MaildirSource::waitForChange(std::chrono::steady_clock::time_point until) {
  if (!inotify_) {
    io_.sleepUntil(until);
  } else {
    bool woken = false;
    inotify_->async_wait(boost::asio::posix::stream_descriptor::wait_read,
                         [&woken](const boost::system::error_code&) { woken = true; });
    const auto end = io_.runUntil([&woken] { return woken; }, until, true);
    if (end != InterruptibleIo::RunEnd::Done) {
      // The handler refers to `woken`: let it run (cancelled) before this frame ends.
      inotify_->cancel();
      io_.runUntil([&woken] { return woken; }, std::chrono::steady_clock::time_point::max(), false);
    } else {
      // Drain the queued events: the caller lists the directory, which is the truth.
      alignas(inotify_event) char buffer[4096];
      while (::read(inotify_->native_handle(), buffer, sizeof buffer) > 0) {
      }
    }
  }
  io_.clearInterrupt();
}

std::string MaildirSource::id() const {
  return "maildir:" + dir_.string();
}

std::vector<SourceRef> MaildirSource::listNew(const store::ReadTxn& txn) {
  std::vector<SourceRef> refs;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_ / "new", ec)) {
    if (!entry.is_regular_file()) continue;
    std::string name = entry.path().filename().string();
    if (name.starts_with('.')) continue;
    std::error_code sizeError;
    const auto size = entry.file_size(sizeError);
    SourceRef ref{std::string(kKeyPrefix) + uniquePart(name), 0, name, sizeError ? 0 : size};
    // Accepted but not yet moved (a crash after the commit): markAccepted finishes it.
    if (txn.getInbox(ref.key)) {
      markAccepted(ref.key);
      continue;
    }
    refs.push_back(std::move(ref));
  }
  if (ec) throw SourceError("cannot list " + (dir_ / "new").string() + ": " + ec.message());
  // Maildir names start with the delivery time, so name order is arrival order.
  std::sort(refs.begin(), refs.end(),
            [](const SourceRef& a, const SourceRef& b) { return a.location < b.location; });
  return refs;
}

std::string MaildirSource::fetch(const SourceRef& ref) {
  std::ifstream in(dir_ / "new" / ref.location, std::ios::binary);
  if (!in) throw SourceError("cannot read " + (dir_ / "new" / ref.location).string());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string MaildirSource::fetchHeader(const SourceRef& ref) {
  std::ifstream in(dir_ / "new" / ref.location, std::ios::binary);
  if (!in) throw SourceError("cannot read " + (dir_ / "new" / ref.location).string());
  // Up to the blank line, and never more than this: a longer header section is itself
  // hostile, and its first megabyte says enough for an operator.
  constexpr std::size_t kMaxHeaderSection = std::size_t{1} << 20;
  std::string header(kMaxHeaderSection, '\0');
  in.read(header.data(), static_cast<std::streamsize>(header.size()));
  header.resize(static_cast<std::size_t>(in.gcount()));
  std::size_t cut = header.size();
  for (std::string_view end : {"\r\n\r\n", "\n\n"})
    if (auto at = header.find(end); at != std::string::npos) cut = std::min(cut, at + end.size());
  header.resize(cut);
  return header;
}

bool MaildirSource::markAccepted(const std::string& key) {
  if (!key.starts_with(kKeyPrefix)) return false;
  std::string unique = key.substr(kKeyPrefix.size());
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_ / "new", ec)) {
    std::string name = entry.path().filename().string();
    if (uniquePart(name) != unique) continue;
    fs::rename(entry.path(), dir_ / "cur" / (unique + ":2,S"), ec);
    if (ec) throw SourceError("cannot move " + entry.path().string() + ": " + ec.message());
    syncDirectory(dir_ / "cur");
    return true;
  }
  return fs::exists(dir_ / "cur" / (unique + ":2,S"));
}

}  // namespace cvdd::daemon
