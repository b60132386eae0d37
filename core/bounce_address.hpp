#pragma once
// Whether a delivery status notification can be believed. Pure.
//
// Every message cvdd sends carries its own envelope sender, a bounce address with an HMAC
// of that outbox entry (crypto/bounce_token). Only a DSN delivered to such an address,
// whose token verifies, and which says that entry's recipient failed, is a failed contact
// attempt. The returned Message-ID is no proof: anyone can quote it.

#include <optional>
#include <string>
#include <vector>

namespace cvdd::core {

/// One message cvdd sent: its outbox entry's identity.
struct SentMessage {
  std::string caseId;
  std::string messageId;
  std::string recipient;
};

/// What the daemon found out about an inbound bounce's envelope recipient.
struct BounceAddressEvidence {
  bool toBounceAddress = false;               // delivered to a local+b-<token> address
  std::optional<SentMessage> sent;            // the entry whose token verified, if any
  std::vector<std::string> failedRecipients;  // the DSN's failed recipients
};

struct BounceVerdict {
  bool verified = false;
  std::optional<std::string> caseId;  // the case of the message whose token verified
  std::string reason;                 // why it is not believed; how it was, when it is
  std::string recipient;              // that message's recipient, when verified
};

/// Verified only when the bounce came to a bounce address whose token verified for one
/// sent message and it names failed recipients, every one of them that message's
/// recipient (compared case-insensitively).
BounceVerdict judgeBounce(const BounceAddressEvidence& evidence);

}  // namespace cvdd::core
