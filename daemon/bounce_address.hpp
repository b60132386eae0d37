#pragma once
// Bounce addresses (VERP) on the daemon's side: the envelope sender each outbox entry
// leaves with, and what an inbound bounce's envelope recipient proves.

#include <string>
#include <string_view>

#include "core/bounce_address.hpp"
#include "crypto/open_message.hpp"
#include "crypto/reply_token.hpp"
#include "store/store.hpp"

namespace cvdd::daemon {

/// The envelope sender (MAIL FROM) for an outbox entry: intake local+b-<token>@domain, the
/// token an HMAC over the entry's case, Message-ID and recipient; the plain intake address
/// without a key (then no bounce can be believed).
std::string envelopeSenderFor(const crypto::ReplyTokenKey* key, std::string_view intake,
                              std::string_view caseId, std::string_view messageId,
                              std::string_view recipient);

/// Looks for a bounce address of this intake among the message's envelope recipients
/// (Delivered-To, X-Original-To) and To, and for the sent message (in the case its token
/// names, among the outbound messages of its timeline that are in the outbox) whose token
/// it is; the failed recipients are each failed block's Original-Recipient, else its
/// Final-Recipient. Without a key or a store nothing verifies.
core::BounceAddressEvidence bounceEvidenceOf(const crypto::OpenedMessage& opened,
                                             std::string_view intake, std::string_view casePrefix,
                                             const crypto::ReplyTokenKey* key,
                                             const store::ReadTxn* txn);

}  // namespace cvdd::daemon
