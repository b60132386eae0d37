#include "daemon/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "daemon/config_keys.hpp"

namespace cvdd::daemon {

namespace {

using core::Errc;

/// Collects errors while reading a TOML table, each tagged with "[table] key".
class Reader {
 public:
  Reader(const toml::table& root, ConfigErrors& errors) : root_(root), errors_(errors) {}

  void error(std::string_view table, std::string_view key, std::string what) {
    errors_.push_back({Errc::InvalidConfig, where(table, key), std::move(what)});
  }

  const toml::table* table(std::string_view name, bool required) {
    const toml::node* node = root_.get(name);
    if (node == nullptr) {
      if (required)
        errors_.push_back({Errc::InvalidConfig, "[" + std::string(name) + "]", "missing section"});
      return nullptr;
    }
    if (!node->is_table()) {
      errors_.push_back({Errc::InvalidConfig, "[" + std::string(name) + "]", "must be a table"});
      return nullptr;
    }
    return node->as_table();
  }

  std::optional<std::string> string(std::string_view table, std::string_view key, bool required) {
    known(table, key);
    const toml::table* t = root_.get_as<toml::table>(table);
    const toml::node* node = t ? t->get(key) : nullptr;
    if (node == nullptr) {
      if (required) error(table, key, "missing (a string is required)");
      return std::nullopt;
    }
    if (!node->is_string()) {
      error(table, key, "must be a string");
      return std::nullopt;
    }
    std::string value = node->as_string()->get();
    if (required && value.empty()) {
      error(table, key, "must not be empty");
      return std::nullopt;
    }
    return value;
  }

  std::optional<std::int64_t> integer(std::string_view table, std::string_view key) {
    const auto [min, max] = range(table, key);
    const toml::table* t = root_.get_as<toml::table>(table);
    const toml::node* node = t ? t->get(key) : nullptr;
    if (node == nullptr) return std::nullopt;
    if (!node->is_integer()) {
      error(table, key, "must be an integer");
      return std::nullopt;
    }
    std::int64_t value = node->as_integer()->get();
    if (value < min || value > max) {
      error(table, key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
      return std::nullopt;
    }
    return value;
  }

  /// Reads an integer key into field when it is present and within its range.
  template <typename Field>
  void integerInto(std::string_view table, std::string_view key, Field& field) {
    if (auto v = integer(table, key)) field = static_cast<Field>(*v);
  }

  std::optional<bool> boolean(std::string_view table, std::string_view key) {
    known(table, key);
    const toml::table* t = root_.get_as<toml::table>(table);
    const toml::node* node = t ? t->get(key) : nullptr;
    if (node == nullptr) return std::nullopt;
    if (!node->is_boolean()) {
      error(table, key, "must be true or false");
      return std::nullopt;
    }
    return node->as_boolean()->get();
  }

  std::vector<std::string> strings(std::string_view table, std::string_view key) {
    known(table, key);
    const toml::table* t = root_.get_as<toml::table>(table);
    const toml::node* node = t ? t->get(key) : nullptr;
    std::vector<std::string> out;
    if (node == nullptr) return out;
    const toml::array* array = node->as_array();
    if (array == nullptr) {
      error(table, key, "must be an array of strings");
      return out;
    }
    for (const auto& element : *array) {
      if (!element.is_string()) {
        error(table, key, "must be an array of strings");
        return {};
      }
      out.push_back(element.as_string()->get());
    }
    return out;
  }

  std::vector<int> integers(std::string_view table, std::string_view key,
                            std::vector<int> fallback) {
    const auto [min, max] = range(table, key);
    const toml::table* t = root_.get_as<toml::table>(table);
    const toml::node* node = t ? t->get(key) : nullptr;
    if (node == nullptr) return fallback;
    const toml::array* array = node->as_array();
    std::vector<int> out;
    if (array != nullptr) {
      for (const auto& element : *array) {
        if (!element.is_integer() || element.as_integer()->get() < min ||
            element.as_integer()->get() > max) {
          error(table, key,
                "must be an array of integers " + std::to_string(min) + "-" + std::to_string(max));
          return fallback;
        }
        out.push_back(static_cast<int>(element.as_integer()->get()));
      }
      return out;
    }
    error(table, key, "must be an array of integers");
    return fallback;
  }

  /// Unknown keys are errors: a typo must not silently fall back to a default.
  void rejectUnknown(std::string_view table) {
    const toml::table* t = root_.get_as<toml::table>(table);
    if (t == nullptr) return;
    for (const auto& [key, _] : *t)
      if (!findConfigKey(table, key.str())) error(table, key.str(), "unknown key");
  }

 private:
  /// The key's range in the table of keys; reading a key the table lacks is a bug here.
  static ConfigKey known(std::string_view table, std::string_view key) {
    auto entry = findConfigKey(table, key);
    if (!entry)
      throw std::logic_error("config key [" + std::string(table) + "] " + std::string(key) +
                             " is missing from daemon/config_keys.cpp");
    return *entry;
  }
  static std::pair<std::int64_t, std::int64_t> range(std::string_view table, std::string_view key) {
    const auto entry = known(table, key);
    return {entry.min, entry.max};
  }
  static std::string where(std::string_view table, std::string_view key) {
    return "[" + std::string(table) + "] " + std::string(key);
  }
  const toml::table& root_;
  ConfigErrors& errors_;
};

std::filesystem::path resolve(const std::filesystem::path& file, const std::string& path) {
  std::filesystem::path p(path);
  if (p.is_relative()) p = file.parent_path() / p;
  return p.lexically_normal();
}

/// Splits "scheme://[user@]host[:port][/path]" into server URL, user and path.
struct ServerUrl {
  std::string scheme, server, user, path;
};
std::optional<ServerUrl> splitServerUrl(std::string_view url) {
  auto colon = url.find("://");
  if (colon == std::string_view::npos) return std::nullopt;
  ServerUrl out;
  out.scheme = std::string(url.substr(0, colon));
  std::string_view rest = url.substr(colon + 3);
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) out.path = std::string(rest.substr(slash + 1));
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    out.user = std::string(authority.substr(0, at));
    authority = authority.substr(at + 1);
  }
  if (authority.empty()) return std::nullopt;
  out.server = out.scheme + "://" + std::string(authority);
  return out;
}

/// "HH:MM" (00:00-23:59) as minutes since midnight; nullopt for anything else.
std::optional<std::chrono::minutes> timeOfDay(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  auto digits = [&](std::size_t at) -> int {
    const char a = text[at], b = text[at + 1];
    if (a < '0' || a > '9' || b < '0' || b > '9') return -1;
    return (a - '0') * 10 + (b - '0');
  };
  const int hours = digits(0), minutes = digits(3);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return std::nullopt;
  return std::chrono::minutes(hours * 60 + minutes);
}

void readCoordinator(Reader& r, Config& c) {
  r.table("coordinator", true);
  r.rejectUnknown("coordinator");
  c.coordinator.name = r.string("coordinator", "name", true).value_or("");
  c.coordinator.intake = r.string("coordinator", "intake", true).value_or("");
  if (!c.coordinator.intake.empty() && !isMailAddress(c.coordinator.intake))
    r.error("coordinator", "intake", "must be a mail address like vendors@cert.example");
  c.coordinator.casePrefix = r.string("coordinator", "case_prefix", false).value_or("CVD");
  const auto& prefix = c.coordinator.casePrefix;
  if (prefix.empty() || prefix.size() > 16 ||
      prefix.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") !=
          std::string::npos)
    r.error("coordinator", "case_prefix", "must be 1-16 letters or digits, e.g. \"CVD\"");
  c.coordinator.timezone = r.string("coordinator", "timezone", false).value_or("UTC");
  const auto& tz = c.coordinator.timezone;
  if (tz.find("..") != std::string::npos ||
      !std::filesystem::exists(std::filesystem::path("/usr/share/zoneinfo") / tz))
    r.error("coordinator", "timezone",
            "unknown time zone \"" + tz + "\" (an IANA name such as Asia/Tokyo)");
  c.coordinator.hostname = r.string("coordinator", "hostname", false).value_or("");
  c.coordinator.operators = r.strings("coordinator", "operators");
  for (const auto& address : c.coordinator.operators)
    if (!isMailAddress(address))
      r.error("coordinator", "operators", "\"" + address + "\" is not a mail address");
  if (const auto time = r.string("coordinator", "publication_time", false)) {
    c.coordinator.publicationTime = timeOfDay(*time);
    if (!c.coordinator.publicationTime)
      r.error("coordinator", "publication_time", "must be a time of day \"HH:MM\", e.g. \"10:00\"");
  }
  if (c.coordinator.hostname.empty()) {
    auto at = c.coordinator.intake.find('@');
    c.coordinator.hostname =
        at == std::string::npos ? "localhost" : c.coordinator.intake.substr(at + 1);
  }
}

TlsMode readTls(Reader& r, std::string_view table, const std::string& scheme,
                std::string_view implicitScheme) {
  if (scheme == implicitScheme) return TlsMode::Implicit;
  bool starttls = r.boolean(table, "starttls").value_or(true);
  return starttls ? TlsMode::StartTls : TlsMode::None;
}

void readSource(Reader& r, Config& c) {
  r.table("source", true);
  r.rejectUnknown("source");
  auto& s = c.source;
  s.url = r.string("source", "url", true).value_or("");
  s.pollInterval = std::chrono::seconds(r.integer("source", "poll_interval").value_or(60));
  s.idle = r.boolean("source", "idle").value_or(true);
  s.verifyPeer = r.boolean("source", "tls_verify").value_or(true);
  if (auto ca = r.string("source", "ca_file", false)) s.caFile = resolve(c.file, *ca);
  if (s.url.empty()) return;
  if (s.url.starts_with("maildir:")) {
    s.kind = SourceKind::Maildir;
    s.maildir = resolve(c.file, s.url.substr(8));
    return;
  }
  auto parts = splitServerUrl(s.url);
  if (!parts || (parts->scheme != "imap" && parts->scheme != "imaps")) {
    r.error("source", "url",
            "must be maildir:PATH, imap://host[:port]/MAILBOX or imaps://host[:port]/MAILBOX");
    return;
  }
  s.kind = SourceKind::Imap;
  s.serverUrl = parts->server;
  if (!parts->path.empty()) s.mailbox = parts->path;
  s.user = r.string("source", "user", false).value_or(parts->user);
  if (s.user.empty()) r.error("source", "user", "an IMAP source needs a user");
  if (auto pw = r.string("source", "password_file", true)) s.passwordFile = resolve(c.file, *pw);
  s.tls = readTls(r, "source", parts->scheme, "imaps");
}

void readSmtp(Reader& r, Config& c) {
  r.table("smtp", true);
  r.rejectUnknown("smtp");
  auto& s = c.smtp;
  s.url = r.string("smtp", "url", true).value_or("");
  s.retryInitial = std::chrono::seconds(r.integer("smtp", "retry_initial").value_or(30));
  s.retryMax = std::chrono::seconds(r.integer("smtp", "retry_max").value_or(3600));
  if (s.retryMax < s.retryInitial)
    r.error("smtp", "retry_max", "must not be smaller than retry_initial");
  s.verifyPeer = r.boolean("smtp", "tls_verify").value_or(true);
  if (auto ca = r.string("smtp", "ca_file", false)) s.caFile = resolve(c.file, *ca);
  if (s.url.empty()) return;
  if (s.url.starts_with("maildir:")) {
    s.kind = SinkKind::Maildir;
    s.maildir = resolve(c.file, s.url.substr(8));
    return;
  }
  auto parts = splitServerUrl(s.url);
  if (!parts || (parts->scheme != "smtp" && parts->scheme != "smtps")) {
    r.error("smtp", "url", "must be smtp://host[:port], smtps://host[:port] or maildir:PATH");
    return;
  }
  s.kind = SinkKind::Smtp;
  s.serverUrl = parts->server;
  s.user = r.string("smtp", "user", false).value_or(parts->user);
  if (!s.user.empty()) {
    if (auto pw = r.string("smtp", "password_file", true)) s.passwordFile = resolve(c.file, *pw);
  }
  s.tls = readTls(r, "smtp", parts->scheme, "smtps");
}

void readState(Reader& r, Config& c) {
  r.table("state", true);
  r.rejectUnknown("state");
  if (auto dir = r.string("state", "dir", true)) c.state.dir = resolve(c.file, *dir);
  auto mebibytes = [&](std::string_view key, std::size_t& field) {
    if (auto mib = r.integer("state", key)) field = static_cast<std::size_t>(*mib) << 20;
  };
  mebibytes("map_size_mib", c.state.mapSizeBytes);
  mebibytes("map_size_max_mib", c.state.mapSizeMaxBytes);
  mebibytes("raw_quota_mib", c.state.rawQuotaBytes);
  mebibytes("quarantine_quota_mib", c.state.quarantineQuotaBytes);
  // A cap below the starting size would make the first MDB_MAP_FULL final.
  c.state.mapSizeMaxBytes = std::max(c.state.mapSizeMaxBytes, c.state.mapSizeBytes);
  r.integerInto("state", "deadlines_per_commit", c.state.deadlinesPerCommit);
}

void readTemplates(Reader& r, Config& c) {
  if (!r.table("templates", false)) return;
  r.rejectUnknown("templates");
  if (auto dir = r.string("templates", "dir", false)) {
    c.templates.overrideDir = resolve(c.file, *dir);
    if (!std::filesystem::is_directory(*c.templates.overrideDir))
      r.error("templates", "dir", "not a directory: " + c.templates.overrideDir->string());
  }
}

void readLimits(Reader& r, Config& c) {
  auto& l = c.limits.parsing;
  if (r.table("limits", false)) {
    r.rejectUnknown("limits");
  }
  r.integerInto("limits", "message_size", l.maxMessageBytes);
  r.integerInto("limits", "mime_depth", l.maxMimeDepth);
  r.integerInto("limits", "part_count", l.maxParts);
  r.integerInto("limits", "header_count", l.maxHeaderCount);
  r.integerInto("limits", "header_length", l.maxHeaderBytes);
  r.integerInto("limits", "decoded_size", l.maxDecodedBytes);
  r.integerInto("limits", "acks_per_sender_per_hour", c.limits.acksPerSenderPerHour);
  r.integerInto("limits", "acks_per_domain_per_hour", c.limits.acksPerDomainPerHour);
  r.integerInto("limits", "acks_per_hour", c.limits.acksPerHour);
  r.integerInto("limits", "max_attempts", c.limits.maxAttempts);
  if (auto v = r.integer("limits", "processing_seconds"))
    c.limits.processingBudget = std::chrono::seconds(*v);
}

void readOpenPgp(Reader& r, Config& c) {
  if (r.table("openpgp", false)) r.rejectUnknown("openpgp");
  r.integerInto("openpgp", "workers", c.openpgp.workers);
  r.integerInto("openpgp", "offered_keys", c.openpgp.offeredKeys);
  if (auto n = r.integer("openpgp", "offered_key_kib"))
    c.openpgp.offeredKeyBytes = static_cast<std::size_t>(*n) << 10;
  if (auto home = r.string("openpgp", "home", false))
    c.openpgp.home = resolve(c.file, *home);
  else
    c.openpgp.home = c.state.dir / "gnupg";
  c.openpgp.sign = r.boolean("openpgp", "sign").value_or(true);
  c.openpgp.keyFingerprint = r.string("openpgp", "key", false).value_or("");
  auto& fpr = c.openpgp.keyFingerprint;
  std::erase(fpr, ' ');
  for (char& ch : fpr) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (!fpr.empty() &&
      (fpr.size() != 40 || fpr.find_first_not_of("0123456789ABCDEF") != std::string::npos))
    r.error("openpgp", "key", "must be a 40-digit hex fingerprint");
}

void readDeadlines(Reader& r, Config& c) {
  auto& d = c.deadlines;
  if (r.table("deadlines", false)) r.rejectUnknown("deadlines");
  r.integerInto("deadlines", "publication_target_days", d.publicationTargetDays);
  r.integerInto("deadlines", "unreachable_months", d.unreachableMonths);
  r.integerInto("deadlines", "coordination_impossible_months", d.coordinationImpossibleMonths);
  r.integerInto("deadlines", "non_disclosure_months", d.nonDisclosureMonths);
  r.integerInto("deadlines", "silence_months", d.silenceMonths);
  r.integerInto("deadlines", "operator_warning_days", d.operatorWarningDays);
  r.integerInto("deadlines", "product_disclosure_months", d.productDisclosureMonths);
  r.integerInto("deadlines", "contact_deadline_months", d.contactDeadlineMonths);
  d.unresponsiveReminderDays = r.integers("deadlines", "reminder_days", d.unresponsiveReminderDays);
  d.publicationReminderDaysBefore =
      r.integers("deadlines", "publication_reminder_days", d.publicationReminderDaysBefore);
  if (d.coordinationImpossibleMonths <= d.unreachableMonths)
    r.error("deadlines", "coordination_impossible_months", "must be after unreachable_months");
}

/// An https:// URL without a trailing slash, or an error naming the key.
std::string httpsUrl(Reader& r, std::string_view key, std::string fallback) {
  std::string url = r.string("publication", key, false).value_or(fallback);
  while (url.ends_with('/')) url.pop_back();
  if (!url.starts_with("https://") || url.size() <= 8 ||
      url.find_first_of(" \t\r\n\"<>") != std::string::npos)
    r.error("publication", key, "must be an https:// URL, e.g. \"https://cvd.example.org\"");
  return url;
}

void readPublication(Reader& r, Config& c) {
  if (r.table("publication", false)) r.rejectUnknown("publication");
  if (auto dir = r.string("publication", "dir", false)) {
    if (dir->empty())
      r.error("publication", "dir", "must not be empty (leave it out for no site)");
    else
      c.publication.dir = resolve(c.file, *dir);
  }
  // The site directory is replaced whole at each publication: it must hold nothing else.
  if (c.publication.dir) {
    const auto site = c.publication.dir->string() + "/";
    const auto state = c.state.dir.string() + "/";
    if (state.starts_with(site) || site.starts_with(state))
      r.error("publication", "dir", "must be outside [state] dir (and not contain it)");
  }
  const std::string host = "https://" + c.coordinator.hostname;
  c.publication.baseUrl = httpsUrl(r, "base_url", host);
  c.publication.csafNamespace = httpsUrl(r, "csaf_namespace", host);
}

}  // namespace

tl::expected<Config, ConfigErrors> parseConfig(std::string_view text,
                                               const std::filesystem::path& file) {
  ConfigErrors errors;
  toml::table root;
  try {
    root = toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    std::ostringstream where;
    where << file.string() << ":" << e.source().begin.line << ":" << e.source().begin.column;
    errors.push_back({Errc::InvalidConfig, where.str(), std::string(e.description())});
    return tl::unexpected(errors);
  }
  Config config;
  config.file = std::filesystem::absolute(file);
  Reader reader(root, errors);
  const auto sections = configSections();
  // A named copy of the key, not the structured binding: clang 14 cannot capture bindings.
  for (const auto& entry : root) {
    const std::string_view name = entry.first.str();
    if (std::none_of(sections.begin(), sections.end(),
                     [&](const ConfigSection& s) { return s.name == name; }))
      errors.push_back({Errc::InvalidConfig, "[" + std::string(name) + "]", "unknown section"});
  }
  readCoordinator(reader, config);
  readSource(reader, config);
  readSmtp(reader, config);
  readState(reader, config);
  readTemplates(reader, config);
  readLimits(reader, config);
  readOpenPgp(reader, config);
  readDeadlines(reader, config);
  readPublication(reader, config);
  if (!errors.empty()) return tl::unexpected(errors);
  return config;
}

tl::expected<Config, ConfigErrors> loadConfig(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return tl::unexpected(
        ConfigErrors{{Errc::InvalidConfig, file.string(), "cannot read the config file"}});
  std::ostringstream text;
  text << in.rdbuf();
  return parseConfig(text.str(), file);
}

core::Result<std::string> readPasswordFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return core::fail(Errc::Io, file.string(), "cannot read the password file");
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  return line;
}

bool isMailAddress(std::string_view address) {
  auto at = address.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < address.size() &&
         address.find_first_of(" \t\r\n<>\"", 0) == std::string_view::npos &&
         address.find('@', at + 1) == std::string_view::npos;
}

}  // namespace cvdd::daemon
