#pragma once
// Where outbound mail goes: an SMTP server, or a local Maildir.

#include <memory>
#include <string>

#include "daemon/config.hpp"
#include "daemon/curl_handle.hpp"
#include "store/records.hpp"

namespace cvdd::daemon {

struct SendOutcome {
  bool sent = false;
  bool permanent = false;  // the server refused with a 5xx: retrying will not help soon
  std::string error;
};

class Transport {
 public:
  virtual ~Transport() = default;
  /// One attempt to hand the message over. Never throws for server or network errors.
  virtual SendOutcome send(const store::OutboxEntry& entry) = 0;
};

/// SMTP submission through libcurl (smtp:// with STARTTLS, or smtps://).
class SmtpTransport final : public Transport {
 public:
  /// Throws std::runtime_error when the password file cannot be read.
  explicit SmtpTransport(const SmtpConfig& config);
  SendOutcome send(const store::OutboxEntry& entry) override;

 private:
  SmtpConfig config_;
  ServerLogin login_;
  CurlHandle curl_;
};

/// Writes each message into a Maildir; the Message-ID names the file, so a repeated
/// attempt after a crash delivers nothing twice.
class MaildirTransport final : public Transport {
 public:
  explicit MaildirTransport(std::filesystem::path dir);
  SendOutcome send(const store::OutboxEntry& entry) override;

 private:
  std::filesystem::path dir_;
};

std::unique_ptr<Transport> makeTransport(const SmtpConfig& config);

}  // namespace cvdd::daemon
