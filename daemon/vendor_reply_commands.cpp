#include "daemon/vendor_reply_commands.hpp"

#include "core/calendar.hpp"

namespace cvdd::daemon {

std::vector<core::Command> commandsForVendorReply(const parsers::VendorReply& reply,
                                                  const std::string& vendorId,
                                                  const std::string& channel) {
  std::vector<core::Command> commands;
  const bool exploited = reply.exploitationObserved == parsers::Consent::Yes;
  switch (reply.action) {
    case parsers::VendorAction::RequestDetails:
      commands.emplace_back(core::command::VendorRequestedDetails{vendorId});
      break;
    case parsers::VendorAction::NoAffectedProduct:
      commands.emplace_back(core::command::VendorNoAffectedProduct{vendorId});
      break;
    case parsers::VendorAction::Statement:
      if (reply.status) {
        commands.emplace_back(core::command::VendorStatement{vendorId, *reply.status,
                                                             reply.publicComment, reply.advisoryUrl,
                                                             reply.fixAvailable, exploited});
        break;
      }
      [[fallthrough]];  // a statement without a status is still an answer
    case parsers::VendorAction::None:
      commands.emplace_back(
          core::command::ContactAttempt{vendorId, channel, core::ContactResult::Answered});
      break;
  }
  if (exploited && reply.action != parsers::VendorAction::Statement)
    commands.emplace_back(core::command::MarkExploited{vendorId, "reported in the vendor's reply"});
  // 003 §4-2: the operator hears of a requested date at once (an alert, in the history).
  if (reply.requestedPublicationDate)
    commands.emplace_back(
        core::command::VendorRequestedDate{vendorId, *reply.requestedPublicationDate});

  std::string note;
  auto add = [&note](const std::string& label, const std::string& value) {
    if (value.empty()) return;
    note += (note.empty() ? "" : "; ") + label + ": " + value;
  };
  add("fix plan", reply.fixPlan);
  add("schedule", reply.schedule);
  if (reply.shareWith) {
    add("share with related organisation",
        reply.shareWith->name + " / " + reply.shareWith->person + " / " + reply.shareWith->address);
  }
  if (!note.empty())
    commands.emplace_back(core::command::Note{"vendor " + vendorId + " replied: " + note});
  return commands;
}

}  // namespace cvdd::daemon
