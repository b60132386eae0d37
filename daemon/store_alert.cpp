#include "daemon/store_alert.hpp"

namespace cvdd::daemon {

std::vector<store::OutboxEntry> composeStoreFullAlert(const Config& config,
                                                      const store::ReadTxn& txn,
                                                      const OutboundSigner& signer,
                                                      const std::string& reason,
                                                      core::Timestamp now) {
  const auto& coordinator = config.coordinator;
  std::vector<store::OutboxEntry> entries;
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
  for (const auto& address : coordinator.operators) {
    OutboundRequest request;
    auto& m = request.message;
    m.from = {coordinator.name, coordinator.intake};
    m.to = {{"", address}};
    m.subject = "[cvdd] STORE_FULL: intake paused";
    m.messageId = "store-full." + std::to_string(seconds.count()) + "." + address + "@" +
                  coordinator.hostname;
    m.date = core::formatRfc5322(now);
    m.autoSubmitted = "auto-generated";
    m.bodyText =
        "STORE_FULL: cvdd cannot write to its state in " + config.state.dir.string() +
        ".\n\nReason: " + reason +
        "\n\nIntake is paused: new mail stays on the server, unread by cvdd, and nothing is\n"
        "lost. cvdd resumes by itself once there is room. To make room:\n"
        "  - raise [state] map_size_max_mib (or the quota named above) and reload cvdd, or\n"
        "  - remove decided quarantine items: cvdctl quarantine purge --state decided\n";
    request.envelopeFrom = coordinator.intake;
    request.recipient = address;
    request.now = now;
    entries.push_back(composeOutbound(request, txn, signer));
  }
  return entries;
}

}  // namespace cvdd::daemon
