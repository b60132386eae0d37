#include <iostream>
#include <random>

#include "cli/commands.hpp"
#include "cli/quarantine_json.hpp"
#include "cli/timeline_note.hpp"
#include "core/case_id.hpp"
#include "core/inquiry_number.hpp"
#include "core/participant.hpp"
#include "crypto/open_message.hpp"
#include "daemon/inbound_evidence.hpp"
#include "daemon/inquiry_answer.hpp"
#include "daemon/participant_message.hpp"

namespace cvdd::cli {

namespace {

store::QuarantineItem pendingItem(const store::WriteTxn& txn, std::uint64_t id) {
  auto item = txn.getQuarantine(id);
  if (!item) throw CommandError(1, "no quarantine item " + std::to_string(id));
  if (item->state != store::QuarantineState::Pending)
    throw CommandError(1, "quarantine item " + std::to_string(id) + " was already " +
                              std::string(store::quarantineStateName(item->state)) + " by " +
                              item->decidedBy);
  return *item;
}

/// An accepted message from a case participant is that participant's voice: its reply
/// form (or a reporter's missing fields) is applied as if it had authenticated itself,
/// the history naming the operator who vouched for it. Returns what was done.
std::string applyAccepted(Context& ctx, store::WriteTxn& txn, const store::QuarantineItem& item,
                          const std::string& actor) {
  auto raw = txn.getRawMessage(item.inboxKey);
  auto c = txn.getCase(item.caseId);
  if (!raw || !c) return {};
  auto opened = crypto::openMessage(*raw, ctx.config().limits.parsing, ctx.keyring());
  const std::string sender = daemon::senderOf(opened);
  const std::string via = " via operator:" + actor;
  // An answer to a DID# inquiry of this case is its vendor's, whatever address it came
  // from (a listed vendor may have had none): the operator vouches for it.
  std::string effect;
  if (const auto number = core::findInquiryNumber(opened.effective.message.subject)) {
    if (const auto target = txn.inquiryTarget(*number); target && target->caseId == item.caseId)
      effect = daemon::applyInquiryAnswer(txn, ctx.coordination(), *target, *number, sender, via,
                                          ctx.now());
  }
  const auto* participant = core::findParticipant(c->participants, sender);
  if (participant == nullptr) return effect;
  const std::string said =
      daemon::applyParticipantMessage(txn, ctx.coordination(), item.caseId, *participant,
                                      opened.effective.message.bodyText, via, ctx.now());
  return effect + (effect.empty() || said.empty() ? "" : "; ") + said;
}

void decide(Context& ctx, std::uint64_t id, bool accept, const std::string& note, bool openCase) {
  auto txn = ctx.store().write();
  auto item = pendingItem(txn, id);
  const std::string actor = ctx.actor();
  const std::string text = std::string(accept ? "accepted" : "rejected") + " by " + actor +
                           (note.empty() ? "" : ": " + note);
  if (accept && item.caseId.empty()) {
    if (!openCase)
      throw CommandError(1, "quarantine item " + std::to_string(id) +
                                " concerns no case; use --open-case to open a case from it");
    auto raw = txn.getRawMessage(item.inboxKey);
    if (!raw)
      throw CommandError(1, "the raw message of item " + std::to_string(id) + " is missing");
    auto opened = crypto::analyseOnly(*raw, ctx.config().limits.parsing);
    core::Case c;
    // The operator chose to open it: the ID is new and random like the daemon's.
    std::random_device device;
    do {
      c.id =
          core::formatCaseId(ctx.config().coordinator.casePrefix,
                             std::uniform_int_distribution<std::uint32_t>(0, 99'999'999)(device));
    } while (txn.hasCase(c.id));
    c.reporter = daemon::senderOf(opened);
    c.subject = opened.effective.message.subject;
    c.receivedAt = item.at;
    c.language = core::detectLanguage(c.subject + "\n" + opened.effective.message.bodyText);
    c.participants.push_back({c.reporter, core::ParticipantRole::Reporter, {}, std::nullopt});
    auto entry = daemon::inboundEntry(opened, item.inboxKey, core::MessageRole::Report, item.at,
                                      ctx.config().coordinator.intake);
    entry.note = "opened from quarantine item " + std::to_string(id) + "; " + text;
    c.timeline.push_back(entry);
    txn.putCase(c);
    item.caseId = c.id;
  } else {
    // The case's entry for the message carries the operator's decision.
    std::string effect = accept ? applyAccepted(ctx, txn, item, actor) : "";
    noteOnTimeline(txn, item.caseId, item.inboxKey, text + (effect.empty() ? "" : "; " + effect),
                   accept);
    if (!effect.empty() && !ctx.json) std::cout << item.caseId << ": " << effect << "\n";
  }
  item.state = accept ? store::QuarantineState::Accepted : store::QuarantineState::Rejected;
  item.decidedBy = actor;
  item.decidedAt = ctx.now();
  item.decisionNote = note;
  txn.putQuarantine(item);
  txn.commit();
  if (ctx.json)
    std::cout << quarantineItemJson(item).dump(2) << "\n";
  else
    std::cout << "quarantine item " << id << " " << text
              << (item.caseId.empty() ? "" : " (case " + item.caseId + ")") << "\n";
}

}  // namespace

void addQuarantineCommands(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("quarantine", "messages that wait for an operator");
  group->require_subcommand(1);

  auto* list = group->add_subcommand("list", "pending items (--all: decided ones too)");
  auto all = std::make_shared<bool>(false);
  list->add_flag("--all", *all, "include accepted and rejected items");
  list->add_flag("--json", ctx.json, "print JSON");
  list->callback([&ctx, all] {
    auto items = ctx.store().read().listQuarantine(!*all);
    if (ctx.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& i : items) out.push_back(quarantineItemJson(i));
      std::cout << out.dump(2) << "\n";
      return;
    }
    if (items.empty()) std::cout << "quarantine is empty\n";
    for (const auto& i : items)
      std::cout << i.id << "  " << store::quarantineStateName(i.state) << "  "
                << core::formatIso8601(i.at) << "  " << (i.caseId.empty() ? "-" : i.caseId) << "  "
                << i.from << "  " << i.reason << "\n";
  });

  auto id = std::make_shared<std::uint64_t>(0);
  auto* show = group->add_subcommand("show", "one item, with the raw message (--raw)");
  show->add_option("id", *id, "item number")->required();
  auto raw = std::make_shared<bool>(false);
  show->add_flag("--raw", *raw, "print the raw message as received");
  show->add_flag("--json", ctx.json, "print JSON");
  show->callback([&ctx, id, raw] {
    auto txn = ctx.store().read();
    auto item = txn.getQuarantine(*id);
    if (!item) throw CommandError(1, "no quarantine item " + std::to_string(*id));
    if (*raw) {
      std::cout << txn.getRawMessage(item->inboxKey).value_or("");
      return;
    }
    if (ctx.json) {
      std::cout << quarantineItemJson(*item).dump(2) << "\n";
      return;
    }
    std::cout << "Item:     " << item->id << " (" << store::quarantineStateName(item->state)
              << ")\n"
              << "Case:     " << (item->caseId.empty() ? "none" : item->caseId) << "\n"
              << "Reason:   " << item->reason << "\n"
              << "Received: " << core::formatIso8601(item->at) << "\n"
              << "From:     " << item->from << "\n"
              << "Subject:  " << item->subject << "\n"
              << "Message:  " << item->inboxKey << "  (cvdctl quarantine show " << item->id
              << " --raw | cvdctl inspect -)\n";
    if (!item->decidedBy.empty())
      std::cout << "Decided:  " << item->decidedBy << " " << item->decisionNote << "\n";
  });

  for (bool accept : {true, false}) {
    auto* cmd = group->add_subcommand(accept ? "accept" : "reject",
                                      accept ? "count the message as the participant's voice"
                                             : "keep the message out of the case for good");
    auto itemId = std::make_shared<std::uint64_t>(0);
    auto note = std::make_shared<std::string>();
    auto openCase = std::make_shared<bool>(false);
    cmd->add_option("id", *itemId, "item number")->required();
    cmd->add_option("--note", *note, "why (recorded in the case history)");
    cmd->add_option("--as", ctx.operatorName, "operator name (default: $CVDD_OPERATOR, $USER)");
    cmd->add_flag("--json", ctx.json, "print JSON");
    if (accept) cmd->add_flag("--open-case", *openCase, "open a new case from an item with none");
    cmd->callback(
        [&ctx, itemId, note, openCase, accept] { decide(ctx, *itemId, accept, *note, *openCase); });
  }

  addQuarantinePurgeCommand(group, ctx);
}

}  // namespace cvdd::cli
