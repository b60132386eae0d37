#pragma once
// Where a vendor stands in a case: its progress, whether it answers, and what the public
// advisory says about it (003 §6-4).

#include <array>
#include <optional>
#include <string_view>

namespace cvdd::core {

/// The status a vendor has in the advisory's vendor table (003 §6-4).
enum class PublicStatus {
  Affected,                  // 該当製品あり
  AffectedInvestigating,     // 該当製品あり：調査中
  NotAffected,               // 該当製品なし
  NotAffectedInvestigating,  // 該当製品なし：調査中
  InformationProvided,       // 脆弱性情報提供済み: the default once details were sent
};

/// How far the exchange with a vendor has come.
enum class VendorPhase {
  NotContacted,
  SummarySent,        // 脆弱性概要情報 sent, no answer on it yet
  DetailsRequested,   // the vendor asked for the details
  NoAffectedProduct,  // the vendor answered the summary: no affected product
  DetailsSent,        // 脆弱性詳細情報 sent; public status defaults to InformationProvided
  StatementGiven,     // the vendor reported its status (affected or not, comment, URL)
};

/// Whether the vendor answers, independent of the phase it stopped in.
enum class Reachability {
  NotYetAnswered,  // contacted (or not) and never answered
  Answered,        // has answered at least once: its unreachable clocks are stopped
  Unresponsive,    // a reminder fell due without an answer
  Unreachable,     // 連絡不能: three months without an answer on every channel
  Resumed,         // answered after having been unreachable
};

/// The one word shown for a vendor in lists: the public status once there is one,
/// otherwise the phase, with Unresponsive/Unreachable/Resumed taking precedence.
enum class VendorState {
  NotContacted,
  SummarySent,
  DetailsRequested,
  DetailsSent,
  Affected,
  AffectedInvestigating,
  NotAffected,
  NotAffectedInvestigating,
  InformationProvided,
  Unresponsive,
  Unreachable,
  Resumed,
};

/// Every status, in declaration order.
inline constexpr std::array kPublicStatuses{
    PublicStatus::Affected, PublicStatus::AffectedInvestigating, PublicStatus::NotAffected,
    PublicStatus::NotAffectedInvestigating, PublicStatus::InformationProvided};

/// Stable lower-case names ("affected-investigating"), for storage and templates.
std::string_view publicStatusName(PublicStatus status);
/// The Japanese label of the advisory table (003 §6-4), e.g. "該当製品あり：調査中".
std::string_view publicStatusLabelJa(PublicStatus status);
/// The English label of the advisory table, e.g. "Affected (under investigation)".
std::string_view publicStatusLabelEn(PublicStatus status);
/// The status for a stable name; nullopt for an unknown name.
std::optional<PublicStatus> publicStatusFromName(std::string_view name);
/// Stable lower-case names ("details-requested").
std::string_view vendorPhaseName(VendorPhase phase);
/// Stable lower-case names ("not-yet-answered").
std::string_view reachabilityName(Reachability reachability);
/// Stable lower-case names ("unreachable", "information-provided").
std::string_view vendorStateName(VendorState state);

/// Combines the three facts into the display state (see VendorState); total.
VendorState vendorState(VendorPhase phase, Reachability reachability,
                        std::optional<PublicStatus> status);

}  // namespace cvdd::core
