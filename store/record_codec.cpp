#include "store/record_codec.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace cvdd::store::codec {
namespace {

using nlohmann::json;

// Parsers are the inverse of core's name functions, found by trying every value, so a
// name changed in core changes both directions at once.
template <class Enum, std::size_t N>
Enum parseName(const json& value, const std::array<Enum, N>& all, std::string_view (*nameOf)(Enum),
               std::string_view what) {
  const auto& name = value.get_ref<const std::string&>();
  for (Enum candidate : all) {
    if (nameOf(candidate) == name) return candidate;
  }
  throw std::invalid_argument("unknown " + std::string(what) + " \"" + name + "\"");
}

constexpr std::array kCaseStates{core::CaseState::Received};
constexpr std::array kDirections{core::Direction::Inbound, core::Direction::Outbound};
constexpr std::array kRoles{core::MessageRole::Report, core::MessageRole::Reply,
                            core::MessageRole::Acknowledgement, core::MessageRole::Bounce};
constexpr std::array kParticipantRoles{
    core::ParticipantRole::Reporter, core::ParticipantRole::Vendor,
    core::ParticipantRole::RelatedOrganisation, core::ParticipantRole::PriorityRecipient};
constexpr std::array kQuarantineStates{QuarantineState::Pending, QuarantineState::Accepted,
                                       QuarantineState::Rejected};
constexpr std::array kLanguages{core::Language::Japanese, core::Language::English};
constexpr std::array kOutboxStates{OutboxState::Pending, OutboxState::Sent, OutboxState::Held};

std::int64_t epochSeconds(core::Timestamp t) {
  return t.time_since_epoch().count();
}

core::Timestamp timestampFrom(const json& value) {
  return core::Timestamp{std::chrono::seconds{value.get<std::int64_t>()}};
}

std::string dump(const json& j) {
  try {
    return j.dump();  // strict: invalid UTF-8 is refused, never silently altered
  } catch (const json::type_error& e) {
    throw std::invalid_argument(e.what());
  }
}

json parse(std::string_view text) {
  return json::parse(text.begin(), text.end());
}

}  // namespace

std::string encodeCase(const core::Case& c) {
  json timeline = json::array();
  for (const auto& entry : c.timeline) {
    timeline.push_back({
        {"at", epochSeconds(entry.at)},
        {"direction", core::directionName(entry.direction)},
        {"role", core::messageRoleName(entry.role)},
        {"messageKey", entry.messageKey},
        {"messageId", entry.messageId},
        {"from", entry.from},
        {"to", entry.to},
        {"subject", entry.subject},
        {"authenticated", entry.authenticated},
        {"signature", entry.signature},
        {"signerFingerprint", entry.signerFingerprint},
        {"encrypted", entry.encrypted},
        {"note", entry.note},
    });
  }
  json participants = json::array();
  for (const auto& p : c.participants) {
    participants.push_back({
        {"address", p.address},
        {"role", core::participantRoleName(p.role)},
        {"name", p.name},
        {"keyFingerprint", p.keyFingerprint ? json(*p.keyFingerprint) : json(nullptr)},
    });
  }
  return dump({
      {"id", c.id},
      {"state", core::caseStateName(c.state)},
      {"reporter", c.reporter},
      {"subject", c.subject},
      {"receivedAt", epochSeconds(c.receivedAt)},
      {"language", core::languageCode(c.language)},
      {"participants", std::move(participants)},
      {"timeline", std::move(timeline)},
  });
}

core::Case decodeCase(std::string_view text) {
  const json j = parse(text);
  core::Case c;
  c.id = j.at("id").get<std::string>();
  c.state = parseName(j.at("state"), kCaseStates, core::caseStateName, "case state");
  c.reporter = j.at("reporter").get<std::string>();
  c.subject = j.at("subject").get<std::string>();
  c.receivedAt = timestampFrom(j.at("receivedAt"));
  c.language = parseName(j.at("language"), kLanguages, core::languageCode, "language");
  for (const auto& e : j.at("timeline")) {
    core::TimelineEntry entry;
    entry.at = timestampFrom(e.at("at"));
    entry.direction = parseName(e.at("direction"), kDirections, core::directionName, "direction");
    entry.role = parseName(e.at("role"), kRoles, core::messageRoleName, "message role");
    entry.messageKey = e.at("messageKey").get<std::string>();
    entry.messageId = e.at("messageId").get<std::string>();
    entry.from = e.at("from").get<std::string>();
    entry.to = e.at("to").get<std::string>();
    entry.subject = e.at("subject").get<std::string>();
    // Fields added after schema 1 began: absent in older records, with these defaults.
    entry.authenticated = e.value("authenticated", true);
    entry.signature = e.value("signature", std::string());
    entry.signerFingerprint = e.value("signerFingerprint", std::string());
    entry.encrypted = e.value("encrypted", false);
    entry.note = e.value("note", std::string());
    c.timeline.push_back(std::move(entry));
  }
  if (j.contains("participants")) {
    for (const auto& p : j.at("participants")) {
      core::Participant participant;
      participant.address = p.at("address").get<std::string>();
      participant.role =
          parseName(p.at("role"), kParticipantRoles, core::participantRoleName, "participant role");
      participant.name = p.value("name", std::string());
      if (const auto& key = p.at("keyFingerprint"); !key.is_null())
        participant.keyFingerprint = key.get<std::string>();
      c.participants.push_back(std::move(participant));
    }
  }
  return c;
}

std::string encodeInboxItem(const InboxItem& item) {
  return dump({
      {"key", item.key},
      {"sha256", item.sha256},
      {"receivedAt", epochSeconds(item.receivedAt)},
      {"caseId", item.caseId},
      {"flagged", item.flagged},
  });
}

InboxItem decodeInboxItem(std::string_view text) {
  const json j = parse(text);
  InboxItem item;
  item.key = j.at("key").get<std::string>();
  item.sha256 = j.at("sha256").get<std::string>();
  item.receivedAt = timestampFrom(j.at("receivedAt"));
  item.caseId = j.at("caseId").get<std::string>();
  item.flagged = j.at("flagged").get<bool>();
  return item;
}

std::string encodeOutboxEntry(const OutboxEntry& entry) {
  return dump({
      {"seq", entry.seq},
      {"caseId", entry.caseId},
      {"messageId", entry.messageId},
      {"envelopeFrom", entry.envelopeFrom},
      {"recipients", entry.recipients},
      {"state", outboxStateName(entry.state)},
      {"attempts", entry.attempts},
      {"nextAttemptAt", epochSeconds(entry.nextAttemptAt)},
      {"sentAt", entry.sentAt ? json(epochSeconds(*entry.sentAt)) : json(nullptr)},
      {"lastError", entry.lastError},
      {"confidential", entry.confidential},
  });
}

OutboxEntry decodeOutboxEntry(std::string_view text) {
  const json j = parse(text);
  OutboxEntry entry;
  entry.seq = j.at("seq").get<std::uint64_t>();
  entry.caseId = j.at("caseId").get<std::string>();
  entry.messageId = j.at("messageId").get<std::string>();
  entry.envelopeFrom = j.at("envelopeFrom").get<std::string>();
  entry.recipients = j.at("recipients").get<std::vector<std::string>>();
  entry.state = parseName(j.at("state"), kOutboxStates, outboxStateName, "outbox state");
  entry.attempts = j.at("attempts").get<int>();
  entry.nextAttemptAt = timestampFrom(j.at("nextAttemptAt"));
  if (const auto& sentAt = j.at("sentAt"); !sentAt.is_null()) entry.sentAt = timestampFrom(sentAt);
  entry.lastError = j.at("lastError").get<std::string>();
  entry.confidential = j.value("confidential", false);
  return entry;
}

std::string encodeKeyBinding(const KeyBinding& binding) {
  return dump({
      {"address", binding.address},
      {"fingerprint", binding.fingerprint},
      {"source", binding.source},
      {"trust", binding.trust},
      {"boundAt", epochSeconds(binding.boundAt)},
      {"caseId", binding.caseId},
  });
}

KeyBinding decodeKeyBinding(std::string_view text) {
  const json j = parse(text);
  KeyBinding binding;
  binding.address = j.at("address").get<std::string>();
  binding.fingerprint = j.at("fingerprint").get<std::string>();
  binding.source = j.at("source").get<std::string>();
  binding.trust = j.at("trust").get<std::string>();
  binding.boundAt = timestampFrom(j.at("boundAt"));
  binding.caseId = j.value("caseId", std::string());
  return binding;
}

std::string encodeQuarantineItem(const QuarantineItem& item) {
  return dump({
      {"id", item.id},
      {"inboxKey", item.inboxKey},
      {"caseId", item.caseId},
      {"reason", item.reason},
      {"at", epochSeconds(item.at)},
      {"from", item.from},
      {"subject", item.subject},
      {"state", quarantineStateName(item.state)},
      {"decidedBy", item.decidedBy},
      {"decidedAt", item.decidedAt ? json(epochSeconds(*item.decidedAt)) : json(nullptr)},
      {"decisionNote", item.decisionNote},
  });
}

QuarantineItem decodeQuarantineItem(std::string_view text) {
  const json j = parse(text);
  QuarantineItem item;
  item.id = j.at("id").get<std::uint64_t>();
  item.inboxKey = j.at("inboxKey").get<std::string>();
  item.caseId = j.at("caseId").get<std::string>();
  item.reason = j.at("reason").get<std::string>();
  item.at = timestampFrom(j.at("at"));
  item.from = j.at("from").get<std::string>();
  item.subject = j.at("subject").get<std::string>();
  item.state = parseName(j.at("state"), kQuarantineStates, quarantineStateName, "quarantine state");
  item.decidedBy = j.value("decidedBy", std::string());
  if (const auto& at = j.at("decidedAt"); !at.is_null()) item.decidedAt = timestampFrom(at);
  item.decisionNote = j.value("decisionNote", std::string());
  return item;
}

std::string encodeSourcePosition(const SourcePosition& position) {
  return dump({{"uidValidity", position.uidValidity}, {"lastUid", position.lastUid}});
}

SourcePosition decodeSourcePosition(std::string_view text) {
  const json j = parse(text);
  return SourcePosition{j.at("uidValidity").get<std::uint64_t>(),
                        j.at("lastUid").get<std::uint64_t>()};
}

std::string sanitizeUtf8(std::string_view text) {
  // The JSON serialiser already knows how to replace invalid sequences; reuse it rather
  // than carry a second UTF-8 decoder.
  const std::string quoted =
      json(std::string(text)).dump(-1, ' ', false, json::error_handler_t::replace);
  return json::parse(quoted).get<std::string>();
}

}  // namespace cvdd::store::codec
