#include "publication/advisory_events.hpp"

#include <algorithm>

#include "publication/stats_labels.hpp"

namespace cvdd::publication {

namespace {

using core::Language;

/// The history's details are written by core/lifecycle.cpp for operators; these read the
/// two fixed shapes that name a vendor: "details to acme[ (summary skipped)]" and
/// "vendor acme: affected[, fix or workaround available]". Registry ids hold no space or
/// colon (cvdctl vendor add), so the id is where these put it.
std::optional<std::string_view> detailsGivenTo(const core::HistoryEvent& e) {
  constexpr std::string_view prefix = "details to ";
  if (e.command != "send-details" || !e.detail.starts_with(prefix)) return std::nullopt;
  std::string_view id = std::string_view(e.detail).substr(prefix.size());
  return id.substr(0, id.find(' '));
}

struct Statement {
  std::string_view vendorId;
  core::PublicStatus status;
};

std::optional<Statement> statementOf(const core::HistoryEvent& e) {
  constexpr std::string_view prefix = "vendor ";
  if (e.command != "vendor-statement" || !e.detail.starts_with(prefix)) return std::nullopt;
  const std::string_view rest = std::string_view(e.detail).substr(prefix.size());
  const auto colon = rest.find(": ");
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view name = rest.substr(colon + 2);
  const auto status = core::publicStatusFromName(name.substr(0, name.find(',')));
  if (!status) return std::nullopt;
  return Statement{rest.substr(0, colon), *status};
}

std::string statusLabel(core::PublicStatus status, Language l) {
  return std::string(l == Language::Japanese ? core::publicStatusLabelJa(status)
                                             : core::publicStatusLabelEn(status));
}

AdvisoryEvent dated(core::Timestamp at, std::string_view text, const core::TimeZone& tz) {
  return {core::localDate(at, tz), std::string(text)};
}

}  // namespace

std::map<std::string, std::vector<AdvisoryEvent>, std::less<>> vendorPublicHistories(
    const core::CaseWorkflow& workflow, Language l, const core::TimeZone& tz) {
  std::map<std::string, std::vector<AdvisoryEvent>, std::less<>> out;
  for (const auto& e : workflow.history) {
    if (const auto id = detailsGivenTo(e))
      out[std::string(*id)].push_back(dated(
          e.at, pick(l, "Vulnerability information provided to the vendor", "脆弱性情報を提供"),
          tz));
    else if (const auto statement = statementOf(e))
      out[std::string(statement->vendorId)].push_back(dated(
          e.at,
          std::string(pick(l, "Status: ", "ステータス：")) + statusLabel(statement->status, l),
          tz));
  }
  for (auto& [id, events] : out)
    std::stable_sort(
        events.begin(), events.end(),
        [](const AdvisoryEvent& a, const AdvisoryEvent& b) { return a.date < b.date; });
  return out;
}

std::vector<AdvisoryEvent> committeeTimeline(const core::CaseWorkflow& workflow,
                                             const core::VendorParticipant& v, Language l,
                                             const core::TimeZone& tz) {
  std::vector<AdvisoryEvent> out;
  if (v.committeeOutcome != core::CommitteeOutcome::Publish || !workflow.publishedAt) return out;
  if (v.unreachableSince)
    out.push_back(dated(*v.unreachableSince,
                        pick(l,
                             "The vendor could not be reached and was listed on the "
                             "unreachable-vendors list",
                             "製品開発者と連絡が取れず「連絡不能開発者一覧」に掲載"),
                        tz));
  const std::string vendorPrefix = "vendor " + v.vendorId + ": ";
  const std::string deadlineKey = "coordination-impossible/" + v.vendorId + "/";
  for (const auto& e : workflow.history) {
    if (e.command == "deadline-fired" && e.detail.starts_with(deadlineKey))
      out.push_back(dated(e.at,
                          pick(l, "No answer from the vendor by the contact deadline",
                               "連絡期限までに製品開発者から応答なし"),
                          tz));
    else if (e.command == "coordination-impossible" && e.detail.starts_with(vendorPrefix))
      out.push_back(dated(e.at,
                          pick(l, "No agreement on publication could be reached with the vendor",
                               "製品開発者との公表に向けた合意形成が困難と判断"),
                          tz));
    else if (e.command == "committee-outcome" && e.detail.starts_with(vendorPrefix + "publish"))
      out.push_back(dated(e.at,
                          pick(l, "The publication committee decided to publish",
                               "公表判定委員会の審議を経て公表を決定"),
                          tz));
  }
  out.push_back(dated(*workflow.publishedAt, pick(l, "Published", "本情報を公表"), tz));
  std::stable_sort(out.begin(), out.end(),
                   [](const AdvisoryEvent& a, const AdvisoryEvent& b) { return a.date < b.date; });
  return out;
}

}  // namespace cvdd::publication
