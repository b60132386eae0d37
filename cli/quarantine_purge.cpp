// `cvdctl quarantine purge`: deletes quarantine items and the raw bytes only they hold,
// so a full store can take mail again.

#include <iostream>

#include "cli/commands.hpp"
#include "cli/quarantine_json.hpp"
#include "cli/timeline_note.hpp"
#include "store/byte_size.hpp"

namespace cvdd::cli {

namespace {

struct PurgeRequest {
  std::string state;  // rejected, accepted, pending, decided, all
  unsigned olderThanDays = 0;
  bool dryRun = false;
};

bool selected(const store::QuarantineItem& item, const PurgeRequest& request,
              core::Timestamp cutoff) {
  if (item.at > cutoff) return false;
  if (request.state == "all") return true;
  if (request.state == "decided") return item.state != store::QuarantineState::Pending;
  return store::quarantineStateName(item.state) == request.state;
}

std::string selectionText(const PurgeRequest& request) {
  return "state " + request.state + ", older than " + std::to_string(request.olderThanDays) +
         " days";
}

/// What the case's timeline says of a purged message, which it may still name.
std::string timelineText(const store::QuarantineRemoval& removal, const std::string& actor) {
  return "quarantine item " + std::to_string(removal.item.id) + " purged by " + actor +
         (removal.rawKeptBecause.empty() ? "; raw message deleted"
                                         : "; raw message kept: " + removal.rawKeptBecause);
}

struct PurgeOutcome {
  std::vector<store::QuarantineRemoval> removed;
  std::uint64_t freedBytes = 0;
  std::uint64_t rawBytesAfter = 0;
  std::uint64_t quarantinedBytesAfter = 0;
};

/// Deletes the selected items in one transaction, committed unless a dry run.
PurgeOutcome purge(Context& ctx, const PurgeRequest& request) {
  const auto cutoff = ctx.now() - std::chrono::days{request.olderThanDays};
  const std::string actor = ctx.actor();
  PurgeOutcome outcome;
  auto txn = ctx.store().write();
  for (const auto& item : txn.listQuarantine(false)) {
    if (!selected(item, request, cutoff)) continue;
    auto removal = txn.deleteQuarantine(item.id);
    if (!removal) continue;
    noteOnTimeline(txn, item.caseId, item.inboxKey, timelineText(*removal, actor), std::nullopt);
    outcome.freedBytes += removal->freedBytes;
    outcome.removed.push_back(std::move(*removal));
  }
  outcome.rawBytesAfter = txn.rawMessageBytes();
  outcome.quarantinedBytesAfter = txn.quarantinedBytes();
  if (!request.dryRun) txn.commit();  // a dry run aborts: it computed exactly, changed nothing
  return outcome;
}

/// Keeps who purged what. Its own commit also hands the deleted pages to the next writer,
/// which LMDB would otherwise keep from it (see WriteTxn::putQuarantinePurge).
void recordPurge(Context& ctx, const PurgeRequest& request, const PurgeOutcome& outcome) {
  try {
    auto txn = ctx.store().write();
    txn.putQuarantinePurge({ctx.now(), ctx.actor(), selectionText(request), outcome.removed.size(),
                            outcome.freedBytes});
    txn.commit();
  } catch (const store::StoreFullError& e) {
    // The purge itself is committed; its record can wait for room.
    std::cerr << "cvdctl: warning: the purge is done but not recorded: " << e.what() << "\n";
  }
}

void print(const Context& ctx, const PurgeRequest& request, const PurgeOutcome& outcome) {
  if (ctx.json) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& removal : outcome.removed) {
      auto item = quarantineItemJson(removal.item);
      item["freed_bytes"] = removal.freedBytes;
      item["raw_kept_because"] = removal.rawKeptBecause;
      items.push_back(std::move(item));
    }
    std::cout << nlohmann::json{{"dry_run", request.dryRun},
                                {"operator", ctx.actor()},
                                {"state", request.state},
                                {"older_than_days", request.olderThanDays},
                                {"items", items},
                                {"freed_bytes", outcome.freedBytes},
                                {"raw_message_bytes", outcome.rawBytesAfter},
                                {"quarantined_bytes", outcome.quarantinedBytesAfter}}
                     .dump(2)
              << "\n";
    return;
  }
  const char* verb = request.dryRun ? "would remove" : "removed";
  for (const auto& removal : outcome.removed) {
    const auto& item = removal.item;
    std::cout << verb << " quarantine item " << item.id << " ("
              << store::quarantineStateName(item.state) << ", " << core::formatIso8601(item.at)
              << (item.caseId.empty() ? "" : ", case " + item.caseId) << "): "
              << (removal.rawKeptBecause.empty()
                      ? "freed " + store::formatByteSize(removal.freedBytes)
                      : "raw message kept: " + removal.rawKeptBecause)
              << "\n";
  }
  std::cout << (request.dryRun ? "dry run: would purge " : "purged ") << outcome.removed.size()
            << (outcome.removed.size() == 1 ? " item" : " items") << " (" << selectionText(request)
            << "), " << (request.dryRun ? "freeing " : "freed ")
            << store::formatByteSize(outcome.freedBytes) << "; raw messages "
            << (request.dryRun ? "would then take " : "now take ")
            << store::formatByteSize(outcome.rawBytesAfter) << ", quarantined "
            << store::formatByteSize(outcome.quarantinedBytesAfter) << "\n";
}

}  // namespace

void addQuarantinePurgeCommand(CLI::App* group, Context& ctx) {
  auto request = std::make_shared<PurgeRequest>();
  auto* cmd = group->add_subcommand(
      "purge", "delete quarantine items and the raw messages only they hold, to free space");
  // No default: purging pending items destroys evidence nobody has looked at yet.
  cmd->add_option("--state", request->state, "which items: rejected|accepted|pending|decided|all")
      ->required()
      ->check(CLI::IsMember({"rejected", "accepted", "pending", "decided", "all"}));
  cmd->add_option("--older-than", request->olderThanDays,
                  "only items quarantined at least DAYS days ago")
      ->capture_default_str();
  cmd->add_flag("--dry-run", request->dryRun, "show what would go, change nothing");
  cmd->add_option("--as", ctx.operatorName, "operator name (default: $CVDD_OPERATOR, $USER)");
  cmd->add_flag("--json", ctx.json, "print JSON");
  cmd->callback([&ctx, request] {
    PurgeOutcome outcome;
    try {
      outcome = purge(ctx, *request);
    } catch (const store::StoreFullError& e) {
      if (e.kind() != store::StoreFullError::Kind::MapFull) throw;
      throw CommandError(1, std::string(e.what()) +
                                ": the map is too full even to delete in; give the state a "
                                "larger map size and purge again");
    }
    if (!request->dryRun && !outcome.removed.empty()) recordPurge(ctx, *request, outcome);
    print(ctx, *request, outcome);
  });
}

}  // namespace cvdd::cli
