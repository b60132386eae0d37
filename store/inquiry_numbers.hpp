#pragma once
// Private to store/: the inquiry numbers of the unreachable-vendors list, kept in meta
// beside the other sequences. "inquiry_seq" is the last number handed out;
// "inquiry/<DID#…>" names the case and vendor it was given to (routing a vendor's answer);
// "inquiry_of/<case>\n<vendor>" names the number a vendor of a case already has.

#include <optional>
#include <string_view>

#include "core/lifecycle.hpp"
#include "store/lmdb_access.hpp"

namespace cvdd::store::detail {

/// Gives every vendor of the workflow that is listed unreachable and has no inquiry number
/// its number: the one it had in this case before (listed again), else the next one of the
/// sequence, recorded in both indexes. Returns whether the workflow changed.
bool assignInquiryNumbers(const Environment& env, MDB_txn* txn, core::CaseWorkflow& workflow);

/// The case and vendor an inquiry number was given to, or nullopt.
std::optional<InquiryTarget> findInquiryTarget(const Environment& env, MDB_txn* txn,
                                               std::string_view number);

}  // namespace cvdd::store::detail
