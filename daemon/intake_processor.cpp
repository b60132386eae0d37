#include "daemon/intake_processor.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include "core/case_id.hpp"
#include "core/inquiry_number.hpp"
#include "core/language.hpp"
#include "core/text_excerpt.hpp"
#include "crypto/open_message.hpp"
#include "daemon/ack_budget.hpp"
#include "daemon/bounce_address.hpp"
#include "daemon/coordination.hpp"
#include "daemon/crash_point.hpp"
#include "daemon/inbound_evidence.hpp"
#include "daemon/inquiry_answer.hpp"
#include "daemon/message_ids.hpp"
#include "daemon/offered_keys.hpp"
#include "daemon/participant_message.hpp"
#include "daemon/reporter_answers.hpp"
#include "daemon/vendor_reply_commands.hpp"
#include "parsers/parsed_message.hpp"
#include "parsers/report_form.hpp"
#include "store/digest.hpp"
#include "templates/notice.hpp"

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

}  // namespace

crypto::OpenedMessage openInbound(const IntakeEnvironment& env, std::string_view raw) {
  crashPointForMessage("in-parser", raw);
  const auto& limits = env.config->limits.parsing;
  if (env.signer.keyring == nullptr) return crypto::analyseOnly(raw, limits);
  return crypto::openMessage(raw, limits, *env.signer.keyring, env.signer.smime);
}

namespace {

struct Acknowledgement {
  store::OutboxEntry entry;
  std::string subject;
  core::Protection protection;
};

/// Longest subject quoted back to a sender that did not authenticate: an acknowledgement
/// must not carry a forger's text to the address it names.
constexpr std::size_t kUnauthenticatedSubjectChars = 60;

Acknowledgement composeAcknowledgement(const IntakeEnvironment& env, const store::ReadTxn& txn,
                                       const core::Case& c, const parsers::ParsedMessage& report,
                                       bool authenticated, core::Timestamp now) {
  const Config& config = *env.config;
  templates::NoticeData data{
      {"case_id", c.id},
      {"original_subject", authenticated
                               ? report.subject
                               : core::shortenText(report.subject, kUnauthenticatedSubjectChars)},
      {"reporter_address", c.reporter},
      {"received_at",
       core::formatLocalTime(c.receivedAt,
                             env.timeZone != nullptr ? *env.timeZone : core::TimeZone::utc())},
      {"coordinator_name", config.coordinator.name},
      {"intake_address", config.coordinator.intake},
  };
  auto notice =
      templates::renderNotice("acknowledgement", c.language, data, config.templates.overrideDir);
  if (!notice)
    throw std::runtime_error("template acknowledgement: " + notice.error().where + ": " +
                             notice.error().what);

  OutboundRequest request;
  auto& message = request.message;
  message.from = {config.coordinator.name, config.coordinator.intake};
  message.to = {{"", c.reporter}};
  std::string replyAddress = config.coordinator.intake;
  if (env.replyTokens != nullptr)
    replyAddress = crypto::taggedAddress(config.coordinator.intake,
                                         env.replyTokens->tokenFor(c.id, c.reporter));
  message.replyTo = {{config.coordinator.name, replyAddress}};
  message.subject = notice->subject;
  message.messageId = caseMessageId(c.id, "acknowledgement", env.replyTokens, c.reporter,
                                    config.coordinator.hostname);
  message.inReplyTo = report.messageId;
  message.references = report.references;
  if (!report.messageId.empty()) message.references.push_back(report.messageId);
  message.date = core::formatRfc5322(now);
  message.bodyText = notice->body;
  message.autoSubmitted = "auto-replied";
  request.caseId = c.id;
  request.envelopeFrom = envelopeSenderFor(env.replyTokens, config.coordinator.intake, c.id,
                                           message.messageId, c.reporter);
  request.recipient = c.reporter;
  request.confidential = false;
  request.now = now;
  if (const auto* reporter = core::findParticipant(c.participants, c.reporter))
    request.recipientKey = reporter->keyFingerprint;

  core::Protection protection{};
  auto entry = composeOutbound(request, txn, env.signer, &protection);
  return {std::move(entry), notice->subject, protection};
}

CoordinationEnvironment coordinationEnvironment(const IntakeEnvironment& env) {
  static const core::TimeZone utc = core::TimeZone::utc();
  return {env.config, env.timeZone != nullptr ? env.timeZone : &utc, env.signer, env.replyTokens};
}

/// The reporter's fields as the case keeps them. The sender's address is a way to reach
/// the reporter, so "contact" is never missing from a mailed report.
store::CaseReport reportRecord(const std::string& caseId, const std::string& sender,
                               const parsers::ReportFields& fields) {
  store::CaseReport r;
  r.caseId = caseId;
  r.reporterName = fields.reporterName;
  r.reporterContact = fields.contact.empty() ? sender : fields.contact;
  r.shareIdentityWithVendor = std::string(parsers::consentName(fields.shareIdentityWithVendor));
  r.vendorMayContactDirectly = std::string(parsers::consentName(fields.vendorMayContactDirectly));
  r.publishName = std::string(parsers::consentName(fields.publishName));
  r.product = fields.product;
  r.vulnerability = fields.vulnerability;
  r.personalData = fields.personalData;
  r.otherOrganisations = fields.otherOrganisations;
  r.otherFacts = fields.otherFacts;
  r.exploitationObserved = std::string(parsers::consentName(fields.exploitationObserved));
  for (const auto& field : fields.missing)
    if (field != "contact") r.missing.push_back(field);
  return r;
}

/// A DSN for a notice to a vendor is a failed contact attempt on that channel.
void recordBounces(const IntakeEnvironment& env, store::WriteTxn& txn, const std::string& caseId,
                   const std::vector<std::string>& failed, core::Timestamp now) {
  auto workflow = txn.getWorkflow(caseId);
  if (!workflow) return;
  const auto cenv = coordinationEnvironment(env);
  for (const auto& address : failed) {
    auto vendor = txn.findVendorByAddress(address);
    if (!vendor || workflow->vendor(vendor->id) == nullptr) continue;
    auto applied = applyCaseCommand(
        txn, cenv, caseId,
        core::command::ContactAttempt{vendor->id, "mail:" + core::normalizeAddress(address),
                                      core::ContactResult::Bounced},
        "bounce", now);
    if (!applied) {
      spdlog::warn("CONTACT_ATTEMPT_NOT_RECORDED case={} vendor={} reason=\"{}\"", caseId,
                   vendor->id, applied.error().what);
    }
  }
}

/// Whether the participant is the registry's vendor vendorId (by its contact address).
bool inquiryVendorIs(const store::ReadTxn& txn, const core::Participant& participant,
                     const std::string& vendorId) {
  if (participant.role != core::ParticipantRole::Vendor) return false;
  const auto vendor = txn.findVendorByAddress(participant.address);
  return vendor && vendor->id == vendorId;
}

/// Appends to the note of the case's timeline entry for this inbound message.
void annotate(store::WriteTxn& txn, const std::string& caseId, const std::string& inboxKey,
              const std::string& text) {
  if (text.empty()) return;
  auto c = txn.getCase(caseId);
  for (auto it = c->timeline.rbegin(); it != c->timeline.rend(); ++it) {
    if (it->direction == core::Direction::Inbound && it->messageKey == inboxKey) {
      it->note += (it->note.empty() ? "" : "; ") + text;
      break;
    }
  }
  txn.putCase(*c);
}

}  // namespace

std::string_view intakeResultName(IntakeResult result) {
  switch (result) {
    case IntakeResult::CaseOpened:
      return "case-opened";
    case IntakeResult::ReplyAttached:
      return "reply-attached";
    case IntakeResult::Quarantined:
      return "quarantined";
    case IntakeResult::BounceRecorded:
      return "bounce-recorded";
    case IntakeResult::Duplicate:
      return "duplicate";
    case IntakeResult::AlreadyAccepted:
      return "already-accepted";
  }
  return "unknown";
}

IntakeOutcome acceptMessage(const IntakeEnvironment& env, const std::string& sourceId,
                            const SourceRef& ref,
                            const std::optional<store::SourcePosition>& position,
                            std::string_view raw) {
  return acceptMessage(env, sourceId, ref, position, raw, openInbound(env, raw));
}

IntakeOutcome acceptMessage(const IntakeEnvironment& env, const std::string& sourceId,
                            const SourceRef& ref,
                            const std::optional<store::SourcePosition>& position,
                            std::string_view raw, crypto::OpenedMessage opened) {
  const Config& config = *env.config;
  const auto& intake = config.coordinator.intake;
  const core::Timestamp now = env.clock();
  const std::string digest = store::sha256Hex(raw);
  const std::string sender = senderOf(opened);

  store::WriteTxn txn = env.store->write();
  if (auto existing = txn.getInbox(ref.key))
    return {IntakeResult::AlreadyAccepted, existing->caseId, std::nullopt, std::nullopt, {}};

  store::InboxItem item{ref.key, digest, now, "", false};
  IntakeOutcome outcome{IntakeResult::Quarantined, "", std::nullopt, std::nullopt, {}};

  auto quarantine = [&](const std::string& reason, const std::string& caseId) {
    outcome.result = IntakeResult::Quarantined;
    outcome.caseId = caseId;
    outcome.detail = reason;
    outcome.quarantineId = txn.addQuarantine(
        {0, ref.key, caseId, reason, now, sender, opened.effective.message.subject,
         store::QuarantineState::Pending, "", std::nullopt, ""});
  };

  if (auto same = txn.findInboxBySha256(digest)) {
    item.caseId = same->caseId;
    outcome = {IntakeResult::Duplicate, same->caseId, std::nullopt, std::nullopt, {}};
  } else {
    core::ThreadLookups lookups;
    lookups.caseForToken = [&](std::string_view token) -> std::optional<std::string> {
      if (env.replyTokens == nullptr) return std::nullopt;
      return env.replyTokens->caseFor(token, config.coordinator.casePrefix, sender);
    };
    lookups.caseForSentMessage = [&](std::string_view id) { return txn.caseForSentMessage(id); };
    lookups.caseExists = [&](std::string_view id) { return txn.hasCase(id); };
    lookups.inquiryRoute = [&](std::string_view number) -> std::optional<core::InquiryRoute> {
      auto target = txn.inquiryTarget(number);
      if (!target) return std::nullopt;
      return core::InquiryRoute{target->caseId, target->vendorId};
    };
    const auto clues = threadCluesOf(opened, intake);
    const auto match = core::matchThread(clues, config.coordinator.casePrefix, lookups);

    const auto bounceAddress = core::judgeBounce(
        bounceEvidenceOf(opened, intake, config.coordinator.casePrefix, env.replyTokens, &txn));
    const auto facts = intakeFactsOf(opened, match, lookups.caseForSentMessage, bounceAddress);
    const auto decision = core::decideIntake(facts);

    if (const auto* q = std::get_if<core::Quarantine>(&decision)) {
      std::string caseId = q->caseId.value_or("");
      if (!caseId.empty()) {
        auto c = txn.getCase(caseId);
        auto entry = inboundEntry(opened, ref.key, core::MessageRole::Reply, now, intake);
        entry.authenticated = false;
        entry.note = "quarantined: " + q->reason;
        c->timeline.push_back(std::move(entry));
        txn.putCase(*c);
      }
      quarantine(q->reason, caseId);
    } else if (const auto* bounce = std::get_if<core::RecordBounce>(&decision)) {
      auto c = txn.getCase(bounce->caseId);
      auto entry = inboundEntry(opened, ref.key, core::MessageRole::Bounce, now, intake);
      std::string failed;
      if (const auto& dsn = opened.outer.deliveryStatus) {
        for (const auto& r : dsn->failedRecipients) failed += (failed.empty() ? "" : ", ") + r;
        entry.note = "failed contact attempt: delivery to " +
                     (failed.empty() ? std::string("a recipient") : failed) + " failed" +
                     (dsn->status.empty() ? "" : " (" + dsn->status + ")");
      } else {
        entry.note = "failed contact attempt: " + opened.outer.kindReason;
      }
      c->timeline.push_back(std::move(entry));
      txn.putCase(*c);
      outcome = {IntakeResult::BounceRecorded, c->id, std::nullopt, std::nullopt, failed};
      recordBounces(env, txn, c->id, {bounce->recipient}, now);
    } else if (const auto* attach = std::get_if<core::AttachToCase>(&decision)) {
      auto c = txn.getCase(attach->caseId);
      const auto token = tokenProofOf(clues, c->id, lookups.caseForToken);
      auto auth = core::authenticateSender(c->participants,
                                           senderEvidenceOf(opened, match.forgedToken, token));
      // A signature proves who wrote the content, not for which case or when it was sent.
      if (auth.authenticated && auth.participant != nullptr && auth.participant->keyFingerprint) {
        const std::string appliedKey = "signed-reply/" + signedReplyDigest(opened);
        auto replay = signedReplyFacts(opened, *c, sender, env.replyTokens);
        // A vendor answering the unreachable-vendors list knows its inquiry number, not the
        // case ID: its number in the signed text ties the signature to this case as well.
        if (match.by == core::MatchedBy::Inquiry &&
            core::findInquiryNumber(opened.effective.message.bodyText) == match.inquiryNumber)
          replay.signedContentNamesCase = true;
        replay.appliedBefore = txn.counter(appliedKey) > 0;
        if (auto refusal = core::replayRefusal(replay)) {
          auth.authenticated = false;
          auth.reason = *refusal;
        } else {
          txn.bumpCounter(appliedKey);
        }
      }
      // An answer to a DID# inquiry speaks for the vendor it was given to; anyone else's
      // mail under that number is only theirs (a reporter's, another vendor's).
      const bool inquiryAnswer = match.by == core::MatchedBy::Inquiry && auth.authenticated &&
                                 auth.participant != nullptr &&
                                 inquiryVendorIs(txn, *auth.participant, match.inquiryVendor);
      if (match.by == core::MatchedBy::Inquiry && !auth.authenticated)
        auth.reason = "answer to inquiry " + match.inquiryNumber + " (vendor " +
                      match.inquiryVendor +
                      ", unreachable-vendors list) not authenticated: " + auth.reason;
      auto entry = inboundEntry(opened, ref.key, core::MessageRole::Reply, now, intake);
      entry.authenticated = auth.authenticated;
      entry.note = auth.authenticated ? "matched by " + std::string(core::matchedByName(match.by)) +
                                            "; " + auth.reason
                                      : "quarantined: " + auth.reason + " (matched by " +
                                            std::string(core::matchedByName(match.by)) + ")";
      c->timeline.push_back(std::move(entry));
      // A key offered in a reply binds nothing: only a first report's own signature, or
      // an operator, binds a key (core/key_offer.hpp).
      if (auth.authenticated)
        outcome = {IntakeResult::ReplyAttached, c->id, std::nullopt, std::nullopt,
                   c->timeline.back().note};
      txn.putCase(*c);
      if (!auth.authenticated) {
        quarantine(auth.reason, c->id);
      } else if (auth.participant != nullptr) {
        // The voice of a participant: what it says moves the case.
        std::string effect = inquiryAnswer
                                 ? applyInquiryAnswer(txn, coordinationEnvironment(env),
                                                      {c->id, match.inquiryVendor},
                                                      match.inquiryNumber, sender, "", now)
                                 : std::string();
        const std::string said =
            applyParticipantMessage(txn, coordinationEnvironment(env), c->id, *auth.participant,
                                    opened.effective.message.bodyText, "", now);
        if (!said.empty()) effect += (effect.empty() ? "" : "; ") + said;
        annotate(txn, c->id, ref.key, effect);
        if (!effect.empty()) outcome.detail += "; " + effect;
      }
    } else {
      core::Case c;
      c.id = newCaseId(env, txn);
      c.reporter = sender;
      c.subject = opened.effective.message.subject;
      c.receivedAt = now;
      c.language = core::detectLanguage(c.subject + "\n" + opened.effective.message.bodyText);
      core::Participant reporter{sender, core::ParticipantRole::Reporter, {}, std::nullopt};
      if (!opened.effective.message.from.empty())
        reporter.name = opened.effective.message.from.front().displayName;
      const auto reporterKey =
          reporterKeyFor(env, txn, opened, sender, [&] { return openInbound(env, raw); });
      reporter.keyFingerprint = reporterKey.fingerprint;
      c.participants.push_back(reporter);
      auto entry = inboundEntry(opened, ref.key, core::MessageRole::Report, now, intake);
      entry.note = reporterKey.note;
      c.timeline.push_back(std::move(entry));
      outcome = {IntakeResult::CaseOpened, c.id, std::nullopt, std::nullopt, {}};
      // Only a good signature over the whole report by a key an operator bound to the
      // sender authenticates it (a key the report itself brought proves possession, not the
      // address); anyone else gets the case ID and a shortened subject, nothing more.
      const auto signature = senderEvidenceOf(opened, false, core::TokenProof::None).signature;
      const auto binding = txn.getKeyBinding(sender);
      const bool authenticated = signature.status == core::SignatureEvidence::Status::Good &&
                                 binding && binding->trust == "operator" &&
                                 binding->fingerprint == signature.fingerprint;
      const auto ackRefused = spendAcknowledgement(txn, config.limits, sender, now);
      if (!ackRefused) {
        auto ack =
            composeAcknowledgement(env, txn, c, opened.effective.message, authenticated, now);
        core::TimelineEntry sent{now,
                                 core::Direction::Outbound,
                                 core::MessageRole::Acknowledgement,
                                 ack.entry.messageId,
                                 ack.entry.messageId,
                                 intake,
                                 c.reporter,
                                 ack.subject};
        sent.encrypted = ack.protection == core::Protection::SignedEncrypted;
        sent.signature = std::string(core::protectionName(ack.protection));
        if (env.signer.keyring != nullptr) sent.signerFingerprint = env.signer.fingerprint;
        c.timeline.push_back(std::move(sent));
        outcome.outboxSeq = txn.enqueueOutbox(std::move(ack.entry));
      } else {
        outcome.detail = *ackRefused;
        c.timeline.back().note += (c.timeline.back().note.empty() ? "" : "; ") + outcome.detail;
      }
      txn.putCase(c);

      // The coordination starts here: a received case, the reporter's fields, and a
      // request for what the report lacks.
      core::CaseWorkflow workflow;
      workflow.caseId = c.id;
      workflow.history.push_back(
          {now, "reporter:" + sender, "report-received", "report " + ref.key});
      txn.putWorkflow(workflow);
      const auto fields = parsers::extractReportFields(opened.effective.message.bodyText);
      auto report = reportRecord(c.id, sender, fields);
      txn.putReport(report);
      // (コ) "exploitation observed: yes" marks the case and alerts the operators now, in
      // the transaction that opens it: this is the first point where a workflow exists,
      // and exploitation weighs on the whole schedule (000 4.8 ④), so it must not wait for
      // the operator's acceptance. A report needs no authentication; later mail does.
      if (const auto marked =
              markReporterExploitation(txn, coordinationEnvironment(env), c.id,
                                       report.exploitationObserved, "reporter:" + sender, now);
          !marked.empty())
        outcome.detail += (outcome.detail.empty() ? "" : "; ") + marked;
      // A report on the form that lacks a field is asked for it. A free-text report is
      // asked only when it is empty: its product is the operator's reading of the text
      // (`cvdctl case edit --product`), and the acknowledgement already answers it.
      const bool askReporter = fields.fromForm
                                   ? !report.missing.empty()
                                   : std::find(report.missing.begin(), report.missing.end(),
                                               "vulnerability") != report.missing.end();
      if (askReporter && outcome.outboxSeq) {
        NoticeExtras extras;
        extras.unauthenticatedReporter = !authenticated;
        auto queued = queueNotice(txn, coordinationEnvironment(env), c.id, "missing-information",
                                  {}, extras, now);
        if (queued) outcome.detail = "missing information requested";
      }
    }
    item.caseId = outcome.caseId;
  }

  txn.putRawMessage(ref.key, raw, digest);
  txn.putInbox(item);
  if (position) txn.putSourcePosition(sourceId, *position);
  txn.commit();
  return outcome;
}

IntakeOutcome quarantineUnprocessed(const IntakeEnvironment& env, const std::string& sourceId,
                                    const SourceRef& ref,
                                    const std::optional<store::SourcePosition>& position,
                                    std::string_view raw, std::string_view reason,
                                    bool readHeader) {
  const core::Timestamp now = env.clock();
  std::string from, subject;
  if (readHeader) {
    if (auto header = parsers::parseMessage(raw)) {
      if (!header->from.empty()) from = header->from.front().address;
      subject = header->subject;
    }
  }
  auto txn = env.store->write();
  if (auto existing = txn.getInbox(ref.key))
    return {IntakeResult::AlreadyAccepted, existing->caseId, std::nullopt, std::nullopt, {}};
  IntakeOutcome outcome{IntakeResult::Quarantined, "", std::nullopt, std::nullopt,
                        std::string(reason)};
  outcome.quarantineId = txn.addQuarantine({0, ref.key, "", std::string(reason), now, from, subject,
                                            store::QuarantineState::Pending, "", std::nullopt, ""});
  const std::string digest = store::sha256Hex(raw);
  txn.putRawMessage(ref.key, raw, digest);
  txn.putInbox({ref.key, digest, now, "", false});
  if (position) txn.putSourcePosition(sourceId, *position);
  txn.commit();
  return outcome;
}

}  // namespace cvdd::daemon
