#pragma once
// What the reporter's own words change after the report: consents (ウ)(エ)(オ) and the
// exploitation statement (コ), read from the report form's fields. Called only for a new
// report (intake) and for a reporter's AUTHENTICATED later mail (participant_message.cpp,
// reached only after core::authenticateSender, or an operator's quarantine acceptance):
// a forged mail never gets here.

#include <string>

#include "core/report_consent.hpp"
#include "daemon/coordination.hpp"
#include "parsers/report_form.hpp"
#include "store/records.hpp"

namespace cvdd::daemon {

/// The report's consents as the core decisions read them.
core::ConsentAnswers consentsOf(const store::CaseReport& report);

/// Stores answers into the report's consent fields.
void storeConsents(store::CaseReport& report, const core::ConsentAnswers& answers);

/// The consents a form answered ("unknown" where it did not).
core::ConsentAnswers consentsOf(const parsers::ReportFields& fields);

/// Marks the case exploited (core command::MarkExploited: the EXPLOITATION_REPORTED alert)
/// when the reporter's answer is "yes" and the case is not marked yet. Returns what was
/// done for the timeline, "" when nothing.
std::string markReporterExploitation(store::WriteTxn& txn, const CoordinationEnvironment& env,
                                     const std::string& caseId, std::string_view answer,
                                     const std::string& actor, core::Timestamp now);

/// Applies a reporter's later answers to its case: changed consents (each with a history
/// entry naming the actor, old -> new) and a "yes" to exploitation. Returns what was done
/// for the timeline, "" when nothing.
std::string applyReporterAnswers(store::WriteTxn& txn, const CoordinationEnvironment& env,
                                 const std::string& caseId, const parsers::ReportFields& fields,
                                 const std::string& actor, core::Timestamp now);

}  // namespace cvdd::daemon
