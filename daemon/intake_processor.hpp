#pragma once
// Accepts one inbound message: open it (decrypt, verify), decide, and commit the message
// with every effect (case, timeline, quarantine, key binding, acknowledgement in the
// outbox, source position) in ONE transaction.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"
#include "core/time_zone.hpp"
#include "crypto/keyring.hpp"
#include "crypto/open_message.hpp"
#include "crypto/reply_token.hpp"
#include "daemon/config.hpp"
#include "daemon/message_source.hpp"
#include "daemon/outbound_composer.hpp"
#include "store/store.hpp"

namespace cvdd::daemon {

enum class IntakeResult {
  CaseOpened,       // a new case, acknowledged unless rate-limited
  ReplyAttached,    // joined an existing case as the voice of a participant
  Quarantined,      // kept for an operator: unauthenticated, over a limit, unexpected
  BounceRecorded,   // a DSN for mail cvdd sent: a failed contact attempt
  Duplicate,        // same bytes already accepted (e.g. after a UIDVALIDITY change)
  AlreadyAccepted,  // this source key was committed before
};

std::string_view intakeResultName(IntakeResult result);

struct IntakeOutcome {
  IntakeResult result;
  std::string caseId;
  std::optional<std::uint64_t> outboxSeq;  // the acknowledgement, if one was queued
  std::optional<std::uint64_t> quarantineId;
  std::string detail;  // the reason for a quarantine, how a reply was matched, ...
};

struct IntakeEnvironment {
  const Config* config;
  store::Store* store;
  core::Clock clock;
  std::function<std::uint32_t()> random;               // uniform over [0, 10^8)
  OutboundSigner signer;                               // keyring null: no OpenPGP at all
  const crypto::ReplyTokenKey* replyTokens = nullptr;  // null: no reply tokens
  const core::TimeZone* timeZone = nullptr;            // null: UTC
};

/// Parses the message and opens its OpenPGP layers (decrypt, verify) with env's keyring:
/// the costly part of intake, which reads nothing of the store and so may run on any
/// thread, several messages at once (one Keyring per thread).
crypto::OpenedMessage openInbound(const IntakeEnvironment& env, std::string_view raw);

/// Commits the message and its effects, or throws (store, engine or template failure)
/// having committed nothing. Hostile content never throws: it is stored and reported.
IntakeOutcome acceptMessage(const IntakeEnvironment& env, const std::string& sourceId,
                            const SourceRef& ref,
                            const std::optional<store::SourcePosition>& position,
                            std::string_view raw);

/// The same, for a message openInbound already opened (on a worker thread).
IntakeOutcome acceptMessage(const IntakeEnvironment& env, const std::string& sourceId,
                            const SourceRef& ref,
                            const std::optional<store::SourcePosition>& position,
                            std::string_view raw, crypto::OpenedMessage opened);

/// For a message cvdd will not process: one whose attempts ran out (a parser or engine
/// failure, or a crash, that will not go away), or one over [limits] message_size, of
/// which only the header section was fetched. Stores `raw` (whatever was fetched) in
/// quarantine with `reason` and advances the source position, so it cannot block the
/// intake. Parses nothing, but for From and Subject when readHeader (the header section
/// only, bounded) — never for a message whose processing is what failed.
IntakeOutcome quarantineUnprocessed(const IntakeEnvironment& env, const std::string& sourceId,
                                    const SourceRef& ref,
                                    const std::optional<store::SourcePosition>& position,
                                    std::string_view raw, std::string_view reason, bool readHeader);

}  // namespace cvdd::daemon
