#pragma once
// Private: RFC 5322 address lists as senders actually write them.

#include <string>
#include <string_view>
#include <vector>

#include "parsers/parsed_message.hpp"

namespace cvdd::parsers::detail {

inline constexpr std::size_t kMaxMailboxes = 1000;

/// Mailboxes of an unfolded address-list field value (raw bytes as received). Handles
/// `Name <a@b>`, bare `a@b`, `a@b (Name)`, quoted and RFC 2047 display names, groups and
/// routes. An entry without a usable address is skipped with a warning.
std::vector<Mailbox> parseAddressList(std::string_view value, std::vector<std::string>* warnings);

}  // namespace cvdd::parsers::detail
