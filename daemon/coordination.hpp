#pragma once
// Runs the case lifecycle against the store: applies one command to a case's workflow
// (core::apply) and carries out every effect it returns (notices composed into the outbox,
// deadlines scheduled or cancelled in the due-time index, operator alerts logged and
// mailed) inside the caller's write transaction. The workflow, its history event and all
// effects commit together or not at all, so each effect happens exactly once. Shared by
// the daemon (mail, deadlines) and cvdctl (operator commands).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "core/time_zone.hpp"
#include "crypto/reply_token.hpp"
#include "daemon/config.hpp"
#include "daemon/notice_data.hpp"
#include "daemon/outbound_composer.hpp"
#include "store/store.hpp"

namespace cvdd::daemon {

struct CoordinationEnvironment {
  const Config* config = nullptr;
  const core::TimeZone* timeZone = nullptr;  // the coordinator's zone: dates in notices
  OutboundSigner signer;                     // keyring null: notices go unsigned
  const crypto::ReplyTokenKey* replyTokens = nullptr;
};

/// What one applied command did.
struct CommandOutcome {
  std::string caseId;
  core::CaseStage stage = core::CaseStage::Received;  // after the command
  core::HistoryEvent event;
  std::vector<std::uint64_t> queued;  // outbox seqs, in effect order
  std::vector<std::uint64_t> held;    // of those, the ones held (confidential, no key)
  std::vector<core::effect::AlertOperator> alerts;
  std::size_t deadlinesScheduled = 0;
  std::size_t deadlinesCancelled = 0;
};

/// A case with what its notices read: its workflow and its report fields, each empty
/// (but for the case ID) while none is stored yet.
struct CaseState {
  core::Case record;
  core::CaseWorkflow workflow;
  store::CaseReport report;
};

/// Error NotFound when there is no such case.
core::Result<CaseState> loadCaseState(const store::ReadTxn& txn, std::string_view caseId);

/// Applies command to the case inside txn and carries out its effects there. A case
/// without a workflow yet gets a fresh "received" one. Errors (nothing written): NotFound
/// for an unknown case, core::apply's refusal unchanged (IllegalTransition, NotFound,
/// Duplicate, InvalidConfig), and InvalidConfig when a notice would carry the details to a
/// third party before the operator has written or confirmed them (core::detailsReleasable). Throws
/// on a store, template or OpenPGP engine failure; the caller then abandons txn (its destructor
/// aborts), so nothing of it is kept.
core::Result<CommandOutcome> applyCaseCommand(store::WriteTxn& txn,
                                              const CoordinationEnvironment& env,
                                              std::string_view caseId, const core::Command& command,
                                              const std::string& actor, core::Timestamp now);

/// The AddVendor command for a registry entry: its channels are "mail:<address>" for each
/// contact, then its other channels; registered unless its registration is Unregistered.
/// NotFound for an unknown vendor id.
core::Result<core::command::AddVendor> addVendorCommand(const store::ReadTxn& txn,
                                                        std::string_view vendorId);

/// The AddRelatedOrganisation command for a registry entry of kind related-organisation
/// that has registered, shared by sharedBy (a vendor of the case: core::apply checks it).
/// NotFound for an unknown id; IllegalTransition for an entry of another kind or one
/// still unregistered.
core::Result<core::command::AddRelatedOrganisation> addRelatedOrganisationCommand(
    const store::ReadTxn& txn, std::string_view organisationId, std::string_view sharedBy);

/// Who gets a notice queued outside the lifecycle.
struct NoticeTarget {
  NoticeAudience audience = NoticeAudience::Reporter;  // Reporter: the case's reporter
  std::string address;                                 // for the other audiences
  std::string displayName;
};

/// Queues one notice that no lifecycle transition causes (the missing-information request
/// to the reporter, the registration request to a related organisation a vendor named),
/// composed and protected like every other, and records it on the case's timeline.
/// Returns the outbox seq. Throws like applyCaseCommand; NotFound for an unknown case.
core::Result<std::uint64_t> queueNotice(store::WriteTxn& txn, const CoordinationEnvironment& env,
                                        std::string_view caseId, const std::string& notice,
                                        const NoticeTarget& target, const NoticeExtras& extras,
                                        core::Timestamp now);

}  // namespace cvdd::daemon
