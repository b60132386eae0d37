#pragma once
// An IMAP mailbox read by UID through libcurl.

#include <memory>

#include "daemon/config.hpp"
#include "daemon/curl_handle.hpp"
#include "daemon/imap_responses.hpp"
#include "daemon/message_source.hpp"
#include "daemon/wake_signal.hpp"

namespace cvdd::daemon {

/// Keyword set on a message once cvdd has committed it.
inline constexpr std::string_view kAcceptedKeyword = "$CvddAccepted";

class ImapSource final : public MessageSource {
 public:
  /// Throws SourceError when the password file cannot be read.
  explicit ImapSource(const SourceConfig& config);

  std::string id() const override;
  std::vector<SourceRef> listNew(const store::ReadTxn& txn) override;
  std::string fetch(const SourceRef& ref) override;
  std::optional<store::SourcePosition> positionAfter(const SourceRef& ref) const override;
  bool markAccepted(const std::string& key) override;
  std::string fetchHeader(const SourceRef& ref) override;
  void waitForChange(std::chrono::steady_clock::time_point until) override;
  void interrupt() override { wake_.raise(); }

  /// Upper bound for one message's size: a larger one fails its fetch.
  static constexpr std::size_t kMaxMessageBytes = std::size_t{256} << 20;

 private:
  MailboxStatus status();
  std::string key(std::uint64_t uidValidity, std::uint64_t uid) const;
  std::string mailboxUrl() const;

  SourceConfig config_;
  ServerLogin login_;
  CurlHandle curl_;
  std::uint64_t uidValidity_ = 0;  // of the last listNew
  WakeSignal wake_;
};

}  // namespace cvdd::daemon
