#include "daemon/coordination.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "core/participant.hpp"
#include "daemon/notice_data.hpp"
#include "templates/notice.hpp"

namespace cvdd::daemon {

namespace {

std::string languageFor(const core::Case& c, const store::VendorRecord* vendor) {
  if (vendor != nullptr && (vendor->language == "ja" || vendor->language == "en"))
    return vendor->language;
  return std::string(core::languageCode(c.language));
}

core::Language languageOf(const std::string& code) {
  return code == "ja" ? core::Language::Japanese : core::Language::English;
}

core::ParticipantRole roleOf(store::ParticipantKind kind) {
  switch (kind) {
    case store::ParticipantKind::Vendor:
      return core::ParticipantRole::Vendor;
    case store::ParticipantKind::RelatedOrganisation:
      return core::ParticipantRole::RelatedOrganisation;
    case store::ParticipantKind::PriorityRecipient:
      return core::ParticipantRole::PriorityRecipient;
  }
  return core::ParticipantRole::Vendor;
}

/// Deterministic per (case, timeline length, notice, recipient): composing the same
/// transition twice can never queue the same notice twice.
std::string noticeMessageId(const std::string& caseId, std::size_t event, const std::string& notice,
                            std::size_t recipient, const std::string& hostname) {
  std::string local = caseId;
  for (char& ch : local)
    if (ch == '#') ch = '-';
  return local + "." + std::to_string(event) + "." + notice + "." + std::to_string(recipient) +
         "@" + hostname;
}

struct Recipient {
  std::string address;
  NoticeRecipientInfo info;
  std::string displayName;
};

/// Carries out one transition's effects in txn.
class EffectRunner {
 public:
  EffectRunner(store::WriteTxn& txn, const CoordinationEnvironment& env, core::Case& c,
               store::CaseReport& report, const core::CaseWorkflow& before,
               const core::CaseWorkflow& after, core::Timestamp now, CommandOutcome& outcome)
      : txn_(txn),
        env_(env),
        case_(c),
        report_(report),
        before_(before),
        after_(after),
        now_(now),
        outcome_(outcome),
        timelineAtStart_(c.timeline.size()) {}

  NoticeExtras extras;

  void run(const std::vector<core::Effect>& effects) {
    for (const auto& effect : effects) std::visit([this](const auto& e) { handle(e); }, effect);
  }

  /// Queues one notice to each recipient; each gets its own protection.
  void send(const std::string& notice, const std::vector<Recipient>& recipients) {
    for (const auto& r : recipients) queue(notice, r);
  }

  std::vector<Recipient> vendorRecipients(const std::string& vendorId, bool confidential) {
    std::vector<Recipient> out;
    auto vendor = txn_.getVendor(vendorId);
    if (!vendor) {
      // Removed from the registry since it was added: fall back to its mail channels.
      if (const auto* v = after_.vendor(vendorId)) {
        for (const auto& channel : v->channels)
          if (channel.starts_with("mail:"))
            out.push_back(
                {channel.substr(5), {NoticeAudience::Vendor, nullptr, confidential}, vendorId});
      }
      return out;
    }
    vendors_.push_back(std::make_unique<store::VendorRecord>(std::move(*vendor)));
    const auto* record = vendors_.back().get();
    for (const auto& contact : record->contacts)
      out.push_back(
          {contact.address, {NoticeAudience::Vendor, record, confidential}, record->organisation});
    return out;
  }

 private:
  void handle(const core::effect::ScheduleDeadline& e) {
    txn_.scheduleDeadline(case_.id, e.deadline);
    ++outcome_.deadlinesScheduled;
  }

  void handle(const core::effect::CancelDeadlines& e) {
    for (const auto& key : e.keys)
      if (txn_.cancelDeadline(case_.id, key)) ++outcome_.deadlinesCancelled;
  }

  void handle(const core::effect::SendNotice& e) {
    std::vector<Recipient> recipients;
    switch (e.recipient) {
      case core::NoticeRecipient::Reporter:
        recipients.push_back(
            {case_.reporter, {NoticeAudience::Reporter, nullptr, e.confidential}, reporterName()});
        break;
      case core::NoticeRecipient::Vendor:
        recipients = vendorRecipients(e.vendorId, e.confidential);
        break;
      case core::NoticeRecipient::PriorityRecipients:
        for (auto& record : txn_.listVendors()) {
          if (record.kind != store::ParticipantKind::PriorityRecipient) continue;
          vendors_.push_back(std::make_unique<store::VendorRecord>(std::move(record)));
          const auto* r = vendors_.back().get();
          for (const auto& contact : r->contacts)
            recipients.push_back({contact.address,
                                  {NoticeAudience::PriorityRecipient, r, e.confidential},
                                  r->organisation});
        }
        break;
    }
    if (recipients.empty()) {
      alertOnly("NOTICE_WITHOUT_RECIPIENT",
                "case " + case_.id + ": notice " + e.notice +
                    " has no recipient with a mail address" +
                    (e.vendorId.empty() ? "" : " (" + e.vendorId + ")"));
    }
    send(e.notice, recipients);
  }

  void handle(const core::effect::AlertOperator& e) {
    outcome_.alerts.push_back(e);
    spdlog::warn("OPERATOR_ALERT code={} case={} text=\"{}\"", e.code, case_.id, e.text);
    const auto& operators = env_.config->coordinator.operators;
    if (operators.empty()) return;
    // The unreachable alert has its own notice, about the vendor that just became so.
    const store::VendorRecord* vendor = nullptr;
    std::string notice = "operator-alert";
    if (e.code == "VENDOR_UNREACHABLE") {
      for (const auto& v : after_.vendors) {
        if (v.reachability == core::Reachability::Unreachable && v.unreachableSince == now_) {
          if (auto record = txn_.getVendor(v.vendorId)) {
            vendors_.push_back(std::make_unique<store::VendorRecord>(std::move(*record)));
            vendor = vendors_.back().get();
            notice = "vendor-unreachable";
          }
          break;
        }
      }
    }
    extras.alertCode = e.code;
    extras.alertText = e.text;
    for (const auto& address : operators)
      queue(notice, {address, {NoticeAudience::Operator, vendor, false}, ""});
  }

  // The alert is raised while the held notice's other recipients may still be queued:
  // its variables must not leak into their notices.
  void alertHeld(const std::string& notice, const std::string& recipient, std::uint64_t seq) {
    const NoticeExtras saved = extras;
    handle(core::effect::AlertOperator{
        "NOTICE_HELD",
        "notice " + notice + " to " + recipient + " is held (outbox #" + std::to_string(seq) +
            "): it is confidential and no OpenPGP key or S/MIME certificate is bound to that "
            "address. Bind one (cvdctl vendor import-key|import-cert) and send the notice "
            "again, or release it: cvdctl outbox release " +
            std::to_string(seq) + " --in-clear --reason TEXT"});
    extras = saved;
  }

  void alertOnly(const std::string& code, const std::string& text) {
    outcome_.alerts.push_back({code, text});
    spdlog::warn("OPERATOR_ALERT code={} case={} text=\"{}\"", code, case_.id, text);
  }

  std::string reporterName() const {
    if (!report_.reporterName.empty()) return report_.reporterName;
    return case_.participants.empty() ? std::string() : case_.participants.front().name;
  }

  void queue(const std::string& notice, const Recipient& r) {
    const Config& config = *env_.config;
    const std::string language = languageFor(case_, r.info.vendor);
    NoticeContext ctx{&case_,
                      &report_,
                      &after_,
                      &before_,
                      env_.timeZone,
                      &config.deadlines,
                      config.coordinator.name,
                      config.coordinator.intake,
                      now_,
                      language};
    const auto data = noticeData(ctx, r.info, extras);
    auto rendered =
        templates::renderNotice(notice, languageOf(language), data, config.templates.overrideDir);
    if (!rendered)
      throw std::runtime_error("template " + notice + ": " + rendered.error().where + ": " +
                               rendered.error().what);

    OutboundRequest request;
    auto& message = request.message;
    message.from = {config.coordinator.name, config.coordinator.intake};
    message.to = {{r.displayName, r.address}};
    std::string replyAddress = config.coordinator.intake;
    if (env_.replyTokens != nullptr && r.info.audience != NoticeAudience::Operator)
      replyAddress = crypto::taggedAddress(
          config.coordinator.intake,
          env_.replyTokens->tokenFor(case_.id, core::normalizeAddress(r.address)));
    message.replyTo = {{config.coordinator.name, replyAddress}};
    message.subject = rendered->subject;
    message.messageId = noticeMessageId(case_.id, timelineAtStart_, notice, recipientIndex_++,
                                        config.coordinator.hostname);
    message.date = core::formatRfc5322(now_);
    message.bodyText = rendered->body;
    message.autoSubmitted = "auto-generated";
    request.caseId = case_.id;
    request.envelopeFrom = config.coordinator.intake;
    request.recipient = core::normalizeAddress(r.address);
    request.confidential = r.info.confidential;
    request.now = now_;

    core::Protection protection{};
    auto entry = composeOutbound(request, txn_, env_.signer, &protection);
    const bool held = entry.state == store::OutboxState::Held;
    const auto seq = txn_.enqueueOutbox(std::move(entry));
    outcome_.queued.push_back(seq);
    if (held) {
      outcome_.held.push_back(seq);
      spdlog::warn("OUTBOX_HELD seq={} case={} notice={} recipient={} (confidential, no key)", seq,
                   case_.id, notice, request.recipient);
    }

    core::TimelineEntry sent{now_,
                             core::Direction::Outbound,
                             core::MessageRole::Notice,
                             message.messageId,
                             message.messageId,
                             config.coordinator.intake,
                             request.recipient,
                             rendered->subject};
    sent.signature = std::string(core::protectionName(protection));
    sent.encrypted = protection == core::Protection::SignedEncrypted ||
                     protection == core::Protection::SmimeEncrypted;
    if (env_.signer.keyring != nullptr && protection != core::Protection::Plain && !held)
      sent.signerFingerprint = env_.signer.fingerprint;
    sent.note = notice + (held ? "; held: confidential and no usable key or certificate for the recipient" : "");
    case_.timeline.push_back(std::move(sent));
    // Nothing but an operator gets a held notice out: tell them (the notice's name and
    // the address, never its content).
    if (held && r.info.audience != NoticeAudience::Operator)
      alertHeld(notice, request.recipient, seq);
  }

  store::WriteTxn& txn_;
  const CoordinationEnvironment& env_;
  core::Case& case_;
  store::CaseReport& report_;
  const core::CaseWorkflow& before_;
  const core::CaseWorkflow& after_;
  core::Timestamp now_;
  CommandOutcome& outcome_;
  std::size_t timelineAtStart_;  // with recipientIndex_, makes each Message-ID unique
  std::size_t recipientIndex_ = 0;
  std::vector<std::unique_ptr<store::VendorRecord>> vendors_;  // stable addresses
};

/// The participants a vendor brings to the case: each contact, with its key, so its mail
/// is recognised and authenticated.
void addVendorParticipants(const store::ReadTxn& txn, core::Case& c, const std::string& vendorId) {
  auto record = txn.getVendor(vendorId);
  if (!record) return;
  for (const auto& contact : record->contacts) {
    if (core::findParticipant(c.participants, contact.address) != nullptr) continue;
    c.participants.push_back({core::normalizeAddress(contact.address), roleOf(record->kind),
                              record->organisation, contact.keyFingerprint});
  }
}

}  // namespace

core::Result<core::command::AddVendor> addVendorCommand(const store::ReadTxn& txn,
                                                        std::string_view vendorId) {
  auto record = txn.getVendor(vendorId);
  if (!record)
    return core::fail(core::Errc::NotFound, "vendor " + std::string(vendorId),
                      "no such vendor in the registry (cvdctl vendor add)");
  core::command::AddVendor command;
  command.vendorId = record->id;
  for (const auto& contact : record->contacts)
    command.channels.push_back("mail:" + contact.address);
  for (const auto& channel : record->otherChannels) command.channels.push_back(channel);
  command.registered = record->registration != store::RegistrationKind::Unregistered;
  return command;
}

core::Result<CommandOutcome> applyCaseCommand(store::WriteTxn& txn,
                                              const CoordinationEnvironment& env,
                                              std::string_view caseId, const core::Command& command,
                                              const std::string& actor, core::Timestamp now) {
  auto c = txn.getCase(caseId);
  if (!c) return core::fail(core::Errc::NotFound, "case " + std::string(caseId), "no such case");
  core::CaseWorkflow before;
  if (auto stored = txn.getWorkflow(caseId)) {
    before = std::move(*stored);
  } else {
    before.caseId = c->id;
  }
  store::CaseReport report = txn.getReport(caseId).value_or(store::CaseReport{});
  report.caseId = c->id;

  const core::ApplyContext context{now, actor, *env.timeZone, env.config->deadlines};
  auto transition = core::apply(before, command, context);
  if (!transition) return tl::unexpected(transition.error());

  CommandOutcome outcome;
  outcome.caseId = c->id;
  outcome.stage = transition->workflow.stage;
  outcome.event = transition->event;

  EffectRunner runner(txn, env, *c, report, before, transition->workflow, now, outcome);
  if (const auto* move = std::get_if<core::command::MovePublicationDate>(&command))
    runner.extras.moveReason = move->reason;
  if (const auto* stop = std::get_if<core::command::Stop>(&command))
    runner.extras.stopNote = stop->note;
  if (const auto* add = std::get_if<core::command::AddVendor>(&command)) {
    addVendorParticipants(txn, *c, add->vendorId);
    // An unregistered vendor first hears only that we ask it to register (003 §2-3).
    if (!add->registered)
      runner.send("registration-request", runner.vendorRecipients(add->vendorId, false));
  }
  runner.run(transition->effects);

  txn.putWorkflow(transition->workflow);
  txn.putCase(*c);
  return outcome;
}

core::Result<std::uint64_t> queueNotice(store::WriteTxn& txn, const CoordinationEnvironment& env,
                                        std::string_view caseId, const std::string& notice,
                                        const NoticeTarget& target, const NoticeExtras& extras,
                                        core::Timestamp now) {
  auto c = txn.getCase(caseId);
  if (!c) return core::fail(core::Errc::NotFound, "case " + std::string(caseId), "no such case");
  core::CaseWorkflow workflow = txn.getWorkflow(caseId).value_or(core::CaseWorkflow{});
  workflow.caseId = c->id;
  store::CaseReport report = txn.getReport(caseId).value_or(store::CaseReport{});
  report.caseId = c->id;
  CommandOutcome outcome;
  EffectRunner runner(txn, env, *c, report, workflow, workflow, now, outcome);
  runner.extras = extras;
  Recipient recipient{target.address, {target.audience, nullptr, false}, target.displayName};
  if (target.audience == NoticeAudience::Reporter) {
    recipient.address = c->reporter;
    recipient.displayName = c->participants.empty() ? "" : c->participants.front().name;
  }
  runner.send(notice, {recipient});
  txn.putCase(*c);
  return outcome.queued.front();
}

}  // namespace cvdd::daemon
