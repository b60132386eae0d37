#pragma once
// The daemon's configuration, read from TOML. Every error names the key it is about.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <tl/expected.hpp>
#include <vector>

#include "core/deadline.hpp"
#include "core/error.hpp"
#include "parsers/limits.hpp"

namespace cvdd::daemon {

struct CoordinatorConfig {
  std::string name;
  std::string intake;      // the intake address reporters write to
  std::string casePrefix;  // "CVD" gives case IDs "CVD#12345678"
  std::string timezone;    // IANA name, e.g. "Asia/Tokyo"
  std::string hostname;    // right-hand side of Message-IDs; defaults to the intake's domain
  std::vector<std::string> operators;  // addresses that get operator alerts by mail
  // The local time of day (in `timezone`) publication happens at: notices then give the
  // 一般公表日時 as a date and time (003 §4). Unset: the agreed date alone.
  std::optional<std::chrono::minutes> publicationTime = std::nullopt;

  friend bool operator==(const CoordinatorConfig&, const CoordinatorConfig&) = default;
};

enum class SourceKind { Maildir, Imap };
enum class TlsMode { None, StartTls, Implicit };

struct SourceConfig {
  SourceKind kind = SourceKind::Maildir;
  std::string url;                // as configured
  std::filesystem::path maildir;  // for maildir:
  std::string serverUrl;          // "imap://host:port" or "imaps://host:port"
  std::string mailbox = "INBOX";  // for IMAP
  std::string user;
  std::filesystem::path passwordFile;
  TlsMode tls = TlsMode::StartTls;
  bool verifyPeer = true;
  std::filesystem::path caFile;  // empty: system store
  std::chrono::seconds pollInterval{60};
  // Wait for new mail with IMAP IDLE when the server offers it; false polls every
  // pollInterval (NOOP + UID SEARCH). A Maildir is watched with inotify either way.
  bool idle = true;

  friend bool operator==(const SourceConfig&, const SourceConfig&) = default;
};

enum class SinkKind { Maildir, Smtp };

struct SmtpConfig {
  SinkKind kind = SinkKind::Smtp;
  std::string url;
  std::filesystem::path maildir;  // for maildir:
  std::string serverUrl;          // "smtp://host:port" or "smtps://host:port"
  std::string user;               // empty: no AUTH
  std::filesystem::path passwordFile;
  TlsMode tls = TlsMode::StartTls;
  bool verifyPeer = true;
  std::filesystem::path caFile;
  std::chrono::seconds retryInitial{30};
  std::chrono::seconds retryMax{3600};

  friend bool operator==(const SmtpConfig&, const SmtpConfig&) = default;
};

struct StateConfig {
  std::filesystem::path dir;
  std::size_t mapSizeBytes = std::size_t{1} << 32;
  // Due deadlines fired in one LMDB transaction: one fsync for many deadlines. A batch
  // that fails is fired again one by one, so a failing deadline holds back no other.
  std::size_t deadlinesPerCommit = 32;
  // The map grows (doubling) up to this when LMDB reports it full; at the cap intake
  // pauses with STORE_FULL until space is freed.
  std::size_t mapSizeMaxBytes = std::size_t{64} << 30;
  std::size_t rawQuotaBytes = 0;         // distinct raw inbound bytes; 0: no quota
  std::size_t quarantineQuotaBytes = 0;  // raw bytes held only by quarantine; 0: no quota

  friend bool operator==(const StateConfig&, const StateConfig&) = default;
};

struct LimitsConfig {
  parsers::Limits parsing;
  std::uint64_t acksPerSenderPerHour = 5;  // beyond this a sender's reports get no answer
  // The same for all addresses of one domain, and for all senders together: a flood from
  // many (forged) addresses must not make cvdd a source of backscatter.
  std::uint64_t acksPerDomainPerHour = 20;
  std::uint64_t acksPerHour = 200;
  // Attempts at one message (each counted before it starts, so a crash or a watchdog kill
  // counts) before it is quarantined raw and intake moves on.
  std::uint64_t maxAttempts = 3;
  // One message still in hand after this long stops the watchdog being fed: systemd
  // restarts cvdd, and the attempt counter sees to the rest.
  std::chrono::seconds processingBudget{300};

  friend bool operator==(const LimitsConfig&, const LimitsConfig&) = default;
};

struct OpenPgpConfig {
  std::filesystem::path home;  // GNUPGHOME; default <state dir>/gnupg
  bool sign = true;            // sign every outgoing message with the coordinator key
  std::string keyFingerprint;  // coordinator key; empty: the intake address's secret key,
                               // generated at first start when there is none
  std::size_t workers = 0;     // OpenPGP worker threads; 0: one per core
  // What one message may offer for its sender (attached or Autocrypt keys): more keys, or
  // bigger key data, are not imported at all.
  std::size_t offeredKeys = 3;
  std::size_t offeredKeyBytes = std::size_t{64} << 10;

  friend bool operator==(const OpenPgpConfig&, const OpenPgpConfig&) = default;
};

struct TemplatesConfig {
  std::optional<std::filesystem::path> overrideDir;

  friend bool operator==(const TemplatesConfig&, const TemplatesConfig&) = default;
};

/// [publication]: the static site `cvdctl publish` and the daemon render (issue 12).
struct PublicationConfig {
  std::optional<std::filesystem::path> dir;  // the site's directory; unset: no site
  // The site's public URL, no trailing slash: the CSAF documents' canonical URLs and
  // csaf/provider-metadata.json are under it. Default "https://<[coordinator] hostname>".
  std::string baseUrl;
  // The CSAF publisher namespace (document.publisher.namespace). Same default.
  std::string csafNamespace;

  friend bool operator==(const PublicationConfig&, const PublicationConfig&) = default;
};

struct Config {
  std::filesystem::path file;  // where it was read from
  CoordinatorConfig coordinator;
  SourceConfig source;
  SmtpConfig smtp;
  StateConfig state;
  TemplatesConfig templates;
  LimitsConfig limits;
  OpenPgpConfig openpgp;
  core::DeadlinePolicy deadlines;
  PublicationConfig publication;

  friend bool operator==(const Config&, const Config&) = default;
};

using ConfigErrors = std::vector<core::Error>;

/// Reads and validates a config file; on failure returns every error found, each with
/// `where` naming the key ("[smtp] url") and `what` explaining it.
tl::expected<Config, ConfigErrors> loadConfig(const std::filesystem::path& file);

/// Same, from TOML text (file is only used in messages and for relative paths).
tl::expected<Config, ConfigErrors> parseConfig(std::string_view toml,
                                               const std::filesystem::path& file);

/// A bare address "local@domain": one '@' with text on both sides, no spaces, angle
/// brackets or quotes. For addresses an operator types, not for parsing mail.
bool isMailAddress(std::string_view address);

/// Reads a password file: its first line, trailing CR/LF removed.
core::Result<std::string> readPasswordFile(const std::filesystem::path& file);

}  // namespace cvdd::daemon
