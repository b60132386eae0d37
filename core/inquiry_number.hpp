#pragma once
// Inquiry numbers of the unreachable-vendors list (003 §7, figure 3): "DID#" and at least
// five digits, e.g. "DID#00042". The store hands them out in order and never reuses one;
// a vendor answers the list by mail with its number in the subject.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cvdd::core {

/// "DID#" + the number, zero-padded to five digits (more digits once past 99999).
std::string formatInquiryNumber(std::uint64_t number);

/// The first inquiry number in a decoded subject ("Re: DID#00042 widgets"), matched
/// case-insensitively, not as the tail of a longer word; returned in its canonical
/// spelling ("DID#00042"), or nullopt when there is none. At most 12 digits are read: a
/// longer run is no inquiry number.
std::optional<std::string> findInquiryNumber(std::string_view subject);

}  // namespace cvdd::core
