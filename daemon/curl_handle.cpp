#include "daemon/curl_handle.hpp"

#include <mutex>
#include <stdexcept>

namespace cvdd::daemon {

namespace {
void globalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}
}  // namespace

CurlHandle::CurlHandle() {
  globalInit();
  handle_ = curl_easy_init();
  if (handle_ == nullptr) throw std::runtime_error("curl_easy_init failed");
}

CurlHandle::~CurlHandle() {
  curl_easy_cleanup(handle_);
}

void CurlHandle::prepare(const std::string& url, const ServerLogin& login) {
  curl_easy_reset(handle_);
  output_.clear();
  errorBuffer_[0] = '\0';
  curl_easy_setopt(handle_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle_, CURLOPT_ERRORBUFFER, errorBuffer_);
  curl_easy_setopt(handle_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle_, CURLOPT_CONNECTTIMEOUT, 20L);
  // Bounded: a stalled server must not hang the daemon past its watchdog.
  curl_easy_setopt(handle_, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(handle_, CURLOPT_LOW_SPEED_TIME, 30L);
  curl_easy_setopt(handle_, CURLOPT_TIMEOUT, 300L);
  curl_easy_setopt(handle_, CURLOPT_PROTOCOLS_STR, "imap,imaps,smtp,smtps");
  if (!login.user.empty()) {
    curl_easy_setopt(handle_, CURLOPT_USERNAME, login.user.c_str());
    curl_easy_setopt(handle_, CURLOPT_PASSWORD, login.password.c_str());
  }
  curl_easy_setopt(handle_, CURLOPT_USE_SSL,
                   login.tls == TlsMode::None ? CURLUSESSL_NONE : CURLUSESSL_ALL);
  curl_easy_setopt(handle_, CURLOPT_SSL_VERIFYPEER, login.verifyPeer ? 1L : 0L);
  curl_easy_setopt(handle_, CURLOPT_SSL_VERIFYHOST, login.verifyPeer ? 2L : 0L);
  if (!login.caFile.empty()) curl_easy_setopt(handle_, CURLOPT_CAINFO, login.caFile.c_str());
}

void CurlHandle::captureOutput(std::size_t maxBytes) {
  maxOutput_ = maxBytes;
  curl_easy_setopt(handle_, CURLOPT_WRITEFUNCTION, &CurlHandle::onWrite);
  curl_easy_setopt(handle_, CURLOPT_WRITEDATA, this);
}

std::size_t CurlHandle::onWrite(char* data, std::size_t size, std::size_t count, void* self) {
  auto* me = static_cast<CurlHandle*>(self);
  std::size_t bytes = size * count;
  if (me->output_.size() + bytes > me->maxOutput_) return 0;  // curl fails the transfer
  me->output_.append(data, bytes);
  return bytes;
}

CurlResult CurlHandle::perform() {
  CurlResult result;
  result.code = curl_easy_perform(handle_);
  curl_easy_getinfo(handle_, CURLINFO_RESPONSE_CODE, &result.responseCode);
  if (result.code != CURLE_OK)
    result.error = errorBuffer_[0] != '\0' ? errorBuffer_ : curl_easy_strerror(result.code);
  return result;
}

std::string CurlHandle::escape(const std::string& text) const {
  char* escaped = curl_easy_escape(handle_, text.c_str(), static_cast<int>(text.size()));
  std::string out = escaped ? escaped : "";
  curl_free(escaped);
  return out;
}

}  // namespace cvdd::daemon
