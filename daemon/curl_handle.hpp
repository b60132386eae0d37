#pragma once
// A libcurl easy handle that keeps its connection between requests.

#include <curl/curl.h>

#include <string>

#include "daemon/config.hpp"

namespace cvdd::daemon {

struct CurlResult {
  CURLcode code = CURLE_OK;
  long responseCode = 0;
  std::string error;  // curl's error buffer or strerror text; empty on success
  bool ok() const { return code == CURLE_OK; }
};

/// Connection settings shared by the IMAP and SMTP clients.
struct ServerLogin {
  std::string user;
  std::string password;
  TlsMode tls = TlsMode::StartTls;
  bool verifyPeer = true;
  std::string caFile;
};

class CurlHandle {
 public:
  CurlHandle();
  ~CurlHandle();
  CurlHandle(const CurlHandle&) = delete;
  CurlHandle& operator=(const CurlHandle&) = delete;

  /// Resets per-request options (the connection cache survives) and applies login,
  /// TLS and timeouts.
  void prepare(const std::string& url, const ServerLogin& login);
  CURL* get() const { return handle_; }
  /// Runs the request; output collected by captureOutput() is in output().
  CurlResult perform();
  /// Collects the response body in output(), up to maxBytes (the request fails beyond).
  void captureOutput(std::size_t maxBytes);
  const std::string& output() const { return output_; }
  std::string escape(const std::string& text) const;

 private:
  static std::size_t onWrite(char* data, std::size_t size, std::size_t count, void* self);
  CURL* handle_;
  char errorBuffer_[CURL_ERROR_SIZE] = {};
  std::string output_;
  std::size_t maxOutput_ = 0;
};

}  // namespace cvdd::daemon
