#pragma once
// The unreachable-vendors list read from the store: every workflow, the registry's names
// and links, and each case's product (core::unreachableListing decides what shows).

#include <vector>

#include "core/time_zone.hpp"
#include "core/unreachable_listing.hpp"
#include "store/store.hpp"

namespace cvdd::publication {

/// The list as it stands in txn, dates local to tz; the related link is the registry's
/// link of the vendor (`cvdctl vendor add|edit --link`).
std::vector<core::UnreachableEntry> unreachableEntries(const store::ReadTxn& txn,
                                                       const core::TimeZone& tz);

/// The same from workflows already read (every workflow of txn, as listWorkflows gives
/// them); txn gives the registry's names and links and the listed cases' products.
std::vector<core::UnreachableEntry> unreachableEntries(
    const store::ReadTxn& txn, const std::vector<core::CaseWorkflow>& workflows,
    const core::TimeZone& tz);

}  // namespace cvdd::publication
