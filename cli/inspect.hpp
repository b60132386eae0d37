#pragma once
// `cvdctl inspect`: what the daemon would make of one raw message, without changing state.

#include <nlohmann/json.hpp>
#include <ostream>
#include <string_view>

#include "crypto/keyring.hpp"
#include "crypto/reply_token.hpp"
#include "crypto/smime_keyring.hpp"
#include "daemon/config.hpp"
#include "store/store.hpp"

namespace cvdd::cli {

struct InspectContext {
  const daemon::Config* config = nullptr;  // null: defaults, no case matching
  crypto::Keyring* keyring = nullptr;      // null: structure only, nothing verified
  crypto::SmimeKeyring* smime = nullptr;   // null: S/MIME signatures not checked
  const store::ReadTxn* txn = nullptr;     // null: no case matching
  const crypto::ReplyTokenKey* replyTokens = nullptr;
};

/// Describes the message as JSON: structure, decoded subject, matched case or token,
/// verification, decryption, classification, limits hit and the intake decision.
/// Never throws for any input bytes.
nlohmann::json inspectMessage(std::string_view raw, const InspectContext& context);

/// The same, for people.
void printInspection(std::ostream& out, const nlohmann::json& report);

}  // namespace cvdd::cli
