// cvdctl outbox: the mail waiting to go, and the operator's way out for a held notice.

#include <iostream>

#include "cli/commands.hpp"
#include "daemon/held_notice.hpp"

namespace cvdd::cli {

namespace {

/// "3d 4h", "2h 5m", "40s": how long an entry has waited, for a person.
std::string ageText(std::chrono::seconds age) {
  const long s = std::max<long>(0, static_cast<long>(age.count()));
  if (s >= 86400) return std::to_string(s / 86400) + "d " + std::to_string(s % 86400 / 3600) + "h";
  if (s >= 3600) return std::to_string(s / 3600) + "h " + std::to_string(s % 3600 / 60) + "m";
  if (s >= 60) return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}

nlohmann::json entryJson(const store::OutboxEntry& e, core::Timestamp now) {
  const bool held = e.state == store::OutboxState::Held;
  nlohmann::json out{{"seq", e.seq},
                     {"state", store::outboxStateName(e.state)},
                     {"case_id", e.caseId},
                     {"message_id", e.messageId},
                     {"recipients", e.recipients},
                     {"attempts", e.attempts},
                     {"next_attempt_at", core::formatIso8601(e.nextAttemptAt)},
                     {"confidential", e.confidential},
                     {"last_error", e.lastError}};
  if (held) {
    // A held entry is never rescheduled: its due time is when it was composed and held.
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(now - e.nextAttemptAt);
    out["held_since"] = core::formatIso8601(e.nextAttemptAt);
    out["age_seconds"] = age.count();
    out["releasable"] = !e.heldNotice.empty();
  }
  return out;
}

void addList(CLI::App* group, Context& ctx) {
  auto* list = group->add_subcommand("list", "pending and held messages (held: with their age)");
  list->add_flag("--json", ctx.json, "print JSON");
  list->callback([&ctx] {
    auto txn = ctx.store().read();
    auto entries = txn.dueOutbox(core::Timestamp::max(), 100000);
    auto held = txn.heldOutbox();
    entries.insert(entries.end(), held.begin(), held.end());
    const auto now = ctx.now();
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : entries) out.push_back(entryJson(e, now));
    if (ctx.json) {
      std::cout << out.dump(2) << "\n";
      return;
    }
    if (out.empty()) std::cout << "outbox is empty\n";
    for (const auto& e : out) {
      std::cout << e["seq"] << "  " << e["state"].get<std::string>() << "  "
                << e["case_id"].get<std::string>() << "  to "
                << (e["recipients"].empty() ? "-" : e["recipients"][0].get<std::string>());
      if (e.contains("held_since"))
        std::cout << "  held since " << e["held_since"].get<std::string>() << " ("
                  << ageText(std::chrono::seconds(e["age_seconds"].get<long>())) << ")";
      else
        std::cout << "  attempts " << e["attempts"] << "  next "
                  << e["next_attempt_at"].get<std::string>();
      std::cout << "  " << e["last_error"].get<std::string>() << "\n";
    }
  });
}

void addRelease(CLI::App* group, Context& ctx) {
  auto* release = group->add_subcommand(
      "release", "send a held confidential notice in clear (signed, not encrypted)");
  auto seq = std::make_shared<std::uint64_t>(0);
  auto inClear = std::make_shared<bool>(false);
  auto reason = std::make_shared<std::string>();
  release->add_option("seq", *seq, "the held entry (cvdctl outbox list)")->required();
  release->add_flag("--in-clear", *inClear,
                    "required: you accept that the notice leaves unencrypted");
  release->add_option("--reason", *reason, "why, for the case history (required)");
  release->add_option("--as", ctx.operatorName, "operator name");
  release->add_flag("--json", ctx.json, "print JSON");
  release->callback([&ctx, seq, inClear, reason] {
    if (!*inClear)
      throw CommandError(1,
                         "--in-clear is required: a held notice is confidential and can only be "
                         "released unencrypted (bind a key or certificate to encrypt it instead)");
    if (reason->find_first_not_of(" \t\r\n") == std::string::npos)
      throw CommandError(1, "--reason is required: say why this notice may leave in clear");
    const auto& env = ctx.coordination();
    auto txn = ctx.store().write();
    auto released =
        daemon::releaseHeldInClear(txn, env.signer, *seq, ctx.actor(), *reason, ctx.now());
    if (!released) {
      const int code = released.error().code == core::Errc::NotFound ? 1 : 4;
      throw CommandError(code, released.error().where + ": " + released.error().what);
    }
    txn.commit();
    if (ctx.json) {
      std::cout << nlohmann::json{{"seq", released->seq},
                                  {"case_id", released->caseId},
                                  {"recipient", released->recipient},
                                  {"message_id", released->messageId},
                                  {"state", "pending"},
                                  {"released_by", ctx.actor()},
                                  {"reason", *reason}}
                       .dump(2)
                << "\n";
      return;
    }
    std::cout << "outbox #" << released->seq << " (" << released->caseId << ", to "
              << released->recipient << ") released in clear by " << ctx.actor()
              << "; cvdd sends it on its next cycle\n";
  });
}

}  // namespace

void addOutboxCommands(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("outbox", "outgoing mail");
  group->require_subcommand(1);
  addList(group, ctx);
  addRelease(group, ctx);
}

}  // namespace cvdd::cli
