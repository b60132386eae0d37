#pragma once
// The reference each notice's reply form carries: which notice a signed reply answers.

#include <optional>
#include <string>
#include <string_view>

#include "core/case.hpp"
#include "crypto/reply_token.hpp"

namespace cvdd::daemon {

/// The reference for the next notice of this name to this recipient on the case: keyed by
/// how many such notices the case's timeline already holds, so composing it again (or
/// previewing it) before it is sent gives the same reference.
std::string nextNoticeReference(const crypto::ReplyTokenKey& tokens, const core::Case& c,
                                std::string_view recipient, std::string_view notice);

/// When the notice a reference names was sent to sender on this case; nullopt when the
/// reference names no notice cvdd sent that sender here.
std::optional<core::Timestamp> referencedNoticeTime(const crypto::ReplyTokenKey& tokens,
                                                    const core::Case& c, std::string_view sender,
                                                    std::string_view reference);

}  // namespace cvdd::daemon
