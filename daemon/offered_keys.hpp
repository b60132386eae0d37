#pragma once
// The keys a new report offers for its sender: imported within limits, bound only as the
// core decides (core/key_offer.hpp).

#include <functional>
#include <string>

#include "core/key_offer.hpp"
#include "crypto/open_message.hpp"
#include "daemon/intake_processor.hpp"
#include "store/store.hpp"

namespace cvdd::daemon {

/// The reporter's key for the case a new report opens. Offers (attached keys, and an
/// Autocrypt header for the sender's own address) are imported only for an address no
/// vendor, related organisation, priority recipient or operator owns, at most
/// [openpgp] offered_keys keys of at most offered_key_kib each, every one with a user ID
/// for the sender. After an import `opened` is replaced by reopen(): the key that signed
/// the report may have come with it.
core::ReporterKeyDecision reporterKeyFor(const IntakeEnvironment& env, const store::ReadTxn& txn,
                                         crypto::OpenedMessage& opened, const std::string& sender,
                                         const std::function<crypto::OpenedMessage()>& reopen);

}  // namespace cvdd::daemon
