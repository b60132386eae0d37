#pragma once
// The coordinator's operating figures (seed 000 ch.1, domain.md "Operating figures worth
// reproducing"), computed from the stored workflows and the cases' received times. Pure:
// the caller reads the store once and passes everything in; nothing here reads a clock.
//
// The period and its buckets are local dates in the coordinator's time zone: a bucket is a
// calendar quarter (Jan-Mar = Q1) or year, clipped to the period, and an instant belongs to
// the bucket whose local days hold it. Definitions, per figure (each counted once, in the
// bucket holding the timestamp named):
//   received      a case, at its receivedAt (every case, with a workflow or not).
//   by stage      the cases received in the bucket, by their workflow's stage now
//                 (caseStageName; Received for a case without a workflow): what became of
//                 each quarter's reports, as seed 000 figure 1-2 shows the processing state.
//   accepted      a workflow's first "accept" history event.
//   stopped       a workflow's first "stop" history event, by its stopReason (stopReasonName).
//   published     a workflow's publishedAt.
//   cancelled     a workflow's first "cancel" history event, by its cancelReason
//                 (cancelReasonName).
//   days to publication
//                 for each case counted as published, the local days from the date of its
//                 accept event to the date of publishedAt (daysBetween; 0 = the same day);
//                 a case published without an accept event has none. "Within target" is
//                 days <= DeadlinePolicy::publicationTargetDays (45).
//   open past target
//                 at the bucket's end: cases accepted before it, not yet ended (no
//                 publishedAt, "cancel", "close" or "stop" event before the end), whose
//                 acceptance date lies more than the target days before the bucket's last
//                 day. A stock at an instant, so a year's figure equals its last quarter's.
//   unreachable   per vendor of a case (one vendor unreachable on two cases counts twice,
//                 as the seed's list has a row per case):
//     listed      at the vendor's unreachableSince.
//     resumed     a vendor whose reachability is Resumed, at its lastResponseAt (the
//                 workflow keeps no separate resumption time: exact for a vendor that
//                 answered once after resuming, later for one that went on answering).
//     products disclosed
//                 a listed vendor whose product name and version were added to the list
//                 (003 §7-1, figure 4), at its productsDisclosedAt (kept after it resumes).
//     published after the committee
//                 a listed vendor whose committee outcome is Publish, at the case's
//                 publishedAt.
//     open        at the bucket's end: listed before it, not resumed before it, its
//                 handling not ended (handlingEnded, as stored now: it has no time) and the
//                 case not ended before it. A stock, like open past target.
//   priority provisions
//                 each of a workflow's priorityProvisions timestamps.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/deadline.hpp"
#include "core/lifecycle.hpp"
#include "core/time.hpp"
#include "core/time_zone.hpp"

namespace cvdd::core {

/// Every case stage, in declaration order (PeriodFigures::byStage is indexed so).
inline constexpr std::array kCaseStages{CaseStage::Received,     CaseStage::Accepted,
                                        CaseStage::Stopped,      CaseStage::VendorsIdentified,
                                        CaseStage::Coordinating, CaseStage::PublicationScheduled,
                                        CaseStage::Published,    CaseStage::PublicationCancelled,
                                        CaseStage::Closed};

/// One case as the statistics read it.
struct StatisticsCase {
  Timestamp receivedAt;
  const CaseWorkflow* workflow = nullptr;  // nullptr: the case has no workflow yet
};

/// The local days [from, to) in the coordinator's time zone; `to` is exclusive.
struct StatisticsPeriod {
  CivilDate from;
  CivilDate to;
};

/// Unreachable vendors (連絡不能, seed 000 ch.1 1.2.2 (6)); see the header comment.
struct UnreachableFigures {
  std::uint64_t listed = 0;
  std::uint64_t resumed = 0;
  std::uint64_t productsDisclosed = 0;  // the product name and version added to the list
  std::uint64_t publishedAfterCommittee = 0;
  std::uint64_t open = 0;

  friend bool operator==(const UnreachableFigures&, const UnreachableFigures&) = default;
};

/// The figures of one bucket (a quarter, a year, or the whole period).
struct PeriodFigures {
  std::string label;  // "2026-Q1", "2026", or "total"
  CivilDate from;     // first local day in the bucket
  CivilDate to;       // first local day after it
  std::uint64_t received = 0;
  std::array<std::uint64_t, kCaseStages.size()> byStage{};  // received, by stage now
  std::uint64_t accepted = 0;
  std::array<std::uint64_t, kStopReasons.size()> stopped{};  // indexed as kStopReasons
  std::uint64_t published = 0;
  std::array<std::uint64_t, kCancelReasons.size()> cancelled{};  // indexed as kCancelReasons
  std::vector<int> daysToPublication;  // one per published case with an accept, ascending
  std::uint64_t publishedWithinTarget = 0;
  std::uint64_t openPastTarget = 0;
  UnreachableFigures unreachable;
  std::uint64_t priorityProvisions = 0;

  std::uint64_t stoppedTotal() const;
  std::uint64_t cancelledTotal() const;
  /// publishedWithinTarget / daysToPublication.size(); nullopt when nothing was published.
  std::optional<double> shareWithinTarget() const;
  /// The median of daysToPublication (the mean of the middle two); nullopt when empty.
  std::optional<double> medianDaysToPublication() const;
};

/// One bar of the days-to-publication histogram: cases with from <= days <= to (to
/// nullopt: no upper bound).
struct DaysBin {
  int from = 0;
  std::optional<int> to;
  std::uint64_t cases = 0;

  friend bool operator==(const DaysBin&, const DaysBin&) = default;
};

struct OperatingStatistics {
  StatisticsPeriod period;
  std::string timeZone;  // the zone's name, for display
  int targetDays = 45;   // DeadlinePolicy::publicationTargetDays
  PeriodFigures total;
  std::vector<PeriodFigures> quarters;  // every quarter touching the period, in order
  std::vector<PeriodFigures> years;     // every year touching the period, in order
  std::vector<DaysBin> histogram;       // of total.daysToPublication (daysHistogram)
};

/// The histogram's bins: 0-15, 16-30, 31-45 (so the target falls on a bin edge), 46-60,
/// 61-90, 91-180, 181-365, 366 and more; each counts the days in it. Total.
std::vector<DaysBin> daysHistogram(std::span<const int> days);

/// The figures for the period, per quarter, per year and in total, over every stored case.
/// An empty or inverted period (to <= from) gives zero figures and no buckets. Total,
/// never fails.
OperatingStatistics operatingStatistics(std::span<const StatisticsCase> cases,
                                        const StatisticsPeriod& period, const TimeZone& tz,
                                        const DeadlinePolicy& policy);

}  // namespace cvdd::core
