#pragma once
// One IMAP session with one selected mailbox, over Boost.Asio TCP and OpenSSL TLS
// (implicit for imaps://, STARTTLS for imap:// unless tls = None). Every operation blocks
// the calling thread until done or a deadline (kCommandTimeout per step). Failures throw
// SourceError naming the server and the command: "IMAP 127.0.0.1:1430 UID FETCH 7:
// connection closed". After an I/O error, a timeout or the server's BYE the connection is
// closed for good (open() is false) and is thrown away; a command the server refuses (NO,
// BAD) throws too but leaves it open.

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/config.hpp"
#include "daemon/imap_response_reader.hpp"
#include "daemon/interruptible_io.hpp"

namespace cvdd::daemon {

/// Where an IMAP server listens.
struct ImapServer {
  std::string host;  // without the brackets of an IPv6 literal
  std::string port;
};

/// Reads "imap://host[:port]" or "imaps://host[:port]" (port 143 or 993 by default;
/// "[::1]:143" for IPv6). nullopt for anything else.
std::optional<ImapServer> parseImapServer(std::string_view serverUrl);

/// "IMAP host:port", the start of every error message about that server.
std::string describe(const ImapServer& server);

enum class IdleEnd { Changed, Deadline, Interrupted };

class ImapConnection {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::seconds kCommandTimeout{60};

  /// A command's untagged responses and its tagged OK.
  struct Reply {
    std::vector<Response> untagged;
    Response tagged;
  };

  /// Connects, secures the connection as config.tls says (refusing to log in when
  /// STARTTLS is required but not offered), logs in and selects config.mailbox. Literals
  /// larger than maxLiteralBytes end the connection. Throws SourceError.
  ImapConnection(InterruptibleIo& io, const ImapServer& server, const SourceConfig& config,
                 const std::string& password, std::size_t maxLiteralBytes);
  /// Closes the socket; a server sees the client go away (no LOGOUT round trip).
  ~ImapConnection();
  ImapConnection(const ImapConnection&) = delete;
  ImapConnection& operator=(const ImapConnection&) = delete;

  /// False once an I/O error, timeout or BYE closed the connection.
  bool open() const { return open_; }
  /// The UIDVALIDITY of the selected mailbox (updated if the server announces a new one).
  std::uint64_t uidValidity() const { return uidValidity_; }
  /// Whether the server advertised IDLE after login and has not refused it since.
  bool canIdle() const { return canIdle_; }
  /// True when the server reported new mail (EXISTS, RECENT) in a reply to any command
  /// since the last call; clears it. Servers report new mail with whatever command comes
  /// next, so mail that arrived during a batch shows up here, not in the next IDLE.
  bool takeNewMailReported() { return std::exchange(newMailReported_, false); }
  /// Names the TLS in use, for the log: "none", "starttls" or "implicit".
  std::string_view security() const { return security_; }

  /// Sends `verb` (a complete command line without tag, arguments already spelled) and
  /// reads up to its tagged reply. Throws SourceError, which names `label` ("UID FETCH 7"),
  /// unless the reply is OK.
  Reply command(std::string_view label, std::string_view verb);

  /// IDLE (RFC 2177) until the server reports a change to the mailbox, the deadline or an
  /// interrupt of io; then DONE and the tagged reply. Throws SourceError.
  IdleEnd idle(Clock::time_point deadline);

 private:
  using Socket = boost::asio::ip::tcp::socket;

  static boost::asio::ssl::context makeTlsContext(const SourceConfig& config,
                                                  const std::string& where);
  void bindTlsToHost(bool verify);

  void connectSocket();
  void handshake(std::string_view label);
  void readGreeting();
  void startTls();
  void refreshCapabilities(const Response& hint);
  void login(const std::string& password);
  void select();

  Reply run(std::string_view label, std::string_view verb,
            const std::vector<std::string_view>& arguments = {});
  void send(std::string_view label, std::string bytes);
  Response receive(std::string_view label);
  std::optional<Response> receiveInterruptibly(std::string_view label, Clock::time_point deadline);
  std::optional<Response> nextBuffered(std::string_view label);
  void noteUntagged(std::string_view label, const Response& response);
  void startRead();
  void waitFor(std::string_view label, const std::function<bool()>& done);
  std::string describeError(const boost::system::error_code& error) const;
  std::string nextTag();

  [[noreturn]] void fail(std::string_view label, const std::string& reason);
  [[noreturn]] void refuse(std::string_view label, const Response& reply);
  void close();

  InterruptibleIo& io_;
  ImapServer server_;
  std::string where_;
  TlsMode tls_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::ssl::context tlsContext_;
  boost::asio::ssl::stream<Socket> stream_;
  bool encrypted_ = false;  // reads and writes go through stream_ rather than its socket
  std::string_view security_ = "none";
  ResponseReader reader_;

  // Asynchronous state, touched only by handlers run inside io_.runUntil on this thread.
  std::array<char, 64 * 1024> readBuffer_{};
  bool reading_ = false;
  boost::system::error_code readError_;
  std::string writeBuffer_;
  bool writing_ = false;
  boost::system::error_code writeError_;
  int pendingSteps_ = 0;  // resolve, connect, handshake in flight

  bool open_ = true;
  std::set<std::string> capabilities_;
  bool canIdle_ = false;
  bool newMailReported_ = false;
  std::uint64_t uidValidity_ = 0;
  std::uint64_t tagCounter_ = 0;
  std::string mailbox_;
  std::string user_;
};

}  // namespace cvdd::daemon
