#pragma once
// The case lifecycle as a pure state machine: apply(workflow, command, context) returns the
// new workflow, the effects to carry out (notices, deadlines, operator alerts) and the
// history event, or an Error saying why the command is refused in this state. The caller
// stores all of it in one transaction; nothing here does I/O or reads a clock.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/calendar.hpp"
#include "core/committee.hpp"
#include "core/deadline.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "core/time_zone.hpp"
#include "core/vendor_status.hpp"

namespace cvdd::core {

/// Where the case as a whole stands (domain.md "Case lifecycle").
enum class CaseStage {
  Received,
  Accepted,
  Stopped,  // not accepted (one of StopReason)
  VendorsIdentified,
  Coordinating,          // a summary or detail notice has gone out
  PublicationScheduled,  // one publication date agreed for all vendors
  Published,
  PublicationCancelled,  // one of CancelReason (003 §4-2)
  Closed,                // terminal
};

/// Why a report is not accepted (domain.md step 2, (ア)–(オ)).
enum class StopReason {
  NotVulnerabilityInformation,
  OutOfScope,
  LowImpact,
  AlreadyPublished,
  VendorNotifiesUsers,
};

/// Why publication is called off after a vendor's answer (003 §4-2, domain.md step 9).
enum class CancelReason {
  NotAVulnerability,
  NoImpact,
  LowImpact,
  AlreadyPublished,
  VendorNotifiesAllUsers,
};

enum class ContactResult { Sent, Bounced, NoAnswer, Answered };

/// Why coordination with a vendor is impossible (調整不能, 000 3.(2)1)).
enum class CoordinationImpossibleReason {
  UnreachableSixMonths,  // (ア) unreachable on every channel for six months: the deadline
  NoAgreement,           // (イ) no agreement on publication is reachable: the operator
};
/// Why the operator declares a vendor unreachable at once (003 §2-3): no contact channel
/// exists, or the product's developer is unknown.
enum class UnreachableReason { NoChannel, UnknownDeveloper };

/// One attempt to reach a vendor on one channel ("mail:psirt@example.com", "phone", ...).
struct ContactAttemptRecord {
  Timestamp at;
  std::string channel;
  ContactResult result = ContactResult::Sent;
};

struct VendorParticipant {
  std::string vendorId;
  bool registered = true;  // an unregistered vendor is asked to register first (003 §2-3)
  std::vector<std::string> channels;  // every known contact channel; the first is primary
  std::vector<ContactAttemptRecord> attempts;
  VendorPhase phase = VendorPhase::NotContacted;
  Reachability reachability = Reachability::NotYetAnswered;
  bool summarySkipped = false;              // details were sent without a summary
  std::optional<Timestamp> startedAt;       // first contact attempt: the start date (起算日)
  std::optional<Timestamp> lastResponseAt;  // any answer by any channel
  std::optional<Timestamp> unreachableSince;
  bool coordinationImpossible = false;       // six months unreachable (000 ch.5)
  std::optional<PublicStatus> publicStatus;  // what the advisory shows
  std::string comment;                       // free text for the advisory
  std::string advisoryUrl;
  bool fixAvailable = false;  // a fix or workaround exists (gates priority provision)
  bool exploitationReported = false;
  // Meaningful while coordinationImpossible; records from before (イ) was recordable were
  // all made so by the six-month deadline.
  CoordinationImpossibleReason impossibleReason =
      CoordinationImpossibleReason::UnreachableSixMonths;
  std::optional<CommitteeOutcome> committeeOutcome;  // the publication committee's last ruling
  bool handlingEnded = false;  // the committee ended its handling: no deadlines, no notices
  std::optional<UnreachableReason> unreachableReason;  // set when marked unreachable at once
  // false: the comment is for the coordinator only (operators see it, nothing published
  // ever shows it).
  bool commentPublic = true;
  // The unreachable-vendors list (003 §7, figures 3–5). The store assigns the inquiry number
  // ("DID#00001") in the transaction that first writes the vendor unreachable, and the vendor
  // keeps it for good (listed again later: the same number). The listing date is
  // unreachableSince; the stages below are cleared when the vendor resumes.
  std::string inquiryNumber;
  std::optional<Timestamp> productsDisclosedAt;     // figure 4: product name and version added
  std::optional<Timestamp> contactDeadlineAddedAt;  // figure 5: the contact deadline added
  std::optional<CivilDate> contactDeadline;         // contact accepted until this local date

  /// The display state (see VendorState).
  VendorState state() const { return vendorState(phase, reachability, publicStatus); }
};

/// One answer a related organisation gave: kept with its time, never a status.
struct RelatedAnswer {
  Timestamp at;
  std::string text;
};

/// An organisation a vendor shares the case with (003 §8-2: a subcontractor or partner).
/// It gets the details under the same confidentiality as a vendor, straight from the
/// coordinator, and its answers are recorded; it has no advisory status, no start date and
/// no clocks, and it never appears in the advisory's vendor table or any vendor count.
struct RelatedOrganisationParticipant {
  std::string organisationId;  // its registry entry (kind related-organisation)
  std::string sharedBy;        // the vendor of the case that asked to share it
  std::vector<std::string> channels;
  Timestamp addedAt;
  std::optional<Timestamp> detailsSentAt;
  std::vector<RelatedAnswer> answers;
};

struct HistoryEvent {
  Timestamp at;
  std::string actor;    // "operator:alice", "vendor:acme", "deadline"
  std::string command;  // stable command name, e.g. "send-details"
  std::string detail;
};

struct CaseWorkflow {
  std::string caseId;
  CaseStage stage = CaseStage::Received;
  std::optional<StopReason> stopReason;
  std::optional<CancelReason> cancelReason;
  std::vector<VendorParticipant> vendors;
  std::optional<CivilDate> publicationDate;  // one date for all vendors, case time zone
  std::optional<Timestamp> publicationDateSetAt;
  std::optional<Timestamp> publishedAt;
  bool publishedBeforeDate = false;  // forced (leak, 003 §8-5)
  bool exploitationReported = false;
  std::optional<Assessment> assessment;       // impact and verifiability, for the committee
  std::vector<Timestamp> priorityProvisions;  // 003 §4-4
  std::vector<std::string> firedDeadlines;    // Deadline::key() of every fired deadline
  std::vector<HistoryEvent> history;
  std::vector<RelatedOrganisationParticipant> relatedOrganisations;  // 003 §8-2

  /// The vendor with this id, or nullptr.
  const VendorParticipant* vendor(std::string_view vendorId) const;
  /// The related organisation with this id, or nullptr.
  const RelatedOrganisationParticipant* relatedOrganisation(std::string_view organisationId) const;
};

/// Commands: what an operator, a vendor's mail or the deadline timer asks of a case.
namespace command {
struct Accept {};
struct Stop {
  StopReason reason;
  std::string note;
};
struct AddVendor {
  std::string vendorId;
  std::vector<std::string> channels;
  bool registered = true;
};
/// An unregistered vendor has completed its (individual) registration.
struct VendorRegistered {
  std::string vendorId;
};
struct SendSummary {
  std::string vendorId;
};
/// Details go to vendors that requested them; skipSummary sends them straight to a vendor
/// not yet contacted, when the vendor is obvious (domain.md step 4).
struct SendDetails {
  std::string vendorId;
  bool skipSummary = false;
};
struct VendorRequestedDetails {
  std::string vendorId;
};
struct VendorNoAffectedProduct {
  std::string vendorId;
};
struct VendorStatement {
  std::string vendorId;
  PublicStatus status = PublicStatus::InformationProvided;
  std::string comment;
  std::string advisoryUrl;
  bool fixAvailable = false;
  bool exploitationReported = false;
  bool commentPublic = true;  // false: the comment is never published
};
struct SetPublicationDate {
  CivilDate date;
};
struct MovePublicationDate {
  CivilDate date;
  std::string reason;  // required: the others are told why
};
/// Exploitation in the wild, reported by the reporter or (with vendorId) a vendor.
struct MarkExploited {
  std::string vendorId;  // empty when the reporter reported it
  std::string detail;
};
/// Advance provision to priority recipients (003 §4-4).
struct ProvidePriority {
  bool leakRisk = false;  // the operator's judgement: true refuses
};
/// force publishes before the agreed date (a leak, 003 §8-5); reason required then.
struct Publish {
  bool force = false;
  std::string reason;
};
struct Cancel {
  CancelReason reason;
  std::string vendorId;  // the vendor whose answer shows it, may be empty
};
struct Close {};
/// The operator's impact and verifiability assessment, which decides what becomes of the
/// case once a vendor's coordination is impossible (000 table 4-2).
struct Assess {
  Assessment assessment;
};
struct Note {
  std::string text;
};
struct ContactAttempt {
  std::string vendorId;
  std::string channel;
  ContactResult result = ContactResult::Sent;
};
/// The deadline timer: this deadline (as computed by deadlinesFor) fell due.
struct DeadlineFired {
  Deadline deadline;
};
/// 調整不能 (イ): the operator records that no agreement on publication is reachable with
/// the vendor. (ア), six months unreachable, is the coordination-impossible deadline's.
struct CoordinationImpossible {
  std::string vendorId;
  CoordinationImpossibleReason reason = CoordinationImpossibleReason::NoAgreement;
  std::string note;
};
/// The publication committee's ruling on a vendor whose coordination is impossible.
struct RecordCommitteeOutcome {
  std::string vendorId;
  CommitteeOutcome outcome = CommitteeOutcome::Continue;
  std::string note;
};
/// The operator declares the vendor unreachable at once (003 §2-3), without the clock.
struct MarkUnreachable {
  std::string vendorId;
  UnreachableReason reason = UnreachableReason::NoChannel;
};
/// A vendor's reply asks for a publication date (003 §4-2): the operator must act on it.
struct VendorRequestedDate {
  std::string vendorId;
  CivilDate date;
};
/// A vendor on the unreachable-vendors list answered its inquiry (mail whose subject
/// carries its DID# number, authenticated or accepted by an operator): coordination resumes
/// and the vendor leaves the list.
struct InquiryAnswered {
  std::string vendorId;
  std::string inquiryNumber;
  std::string channel;  // "mail:psirt@example.com"
};
/// A vendor of the case that has the details asked to share them with a registered
/// related organisation (003 §8-2).
struct AddRelatedOrganisation {
  std::string organisationId;
  std::string sharedBy;  // vendor id
  std::vector<std::string> channels;
};
/// The details go to the related organisation, confidential as to a vendor.
struct SendRelatedDetails {
  std::string organisationId;
};
/// The related organisation answered (by authenticated mail, or as the operator records).
struct RelatedOrganisationAnswered {
  std::string organisationId;
  std::string text;
};
}  // namespace command

using Command =
    std::variant<command::Accept, command::Stop, command::AddVendor, command::VendorRegistered,
                 command::SendSummary, command::SendDetails, command::VendorRequestedDetails,
                 command::VendorNoAffectedProduct, command::VendorStatement,
                 command::SetPublicationDate, command::MovePublicationDate, command::MarkExploited,
                 command::ProvidePriority, command::Publish, command::Cancel, command::Close,
                 command::Assess, command::Note, command::ContactAttempt, command::DeadlineFired,
                 command::CoordinationImpossible, command::RecordCommitteeOutcome,
                 command::MarkUnreachable, command::VendorRequestedDate,
                 command::AddRelatedOrganisation, command::SendRelatedDetails,
                 command::RelatedOrganisationAnswered, command::InquiryAnswered>;

/// RelatedOrganisation: SendNotice::vendorId names the organisation (003 §8-2).
enum class NoticeRecipient { Reporter, Vendor, PriorityRecipients, RelatedOrganisation };

/// Whether the named notice carries embargoed information (details, publication dates)
/// to this recipient: then it goes only to the registered contact, encrypted, or is held.
/// The one table every SendNotice effect and `cvdctl case preview` read.
bool noticeIsConfidential(std::string_view notice, NoticeRecipient recipient);

/// Effects: what the caller must do after storing the transition.
namespace effect {
/// Queue the named notice template ("vulnerability-details") for the recipient.
/// confidential: carries embargoed information; only to the registered contact, encrypted
/// where it has a key.
struct SendNotice {
  std::string notice;
  NoticeRecipient recipient = NoticeRecipient::Vendor;
  std::string vendorId;  // for NoticeRecipient::Vendor (the organisation: RelatedOrganisation)
  bool confidential = false;

  friend bool operator==(const SendNotice&, const SendNotice&) = default;
};
/// Add to the due-time index (due may already be past: fire it at once).
struct ScheduleDeadline {
  Deadline deadline;

  friend bool operator==(const ScheduleDeadline&, const ScheduleDeadline&) = default;
};
/// Remove these keys from the index: they no longer apply.
struct CancelDeadlines {
  std::string vendorId;
  std::vector<DeadlineKind> kinds;
  std::vector<std::string> keys;

  friend bool operator==(const CancelDeadlines&, const CancelDeadlines&) = default;
};
/// Tell the operator; code is a stable ID ("VENDOR_UNREACHABLE").
struct AlertOperator {
  std::string code;
  std::string text;

  friend bool operator==(const AlertOperator&, const AlertOperator&) = default;
};
}  // namespace effect

using Effect = std::variant<effect::SendNotice, effect::ScheduleDeadline, effect::CancelDeadlines,
                            effect::AlertOperator>;

struct Transition {
  CaseWorkflow workflow;  // the new state, history already appended
  std::vector<Effect> effects;
  HistoryEvent event;
};

/// What apply() needs besides the state: the time (never read here), who acts, the
/// case's time zone (dates are local to it) and the deadline policy.
struct ApplyContext {
  Timestamp now;
  std::string actor;
  const TimeZone& timeZone;
  const DeadlinePolicy& policy;
};

/// Applies one command. On success returns the new workflow (history appended), the
/// effects, and ScheduleDeadline/CancelDeadlines for exactly the change in pending
/// deadlines. Fails with Errc::IllegalTransition naming the state when the command is not
/// allowed now, Errc::NotFound for an unknown vendor or a deadline no longer current,
/// Errc::Duplicate for a vendor added twice or a deadline fired twice, and
/// Errc::InvalidConfig for missing command data (an empty reason). The input is unchanged.
Result<Transition> apply(const CaseWorkflow& workflow, const Command& command,
                         const ApplyContext& context);

/// Stable names ("publication-scheduled", "vendor-notifies-users", ...).
std::string_view caseStageName(CaseStage stage);

/// Every value of the enums that operators and stored records name, in declaration order
/// (to read a name back: find the value whose *Name() it is).
inline constexpr std::array kStopReasons{
    StopReason::NotVulnerabilityInformation, StopReason::OutOfScope, StopReason::LowImpact,
    StopReason::AlreadyPublished, StopReason::VendorNotifiesUsers};
inline constexpr std::array kCancelReasons{CancelReason::NotAVulnerability, CancelReason::NoImpact,
                                           CancelReason::LowImpact, CancelReason::AlreadyPublished,
                                           CancelReason::VendorNotifiesAllUsers};
inline constexpr std::array kContactResults{ContactResult::Sent, ContactResult::Bounced,
                                            ContactResult::NoAnswer, ContactResult::Answered};
std::string_view stopReasonName(StopReason reason);
std::string_view cancelReasonName(CancelReason reason);
std::string_view contactResultName(ContactResult result);
inline constexpr std::array kCoordinationImpossibleReasons{
    CoordinationImpossibleReason::UnreachableSixMonths, CoordinationImpossibleReason::NoAgreement};
/// "unreachable-six-months", "no-agreement".
std::string_view coordinationImpossibleReasonName(CoordinationImpossibleReason reason);
inline constexpr std::array kUnreachableReasons{UnreachableReason::NoChannel,
                                                UnreachableReason::UnknownDeveloper};
/// "no-channel", "unknown-developer".
std::string_view unreachableReasonName(UnreachableReason reason);
/// The command's stable name as written in history ("send-details").
std::string_view commandName(const Command& command);

/// Whether the vendor is on the public unreachable-vendors list now: unreachable, its
/// handling not ended by the committee, in a case neither stopped, cancelled nor closed.
bool listedUnreachable(const CaseWorkflow& workflow, const VendorParticipant& vendor);

/// Whether the vendor's product name and version are on its current listing (003 §7-1,
/// figure 4): disclosed since it was last listed. productsDisclosedAt is kept after the
/// vendor resumes (the statistics count disclosures), so a listing that starts later
/// starts from the name alone.
bool productsDisclosed(const VendorParticipant& vendor);

/// The vendor's start date (起算日): the local date of its first contact attempt, or
/// nullopt when it has not been contacted.
std::optional<CivilDate> startDate(const VendorParticipant& vendor, const TimeZone& tz);

/// Registered channels with no recorded attempt, in registration order.
std::vector<std::string> untriedChannels(const VendorParticipant& vendor);

}  // namespace cvdd::core
