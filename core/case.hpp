#pragma once
// A coordination case and its message timeline.

#include <string>
#include <vector>

#include "core/language.hpp"
#include "core/participant.hpp"
#include "core/time.hpp"

namespace cvdd::core {

enum class CaseState { Received };

std::string_view caseStateName(CaseState state);

enum class Direction { Inbound, Outbound };

/// What a message is to its case.
enum class MessageRole { Report, Reply, Acknowledgement, Bounce, Notice };

std::string_view directionName(Direction direction);
std::string_view messageRoleName(MessageRole role);

/// One entry of a case's timeline: a message received or sent, by reference to the
/// stored raw bytes (inbox key or outbox Message-ID), never the body itself.
struct TimelineEntry {
  Timestamp at;
  Direction direction;
  MessageRole role;
  std::string messageKey;  // inbox key for inbound, Message-ID for outbound
  std::string messageId;   // RFC 5322 Message-ID without angle brackets
  std::string from;
  std::string to;
  std::string subject;  // decoded UTF-8
  // Trust in what the message says (inbound) or how it was protected (outbound).
  bool authenticated = true;        // false: waits in quarantine, changes nothing
  std::string signature{};          // "unsigned", "good", "bad", "unknown-key", ...
  std::string signerFingerprint{};  // of a signature, when there is one
  bool encrypted = false;
  std::string note{};  // how it was matched, why it is quarantined, what bounced
};

struct Case {
  std::string id;  // "CVD#01234567"
  CaseState state = CaseState::Received;
  std::string reporter;  // reporter's address
  std::string subject;   // decoded UTF-8 subject of the report
  Timestamp receivedAt;
  Language language = Language::English;
  std::vector<Participant> participants;  // the reporter first
  std::vector<TimelineEntry> timeline;
};

}  // namespace cvdd::core
