#pragma once
// The counter that tells the published site is out of date: bumped in the same transaction
// as every write of a workflow that touches the site (core::touchesPublicSite) and of the
// report of a published case, by whichever process writes it (cvdd or cvdctl). Whoever
// regenerates the site remembers the value it rendered; a different value means render again.

#include <string_view>

namespace cvdd::store {

inline constexpr std::string_view kSiteChangesCounter = "site/changes";
// Beside it, per case, the counter value of its last change (meta "site_case/<case ID>"),
// so that a site rendered at value N redoes only the cases changed after N
// (ReadTxn::siteCasesChangedAfter).
inline constexpr std::string_view kSiteCasePrefix = "site_case/";

}  // namespace cvdd::store
