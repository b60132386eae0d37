#pragma once
// Accepts one inbound message: parse, decide, and commit the message with every effect
// (case, timeline, acknowledgement in the outbox, source position) in ONE transaction.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"
#include "daemon/config.hpp"
#include "daemon/message_source.hpp"
#include "store/store.hpp"

namespace cvdd::daemon {

enum class IntakeResult {
  CaseOpened,       // a new case, acknowledged unless the mail was automatic
  ReplyAttached,    // joined an existing case
  Duplicate,        // same bytes already accepted (e.g. after a UIDVALIDITY change)
  AlreadyAccepted,  // this source key was committed before
  Unparsable,       // stored raw, no case
};

std::string_view intakeResultName(IntakeResult result);

struct IntakeOutcome {
  IntakeResult result;
  std::string caseId;
  std::optional<std::uint64_t> outboxSeq;  // the acknowledgement, if one was queued
};

struct IntakeEnvironment {
  const Config* config;
  store::Store* store;
  core::Clock clock;
  std::function<std::uint32_t()> random;  // uniform over [0, 10^8)
};

/// Commits the message and its effects, or throws (store or template failure) having
/// committed nothing. Hostile content never throws: it is stored and reported.
IntakeOutcome acceptMessage(const IntakeEnvironment& env, const std::string& sourceId,
                            const SourceRef& ref,
                            const std::optional<store::SourcePosition>& position,
                            std::string_view raw);

/// Deterministic Message-ID of a case's acknowledgement, so a resend is recognisable.
std::string acknowledgementMessageId(std::string_view caseId, std::string_view hostname);

}  // namespace cvdd::daemon
