#pragma once
// Which key, if any, a first report binds for its reporter. Pure.
//
// No trust on first use from unauthenticated mail: a key that arrives with a message
// (attached, or in an Autocrypt header) speaks for the sender only when the message is
// signed by that very key, and then only as the reporter of the case that message opens.
// An address that belongs to a vendor, related organisation, priority recipient or
// operator never gets a key this way: a stranger could otherwise read what cvdd sends
// there, and the real owner's mail would fail authentication. Wider bindings are the
// operator's (`cvdctl key bind`).

#include <optional>
#include <string>
#include <vector>

#include "core/authentication.hpp"

namespace cvdd::core {

struct KeyOffer {
  std::string sender;                        // lower-case From address
  std::optional<std::string> operatorKey;    // an operator's binding for the address
  std::optional<std::string> protectedRole;  // e.g. "vendor acme": the address is taken
  bool offered = false;                      // the message offered any key data
  std::vector<std::string> imported;         // offered keys imported for the sender
  std::vector<std::string> refusals;         // offers not imported, with the reason
  SignatureEvidence signature;               // the report's signature, after the import
};

struct ReporterKeyDecision {
  std::optional<std::string> fingerprint;  // the reporter's key in the new case
  std::string note;                        // for the case timeline; "" when nothing to say
};

ReporterKeyDecision decideReporterKey(const KeyOffer& offer);

}  // namespace cvdd::core
