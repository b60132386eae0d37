#include "daemon/imap_source.hpp"

#include <charconv>

namespace cvdd::daemon {

ImapSource::ImapSource(const SourceConfig& config) : config_(config) {
  auto password = readPasswordFile(config.passwordFile);
  if (!password) throw SourceError(password.error().where + ": " + password.error().what);
  login_ =
      ServerLogin{config.user, *password, config.tls, config.verifyPeer, config.caFile.string()};
}

std::string ImapSource::id() const {
  return "imap:" + config_.serverUrl + "/" + config_.user + "/" + config_.mailbox;
}

std::string ImapSource::mailboxUrl() const {
  return config_.serverUrl + "/" + curl_.escape(config_.mailbox);
}

std::string ImapSource::key(std::uint64_t uidValidity, std::uint64_t uid) const {
  return "imap:" + config_.user + "/" + config_.mailbox + ":" + std::to_string(uidValidity) + ":" +
         std::to_string(uid);
}

MailboxStatus ImapSource::status() {
  curl_.prepare(config_.serverUrl + "/", login_);
  std::string quoted = config_.mailbox;
  for (std::size_t i = 0; i < quoted.size(); ++i)
    if (quoted[i] == '"' || quoted[i] == '\\') quoted.insert(i++, 1, '\\');
  std::string command = "STATUS \"" + quoted + "\" (UIDVALIDITY UIDNEXT)";
  curl_easy_setopt(curl_.get(), CURLOPT_CUSTOMREQUEST, command.c_str());
  curl_.captureOutput(1 << 20);
  auto result = curl_.perform();
  if (!result.ok()) throw SourceError("IMAP STATUS " + config_.mailbox + ": " + result.error);
  auto parsed = parseStatusResponse(curl_.output());
  if (!parsed) throw SourceError("IMAP STATUS " + config_.mailbox + ": no UIDVALIDITY in reply");
  return *parsed;
}

std::vector<SourceRef> ImapSource::listNew(const store::ReadTxn& txn) {
  MailboxStatus current = status();
  uidValidity_ = current.uidValidity;
  std::uint64_t after = 0;
  if (auto position = txn.getSourcePosition(id());
      position && position->uidValidity == current.uidValidity)
    after = position->lastUid;
  if (current.uidNext != 0 && current.uidNext <= after + 1) return {};

  curl_.prepare(mailboxUrl(), login_);
  std::string command = "UID SEARCH UID " + std::to_string(after + 1) + ":*";
  curl_easy_setopt(curl_.get(), CURLOPT_CUSTOMREQUEST, command.c_str());
  curl_.captureOutput(std::size_t{64} << 20);
  auto result = curl_.perform();
  if (!result.ok()) throw SourceError("IMAP UID SEARCH " + config_.mailbox + ": " + result.error);

  std::vector<SourceRef> refs;
  for (std::uint64_t uid : parseSearchResponse(curl_.output(), after + 1)) {
    SourceRef ref{key(current.uidValidity, uid), uid, {}};
    // Accepted before a crash but never flagged: flag it now, do not process it again.
    if (txn.getInbox(ref.key)) {
      markAccepted(ref.key);
      continue;
    }
    refs.push_back(std::move(ref));
  }
  return refs;
}

std::string ImapSource::fetch(const SourceRef& ref) {
  // UIDVALIDITY in the URL makes curl refuse the fetch if the mailbox was renumbered
  // since listNew, so a UID can never name a different message.
  curl_.prepare(mailboxUrl() + ";UIDVALIDITY=" + std::to_string(uidValidity_) +
                    "/;UID=" + std::to_string(ref.uid),
                login_);
  curl_.captureOutput(kMaxMessageBytes);
  auto result = curl_.perform();
  if (!result.ok())
    throw SourceError("IMAP fetch UID " + std::to_string(ref.uid) + ": " + result.error);
  return curl_.output();
}

std::string ImapSource::fetchHeader(const SourceRef& ref) {
  curl_.prepare(mailboxUrl() + ";UIDVALIDITY=" + std::to_string(uidValidity_) +
                    "/;UID=" + std::to_string(ref.uid) + "/;SECTION=HEADER",
                login_);
  curl_.captureOutput(std::size_t{1} << 20);
  auto result = curl_.perform();
  if (!result.ok())
    throw SourceError("IMAP fetch header UID " + std::to_string(ref.uid) + ": " + result.error);
  return curl_.output();
}

void ImapSource::waitForChange(std::chrono::steady_clock::time_point until) {
  wake_.wait({}, std::min(until, std::chrono::steady_clock::now() + config_.pollInterval));
}

std::optional<store::SourcePosition> ImapSource::positionAfter(const SourceRef& ref) const {
  return store::SourcePosition{uidValidity_, ref.uid};
}

bool ImapSource::markAccepted(const std::string& inboxKey) {
  // Key: "imap:<user>/<mailbox>:<uidvalidity>:<uid>".
  std::string prefix = "imap:" + config_.user + "/" + config_.mailbox + ":";
  if (!inboxKey.starts_with(prefix)) return false;
  std::string_view rest = std::string_view(inboxKey).substr(prefix.size());
  auto colon = rest.find(':');
  if (colon == std::string_view::npos) return false;
  std::uint64_t validity = 0, uid = 0;
  std::from_chars(rest.data(), rest.data() + colon, validity);
  std::from_chars(rest.data() + colon + 1, rest.data() + rest.size(), uid);
  if (uidValidity_ == 0) uidValidity_ = status().uidValidity;
  if (validity != uidValidity_ || uid == 0) return false;  // renumbered: nothing to flag

  curl_.prepare(mailboxUrl(), login_);
  std::string command =
      "UID STORE " + std::to_string(uid) + " +FLAGS.SILENT (" + std::string(kAcceptedKeyword) + ")";
  curl_easy_setopt(curl_.get(), CURLOPT_CUSTOMREQUEST, command.c_str());
  curl_.captureOutput(1 << 20);
  auto result = curl_.perform();
  if (!result.ok())
    throw SourceError("IMAP UID STORE " + std::to_string(uid) + ": " + result.error);
  return true;
}

}  // namespace cvdd::daemon
