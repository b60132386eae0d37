#include "cli/case_view.hpp"

#include <iomanip>

namespace cvdd::cli {

nlohmann::json caseSummaryJson(const core::Case& c) {
  return {
      {"id", c.id},
      {"state", core::caseStateName(c.state)},
      {"reporter", c.reporter},
      {"subject", c.subject},
      {"received_at", core::formatIso8601(c.receivedAt)},
      {"language", core::languageCode(c.language)},
      {"messages", c.timeline.size()},
  };
}

nlohmann::json caseDetailJson(const core::Case& c) {
  nlohmann::json json = caseSummaryJson(c);
  json.erase("messages");
  json["participants"] = nlohmann::json::array();
  for (const auto& p : c.participants)
    json["participants"].push_back({
        {"address", p.address},
        {"role", core::participantRoleName(p.role)},
        {"name", p.name},
        {"key_fingerprint",
         p.keyFingerprint ? nlohmann::json(*p.keyFingerprint) : nlohmann::json(nullptr)},
    });
  json["timeline"] = nlohmann::json::array();
  for (const auto& entry : c.timeline)
    json["timeline"].push_back({
        {"at", core::formatIso8601(entry.at)},
        {"direction", core::directionName(entry.direction)},
        {"role", core::messageRoleName(entry.role)},
        {"message_id", entry.messageId},
        {"from", entry.from},
        {"to", entry.to},
        {"subject", entry.subject},
        {"authenticated", entry.authenticated},
        {"signature", entry.signature},
        {"signer_fingerprint", entry.signerFingerprint},
        {"encrypted", entry.encrypted},
        {"note", entry.note},
    });
  return json;
}

void printCaseTable(std::ostream& out, const std::vector<core::Case>& cases) {
  if (cases.empty()) {
    out << "no cases\n";
    return;
  }
  out << std::left << std::setw(14) << "ID" << std::setw(10) << "STATE" << std::setw(22)
      << "RECEIVED" << std::setw(5) << "MSGS"
      << "REPORTER / SUBJECT\n";
  for (const auto& c : cases)
    out << std::left << std::setw(14) << c.id << std::setw(10) << core::caseStateName(c.state)
        << std::setw(22) << core::formatIso8601(c.receivedAt) << std::setw(5) << c.timeline.size()
        << c.reporter << "  " << c.subject << "\n";
}

void printCaseDetail(std::ostream& out, const core::Case& c) {
  out << "Case:      " << c.id << "\n"
      << "State:     " << core::caseStateName(c.state) << "\n"
      << "Reporter:  " << c.reporter << "\n"
      << "Subject:   " << c.subject << "\n"
      << "Received:  " << core::formatIso8601(c.receivedAt) << "\n"
      << "Language:  " << core::languageCode(c.language) << "\n"
      << "Participants:\n";
  for (const auto& p : c.participants)
    out << "  " << std::left << std::setw(22) << core::participantRoleName(p.role) << p.address
        << (p.keyFingerprint ? "  key " + *p.keyFingerprint : std::string("  no key")) << "\n";
  out << "Timeline:\n";
  for (const auto& e : c.timeline) {
    out << "  " << core::formatIso8601(e.at) << "  "
        << (e.direction == core::Direction::Inbound ? "<- " : "-> ") << std::left << std::setw(16)
        << core::messageRoleName(e.role) << e.from << " -> " << e.to << "  " << e.subject << "  <"
        << e.messageId << ">\n";
    out << "      " << (e.authenticated ? "" : "UNAUTHENTICATED  ")
        << "signature: " << (e.signature.empty() ? "-" : e.signature)
        << (e.signerFingerprint.empty() ? "" : " " + e.signerFingerprint)
        << (e.encrypted ? "  encrypted" : "") << (e.note.empty() ? "" : "  (" + e.note + ")")
        << "\n";
  }
}

}  // namespace cvdd::cli
