#include "cli/case_view.hpp"

#include <algorithm>
#include <iomanip>

#include "core/calendar.hpp"
#include "core/deadline.hpp"

namespace cvdd::cli {

nlohmann::json caseSummaryJson(const store::CaseSummary& c) {
  return {
      {"id", c.id},
      {"state", core::caseStateName(c.state)},
      {"reporter", c.reporter},
      {"subject", c.subject},
      {"received_at", core::formatIso8601(c.receivedAt)},
      {"language", core::languageCode(c.language)},
      {"messages", c.messages},
      {"stage", c.stage ? nlohmann::json(core::caseStageName(*c.stage)) : nlohmann::json(nullptr)},
      {"next_deadline", c.nextDeadline
                            ? nlohmann::json{{"kind", core::deadlineKindName(c.nextDeadline->kind)},
                                             {"vendor_id", c.nextDeadline->vendorId},
                                             {"date", core::formatDate(c.nextDeadline->date)},
                                             {"due", core::formatIso8601(c.nextDeadline->due)}}
                            : nlohmann::json(nullptr)},
      {"vendors_waiting", c.vendorsWaiting},
  };
}

namespace {

// A JSON string as nlohmann's dump writes it (escapes, UTF-8 checked).
void appendString(std::string& out, const std::string& text) {
  out += nlohmann::json(text).dump();
}

void appendMember(std::string& out, std::string_view indent, std::string_view key) {
  out += indent;
  out += '"';
  out += key;
  out += "\": ";
}

}  // namespace

void appendCaseSummaryJson(std::string& out, const store::CaseSummary& c) {
  // Members in nlohmann's (sorted) order, laid out as dump(2) lays them out.
  constexpr std::string_view in = "    ";
  out += "{\n";
  appendMember(out, in, "id");
  appendString(out, c.id);
  out += ",\n";
  appendMember(out, in, "language");
  out += '"';
  out += core::languageCode(c.language);
  out += "\",\n";
  appendMember(out, in, "messages");
  out += std::to_string(c.messages);
  out += ",\n";
  appendMember(out, in, "next_deadline");
  if (const auto& d = c.nextDeadline) {
    constexpr std::string_view in2 = "      ";
    out += "{\n";
    appendMember(out, in2, "date");
    out += '"' + core::formatDate(d->date) + "\",\n";
    appendMember(out, in2, "due");
    out += '"' + core::formatIso8601(d->due) + "\",\n";
    appendMember(out, in2, "kind");
    out += '"';
    out += core::deadlineKindName(d->kind);
    out += "\",\n";
    appendMember(out, in2, "vendor_id");
    appendString(out, d->vendorId);
    out += "\n    },\n";
  } else {
    out += "null,\n";
  }
  appendMember(out, in, "received_at");
  out += '"' + core::formatIso8601(c.receivedAt) + "\",\n";
  appendMember(out, in, "reporter");
  appendString(out, c.reporter);
  out += ",\n";
  appendMember(out, in, "stage");
  if (c.stage) {
    out += '"';
    out += core::caseStageName(*c.stage);
    out += '"';
  } else {
    out += "null";
  }
  out += ",\n";
  appendMember(out, in, "state");
  out += '"';
  out += core::caseStateName(c.state);
  out += "\",\n";
  appendMember(out, in, "subject");
  appendString(out, c.subject);
  out += ",\n";
  appendMember(out, in, "vendors_waiting");
  out += std::to_string(c.vendorsWaiting);
  out += "\n  }";
}

nlohmann::json caseDetailJson(const core::Case& c) {
  nlohmann::json json = caseSummaryJson(store::summaryOf(c));
  json.erase("messages");
  for (const char* coordination : {"stage", "next_deadline", "vendors_waiting"})
    json.erase(coordination);  // in "coordination", read from the workflow itself
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

namespace {

nlohmann::json optionalTime(const std::optional<core::Timestamp>& t) {
  return t ? nlohmann::json(core::formatIso8601(*t)) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json scheduledDeadlineJson(const store::ScheduledDeadline& d, bool withCase) {
  nlohmann::json json;
  if (withCase) json["case_id"] = d.caseId;
  json["kind"] = core::deadlineKindName(d.deadline.kind);
  json["vendor_id"] = d.deadline.vendorId;
  json["date"] = core::formatDate(d.deadline.date);
  json["due"] = core::formatIso8601(d.deadline.due);
  json["key"] = d.deadline.key();
  json["retry"] = nullptr;
  if (d.retry)
    json["retry"] = {{"attempts", d.retry->attempts},
                     {"retry_at", core::formatIso8601(d.retry->retryAt)},
                     {"last_error", d.retry->lastError}};
  return json;
}

std::string failedFiringText(const store::ScheduledDeadline& d) {
  if (!d.retry) return "";
  return "  (firing failed " + std::to_string(d.retry->attempts) + " time(s), next try " +
         core::formatIso8601(d.retry->retryAt) + ": " + d.retry->lastError + ")";
}

nlohmann::json coordinationJson(const CoordinationView& view) {
  nlohmann::json json;
  if (const auto& wf = view.workflow) {
    json["stage"] = core::caseStageName(wf->stage);
    json["stop_reason"] =
        wf->stopReason ? nlohmann::json(core::stopReasonName(*wf->stopReason)) : nullptr;
    json["cancel_reason"] =
        wf->cancelReason ? nlohmann::json(core::cancelReasonName(*wf->cancelReason)) : nullptr;
    json["publication_date"] =
        wf->publicationDate ? nlohmann::json(core::formatDate(*wf->publicationDate)) : nullptr;
    json["published_at"] = optionalTime(wf->publishedAt);
    json["exploitation_reported"] = wf->exploitationReported;
    json["assessment"] = nullptr;
    if (const auto& a = wf->assessment) {
      json["assessment"] = {{"impact", core::impactName(a->impact)},
                            {"verifiable", a->verifiable},
                            {"committee_decision", core::committeeDecisionName(a->decision())}};
    }
    json["vendors"] = nlohmann::json::array();
    for (const auto& v : wf->vendors) {
      nlohmann::json attempts = nlohmann::json::array();
      for (const auto& a : v.attempts)
        attempts.push_back({{"at", core::formatIso8601(a.at)},
                            {"channel", a.channel},
                            {"result", core::contactResultName(a.result)}});
      json["vendors"].push_back({
          {"vendor_id", v.vendorId},
          {"registered", v.registered},
          {"state", core::vendorStateName(v.state())},
          {"phase", core::vendorPhaseName(v.phase)},
          {"reachability", core::reachabilityName(v.reachability)},
          {"public_status",
           v.publicStatus ? nlohmann::json(core::publicStatusName(*v.publicStatus)) : nullptr},
          {"comment", v.comment},
          {"comment_public", v.commentPublic},
          {"advisory_url", v.advisoryUrl},
          {"fix_available", v.fixAvailable},
          {"started_at", optionalTime(v.startedAt)},
          {"last_response_at", optionalTime(v.lastResponseAt)},
          {"unreachable_since", optionalTime(v.unreachableSince)},
          {"coordination_impossible", v.coordinationImpossible},
          {"channels", v.channels},
          {"contact_attempts", std::move(attempts)},
          {"coordination_impossible_reason",
           v.coordinationImpossible
               ? nlohmann::json(core::coordinationImpossibleReasonName(v.impossibleReason))
               : nullptr},
          {"committee_outcome",
           v.committeeOutcome ? nlohmann::json(core::committeeOutcomeName(*v.committeeOutcome))
                              : nullptr},
          {"handling_ended", v.handlingEnded},
          {"unreachable_reason",
           v.unreachableReason ? nlohmann::json(core::unreachableReasonName(*v.unreachableReason))
                               : nullptr},
          // The unreachable-vendors list (issue 12 item 4).
          {"inquiry_number", v.inquiryNumber},
          {"listed", core::listedUnreachable(*wf, v)},
          {"products_disclosed_at", optionalTime(v.productsDisclosedAt)},
          {"contact_deadline",
           v.contactDeadline ? nlohmann::json(core::formatDate(*v.contactDeadline)) : nullptr},
      });
    }
    json["related_organisations"] = nlohmann::json::array();
    for (const auto& r : wf->relatedOrganisations) {
      nlohmann::json answers = nlohmann::json::array();
      for (const auto& a : r.answers)
        answers.push_back({{"at", core::formatIso8601(a.at)}, {"text", a.text}});
      json["related_organisations"].push_back({{"organisation_id", r.organisationId},
                                               {"shared_by", r.sharedBy},
                                               {"channels", r.channels},
                                               {"added_at", core::formatIso8601(r.addedAt)},
                                               {"details_sent_at", optionalTime(r.detailsSentAt)},
                                               {"answers", std::move(answers)}});
    }
    json["fired_deadlines"] = wf->firedDeadlines;
    json["history"] = nlohmann::json::array();
    for (const auto& e : wf->history)
      json["history"].push_back({{"at", core::formatIso8601(e.at)},
                                 {"actor", e.actor},
                                 {"command", e.command},
                                 {"detail", e.detail}});
  } else {
    json["stage"] = nullptr;
  }
  json["deadlines"] = nlohmann::json::array();
  for (const auto& d : view.deadlines) json["deadlines"].push_back(scheduledDeadlineJson(d, false));
  if (const auto& r = view.report) {
    json["report"] = {{"reporter_name", r->reporterName},
                      {"reporter_contact", r->reporterContact},
                      {"share_identity_with_vendor", r->shareIdentityWithVendor},
                      {"vendor_may_contact_directly", r->vendorMayContactDirectly},
                      {"publish_name", r->publishName},
                      {"product", r->product},
                      {"vulnerability", r->vulnerability},
                      {"exploitation_observed", r->exploitationObserved},
                      {"missing", r->missing},
                      {"title", r->title},
                      {"summary", r->summary},
                      {"solution", r->solution},
                      {"credit", r->credit},
                      {"advisory_url", r->advisoryUrl},
                      {"product_by_operator", r->productByOperator},
                      {"details", r->details},
                      {"details_source", r->detailsSource},
                      {"details_by", r->detailsBy}};
    json["report"]["exploitation_statement"] = r->exploitationStatement;
    json["report"]["cves"] = r->cves;
    json["report"]["cvss_vector"] = r->cvssVector;
    json["report"]["description"] = r->description;
    json["report"]["impact"] = r->impact;
    json["report"]["references"] = r->references;
    json["report"]["coordinator_notes"] = r->coordinatorNotes;
  } else {
    json["report"] = nullptr;
  }
  return json;
}

void printCoordination(std::ostream& out, const CoordinationView& view) {
  if (const auto& r = view.report) {
    out << "Report:\n"
        << "  product:   " << (r->product.empty() ? "-" : r->product) << "\n"
        << "  title:     " << (r->title.empty() ? "-" : r->title) << "\n"
        << "  consents:  share identity " << r->shareIdentityWithVendor << ", direct contact "
        << r->vendorMayContactDirectly << ", credit " << r->publishName << "\n"
        << "  details:   "
        << (r->detailsSource == "operator" ? "written by " + r->detailsBy
            : r->detailsSource == "report-confirmed"
                ? "the reporter's text, confirmed by " + r->detailsBy
                : std::string("NOT WRITTEN: send-details is "
                              "refused until they are "
                              "(case edit --details-file)"))
        << "\n";
    if (!r->exploitationStatement.empty())
      out << "  exploitation statement (agreed): " << r->exploitationStatement << "\n";
    for (const auto& cve : r->cves) out << "  cve:       " << cve << "\n";
    if (!r->cvssVector.empty()) out << "  cvss:      " << r->cvssVector << "\n";
    if (!r->description.empty()) out << "  description (public): " << r->description << "\n";
    if (!r->impact.empty()) out << "  impact (public): " << r->impact << "\n";
    for (const auto& ref : r->references) out << "  reference: " << ref << "\n";
    if (!r->coordinatorNotes.empty())
      out << "  coordinator notes (public): " << r->coordinatorNotes << "\n";
    if (!r->missing.empty()) {
      out << "  MISSING:  ";
      for (const auto& m : r->missing) out << " " << m;
      out << "\n";
    }
  }
  if (!view.workflow) {
    out << "Coordination: none yet\n";
    return;
  }
  const auto& wf = *view.workflow;
  out << "Stage:     " << core::caseStageName(wf.stage)
      << (wf.publicationDate ? "  publication " + core::formatDate(*wf.publicationDate) : "")
      << "\n";
  if (const auto& a = wf.assessment) {
    out << "Assessed:  " << core::assessmentText(*a)
        << "; committee (000 table 4-2): " << core::committeeDecisionName(a->decision()) << "\n";
  }
  out << "Vendors:\n";
  if (wf.vendors.empty()) out << "  (none)\n";
  for (const auto& v : wf.vendors) {
    out << "  " << std::left << std::setw(20) << v.vendorId << std::setw(26)
        << core::vendorStateName(v.state()) << core::vendorPhaseName(v.phase) << ", "
        << core::reachabilityName(v.reachability) << ", " << v.attempts.size() << " attempt(s)"
        << (v.unreachableReason
                ? " (" + std::string(core::unreachableReasonName(*v.unreachableReason)) + ")"
                : std::string())
        << (v.coordinationImpossible ? ", COORDINATION IMPOSSIBLE" : "")
        << (v.coordinationImpossible
                ? " (" + std::string(core::coordinationImpossibleReasonName(v.impossibleReason)) +
                      ")"
                : "")
        << (v.committeeOutcome
                ? ", committee: " + std::string(core::committeeOutcomeName(*v.committeeOutcome))
                : "")
        << (v.handlingEnded ? ", handling-ended" : "") << "\n";
    // The operator sees every comment; the advisory shows only a public one.
    if (!v.comment.empty())
      out << "    comment" << (v.commentPublic ? "" : " (NON-PUBLIC, never published)") << ": "
          << v.comment << "\n";
  }
  if (!wf.relatedOrganisations.empty()) {
    out << "Related organisations (003 §8-2; no status, no clocks):\n";
    for (const auto& r : wf.relatedOrganisations)
      out << "  " << std::left << std::setw(20) << r.organisationId << "shared by " << r.sharedBy
          << ", "
          << (r.detailsSentAt ? "details sent " + core::formatIso8601(*r.detailsSentAt)
                              : std::string("details not sent"))
          << ", " << r.answers.size() << " answer(s)\n";
  }
  out << "Deadlines:\n";
  if (view.deadlines.empty()) out << "  (none pending)\n";
  for (const auto& d : view.deadlines)
    out << "  " << core::formatDate(d.deadline.date) << "  " << std::left << std::setw(26)
        << core::deadlineKindName(d.deadline.kind) << d.deadline.vendorId << failedFiringText(d)
        << "\n";
  out << "History:\n";
  // Columns as wide as their longest entry, two spaces apart: a long actor ("vendor:beta
  // via operator:alice") never runs into the command.
  std::size_t actorWidth = 0;
  std::size_t commandWidth = 0;
  for (const auto& e : wf.history) {
    actorWidth = std::max(actorWidth, e.actor.size());
    commandWidth = std::max(commandWidth, e.command.size());
  }
  for (const auto& e : wf.history)
    out << "  " << core::formatIso8601(e.at) << "  " << std::left
        << std::setw(static_cast<int>(actorWidth + 2)) << e.actor
        << std::setw(static_cast<int>(commandWidth + 2)) << e.command << e.detail << "\n";
}

void printCaseTable(std::ostream& out, const std::vector<store::CaseSummary>& cases) {
  if (cases.empty()) {
    out << "no cases\n";
    return;
  }
  // STATE is the coordination stage once the case has a workflow; NEXT DEADLINE the
  // earliest pending one (date and kind); WAIT the vendors contacted that have not answered
  // or stated a status. All read from the summaries, never from the workflows. Lines are
  // padded into one buffer: stream formatting per column costs more than the listing.
  std::string line;
  auto cell = [&line](std::string_view text, std::size_t width) {
    line += text;
    line.append(text.size() < width ? width - text.size() : 0, ' ');
  };
  std::string buffer;
  cell("ID", 14);
  cell("STATE", 23);
  cell("RECEIVED", 22);
  cell("MSGS", 5);
  cell("WAIT", 5);
  cell("NEXT DEADLINE", 37);
  buffer += line + "REPORTER / SUBJECT\n";
  std::string next;
  for (const auto& c : cases) {
    line.clear();
    next.clear();
    if (c.nextDeadline) {
      next = core::formatDate(c.nextDeadline->date);
      next += ' ';
      next += core::deadlineKindName(c.nextDeadline->kind);
    } else {
      next = "-";
    }
    cell(c.id, 14);
    cell(c.stage ? core::caseStageName(*c.stage) : core::caseStateName(c.state), 23);
    cell(core::formatIso8601(c.receivedAt), 22);
    cell(std::to_string(c.messages), 5);
    cell(std::to_string(c.vendorsWaiting), 5);
    cell(next, 37);
    buffer += line;
    buffer += c.reporter;
    buffer += "  ";
    buffer += c.subject;
    buffer += '\n';
    if (buffer.size() >= (1 << 16)) {
      out << buffer;
      buffer.clear();
    }
  }
  out << buffer;
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
