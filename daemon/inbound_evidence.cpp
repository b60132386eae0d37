#include "daemon/inbound_evidence.hpp"

#include "core/participant.hpp"
#include "crypto/bounce_token.hpp"
#include "crypto/reply_token.hpp"
#include "daemon/notice_reference.hpp"
#include "parsers/vendor_reply_form.hpp"
#include "store/digest.hpp"

namespace cvdd::daemon {

std::string senderOf(const crypto::OpenedMessage& opened) {
  const auto& from = opened.effective.message.from;
  return from.empty() ? "" : core::normalizeAddress(from.front().address);
}

std::vector<std::string> replyTokensIn(const crypto::OpenedMessage& opened,
                                       std::string_view intake) {
  std::vector<std::string> tokens;
  auto consider = [&](std::string_view address) {
    auto token = crypto::tokenInAddress(address, intake);
    if (token && !crypto::bounceTokenInAddress(address, intake)) tokens.push_back(*token);
  };
  for (const auto& m : opened.outer.message.to) consider(m.address);
  for (const auto& a : opened.outer.cc) consider(a);
  for (const auto& a : opened.outer.deliveredTo) consider(a);
  return tokens;
}

core::ThreadClues threadCluesOf(const crypto::OpenedMessage& opened, std::string_view intake) {
  const auto& m = opened.effective.message;
  core::ThreadClues clues;
  clues.replyTokens = replyTokensIn(opened, intake);
  if (!m.inReplyTo.empty()) clues.references.push_back(m.inReplyTo);
  clues.references.insert(clues.references.end(), m.references.rbegin(), m.references.rend());
  clues.subject = m.subject;
  return clues;
}

core::TokenProof tokenProofOf(
    const core::ThreadClues& clues, std::string_view caseId,
    const std::function<std::optional<std::string>(std::string_view)>& caseForToken) {
  auto names = [&](std::string_view token) {
    const auto issuedFor = caseForToken(token);
    return issuedFor && *issuedFor == caseId;
  };
  for (const auto& token : clues.replyTokens)
    if (names(token)) return core::TokenProof::RecipientAddress;
  for (const auto& id : clues.references)
    if (auto token = crypto::tokenInMessageId(id); token && names(*token))
      return core::TokenProof::References;
  return core::TokenProof::None;
}

core::SenderEvidence senderEvidenceOf(const crypto::OpenedMessage& opened, bool forgedToken,
                                      core::TokenProof token) {
  using S = core::SignatureEvidence::Status;
  core::SenderEvidence evidence;
  evidence.fromAddress = senderOf(opened);
  // Several From mailboxes, or an inner From that differs from the outer one, make the
  // sender ambiguous (the Thunderbird "multi-from" spoof).
  evidence.fromCount = opened.outer.message.from.size();
  if (!opened.effective.message.from.empty() && !opened.outer.message.from.empty() &&
      core::normalizeAddress(opened.effective.message.from.front().address) !=
          core::normalizeAddress(opened.outer.message.from.front().address))
    evidence.fromCount = 2;
  evidence.forgedReplyToken = forgedToken;
  evidence.token = token;
  switch (opened.verification.status) {
    case crypto::SignatureStatus::Unsigned:
      evidence.signature.status = S::Unsigned;
      break;
    case crypto::SignatureStatus::Good:
      evidence.signature.status = S::Good;
      break;
    case crypto::SignatureStatus::Bad:
      evidence.signature.status = S::Bad;
      break;
    case crypto::SignatureStatus::UnknownKey:
      evidence.signature.status = S::UnknownKey;
      break;
    case crypto::SignatureStatus::ExpiredKey:
      evidence.signature.status = S::ExpiredKey;
      break;
    case crypto::SignatureStatus::RevokedKey:
      evidence.signature.status = S::RevokedKey;
      break;
    case crypto::SignatureStatus::Error:
      evidence.signature.status = S::Error;
      break;
  }
  // Only signed content counts as signed: a good signature beside unsigned content speaks
  // for nobody.
  if (crypto::partiallySigned(opened)) evidence.signature.status = S::PartiallySigned;
  evidence.signature.fingerprint = opened.verification.fingerprint;
  return evidence;
}

core::SignedReplyFacts signedReplyFacts(const crypto::OpenedMessage& opened, const core::Case& c,
                                        std::string_view sender,
                                        const crypto::ReplyTokenKey* tokens) {
  core::SignedReplyFacts facts;
  facts.caseId = c.id;
  auto lower = [](std::string text) {
    for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return text;
  };
  facts.signedContentNamesCase =
      lower(opened.effective.message.bodyText).find(lower(c.id)) != std::string::npos;
  facts.signedAt = opened.verification.signedAt;
  if (tokens != nullptr)
    if (auto reference = parsers::replyFormReference(opened.effective.message.bodyText))
      facts.referencedNotice = referencedNoticeTime(*tokens, c, sender, *reference);
  for (const auto& entry : c.timeline)
    if (entry.direction == core::Direction::Outbound &&
        core::normalizeAddress(entry.to) == sender &&
        (!facts.firstMailToSender || entry.at < *facts.firstMailToSender))
      facts.firstMailToSender = entry.at;
  return facts;
}

std::string signedReplyDigest(const crypto::OpenedMessage& opened) {
  const auto& v = opened.verification;
  const auto seconds =
      v.signedAt
          ? std::chrono::duration_cast<std::chrono::seconds>(v.signedAt->time_since_epoch()).count()
          : 0;
  return store::sha256Hex(v.fingerprint + '\0' + std::to_string(seconds) + '\0' +
                          opened.effective.message.bodyText);
}

core::MailClass mailClassOf(const parsers::MessageAnalysis& analysis) {
  switch (analysis.kind) {
    case parsers::MailKind::AutoReply:
      return core::MailClass::AutoReply;
    case parsers::MailKind::Bounce:
      return core::MailClass::Bounce;
    case parsers::MailKind::MailingList:
      return core::MailClass::MailingList;
    case parsers::MailKind::Normal:
      break;
  }
  return core::MailClass::Normal;
}

std::optional<std::string> limitViolationOf(const parsers::MessageAnalysis& analysis) {
  if (analysis.limitHits.empty()) return std::nullopt;
  const auto& hit = analysis.limitHits.front();
  return hit.limit + " " + std::to_string(hit.value) + " > " + std::to_string(hit.maximum) + " (" +
         hit.where + ")";
}

core::IntakeFacts intakeFactsOf(
    const crypto::OpenedMessage& opened, const core::ThreadMatch& match,
    const std::function<std::optional<std::string>(std::string_view)>& caseForSentMessage,
    const core::BounceVerdict& bounceAddress) {
  core::IntakeFacts facts;
  facts.mailClass = mailClassOf(opened.outer);
  facts.mailClassReason = opened.outer.kindReason;
  facts.limitViolation = limitViolationOf(opened.outer);
  facts.matchedCase = match.caseId;
  if (opened.outer.deliveryStatus && !opened.outer.deliveryStatus->originalMessageId.empty())
    facts.bouncedCase = caseForSentMessage(opened.outer.deliveryStatus->originalMessageId);
  // A bounce without a usable DSN still names our message in its references.
  if (!facts.bouncedCase && facts.mailClass == core::MailClass::Bounce &&
      match.by == core::MatchedBy::References)
    facts.bouncedCase = match.caseId;
  // The bounce address names the message for sure; the clues above only for the record.
  if (bounceAddress.caseId) facts.bouncedCase = bounceAddress.caseId;
  facts.bounceAddressVerified = bounceAddress.verified;
  facts.bounceAddressReason = bounceAddress.reason;
  facts.bouncedRecipient = bounceAddress.recipient;
  facts.hasSender = !senderOf(opened).empty();
  if (!match.caseId && !match.inquiryNumber.empty()) facts.unknownInquiry = match.inquiryNumber;
  return facts;
}

core::TimelineEntry inboundEntry(const crypto::OpenedMessage& opened, const std::string& key,
                                 core::MessageRole role, core::Timestamp now,
                                 std::string_view intake) {
  const auto& m = opened.effective.message;
  core::TimelineEntry entry{now,
                            core::Direction::Inbound,
                            role,
                            key,
                            m.messageId,
                            senderOf(opened),
                            m.to.empty() ? std::string(intake) : m.to.front().address,
                            m.subject};
  entry.signature = crypto::partiallySigned(opened)
                        ? std::string(kPartiallySigned)
                        : std::string(crypto::signatureStatusName(opened.verification.status));
  entry.signerFingerprint = opened.verification.fingerprint;
  entry.encrypted = opened.decryption.encrypted;
  return entry;
}

}  // namespace cvdd::daemon
