#include "daemon/transport.hpp"

#include <cstring>
#include <stdexcept>

#include "daemon/maildir.hpp"
#include "store/digest.hpp"

namespace cvdd::daemon {

namespace {

struct UploadCursor {
  const std::string* data;
  std::size_t offset = 0;
};

std::size_t readUpload(char* buffer, std::size_t size, std::size_t count, void* userdata) {
  auto* cursor = static_cast<UploadCursor*>(userdata);
  std::size_t n = std::min(size * count, cursor->data->size() - cursor->offset);
  std::memcpy(buffer, cursor->data->data() + cursor->offset, n);
  cursor->offset += n;
  return n;
}

std::string angle(const std::string& address) {
  return "<" + address + ">";
}

}  // namespace

SmtpTransport::SmtpTransport(const SmtpConfig& config) : config_(config) {
  std::string password;
  if (!config.user.empty()) {
    auto read = readPasswordFile(config.passwordFile);
    if (!read) throw std::runtime_error(read.error().where + ": " + read.error().what);
    password = *read;
  }
  login_ =
      ServerLogin{config.user, password, config.tls, config.verifyPeer, config.caFile.string()};
}

SendOutcome SmtpTransport::send(const store::OutboxEntry& entry) {
  curl_.prepare(config_.serverUrl, login_);
  std::string from = angle(entry.envelopeFrom);
  curl_easy_setopt(curl_.get(), CURLOPT_MAIL_FROM, from.c_str());
  curl_slist* recipients = nullptr;
  for (const auto& rcpt : entry.recipients)
    recipients = curl_slist_append(recipients, angle(rcpt).c_str());
  curl_easy_setopt(curl_.get(), CURLOPT_MAIL_RCPT, recipients);
  UploadCursor cursor{&entry.raw};
  curl_easy_setopt(curl_.get(), CURLOPT_READFUNCTION, &readUpload);
  curl_easy_setopt(curl_.get(), CURLOPT_READDATA, &cursor);
  curl_easy_setopt(curl_.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl_.get(), CURLOPT_INFILESIZE_LARGE,
                   static_cast<curl_off_t>(entry.raw.size()));
  curl_.captureOutput(1 << 20);
  auto result = curl_.perform();
  curl_slist_free_all(recipients);

  SendOutcome outcome;
  outcome.sent = result.ok();
  if (!outcome.sent) {
    outcome.permanent = result.responseCode >= 500 && result.responseCode < 600;
    outcome.error = result.error;
    if (result.responseCode != 0)
      outcome.error += " (SMTP " + std::to_string(result.responseCode) + ")";
  }
  return outcome;
}

MaildirTransport::MaildirTransport(std::filesystem::path dir) : dir_(std::move(dir)) {
  ensureMaildir(dir_);
}

SendOutcome MaildirTransport::send(const store::OutboxEntry& entry) {
  try {
    deliverToMaildir(dir_, entry.raw, "cvdd-" + store::sha256Hex(entry.messageId));
    return {true, false, {}};
  } catch (const std::exception& e) {
    return {false, false, e.what()};
  }
}

std::unique_ptr<Transport> makeTransport(const SmtpConfig& config) {
  if (config.kind == SinkKind::Maildir) return std::make_unique<MaildirTransport>(config.maildir);
  return std::make_unique<SmtpTransport>(config);
}

}  // namespace cvdd::daemon
