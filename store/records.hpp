#pragma once
// What cvdd keeps in LMDB besides cases.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace cvdd::store {

/// Where an IMAP mailbox was read up to. A new UIDVALIDITY means the server renumbered
/// the mailbox: the position restarts and already-stored messages are recognised by hash.
struct SourcePosition {
  std::uint64_t uidValidity = 0;
  std::uint64_t lastUid = 0;
};

/// One accepted inbound message. key is unique per source message:
/// "imap:<mailbox>:<uidvalidity>:<uid>" or "maildir:<unique name>".
struct InboxItem {
  std::string key;
  std::string sha256;  // hex digest of the raw bytes
  core::Timestamp receivedAt;
  std::string caseId;    // case it opened or joined
  bool flagged = false;  // marked processed at the source (after the commit)
};

enum class OutboxState { Pending, Sent };

/// One outbound message, composed and durable before any attempt to send it.
struct OutboxEntry {
  std::uint64_t seq = 0;  // assigned by enqueue, strictly increasing
  std::string caseId;
  std::string messageId;  // deterministic, without angle brackets
  std::string envelopeFrom;
  std::vector<std::string> recipients;
  std::string raw;  // the complete message, CRLF line ends
  OutboxState state = OutboxState::Pending;
  int attempts = 0;
  core::Timestamp nextAttemptAt;
  std::optional<core::Timestamp> sentAt;
  std::string lastError;
};

}  // namespace cvdd::store
