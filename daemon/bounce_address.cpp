#include "daemon/bounce_address.hpp"

#include <vector>

#include "crypto/bounce_token.hpp"

namespace cvdd::daemon {

namespace {

// A forger may list many addresses; each costs a case lookup and an HMAC per message the
// case sent, so only the first few are tried. cvdd's own bounce comes with one.
constexpr std::size_t kMaxBounceTokens = 4;

std::vector<std::string> bounceTokensIn(const crypto::OpenedMessage& opened,
                                        std::string_view intake) {
  std::vector<std::string> tokens;
  auto consider = [&](std::string_view address) {
    if (tokens.size() >= kMaxBounceTokens) return;
    if (auto token = crypto::bounceTokenInAddress(address, intake)) tokens.push_back(*token);
  };
  for (const auto& a : opened.outer.deliveredTo) consider(a);
  for (const auto& m : opened.outer.message.to) consider(m.address);
  return tokens;
}

}  // namespace

std::string envelopeSenderFor(const crypto::ReplyTokenKey* key, std::string_view intake,
                              std::string_view caseId, std::string_view messageId,
                              std::string_view recipient) {
  if (key == nullptr) return std::string(intake);
  return crypto::bounceAddress(intake, crypto::bounceTokenFor(*key, caseId, messageId, recipient));
}

core::BounceAddressEvidence bounceEvidenceOf(const crypto::OpenedMessage& opened,
                                             std::string_view intake, std::string_view casePrefix,
                                             const crypto::ReplyTokenKey* key,
                                             const store::ReadTxn* txn) {
  core::BounceAddressEvidence evidence;
  // The address cvdd sent to, as the reporting MTA names it: Original-Recipient, else
  // Final-Recipient (which may be an alias's expansion, never cvdd's recipient).
  if (const auto& dsn = opened.outer.deliveryStatus)
    for (const auto& r : dsn->recipients)
      if (r.action == "failed")
        evidence.failedRecipients.push_back(r.originalRecipient.empty() ? r.finalRecipient
                                                                        : r.originalRecipient);
  const auto tokens = bounceTokensIn(opened, intake);
  evidence.toBounceAddress = !tokens.empty();
  if (key == nullptr || txn == nullptr) return evidence;
  for (const auto& token : tokens) {
    const auto caseId = crypto::bounceTokenCase(token, casePrefix);
    if (!caseId) continue;
    const auto c = txn->getCase(*caseId);
    if (!c) continue;
    for (const auto& entry : c->timeline) {
      if (entry.direction != core::Direction::Outbound) continue;
      if (!crypto::bounceTokenMatches(*key, token, c->id, entry.messageId, entry.to)) continue;
      // The timeline says what was sent; the outbox must hold it too (a timeline entry
      // that never went out through the outbox has no bounce address).
      if (txn->caseForSentMessage(entry.messageId) != c->id) continue;
      evidence.sent = core::SentMessage{c->id, entry.messageId, entry.to};
      return evidence;
    }
  }
  return evidence;
}

}  // namespace cvdd::daemon
