#pragma once
// What an opened inbound message tells the pure core: thread clues, sender evidence,
// intake facts, and the timeline entry that records it.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/authentication.hpp"
#include "core/bounce_address.hpp"
#include "core/case.hpp"
#include "core/intake.hpp"
#include "core/replay.hpp"
#include "core/thread_match.hpp"
#include "crypto/open_message.hpp"
#include "crypto/reply_token.hpp"

namespace cvdd::daemon {

/// The timeline's signature state of a message whose good signature covers only part of it.
inline constexpr std::string_view kPartiallySigned = "partially-signed";

/// The sender's address (first From mailbox, lower-case), "" when there is none.
std::string senderOf(const crypto::OpenedMessage& opened);

/// Tokens from recipient addresses of the form intake+<token>@domain; a bounce address's
/// (intake+b-<token>) is no reply token.
std::vector<std::string> replyTokensIn(const crypto::OpenedMessage& opened,
                                       std::string_view intake);

core::ThreadClues threadCluesOf(const crypto::OpenedMessage& opened, std::string_view intake);

/// Where the message carries a reply token issued to its sender for this case: in a
/// recipient address (intake+<token>@domain), or in the Message-ID of a notice it answers
/// (In-Reply-To/References): the clues threadCluesOf found. caseForToken is
/// ThreadLookups::caseForToken: the case a token verifies for, for this sender.
core::TokenProof tokenProofOf(
    const core::ThreadClues& clues, std::string_view caseId,
    const std::function<std::optional<std::string>(std::string_view)>& caseForToken);

/// The sender evidence of a message; a good signature over only part of the message is
/// PartiallySigned, never Good.
core::SenderEvidence senderEvidenceOf(const crypto::OpenedMessage& opened, bool forgedToken,
                                      core::TokenProof token);

/// What tells a fresh signed reply from a replayed one (core/replay.hpp), but
/// appliedBefore, which the store knows.
core::SignedReplyFacts signedReplyFacts(const crypto::OpenedMessage& opened, const core::Case& c,
                                        std::string_view sender,
                                        const crypto::ReplyTokenKey* tokens);

/// SHA-256 (hex) over the signer, the signature time and the signed text: the same
/// signature mailed again, whatever its envelope, has the same digest.
std::string signedReplyDigest(const crypto::OpenedMessage& opened);

core::MailClass mailClassOf(const parsers::MessageAnalysis& analysis);

/// "message_size 30000000 > 26214400 (message)" for the first limit hit, if any.
std::optional<std::string> limitViolationOf(const parsers::MessageAnalysis& analysis);

/// The intake facts of an opened message, given how it threaded, a lookup of the
/// Message-IDs cvdd sent and the verdict on its bounce address (daemon/bounce_address).
/// The daemon and `cvdctl inspect` both take them from here, so the two always reach the
/// same decision.
core::IntakeFacts intakeFactsOf(
    const crypto::OpenedMessage& opened, const core::ThreadMatch& match,
    const std::function<std::optional<std::string>(std::string_view)>& caseForSentMessage,
    const core::BounceVerdict& bounceAddress);

core::TimelineEntry inboundEntry(const crypto::OpenedMessage& opened, const std::string& key,
                                 core::MessageRole role, core::Timestamp now,
                                 std::string_view intake);

}  // namespace cvdd::daemon
