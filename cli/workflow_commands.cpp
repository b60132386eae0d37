// The operator's steps of the case lifecycle: `cvdctl case accept|stop|add-vendor|...`.
// Each applies one core command through daemon::applyCaseCommand in one LMDB write
// transaction (workflow, history event, notices in the outbox, deadlines), recorded under
// the operator's name; the running daemon sends the notices.

#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include "cli/commands.hpp"
#include "core/calendar.hpp"
#include "core/cve_id.hpp"
#include "core/cvss.hpp"
#include "core/report_consent.hpp"
#include "core/vendor_disclosure.hpp"
#include "daemon/coordination.hpp"
#include "daemon/reporter_answers.hpp"

namespace cvdd::cli {

namespace {

std::string_view errcName(core::Errc code) {
  switch (code) {
    case core::Errc::IllegalTransition:
      return "illegal-transition";
    case core::Errc::NotFound:
      return "not-found";
    case core::Errc::Duplicate:
      return "duplicate";
    case core::Errc::InvalidConfig:
      return "missing-data";
    default:
      return "error";
  }
}

/// Exit code of a refusal: distinct from usage (2, CLI11's 106/109...) and state (3).
constexpr int kRefused = 4;

nlohmann::json outcomeJson(const daemon::CommandOutcome& o) {
  nlohmann::json alerts = nlohmann::json::array();
  for (const auto& a : o.alerts) alerts.push_back({{"code", a.code}, {"text", a.text}});
  return {{"case_id", o.caseId},
          {"stage", core::caseStageName(o.stage)},
          {"event",
           {{"at", core::formatIso8601(o.event.at)},
            {"actor", o.event.actor},
            {"command", o.event.command},
            {"detail", o.event.detail}}},
          {"queued", o.queued},
          {"held", o.held},
          {"alerts", std::move(alerts)},
          {"deadlines_scheduled", o.deadlinesScheduled},
          {"deadlines_cancelled", o.deadlinesCancelled}};
}

void printOutcome(const daemon::CommandOutcome& o) {
  std::cout << o.caseId << ": " << o.event.command << ": " << o.event.detail << "\n"
            << "  stage now " << core::caseStageName(o.stage) << "; " << o.queued.size()
            << " message(s) queued";
  if (!o.held.empty()) std::cout << ", " << o.held.size() << " HELD (no key; see outbox list)";
  std::cout << "; deadlines +" << o.deadlinesScheduled << " -" << o.deadlinesCancelled << "\n";
  for (const auto& a : o.alerts) std::cout << "  alert " << a.code << ": " << a.text << "\n";
}

/// Runs one command against the case and reports it; a refusal is an error exit.
/// Builds the command inside the transaction: it may read the registry, or store what
/// the command's notices quote (a refusal aborts it all).
using Build = std::function<core::Result<core::Command>(store::WriteTxn&)>;

void run(Context& ctx, const std::string& caseId, const Build& build) {
  const auto& env = ctx.coordination();
  auto txn = ctx.store().write();
  auto command = build(txn);
  core::Result<daemon::CommandOutcome> outcome =
      command ? daemon::applyCaseCommand(txn, env, caseId, *command, "operator:" + ctx.actor(),
                                         ctx.now())
              : tl::unexpected(command.error());
  if (!outcome) {
    const auto& e = outcome.error();
    if (ctx.json) {
      std::cout
          << nlohmann::json{{"error",
                             {{"code", errcName(e.code)}, {"where", e.where}, {"what", e.what}}}}
                 .dump(2)
          << "\n";
    }
    throw CommandError(kRefused, "refused: " + e.where + ": " + e.what);
  }
  txn.commit();
  if (ctx.json)
    std::cout << outcomeJson(*outcome).dump(2) << "\n";
  else
    printOutcome(*outcome);
}

/// "a|b|c": the stable names of every value, for help texts and errors.
template <class Enum, std::size_t N>
std::string namesOf(const std::array<Enum, N>& all, std::string_view (*nameOf)(Enum)) {
  std::string names;
  for (Enum e : all) names += (names.empty() ? "" : "|") + std::string(nameOf(e));
  return names;
}

template <class Enum, std::size_t N>
Enum parseName(const std::string& text, const std::array<Enum, N>& all,
               std::string_view (*nameOf)(Enum), const std::string& what) {
  for (Enum e : all)
    if (nameOf(e) == text) return e;
  throw CommandError(
      2, "unknown " + what + " \"" + text + "\" (one of: " + namesOf(all, nameOf) + ")");
}

using core::kCancelReasons;
using core::kContactResults;
using core::kPublicStatuses;
using core::kStopReasons;

core::CivilDate dateArgument(const std::string& text) {
  auto date = core::parseDate(text);
  if (!date) throw CommandError(2, "not a date (YYYY-MM-DD): \"" + text + "\"");
  return *date;
}

/// The fields every case command shares: the case ID, --as and --json.
struct Args {
  std::string caseId;
  std::string vendorId;
  std::string text;
  std::string reason;
  std::string channel;
  std::string result;
  std::string url;
  std::string comment;
  std::string impact;
  std::string verifiable;
  bool flag = false;
};

CLI::App* verb(CLI::App* group, Context& ctx, const std::string& name, const std::string& help,
               Args& args) {
  auto* cmd = group->add_subcommand(name, help);
  cmd->add_option("id", args.caseId, "case ID, e.g. CVD#12345678")->required();
  cmd->add_option("--as", ctx.operatorName, "operator name (default: $CVDD_OPERATOR, $USER)");
  cmd->add_flag("--json", ctx.json, "print JSON");
  return cmd;
}

/// What `case edit` is asked to do with the vendors' details.
struct DetailsEdit {
  std::string text;
  std::string file;
  bool fromReport = false;
};

/// The operator's details as stored: "\n" line ends, no trailing blank lines (the
/// template puts its own line end after them).
std::string normalisedDetails(std::string text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i)
    if (!(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) out += text[i];
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ' || out.back() == '\t'))
    out.pop_back();
  return out;
}

void setDetails(store::CaseReport& report, std::string text, core::DetailsSource source,
                const std::string& actor) {
  report.details = std::move(text);
  report.detailsSource = std::string(core::detailsSourceName(source));
  report.detailsBy = actor;
}

/// Stores the CVE IDs and the CVSS vector given to `case edit` and says what changed, for
/// the history: "cve CVE-2026-0001", "cvss CVSS:3.1/... (9.8 CRITICAL)", "... (cleared)".
std::string publicIdentifiersEdit(store::CaseReport& report,
                                  const std::optional<std::vector<std::string>>& cves,
                                  const std::optional<core::CvssV31>& cvss) {
  std::string changed;
  if (cves) {
    report.cves = *cves;
    std::string list;
    for (const auto& id : *cves) list += (list.empty() ? "" : ", ") + id;
    changed = cves->empty() ? "cve (cleared)" : "cve " + list;
  }
  if (cvss) {
    report.cvssVector = cvss->vector;
    std::ostringstream score;
    score << std::fixed << std::setprecision(1) << cvss->baseScore();
    changed +=
        std::string(changed.empty() ? "" : ", ") +
        (cvss->vector.empty() ? "cvss (cleared)"
                              : "cvss " + cvss->vector + " (" + score.str() + " " +
                                    std::string(core::cvssSeverityName(cvss->severity)) + ")");
  }
  return changed;
}

/// The --reference values as stored: trimmed, empty ones dropped (a lone '' clears the
/// list). A line is shown as text, its last word linked only when it is an http(s) URL.
std::vector<std::string> referenceLines(const std::vector<std::string>& items) {
  std::vector<std::string> lines;
  for (const auto& item : items) {
    const auto first = item.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) continue;
    lines.push_back(item.substr(first, item.find_last_not_of(" \t\r\n") - first + 1));
  }
  return lines;
}

Build constant(core::Command command) {
  return [command = std::move(command)](store::WriteTxn&) -> core::Result<core::Command> {
    return command;
  };
}

/// A related organisation (003 §8-2) takes part beside the vendors: added once a vendor
/// that has the details asks to share them and the organisation has registered; it gets
/// the details by their own verb; the operator may record an answer it gave by phone.
void addRelatedOrganisationCommands(CLI::App* group, Context& ctx,
                                    const std::shared_ptr<Args>& args) {
  auto& a = *args;
  auto* add = verb(group, ctx, "add-related",
                   "add a registered related organisation a vendor shares the case with", a);
  add->add_option("organisation", a.vendorId, "its registry id (kind related-organisation)")
      ->required();
  add->add_option("--shared-by", a.channel, "the vendor of the case that asked to share it")
      ->required();
  add->callback([&ctx, args] {
    run(ctx, args->caseId, [args](store::WriteTxn& txn) -> core::Result<core::Command> {
      auto command = daemon::addRelatedOrganisationCommand(txn, args->vendorId, args->channel);
      if (!command) return tl::unexpected(command.error());
      return core::Command(std::move(*command));
    });
  });

  auto* details = verb(group, ctx, "send-related-details",
                       "send the vulnerability details to a related organisation (encrypted)", a);
  details->add_option("organisation", a.vendorId, "its registry id")->required();
  details->callback([&ctx, args] {
    run(ctx, args->caseId, constant(core::command::SendRelatedDetails{args->vendorId}));
  });

  auto* answer = verb(group, ctx, "related-answer",
                      "record an answer a related organisation gave by phone or letter", a);
  answer->add_option("organisation", a.vendorId, "its registry id")->required();
  answer->add_option("text", a.text, "what it said")->required();
  answer->callback([&ctx, args] {
    run(ctx, args->caseId,
        constant(core::command::RelatedOrganisationAnswered{args->vendorId, args->text}));
  });
}

}  // namespace

void addWorkflowCommands(CLI::App* group, Context& ctx) {
  auto args = std::make_shared<Args>();
  auto& a = *args;

  verb(group, ctx, "accept", "accept a received report for coordination", a)
      ->callback([&ctx, args] { run(ctx, args->caseId, constant(core::command::Accept{})); });

  auto* stop = verb(group, ctx, "stop",
                    "do not accept the report, or stop handling it after acceptance (tells the "
                    "reporter, and the vendors already told of the case)",
                    a);
  stop->add_option("--reason", a.reason, namesOf(kStopReasons, core::stopReasonName))->required();
  stop->add_option("--note", a.text, "for the history and the reporter's notice");
  stop->callback([&ctx, args] {
    auto reason = parseName(args->reason, kStopReasons, core::stopReasonName, "stop reason");
    run(ctx, args->caseId, constant(core::command::Stop{reason, args->text}));
  });

  auto* add = verb(group, ctx, "add-vendor", "add a registered vendor to the case", a);
  add->add_option("vendor", a.vendorId, "vendor id (cvdctl vendor list)")->required();
  add->callback([&ctx, args] {
    run(ctx, args->caseId, [args](store::WriteTxn& txn) -> core::Result<core::Command> {
      auto command = daemon::addVendorCommand(txn, args->vendorId);
      if (!command) return tl::unexpected(command.error());
      return core::Command(std::move(*command));
    });
  });

  auto* registered =
      verb(group, ctx, "vendor-registered", "an unregistered vendor has registered", a);
  registered->add_option("vendor", a.vendorId, "vendor id")->required();
  registered->callback([&ctx, args] {
    run(ctx, args->caseId, constant(core::command::VendorRegistered{args->vendorId}));
  });

  auto* summary = verb(group, ctx, "send-summary", "send the vulnerability summary", a);
  summary->add_option("vendor", a.vendorId, "vendor id")->required();
  summary->callback([&ctx, args] {
    run(ctx, args->caseId, constant(core::command::SendSummary{args->vendorId}));
  });

  auto* details = verb(group, ctx, "send-details", "send the vulnerability details (encrypted)", a);
  details->add_option("vendor", a.vendorId, "vendor id")->required();
  details->add_flag("--skip-summary", a.flag, "the vendor is obvious: no summary first");
  details->callback([&ctx, args] {
    run(ctx, args->caseId, constant(core::command::SendDetails{args->vendorId, args->flag}));
  });

  auto* requested = verb(group, ctx, "vendor-requested-details",
                         "record a details request the vendor made by phone or letter", a);
  requested->add_option("vendor", a.vendorId, "vendor id")->required();
  requested->callback([&ctx, args] {
    run(ctx, args->caseId, constant(core::command::VendorRequestedDetails{args->vendorId}));
  });

  auto* noProduct = verb(group, ctx, "vendor-no-affected-product",
                         "record the vendor's answer that it has no affected product", a);
  noProduct->add_option("vendor", a.vendorId, "vendor id")->required();
  noProduct->callback([&ctx, args] {
    run(ctx, args->caseId, constant(core::command::VendorNoAffectedProduct{args->vendorId}));
  });

  auto* statement =
      verb(group, ctx, "vendor-statement", "record the vendor's status for the advisory", a);
  statement->add_option("vendor", a.vendorId, "vendor id")->required();
  statement->add_option("--status", a.result, namesOf(kPublicStatuses, core::publicStatusName))
      ->required();
  statement->add_option("--comment", a.comment, "the vendor's public comment");
  statement->add_option("--url", a.url, "the vendor's advisory URL");
  statement->add_flag("--fix-available", a.flag, "a fix or workaround exists");
  auto commentNonPublic = std::make_shared<bool>(false);
  statement->add_flag("--comment-non-public", *commentNonPublic,
                      "the comment is for the coordinator only: never published");
  statement->callback([&ctx, args, commentNonPublic] {
    auto status = parseName(args->result, kPublicStatuses, core::publicStatusName, "public status");
    run(ctx, args->caseId,
        constant(core::command::VendorStatement{args->vendorId, status, args->comment, args->url,
                                                args->flag, false, !*commentNonPublic}));
  });

  auto* setDate = verb(group, ctx, "set-date", "set the publication date (all vendors)", a);
  setDate->add_option("date", a.text, "YYYY-MM-DD, in the coordinator's time zone")->required();
  setDate->callback([&ctx, args] {
    run(ctx, args->caseId, constant(core::command::SetPublicationDate{dateArgument(args->text)}));
  });

  auto* moveDate = verb(group, ctx, "move-date", "move the publication date", a);
  moveDate->add_option("date", a.text, "YYYY-MM-DD")->required();
  moveDate->add_option("--reason", a.reason, "why; every vendor and the reporter read it")
      ->required();
  moveDate->callback([&ctx, args] {
    run(ctx, args->caseId,
        constant(core::command::MovePublicationDate{dateArgument(args->text), args->reason}));
  });

  auto* exploited = verb(group, ctx, "mark-exploited", "exploitation in the wild is reported", a);
  exploited->add_option("--vendor", a.vendorId, "the vendor that reported it (else the reporter)");
  exploited->add_option("--detail", a.text, "what was reported (kept in the history)");
  exploited->callback([&ctx, args] {
    run(ctx, args->caseId, constant(core::command::MarkExploited{args->vendorId, args->text}));
  });

  auto* assess = verb(group, ctx, "assess",
                      "set the impact and verifiability the publication committee's table "
                      "reads (000 table 4-2)",
                      a);
  assess->add_option("--impact", a.impact, namesOf(core::kImpacts, core::impactName))->required();
  assess->add_option("--verifiable", a.verifiable, "yes|no: can the vulnerability be verified")
      ->required()
      ->check(CLI::IsMember({"yes", "no"}));
  assess->callback([&ctx, args] {
    auto impact = parseName(args->impact, core::kImpacts, core::impactName, "impact");
    run(ctx, args->caseId,
        constant(core::command::Assess{core::Assessment{impact, args->verifiable == "yes"}}));
  });

  auto* priority =
      verb(group, ctx, "priority-provide", "send the advisory to priority recipients", a);
  priority->add_flag("--leak-risk", a.flag, "a leak is feared: refused (003 §4-4)");
  priority->callback([&ctx, args] {
    run(ctx, args->caseId, constant(core::command::ProvidePriority{args->flag}));
  });

  auto* publish = verb(group, ctx, "publish", "publish the advisory", a);
  publish->add_flag("--force", a.flag, "before the agreed date (a leak, 003 §8-5)");
  publish->add_option("--reason", a.reason, "required with --force");
  publish->add_option("--url", a.url, "the advisory's URL, quoted in the publication notice");
  publish->callback([&ctx, args] {
    run(ctx, args->caseId, [args](store::WriteTxn& txn) -> core::Result<core::Command> {
      // The URL goes into the notices this very command sends: store it first, in the
      // same transaction (a refusal aborts both).
      if (!args->url.empty()) {
        auto report = txn.getReport(args->caseId).value_or(store::CaseReport{});
        report.caseId = args->caseId;
        report.advisoryUrl = args->url;
        txn.putReport(report);
      }
      return core::command::Publish{args->flag, args->reason};
    });
  });

  auto* cancel = verb(group, ctx, "cancel", "cancel publication", a);
  cancel->add_option("--reason", a.reason, namesOf(kCancelReasons, core::cancelReasonName))
      ->required();
  cancel->add_option("--vendor", a.vendorId, "the vendor whose answer shows it");
  cancel->callback([&ctx, args] {
    auto reason = parseName(args->reason, kCancelReasons, core::cancelReasonName, "cancel reason");
    run(ctx, args->caseId, constant(core::command::Cancel{reason, args->vendorId}));
  });

  auto edit = std::make_shared<std::map<std::string, std::string>>();
  auto detailsEdit = std::make_shared<DetailsEdit>();
  auto* editCmd = verb(group, ctx, "edit", "set the texts the notices quote", a);
  auto* detailsText = editCmd->add_option(
      "--details", detailsEdit->text,
      "the vulnerability details vendors get (send-details is refused until they are set)");
  auto* detailsFile = editCmd->add_option("--details-file", detailsEdit->file,
                                          "the details from a file (- : stdin)");
  auto* fromReport = editCmd->add_flag(
      "--details-from-report", detailsEdit->fromReport,
      "confirm the reporter's own text as the vendors' details (only if the reporter agreed "
      "to pass on their identity)");
  detailsText->excludes(detailsFile)->excludes(fromReport);
  detailsFile->excludes(fromReport);
  for (const auto& field : std::vector<std::pair<std::string, std::string>>{
           {"title", "neutral title, safe for a subject line"},
           {"summary", "the vulnerability summary (no technical detail)"},
           {"product", "product name and version"},
           {"solution", "fix or workaround (priority advisory)"},
           {"credit", "credit line (used only if the reporter agreed)"},
           {"advisory-url", "the published advisory's URL"},
           {"description", "the advisory's public description (詳細情報; never the details)"},
           {"impact", "the advisory's impact text (想定される影響)"},
           {"coordinator-notes", "the coordinator's notes in the advisory (補足情報)"}}) {
    editCmd->add_option_function<std::string>(
        "--" + field.first,
        [edit, option = field.first](const std::string& value) { (*edit)[option] = value; },
        field.second);
  }
  auto agreedStatement = std::make_shared<std::optional<std::string>>();
  editCmd->add_option_function<std::string>(
      "--exploitation-statement",
      [agreedStatement](const std::string& value) { *agreedStatement = value; },
      "the exploitation statement agreed with the vendors (000 4.8), quoted by the priority "
      "advisory and the published notice; '' clears it");
  // Issue 12: the CVE IDs (repeatable, or a comma list; they replace the stored list, ''
  // clears it) and the CVSS v3.1 base vector ('' clears it), both checked here.
  auto cveItems = std::make_shared<std::vector<std::string>>();
  auto* cveOption = editCmd->add_option(
      "--cve", *cveItems,
      "CVE IDs assigned (CVE-YYYY-NNNN; repeat it or give a comma list; replaces the stored "
      "list, '' clears it)");
  auto cvssVector = std::make_shared<std::optional<std::string>>();
  editCmd->add_option_function<std::string>(
      "--cvss", [cvssVector](const std::string& value) { *cvssVector = value; },
      "CVSS v3.1 base vector, e.g. CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H (scored by "
      "cvdd; '' clears it)");
  // Issue 12: the advisory's reference lines (repeatable; replace the stored list, ''
  // clears it).
  auto referenceItems = std::make_shared<std::vector<std::string>>();
  auto* referenceOption = editCmd->add_option(
      "--reference", *referenceItems,
      "a reference line of the advisory: a URL, or \"text URL\" (repeat it; replaces the "
      "stored list, '' clears it)");
  // (ウ)(エ)(オ): "" when not given.
  auto consentEdit = std::make_shared<core::ConsentAnswers>(core::ConsentAnswers{"", "", ""});
  for (const core::ConsentTopic topic : core::kConsentTopics) {
    editCmd
        ->add_option("--consent-" + std::string(core::consentTopicName(topic)),
                     consentEdit->of(topic),
                     std::string(core::consentTopicLetter(topic)) + " " +
                         (topic == core::ConsentTopic::ShareIdentity
                              ? "the reporter's name and address may go to vendors"
                          : topic == core::ConsentTopic::DirectContact
                              ? "vendors may contact the reporter directly"
                              : "the reporter's name may be published (credit)") +
                         ": yes|no, as the reporter told you (recorded in the history)")
        ->check(CLI::IsMember({"yes", "no"}));
  }
  editCmd->callback([&ctx, args, edit, detailsEdit, detailsText, detailsFile, consentEdit,
                     agreedStatement, cveItems, cveOption, cvssVector, referenceItems,
                     referenceOption] {
    std::optional<std::string> newDetails;
    if (*detailsText) newDetails = detailsEdit->text;
    if (*detailsFile) newDetails = readInput(detailsEdit->file);
    if (newDetails) {
      *newDetails = normalisedDetails(*newDetails);
      if (newDetails->empty()) throw CommandError(2, "the details text is empty");
    }
    const bool consentGiven =
        core::unansweredConsents(*consentEdit).size() < core::kConsentTopics.size();
    std::optional<std::vector<std::string>> newCves;
    if (*cveOption) {
      auto ids = core::parseCveList(*cveItems);
      if (!ids) throw CommandError(2, "--cve: " + ids.error().what);
      newCves = std::move(*ids);
    }
    std::optional<core::CvssV31> newCvss;  // set with an empty vector: cleared
    if (*cvssVector) {
      newCvss = core::CvssV31{};
      if (!cvssVector->value().empty()) {
        auto scored = core::parseCvssV31(**cvssVector);
        if (!scored) throw CommandError(2, "--cvss: " + scored.error().what);
        newCvss = std::move(*scored);
      }
    }
    std::optional<std::vector<std::string>> newReferences;
    if (*referenceOption) newReferences = referenceLines(*referenceItems);
    if (edit->empty() && !newDetails && !detailsEdit->fromReport && !consentGiven &&
        !*agreedStatement && !newCves && !newCvss && !newReferences)
      throw CommandError(2, "nothing to edit (see --help)");
    const std::string actor = "operator:" + ctx.actor();
    run(ctx, args->caseId,
        [args, edit, detailsEdit, newDetails, consentEdit, consentGiven, agreedStatement, actor,
         newCves, newCvss, newReferences](store::WriteTxn& txn) -> core::Result<core::Command> {
          auto report = txn.getReport(args->caseId).value_or(store::CaseReport{});
          report.caseId = args->caseId;
          std::string changed;
          if (newDetails) {
            setDetails(report, *newDetails, core::DetailsSource::Operator, actor);
            changed = "details";
          } else if (detailsEdit->fromReport) {
            if (auto may = core::mayConfirmReportText(daemon::provenanceOf(report)); !may)
              return tl::unexpected(may.error());
            if (report.vulnerability.empty())
              return core::fail(core::Errc::InvalidConfig, "details",
                                "the report holds no vulnerability text to confirm");
            setDetails(report, report.vulnerability, core::DetailsSource::ReportConfirmed, actor);
            changed = "details (the reporter's text, confirmed)";
          }
          for (const auto& [field, value] : *edit) {
            std::string& target = field == "title"               ? report.title
                                  : field == "summary"           ? report.summary
                                  : field == "product"           ? report.product
                                  : field == "solution"          ? report.solution
                                  : field == "credit"            ? report.credit
                                  : field == "description"       ? report.description
                                  : field == "impact"            ? report.impact
                                  : field == "coordinator-notes" ? report.coordinatorNotes
                                                                 : report.advisoryUrl;
            target = value;
            if (field == "product") {
              std::erase(report.missing, std::string("product"));
              report.productByOperator =
                  true;  // from now on vendors may read it (vendor_disclosure)
            }
            changed += (changed.empty() ? "" : ", ") + field;
          }
          if (*agreedStatement) {
            report.exploitationStatement = **agreedStatement;
            changed += std::string(changed.empty() ? "" : ", ") +
                       (agreedStatement->value().empty() ? "exploitation-statement (cleared)"
                                                         : "exploitation-statement");
          }
          if (newCves || newCvss)
            changed += std::string(changed.empty() ? "" : ", ") +
                       publicIdentifiersEdit(report, newCves, newCvss);
          if (newReferences) {
            report.references = *newReferences;
            changed += std::string(changed.empty() ? "" : ", ") +
                       (newReferences->empty() ? "references (cleared)" : "references");
          }
          // A consent the operator sets as the reporter told them: old -> new in the history.
          auto answers = daemon::consentsOf(report);
          const auto changes = core::consentChanges(answers, *consentEdit);
          core::applyConsentChanges(answers, changes);
          daemon::storeConsents(report, answers);
          const std::string consents = !consentGiven     ? ""
                                       : changes.empty() ? "consents unchanged"
                                                         : core::describeConsentChanges(changes);
          txn.putReport(report);
          // Recorded in the history under the operator's name, like every other step.
          if (changed.empty()) return core::command::Note{consents};
          return core::command::Note{"edited " + changed +
                                     (consents.empty() ? "" : "; " + consents)};
        });
  });

  verb(group, ctx, "close", "close a stopped, published or cancelled case", a)
      ->callback([&ctx, args] { run(ctx, args->caseId, constant(core::command::Close{})); });

  auto* note = verb(group, ctx, "note", "add a note to the case's history", a);
  note->add_option("text", a.text, "the note")->required();
  note->callback(
      [&ctx, args] { run(ctx, args->caseId, constant(core::command::Note{args->text})); });

  auto* attempt = verb(group, ctx, "contact-attempt",
                       "record an attempt to reach a vendor (phone, fax, post, other mail)", a);
  attempt->add_option("vendor", a.vendorId, "vendor id")->required();
  attempt->add_option("--channel", a.channel, "e.g. phone:+81-3-0000-0000, post, mail:x@y")
      ->required();
  attempt->add_option("--result", a.result, namesOf(kContactResults, core::contactResultName))
      ->required();
  attempt->callback([&ctx, args] {
    auto result = parseName(args->result, kContactResults, core::contactResultName, "result");
    run(ctx, args->caseId,
        constant(core::command::ContactAttempt{args->vendorId, args->channel, result}));
  });

  auto* impossible = verb(group, ctx, "coordination-impossible",
                          "record that no agreement on publication is reachable with a vendor "
                          "(調整不能 (イ)); six months unreachable is the deadline's",
                          a);
  impossible->add_option("vendor", a.vendorId, "vendor id")->required();
  impossible->add_option("--reason", a.reason, "no-agreement")->required();
  impossible->add_option("--note", a.text, "for the history");
  impossible->callback([&ctx, args] {
    auto reason = parseName(args->reason, core::kCoordinationImpossibleReasons,
                            core::coordinationImpossibleReasonName, "reason");
    run(ctx, args->caseId,
        constant(core::command::CoordinationImpossible{args->vendorId, reason, args->text}));
  });

  auto* committee = verb(group, ctx, "committee",
                         "record the publication committee's outcome for a vendor whose "
                         "coordination is impossible (end-handling tells the reporter and the "
                         "other vendors)",
                         a);
  committee->add_option("vendor", a.vendorId, "vendor id")->required();
  committee
      ->add_option("outcome", a.result,
                   namesOf(core::kCommitteeOutcomes, core::committeeOutcomeName))
      ->required();
  committee->add_option("--note", a.text, "for the history");
  committee->callback([&ctx, args] {
    auto outcome = parseName(args->result, core::kCommitteeOutcomes, core::committeeOutcomeName,
                             "committee outcome");
    run(ctx, args->caseId,
        constant(core::command::RecordCommitteeOutcome{args->vendorId, outcome, args->text}));
  });

  auto* unreachable =
      verb(group, ctx, "unreachable",
           "declare a vendor unreachable at once: no contact channel exists, or the developer "
           "is unknown (003 §2-3)",
           a);
  unreachable->add_option("vendor", a.vendorId, "vendor id")->required();
  unreachable
      ->add_option("--reason", a.reason,
                   namesOf(core::kUnreachableReasons, core::unreachableReasonName))
      ->required();
  unreachable->callback([&ctx, args] {
    auto reason = parseName(args->reason, core::kUnreachableReasons, core::unreachableReasonName,
                            "unreachable reason");
    run(ctx, args->caseId, constant(core::command::MarkUnreachable{args->vendorId, reason}));
  });

  addRelatedOrganisationCommands(group, ctx, args);
}

}  // namespace cvdd::cli
