#include "cli/quarantine_json.hpp"

#include "core/time.hpp"

namespace cvdd::cli {

nlohmann::json quarantineItemJson(const store::QuarantineItem& item) {
  return {{"id", item.id},
          {"state", store::quarantineStateName(item.state)},
          {"case_id", item.caseId},
          {"reason", item.reason},
          {"at", core::formatIso8601(item.at)},
          {"from", item.from},
          {"subject", item.subject},
          {"inbox_key", item.inboxKey},
          {"decided_by", item.decidedBy},
          {"decided_at", item.decidedAt ? nlohmann::json(core::formatIso8601(*item.decidedAt))
                                        : nlohmann::json(nullptr)},
          {"decision_note", item.decisionNote}};
}

}  // namespace cvdd::cli
