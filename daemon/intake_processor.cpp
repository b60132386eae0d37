#include "daemon/intake_processor.hpp"

#include <stdexcept>

#include "core/case_id.hpp"
#include "core/intake.hpp"
#include "core/language.hpp"
#include "parsers/parsed_message.hpp"
#include "store/digest.hpp"
#include "templates/notice.hpp"
#include "templates/outgoing_message.hpp"

namespace cvdd::daemon {

namespace {

std::string newCaseId(const IntakeEnvironment& env, const store::WriteTxn& txn) {
  const auto& prefix = env.config->coordinator.casePrefix;
  // 10^8 IDs: a collision is rare, and each retry is a lookup, not a scan.
  for (int attempt = 0; attempt < 1000; ++attempt) {
    std::string id = core::formatCaseId(prefix, env.random());
    if (!txn.hasCase(id)) return id;
  }
  throw std::runtime_error("no free case ID after 1000 attempts: the ID space is nearly full");
}

core::InboundMessage toInbound(const parsers::ParsedMessage& parsed) {
  core::InboundMessage in;
  if (!parsed.from.empty()) in.fromAddress = parsed.from.front().address;
  in.subject = parsed.subject;
  in.messageId = parsed.messageId;
  if (!parsed.inReplyTo.empty()) in.references.push_back(parsed.inReplyTo);
  in.references.insert(in.references.end(), parsed.references.begin(), parsed.references.end());
  in.autoSubmitted = !parsed.autoSubmitted.empty() && parsed.autoSubmitted != "no";
  return in;
}

core::TimelineEntry inboundEntry(const parsers::ParsedMessage& parsed, const std::string& key,
                                 core::MessageRole role, core::Timestamp now,
                                 const Config& config) {
  return core::TimelineEntry{
      now,
      core::Direction::Inbound,
      role,
      key,
      parsed.messageId,
      parsed.from.empty() ? "" : parsed.from.front().address,
      parsed.to.empty() ? config.coordinator.intake : parsed.to.front().address,
      parsed.subject};
}

struct Acknowledgement {
  store::OutboxEntry entry;
  std::string subject;
};

/// Renders and composes the acknowledgement; the outbox entry is not yet stored.
Acknowledgement composeAcknowledgement(const IntakeEnvironment& env, const core::Case& c,
                                       const parsers::ParsedMessage& parsed, core::Timestamp now) {
  const Config& config = *env.config;
  templates::NoticeData data{
      {"case_id", c.id},
      {"original_subject", parsed.subject},
      {"reporter_address", c.reporter},
      {"received_at", core::formatIso8601(c.receivedAt)},
      {"coordinator_name", config.coordinator.name},
      {"intake_address", config.coordinator.intake},
  };
  auto notice =
      templates::renderNotice("acknowledgement", c.language, data, config.templates.overrideDir);
  if (!notice)
    throw std::runtime_error("template acknowledgement: " + notice.error().where + ": " +
                             notice.error().what);

  templates::OutgoingMessage message;
  message.from = {config.coordinator.name, config.coordinator.intake};
  message.to = {{"", c.reporter}};
  message.replyTo = {{config.coordinator.name, config.coordinator.intake}};
  message.subject = notice->subject;
  message.messageId = acknowledgementMessageId(c.id, config.coordinator.hostname);
  message.inReplyTo = parsed.messageId;
  message.references = parsed.references;
  if (!parsed.messageId.empty()) message.references.push_back(parsed.messageId);
  message.date = core::formatRfc5322(now);
  message.bodyText = notice->body;
  message.autoSubmitted = "auto-replied";

  store::OutboxEntry entry;
  entry.caseId = c.id;
  entry.messageId = message.messageId;
  entry.envelopeFrom = config.coordinator.intake;
  entry.recipients = {c.reporter};
  entry.raw = templates::composeMime(message);
  entry.nextAttemptAt = now;
  return {std::move(entry), message.subject};
}

}  // namespace

std::string_view intakeResultName(IntakeResult result) {
  switch (result) {
    case IntakeResult::CaseOpened:
      return "case-opened";
    case IntakeResult::ReplyAttached:
      return "reply-attached";
    case IntakeResult::Duplicate:
      return "duplicate";
    case IntakeResult::AlreadyAccepted:
      return "already-accepted";
    case IntakeResult::Unparsable:
      return "unparsable";
  }
  return "unknown";
}

std::string acknowledgementMessageId(std::string_view caseId, std::string_view hostname) {
  std::string local(caseId);
  for (char& ch : local)
    if (ch == '#') ch = '-';
  return local + ".acknowledgement@" + std::string(hostname);
}

IntakeOutcome acceptMessage(const IntakeEnvironment& env, const std::string& sourceId,
                            const SourceRef& ref,
                            const std::optional<store::SourcePosition>& position,
                            std::string_view raw) {
  const Config& config = *env.config;
  const core::Timestamp now = env.clock();
  const std::string digest = store::sha256Hex(raw);
  auto parsed = parsers::parseMessage(raw);

  store::WriteTxn txn = env.store->write();
  if (auto existing = txn.getInbox(ref.key))
    return {IntakeResult::AlreadyAccepted, existing->caseId, std::nullopt};

  store::InboxItem item{ref.key, digest, now, "", false};
  IntakeOutcome outcome{IntakeResult::Unparsable, "", std::nullopt};

  if (auto same = txn.findInboxBySha256(digest)) {
    item.caseId = same->caseId;
    outcome = {IntakeResult::Duplicate, same->caseId, std::nullopt};
  } else if (parsed) {
    auto inbound = toInbound(*parsed);
    auto decision = core::decideIntake(inbound, config.coordinator.casePrefix,
                                       [&](std::string_view id) { return txn.hasCase(id); });
    if (auto* attach = std::get_if<core::AttachToCase>(&decision)) {
      auto c = txn.getCase(attach->caseId);
      c->timeline.push_back(inboundEntry(*parsed, ref.key, core::MessageRole::Reply, now, config));
      txn.putCase(*c);
      outcome = {IntakeResult::ReplyAttached, c->id, std::nullopt};
    } else {
      core::Case c;
      c.id = newCaseId(env, txn);
      c.reporter = inbound.fromAddress;
      c.subject = parsed->subject;
      c.receivedAt = now;
      c.language = core::detectLanguage(parsed->subject + "\n" + parsed->bodyText);
      c.timeline.push_back(inboundEntry(*parsed, ref.key, core::MessageRole::Report, now, config));
      outcome = {IntakeResult::CaseOpened, c.id, std::nullopt};
      if (std::get<core::OpenCase>(decision).acknowledge && !c.reporter.empty()) {
        auto ack = composeAcknowledgement(env, c, *parsed, now);
        c.timeline.push_back({now, core::Direction::Outbound, core::MessageRole::Acknowledgement,
                              ack.entry.messageId, ack.entry.messageId, config.coordinator.intake,
                              c.reporter, ack.subject});
        outcome.outboxSeq = txn.enqueueOutbox(std::move(ack.entry));
      }
      txn.putCase(c);
    }
    item.caseId = outcome.caseId;
  }

  txn.putRawMessage(ref.key, raw);
  txn.putInbox(item);
  if (position) txn.putSourcePosition(sourceId, *position);
  txn.commit();
  return outcome;
}

}  // namespace cvdd::daemon
