#pragma once
// `cvdctl case preview`: what a notice of a case would contain if it were queued now,
// built by the very NoticeBuilder the workflow queues with, in a read transaction.

#include <string>
#include <string_view>
#include <vector>

#include "daemon/notice_builder.hpp"

namespace cvdd::daemon {

struct NoticePreview {
  BuiltNotice built;
  ProtectionPlan protection;
  bool carriesDetails = false;  // the notice carries the details to a third party
};

/// The notice for each of its recipients: the reporter, each contact of vendorId, or each
/// priority recipient (only vendorId's, when given). Values only a command carries (a
/// move's reason, a stop note) are empty. Changes nothing. Errors: NotFound for an unknown
/// case, vendor or notice; InvalidConfig for a notice the workflow does not send to that
/// party (an operator alert, the acknowledgement, a vendor notice without a vendor).
/// Throws std::runtime_error when the template does not render.
core::Result<std::vector<NoticePreview>> previewNotice(
    const store::ReadTxn& txn, const CoordinationEnvironment& env, std::string_view caseId,
    const std::string& notice, const std::string& vendorId, core::Timestamp now);

/// The notices previewNotice knows, "a|b|c".
std::string previewableNotices();

}  // namespace cvdd::daemon
