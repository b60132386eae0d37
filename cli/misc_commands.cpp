#include <iostream>

#include "cli/commands.hpp"
#include "cli/inspect.hpp"

namespace cvdd::cli {

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
