#include "cli/timeline_note.hpp"

namespace cvdd::cli {

void noteOnTimeline(store::WriteTxn& txn, const std::string& caseId, const std::string& messageKey,
                    const std::string& text, std::optional<bool> authenticated) {
  if (caseId.empty()) return;
  auto c = txn.getCase(caseId);
  if (!c) return;
  for (auto& entry : c->timeline) {
    if (entry.messageKey != messageKey) continue;
    if (authenticated) entry.authenticated = *authenticated;
    entry.note += (entry.note.empty() ? "" : "; ") + text;
  }
  txn.putCase(*c);
}

}  // namespace cvdd::cli
