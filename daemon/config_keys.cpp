#include "daemon/config_keys.hpp"

#include <algorithm>
#include <array>

namespace cvdd::daemon {

namespace {

using enum ConfigType;
constexpr std::int64_t kMiBMax = std::int64_t{1} << 24;
constexpr std::int64_t kGiB = std::int64_t{1} << 30;

constexpr std::array kSections{
    ConfigSection{"coordinator", true, "Who the coordinator is and where reports arrive."},
    ConfigSection{"source", true, "Where inbound mail is read: an IMAP mailbox or a Maildir."},
    ConfigSection{"smtp", true, "Where outbound mail goes: an SMTP relay or a Maildir."},
    ConfigSection{"state", true,
                  "The state directory: the LMDB store, the outbox, the GnuPG home."},
    ConfigSection{"templates", false, "Notice templates that override the built-in ones."},
    ConfigSection{"limits", false,
                  "Bounds on hostile input and on what cvdd answers; a message beyond a parsing "
                  "bound is quarantined, never half-read."},
    ConfigSection{"openpgp", false, "The coordinator key and the OpenPGP workers."},
    ConfigSection{"deadlines", false,
                  "The coordination clocks (003 §2-3, §4, §7; 000 ch.5). Months are calendar "
                  "months in the case's time zone."},
    ConfigSection{"publication", false,
                  "The published site: advisories, CSAF documents, the unreachable-vendors list "
                  "and the statistics."},
};

constexpr std::array kKeys{
    // [coordinator]
    ConfigKey{.section = "coordinator",
              .name = "name",
              .type = String,
              .required = true,
              .meaning = "The coordinator's name, shown in acknowledgements and notices."},
    ConfigKey{.section = "coordinator",
              .name = "intake",
              .type = String,
              .required = true,
              .meaning = "The intake address reporters write to (a bare address such as "
                         "vendors@cert.example); every message cvdd sends is from it."},
    ConfigKey{.section = "coordinator",
              .name = "case_prefix",
              .defaultValue = "\"CVD\"",
              .meaning = "Case IDs are the prefix, '#' and eight digits (CVD#12345678); 1-16 "
                         "letters or digits. Replies naming a case ID join that case."},
    ConfigKey{.section = "coordinator",
              .name = "timezone",
              .defaultValue = "\"UTC\"",
              .meaning = "IANA time zone (Asia/Tokyo) in which deadlines run and dates in notices "
                         "are given; it must exist under /usr/share/zoneinfo."},
    ConfigKey{.section = "coordinator",
              .name = "hostname",
              .defaultValue = "(the domain of intake)",
              .meaning = "Right-hand side of the Message-IDs cvdd writes, and the host of the "
                         "default publication URLs."},
    ConfigKey{.section = "coordinator",
              .name = "operators",
              .type = Strings,
              .defaultValue = "[]",
              .meaning = "Addresses that get operator alerts (deadlines approaching, a vendor "
                         "unreachable, STORE_FULL) by mail, besides the log."},
    ConfigKey{.section = "coordinator",
              .name = "publication_time",
              .defaultValue = "(unset: the date alone)",
              .meaning = "Local time of day \"HH:MM\" (in timezone) at which advisories are "
                         "published; notices then give the publication date (一般公表日時) "
                         "with this time."},
    // [source]
    ConfigKey{.section = "source",
              .name = "url",
              .type = Url,
              .required = true,
              .meaning = "maildir:PATH, imap://host[:port]/MAILBOX (STARTTLS unless starttls = "
                         "false) or imaps://host[:port]/MAILBOX (TLS from the first byte). A "
                         "relative PATH is relative to the config file."},
    ConfigKey{.section = "source",
              .name = "user",
              .defaultValue = "(the user part of url)",
              .meaning = "IMAP login name; an IMAP source needs one."},
    ConfigKey{.section = "source",
              .name = "password_file",
              .type = Path,
              .defaultValue = "(required for IMAP)",
              .meaning = "File whose first line is the IMAP password (root:cvdd 0640)."},
    ConfigKey{.section = "source",
              .name = "poll_interval",
              .type = Integer,
              .min = 1,
              .max = 86400,
              .defaultValue = "60",
              .unit = "seconds",
              .meaning = "The longest wait between looks at the mailbox; the polling interval "
                         "when IDLE is off or not offered."},
    ConfigKey{.section = "source",
              .name = "idle",
              .type = Boolean,
              .defaultValue = "true",
              .meaning = "Wait for new mail with IMAP IDLE when the server offers it; false "
                         "polls every poll_interval. A Maildir is watched with inotify either "
                         "way."},
    ConfigKey{.section = "source",
              .name = "starttls",
              .type = Boolean,
              .defaultValue = "true",
              .meaning = "For imap://: refuse to log in unless STARTTLS succeeds. Only loopback "
                         "test setups turn it off."},
    ConfigKey{.section = "source",
              .name = "tls_verify",
              .type = Boolean,
              .defaultValue = "true",
              .meaning = "Verify the server's certificate and name."},
    ConfigKey{.section = "source",
              .name = "ca_file",
              .type = Path,
              .defaultValue = "(the system's trust store)",
              .meaning = "CA certificates (PEM) to verify the IMAP server with."},
    // [smtp]
    ConfigKey{.section = "smtp",
              .name = "url",
              .type = Url,
              .required = true,
              .meaning = "smtp://host[:port] (STARTTLS required unless starttls = false), "
                         "smtps://host[:port], or maildir:PATH to write outbound mail into a "
                         "local Maildir."},
    ConfigKey{.section = "smtp",
              .name = "user",
              .defaultValue = "(no SMTP AUTH)",
              .meaning = "SMTP AUTH login name; set it and password_file when the relay wants "
                         "authentication."},
    ConfigKey{.section = "smtp",
              .name = "password_file",
              .type = Path,
              .defaultValue = "(required with user)",
              .meaning = "File whose first line is the SMTP password (root:cvdd 0640)."},
    ConfigKey{.section = "smtp",
              .name = "starttls",
              .type = Boolean,
              .defaultValue = "true",
              .meaning = "For smtp://: refuse to send unless STARTTLS succeeds."},
    ConfigKey{.section = "smtp",
              .name = "tls_verify",
              .type = Boolean,
              .defaultValue = "true",
              .meaning = "Verify the relay's certificate and name."},
    ConfigKey{.section = "smtp",
              .name = "ca_file",
              .type = Path,
              .defaultValue = "(the system's trust store)",
              .meaning = "CA certificates (PEM) to verify the relay with."},
    ConfigKey{.section = "smtp",
              .name = "retry_initial",
              .type = Integer,
              .min = 1,
              .max = 86400,
              .defaultValue = "30",
              .unit = "seconds",
              .meaning = "Wait after a failed send before the first retry; the wait doubles "
                         "with each failure."},
    ConfigKey{.section = "smtp",
              .name = "retry_max",
              .type = Integer,
              .min = 1,
              .max = 7 * 86400,
              .defaultValue = "3600",
              .unit = "seconds",
              .meaning = "The longest wait between retries; not smaller than retry_initial."},
    // [state]
    ConfigKey{.section = "state",
              .name = "dir",
              .type = Path,
              .required = true,
              .meaning = "The state directory (LMDB in dir/db, the GnuPG home by default). "
                         "Under systemd /var/lib/cvdd, created 0700 by StateDirectory=."},
    ConfigKey{.section = "state",
              .name = "map_size_mib",
              .type = Integer,
              .min = 1,
              .max = kMiBMax,
              .defaultValue = "4096",
              .unit = "MiB",
              .meaning = "The LMDB map size to start with; it doubles when full."},
    ConfigKey{.section = "state",
              .name = "map_size_max_mib",
              .type = Integer,
              .min = 1,
              .max = kMiBMax,
              .defaultValue = "65536",
              .unit = "MiB",
              .meaning = "The cap the map grows to; at the cap intake pauses with STORE_FULL "
                         "until there is room, and nothing is lost."},
    ConfigKey{.section = "state",
              .name = "raw_quota_mib",
              .type = Integer,
              .min = 0,
              .max = kMiBMax,
              .defaultValue = "0",
              .unit = "MiB",
              .meaning = "Quota on the distinct raw inbound bytes kept; 0: none."},
    ConfigKey{.section = "state",
              .name = "quarantine_quota_mib",
              .type = Integer,
              .min = 0,
              .max = kMiBMax,
              .defaultValue = "0",
              .unit = "MiB",
              .meaning = "Quota on the raw bytes held only by the quarantine; 0: none."},
    ConfigKey{.section = "state",
              .name = "deadlines_per_commit",
              .type = Integer,
              .min = 1,
              .max = 1000,
              .defaultValue = "32",
              .meaning = "Due deadlines fired in one LMDB transaction (one fsync for many); a "
                         "batch that fails is fired again one by one."},
    // [templates]
    ConfigKey{.section = "templates",
              .name = "dir",
              .type = Path,
              .defaultValue = "(the built-in notices)",
              .meaning = "Directory whose <notice>.<ja|en>.mustache files override the "
                         "built-in notices."},
    // [limits]
    ConfigKey{.section = "limits",
              .name = "message_size",
              .type = Integer,
              .min = 1024,
              .max = kGiB,
              .defaultValue = "26214400",
              .unit = "bytes",
              .meaning = "A larger message is quarantined by its header alone; the body stays "
                         "on the server."},
    ConfigKey{.section = "limits",
              .name = "mime_depth",
              .type = Integer,
              .min = 1,
              .max = 100,
              .defaultValue = "20",
              .meaning = "Deepest MIME nesting read."},
    ConfigKey{.section = "limits",
              .name = "part_count",
              .type = Integer,
              .min = 1,
              .max = 100000,
              .defaultValue = "250",
              .meaning = "Most MIME parts in one message."},
    ConfigKey{.section = "limits",
              .name = "header_count",
              .type = Integer,
              .min = 10,
              .max = 100000,
              .defaultValue = "500",
              .meaning = "Most header fields in one header section."},
    ConfigKey{.section = "limits",
              .name = "header_length",
              .type = Integer,
              .min = 998,
              .max = 10 << 20,
              .defaultValue = "65536",
              .unit = "bytes",
              .meaning = "Longest unfolded header field."},
    ConfigKey{.section = "limits",
              .name = "decoded_size",
              .type = Integer,
              .min = 1024,
              .max = 4 * kGiB,
              .defaultValue = "52428800",
              .unit = "bytes",
              .meaning = "Most bytes of all parts together, decoded."},
    ConfigKey{.section = "limits",
              .name = "acks_per_sender_per_hour",
              .type = Integer,
              .min = 0,
              .max = 1000000,
              .defaultValue = "5",
              .meaning = "Acknowledgements one address gets in an hour; reports beyond it "
                         "still open cases and get no answer. 0 sends none."},
    ConfigKey{.section = "limits",
              .name = "acks_per_domain_per_hour",
              .type = Integer,
              .min = 0,
              .max = 1000000,
              .defaultValue = "20",
              .meaning = "The same for all addresses of one domain, so forged senders cannot "
                         "make cvdd a source of backscatter."},
    ConfigKey{.section = "limits",
              .name = "acks_per_hour",
              .type = Integer,
              .min = 0,
              .max = 1000000,
              .defaultValue = "200",
              .meaning = "The same for all senders together."},
    ConfigKey{.section = "limits",
              .name = "max_attempts",
              .type = Integer,
              .min = 1,
              .max = 100,
              .defaultValue = "3",
              .meaning = "Attempts at one message (a crash or watchdog kill counts) before it "
                         "is quarantined raw and intake moves on."},
    ConfigKey{.section = "limits",
              .name = "processing_seconds",
              .type = Integer,
              .min = 10,
              .max = 86400,
              .defaultValue = "300",
              .unit = "seconds",
              .meaning = "One step still running after this long stops the watchdog pings, so "
                         "systemd restarts cvdd."},
    // [openpgp]
    ConfigKey{.section = "openpgp",
              .name = "home",
              .type = Path,
              .defaultValue = "(<[state] dir>/gnupg)",
              .meaning = "The GnuPG home."},
    ConfigKey{.section = "openpgp",
              .name = "sign",
              .type = Boolean,
              .defaultValue = "true",
              .meaning = "Sign every outgoing message with the coordinator key."},
    ConfigKey{.section = "openpgp",
              .name = "key",
              .defaultValue = "(the intake address's secret key, generated at first start)",
              .meaning = "The coordinator key's 40-digit fingerprint (spaces allowed)."},
    ConfigKey{.section = "openpgp",
              .name = "workers",
              .type = Integer,
              .min = 1,
              .max = 64,
              .defaultValue = "(one per core)",
              .meaning = "Threads that open (decrypt, verify) the next messages while one is "
                         "committed; read at start only."},
    ConfigKey{.section = "openpgp",
              .name = "offered_keys",
              .type = Integer,
              .min = 0,
              .max = 20,
              .defaultValue = "3",
              .meaning = "Keys (attached or Autocrypt) one message may offer for its sender; a "
                         "message offering more has none imported. 0 takes none."},
    ConfigKey{.section = "openpgp",
              .name = "offered_key_kib",
              .type = Integer,
              .min = 1,
              .max = 1024,
              .defaultValue = "64",
              .unit = "KiB",
              .meaning = "The largest offered key imported."},
    // [deadlines]
    ConfigKey{.section = "deadlines",
              .name = "publication_target_days",
              .type = Integer,
              .min = 1,
              .max = 3650,
              .defaultValue = "45",
              .unit = "days",
              .meaning = "Start date + N: the publication target; alerts while a vendor that "
                         "has the details has stated no status (003 §4-1)."},
    ConfigKey{.section = "deadlines",
              .name = "reminder_days",
              .type = Integers,
              .min = 1,
              .max = 3650,
              .defaultValue = "[7, 14, 30]",
              .unit = "days",
              .meaning = "Reminders after the start date while a vendor has never answered."},
    ConfigKey{.section = "deadlines",
              .name = "unreachable_months",
              .type = Integer,
              .min = 1,
              .max = 120,
              .defaultValue = "3",
              .unit = "months",
              .meaning = "Start date + N without any answer: the vendor is unreachable and "
                         "listed (003 §2-3, §4-5)."},
    ConfigKey{.section = "deadlines",
              .name = "silence_months",
              .type = Integer,
              .min = 1,
              .max = 120,
              .defaultValue = "3",
              .unit = "months",
              .meaning = "A vendor that answered once becomes unreachable N months after the "
                         "first request of ours it left unanswered (003 §4-5)."},
    ConfigKey{.section = "deadlines",
              .name = "coordination_impossible_months",
              .type = Integer,
              .min = 1,
              .max = 240,
              .defaultValue = "6",
              .unit = "months",
              .meaning = "Coordination is impossible this long after the start date; for a "
                         "vendor listed later, coordination_impossible_months - "
                         "unreachable_months after the listing (000 ch.5, 003 §7-2). Must be "
                         "after unreachable_months."},
    ConfigKey{.section = "deadlines",
              .name = "non_disclosure_months",
              .type = Integer,
              .min = 1,
              .max = 240,
              .defaultValue = "12",
              .unit = "months",
              .meaning = "The reporter's non-disclosure ends this long after the report "
                         "(003 §4-5)."},
    ConfigKey{.section = "deadlines",
              .name = "publication_reminder_days",
              .type = Integers,
              .min = 1,
              .max = 365,
              .defaultValue = "[7, 1]",
              .unit = "days",
              .meaning = "Reminders to the vendors this many days before the publication date."},
    ConfigKey{.section = "deadlines",
              .name = "operator_warning_days",
              .type = Integer,
              .min = 0,
              .max = 365,
              .defaultValue = "7",
              .unit = "days",
              .meaning = "The operators get a DEADLINE_APPROACHING alert this long before the "
                         "3-month, 6-month, 1-year and 45-day marks; 0: none."},
    ConfigKey{.section = "deadlines",
              .name = "product_disclosure_months",
              .type = Integer,
              .min = 1,
              .max = 120,
              .defaultValue = "3",
              .unit = "months",
              .meaning = "A vendor listed unreachable by name gets its product name and version "
                         "listed this long after the listing (003 §7-1)."},
    ConfigKey{.section = "deadlines",
              .name = "contact_deadline_months",
              .type = Integer,
              .min = 1,
              .max = 120,
              .defaultValue = "3",
              .unit = "months",
              .meaning = "When coordination becomes impossible the listing gets a contact "
                         "deadline this long after that day (003 §7-2)."},
    // [publication]
    ConfigKey{.section = "publication",
              .name = "dir",
              .type = Path,
              .defaultValue = "(unset: no site)",
              .meaning = "The site's directory, replaced whole at each full publication; "
                         "outside [state] dir. cvdd writes the new tree and a lock file beside "
                         "it, so its parent must be cvdd's too (and in ReadWritePaths= under "
                         "systemd)."},
    ConfigKey{.section = "publication",
              .name = "base_url",
              .type = Url,
              .defaultValue = "(https://<[coordinator] hostname>)",
              .meaning = "The site's public https:// URL; the CSAF documents' canonical URLs "
                         "and csaf/provider-metadata.json are under it."},
    ConfigKey{.section = "publication",
              .name = "csaf_namespace",
              .type = Url,
              .defaultValue = "(https://<[coordinator] hostname>)",
              .meaning = "The CSAF publisher namespace (document.publisher.namespace), an "
                         "https:// URL."},
};

}  // namespace

std::span<const ConfigSection> configSections() {
  return kSections;
}

std::span<const ConfigKey> configKeys() {
  return kKeys;
}

std::optional<ConfigKey> findConfigKey(std::string_view section, std::string_view name) {
  const auto it = std::find_if(kKeys.begin(), kKeys.end(), [&](const ConfigKey& key) {
    return key.section == section && key.name == name;
  });
  if (it == kKeys.end()) return std::nullopt;
  return *it;
}

std::string_view typeName(ConfigType type) {
  switch (type) {
    case String:
      return "string";
    case Path:
      return "path";
    case Url:
      return "URL";
    case Integer:
      return "integer";
    case Boolean:
      return "boolean";
    case Strings:
      return "array of strings";
    case Integers:
      return "array of integers";
  }
  return "?";
}

}  // namespace cvdd::daemon
