// `cvdctl todo`: what needs an operator now, across every case — quarantined messages to
// review, held notices to release, decisions due (from the case summaries, never the
// workflows: fast at 100 000 cases), alerts not acknowledged. `cvdctl alert list|ack`.

#include <iostream>

#include "cli/commands.hpp"
#include "core/calendar.hpp"
#include "core/operator_view.hpp"
#include "daemon/config.hpp"
#include "daemon/time_zone_loader.hpp"

namespace cvdd::cli {

namespace {

/// One line of the list: what, which case, and what to do about it.
struct TodoItem {
  std::string kind;  // quarantine | held-notice | decision | alert
  std::string caseId;
  std::string what;
  std::string action;
};

std::string decisionText(const std::string& decision, std::string& action) {
  const auto colon = decision.find(':');
  const std::string kind = decision.substr(0, colon);
  const std::string vendor = colon == std::string::npos ? "" : decision.substr(colon + 1);
  if (kind == "send-details") {
    action = "cvdctl case send-details ID " + vendor;
    return "vendor " + vendor + " requested the details; they are not sent yet";
  }
  if (kind == "committee") {
    action = "carry out the publication committee's course (000 table 4-2)";
    return "vendor " + vendor + ": coordination impossible (調整不能)";
  }
  if (kind == "assess") {
    action = "cvdctl case assess ID --impact ... --verifiable ...";
    return "unassessed, with a vendor whose coordination is impossible";
  }
  action = "";
  return decision;
}

std::vector<TodoItem> todoItems(Context& ctx) {
  auto zone = daemon::loadTimeZone(ctx.config().coordinator.timezone);
  if (!zone) throw CommandError(2, "[coordinator] timezone: " + zone.error().what);
  const core::CivilDate today = core::localDate(ctx.now(), *zone);
  auto txn = ctx.store().read();
  std::vector<TodoItem> items;
  for (const auto& q : txn.listQuarantine(true))
    items.push_back({"quarantine", q.caseId,
                     "#" + std::to_string(q.id) + " from " + q.from + ": " + q.reason,
                     "cvdctl quarantine show|accept|reject " + std::to_string(q.id)});
  for (const auto& o : txn.heldOutbox()) {
    std::string to;
    for (const auto& r : o.recipients) to += (to.empty() ? "" : ", ") + r;
    items.push_back({"held-notice", o.caseId, "outbox #" + std::to_string(o.seq) + " to " + to,
                     "bind a key and send again, or cvdctl outbox release " +
                         std::to_string(o.seq) + " --in-clear --reason TEXT"});
  }
  for (const auto& c : txn.listCaseSummaries()) {
    if (c.stage && c.publicationDate &&
        core::publicationOverdue(*c.stage, *c.publicationDate, today))
      items.push_back(
          {"decision", c.id,
           "publication date " + core::formatDate(*c.publicationDate) + " has passed, unpublished",
           "cvdctl case publish ID, or move-date"});
    for (const auto& d : c.decisions) {
      std::string action;
      std::string what = decisionText(d, action);
      items.push_back({"decision", c.id, std::move(what), std::move(action)});
    }
  }
  for (const auto& a : txn.listAlerts(true))
    items.push_back({"alert", a.caseId,
                     "#" + std::to_string(a.id) + " " + a.code + " (" + core::formatIso8601(a.at) +
                         "): " + a.text,
                     "cvdctl alert ack " + std::to_string(a.id)});
  return items;
}

nlohmann::json alertJson(const store::RaisedAlert& a) {
  return {
      {"id", a.id},
      {"case_id", a.caseId},
      {"code", a.code},
      {"text", a.text},
      {"at", core::formatIso8601(a.at)},
      {"acknowledged_by", a.acknowledgedBy},
      {"acknowledged_at", a.acknowledgedAt ? nlohmann::json(core::formatIso8601(*a.acknowledgedAt))
                                           : nlohmann::json(nullptr)}};
}

}  // namespace

void addTodoCommands(CLI::App& app, Context& ctx) {
  auto* todo = app.add_subcommand("todo", "what needs an operator now, across every case");
  todo->add_flag("--json", ctx.json, "print JSON");
  todo->callback([&ctx] {
    const auto items = todoItems(ctx);
    if (ctx.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& i : items)
        out.push_back(
            {{"kind", i.kind},
             {"case_id", i.caseId.empty() ? nlohmann::json(nullptr) : nlohmann::json(i.caseId)},
             {"what", i.what},
             {"action", i.action}});
      std::cout << out.dump(2) << "\n";
      return;
    }
    if (items.empty()) {
      std::cout << "nothing to do\n";
      return;
    }
    for (const auto& i : items)
      std::cout << i.kind << "  " << (i.caseId.empty() ? "-" : i.caseId) << "  " << i.what
                << "\n    -> " << i.action << "\n";
  });

  auto* alertGroup = app.add_subcommand("alert", "operator alerts the workflow raised");
  alertGroup->require_subcommand(1);
  auto* list = alertGroup->add_subcommand("list", "alerts, open ones only unless --all");
  auto all = std::make_shared<bool>(false);
  list->add_flag("--all", *all, "acknowledged ones too");
  list->add_flag("--json", ctx.json, "print JSON");
  list->callback([&ctx, all] {
    const auto alerts = ctx.store().read().listAlerts(!*all);
    if (ctx.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& a : alerts) out.push_back(alertJson(a));
      std::cout << out.dump(2) << "\n";
      return;
    }
    if (alerts.empty()) std::cout << "no alerts\n";
    for (const auto& a : alerts)
      std::cout << "#" << a.id << "  " << core::formatIso8601(a.at) << "  " << a.caseId << "  "
                << a.code
                << (a.acknowledgedAt ? "  (acknowledged by " + a.acknowledgedBy + ")" : "")
                << "\n    " << a.text << "\n";
  });
  auto* ack = alertGroup->add_subcommand("ack", "acknowledge an alert: it leaves `cvdctl todo`");
  auto id = std::make_shared<std::uint64_t>(0);
  ack->add_option("id", *id, "the alert's number")->required();
  ack->add_option("--as", ctx.operatorName, "operator name (default: $CVDD_OPERATOR, $USER)");
  ack->add_flag("--json", ctx.json, "print JSON");
  ack->callback([&ctx, id] {
    auto txn = ctx.storeForWrite().write();
    const auto actor = "operator:" + ctx.actor();
    if (!txn.acknowledgeAlert(*id, actor, ctx.now())) {
      const auto existing = txn.getAlert(*id);
      throw CommandError(4, existing ? "alert #" + std::to_string(*id) +
                                           " was acknowledged before by " + existing->acknowledgedBy
                                     : "no alert #" + std::to_string(*id));
    }
    const auto alert = *txn.getAlert(*id);
    txn.commit();
    if (ctx.json)
      std::cout << alertJson(alert).dump(2) << "\n";
    else
      std::cout << "alert #" << alert.id << " acknowledged by " << actor << "\n";
  });
}

}  // namespace cvdd::cli
