// The state as a whole: how full it is, a hot backup, and restoring one.

#include <iostream>

#include "cli/commands.hpp"
#include "store/backup.hpp"
#include "store/byte_size.hpp"
#include "store/state_lock.hpp"

namespace cvdd::cli {

namespace {

/// Exit code of a restore refused because cvdd runs: distinct from a failure (1), a config
/// error (2), missing state (3) and a workflow refusal (4).
constexpr int kStateInUse = 5;

std::string percentOf(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? "-" : std::to_string(part * 100 / whole) + "%";
}

void storage(Context& ctx) {
  auto& store = ctx.store();
  const auto usage = store.usage();
  auto txn = store.read();
  const auto raw = txn.rawMessageBytes();
  const auto quarantined = txn.quarantinedBytes();
  const auto purge = txn.lastQuarantinePurge();
  if (ctx.json) {
    nlohmann::json out{{"map_size", usage.mapSize},       {"used_bytes", usage.usedBytes},
                       {"free_bytes", usage.freeBytes},   {"page_size", usage.pageSize},
                       {"raw_message_bytes", raw},        {"quarantined_bytes", quarantined},
                       {"last_quarantine_purge", nullptr}};
    if (purge) {
      out["last_quarantine_purge"] = {{"at", core::formatIso8601(purge->at)},
                                      {"by", purge->by},
                                      {"selection", purge->selection},
                                      {"items", purge->items},
                                      {"freed_bytes", purge->freedBytes}};
    }
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::cout << "Map:          " << store::formatByteSize(usage.mapSize) << ", "
            << store::formatByteSize(usage.usedBytes) << " used ("
            << percentOf(usage.usedBytes, usage.mapSize) << "), of which "
            << store::formatByteSize(usage.freeBytes) << " free for reuse\n"
            << "Raw messages: " << store::formatByteSize(raw) << " (each distinct message once)\n"
            << "Quarantined:  " << store::formatByteSize(quarantined) << "\n";
  if (purge) {
    std::cout << "Last purge:   " << core::formatIso8601(purge->at) << " by " << purge->by << ": "
              << purge->items << " items (" << purge->selection << "), "
              << store::formatByteSize(purge->freedBytes) << " freed\n";
  }
}

void backup(Context& ctx, const std::string& file, bool force) {
  std::error_code ec;
  if (!force && std::filesystem::exists(file, ec))
    throw CommandError(1, file + " exists: use --force to replace it");
  const auto bytes = ctx.store().backupTo(file, force);
  if (ctx.json) {
    std::cout << nlohmann::json{{"file", file}, {"bytes", bytes}}.dump(2) << "\n";
    return;
  }
  std::cout << "backup of " << (ctx.config().state.dir / "db").string() << " written to " << file
            << " (" << store::formatByteSize(bytes) << ")\n";
}

void restore(Context& ctx, const std::string& file, bool noKeep) {
  // Never ctx.store(): this process must not hold the environment it replaces.
  const auto& dir = ctx.createStateDir();
  auto lock = store::StateLock::tryAcquire(dir);
  if (!lock) {
    const auto pid = store::StateLock::holder(dir);
    throw CommandError(kStateInUse,
                       "cvdd is running on " + dir.string() +
                           (pid ? " (pid " + std::to_string(*pid) + ")" : std::string()) +
                           ": stop it before restoring; " + (dir / "cvdd.lock").string() +
                           " is locked");
  }
  const auto result = store::restoreBackup(*lock, dir / "db", file, !noKeep, ctx.now());
  if (ctx.json) {
    std::cout << nlohmann::json{{"file", file},
                                {"bytes", result.backup.bytes},
                                {"cases", result.backup.cases},
                                {"schema", result.backup.schema},
                                {"state", (dir / "db").string()},
                                {"kept_as", result.keptAs.empty()
                                                ? nlohmann::json(nullptr)
                                                : nlohmann::json(result.keptAs.string())}}
                     .dump(2)
              << "\n";
    return;
  }
  std::cout << "restored " << file << " (" << result.backup.cases << " cases, "
            << store::formatByteSize(result.backup.bytes) << ") into " << (dir / "db").string()
            << "\n"
            << (result.keptAs.empty()
                    ? "the replaced environment was not kept"
                    : "the replaced environment is kept as " + result.keptAs.string())
            << "\n";
  if (result.backup.schema < store::kStoreSchema) {
    std::cout << "the backup has store schema " << result.backup.schema
              << ": cvdd upgrades it to schema " << store::kStoreSchema
              << " when it next starts (cvdctl refuses it until then)\n";
  }
}

}  // namespace

void addStateCommands(CLI::App& app, Context& ctx) {
  auto* storageCmd = app.add_subcommand("storage", "how full the state is");
  storageCmd->add_flag("--json", ctx.json, "print JSON");
  storageCmd->callback([&ctx] { storage(ctx); });

  auto file = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  auto* backupCmd = app.add_subcommand(
      "backup", "write a consistent copy of the state to FILE while cvdd runs (mode 0600)");
  backupCmd->add_option("file", *file, "where to write it")->required();
  backupCmd->add_flag("--force", *force, "replace FILE when it exists");
  backupCmd->add_flag("--json", ctx.json, "print JSON");
  backupCmd->callback([&ctx, file, force] { backup(ctx, *file, *force); });

  auto noKeep = std::make_shared<bool>(false);
  auto* restoreCmd = app.add_subcommand(
      "restore", "replace the state with a backup; cvdd must be stopped (exit 5 if it runs)");
  restoreCmd->add_option("file", *file, "a file cvdctl backup wrote")->required();
  restoreCmd->add_flag("--no-keep", *noKeep,
                       "delete the replaced data.mdb instead of keeping it beside the new one");
  restoreCmd->add_flag("--json", ctx.json, "print JSON");
  restoreCmd->callback([&ctx, file, noKeep] { restore(ctx, *file, *noKeep); });
}

}  // namespace cvdd::cli
