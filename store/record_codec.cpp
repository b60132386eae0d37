#include "store/record_codec.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "store/case_summary_decoder.hpp"
#include "store/record_names.hpp"

namespace cvdd::store::codec {
namespace {

using nlohmann::json;

// Parsers are the inverse of core's name functions, found by trying every value, so a
// name changed in core changes both directions at once.
template <class Enum, std::size_t N>
Enum parseName(const json& value, const std::array<Enum, N>& all, std::string_view (*nameOf)(Enum),
               std::string_view what) {
  const auto& name = value.get_ref<const std::string&>();
  for (Enum candidate : all) {
    if (nameOf(candidate) == name) return candidate;
  }
  throw std::invalid_argument("unknown " + std::string(what) + " \"" + name + "\"");
}

constexpr std::array kDirections{core::Direction::Inbound, core::Direction::Outbound};
constexpr std::array kRoles{core::MessageRole::Report, core::MessageRole::Reply,
                            core::MessageRole::Acknowledgement, core::MessageRole::Bounce,
                            core::MessageRole::Notice};
constexpr std::array kParticipantRoles{
    core::ParticipantRole::Reporter, core::ParticipantRole::Vendor,
    core::ParticipantRole::RelatedOrganisation, core::ParticipantRole::PriorityRecipient};
constexpr std::array kQuarantineStates{QuarantineState::Pending, QuarantineState::Accepted,
                                       QuarantineState::Rejected};
constexpr std::array kOutboxStates{OutboxState::Pending, OutboxState::Sent, OutboxState::Held};
constexpr std::array kRegistrationKinds{RegistrationKind::General, RegistrationKind::Individual,
                                        RegistrationKind::Unregistered};
constexpr std::array kParticipantKinds{ParticipantKind::Vendor,
                                       ParticipantKind::RelatedOrganisation,
                                       ParticipantKind::PriorityRecipient};
using core::kCancelReasons;
using core::kContactResults;
using core::kStopReasons;
constexpr std::array kVendorPhases{
    core::VendorPhase::NotContacted,     core::VendorPhase::SummarySent,
    core::VendorPhase::DetailsRequested, core::VendorPhase::NoAffectedProduct,
    core::VendorPhase::DetailsSent,      core::VendorPhase::StatementGiven};
constexpr std::array kReachabilities{core::Reachability::NotYetAnswered,
                                     core::Reachability::Answered, core::Reachability::Unresponsive,
                                     core::Reachability::Unreachable, core::Reachability::Resumed};

std::int64_t epochSeconds(core::Timestamp t) {
  return t.time_since_epoch().count();
}

core::Timestamp timestampFrom(const json& value) {
  return core::Timestamp{std::chrono::seconds{value.get<std::int64_t>()}};
}

json optionalTime(const std::optional<core::Timestamp>& t) {
  return t ? json(epochSeconds(*t)) : json(nullptr);
}

std::optional<core::Timestamp> optionalTimeFrom(const json& value) {
  if (value.is_null()) return std::nullopt;
  return timestampFrom(value);
}

template <class Enum>
json optionalName(const std::optional<Enum>& value, std::string_view (*nameOf)(Enum)) {
  return value ? json(nameOf(*value)) : json(nullptr);
}

template <class Enum, std::size_t N>
std::optional<Enum> optionalNameFrom(const json& value, const std::array<Enum, N>& all,
                                     std::string_view (*nameOf)(Enum), std::string_view what) {
  if (value.is_null()) return std::nullopt;
  return parseName(value, all, nameOf, what);
}

// formatDate() prints any year_month_day; only what parseDate() reads back is stored, so a
// record never holds a date it cannot return.
std::string dateText(core::CivilDate date) {
  std::string text = core::formatDate(date);
  if (core::parseDate(text) != date) {
    throw std::invalid_argument("date \"" + text + "\" is not a valid YYYY-MM-DD date");
  }
  return text;
}

core::CivilDate dateFrom(const json& value) {
  const auto& text = value.get_ref<const std::string&>();
  const auto date = core::parseDate(text);
  if (!date) throw std::invalid_argument("malformed date \"" + text + "\"");
  return *date;
}

core::PublicStatus publicStatusFrom(const json& value) {
  const auto& name = value.get_ref<const std::string&>();
  const auto status = core::publicStatusFromName(name);
  if (!status) throw std::invalid_argument("unknown public status \"" + name + "\"");
  return *status;
}

std::string dump(const json& j) {
  try {
    return j.dump();  // strict: invalid UTF-8 is refused, never silently altered
  } catch (const json::type_error& e) {
    throw std::invalid_argument(e.what());
  }
}

json parse(std::string_view text) {
  return json::parse(text.begin(), text.end());
}

}  // namespace

std::string encodeCase(const core::Case& c) {
  json timeline = json::array();
  for (const auto& entry : c.timeline) {
    timeline.push_back({
        {"at", epochSeconds(entry.at)},
        {"direction", core::directionName(entry.direction)},
        {"role", core::messageRoleName(entry.role)},
        {"messageKey", entry.messageKey},
        {"messageId", entry.messageId},
        {"from", entry.from},
        {"to", entry.to},
        {"subject", entry.subject},
        {"authenticated", entry.authenticated},
        {"signature", entry.signature},
        {"signerFingerprint", entry.signerFingerprint},
        {"encrypted", entry.encrypted},
        {"note", entry.note},
    });
  }
  json participants = json::array();
  for (const auto& p : c.participants) {
    participants.push_back({
        {"address", p.address},
        {"role", core::participantRoleName(p.role)},
        {"name", p.name},
        {"keyFingerprint", p.keyFingerprint ? json(*p.keyFingerprint) : json(nullptr)},
    });
  }
  return dump({
      {"id", c.id},
      {"state", core::caseStateName(c.state)},
      {"reporter", c.reporter},
      {"subject", c.subject},
      {"receivedAt", epochSeconds(c.receivedAt)},
      {"language", core::languageCode(c.language)},
      {"participants", std::move(participants)},
      {"timeline", std::move(timeline)},
  });
}

core::Case decodeCase(std::string_view text) {
  const json j = parse(text);
  core::Case c;
  c.id = j.at("id").get<std::string>();
  c.state = parseName(j.at("state"), kCaseStates, core::caseStateName, "case state");
  c.reporter = j.at("reporter").get<std::string>();
  c.subject = j.at("subject").get<std::string>();
  c.receivedAt = timestampFrom(j.at("receivedAt"));
  c.language = parseName(j.at("language"), kLanguages, core::languageCode, "language");
  for (const auto& e : j.at("timeline")) {
    core::TimelineEntry entry;
    entry.at = timestampFrom(e.at("at"));
    entry.direction = parseName(e.at("direction"), kDirections, core::directionName, "direction");
    entry.role = parseName(e.at("role"), kRoles, core::messageRoleName, "message role");
    entry.messageKey = e.at("messageKey").get<std::string>();
    entry.messageId = e.at("messageId").get<std::string>();
    entry.from = e.at("from").get<std::string>();
    entry.to = e.at("to").get<std::string>();
    entry.subject = e.at("subject").get<std::string>();
    // Fields added after schema 1 began: absent in older records, with these defaults.
    entry.authenticated = e.value("authenticated", true);
    entry.signature = e.value("signature", std::string());
    entry.signerFingerprint = e.value("signerFingerprint", std::string());
    entry.encrypted = e.value("encrypted", false);
    entry.note = e.value("note", std::string());
    c.timeline.push_back(std::move(entry));
  }
  if (j.contains("participants")) {
    for (const auto& p : j.at("participants")) {
      core::Participant participant;
      participant.address = p.at("address").get<std::string>();
      participant.role =
          parseName(p.at("role"), kParticipantRoles, core::participantRoleName, "participant role");
      participant.name = p.value("name", std::string());
      if (const auto& key = p.at("keyFingerprint"); !key.is_null())
        participant.keyFingerprint = key.get<std::string>();
      c.participants.push_back(std::move(participant));
    }
  }
  return c;
}

std::string encodeCaseSummary(const CaseSummary& summary) {
  json j = {
      {"id", summary.id},
      {"state", core::caseStateName(summary.state)},
      {"reporter", summary.reporter},
      {"subject", summary.subject},
      {"receivedAt", epochSeconds(summary.receivedAt)},
      {"language", core::languageCode(summary.language)},
      {"messages", summary.messages},
  };
  // The coordination fields only when set: `case list` decodes every summary, so each
  // field absent is one less to parse.
  if (summary.stage) j["stage"] = core::caseStageName(*summary.stage);
  if (const auto& d = summary.nextDeadline)  // [kind, vendorId, date, due]
    j["nextDeadline"] = {core::deadlineKindName(d->kind), d->vendorId, dateText(d->date),
                         epochSeconds(d->due)};
  if (summary.vendorsWaiting != 0) j["vendorsWaiting"] = summary.vendorsWaiting;
  if (summary.publicationDate) j["publicationDate"] = dateText(*summary.publicationDate);
  if (!summary.decisions.empty()) j["decisions"] = summary.decisions;
  return dump(j);
}

CaseSummary decodeCaseSummary(std::string_view text) {
  return decodeCaseSummaryEvents(text);
}

std::string encodeInboxItem(const InboxItem& item) {
  return dump({
      {"key", item.key},
      {"sha256", item.sha256},
      {"receivedAt", epochSeconds(item.receivedAt)},
      {"caseId", item.caseId},
      {"flagged", item.flagged},
  });
}

InboxItem decodeInboxItem(std::string_view text) {
  const json j = parse(text);
  InboxItem item;
  item.key = j.at("key").get<std::string>();
  item.sha256 = j.at("sha256").get<std::string>();
  item.receivedAt = timestampFrom(j.at("receivedAt"));
  item.caseId = j.at("caseId").get<std::string>();
  item.flagged = j.at("flagged").get<bool>();
  return item;
}

std::string encodeOutboxEntry(const OutboxEntry& entry) {
  return dump({
      {"seq", entry.seq},
      {"caseId", entry.caseId},
      {"messageId", entry.messageId},
      {"envelopeFrom", entry.envelopeFrom},
      {"recipients", entry.recipients},
      {"state", outboxStateName(entry.state)},
      {"attempts", entry.attempts},
      {"nextAttemptAt", epochSeconds(entry.nextAttemptAt)},
      {"sentAt", entry.sentAt ? json(epochSeconds(*entry.sentAt)) : json(nullptr)},
      {"lastError", entry.lastError},
      {"confidential", entry.confidential},
      {"heldNotice", entry.heldNotice},
  });
}

OutboxEntry decodeOutboxEntry(std::string_view text) {
  const json j = parse(text);
  OutboxEntry entry;
  entry.seq = j.at("seq").get<std::uint64_t>();
  entry.caseId = j.at("caseId").get<std::string>();
  entry.messageId = j.at("messageId").get<std::string>();
  entry.envelopeFrom = j.at("envelopeFrom").get<std::string>();
  entry.recipients = j.at("recipients").get<std::vector<std::string>>();
  entry.state = parseName(j.at("state"), kOutboxStates, outboxStateName, "outbox state");
  entry.attempts = j.at("attempts").get<int>();
  entry.nextAttemptAt = timestampFrom(j.at("nextAttemptAt"));
  if (const auto& sentAt = j.at("sentAt"); !sentAt.is_null()) entry.sentAt = timestampFrom(sentAt);
  entry.lastError = j.at("lastError").get<std::string>();
  entry.confidential = j.value("confidential", false);
  entry.heldNotice = j.value("heldNotice", std::string());  // absent before release existed
  return entry;
}

std::string encodeKeyBinding(const KeyBinding& binding) {
  return dump({
      {"address", binding.address},
      {"fingerprint", binding.fingerprint},
      {"source", binding.source},
      {"trust", binding.trust},
      {"boundAt", epochSeconds(binding.boundAt)},
      {"caseId", binding.caseId},
      {"boundBy", binding.boundBy},
      {"protocol", binding.protocol},
  });
}

KeyBinding decodeKeyBinding(std::string_view text) {
  const json j = parse(text);
  KeyBinding binding;
  binding.address = j.at("address").get<std::string>();
  binding.fingerprint = j.at("fingerprint").get<std::string>();
  binding.source = j.at("source").get<std::string>();
  binding.trust = j.at("trust").get<std::string>();
  binding.boundAt = timestampFrom(j.at("boundAt"));
  binding.caseId = j.value("caseId", std::string());
  binding.boundBy = j.value("boundBy", std::string());             // absent before it was recorded
  binding.protocol = j.value("protocol", std::string("openpgp"));  // absent before S/MIME
  return binding;
}

std::string encodeQuarantineItem(const QuarantineItem& item) {
  return dump({
      {"id", item.id},
      {"inboxKey", item.inboxKey},
      {"caseId", item.caseId},
      {"reason", item.reason},
      {"at", epochSeconds(item.at)},
      {"from", item.from},
      {"subject", item.subject},
      {"state", quarantineStateName(item.state)},
      {"decidedBy", item.decidedBy},
      {"decidedAt", item.decidedAt ? json(epochSeconds(*item.decidedAt)) : json(nullptr)},
      {"decisionNote", item.decisionNote},
  });
}

QuarantineItem decodeQuarantineItem(std::string_view text) {
  const json j = parse(text);
  QuarantineItem item;
  item.id = j.at("id").get<std::uint64_t>();
  item.inboxKey = j.at("inboxKey").get<std::string>();
  item.caseId = j.at("caseId").get<std::string>();
  item.reason = j.at("reason").get<std::string>();
  item.at = timestampFrom(j.at("at"));
  item.from = j.at("from").get<std::string>();
  item.subject = j.at("subject").get<std::string>();
  item.state = parseName(j.at("state"), kQuarantineStates, quarantineStateName, "quarantine state");
  item.decidedBy = j.value("decidedBy", std::string());
  if (const auto& at = j.at("decidedAt"); !at.is_null()) item.decidedAt = timestampFrom(at);
  item.decisionNote = j.value("decisionNote", std::string());
  return item;
}

std::string encodeQuarantinePurge(const QuarantinePurge& purge) {
  return dump({{"at", epochSeconds(purge.at)},
               {"by", purge.by},
               {"selection", purge.selection},
               {"items", purge.items},
               {"freedBytes", purge.freedBytes}});
}

QuarantinePurge decodeQuarantinePurge(std::string_view text) {
  const json j = parse(text);
  return QuarantinePurge{timestampFrom(j.at("at")), j.at("by").get<std::string>(),
                         j.at("selection").get<std::string>(), j.at("items").get<std::uint64_t>(),
                         j.at("freedBytes").get<std::uint64_t>()};
}

std::string encodeSourcePosition(const SourcePosition& position) {
  return dump({{"uidValidity", position.uidValidity}, {"lastUid", position.lastUid}});
}

SourcePosition decodeSourcePosition(std::string_view text) {
  const json j = parse(text);
  return SourcePosition{j.at("uidValidity").get<std::uint64_t>(),
                        j.at("lastUid").get<std::uint64_t>()};
}

std::string encodeVendor(const VendorRecord& vendor) {
  json contacts = json::array();
  for (const auto& c : vendor.contacts) {
    contacts.push_back({
        {"address", c.address},
        {"managerName", c.managerName},
        {"keyFingerprint", c.keyFingerprint ? json(*c.keyFingerprint) : json(nullptr)},
    });
  }
  return dump({
      {"id", vendor.id},
      {"organisation", vendor.organisation},
      {"kind", participantKindName(vendor.kind)},
      {"registration", registrationKindName(vendor.registration)},
      {"contacts", std::move(contacts)},
      {"otherChannels", vendor.otherChannels},
      {"keywords", vendor.keywords},
      {"products", vendor.products},
      {"relatedTo", vendor.relatedTo},
      {"language", vendor.language},
      {"link", vendor.link},
      {"createdAt", epochSeconds(vendor.createdAt)},
      {"updatedAt", epochSeconds(vendor.updatedAt)},
      {"createdBy", vendor.createdBy},
      {"updatedBy", vendor.updatedBy},
  });
}

VendorRecord decodeVendor(std::string_view text) {
  const json j = parse(text);
  VendorRecord vendor;
  vendor.id = j.at("id").get<std::string>();
  vendor.organisation = j.at("organisation").get<std::string>();
  vendor.kind = parseName(j.at("kind"), kParticipantKinds, participantKindName, "participant kind");
  vendor.registration =
      parseName(j.at("registration"), kRegistrationKinds, registrationKindName, "registration");
  for (const auto& c : j.at("contacts")) {
    VendorContact contact;
    contact.address = c.at("address").get<std::string>();
    contact.managerName = c.at("managerName").get<std::string>();
    if (const auto& key = c.at("keyFingerprint"); !key.is_null())
      contact.keyFingerprint = key.get<std::string>();
    vendor.contacts.push_back(std::move(contact));
  }
  vendor.otherChannels = j.at("otherChannels").get<std::vector<std::string>>();
  vendor.keywords = j.at("keywords").get<std::vector<std::string>>();
  vendor.products = j.at("products").get<std::vector<std::string>>();
  vendor.relatedTo = j.at("relatedTo").get<std::string>();
  vendor.language = j.value("language", std::string());
  // Absent in records written before the unreachable-vendors list (issue 12).
  vendor.link = j.value("link", std::string());
  vendor.createdAt = timestampFrom(j.at("createdAt"));
  vendor.updatedAt = timestampFrom(j.at("updatedAt"));
  vendor.createdBy = j.value("createdBy", std::string());  // absent before it was recorded
  vendor.updatedBy = j.value("updatedBy", std::string());
  return vendor;
}

std::string encodeReport(const CaseReport& r) {
  return dump({
      {"caseId", r.caseId},
      {"reporterName", r.reporterName},
      {"reporterContact", r.reporterContact},
      {"shareIdentityWithVendor", r.shareIdentityWithVendor},
      {"vendorMayContactDirectly", r.vendorMayContactDirectly},
      {"publishName", r.publishName},
      {"product", r.product},
      {"vulnerability", r.vulnerability},
      {"personalData", r.personalData},
      {"otherOrganisations", r.otherOrganisations},
      {"otherFacts", r.otherFacts},
      {"exploitationObserved", r.exploitationObserved},
      {"missing", r.missing},
      {"title", r.title},
      {"summary", r.summary},
      {"solution", r.solution},
      {"credit", r.credit},
      {"advisoryUrl", r.advisoryUrl},
      {"details", r.details},
      {"detailsSource", r.detailsSource},
      {"detailsBy", r.detailsBy},
      {"productByOperator", r.productByOperator},
      {"exploitationStatement", r.exploitationStatement},
      {"cves", r.cves},
      {"cvssVector", r.cvssVector},
      {"description", r.description},
      {"impact", r.impact},
      {"references", r.references},
      {"coordinatorNotes", r.coordinatorNotes},
  });
}

CaseReport decodeReport(std::string_view text) {
  const json j = parse(text);
  CaseReport r;
  r.caseId = j.at("caseId").get<std::string>();
  r.reporterName = j.at("reporterName").get<std::string>();
  r.reporterContact = j.at("reporterContact").get<std::string>();
  r.shareIdentityWithVendor = j.at("shareIdentityWithVendor").get<std::string>();
  r.vendorMayContactDirectly = j.at("vendorMayContactDirectly").get<std::string>();
  r.publishName = j.at("publishName").get<std::string>();
  r.product = j.at("product").get<std::string>();
  r.vulnerability = j.at("vulnerability").get<std::string>();
  r.personalData = j.at("personalData").get<std::string>();
  r.otherOrganisations = j.at("otherOrganisations").get<std::string>();
  r.otherFacts = j.at("otherFacts").get<std::string>();
  r.exploitationObserved = j.at("exploitationObserved").get<std::string>();
  r.missing = j.at("missing").get<std::vector<std::string>>();
  r.title = j.at("title").get<std::string>();
  r.summary = j.at("summary").get<std::string>();
  r.solution = j.at("solution").get<std::string>();
  r.credit = j.at("credit").get<std::string>();
  r.advisoryUrl = j.at("advisoryUrl").get<std::string>();
  // Absent in records written before vendors' details were the operator's.
  r.details = j.value("details", std::string());
  r.detailsSource = j.value("detailsSource", std::string("none"));
  r.detailsBy = j.value("detailsBy", std::string());
  r.productByOperator = j.value("productByOperator", false);
  // Absent in records written before the agreed exploitation statement (issue 13).
  r.exploitationStatement = j.value("exploitationStatement", std::string());
  // Absent in records written before CVE IDs and CVSS vectors (issue 12).
  r.cves = j.value("cves", std::vector<std::string>());
  r.cvssVector = j.value("cvssVector", std::string());
  // Absent in records written before the advisory's own texts (issue 12).
  r.description = j.value("description", std::string());
  r.impact = j.value("impact", std::string());
  r.references = j.value("references", std::vector<std::string>());
  r.coordinatorNotes = j.value("coordinatorNotes", std::string());
  return r;
}

std::string encodeWorkflow(const core::CaseWorkflow& wf) {
  json vendors = json::array();
  for (const auto& v : wf.vendors) {
    json attempts = json::array();
    for (const auto& a : v.attempts) {
      attempts.push_back({
          {"at", epochSeconds(a.at)},
          {"channel", a.channel},
          {"result", core::contactResultName(a.result)},
      });
    }
    vendors.push_back({
        {"vendorId", v.vendorId},
        {"registered", v.registered},
        {"channels", v.channels},
        {"attempts", std::move(attempts)},
        {"phase", core::vendorPhaseName(v.phase)},
        {"reachability", core::reachabilityName(v.reachability)},
        {"summarySkipped", v.summarySkipped},
        {"startedAt", optionalTime(v.startedAt)},
        {"lastResponseAt", optionalTime(v.lastResponseAt)},
        {"unreachableSince", optionalTime(v.unreachableSince)},
        {"coordinationImpossible", v.coordinationImpossible},
        {"publicStatus", optionalName(v.publicStatus, core::publicStatusName)},
        {"comment", v.comment},
        {"advisoryUrl", v.advisoryUrl},
        {"fixAvailable", v.fixAvailable},
        {"exploitationReported", v.exploitationReported},
        {"impossibleReason", core::coordinationImpossibleReasonName(v.impossibleReason)},
        {"committeeOutcome", optionalName(v.committeeOutcome, core::committeeOutcomeName)},
        {"handlingEnded", v.handlingEnded},
        {"unreachableReason", optionalName(v.unreachableReason, core::unreachableReasonName)},
        {"commentPublic", v.commentPublic},
        {"inquiryNumber", v.inquiryNumber},
        {"productsDisclosedAt", optionalTime(v.productsDisclosedAt)},
        {"contactDeadlineAddedAt", optionalTime(v.contactDeadlineAddedAt)},
        {"contactDeadline", v.contactDeadline ? json(dateText(*v.contactDeadline)) : json(nullptr)},
    });
  }
  json provisions = json::array();
  for (const auto t : wf.priorityProvisions) provisions.push_back(epochSeconds(t));
  json history = json::array();
  for (const auto& e : wf.history) {
    history.push_back({
        {"at", epochSeconds(e.at)},
        {"actor", e.actor},
        {"command", e.command},
        {"detail", e.detail},
    });
  }
  json related = json::array();
  for (const auto& r : wf.relatedOrganisations) {
    json answers = json::array();
    for (const auto& a : r.answers)
      answers.push_back({{"at", epochSeconds(a.at)}, {"text", a.text}});
    related.push_back({
        {"organisationId", r.organisationId},
        {"sharedBy", r.sharedBy},
        {"channels", r.channels},
        {"addedAt", epochSeconds(r.addedAt)},
        {"detailsSentAt", optionalTime(r.detailsSentAt)},
        {"answers", std::move(answers)},
    });
  }
  return dump({
      {"caseId", wf.caseId},
      {"stage", core::caseStageName(wf.stage)},
      {"stopReason", optionalName(wf.stopReason, core::stopReasonName)},
      {"cancelReason", optionalName(wf.cancelReason, core::cancelReasonName)},
      {"vendors", std::move(vendors)},
      {"publicationDate", wf.publicationDate ? json(dateText(*wf.publicationDate)) : json(nullptr)},
      {"publicationDateSetAt", optionalTime(wf.publicationDateSetAt)},
      {"publishedAt", optionalTime(wf.publishedAt)},
      {"publishedBeforeDate", wf.publishedBeforeDate},
      {"exploitationReported", wf.exploitationReported},
      {"assessment", wf.assessment ? json{{"impact", core::impactName(wf.assessment->impact)},
                                          {"verifiable", wf.assessment->verifiable}}
                                   : json(nullptr)},
      {"priorityProvisions", std::move(provisions)},
      {"firedDeadlines", wf.firedDeadlines},
      {"history", std::move(history)},
      {"relatedOrganisations", std::move(related)},
  });
}

core::CaseWorkflow decodeWorkflow(std::string_view text) {
  const json j = parse(text);
  core::CaseWorkflow wf;
  wf.caseId = j.at("caseId").get<std::string>();
  wf.stage = parseName(j.at("stage"), kCaseStages, core::caseStageName, "case stage");
  wf.stopReason =
      optionalNameFrom(j.at("stopReason"), kStopReasons, core::stopReasonName, "stop reason");
  wf.cancelReason = optionalNameFrom(j.at("cancelReason"), kCancelReasons, core::cancelReasonName,
                                     "cancel reason");
  for (const auto& v : j.at("vendors")) {
    core::VendorParticipant vendor;
    vendor.vendorId = v.at("vendorId").get<std::string>();
    vendor.registered = v.at("registered").get<bool>();
    vendor.channels = v.at("channels").get<std::vector<std::string>>();
    for (const auto& a : v.at("attempts")) {
      vendor.attempts.push_back(core::ContactAttemptRecord{
          timestampFrom(a.at("at")), a.at("channel").get<std::string>(),
          parseName(a.at("result"), kContactResults, core::contactResultName, "contact result")});
    }
    vendor.phase = parseName(v.at("phase"), kVendorPhases, core::vendorPhaseName, "vendor phase");
    vendor.reachability =
        parseName(v.at("reachability"), kReachabilities, core::reachabilityName, "reachability");
    vendor.summarySkipped = v.at("summarySkipped").get<bool>();
    vendor.startedAt = optionalTimeFrom(v.at("startedAt"));
    vendor.lastResponseAt = optionalTimeFrom(v.at("lastResponseAt"));
    vendor.unreachableSince = optionalTimeFrom(v.at("unreachableSince"));
    vendor.coordinationImpossible = v.at("coordinationImpossible").get<bool>();
    if (const auto& status = v.at("publicStatus"); !status.is_null())
      vendor.publicStatus = publicStatusFrom(status);
    vendor.comment = v.at("comment").get<std::string>();
    vendor.advisoryUrl = v.at("advisoryUrl").get<std::string>();
    vendor.fixAvailable = v.at("fixAvailable").get<bool>();
    vendor.exploitationReported = v.at("exploitationReported").get<bool>();
    // Absent in records written before (イ) and the committee's outcome were recorded:
    // coordination was impossible only by the six-month deadline then.
    if (const auto r = v.find("impossibleReason"); r != v.end())
      vendor.impossibleReason =
          parseName(*r, core::kCoordinationImpossibleReasons,
                    core::coordinationImpossibleReasonName, "coordination-impossible reason");
    if (const auto o = v.find("committeeOutcome"); o != v.end())
      vendor.committeeOutcome = optionalNameFrom(*o, core::kCommitteeOutcomes,
                                                 core::committeeOutcomeName, "committee outcome");
    vendor.handlingEnded = v.value("handlingEnded", false);
    // Absent in records written before vendors could be marked unreachable at once.
    if (const auto r = v.find("unreachableReason"); r != v.end())
      vendor.unreachableReason = optionalNameFrom(
          *r, core::kUnreachableReasons, core::unreachableReasonName, "unreachable reason");
    // Absent in records written before a comment could be kept from the public: every
    // comment then was the vendor's public one.
    vendor.commentPublic = v.value("commentPublic", true);
    // Absent in records written before the unreachable-vendors list (issue 12).
    vendor.inquiryNumber = v.value("inquiryNumber", std::string());
    if (const auto t = v.find("productsDisclosedAt"); t != v.end())
      vendor.productsDisclosedAt = optionalTimeFrom(*t);
    if (const auto t = v.find("contactDeadlineAddedAt"); t != v.end())
      vendor.contactDeadlineAddedAt = optionalTimeFrom(*t);
    if (const auto d = v.find("contactDeadline"); d != v.end() && !d->is_null())
      vendor.contactDeadline = dateFrom(*d);
    wf.vendors.push_back(std::move(vendor));
  }
  if (const auto& date = j.at("publicationDate"); !date.is_null())
    wf.publicationDate = dateFrom(date);
  wf.publicationDateSetAt = optionalTimeFrom(j.at("publicationDateSetAt"));
  wf.publishedAt = optionalTimeFrom(j.at("publishedAt"));
  wf.publishedBeforeDate = j.at("publishedBeforeDate").get<bool>();
  wf.exploitationReported = j.at("exploitationReported").get<bool>();
  // Absent in records written before cases could be assessed.
  if (const auto a = j.find("assessment"); a != j.end() && !a->is_null()) {
    wf.assessment =
        core::Assessment{parseName(a->at("impact"), core::kImpacts, core::impactName, "impact"),
                         a->at("verifiable").get<bool>()};
  }
  for (const auto& t : j.at("priorityProvisions"))
    wf.priorityProvisions.push_back(timestampFrom(t));
  wf.firedDeadlines = j.at("firedDeadlines").get<std::vector<std::string>>();
  for (const auto& e : j.at("history")) {
    wf.history.push_back(
        core::HistoryEvent{timestampFrom(e.at("at")), e.at("actor").get<std::string>(),
                           e.at("command").get<std::string>(), e.at("detail").get<std::string>()});
  }
  // Absent in records written before related organisations took part in cases.
  if (const auto related = j.find("relatedOrganisations"); related != j.end()) {
    for (const auto& r : *related) {
      core::RelatedOrganisationParticipant org;
      org.organisationId = r.at("organisationId").get<std::string>();
      org.sharedBy = r.at("sharedBy").get<std::string>();
      org.channels = r.at("channels").get<std::vector<std::string>>();
      org.addedAt = timestampFrom(r.at("addedAt"));
      org.detailsSentAt = optionalTimeFrom(r.at("detailsSentAt"));
      for (const auto& a : r.at("answers"))
        org.answers.push_back({timestampFrom(a.at("at")), a.at("text").get<std::string>()});
      wf.relatedOrganisations.push_back(std::move(org));
    }
  }
  return wf;
}

std::string encodeRaisedAlert(const RaisedAlert& alert) {
  return dump({
      {"id", alert.id},
      {"caseId", alert.caseId},
      {"code", alert.code},
      {"text", alert.text},
      {"at", epochSeconds(alert.at)},
      {"acknowledgedBy", alert.acknowledgedBy},
      {"acknowledgedAt", optionalTime(alert.acknowledgedAt)},
  });
}

RaisedAlert decodeRaisedAlert(std::string_view text) {
  const json j = parse(text);
  RaisedAlert a;
  a.id = j.at("id").get<std::uint64_t>();
  a.caseId = j.at("caseId").get<std::string>();
  a.code = j.at("code").get<std::string>();
  a.text = j.at("text").get<std::string>();
  a.at = timestampFrom(j.at("at"));
  a.acknowledgedBy = j.at("acknowledgedBy").get<std::string>();
  a.acknowledgedAt = optionalTimeFrom(j.at("acknowledgedAt"));
  return a;
}

std::string encodeDeadline(const core::Deadline& deadline) {
  return dump({
      {"kind", core::deadlineKindName(deadline.kind)},
      {"vendorId", deadline.vendorId},
      {"date", dateText(deadline.date)},
      {"due", epochSeconds(deadline.due)},
  });
}

namespace {
core::Deadline deadlineFrom(const json& j) {
  core::Deadline deadline;
  deadline.kind = parseName(j.at("kind"), kDeadlineKinds, core::deadlineKindName, "deadline kind");
  deadline.vendorId = j.at("vendorId").get<std::string>();
  deadline.date = dateFrom(j.at("date"));
  deadline.due = timestampFrom(j.at("due"));
  return deadline;
}
}  // namespace

core::Deadline decodeDeadline(std::string_view text) {
  return deadlineFrom(parse(text));
}

std::string encodeScheduledDeadline(const ScheduledDeadline& entry) {
  json j = json::parse(encodeDeadline(entry.deadline));
  if (entry.retry) {
    j["retry"] = {{"attempts", entry.retry->attempts},
                  {"at", epochSeconds(entry.retry->retryAt)},
                  {"error", entry.retry->lastError}};
  }
  return dump(j);
}

ScheduledDeadline decodeScheduledDeadline(std::string_view text) {
  const json j = parse(text);
  ScheduledDeadline entry;
  entry.deadline = deadlineFrom(j);
  if (const auto retry = j.find("retry"); retry != j.end()) {
    entry.retry =
        DeadlineRetry{retry->at("attempts").get<std::uint32_t>(), timestampFrom(retry->at("at")),
                      retry->at("error").get<std::string>()};
  }
  return entry;
}

std::string sanitizeUtf8(std::string_view text) {
  // The JSON serialiser already knows how to replace invalid sequences; reuse it rather
  // than carry a second UTF-8 decoder.
  const std::string quoted =
      json(std::string(text)).dump(-1, ' ', false, json::error_handler_t::replace);
  return json::parse(quoted).get<std::string>();
}

}  // namespace cvdd::store::codec
