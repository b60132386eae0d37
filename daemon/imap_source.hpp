#pragma once
// An IMAP mailbox read by UID over one long-lived session, woken by IDLE (RFC 2177) where
// the server offers it.
//
// States (connection_ is the state; Idling exists only inside waitForChange):
//
//   Disconnected --any call but waitForChange: connect, TLS, LOGIN, SELECT--> Selected
//   Selected     --waitForChange, server lists IDLE, [source] idle--> Idling
//   Idling       --EXISTS/RECENT/EXPUNGE/FETCH, `until`, 25 min or interrupt(); DONE--> Selected
//   Selected, Idling --I/O error, timeout, BYE or a malformed reply--> Disconnected
//
// The call that loses the connection throws SourceError ("IMAP 127.0.0.1:1430 UID FETCH 7:
// connection closed"), except waitForChange, which never throws and just returns; the
// next call reconnects. There is no backoff here: the daemon waits between its cycles.
// A command the server refuses (NO, BAD) throws but keeps the session.
//
// Threading: one thread (the daemon's intake worker) calls everything but interrupt().
// interrupt() may be called from any thread while the source exists. It ends a running
// waitForChange at once (an IDLE is ended with DONE first, which takes one round trip);
// when no wait runs, it is remembered and the next waitForChange returns at once. Each
// waitForChange forgets the request when it returns. interrupt() never touches the
// connection: it sets an atomic flag and posts an empty handler to wake the io_context
// the worker blocks on (daemon/interruptible_io.hpp).

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/config.hpp"
#include "daemon/imap_connection.hpp"
#include "daemon/interruptible_io.hpp"
#include "daemon/message_source.hpp"

namespace cvdd::daemon {

/// Keyword set on a message once cvdd has committed it.
inline constexpr std::string_view kAcceptedKeyword = "$CvddAccepted";

/// Longest IDLE before it is renewed: servers may drop a client idle for 30 minutes.
inline constexpr std::chrono::minutes kIdleRenewal{25};

/// How waitForChange waits: IDLE on the session, or an interruptible sleep.
struct WaitPlan {
  bool idle = false;
  std::chrono::steady_clock::time_point until;
  bool operator==(const WaitPlan&) const = default;
};

/// Pure: disconnected → sleep until `until` (the daemon's backoff); IDLE offered and
/// enabled → IDLE until min(until, now + kIdleRenewal); otherwise sleep until
/// min(until, now + pollInterval), after which listNew polls.
WaitPlan planWait(bool connected, bool serverIdles, bool idleEnabled,
                  std::chrono::steady_clock::time_point now,
                  std::chrono::steady_clock::time_point until, std::chrono::seconds pollInterval);

/// What an inbox key names: "imap:<user>/<mailbox>:<uidvalidity>:<uid>".
struct ImapKey {
  std::uint64_t uidValidity = 0;
  std::uint64_t uid = 0;
  bool operator==(const ImapKey&) const = default;
};

/// The inbox key of one message.
std::string imapKey(std::string_view user, std::string_view mailbox, ImapKey key);

/// Reads a key made by imapKey for this user and mailbox; nullopt for any other key.
std::optional<ImapKey> parseImapKey(std::string_view user, std::string_view mailbox,
                                    std::string_view key);

class ImapSource final : public MessageSource {
 public:
  /// Throws SourceError when the server URL is malformed or the password file cannot be
  /// read. Does not connect: the first call does.
  explicit ImapSource(const SourceConfig& config);
  ~ImapSource() override;

  std::string id() const override;
  std::vector<SourceRef> listNew(const store::ReadTxn& txn) override;
  std::string fetch(const SourceRef& ref) override;
  std::string fetchHeader(const SourceRef& ref) override;
  std::optional<store::SourcePosition> positionAfter(const SourceRef& ref) const override;
  bool markAccepted(const std::string& key) override;
  void waitForChange(std::chrono::steady_clock::time_point until) override;
  void interrupt() override;

  /// Upper bound for one message's size: a larger one is refused before it is read.
  static constexpr std::size_t kMaxMessageBytes = std::size_t{256} << 20;
  /// fetchHeader reads at most this much of a header section.
  static constexpr std::size_t kMaxHeaderBytes = std::size_t{1} << 20;

 private:
  template <class Use>
  auto withSession(Use&& use);
  ImapConnection& session();
  [[noreturn]] void broken(std::string_view label, const std::string& reason);
  std::string section(ImapConnection::Reply& reply, std::uint64_t uid, const std::string& name,
                      std::string_view label);
  void checkUidValidity(const ImapConnection& imap, const SourceRef& ref,
                        std::string_view label) const;

  SourceConfig config_;
  ImapServer server_;
  std::string where_;  // "IMAP host:port"
  std::string password_;
  InterruptibleIo io_;                          // declared before connection_: outlives it
  std::unique_ptr<ImapConnection> connection_;  // null: Disconnected
  std::uint64_t listedUidValidity_ = 0;         // of the last listNew
};

}  // namespace cvdd::daemon
