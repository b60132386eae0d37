#pragma once
// A confidential notice that could not be encrypted is held, never sent as it is. The
// held outbox entry keeps the notice as composed (not as MIME), so that an operator who
// has reached the party another way can decide to send it in clear after all:
// `cvdctl outbox release SEQ --in-clear --reason TEXT`.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"
#include "daemon/outbound_composer.hpp"
#include "store/store.hpp"
#include "templates/outgoing_message.hpp"

namespace cvdd::daemon {

/// The notice as a held entry keeps it (JSON).
std::string encodeHeldNotice(const templates::OutgoingMessage& message);
/// Error: not what encodeHeldNotice writes.
core::Result<templates::OutgoingMessage> decodeHeldNotice(std::string_view text);

struct ReleasedNotice {
  std::uint64_t seq = 0;
  std::string caseId;
  std::string recipient;
  std::string messageId;
};

/// Releases held entry seq in clear: composes its notice PGP/MIME-signed (plain when no
/// signing key), makes it Pending and due now, and records on the case's timeline who
/// released it, why, and when it had been held since. Errors (nothing written): NotFound
/// for no such entry, IllegalTransition for an entry that is not held, InvalidConfig for
/// an empty reason or a held entry that kept no notice (held before release existed).
/// Throws when signing fails (an engine error must not silently downgrade to plain).
core::Result<ReleasedNotice> releaseHeldInClear(store::WriteTxn& txn, const OutboundSigner& signer,
                                                std::uint64_t seq, const std::string& actor,
                                                const std::string& reason, core::Timestamp now);

}  // namespace cvdd::daemon
