#include "daemon/intake_processor.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include "core/case_id.hpp"
#include "core/language.hpp"
#include "crypto/open_message.hpp"
#include "daemon/coordination.hpp"
#include "daemon/crash_point.hpp"
#include "daemon/inbound_evidence.hpp"
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

/// Trust on first use: a key the sender offers (attached, or in an Autocrypt header for
/// the sender's own address) is bound to that address when no key is bound to it yet.
/// Returns the fingerprint now bound to the address, if any.
std::optional<std::string> bindOfferedKey(const IntakeEnvironment& env, store::WriteTxn& txn,
                                          const crypto::OpenedMessage& opened,
                                          const std::string& address, const std::string& caseId,
                                          core::Timestamp now) {
  if (address.empty()) return std::nullopt;
  if (auto existing = txn.getKeyBinding(address)) return existing->fingerprint;
  if (env.signer.keyring == nullptr) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> offers;  // (key data, source)
  for (const auto& key : opened.effective.attachedKeys) offers.emplace_back(key, "attached-key");
  if (opened.outer.autocrypt && opened.outer.autocrypt->address == address)
    offers.emplace_back(opened.outer.autocrypt->keyData, "autocrypt");
  for (const auto& [data, source] : offers) {
    auto imported = env.signer.keyring->importKeys(data);
    if (!imported) continue;  // garbage or secret material: ignored, the message still counts
    for (const auto& fingerprint : imported->fingerprints) {
      auto key = env.signer.keyring->findKey(fingerprint);
      if (!key || key->revoked || key->expired) continue;
      bool forAddress = false;
      for (const auto& a : key->addresses) forAddress |= a == address;
      if (!forAddress) continue;  // a key for someone else is never bound to this sender
      txn.putKeyBinding({address, fingerprint, source, "tofu", now, caseId, ""});
      return fingerprint;
    }
  }
  return std::nullopt;
}

std::string hourBucket(core::Timestamp now) {
  auto iso = core::formatIso8601(now);  // "2026-11-22T02:01:56Z"
  return iso.substr(0, 13);             // "2026-11-22T02"
}

/// True while this sender stays within its hourly acknowledgement budget.
bool withinAckBudget(const IntakeEnvironment& env, store::WriteTxn& txn, const std::string& sender,
                     core::Timestamp now) {
  const auto limit = env.config->limits.acksPerSenderPerHour;
  const auto count = txn.bumpCounter("ack/" + hourBucket(now) + "/" + sender);
  if (count == 1) {
    // First use of this hour's bucket for the sender: drop buckets older than a day.
    txn.pruneCounters("ack/", "ack/" + hourBucket(now - std::chrono::hours(24)));
  }
  return count <= limit;
}

struct Acknowledgement {
  store::OutboxEntry entry;
  std::string subject;
  core::Protection protection;
};

Acknowledgement composeAcknowledgement(const IntakeEnvironment& env, const store::ReadTxn& txn,
                                       const core::Case& c, const parsers::ParsedMessage& report,
                                       core::Timestamp now) {
  const Config& config = *env.config;
  templates::NoticeData data{
      {"case_id", c.id},
      {"original_subject", report.subject},
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
  message.messageId = acknowledgementMessageId(c.id, config.coordinator.hostname);
  message.inReplyTo = report.messageId;
  message.references = report.references;
  if (!report.messageId.empty()) message.references.push_back(report.messageId);
  message.date = core::formatRfc5322(now);
  message.bodyText = notice->body;
  message.autoSubmitted = "auto-replied";
  request.caseId = c.id;
  request.envelopeFrom = config.coordinator.intake;
  request.recipient = c.reporter;
  request.confidential = false;
  request.now = now;

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

/// A reporter's reply completes what the report lacked; nothing already known is
/// overwritten. Returns true when something was filled in.
bool completeReport(store::CaseReport& report, const parsers::ReportFields& fields) {
  bool changed = false;
  std::vector<std::string> stillMissing;
  for (const auto& field : report.missing) {
    std::string* target = field == "product"         ? &report.product
                          : field == "vulnerability" ? &report.vulnerability
                                                     : nullptr;
    const std::string& value = field == "product" ? fields.product : fields.vulnerability;
    // Free text fills only the vulnerability: it is the whole body, not a product name.
    const bool usable =
        target != nullptr && !value.empty() && (fields.fromForm || field == "vulnerability");
    if (usable) {
      *target = value;
      changed = true;
    } else {
      stillMissing.push_back(field);
    }
  }
  report.missing = std::move(stillMissing);
  return changed;
}

/// The first token of text that is a bare mail address: the form's contact field may
/// also hold a phone number ("bar@bar.example, 03-0000-0000"). "" when there is none.
std::string firstMailAddress(std::string_view text) {
  std::string spaced(text);
  for (std::string_view wide : {"、", "，", "　"}) {  // Japanese comma, full-width comma, space
    for (auto at = spaced.find(wide); at != std::string::npos; at = spaced.find(wide, at))
      spaced.replace(at, wide.size(), " ");
  }
  constexpr std::string_view kSeparators = " \t,;/()<>";
  std::string token;
  for (std::size_t i = 0; i <= spaced.size(); ++i) {
    if (i == spaced.size() || kSeparators.find(spaced[i]) != std::string_view::npos) {
      if (isMailAddress(token)) return token;
      token.clear();
    } else {
      token.push_back(spaced[i]);
    }
  }
  return {};
}

/// 003 §8-2: a vendor asked to share the case with a related organisation. The
/// organisation is asked to register first (the notice names the case and the vendor,
/// nothing of the vulnerability); an operator registers it and adds it to the case, since
/// the case ID alone never proves who it is. Asked once per case and address; a registered
/// participant's address needs no request. Returns what was done, for the timeline.
std::string requestRelatedRegistration(const CoordinationEnvironment& env, store::WriteTxn& txn,
                                       const std::string& caseId,
                                       const store::VendorRecord& requester,
                                       const parsers::SharedOrganisation& organisation,
                                       core::Timestamp now) {
  const std::string address = core::normalizeAddress(firstMailAddress(organisation.address));
  if (address.empty())
    return "related organisation " + organisation.name + ": no usable mail address";
  if (auto known = txn.findVendorByAddress(address))
    return "related organisation " + address + " is registered as " + known->id;
  const auto c = txn.getCase(caseId);
  for (const auto& entry : c->timeline) {
    if (entry.direction == core::Direction::Outbound && entry.role == core::MessageRole::Notice &&
        core::normalizeAddress(entry.to) == address &&
        entry.note.starts_with("related-organisation-registration"))
      return "related organisation " + address + " was asked to register before";
  }
  NoticeExtras extras;
  extras.relatedOrganisationName = organisation.name;
  extras.relatedOrganisationContact = organisation.person;
  extras.requestingVendorName = requester.organisation;
  auto queued =
      queueNotice(txn, env, caseId, "related-organisation-registration",
                  {NoticeAudience::RelatedOrganisation, address, organisation.person}, extras, now);
  if (!queued) return "related organisation " + address + ": " + queued.error().what;
  spdlog::warn("OPERATOR_ALERT code=RELATED_ORGANISATION_NAMED case={} vendor={} address={}",
               caseId, requester.id, address);
  return "registration request queued to related organisation " + address;
}

/// Applies what an authenticated vendor's reply says to its case; refusals are recorded,
/// never fatal (the reply itself is kept either way). Returns a summary for the timeline.
std::string applyVendorReply(const IntakeEnvironment& env, store::WriteTxn& txn,
                             const std::string& caseId, const std::string& sender,
                             std::string_view body, core::Timestamp now) {
  auto vendor = txn.findVendorByAddress(sender);
  auto workflow = txn.getWorkflow(caseId);
  if (!vendor || !workflow || workflow->vendor(vendor->id) == nullptr) return {};
  const auto reply = parsers::parseVendorReply(body);
  const auto cenv = coordinationEnvironment(env);
  std::string summary;
  for (const auto& command : commandsForVendorReply(reply, vendor->id, "mail:" + sender)) {
    auto applied = applyCaseCommand(txn, cenv, caseId, command, "vendor:" + vendor->id, now);
    std::string result = std::string(core::commandName(command)) +
                         (applied ? " applied" : " refused (" + applied.error().what + ")");
    summary += (summary.empty() ? "" : "; ") + result;
  }
  if (reply.shareWith)
    summary += "; " + requestRelatedRegistration(cenv, txn, caseId, *vendor, *reply.shareWith, now);
  for (const auto& warning : reply.warnings) summary += "; form: " + warning;
  return summary;
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
    const auto match =
        core::matchThread(threadCluesOf(opened, intake), config.coordinator.casePrefix, lookups);

    const auto facts = intakeFactsOf(opened, match, lookups.caseForSentMessage);
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
      if (const auto& dsn = opened.outer.deliveryStatus)
        recordBounces(env, txn, c->id, dsn->failedRecipients, now);
    } else if (const auto* attach = std::get_if<core::AttachToCase>(&decision)) {
      auto c = txn.getCase(attach->caseId);
      const auto auth =
          core::authenticateSender(c->participants, senderEvidenceOf(opened, match.forgedToken));
      auto entry = inboundEntry(opened, ref.key, core::MessageRole::Reply, now, intake);
      entry.authenticated = auth.authenticated;
      entry.note = auth.authenticated ? "matched by " + std::string(core::matchedByName(match.by)) +
                                            "; " + auth.reason
                                      : "quarantined: " + auth.reason + " (matched by " +
                                            std::string(core::matchedByName(match.by)) + ")";
      c->timeline.push_back(std::move(entry));
      if (auth.authenticated) {
        // An authenticated participant may offer its first key (trust on first use).
        if (auto bound = bindOfferedKey(env, txn, opened, sender, c->id, now))
          for (auto& p : c->participants)
            if (core::normalizeAddress(p.address) == sender && !p.keyFingerprint)
              p.keyFingerprint = *bound;
        outcome = {IntakeResult::ReplyAttached, c->id, std::nullopt, std::nullopt,
                   c->timeline.back().note};
      }
      txn.putCase(*c);
      if (!auth.authenticated) {
        quarantine(auth.reason, c->id);
      } else if (auth.participant != nullptr) {
        // The voice of a participant: what it says moves the case.
        const auto& body = opened.effective.message.bodyText;
        std::string effect;
        if (auth.participant->role == core::ParticipantRole::Reporter) {
          if (auto report = txn.getReport(c->id); report && !report->missing.empty()) {
            if (completeReport(*report, parsers::extractReportFields(body))) {
              effect = report->missing.empty() ? "report completed" : "report partly completed";
              txn.putReport(*report);
            }
          }
        } else {
          effect = applyVendorReply(env, txn, c->id, sender, body, now);
        }
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
      reporter.keyFingerprint = bindOfferedKey(env, txn, opened, sender, c.id, now);
      // The key that signed a first report may have arrived in that very report: verify
      // again now that it is in the keyring.
      if (reporter.keyFingerprint &&
          opened.verification.status == crypto::SignatureStatus::UnknownKey)
        opened = openInbound(env, raw);
      c.participants.push_back(reporter);
      auto entry = inboundEntry(opened, ref.key, core::MessageRole::Report, now, intake);
      if (reporter.keyFingerprint)
        entry.note = "reporter key " + *reporter.keyFingerprint + " bound (trust on first use)";
      c.timeline.push_back(std::move(entry));
      outcome = {IntakeResult::CaseOpened, c.id, std::nullopt, std::nullopt, {}};
      if (withinAckBudget(env, txn, sender, now)) {
        auto ack = composeAcknowledgement(env, txn, c, opened.effective.message, now);
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
        outcome.detail = "acknowledgement rate limit reached for " + sender;
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
      // A report on the form that lacks a field is asked for it. A free-text report is
      // asked only when it is empty: its product is the operator's reading of the text
      // (`cvdctl case edit --product`), and the acknowledgement already answers it.
      const bool askReporter = fields.fromForm
                                   ? !report.missing.empty()
                                   : std::find(report.missing.begin(), report.missing.end(),
                                               "vulnerability") != report.missing.end();
      if (askReporter && outcome.outboxSeq) {
        auto queued = queueNotice(txn, coordinationEnvironment(env), c.id, "missing-information",
                                  {}, {}, now);
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
