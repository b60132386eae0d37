#include "publication/csaf.hpp"

#include <algorithm>

#include "core/cve_id.hpp"
#include "core/cvss.hpp"

namespace cvdd::publication {

namespace {

using nlohmann::json;

/// The vendors the public may hear of: those that were given the details (003 §6-4). A
/// vendor that never got them is not named, whatever it answered.
bool gotTheDetails(const core::VendorParticipant& v) {
  return v.phase == core::VendorPhase::DetailsSent || v.phase == core::VendorPhase::StatementGiven;
}

/// Once the details went out the advisory shows "information provided" until the vendor
/// states otherwise.
core::PublicStatus statusOf(const core::VendorParticipant& v) {
  return v.publicStatus.value_or(core::PublicStatus::InformationProvided);
}

bool notAffected(core::PublicStatus status) {
  return status == core::PublicStatus::NotAffected ||
         status == core::PublicStatus::NotAffectedInvestigating;
}

/// The product_status group of a vendor's products (CSAF 2.0 §3.2.3.9).
std::string_view statusGroup(const core::VendorParticipant& v) {
  const auto status = statusOf(v);
  // A stated fix is the vendor's word that its products are fixed; never for a vendor
  // that is not affected (that would contradict its own statement).
  if (v.fixAvailable && !notAffected(status)) return "fixed";
  switch (status) {
    case core::PublicStatus::Affected:
      return "known_affected";
    case core::PublicStatus::NotAffected:
      return "known_not_affected";
    case core::PublicStatus::AffectedInvestigating:
    case core::PublicStatus::NotAffectedInvestigating:
    case core::PublicStatus::InformationProvided:
      break;
  }
  return "under_investigation";
}

/// One vendor as the document shows it.
struct PublicVendor {
  const core::VendorParticipant* participant;
  std::string organisation;
  std::vector<std::string> productIds;
};

std::vector<PublicVendor> publicVendors(const CsafSource& source, json& branches) {
  std::vector<PublicVendor> vendors;
  for (const auto& v : source.workflow.vendors) {
    if (!gotTheDetails(v)) continue;
    const auto record =
        std::find_if(source.registry.begin(), source.registry.end(),
                     [&](const store::VendorRecord& r) { return r.id == v.vendorId; });
    // The organisation's name, not our registry id; the id only if the entry is gone.
    PublicVendor pv{&v,
                    record == source.registry.end() || record->organisation.empty()
                        ? v.vendorId
                        : record->organisation,
                    {}};
    std::vector<std::string> products;
    if (record != source.registry.end()) products = record->products;
    // A vendor without registered products still states its status: for its products.
    if (products.empty()) products.push_back("Products of " + pv.organisation);
    json productBranches = json::array();
    for (std::size_t i = 0; i < products.size(); ++i) {
      std::string id = "CSAFPID-" + v.vendorId + "-" + std::to_string(i + 1);
      productBranches.push_back(
          {{"category", "product_name"},
           {"name", products[i]},
           {"product", {{"name", pv.organisation + " " + products[i]}, {"product_id", id}}}});
      pv.productIds.push_back(std::move(id));
    }
    branches.push_back(
        {{"category", "vendor"}, {"name", pv.organisation}, {"branches", productBranches}});
    vendors.push_back(std::move(pv));
  }
  return vendors;
}

json note(std::string_view category, std::string_view title, std::string_view text) {
  return {{"category", category}, {"title", title}, {"text", text}};
}

/// What every vulnerability entry of the case says (one per CVE ID, or one without).
json vulnerabilityBody(const CsafSource& source, const std::vector<PublicVendor>& vendors) {
  const auto& report = source.report;
  json notes = json::array({note("description", "Summary", report.summary)});
  json status = json::object();
  json remediations = json::array();
  std::vector<std::string> scored;  // products that are, or may be, affected
  for (const auto& pv : vendors) {
    const auto& v = *pv.participant;
    const auto group = statusGroup(v);
    for (const auto& id : pv.productIds) status[std::string(group)].push_back(id);
    // A fixed product is no longer exposed (CSAF 6.2.19): the score is for the others.
    if (group == "known_affected" || group == "under_investigation")
      scored.insert(scored.end(), pv.productIds.begin(), pv.productIds.end());
    std::string statement = std::string(core::publicStatusLabelEn(statusOf(v))) + ".";
    if (group == "fixed") statement += " A fix is available.";
    // A comment the vendor gave for the coordinator only is never published.
    if (!v.comment.empty() && v.commentPublic) statement += "\n" + v.comment;
    notes.push_back(note("other", "Statement of " + pv.organisation, statement));
    if (group == "known_affected" || group == "under_investigation") {
      // The vendor is, or may be, affected and has stated no fix (yet): say so (6.2.2).
      remediations.push_back(
          {{"category", "none_available"},
           {"details", pv.organisation + " has not stated that a fix is available."},
           {"product_ids", pv.productIds}});
    }
    if (group == "fixed") {
      json remediation = {
          {"category", "vendor_fix"},
          {"details", pv.organisation + " states that a fix is available." +
                          (v.advisoryUrl.empty() ? std::string() : " See the vendor's advisory.")},
          {"product_ids", pv.productIds}};
      if (!v.advisoryUrl.empty()) remediation["url"] = v.advisoryUrl;
      remediations.push_back(std::move(remediation));
    }
  }
  json body = {{"notes", notes}, {"product_status", status}};
  if (!remediations.empty()) body["remediations"] = remediations;
  if (!report.exploitationStatement.empty())
    body["threats"] =
        json::array({{{"category", "exploit_status"}, {"details", report.exploitationStatement}}});
  if (!report.cvssVector.empty() && !scored.empty()) {
    // Stored already checked; a vector that no longer parses is left out, not guessed.
    if (const auto cvss = core::parseCvssV31(report.cvssVector))
      body["scores"] =
          json::array({{{"products", scored},
                        {"cvss_v3",
                         {{"version", "3.1"},
                          {"vectorString", cvss->vector},
                          {"baseScore", cvss->baseScore()},
                          {"baseSeverity", core::cvssSeverityName(cvss->severity)}}}}});
  }
  return body;
}

core::Result<json> trackingOf(const CsafSource& source,
                              const std::vector<CsafRevision>& revisions) {
  const auto publishedAt = *source.workflow.publishedAt;
  if (revisions.empty())
    return core::fail(core::Errc::InvalidConfig, "csaf tracking", "no revision");
  json history = json::array();
  for (std::size_t i = 0; i < revisions.size(); ++i) {
    const auto& r = revisions[i];
    if (r.number != static_cast<int>(i) + 1)
      return core::fail(
          core::Errc::InvalidConfig, "csaf tracking",
          "revision " + std::to_string(i + 1) + " is numbered " + std::to_string(r.number));
    if (r.date < publishedAt || (i > 0 && r.date < revisions[i - 1].date))
      return core::fail(core::Errc::InvalidConfig, "csaf tracking",
                        "revision " + std::to_string(r.number) + " is dated out of order");
    history.push_back({{"number", std::to_string(r.number)},
                       {"date", core::formatIso8601(r.date)},
                       {"summary", r.summary}});
  }
  return json{{"id", source.caseId},
              {"status", "final"},
              {"version", std::to_string(revisions.back().number)},
              {"initial_release_date", core::formatIso8601(revisions.front().date)},
              {"current_release_date", core::formatIso8601(revisions.back().date)},
              {"revision_history", history},
              {"generator", {{"engine", {{"name", "cvdd"}}}}}};
}

}  // namespace

std::string csafFileName(std::string_view trackingId) {
  std::string name;
  bool inRun = false;
  for (const char c : trackingId) {
    const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    const bool kept = lower == '+' || lower == '-' || (lower >= 'a' && lower <= 'z') ||
                      (lower >= '0' && lower <= '9');
    if (kept)
      name += lower;
    else if (!inRun)
      name += '_';
    inRun = !kept;
  }
  return name + ".json";
}

std::vector<core::Timestamp> statusChangesAfterPublication(const core::CaseWorkflow& workflow) {
  std::vector<core::Timestamp> changes;
  if (!workflow.publishedAt) return changes;
  for (const auto& event : workflow.history)
    if (event.command == "vendor-statement" && event.at > *workflow.publishedAt)
      changes.push_back(event.at);
  std::sort(changes.begin(), changes.end());
  return changes;
}

std::vector<CsafRevision> csafRevisions(core::Timestamp publishedAt, int version,
                                        const std::vector<core::Timestamp>& statusChanges,
                                        core::Timestamp now) {
  std::vector<CsafRevision> revisions{{1, publishedAt, "Initial public release"}};
  for (int n = 2; n <= version; ++n) {
    const auto k = static_cast<std::size_t>(n - 2);
    if (k < statusChanges.size())
      revisions.push_back(
          {n, std::max(statusChanges[k], revisions.back().date), "A vendor's status was updated"});
    else
      revisions.push_back({n, std::max(now, revisions.back().date), "Regenerated"});
  }
  return revisions;
}

core::Result<nlohmann::json> csafDocument(const CsafSource& source, const CsafPublisher& publisher,
                                          const std::vector<CsafRevision>& revisions) {
  const auto& wf = source.workflow;
  const bool published = wf.publishedAt && (wf.stage == core::CaseStage::Published ||
                                            wf.stage == core::CaseStage::Closed);
  if (!published)
    return core::fail(core::Errc::IllegalTransition, source.caseId,
                      "the case is not published: no CSAF document before publication");
  const auto& report = source.report;
  if (report.title.empty() || report.summary.empty())
    return core::fail(core::Errc::InvalidConfig, source.caseId,
                      "the advisory needs a title and a summary (case edit --title, --summary)");
  if (publisher.name.empty() || !publisher.namespaceUrl.starts_with("https://") ||
      !(publisher.documentBaseUrl.empty() || publisher.documentBaseUrl.starts_with("https://")))
    return core::fail(core::Errc::InvalidConfig, "csaf publisher",
                      "a publisher name and an https:// namespace are needed");
  auto tracking = trackingOf(source, revisions);
  if (!tracking) return tl::unexpected(tracking.error());

  json branches = json::array();
  const auto vendors = publicVendors(source, branches);
  if (vendors.empty())
    return core::fail(core::Errc::InvalidConfig, source.caseId,
                      "no vendor was given the details: the advisory would name no product");

  json document = {
      {"category", "csaf_security_advisory"},
      {"csaf_version", "2.0"},
      {"lang", core::languageCode(source.language)},
      {"title", report.title},
      {"publisher",
       {{"category", "coordinator"},
        {"name", publisher.name},
        {"namespace", publisher.namespaceUrl}}},
      // CSAF 2.0 knows TLP 1.0's labels only: WHITE is TLP 2.0's CLEAR (FIRST's own mapping).
      {"distribution",
       {{"text", "TLP:CLEAR: disclosure is not limited."},
        {"tlp", {{"label", "WHITE"}, {"url", "https://www.first.org/tlp/"}}}}},
      {"tracking", std::move(*tracking)},
  };
  json notes = json::array({note("summary", "Summary", report.summary)});
  if (!report.solution.empty()) notes.push_back(note("general", "Solution", report.solution));
  document["notes"] = notes;

  json references = json::array();
  if (!publisher.documentBaseUrl.empty()) {
    const std::string initial = document["tracking"]["initial_release_date"];
    references.push_back(
        {{"category", "self"},
         {"summary", "This document (canonical URL)"},
         {"url", publisher.documentBaseUrl + (publisher.documentBaseUrl.ends_with('/') ? "" : "/") +
                     initial.substr(0, 4) + "/" + csafFileName(source.caseId)}});
  }
  if (!report.advisoryUrl.empty())
    references.push_back({{"category", "self"},
                          {"summary", "The coordinator's advisory"},
                          {"url", report.advisoryUrl}});
  for (const auto& pv : vendors)
    if (!pv.participant->advisoryUrl.empty())
      references.push_back({{"category", "external"},
                            {"summary", "Advisory of " + pv.organisation},
                            {"url", pv.participant->advisoryUrl}});
  if (!references.empty()) document["references"] = references;

  // (オ): the reporter is credited only if they agreed; the operator's credit line first.
  if (report.publishName == "yes") {
    const std::string& name = report.credit.empty() ? report.reporterName : report.credit;
    if (!name.empty())
      document["acknowledgments"] =
          json::array({{{"names", {name}}, {"summary", "reported the vulnerability"}}});
  }

  const json body = vulnerabilityBody(source, vendors);
  json vulnerabilities = json::array();
  if (report.cves.empty()) vulnerabilities.push_back(body);
  for (const auto& cve : report.cves) {
    if (!core::isCveId(cve)) continue;  // stored checked; never let a malformed one through
    json v = body;
    v["cve"] = cve;
    vulnerabilities.push_back(std::move(v));
  }
  if (vulnerabilities.empty()) vulnerabilities.push_back(body);

  return json{{"document", std::move(document)},
              {"product_tree", {{"branches", branches}}},
              {"vulnerabilities", std::move(vulnerabilities)}};
}

}  // namespace cvdd::publication
