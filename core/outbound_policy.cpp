#include "core/outbound_policy.hpp"

namespace cvdd::core {

Protection protectionFor(const OutboundFacts& facts) {
  if (facts.recipientHasKey && facts.canSign) return Protection::SignedEncrypted;
  if (facts.recipientHasCertificate) return Protection::SmimeEncrypted;
  if (facts.confidential) return Protection::Held;
  return facts.canSign ? Protection::Signed : Protection::Plain;
}

std::string_view protectionName(Protection protection) {
  switch (protection) {
    case Protection::Plain:
      return "plain";
    case Protection::Signed:
      return "signed";
    case Protection::SignedEncrypted:
      return "signed+encrypted";
    case Protection::SmimeEncrypted:
      return "smime-encrypted";
    case Protection::Held:
      return "held";
  }
  return "unknown";
}

}  // namespace cvdd::core
