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

/// How much of the message its signature speaks for. Full: the signed (and, when encrypted,
/// decrypted) content is all the message holds; nothing else is ignored but what carries
/// no content (the signature part itself, the "Version: 1" part of multipart/encrypted,
/// empty or whitespace-only parts, MIME preambles and epilogues). Partial: some content
/// lies outside it — a part beside the signed one, an attachment, text around an inline
/// armored block, a third part inside multipart/signed (RFC 1847 allows two: the first is
/// still verified, the third is simply not covered).
enum class SignatureCoverage {
  None,     // no signature (Verification Unsigned)
  Full,     // the signature covers all content
  Partial,  // content lies outside the signature
};

std::string_view signatureCoverageName(SignatureCoverage coverage);  // "none", "full", "partial"

struct OpenedMessage {
  parsers::MessageAnalysis outer;      // the message as received
  parsers::MessageAnalysis effective;  // what it says: the decrypted inner message (with the
                                       // outer envelope headers where the inner lacks them),
                                       // or the outer message itself
  Verification verification;
  DecryptionResult decryption;
  SignatureCoverage coverage = SignatureCoverage::None;
  std::string uncovered;           // where content outside the signature sits ("part 2"), or ""
  std::vector<std::string> steps;  // what was done, in order, for operators and `inspect`
};

/// Only signed content counts as signed: whenever a PGP/MIME signature was found and
/// checked, effective.message.bodyText is read from the signed part alone (its inline text
/// parts in order), and an inline signature's body is its signed text; content outside
/// the signature makes coverage Partial.
///
/// Never throws for hostile input; GPGME engine failures become Error results. A message
/// over a limit is analysed but neither decrypted nor verified. S/MIME signatures are
/// verified with smime; without it they are an Error (could not be checked).
OpenedMessage openMessage(std::string_view raw, const parsers::Limits& limits, Keyring& keyring,
                          SmimeKeyring* smime = nullptr);

/// A good signature that covers only part of the message: it authenticates nobody.
bool partiallySigned(const OpenedMessage& opened);

/// Same without a keyring: structure only (for `cvdctl inspect` without state).
OpenedMessage analyseOnly(std::string_view raw, const parsers::Limits& limits);

}  // namespace cvdd::crypto
