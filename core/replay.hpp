#pragma once
// Is a signed reply fresh, or a genuine signature replayed? Pure.
//
// A good signature proves who wrote the signed content, not when or for which case it
// was sent. A vendor's genuine signed reply to one case, mailed again with another case
// ID in the subject, or the same reply mailed twice, must not move anything: a signed
// reply counts only when its signed content names this case (the reply form's case line)
// or quotes the reference of a notice cvdd sent that participant on this case, its
// signature is newer than that notice (without a reference: than the first mail cvdd sent
// that participant on this case), and the same signed content has not been applied before.

#include <optional>
#include <string>

#include "core/time.hpp"

namespace cvdd::core {

struct SignedReplyFacts {
  std::string caseId;
  bool signedContentNamesCase = false;         // the case ID appears in the signed text
  std::optional<Timestamp> signedAt;           // the signature's creation time
  std::optional<Timestamp> firstMailToSender;  // cvdd's first mail to that participant here
  // The notice whose reference the signed text quotes, when it names one sent to the signer.
  std::optional<Timestamp> referencedNotice;
  bool appliedBefore = false;  // this very signature was applied already
};

/// Why the reply is refused as a replay; nullopt when it is fresh.
std::optional<std::string> replayRefusal(const SignedReplyFacts& facts);

}  // namespace cvdd::core
