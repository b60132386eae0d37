#pragma once
// cvdctl's command groups; each adds its subcommands to the app.

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/context.hpp"

namespace cvdd::cli {

void addCaseCommands(CLI::App& app, Context& context);
/// The lifecycle steps under `case` (accept, stop, add-vendor, ...).
void addWorkflowCommands(CLI::App* caseGroup, Context& context);
/// `case preview`: a notice as it would be sent, changing nothing.
void addCasePreviewCommand(CLI::App* caseGroup, Context& context);
/// `case csaf`: the CSAF 2.0 advisory of a published case.
void addCaseCsafCommand(CLI::App* caseGroup, Context& context);
void addQuarantineCommands(CLI::App& app, Context& context);
/// `quarantine purge`.
void addQuarantinePurgeCommand(CLI::App* quarantineGroup, Context& context);
void addKeyCommands(CLI::App& app, Context& context);
void addOutboxCommands(CLI::App& app, Context& context);
void addInspectCommand(CLI::App& app, Context& context);
void addVendorCommands(CLI::App& app, Context& context);
void addDeadlineCommand(CLI::App& app, Context& context);
/// The state as a whole: `storage`, `backup`, `restore`.
void addStateCommands(CLI::App& app, Context& context);
/// `todo` (what needs an operator now) and `alert list|ack`.
void addTodoCommands(CLI::App& app, Context& context);
/// `stats`: the operating statistics (issue 12 item 5).
void addStatsCommand(CLI::App& app, Context& context);
/// `publish`: the published site into [publication] dir (issue 12 item 1).
void addPublishCommand(CLI::App& app, Context& context);
/// `unreachable list`: the unreachable-vendors list (issue 12 item 4).
void addUnreachableCommands(CLI::App& app, Context& context);

}  // namespace cvdd::cli
