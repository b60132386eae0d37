#pragma once
// What an authenticated vendor's reply asks of its case, as lifecycle commands. Pure.

#include <string>
#include <vector>

#include "core/lifecycle.hpp"
#include "parsers/vendor_reply_form.hpp"

namespace cvdd::daemon {

/// The commands, in the order they are applied. Every reply counts as an answer: one
/// without a filled-in form becomes a contact attempt answered on `channel`, which stops
/// the vendor's unreachable clocks. A requested publication date becomes
/// VendorRequestedDate (an operator alert: the date is set for all vendors at once, by the
/// operator); a fix plan or a schedule become a note for the operator, and so does a
/// related organisation to share with.
std::vector<core::Command> commandsForVendorReply(const parsers::VendorReply& reply,
                                                  const std::string& vendorId,
                                                  const std::string& channel);

}  // namespace cvdd::daemon
