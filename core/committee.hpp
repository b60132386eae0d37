#pragma once
// The publication committee's table (000 table 4-2): what becomes of a case whose vendor
// could not be reached for six months, by the vulnerability's impact and whether it can be
// verified. Pure.

#include <array>
#include <string>
#include <string_view>

namespace cvdd::core {

/// How much the vulnerability matters (000 付録4).
enum class Impact { Priority, Normal, Simple };
inline constexpr std::array kImpacts{Impact::Priority, Impact::Normal, Impact::Simple};

/// Stable names ("priority", "normal", "simple").
std::string_view impactName(Impact impact);

/// What becomes of a coordination-impossible case (000 table 4-2).
enum class CommitteeDecision {
  CommitteeDecides,                 // 公表判定委員会で判定
  CommitteeDecidesConsideringCost,  // 検証に掛かるコストを考慮し適宜判定
  HandlingEnds,                     // 取扱終了, removed from the list; committee is told
};

/// Table 4-2: priority+verifiable and normal+verifiable → the committee decides;
/// priority+not verifiable → decides considering the cost of verification; normal+not
/// verifiable and simple either way → handling ends. Total.
CommitteeDecision committeeDecision(Impact impact, bool verifiable);

/// Stable names ("committee-decides-considering-cost").
std::string_view committeeDecisionName(CommitteeDecision decision);

/// The operator's assessment of a case, which the table reads.
struct Assessment {
  Impact impact = Impact::Normal;
  bool verifiable = true;

  CommitteeDecision decision() const { return committeeDecision(impact, verifiable); }

  friend bool operator==(const Assessment&, const Assessment&) = default;
};

/// The table's basis, for operators: "impact priority, not verifiable".
std::string assessmentText(const Assessment& assessment);

/// What the publication committee ruled for a vendor whose coordination is impossible
/// (000 3.(2), 付録5): publish with the vendor's status as it stands, end the handling of
/// that vendor (取扱終了), or go on coordinating.
enum class CommitteeOutcome { Publish, EndHandling, Continue };
inline constexpr std::array kCommitteeOutcomes{
    CommitteeOutcome::Publish, CommitteeOutcome::EndHandling, CommitteeOutcome::Continue};

/// Stable names ("publish", "end-handling", "continue").
std::string_view committeeOutcomeName(CommitteeOutcome outcome);

}  // namespace cvdd::core
