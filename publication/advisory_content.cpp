#include "publication/advisory_content.hpp"

#include <algorithm>
#include <map>

#include "core/cve_id.hpp"
#include "publication/advisory.hpp"
#include "publication/advisory_events.hpp"
#include "publication/stats_labels.hpp"

namespace cvdd::publication {

namespace {

using core::Language;

/// 003 §6-4: the table shows the vendors that were sent 脆弱性詳細情報 (footnote 7: every
/// vendor that requested and obtained them shows 脆弱性情報提供済み until it says more).
/// A vendor that answered the summary "no affected product" never saw the details and is
/// not named: the public would learn whom the coordinator suspected, and issue 12 item 6
/// keeps every vendor that never got the details out of the output.
bool gotTheDetails(const core::VendorParticipant& v) {
  return v.phase == core::VendorPhase::DetailsSent || v.phase == core::VendorPhase::StatementGiven;
}

/// 003 §7-2: after the publication committee's decision the vendor is named with the
/// vulnerability, whether or not it ever got the details (figure 6: its view is 「なし」);
/// its name was public on the unreachable-vendors list already.
bool publishedByCommittee(const core::VendorParticipant& v) {
  return v.committeeOutcome == core::CommitteeOutcome::Publish;
}

/// What every vendor row reads, gathered in one pass each over the registry and the
/// history, so that a case with many vendors costs linear time.
struct Lookups {
  std::map<std::string_view, const store::VendorRecord*> registry;
  std::map<std::string, std::vector<AdvisoryEvent>, std::less<>> histories;

  Lookups(const PublishedCase& c, Language l, const core::TimeZone& tz)
      : histories(vendorPublicHistories(c.workflow, l, tz)) {
    for (const auto& r : c.registry) registry.emplace(r.id, &r);
  }
};

/// Whose registered products the advisory lists as affected: a vendor that states an
/// affected product (also while investigating), and one the committee published without a
/// statement (figure 6 names its product). Not a vendor that has stated nothing yet
/// (information provided) or states none is affected: that would claim for it what it
/// has not said.
bool listsAffectedProducts(const AdvisoryVendor& v) {
  return !v.status || v.status == core::PublicStatus::Affected ||
         v.status == core::PublicStatus::AffectedInvestigating;
}

std::string revisionSummary(std::string_view summary, Language l) {
  // csafRevisions writes these in English; the Japanese page says them in Japanese.
  if (l != Language::Japanese) return std::string(summary);
  if (summary == "Initial public release") return "初版公開";
  if (summary == "A vendor's status was updated") return "ベンダ情報を更新";
  if (summary == "Regenerated") return "再生成";
  return std::string(summary);
}

AdvisoryVendor vendorOf(const PublishedCase& c, const Lookups& lookups,
                        const core::VendorParticipant& v, Language l, const core::TimeZone& tz) {
  AdvisoryVendor out;
  out.vendorId = v.vendorId;
  const auto found = lookups.registry.find(v.vendorId);
  const store::VendorRecord* record = found == lookups.registry.end() ? nullptr : found->second;
  // The organisation's name; a vendor whose entry is gone is named by a neutral word, never
  // by the operator's registry id.
  out.organisation = record && !record->organisation.empty()
                         ? record->organisation
                         : std::string(pick(l, "(vendor)", "（製品開発者）"));
  if (record) out.products = record->products;
  if (gotTheDetails(v)) {
    out.status = v.publicStatus.value_or(core::PublicStatus::InformationProvided);
    out.statusName = core::publicStatusName(*out.status);
    out.statusLabel = l == Language::Japanese ? core::publicStatusLabelJa(*out.status)
                                              : core::publicStatusLabelEn(*out.status);
    if (v.commentPublic) out.comment = v.comment;
    out.advisoryUrl = v.advisoryUrl;
  } else {
    out.statusName = "no-statement";
    out.statusLabel = pick(l, "No statement (coordination impossible)", "見解なし（調整不能）");
  }
  if (const auto h = lookups.histories.find(v.vendorId); h != lookups.histories.end())
    out.history = h->second;
  out.committeeTimeline = committeeTimeline(c.workflow, v, l, tz);
  if (!out.history.empty()) out.lastChange = out.history.back().date;
  return out;
}

bool onTheTable(const core::VendorParticipant& v) {
  return gotTheDetails(v) || publishedByCommittee(v);
}

}  // namespace

bool advisoryIsPublic(const PublishedCase& c) {
  const auto stage = c.workflow.stage;
  return c.workflow.publishedAt &&
         (stage == core::CaseStage::Published || stage == core::CaseStage::Closed);
}

std::vector<std::string> advisoryVendorIds(const PublishedCase& c) {
  std::vector<std::string> ids;
  for (const auto& v : c.workflow.vendors)
    if (onTheTable(v)) ids.push_back(v.vendorId);
  return ids;
}

std::optional<AdvisoryVendor> advisoryVendor(const PublishedCase& c, std::string_view vendorId,
                                             Language l, const core::TimeZone& tz) {
  const auto* v = c.workflow.vendor(vendorId);
  if (!v || !onTheTable(*v)) return std::nullopt;
  return vendorOf(c, Lookups(c, l, tz), *v, l, tz);
}

AdvisoryContent advisoryContent(const PublishedCase& c, const std::vector<CsafRevision>& revisions,
                                Language l, const core::TimeZone& tz) {
  const auto& r = c.report;
  AdvisoryContent out;
  out.caseId = c.caseId;
  out.language = l;
  out.title = r.title;
  out.overview = r.summary;
  out.description = r.description;
  out.impact = r.impact;
  out.solution = r.solution;
  const Lookups lookups(c, l, tz);
  for (const auto& v : c.workflow.vendors)
    if (onTheTable(v)) out.vendors.push_back(vendorOf(c, lookups, v, l, tz));
  for (const auto& v : out.vendors) {
    if (!listsAffectedProducts(v)) continue;
    for (const auto& p : v.products) out.affectedProducts.push_back(v.organisation + " " + p);
  }
  // The reporter's (カ) as written may say more than a product name: only a product name
  // the operator set (case edit --product) is published.
  if (r.productByOperator && !r.product.empty()) out.affectedProducts.push_back(r.product);
  out.exploitationStatement = r.exploitationStatement;
  if (!r.cvssVector.empty())
    if (auto cvss = core::parseCvssV31(r.cvssVector)) out.cvss = std::move(*cvss);
  for (const auto& cve : r.cves)
    if (core::isCveId(cve)) out.cves.push_back(cve);
  // (オ): the reporter is named only with consent; the operator's credit line first.
  if (r.publishName == "yes") out.credit = r.credit.empty() ? r.reporterName : r.credit;
  out.references = r.references;
  out.coordinatorNotes = r.coordinatorNotes;
  out.publishedOn = core::localDate(*c.workflow.publishedAt, tz);
  for (const auto& rev : revisions)
    out.revisions.push_back({core::localDate(rev.date, tz),
                             std::string(pick(l, "Revision ", "第")) + std::to_string(rev.number) +
                                 std::string(pick(l, ": ", "版：")) +
                                 revisionSummary(rev.summary, l)});
  return out;
}

}  // namespace cvdd::publication
