#include "core/key_offer.hpp"

#include <algorithm>

namespace cvdd::core {

namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : "; ") + item;
  return out;
}

}  // namespace

ReporterKeyDecision decideReporterKey(const KeyOffer& offer) {
  ReporterKeyDecision decision;
  if (offer.operatorKey) {
    decision.fingerprint = offer.operatorKey;
    if (offer.offered)
      decision.note = "offered keys ignored: an operator bound a key to " + offer.sender;
    return decision;
  }
  if (!offer.offered) return decision;
  if (offer.protectedRole) {
    decision.note = "offered key not bound: " + offer.sender + " is the address of " +
                    *offer.protectedRole + " (an operator binds its keys: cvdctl key bind)";
    return decision;
  }
  const auto& sig = offer.signature;
  const bool signedByOffer = sig.status == SignatureEvidence::Status::Good &&
                             std::find(offer.imported.begin(), offer.imported.end(),
                                       sig.fingerprint) != offer.imported.end();
  if (signedByOffer) {
    decision.fingerprint = sig.fingerprint;
    decision.note = "reporter key " + sig.fingerprint +
                    " bound to this case's reporter: the report is signed by the key it offered";
    return decision;
  }
  std::string why = offer.imported.empty() ? "no offered key was imported"
                    : sig.status == SignatureEvidence::Status::Unsigned
                        ? "the report is not signed"
                        : "the report is not signed by an offered key";
  if (!offer.refusals.empty()) why += " (" + joined(offer.refusals) + ")";
  decision.note = "offered key not bound: " + why;
  return decision;
}

}  // namespace cvdd::core
