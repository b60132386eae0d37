#pragma once
// Shared builders for the lifecycle and deadline tests: a case in each stage, in Tokyo.

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "core/deadlines.hpp"
#include "core/lifecycle.hpp"

namespace cvdd::core::testing {

using namespace std::chrono;

inline const TimeZone& tokyo() {
  static const TimeZone tz = TimeZone::fixed("Asia/Tokyo", hours{9});
  return tz;
}

inline const DeadlinePolicy& defaultPolicy() {
  static const DeadlinePolicy policy;
  return policy;
}

/// Local Tokyo wall-clock time as a UTC instant.
inline Timestamp jst(CivilDate date, hours hour = hours{10}) {
  return sys_days{date} + hour - hours{9};
}

/// The day everything in the fixtures happens unless a test says otherwise.
inline Timestamp day0() {
  return jst(2025y / 11 / 30);
}

inline Result<Transition> step(const CaseWorkflow& wf, const Command& command, Timestamp now,
                               const TimeZone& tz = tokyo(),
                               const DeadlinePolicy& policy = defaultPolicy()) {
  return apply(wf, command, ApplyContext{now, "operator:test", tz, policy});
}

/// Applies commands in order at `now`, failing the test on any refusal.
inline CaseWorkflow run(CaseWorkflow wf, const std::vector<Command>& commands,
                        Timestamp now = day0(), const TimeZone& tz = tokyo()) {
  for (const auto& command : commands) {
    auto t = step(wf, command, now, tz);
    EXPECT_TRUE(t.has_value()) << commandName(command) << ": "
                               << (t ? "" : t.error().where + ": " + t.error().what);
    if (!t) return wf;
    wf = std::move(t->workflow);
  }
  return wf;
}

inline CaseWorkflow received() {
  CaseWorkflow wf;
  wf.caseId = "CVD#00000042";
  return wf;
}

inline const std::vector<std::string>& acmeChannels() {
  static const std::vector<std::string> channels{"mail:psirt@acme.example", "phone:+81-3-0000"};
  return channels;
}

inline CaseWorkflow accepted() {
  return run(received(), {command::Accept{}});
}
inline CaseWorkflow identified() {
  return run(accepted(), {command::AddVendor{"acme", acmeChannels(), true}});
}
inline CaseWorkflow summarySent() {
  return run(identified(), {command::SendSummary{"acme"}});
}
inline CaseWorkflow detailsRequested() {
  return run(summarySent(), {command::VendorRequestedDetails{"acme"}});
}
inline CaseWorkflow noAffectedProduct() {
  return run(summarySent(), {command::VendorNoAffectedProduct{"acme"}});
}
inline CaseWorkflow detailsSent() {
  return run(detailsRequested(), {command::SendDetails{"acme", false}});
}
inline CaseWorkflow statementGiven() {
  return run(detailsSent(),
             {command::VendorStatement{"acme", PublicStatus::Affected, "fixed in 2.1",
                                       "https://acme.example/sa", true, false}});
}
inline CaseWorkflow scheduled() {
  return run(statementGiven(), {command::SetPublicationDate{2026y / 1 / 14}});
}
inline CaseWorkflow published() {
  return run(scheduled(), {command::Publish{}}, jst(2026y / 1 / 14));
}
inline CaseWorkflow cancelled() {
  return run(detailsSent(), {command::Cancel{CancelReason::NoImpact, "acme"}});
}
inline CaseWorkflow stopped() {
  return run(received(), {command::Stop{StopReason::OutOfScope, ""}});
}
inline CaseWorkflow closed() {
  return run(published(), {command::Close{}}, jst(2026y / 1 / 15));
}
/// Two vendors: acme contacted by summary, "beta" (registered mail only) not yet.
inline CaseWorkflow twoVendors() {
  return run(summarySent(), {command::AddVendor{"beta", {"mail:sec@beta.example"}, true}});
}

template <class E>
std::vector<E> effectsOf(const Transition& t) {
  std::vector<E> out;
  for (const auto& e : t.effects) {
    if (const auto* p = std::get_if<E>(&e)) out.push_back(*p);
  }
  return out;
}

inline std::vector<std::string> noticeNames(const Transition& t) {
  std::vector<std::string> out;
  for (const auto& n : effectsOf<effect::SendNotice>(t)) out.push_back(n.notice);
  return out;
}

inline std::vector<std::string> alertCodes(const Transition& t) {
  std::vector<std::string> out;
  for (const auto& a : effectsOf<effect::AlertOperator>(t)) out.push_back(a.code);
  return out;
}

}  // namespace cvdd::core::testing
