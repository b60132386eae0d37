#include "daemon/participant_message.hpp"

#include <spdlog/spdlog.h>

#include "core/text_excerpt.hpp"
#include "daemon/config.hpp"
#include "daemon/reporter_answers.hpp"
#include "daemon/vendor_reply_commands.hpp"
#include "parsers/report_form.hpp"
#include "parsers/vendor_reply_form.hpp"

namespace cvdd::daemon {

namespace {

/// A reporter's reply completes what the report lacked; nothing already known is
/// overwritten. Returns true when something was filled in.
bool completeReport(store::CaseReport& report, const parsers::ReportFields& fields) {
  bool changed = false;
  std::vector<std::string> stillMissing;
  for (const auto& field : report.missing) {
    std::string* target = field == "product"         ? &report.product
                          : field == "vulnerability" ? &report.vulnerability
                                                     : nullptr;
    const std::string& value = field == "product" ? fields.product : fields.vulnerability;
    // Free text fills only the vulnerability: it is the whole body, not a product name.
    const bool usable =
        target != nullptr && !value.empty() && (fields.fromForm || field == "vulnerability");
    if (usable) {
      *target = value;
      changed = true;
    } else {
      stillMissing.push_back(field);
    }
  }
  report.missing = std::move(stillMissing);
  return changed;
}

/// The first token of text that is a bare mail address: the form's contact field may
/// also hold a phone number ("bar@bar.example, 03-0000-0000"). "" when there is none.
std::string firstMailAddress(std::string_view text) {
  std::string spaced(text);
  for (std::string_view wide : {"、", "，", "　"}) {  // Japanese comma, full-width comma, space
    for (auto at = spaced.find(wide); at != std::string::npos; at = spaced.find(wide, at))
      spaced.replace(at, wide.size(), " ");
  }
  constexpr std::string_view kSeparators = " \t,;/()<>";
  std::string token;
  for (std::size_t i = 0; i <= spaced.size(); ++i) {
    if (i == spaced.size() || kSeparators.find(spaced[i]) != std::string_view::npos) {
      if (isMailAddress(token)) return token;
      token.clear();
    } else {
      token.push_back(spaced[i]);
    }
  }
  return {};
}

/// 003 §8-2: a vendor asked to share the case with a related organisation. The
/// organisation is asked to register first (the notice names the case and the vendor,
/// nothing of the vulnerability); an operator registers it and adds it to the case, since
/// the case ID alone never proves who it is. Asked once per case and address; a registered
/// participant's address needs no request. Returns what was done, for the timeline.
std::string requestRelatedRegistration(const CoordinationEnvironment& env, store::WriteTxn& txn,
                                       const std::string& caseId,
                                       const store::VendorRecord& requester,
                                       const parsers::SharedOrganisation& organisation,
                                       core::Timestamp now) {
  const std::string address = core::normalizeAddress(firstMailAddress(organisation.address));
  if (address.empty())
    return "related organisation " + organisation.name + ": no usable mail address";
  if (auto known = txn.findVendorByAddress(address))
    return "related organisation " + address + " is registered as " + known->id;
  const auto c = txn.getCase(caseId);
  for (const auto& entry : c->timeline) {
    if (entry.direction == core::Direction::Outbound && entry.role == core::MessageRole::Notice &&
        core::normalizeAddress(entry.to) == address &&
        entry.note.starts_with("related-organisation-registration"))
      return "related organisation " + address + " was asked to register before";
  }
  NoticeExtras extras;
  extras.relatedOrganisationName = organisation.name;
  extras.relatedOrganisationContact = organisation.person;
  extras.requestingVendorName = requester.organisation;
  auto queued =
      queueNotice(txn, env, caseId, "related-organisation-registration",
                  {NoticeAudience::RelatedOrganisation, address, organisation.person}, extras, now);
  if (!queued) return "related organisation " + address + ": " + queued.error().what;
  spdlog::warn("OPERATOR_ALERT code=RELATED_ORGANISATION_NAMED case={} vendor={} address={}",
               caseId, requester.id, address);
  return "registration request queued to related organisation " + address;
}

/// Applies what an authenticated vendor's reply says to its case; refusals are recorded,
/// never fatal (the reply itself is kept either way). Returns a summary for the timeline.
std::string applyVendorReply(const CoordinationEnvironment& cenv, store::WriteTxn& txn,
                             const std::string& caseId, const std::string& sender,
                             std::string_view body, const std::string& actor, core::Timestamp now) {
  auto vendor = txn.findVendorByAddress(sender);
  auto workflow = txn.getWorkflow(caseId);
  if (!vendor || !workflow || workflow->vendor(vendor->id) == nullptr) return {};
  const auto reply = parsers::parseVendorReply(body);
  std::string summary;
  for (const auto& command : commandsForVendorReply(reply, vendor->id, "mail:" + sender)) {
    auto applied =
        applyCaseCommand(txn, cenv, caseId, command, "vendor:" + vendor->id + actor, now);
    std::string result = std::string(core::commandName(command)) +
                         (applied ? " applied" : " refused (" + applied.error().what + ")");
    summary += (summary.empty() ? "" : "; ") + result;
  }
  if (reply.shareWith)
    summary += "; " + requestRelatedRegistration(cenv, txn, caseId, *vendor, *reply.shareWith, now);
  for (const auto& warning : reply.warnings) summary += "; form: " + warning;
  return summary;
}

/// An authenticated related organisation's mail (003 §8-2) is its answer: recorded with its
/// time in the workflow and history, changing no status. Its text is kept whole up to a
/// bound, like a vendor's comment. Returns a summary for the timeline.
std::string applyRelatedReply(const CoordinationEnvironment& cenv, store::WriteTxn& txn,
                              const std::string& caseId, const std::string& sender,
                              std::string_view body, const std::string& actor,
                              core::Timestamp now) {
  constexpr std::size_t kAnswerChars = 4000;
  auto organisation = txn.findVendorByAddress(sender);
  auto workflow = txn.getWorkflow(caseId);
  if (!organisation || !workflow || !workflow->relatedOrganisation(organisation->id)) return {};
  std::string text = core::shortenText(body, kAnswerChars);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.pop_back();
  if (text.empty()) text = "(empty message)";
  const core::command::RelatedOrganisationAnswered command{organisation->id, text};
  auto applied = applyCaseCommand(txn, cenv, caseId, command,
                                  "related-organisation:" + organisation->id + actor, now);
  return std::string(core::commandName(command)) +
         (applied ? " recorded" : " refused (" + applied.error().what + ")");
}

}  // namespace

std::string applyParticipantMessage(store::WriteTxn& txn, const CoordinationEnvironment& env,
                                    const std::string& caseId, const core::Participant& participant,
                                    std::string_view body, const std::string& via,
                                    core::Timestamp now) {
  const std::string sender = core::normalizeAddress(participant.address);
  if (participant.role == core::ParticipantRole::RelatedOrganisation)
    return applyRelatedReply(env, txn, caseId, sender, body, via, now);
  if (participant.role != core::ParticipantRole::Reporter)
    return applyVendorReply(env, txn, caseId, sender, body, via, now);
  auto report = txn.getReport(caseId);
  if (!report) return {};
  const auto fields = parsers::extractReportFields(body);
  std::string effect;
  if (!report->missing.empty() && completeReport(*report, fields)) {
    txn.putReport(*report);
    effect = report->missing.empty() ? "report completed" : "report partly completed";
  }
  // Consents and exploitation: the reporter's own, authenticated words (issue 13).
  const std::string answers =
      applyReporterAnswers(txn, env, caseId, fields, "reporter:" + sender + via, now);
  if (!answers.empty()) effect += (effect.empty() ? "" : "; ") + answers;
  return effect;
}

}  // namespace cvdd::daemon
