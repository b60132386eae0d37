#include "daemon/imap_source.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "daemon/imap_protocol.hpp"

namespace cvdd::daemon {

namespace {

// UID sets per command: far below the 8 KiB command line RFC 7162 asks servers to accept.
constexpr std::size_t kMaxUidSetChars = 1000;

std::optional<std::uint64_t> decimal(std::string_view text) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

WaitPlan planWait(bool connected, bool serverIdles, bool idleEnabled,
                  std::chrono::steady_clock::time_point now,
                  std::chrono::steady_clock::time_point until, std::chrono::seconds pollInterval) {
  if (!connected) return {false, until};
  if (serverIdles && idleEnabled) return {true, std::min(until, now + kIdleRenewal)};
  return {false, std::min(until, now + pollInterval)};
}

std::string imapKey(std::string_view user, std::string_view mailbox, ImapKey key) {
  return "imap:" + std::string(user) + "/" + std::string(mailbox) + ":" +
         std::to_string(key.uidValidity) + ":" + std::to_string(key.uid);
}

std::optional<ImapKey> parseImapKey(std::string_view user, std::string_view mailbox,
                                    std::string_view key) {
  std::string prefix = "imap:" + std::string(user) + "/" + std::string(mailbox) + ":";
  if (!key.starts_with(prefix)) return std::nullopt;
  std::string_view rest = key.substr(prefix.size());
  auto colon = rest.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto validity = decimal(rest.substr(0, colon));
  auto uid = decimal(rest.substr(colon + 1));
  if (!validity || !uid) return std::nullopt;
  return ImapKey{*validity, *uid};
}

ImapSource::ImapSource(const SourceConfig& config) : config_(config) {
  auto server = parseImapServer(config.serverUrl);
  if (!server)
    throw SourceError("[source] url: \"" + config.serverUrl + "\" is not imap://host[:port]");
  server_ = *server;
  where_ = describe(server_);
  auto password = readPasswordFile(config.passwordFile);
  if (!password) throw SourceError(password.error().where + ": " + password.error().what);
  password_ = *password;
}

ImapSource::~ImapSource() = default;

std::string ImapSource::id() const {
  return "imap:" + config_.serverUrl + "/" + config_.user + "/" + config_.mailbox;
}

ImapConnection& ImapSource::session() {
  if (!connection_) {
    connection_ =
        std::make_unique<ImapConnection>(io_, server_, config_, password_, kMaxMessageBytes);
    spdlog::info("IMAP_CONNECTED source={} tls={} idle={} uidvalidity={}", id(),
                 connection_->security(), connection_->canIdle() && config_.idle,
                 connection_->uidValidity());
  }
  return *connection_;
}

// Runs use(session) and forgets the session when the failure closed it, so that the
// next call reconnects.
template <class Use>
auto ImapSource::withSession(Use&& use) {
  try {
    return use(session());
  } catch (const SourceError&) {
    if (connection_ && !connection_->open()) connection_.reset();
    throw;
  }
}

void ImapSource::broken(std::string_view label, const std::string& reason) {
  // A reply we cannot read leaves the session in an unknown state: start afresh.
  connection_.reset();
  throw SourceError(where_ + " " + std::string(label) + ": " + reason);
}

std::vector<SourceRef> ImapSource::listNew(const store::ReadTxn& txn) {
  return withSession([&](ImapConnection& imap) {
    // NOOP makes the server tell this session about mail that arrived since its last
    // command. STATUS of the selected mailbox would not: Dovecot answers it from the
    // session's stale view ("[CLIENTBUG] Status on selected mailbox").
    imap.command("NOOP", "NOOP");
    imap.takeNewMailReported();  // what it reported, the search below finds
    std::uint64_t validity = imap.uidValidity();
    std::uint64_t after = 0;
    if (auto position = txn.getSourcePosition(id()); position && position->uidValidity == validity)
      after = position->lastUid;
    listedUidValidity_ = validity;

    std::string search = "UID SEARCH UID " + std::to_string(after + 1) + ":*";
    auto searched = imap.command(search, search);
    std::vector<std::uint64_t> uids;
    for (const auto& response : searched.untagged)
      if (auto found = searchResultsOf(response))
        for (std::uint64_t uid : *found)
          if (uid > after) uids.push_back(uid);  // "n:*" also matches the highest UID < n
    std::sort(uids.begin(), uids.end());
    uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
    if (uids.empty()) return std::vector<SourceRef>{};

    std::map<std::uint64_t, std::uint64_t> sizes;
    std::set<std::uint64_t> accepted;  // carry $CvddAccepted
    for (const auto& set : uidSets(uids, kMaxUidSetChars)) {
      std::string label = "UID FETCH " + std::to_string(uids.front()) + ":" +
                          std::to_string(uids.back()) + " RFC822.SIZE FLAGS";
      auto fetched = imap.command(label, "UID FETCH " + set + " (RFC822.SIZE FLAGS)");
      for (auto& response : fetched.untagged) {
        if (mailboxEventOf(response) != MailboxEvent::Fetch) continue;
        auto data = parseFetch(std::move(response));
        if (!data) broken(label, "malformed reply: " + data.error().what);
        if (data->uid && data->size) sizes[*data->uid] = *data->size;
        if (data->uid && hasFlag(*data, kAcceptedKeyword)) accepted.insert(*data->uid);
      }
    }

    std::vector<SourceRef> refs;
    for (std::uint64_t uid : uids) {
      auto size = sizes.find(uid);
      if (size == sizes.end()) continue;  // expunged between SEARCH and FETCH
      SourceRef ref{imapKey(config_.user, config_.mailbox, {validity, uid}),
                    uid,
                    {},
                    size->second,
                    accepted.contains(uid)};
      // Accepted before a crash but never flagged: flag it now, do not process it again.
      if (txn.getInbox(ref.key)) {
        markAccepted(ref.key);
        continue;
      }
      refs.push_back(std::move(ref));
    }
    return refs;
  });
}

void ImapSource::checkUidValidity(const ImapConnection& imap, const SourceRef& ref,
                                  std::string_view label) const {
  // The key names the UIDVALIDITY listNew saw; if the mailbox was renumbered since, the
  // UID may now name a different message.
  auto key = parseImapKey(config_.user, config_.mailbox, ref.key);
  std::uint64_t listed = key ? key->uidValidity : listedUidValidity_;
  if (imap.uidValidity() != listed)
    throw SourceError(where_ + " " + std::string(label) + ": UIDVALIDITY is " +
                      std::to_string(imap.uidValidity()) + ", not " + std::to_string(listed) +
                      " as when listed; list again");
}

std::string ImapSource::section(ImapConnection::Reply& reply, std::uint64_t uid,
                                const std::string& name, std::string_view label) {
  for (auto& response : reply.untagged) {
    if (mailboxEventOf(response) != MailboxEvent::Fetch) continue;
    auto data = parseFetch(std::move(response));
    if (!data) broken(label, "malformed reply: " + data.error().what);
    if (data->uid != uid) continue;  // unsolicited news about another message
    if (auto found = data->sections.find(name); found != data->sections.end())
      return std::move(found->second);
  }
  throw SourceError(where_ + " " + std::string(label) + ": no such message (expunged?)");
}

std::string ImapSource::fetch(const SourceRef& ref) {
  std::string label = "UID FETCH " + std::to_string(ref.uid);
  if (ref.size > kMaxMessageBytes)
    throw SourceError(where_ + " " + label + ": message of " + std::to_string(ref.size) +
                      " bytes is over the " + std::to_string(kMaxMessageBytes) + "-byte limit");
  return withSession([&](ImapConnection& imap) {
    checkUidValidity(imap, ref, label);
    auto reply = imap.command(label, label + " BODY.PEEK[]");
    return section(reply, ref.uid, "", label);
  });
}

std::string ImapSource::fetchHeader(const SourceRef& ref) {
  std::string label = "UID FETCH " + std::to_string(ref.uid) + " HEADER";
  return withSession([&](ImapConnection& imap) {
    checkUidValidity(imap, ref, label);
    // A partial fetch: a hostile header section cannot make us read more than this.
    auto reply =
        imap.command(label, "UID FETCH " + std::to_string(ref.uid) + " BODY.PEEK[HEADER]<0." +
                                std::to_string(kMaxHeaderBytes) + ">");
    return section(reply, ref.uid, "HEADER", label);
  });
}

std::optional<store::SourcePosition> ImapSource::positionAfter(const SourceRef& ref) const {
  auto key = parseImapKey(config_.user, config_.mailbox, ref.key);
  return store::SourcePosition{key ? key->uidValidity : listedUidValidity_, ref.uid};
}

bool ImapSource::markAccepted(const std::string& inboxKey) {
  auto key = parseImapKey(config_.user, config_.mailbox, inboxKey);
  if (!key || key->uid == 0) return false;
  return withSession([&](ImapConnection& imap) {
    if (key->uidValidity != imap.uidValidity()) return false;  // renumbered: nothing to flag
    std::string label = "UID STORE " + std::to_string(key->uid);
    imap.command(label, label + " +FLAGS.SILENT (" + std::string(kAcceptedKeyword) + ")");
    return true;
  });
}

void ImapSource::waitForChange(std::chrono::steady_clock::time_point until) {
  auto now = std::chrono::steady_clock::now();
  // New mail reported while the last batch was fetched and flagged: list again at once.
  const bool reported = connection_ != nullptr && connection_->takeNewMailReported();
  if (!reported && !io_.interrupted() &&
      until > now) {  // a past `until` would cost an IDLE round trip
    auto plan = planWait(connection_ != nullptr, connection_ && connection_->canIdle(),
                         config_.idle, now, until, config_.pollInterval);
    if (!plan.idle) {
      io_.sleepUntil(plan.until);
    } else {
      try {
        connection_->idle(plan.until);
      } catch (const std::exception& e) {
        // waitForChange never throws: the wait is over, and the next call reconnects
        // (and reports the failure, if it persists).
        spdlog::warn("IMAP_IDLE_FAILED source={} error=\"{}\"", id(), e.what());
        if (!connection_->open()) connection_.reset();
      }
    }
  }
  io_.clearInterrupt();
}

void ImapSource::interrupt() {
  io_.interrupt();
}

}  // namespace cvdd::daemon
