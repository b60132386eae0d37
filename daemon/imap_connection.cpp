#include "daemon/imap_connection.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>
#include <cerrno>
#include <cstring>

#include "daemon/imap_protocol.hpp"
#include "daemon/message_source.hpp"

namespace cvdd::daemon {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;

namespace {

bool isIpAddress(const std::string& host) {
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

}  // namespace

std::optional<ImapServer> parseImapServer(std::string_view serverUrl) {
  ImapServer server;
  std::string_view rest;
  if (serverUrl.starts_with("imap://")) {
    rest = serverUrl.substr(7);
    server.port = "143";
  } else if (serverUrl.starts_with("imaps://")) {
    rest = serverUrl.substr(8);
    server.port = "993";
  } else {
    return std::nullopt;
  }
  if (rest.ends_with('/')) rest.remove_suffix(1);
  std::string_view host = rest;
  std::string_view port;
  if (rest.starts_with('[')) {
    auto close = rest.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = rest.substr(1, close - 1);
    std::string_view after = rest.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) return std::nullopt;
    if (!after.empty()) port = after.substr(1);
  } else if (auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  if (host.empty() || host.find_first_of("/@[] ") != std::string_view::npos) return std::nullopt;
  if (!port.empty()) {
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos)
      return std::nullopt;
    server.port = std::string(port);
  }
  server.host = std::string(host);
  return server;
}

std::string describe(const ImapServer& server) {
  bool ipv6 = server.host.find(':') != std::string::npos;
  return "IMAP " + (ipv6 ? "[" + server.host + "]" : server.host) + ":" + server.port;
}

ssl::context ImapConnection::makeTlsContext(const SourceConfig& config, const std::string& where) {
  ssl::context context(ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION);
  if (config.tls == TlsMode::None || !config.verifyPeer) {
    context.set_verify_mode(ssl::verify_none);
    return context;
  }
  context.set_verify_mode(ssl::verify_peer);
  std::string what = "the system CA store";
  boost::system::error_code ec;
  if (config.caFile.empty()) {
    context.set_default_verify_paths(ec);
  } else {
    what = "CA file " + config.caFile.string();
    // OpenSSL's own error ("system library") does not say why a file cannot be read.
    if (::access(config.caFile.c_str(), R_OK) != 0)
      throw SourceError(where + " TLS: cannot read " + what + ": " + std::strerror(errno));
    context.load_verify_file(config.caFile.string(), ec);
  }
  if (ec) {
    unsigned long detail = ERR_peek_last_error();
    const char* reason = detail != 0 ? ERR_reason_error_string(detail) : nullptr;
    ERR_clear_error();  // the queue is per thread: leave nothing for the next TLS call
    throw SourceError(where + " TLS: cannot load " + what + ": " +
                      (reason != nullptr ? std::string(reason) : ec.message()));
  }
  return context;
}

ImapConnection::ImapConnection(InterruptibleIo& io, const ImapServer& server,
                               const SourceConfig& config, const std::string& password,
                               std::size_t maxLiteralBytes)
    : io_(io),
      server_(server),
      where_(describe(server)),
      tls_(config.tls),
      resolver_(io.context()),
      tlsContext_(makeTlsContext(config, where_)),
      stream_(io.context(), tlsContext_),
      reader_(ReaderLimits{.maxLiteralBytes = maxLiteralBytes,
                           .maxResponseBytes = maxLiteralBytes + (std::size_t{16} << 20)}),
      mailbox_(config.mailbox),
      user_(config.user) {
  try {
    if (tls_ != TlsMode::None) bindTlsToHost(config.verifyPeer);
    connectSocket();
    if (tls_ == TlsMode::Implicit) handshake("TLS");
    readGreeting();
    if (tls_ == TlsMode::StartTls) startTls();
    login(password);
    select();
  } catch (...) {
    close();  // no handler may outlive the members it refers to
    throw;
  }
}

ImapConnection::~ImapConnection() {
  close();
}

void ImapConnection::bindTlsToHost(bool verify) {
  SSL* tls = stream_.native_handle();
  bool ip = isIpAddress(server_.host);
  if (!ip) SSL_set_tlsext_host_name(tls, server_.host.c_str());  // SNI
  if (!verify) return;
  // OpenSSL checks the name itself (RFC 6125), so a mismatch fails the handshake with
  // a reason that names it ("hostname mismatch", "IP address mismatch").
  if (ip)
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(tls), server_.host.c_str());
  else
    SSL_set1_host(tls, server_.host.c_str());
}

void ImapConnection::connectSocket() {
  asio::ip::tcp::resolver::results_type endpoints;
  boost::system::error_code error;
  bool resolved = false;
  ++pendingSteps_;
  resolver_.async_resolve(server_.host, server_.port,
                          [&](const boost::system::error_code& ec, auto results) {
                            --pendingSteps_;
                            error = ec;
                            endpoints = std::move(results);
                            resolved = true;
                          });
  waitFor("connect", [&] { return resolved; });
  if (error) fail("connect", "cannot resolve " + server_.host + ": " + error.message());

  bool connected = false;
  ++pendingSteps_;
  asio::async_connect(stream_.next_layer(), endpoints,
                      [&](const boost::system::error_code& ec, const auto&) {
                        --pendingSteps_;
                        error = ec;
                        connected = true;
                      });
  waitFor("connect", [&] { return connected; });
  if (error) fail("connect", error.message());
}

void ImapConnection::handshake(std::string_view label) {
  boost::system::error_code error;
  bool done = false;
  ++pendingSteps_;
  stream_.async_handshake(ssl::stream_base::client, [&](const boost::system::error_code& ec) {
    --pendingSteps_;
    error = ec;
    done = true;
  });
  waitFor(label, [&] { return done; });
  if (error) {
    std::string reason = "TLS handshake failed: " + error.message();
    long verify = SSL_get_verify_result(stream_.native_handle());
    if (verify != X509_V_OK)
      reason += std::string(" (certificate: ") + X509_verify_cert_error_string(verify) + ")";
    fail(label, reason);
  }
  encrypted_ = true;
  security_ = tls_ == TlsMode::Implicit ? "implicit" : "starttls";
}

void ImapConnection::readGreeting() {
  Response greeting = receive("greeting");
  switch (conditionOf(greeting)) {
    case Condition::Ok:
      break;
    case Condition::Bye:
      fail("greeting", "server refuses the session: " + describeStatus(greeting));
    case Condition::Preauth:
      // Already authenticated: STARTTLS is no longer allowed, and cvdd logs in itself.
      fail("greeting", "server greets with PREAUTH; cvdd logs in itself");
    default:
      fail("greeting", "not an IMAP greeting");
  }
  refreshCapabilities(greeting);
}

void ImapConnection::refreshCapabilities(const Response& hint) {
  capabilities_.clear();
  if (auto listed = capabilitiesOf(hint)) {
    capabilities_.insert(listed->begin(), listed->end());
    return;
  }
  run("CAPABILITY", "CAPABILITY");  // noteUntagged records the "* CAPABILITY" line
}

void ImapConnection::startTls() {
  if (!capabilities_.contains("STARTTLS"))
    fail("STARTTLS",
         "server does not offer STARTTLS; refusing to send the password in clear "
         "(starttls = false allows that)");
  run("STARTTLS", "STARTTLS");
  // Bytes after the OK were sent before the handshake, so they are not protected by it;
  // reading them later as if they were is the STARTTLS command-injection flaw.
  if (reader_.pending() != 0) fail("STARTTLS", "server sent data after its STARTTLS reply");
  handshake("STARTTLS");
  // Capabilities from before TLS may have been forged (RFC 3501 6.2.1): ask again.
  refreshCapabilities(Response{});
}

void ImapConnection::login(const std::string& password) {
  std::string label = "LOGIN " + user_;
  if (tls_ != TlsMode::None && !encrypted_) fail(label, "refusing to send the password in clear");
  if (capabilities_.contains("LOGINDISABLED"))
    fail(label, "server disables LOGIN (LOGINDISABLED) on this connection");
  Reply reply = run(label, "LOGIN", {user_, password});
  // Capabilities change with login (Dovecot lists IDLE only now, or not at all when
  // imap_capability leaves it out).
  refreshCapabilities(reply.tagged);
  canIdle_ = capabilities_.contains("IDLE");
}

void ImapConnection::select() {
  std::string label = "SELECT " + mailbox_;
  uidValidity_ = 0;
  run(label, "SELECT", {mailbox_});
  if (uidValidity_ == 0) fail(label, "no UIDVALIDITY in the reply");
}

ImapConnection::Reply ImapConnection::command(std::string_view label, std::string_view verb) {
  return run(label, verb);
}

ImapConnection::Reply ImapConnection::run(std::string_view label, std::string_view verb,
                                          const std::vector<std::string_view>& arguments) {
  if (!open_) fail(label, "connection closed");
  std::string tag = nextTag();
  auto chunks = commandChunks(tag, verb, arguments);
  Reply reply;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    send(label, std::move(chunks[i]));
    if (i + 1 == chunks.size()) break;
    // A literal follows: the server must invite it with "+" first.
    for (;;) {
      Response response = receive(label);
      if (response.kind == ResponseKind::Continuation) break;
      if (response.kind == ResponseKind::Tagged) {
        if (response.tag == tag) refuse(label, response);
        fail(label, "reply to unknown tag " + response.tag);
      }
      noteUntagged(label, response);
      reply.untagged.push_back(std::move(response));
    }
  }
  for (;;) {
    Response response = receive(label);
    if (response.kind == ResponseKind::Continuation) fail(label, "unexpected continuation request");
    if (response.kind == ResponseKind::Tagged) {
      if (response.tag != tag) fail(label, "reply to unknown tag " + response.tag);
      if (conditionOf(response) != Condition::Ok) refuse(label, response);
      reply.tagged = std::move(response);
      return reply;
    }
    noteUntagged(label, response);
    reply.untagged.push_back(std::move(response));
  }
}

IdleEnd ImapConnection::idle(Clock::time_point deadline) {
  if (!open_) fail("IDLE", "connection closed");
  std::string tag = nextTag();
  send("IDLE", tag + " IDLE\r\n");
  IdleEnd end = IdleEnd::Deadline;
  bool changed = false;
  for (;;) {
    Response response = receive("IDLE");
    if (response.kind == ResponseKind::Continuation) break;
    if (response.kind == ResponseKind::Tagged) {
      if (response.tag != tag) fail("IDLE", "reply to unknown tag " + response.tag);
      canIdle_ = false;  // refused: the caller polls instead from now on
      refuse("IDLE", response);
    }
    noteUntagged("IDLE", response);
    changed = changed || mailboxEventOf(response).has_value();
  }
  if (changed) end = IdleEnd::Changed;
  while (!changed) {
    auto response = receiveInterruptibly("IDLE", deadline);
    if (!response) {
      end = io_.interrupted() ? IdleEnd::Interrupted : IdleEnd::Deadline;
      break;
    }
    if (response->kind == ResponseKind::Tagged) {
      // The server ended the IDLE itself: nothing is pending, and the caller lists anyway.
      if (response->tag != tag) fail("IDLE", "reply to unknown tag " + response->tag);
      if (conditionOf(*response) != Condition::Ok) refuse("IDLE", *response);
      return IdleEnd::Changed;
    }
    if (response->kind == ResponseKind::Continuation)
      fail("IDLE", "unexpected continuation request");
    noteUntagged("IDLE", *response);
    if (mailboxEventOf(*response)) {
      end = IdleEnd::Changed;
      break;
    }
  }
  // A read may still be pending here; it completes with the server's reply to DONE.
  send("DONE", "DONE\r\n");
  for (;;) {
    Response response = receive("DONE");
    if (response.kind == ResponseKind::Tagged) {
      if (response.tag != tag) fail("DONE", "reply to unknown tag " + response.tag);
      if (conditionOf(response) != Condition::Ok) refuse("IDLE", response);
      return end;
    }
    if (response.kind == ResponseKind::Continuation)
      fail("DONE", "unexpected continuation request");
    noteUntagged("DONE", response);
  }
}

void ImapConnection::noteUntagged(std::string_view label, const Response& response) {
  if (conditionOf(response) == Condition::Bye)
    fail(label, "server ended the session: " + describeStatus(response));
  if (auto validity = uidValidityOf(response)) uidValidity_ = *validity;
  if (auto event = mailboxEventOf(response);
      event == MailboxEvent::Exists || event == MailboxEvent::Recent)
    newMailReported_ = true;
  if (response.kind == ResponseKind::Untagged && conditionOf(response) == Condition::None) {
    if (auto listed = capabilitiesOf(response)) {
      capabilities_.clear();
      capabilities_.insert(listed->begin(), listed->end());
    }
  }
}

void ImapConnection::send(std::string_view label, std::string bytes) {
  writeBuffer_ = std::move(bytes);
  writeError_ = {};
  writing_ = true;
  auto done = [this](const boost::system::error_code& ec, std::size_t) {
    writing_ = false;
    writeError_ = ec;
  };
  if (encrypted_)
    asio::async_write(stream_, asio::buffer(writeBuffer_), done);
  else
    asio::async_write(stream_.next_layer(), asio::buffer(writeBuffer_), done);
  waitFor(label, [this] { return !writing_; });
  if (writeError_) fail(label, describeError(writeError_));
}

Response ImapConnection::receive(std::string_view label) {
  for (;;) {
    if (auto response = nextBuffered(label)) return std::move(*response);
    startRead();
    // The timeout is for silence, not for the whole reply: a large message may take
    // longer than kCommandTimeout to arrive, but never that long without a byte.
    waitFor(label, [this] { return !reading_; });
  }
}

std::optional<Response> ImapConnection::receiveInterruptibly(std::string_view label,
                                                             Clock::time_point deadline) {
  for (;;) {
    if (auto response = nextBuffered(label)) return response;
    startRead();
    if (io_.runUntil([this] { return !reading_; }, deadline, true) != InterruptibleIo::RunEnd::Done)
      return std::nullopt;
  }
}

std::optional<Response> ImapConnection::nextBuffered(std::string_view label) {
  auto next = reader_.next();
  if (!next) fail(label, "malformed reply: " + next.error().what + " (" + next.error().where + ")");
  if (*next) return std::move(**next);
  if (readError_) fail(label, describeError(readError_));
  return std::nullopt;
}

void ImapConnection::startRead() {
  if (reading_ || readError_) return;
  reading_ = true;
  auto done = [this](const boost::system::error_code& ec, std::size_t bytes) {
    reading_ = false;
    if (ec)
      readError_ = ec;
    else
      reader_.feed(std::string_view(readBuffer_.data(), bytes));
  };
  if (encrypted_)
    stream_.async_read_some(asio::buffer(readBuffer_), done);
  else
    stream_.next_layer().async_read_some(asio::buffer(readBuffer_), done);
}

void ImapConnection::waitFor(std::string_view label, const std::function<bool()>& done) {
  if (io_.runUntil(done, Clock::now() + kCommandTimeout, false) != InterruptibleIo::RunEnd::Done)
    fail(label, "timed out: nothing for " + std::to_string(kCommandTimeout.count()) + " s");
}

std::string ImapConnection::describeError(const boost::system::error_code& error) const {
  if (error == asio::error::eof || error == ssl::error::stream_truncated ||
      error == asio::error::connection_reset || error == asio::error::operation_aborted)
    return "connection closed";
  return error.message();
}

std::string ImapConnection::nextTag() {
  return "c" + std::to_string(++tagCounter_);
}

void ImapConnection::fail(std::string_view label, const std::string& reason) {
  close();
  throw SourceError(where_ + " " + std::string(label) + ": " + reason);
}

void ImapConnection::refuse(std::string_view label, const Response& reply) {
  throw SourceError(where_ + " " + std::string(label) + ": server said " + describeStatus(reply));
}

void ImapConnection::close() {
  open_ = false;
  boost::system::error_code ignored;
  resolver_.cancel();
  stream_.next_layer().close(ignored);
  // Closing completes every pending operation with operation_aborted; run their
  // handlers now, while the buffers and flags they touch still exist.
  io_.runUntil([this] { return !reading_ && !writing_ && pendingSteps_ == 0; },
               Clock::time_point::max(), false);
}

}  // namespace cvdd::daemon
