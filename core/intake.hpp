#pragma once
// The intake decision: what becomes of one inbound message. Pure.

#include <optional>
#include <string>
#include <variant>

namespace cvdd::core {

/// What kind of mail this is, as far as loops are concerned.
enum class MailClass { Normal, AutoReply, Bounce, MailingList };

/// What intake needs to know, established by parsing, thread matching and limits.
struct IntakeFacts {
  MailClass mailClass = MailClass::Normal;
  std::string mailClassReason;                // e.g. "Auto-Submitted: auto-replied"
  std::optional<std::string> limitViolation;  // e.g. "message_size 30000000 > 26214400"
  std::optional<std::string> matchedCase;     // by token, references or subject
  std::optional<std::string> bouncedCase;     // a DSN's original message was this case's
  // The bounce came to the bounce address (VERP) of a message cvdd sent, its token
  // verified and its failed recipient was that message's (core/bounce_address). Only
  // then is it believed; the returned Message-ID alone is public and proves nothing.
  bool bounceAddressVerified = false;
  std::string bounceAddressReason;  // why it was not verified
  std::string bouncedRecipient;     // the failed recipient, once verified
  bool hasSender = true;            // a usable From address
  // The subject carries a DID# inquiry number that was never given: no report, and no
  // case to attach it to.
  std::optional<std::string> unknownInquiry;
};

/// A new report: open a case and (normally) acknowledge it.
struct OpenCase {
  bool acknowledge = true;
};

/// A message for an existing case; authentication decides whether it is the voice of a
/// participant or waits in quarantine.
struct AttachToCase {
  std::string caseId;
};

/// A delivery failure for mail cvdd sent on this case: a failed contact attempt on the
/// channel to recipient.
struct RecordBounce {
  std::string caseId;
  std::string recipient;
};

/// Kept raw and shown to an operator; changes no case and is never answered.
struct Quarantine {
  std::string reason;
  std::optional<std::string> caseId;  // the case it seemed to concern, if any
};

using IntakeDecision = std::variant<OpenCase, AttachToCase, RecordBounce, Quarantine>;

/// Decides in this order: over a limit → quarantine; a bounce → failed contact attempt
/// when its bounce address verified, else quarantine (on the case it seems to concern,
/// never applied); a matched case → attach; an unknown DID# inquiry number → quarantine;
/// automatic mail for no case → quarantine (never answered, no case: no mail loops);
/// no sender → quarantine; otherwise a new case.
IntakeDecision decideIntake(const IntakeFacts& facts);

}  // namespace cvdd::core
