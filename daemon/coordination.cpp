#include "daemon/coordination.hpp"

#include <spdlog/spdlog.h>

#include "core/participant.hpp"
#include "core/vendor_disclosure.hpp"
#include "daemon/bounce_address.hpp"
#include "daemon/message_ids.hpp"
#include "daemon/notice_builder.hpp"

namespace cvdd::daemon {

namespace {

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

using Recipient = NoticeRecipientAddress;

/// Carries out one transition's effects in txn.
class EffectRunner {
 public:
  EffectRunner(store::WriteTxn& txn, const CoordinationEnvironment& env, core::Case& c,
               store::CaseReport& report, const core::CaseWorkflow& before,
               const core::CaseWorkflow& after, core::Timestamp now, CommandOutcome& outcome)
      : txn_(txn),
        env_(env),
        case_(c),
        after_(after),
        now_(now),
        outcome_(outcome),
        timelineAtStart_(c.timeline.size()),
        builder_(txn, env, c, report, before, after, now) {}

  NoticeExtras extras;

  void run(const std::vector<core::Effect>& effects) {
    for (const auto& effect : effects) std::visit([this](const auto& e) { handle(e); }, effect);
  }

  /// Queues one notice to each recipient; each gets its own protection.
  void send(const std::string& notice, const std::vector<Recipient>& recipients) {
    for (const auto& r : recipients) queue(notice, r);
  }

  std::vector<Recipient> vendorRecipients(const std::string& vendorId, bool confidential) {
    return builder_.vendorRecipients(vendorId, confidential);
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
    const auto recipients = builder_.recipientsOf(e);
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
    record(e.code, e.text);
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
            alertVendor_ = std::make_unique<store::VendorRecord>(std::move(*record));
            vendor = alertVendor_.get();
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

  // Kept until an operator acknowledges it (`cvdctl todo`, `cvdctl alert ack`).
  void record(const std::string& code, const std::string& text) {
    txn_.addAlert({0, case_.id, code, text, now_, "", std::nullopt});
  }

  void alertOnly(const std::string& code, const std::string& text) {
    outcome_.alerts.push_back({code, text});
    record(code, text);
    spdlog::warn("OPERATOR_ALERT code={} case={} text=\"{}\"", code, case_.id, text);
  }

  void queue(const std::string& notice, const Recipient& r) {
    const Config& config = *env_.config;
    BuiltNotice built = builder_.build(notice, r, extras);
    OutboundRequest& request = built.request;
    auto& message = request.message;
    // Unique per (case, timeline length, notice, recipient): composing the same transition
    // twice can never queue the same notice twice. Operators are no participants: their
    // copy carries no reply token.
    message.messageId = caseMessageId(
        case_.id,
        std::to_string(timelineAtStart_) + "." + notice + "." + std::to_string(recipientIndex_++),
        r.info.audience == NoticeAudience::Operator ? nullptr : env_.replyTokens, r.address,
        config.coordinator.hostname);
    request.envelopeFrom = envelopeSenderFor(env_.replyTokens, config.coordinator.intake, case_.id,
                                             message.messageId, request.recipient);

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
                             message.subject};
    sent.signature = std::string(core::protectionName(protection));
    sent.encrypted = protection == core::Protection::SignedEncrypted ||
                     protection == core::Protection::SmimeEncrypted;
    if (env_.signer.keyring != nullptr && protection != core::Protection::Plain && !held)
      sent.signerFingerprint = env_.signer.fingerprint;
    sent.note =
        notice +
        (held ? "; held: confidential and no usable key or certificate for the recipient" : "");
    case_.timeline.push_back(std::move(sent));
    // Nothing but an operator gets a held notice out: tell them (the notice's name and
    // the address, never its content).
    if (held && r.info.audience != NoticeAudience::Operator)
      alertHeld(notice, request.recipient, seq);
  }

  store::WriteTxn& txn_;
  const CoordinationEnvironment& env_;
  core::Case& case_;
  const core::CaseWorkflow& after_;
  core::Timestamp now_;
  CommandOutcome& outcome_;
  std::size_t timelineAtStart_;  // with recipientIndex_, makes each Message-ID unique
  NoticeBuilder builder_;
  std::size_t recipientIndex_ = 0;
  std::unique_ptr<store::VendorRecord> alertVendor_;  // a stable address for the alert
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

/// Refuses a transition whose notices would carry the details to a third party before
/// the operator has written or confirmed the details text (core/vendor_disclosure.hpp),
/// whatever the reporter's consent. Checked after core::apply, so the state machine's own
/// refusal ("it has not requested them") comes first.
core::Result<void> detailsReleased(const core::Case& c, const store::CaseReport& report,
                                   const std::vector<core::Effect>& effects) {
  for (const auto& effect : effects) {
    const auto* send = std::get_if<core::effect::SendNotice>(&effect);
    if (send == nullptr || send->recipient == core::NoticeRecipient::Reporter ||
        !core::noticeCarriesDetails(send->notice))
      continue;
    auto released = core::detailsReleasable(provenanceOf(report));
    if (!released)
      return core::fail(released.error().code, "case " + c.id + ": " + released.error().where,
                        released.error().what);
  }
  return {};
}

}  // namespace

core::Result<core::command::AddVendor> addVendorCommand(const store::ReadTxn& txn,
                                                        std::string_view vendorId) {
  auto record = txn.getVendor(vendorId);
  if (!record)
    return core::fail(core::Errc::NotFound, "vendor " + std::string(vendorId),
                      "no such vendor in the registry (cvdctl vendor add)");
  // A related organisation takes part beside the vendors, never as one (003 §8-2).
  if (record->kind == store::ParticipantKind::RelatedOrganisation)
    return core::fail(core::Errc::IllegalTransition, "vendor " + std::string(vendorId),
                      "it is registered as a related organisation, not a vendor: add it with "
                      "`cvdctl case add-related ID " +
                          record->id + " --shared-by VENDOR`");
  core::command::AddVendor command;
  command.vendorId = record->id;
  for (const auto& contact : record->contacts)
    command.channels.push_back("mail:" + contact.address);
  for (const auto& channel : record->otherChannels) command.channels.push_back(channel);
  command.registered = record->registration != store::RegistrationKind::Unregistered;
  return command;
}

core::Result<core::command::AddRelatedOrganisation> addRelatedOrganisationCommand(
    const store::ReadTxn& txn, std::string_view organisationId, std::string_view sharedBy) {
  const std::string where = "related organisation " + std::string(organisationId);
  auto record = txn.getVendor(organisationId);
  if (!record)
    return core::fail(core::Errc::NotFound, where,
                      "no such entry in the registry (cvdctl vendor add ID --kind "
                      "related-organisation --related-to VENDOR ...)");
  if (record->kind != store::ParticipantKind::RelatedOrganisation)
    return core::fail(core::Errc::IllegalTransition, where,
                      "it is registered as a " +
                          std::string(store::participantKindName(record->kind)) +
                          ", not a related organisation");
  // The case ID alone is no proof (003 §8-2): only a registered organisation takes part.
  if (record->registration == store::RegistrationKind::Unregistered)
    return core::fail(core::Errc::IllegalTransition, where,
                      "it has not completed its registration");
  core::command::AddRelatedOrganisation command;
  command.organisationId = record->id;
  command.sharedBy = std::string(sharedBy);
  for (const auto& contact : record->contacts)
    command.channels.push_back("mail:" + contact.address);
  for (const auto& channel : record->otherChannels) command.channels.push_back(channel);
  return command;
}

core::Result<CaseState> loadCaseState(const store::ReadTxn& txn, std::string_view caseId) {
  auto c = txn.getCase(caseId);
  if (!c) return core::fail(core::Errc::NotFound, "case " + std::string(caseId), "no such case");
  CaseState state{std::move(*c), txn.getWorkflow(caseId).value_or(core::CaseWorkflow{}),
                  txn.getReport(caseId).value_or(store::CaseReport{})};
  state.workflow.caseId = state.record.id;
  state.report.caseId = state.record.id;
  return state;
}

core::Result<CommandOutcome> applyCaseCommand(store::WriteTxn& txn,
                                              const CoordinationEnvironment& env,
                                              std::string_view caseId, const core::Command& command,
                                              const std::string& actor, core::Timestamp now) {
  auto state = loadCaseState(txn, caseId);
  if (!state) return tl::unexpected(state.error());
  auto& [c, before, report] = *state;

  const core::ApplyContext context{now, actor, *env.timeZone, env.config->deadlines};
  auto transition = core::apply(before, command, context);
  if (!transition) return tl::unexpected(transition.error());
  if (auto released = detailsReleased(c, report, transition->effects); !released)
    return tl::unexpected(released.error());

  CommandOutcome outcome;
  outcome.caseId = c.id;
  outcome.stage = transition->workflow.stage;
  outcome.event = transition->event;

  EffectRunner runner(txn, env, c, report, before, transition->workflow, now, outcome);
  if (const auto* move = std::get_if<core::command::MovePublicationDate>(&command))
    runner.extras.moveReason = move->reason;
  if (const auto* stop = std::get_if<core::command::Stop>(&command))
    runner.extras.stopNote = stop->note;
  // The others are told whose handling ended by its organisation's name, not our id.
  if (const auto* ruling = std::get_if<core::command::RecordCommitteeOutcome>(&command)) {
    const auto record = txn.getVendor(ruling->vendorId);
    runner.extras.endedVendorName = record ? record->organisation : ruling->vendorId;
  }
  if (const auto* add = std::get_if<core::command::AddVendor>(&command)) {
    addVendorParticipants(txn, c, add->vendorId);
    // An unregistered vendor first hears only that we ask it to register (003 §2-3).
    if (!add->registered)
      runner.send("registration-request", runner.vendorRecipients(add->vendorId, false));
  }
  // A related organisation's contacts become participants: its mail is recognised and
  // authenticated as a vendor's is, and what it says is recorded as its answer.
  if (const auto* add = std::get_if<core::command::AddRelatedOrganisation>(&command))
    addVendorParticipants(txn, c, add->organisationId);
  runner.run(transition->effects);

  txn.putWorkflow(transition->workflow);
  txn.putCase(c);
  return outcome;
}

core::Result<std::uint64_t> queueNotice(store::WriteTxn& txn, const CoordinationEnvironment& env,
                                        std::string_view caseId, const std::string& notice,
                                        const NoticeTarget& target, const NoticeExtras& extras,
                                        core::Timestamp now) {
  auto state = loadCaseState(txn, caseId);
  if (!state) return tl::unexpected(state.error());
  auto& [c, workflow, report] = *state;
  CommandOutcome outcome;
  EffectRunner runner(txn, env, c, report, workflow, workflow, now, outcome);
  runner.extras = extras;
  Recipient recipient{target.address, {target.audience, nullptr, false}, target.displayName};
  if (target.audience == NoticeAudience::Reporter) {
    recipient.address = c.reporter;
    // An unauthenticated reporter's display name is its own (forgeable) words: not echoed.
    if (!extras.unauthenticatedReporter)
      recipient.displayName = c.participants.empty() ? "" : c.participants.front().name;
  }
  runner.send(notice, {recipient});
  txn.putCase(c);
  return outcome.queued.front();
}

}  // namespace cvdd::daemon
