#include <iostream>

#include "cli/commands.hpp"
#include "core/participant.hpp"
#include "daemon/key_propagation.hpp"

namespace cvdd::cli {

namespace {

nlohmann::json keyJson(const crypto::KeyInfo& key, const std::vector<store::KeyBinding>& bindings) {
  nlohmann::json bound = nlohmann::json::array();
  for (const auto& b : bindings)
    if (b.fingerprint == key.fingerprint)
      bound.push_back({{"address", b.address},
                       {"source", b.source},
                       {"trust", b.trust},
                       {"bound_at", core::formatIso8601(b.boundAt)},
                       {"bound_by", b.boundBy},
                       {"case_id", b.caseId}});
  return {{"fingerprint", key.fingerprint},
          {"uids", key.uids},
          {"can_encrypt", key.canEncrypt},
          {"can_sign", key.canSign},
          {"expired", key.expired},
          {"revoked", key.revoked},
          {"secret", key.hasSecret},
          {"created", core::formatIso8601(key.created)},
          {"expires", key.expires ? nlohmann::json(core::formatIso8601(*key.expires))
                                  : nlohmann::json(nullptr)},
          {"bindings", std::move(bound)}};
}

void printKey(const nlohmann::json& k) {
  std::cout << k["fingerprint"].get<std::string>() << (k["secret"].get<bool>() ? "  [secret]" : "")
            << (k["revoked"].get<bool>() ? "  [revoked]" : "")
            << (k["expired"].get<bool>() ? "  [expired]" : "")
            << (k["can_encrypt"].get<bool>() ? "" : "  [cannot encrypt]") << "\n";
  for (const auto& uid : k["uids"]) std::cout << "    uid    " << uid.get<std::string>() << "\n";
  for (const auto& b : k["bindings"])
    std::cout << "    bound  " << b["address"].get<std::string>() << " ("
              << b["trust"].get<std::string>() << ", " << b["source"].get<std::string>() << ", "
              << b["bound_at"].get<std::string>()
              << (b["bound_by"].get<std::string>().empty()
                      ? ""
                      : " by " + b["bound_by"].get<std::string>())
              << ")\n";
}

}  // namespace

void addKeyCommands(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("key", "OpenPGP keys of reporters, vendors and the coordinator");
  group->require_subcommand(1);

  auto* import = group->add_subcommand("import", "import a public key and bind it to an address");
  auto file = std::make_shared<std::string>();
  auto address = std::make_shared<std::string>();
  import->add_option("file", *file, "armored or binary key file, - for stdin")->required();
  import->add_option("--address", *address,
                     "bind the key to this address (it must be one of the key's user IDs)");
  import->add_option("--as", ctx.operatorName, "operator name");
  import->add_flag("--json", ctx.json, "print JSON");
  import->callback([&ctx, file, address] {
    auto imported = ctx.keyring().importKeys(readInput(*file));
  if (!imported) throw CommandError(1, "import: " + imported.error().what);
  const std::string wanted = core::normalizeAddress(*address);
  std::vector<nlohmann::json> out;
  auto txn = ctx.storeForWrite().write();
  bool bound = false;
  for (const auto& fingerprint : imported->fingerprints) {
    auto key = ctx.keyring().findKey(fingerprint);
    if (!key) continue;
    if (!wanted.empty() &&
        std::find(key->addresses.begin(), key->addresses.end(), wanted) != key->addresses.end()) {
      daemon::bindContactKey(txn, wanted, fingerprint, ctx.actor(), ctx.now());
      bound = true;
    }
  }
  if (!wanted.empty() && !bound)
    throw CommandError(1, "no imported key has a user ID for " + wanted + "; nothing bound");
  auto bindings = txn.listKeyBindings();
  txn.commit();
  for (const auto& fingerprint : imported->fingerprints)
    if (auto key = ctx.keyring().findKey(fingerprint)) out.push_back(keyJson(*key, bindings));
  if (ctx.json) {
    std::cout << nlohmann::json(out).dump(2) << "\n";
    return;
  }
  std::cout << "imported " << imported->imported << ", unchanged " << imported->unchanged << "\n";
  for (const auto& k : out) printKey(k);
});

// Binds a key already in the keyring (e.g. one a reporter's message brought) to an
// address, for every case that address is part of: the operator's decision, where cvdd
// itself binds nothing beyond one case's reporter.
auto* bind = group->add_subcommand("bind", "bind a key in the keyring to an address");
auto bindAddress = std::make_shared<std::string>();
auto bindFingerprint = std::make_shared<std::string>();
bind->add_option("address", *bindAddress, "the address (one of the key's user IDs)")->required();
bind->add_option("fingerprint", *bindFingerprint, "the key's fingerprint")->required();
bind->add_option("--as", ctx.operatorName, "operator name");
bind->add_flag("--json", ctx.json, "print JSON");
bind->callback([&ctx, bindAddress, bindFingerprint] {
  const std::string bound = core::normalizeAddress(*bindAddress);
  auto key = ctx.keyring().findKey(*bindFingerprint);
  if (!key) throw CommandError(1, "no key " + *bindFingerprint + " in the keyring");
  if (std::find(key->addresses.begin(), key->addresses.end(), bound) == key->addresses.end())
    throw CommandError(1, "key " + key->fingerprint + " has no user ID for " + bound);
  if (key->revoked || key->expired)
    throw CommandError(1, "key " + key->fingerprint + " is " +
                              (key->revoked ? "revoked" : "expired") + "; nothing bound");
  auto txn = ctx.storeForWrite().write();
  const auto cases = daemon::bindContactKey(txn, bound, key->fingerprint, ctx.actor(), ctx.now());
  txn.commit();
  if (ctx.json) {
    std::cout << nlohmann::json{{"address", bound},
                                {"fingerprint", key->fingerprint},
                                {"cases", cases}}
                     .dump(2)
              << "\n";
    return;
  }
  std::cout << "bound " << key->fingerprint << " to " << bound << " (" << cases.size()
            << " open case(s) updated)\n";
});

auto* list = group->add_subcommand("list", "keys in cvdd's keyring and their bindings");
list->add_flag("--json", ctx.json, "print JSON");
list->callback([&ctx] {
  auto bindings = ctx.store().read().listKeyBindings();
  nlohmann::json out = nlohmann::json::array();
  for (const auto& key : ctx.keyring().listKeys()) out.push_back(keyJson(key, bindings));
  if (ctx.json) {
    std::cout << out.dump(2) << "\n";
    return;
  }
  if (out.empty()) std::cout << "no keys\n";
  for (const auto& k : out) printKey(k);
});

auto* show = group->add_subcommand("show", "one key, by fingerprint or bound address");
auto which = std::make_shared<std::string>();
auto armor = std::make_shared<bool>(false);
show->add_option("key", *which, "fingerprint or address")->required();
show->add_flag("--armor", *armor, "print the armored public key (to publish it)");
show->add_flag("--json", ctx.json, "print JSON");
show->callback([&ctx, which, armor] {
  auto txn = ctx.store().read();
  std::string fingerprint = *which;
  if (auto binding = txn.getKeyBinding(core::normalizeAddress(*which))) {
    if (binding->protocol == "cms")
      throw CommandError(1, core::normalizeAddress(*which) +
                                " is bound to the S/MIME certificate " + binding->fingerprint +
                                " (gpgsm --list-keys " + binding->fingerprint +
                                "), not to an OpenPGP key");
    fingerprint = binding->fingerprint;
  }
  std::optional<crypto::KeyInfo> key = ctx.keyring().findKey(fingerprint);
  if (!key) {
    auto matches = ctx.keyring().listKeys(*which);
    if (matches.size() == 1) key = matches.front();
  }
  if (!key) throw CommandError(1, "no key " + *which);
  if (*armor) {
    auto exported = ctx.keyring().exportPublicKey(key->fingerprint);
    if (!exported) throw CommandError(1, exported.error().what);
    std::cout << *exported;
    return;
  }
  auto json = keyJson(*key, txn.listKeyBindings());
  if (ctx.json)
    std::cout << json.dump(2) << "\n";
  else
    printKey(json);
});
}  // namespace cvdd::cli

}  // namespace cvdd::cli
