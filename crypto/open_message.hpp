#pragma once
// Opens one inbound message as far as the coordinator's keyring allows: decrypts what is
// encrypted to it, verifies what is signed, and says what it found. No state changes
// beyond GnuPG's own caches.

#include <string>
#include <string_view>
#include <vector>

#include "crypto/keyring.hpp"
#include "crypto/smime_keyring.hpp"
#include "crypto/verification.hpp"
#include "parsers/message_analysis.hpp"

namespace cvdd::crypto {

struct OpenedMessage {
  parsers::MessageAnalysis outer;      // the message as received
  parsers::MessageAnalysis effective;  // what it says: the decrypted inner message (with the
                                       // outer envelope headers where the inner lacks them),
                                       // or the outer message itself
  Verification verification;
  DecryptionResult decryption;
  std::vector<std::string> steps;  // what was done, in order, for operators and `inspect`
};

/// Never throws for hostile input; GPGME engine failures become Error results. A message
/// over a limit is analysed but neither decrypted nor verified. S/MIME signatures are
/// verified with smime; without it they are an Error (could not be checked).
OpenedMessage openMessage(std::string_view raw, const parsers::Limits& limits, Keyring& keyring,
                          SmimeKeyring* smime = nullptr);

/// Same without a keyring: structure only (for `cvdctl inspect` without state).
OpenedMessage analyseOnly(std::string_view raw, const parsers::Limits& limits);

}  // namespace cvdd::crypto
