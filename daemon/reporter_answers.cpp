#include "daemon/reporter_answers.hpp"

namespace cvdd::daemon {

core::ConsentAnswers consentsOf(const store::CaseReport& report) {
  return {report.shareIdentityWithVendor, report.vendorMayContactDirectly, report.publishName};
}

void storeConsents(store::CaseReport& report, const core::ConsentAnswers& answers) {
  report.shareIdentityWithVendor = answers.shareIdentity;
  report.vendorMayContactDirectly = answers.directContact;
  report.publishName = answers.credit;
}

core::ConsentAnswers consentsOf(const parsers::ReportFields& fields) {
  return {std::string(parsers::consentName(fields.shareIdentityWithVendor)),
          std::string(parsers::consentName(fields.vendorMayContactDirectly)),
          std::string(parsers::consentName(fields.publishName))};
}

std::string markReporterExploitation(store::WriteTxn& txn, const CoordinationEnvironment& env,
                                     const std::string& caseId, std::string_view answer,
                                     const std::string& actor, core::Timestamp now) {
  const auto workflow = txn.getWorkflow(caseId);
  if (!core::reporterExploitationMarks(answer, workflow && workflow->exploitationReported))
    return {};
  // The history keeps who said it, not what: the reporter's words stay in the report.
  auto applied =
      applyCaseCommand(txn, env, caseId,
                       core::command::MarkExploited{"", "stated by the reporter (コ)"}, actor, now);
  return applied ? "exploitation reported" : "exploitation not marked: " + applied.error().what;
}

std::string applyReporterAnswers(store::WriteTxn& txn, const CoordinationEnvironment& env,
                                 const std::string& caseId, const parsers::ReportFields& fields,
                                 const std::string& actor, core::Timestamp now) {
  auto report = txn.getReport(caseId);
  if (!report) return {};
  std::string done;
  auto consents = consentsOf(*report);
  const auto changes = core::consentChanges(consents, consentsOf(fields));
  const std::string exploitation(parsers::consentName(fields.exploitationObserved));
  const bool exploited = exploitation == "yes" && report->exploitationObserved != "yes";
  if (!changes.empty() || exploited) {
    core::applyConsentChanges(consents, changes);
    storeConsents(*report, consents);
    if (exploited) report->exploitationObserved = "yes";
    txn.putReport(*report);
  }
  if (!changes.empty()) {
    // The history says who changed which consent, from what to what.
    const std::string text = core::describeConsentChanges(changes);
    auto noted = applyCaseCommand(txn, env, caseId, core::command::Note{text}, actor, now);
    done = noted ? text : text + " (not in the history: " + noted.error().what + ")";
  }
  const std::string marked = markReporterExploitation(txn, env, caseId, exploitation, actor, now);
  if (!marked.empty()) done += (done.empty() ? "" : "; ") + marked;
  return done;
}

}  // namespace cvdd::daemon
