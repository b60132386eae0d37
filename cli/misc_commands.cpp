#include <iostream>

#include "cli/commands.hpp"
#include "cli/inspect.hpp"

namespace cvdd::cli {

void addOutboxCommands(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("outbox", "outgoing mail");
  group->require_subcommand(1);
  auto* list = group->add_subcommand("list", "pending and held messages");
  list->add_flag("--json", ctx.json, "print JSON");
  list->callback([&ctx] {
    auto txn = ctx.store().read();
    auto entries = txn.dueOutbox(core::Timestamp::max(), 100000);
    auto held = txn.heldOutbox();
    entries.insert(entries.end(), held.begin(), held.end());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : entries)
      out.push_back({{"seq", e.seq},
                     {"state", store::outboxStateName(e.state)},
                     {"case_id", e.caseId},
                     {"message_id", e.messageId},
                     {"recipients", e.recipients},
                     {"attempts", e.attempts},
                     {"next_attempt_at", core::formatIso8601(e.nextAttemptAt)},
                     {"confidential", e.confidential},
                     {"last_error", e.lastError}});
    if (ctx.json) {
      std::cout << out.dump(2) << "\n";
      return;
    }
    if (out.empty()) std::cout << "outbox is empty\n";
    for (const auto& e : out)
      std::cout << e["seq"] << "  " << e["state"].get<std::string>() << "  "
                << e["case_id"].get<std::string>() << "  attempts " << e["attempts"] << "  next "
                << e["next_attempt_at"].get<std::string>() << "  "
                << e["last_error"].get<std::string>() << "\n";
  });
}

void addInspectCommand(CLI::App& app, Context& ctx) {
  auto* inspect = app.add_subcommand(
      "inspect", "parse one raw message exactly as the daemon would, changing nothing");
  auto file = std::make_shared<std::string>();
  auto noState = std::make_shared<bool>(false);
  inspect->add_option("file", *file, "the message (- for stdin)")->required();
  inspect->add_flag("--no-state", *noState,
                    "do not read cvdd's config, keyring or cases (structure only)");
  inspect->add_flag("--json", ctx.json, "print JSON");
  inspect->callback([&ctx, file, noState] {
    const std::string data = readInput(*file);
    InspectContext context;
    std::optional<store::ReadTxn> txn;
    std::optional<crypto::ReplyTokenKey> tokens;
    if (!*noState) {
      context.config = &ctx.config();
      context.keyring = &ctx.keyring();
      context.smime = ctx.smimeKeyringIfAny();
      txn.emplace(ctx.store().read());
      context.txn = &*txn;
      auto tokenFile = ctx.config().state.dir / "reply-token.key";
      if (std::filesystem::exists(tokenFile)) {
        tokens.emplace(crypto::ReplyTokenKey::loadOrCreate(tokenFile.string()));
        context.replyTokens = &*tokens;
      }
    }
    auto report = inspectMessage(data, context);
    report["file"] = *file;
    if (ctx.json)
      std::cout << report.dump(2) << "\n";
    else
      printInspection(std::cout, report);
  });
}

}  // namespace cvdd::cli
