#pragma once
// The operator alert for a store that cannot take another write (LMDB map at its cap, or
// a quota reached). It cannot go through the outbox — that is the store that is full — so
// it is composed here and handed straight to the transport, once per episode.

#include <string>
#include <vector>

#include "core/time.hpp"
#include "daemon/config.hpp"
#include "daemon/outbound_composer.hpp"
#include "store/store.hpp"

namespace cvdd::daemon {

/// One entry per operator address (each protected for its own key), signed like every
/// other message cvdd sends. Subject and first line carry the event ID STORE_FULL.
std::vector<store::OutboxEntry> composeStoreFullAlert(const Config& config,
                                                      const store::ReadTxn& txn,
                                                      const OutboundSigner& signer,
                                                      const std::string& reason,
                                                      core::Timestamp now);

}  // namespace cvdd::daemon
