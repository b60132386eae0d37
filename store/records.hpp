#pragma once
// What cvdd keeps in LMDB besides cases and their workflows.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/case.hpp"
#include "core/deadline.hpp"
#include "core/lifecycle.hpp"
#include "core/time.hpp"

namespace cvdd::store {

/// Where an IMAP mailbox was read up to. A new UIDVALIDITY means the server renumbered
/// the mailbox: the position restarts and already-stored messages are recognised by hash.
struct SourcePosition {
  std::uint64_t uidValidity = 0;
  std::uint64_t lastUid = 0;
};

/// One accepted inbound message. key is unique per source message:
/// "imap:<mailbox>:<uidvalidity>:<uid>" or "maildir:<unique name>".
struct InboxItem {
  std::string key;
  std::string sha256;  // hex digest of the raw bytes
  core::Timestamp receivedAt;
  std::string caseId;    // case it opened or joined
  bool flagged = false;  // marked processed at the source (after the commit)
};

/// Pending: to be sent. Sent: accepted by the server. Held: never sent as it is (a
/// confidential message with no usable key for a recipient); an operator must act.
enum class OutboxState { Pending, Sent, Held };

/// "pending", "sent", "held".
std::string_view outboxStateName(OutboxState state);

/// One outbound message, composed and durable before any attempt to send it.
struct OutboxEntry {
  std::uint64_t seq = 0;  // assigned by enqueue, strictly increasing
  std::string caseId;
  std::string messageId;  // deterministic, without angle brackets
  std::string envelopeFrom;
  std::vector<std::string> recipients;
  std::string raw;  // the complete message, CRLF line ends
  OutboxState state = OutboxState::Pending;
  int attempts = 0;
  core::Timestamp nextAttemptAt;
  std::optional<core::Timestamp> sentAt;
  std::string lastError;
  bool confidential = false;  // must never leave unencrypted
  // Held: the notice as composed, before any MIME (the daemon's encoding, see
  // daemon/held_notice.hpp), so that an operator can release it in clear
  // (WriteTxn::releaseHeld). Never sent as it is: only raw is ever sent.
  std::string heldNotice;
};

/// An OpenPGP key or an X.509 certificate bound to an address: the only way a key comes
/// to speak for someone.
struct KeyBinding {
  std::string address;      // lower-case
  std::string fingerprint;  // primary key (OpenPGP) or certificate SHA-1 (CMS), upper-case hex
  std::string source;       // "attached-key", "autocrypt", "operator"
  std::string trust;        // "tofu" (first key seen from that address) or "operator"
  core::Timestamp boundAt;
  std::string caseId;                // the case whose message brought the key, if any
  std::string boundBy;               // the operator who bound it (trust "operator"); "" for TOFU
  std::string protocol = "openpgp";  // "openpgp", or "cms": an S/MIME certificate in gpgsm
};

enum class QuarantineState { Pending, Accepted, Rejected };

/// "pending", "accepted", "rejected".
std::string_view quarantineStateName(QuarantineState state);

/// A message kept raw for an operator: unauthenticated, over a limit, or unexpected.
struct QuarantineItem {
  std::uint64_t id = 0;  // assigned by addQuarantine
  std::string inboxKey;
  std::string caseId;  // the case it concerns, "" when none
  std::string reason;
  core::Timestamp at;
  std::string from;
  std::string subject;
  QuarantineState state = QuarantineState::Pending;
  std::string decidedBy;
  std::optional<core::Timestamp> decidedAt;
  std::string decisionNote;
};

/// The last `cvdctl quarantine purge`: who deleted what, when, and what it freed.
struct QuarantinePurge {
  core::Timestamp at;
  std::string by;         // the operator
  std::string selection;  // what was asked for, e.g. "state rejected, older than 30 days"
  std::uint64_t items = 0;
  std::uint64_t freedBytes = 0;

  friend bool operator==(const QuarantinePurge&, const QuarantinePurge&) = default;
};

/// One way to reach a vendor by mail. The address is unique across all vendors: it is how
/// an inbound message is attributed to a vendor.
struct VendorContact {
  std::string address;
  std::string managerName;
  std::optional<std::string> keyFingerprint;  // primary key, upper-case hex
};

/// General: registered for technology keywords, told of every matching case. Individual:
/// registered for one case. Unregistered: known, asked to register first (003 §2-3).
enum class RegistrationKind { General, Individual, Unregistered };

/// "general", "individual", "unregistered".
std::string_view registrationKindName(RegistrationKind kind);

enum class ParticipantKind { Vendor, RelatedOrganisation, PriorityRecipient };

/// "vendor", "related-organisation", "priority-recipient".
std::string_view participantKindName(ParticipantKind kind);

/// A vendor (or related organisation, or priority recipient) in the registry.
struct VendorRecord {
  std::string id;  // short stable id chosen by the operator, e.g. "acme"
  std::string organisation;
  ParticipantKind kind = ParticipantKind::Vendor;
  RegistrationKind registration = RegistrationKind::Individual;
  std::vector<VendorContact> contacts;     // first = primary
  std::vector<std::string> otherChannels;  // "phone:+81-3-…", "fax:…", "post:…"
  std::vector<std::string> keywords;       // technology keywords (general registration)
  std::vector<std::string> products;
  std::string relatedTo;  // for a related organisation: the vendor id that named it
  std::string language;   // "ja" or "en" for its notices; "" means the case's language
  core::Timestamp createdAt;
  core::Timestamp updatedAt;
  std::string createdBy;  // operator names (cvdctl --as, else the environment)
  std::string updatedBy;
  // A public link to the developer or its product: the unreachable-vendors list's related
  // link (003 figure 3). Not a contact channel.
  std::string link;
};

/// What the coordinator knows of a case's vulnerability: the reporter's fields (ア)–(コ)
/// as extracted from the report (and completed by the reporter's later replies), and the
/// texts the operator writes for the notices. Kept apart from the Case so that the
/// timeline never holds report content.
struct CaseReport {
  std::string caseId;
  // From the reporter (parsers::ReportFields); consents are "yes", "no" or "unknown".
  std::string reporterName;
  std::string reporterContact;
  std::string shareIdentityWithVendor = "unknown";   // (ウ): only "yes" lets it reach a vendor
  std::string vendorMayContactDirectly = "unknown";  // (エ)
  std::string publishName = "unknown";               // (オ): credit in the advisory
  std::string product;
  std::string vulnerability;  // (キ): the details, confidential until publication
  std::string personalData;
  std::string otherOrganisations;
  std::string otherFacts;
  std::string exploitationObserved = "unknown";
  std::vector<std::string> missing;  // required fields still missing
  // Written by the operator (cvdctl case edit); defaults are derived when empty.
  std::string title;        // neutral title, safe for a subject line
  std::string summary;      // 脆弱性概要情報: no technical detail
  std::string solution;     // fix or workaround, for the priority advisory
  std::string credit;       // credit line; used only when publishName is "yes"
  std::string advisoryUrl;  // the published advisory
  // What vendors read as the details (core/vendor_disclosure.hpp): the operator's text
  // (detailsSource "operator") or the reporter's confirmed as is ("report-confirmed");
  // "none" until then, and the details cannot be sent.
  std::string details;
  std::string detailsSource = "none";
  std::string detailsBy;           // "operator:alice": who wrote or confirmed them
  bool productByOperator = false;  // product was set by `case edit --product`
  // The exploitation statement agreed with the vendors (000 4.8: 「製品開発者と協議のうえ」),
  // set by `case edit --exploitation-statement`: the priority advisory and the published
  // notice quote it; without it they say nothing of exploitation (never the reporter's
  // otherFacts or exploitationObserved).
  std::string exploitationStatement;
  // Set by `case edit --cve` / `--cvss` (issue 12): the CVE IDs assigned (checked by
  // core::isCveId) and the CVSS v3.1 base vector in canonical order (core::parseCvssV31;
  // the score is computed from it, never stored apart). Public once the case is published.
  std::vector<std::string> cves;
  std::string cvssVector;
  // The public advisory's texts (issue 12, 003 §6-4 figure 1), set by `case edit
  // --description/--impact/--reference/--coordinator-notes`: what the public reads of the
  // vulnerability (詳細情報, never the vendors' details or the report), its impact (想定される
  // 影響), reference lines (a URL, or "text URL") and the coordinator's notes (補足情報).
  std::string description;
  std::string impact;
  std::vector<std::string> references;
  std::string coordinatorNotes;

  friend bool operator==(const CaseReport&, const CaseReport&) = default;
};

/// What a list of cases shows of each one. putCase keeps it beside the case, so listing
/// every case decodes a few fields each instead of their participants and timelines.
struct CaseSummary {
  std::string id;
  core::CaseState state = core::CaseState::Received;
  std::string reporter;
  std::string subject;
  core::Timestamp receivedAt;
  core::Language language = core::Language::English;
  std::size_t messages = 0;  // timeline entries
  // The coordination side, for `cvdctl case list` and `cvdctl todo` without reading every
  // workflow: kept up to date whenever the case's workflow or its deadlines change (at the
  // commit of that transaction). Absent (stage nullopt) for a case without a workflow, and
  // in a summary written before these fields until the store is next opened for writing.
  std::optional<core::CaseStage> stage;
  std::optional<core::Deadline> nextDeadline;  // the earliest pending one
  std::size_t vendorsWaiting = 0;              // contacted, not answered / no status stated yet
  std::optional<core::CivilDate> publicationDate;
  std::vector<std::string> decisions;  // core::dueDecisions: what an operator must decide

  friend bool operator==(const CaseSummary&, const CaseSummary&) = default;
};

/// The case's summary.
CaseSummary summaryOf(const core::Case& c);

/// An operator alert the coordination workflow raised (core::effect::AlertOperator), kept
/// until an operator acknowledges it (`cvdctl alert ack N`), so `cvdctl todo` can list
/// what is still open. The mail to the operators is separate and unchanged.
struct RaisedAlert {
  std::uint64_t id = 0;  // assigned by addAlert
  std::string caseId;
  std::string code;  // stable ID, e.g. "COORDINATION_IMPOSSIBLE"
  std::string text;
  core::Timestamp at;
  std::string acknowledgedBy;  // "" while open
  std::optional<core::Timestamp> acknowledgedAt;

  friend bool operator==(const RaisedAlert&, const RaisedAlert&) = default;
};

/// A deadline whose firing failed (a broken override template, an OpenPGP engine error):
/// it stays in the index, at retryAt instead of its due time, so it neither blocks the
/// deadlines behind it nor is lost.
struct DeadlineRetry {
  std::uint32_t attempts = 0;  // failed firings so far
  core::Timestamp retryAt;
  std::string lastError;

  friend bool operator==(const DeadlineRetry&, const DeadlineRetry&) = default;
};

/// One entry of the deadline due-time index: a case's deadline, unique by
/// (caseId, deadline.key()).
struct ScheduledDeadline {
  std::string caseId;
  core::Deadline deadline;
  std::optional<DeadlineRetry> retry;  // set after a failed firing

  /// Where the entry sits in the due-time index: the retry time once deferred.
  core::Timestamp indexTime() const { return retry ? retry->retryAt : deadline.due; }
};

}  // namespace cvdd::store
