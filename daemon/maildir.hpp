#pragma once
// Maildir (https://cr.yp.to/proto/maildir.html): read new mail, deliver outbound mail.

#include <boost/asio/posix/stream_descriptor.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/interruptible_io.hpp"
#include "daemon/message_source.hpp"

namespace cvdd::daemon {

/// Creates dir/{tmp,new,cur} (mode 0700) when missing.
void ensureMaildir(const std::filesystem::path& dir);

/// Delivers raw bytes: written and fsynced in tmp/, then renamed into new/ — a reader
/// never sees a partial message. uniqueName, when given, makes delivery idempotent:
/// a message already delivered under that name is not written again.
/// Returns the file name in new/ (or cur/ if a reader already moved it).
std::string deliverToMaildir(const std::filesystem::path& dir, std::string_view raw,
                             std::string uniqueName = "");

/// Reads new/ of a Maildir. Accepting moves a file to cur/ with the Seen flag (":2,S").
/// New mail is pushed by inotify on new/: a delivery (rename into new/) ends a wait.
class MaildirSource final : public MessageSource {
 public:
  explicit MaildirSource(std::filesystem::path dir);

  std::string id() const override;
  std::vector<SourceRef> listNew(const store::ReadTxn& txn) override;
  std::string fetch(const SourceRef& ref) override;
  std::string fetchHeader(const SourceRef& ref) override;
  std::optional<store::SourcePosition> positionAfter(const SourceRef&) const override {
    return std::nullopt;
  }
  bool markAccepted(const std::string& key) override;
  void waitForChange(std::chrono::steady_clock::time_point until) override;
  void interrupt() override { io_.interrupt(); }

 private:
  std::filesystem::path dir_;
  InterruptibleIo io_;  // what a wait blocks on, and what interrupt() cuts short
  // Watches new/; empty when inotify is unavailable (then: a timed wait).
  std::optional<boost::asio::posix::stream_descriptor> inotify_;
};

}  // namespace cvdd::daemon
