#include "core/lifecycle.hpp"

#include <algorithm>
#include <initializer_list>
#include <map>
#include <set>

#include "core/deadlines.hpp"

namespace cvdd::core {

const VendorParticipant* CaseWorkflow::vendor(std::string_view vendorId) const {
  for (const auto& v : vendors) {
    if (v.vendorId == vendorId) return &v;
  }
  return nullptr;
}

const RelatedOrganisationParticipant* CaseWorkflow::relatedOrganisation(
    std::string_view organisationId) const {
  for (const auto& r : relatedOrganisations) {
    if (r.organisationId == organisationId) return &r;
  }
  return nullptr;
}

std::string_view caseStageName(CaseStage stage) {
  switch (stage) {
    case CaseStage::Received:
      return "received";
    case CaseStage::Accepted:
      return "accepted";
    case CaseStage::Stopped:
      return "stopped";
    case CaseStage::VendorsIdentified:
      return "vendors-identified";
    case CaseStage::Coordinating:
      return "coordinating";
    case CaseStage::PublicationScheduled:
      return "publication-scheduled";
    case CaseStage::Published:
      return "published";
    case CaseStage::PublicationCancelled:
      return "publication-cancelled";
    case CaseStage::Closed:
      return "closed";
  }
  return "unknown";
}

std::string_view stopReasonName(StopReason reason) {
  switch (reason) {
    case StopReason::NotVulnerabilityInformation:
      return "not-vulnerability-information";
    case StopReason::OutOfScope:
      return "out-of-scope";
    case StopReason::LowImpact:
      return "low-impact";
    case StopReason::AlreadyPublished:
      return "already-published";
    case StopReason::VendorNotifiesUsers:
      return "vendor-notifies-users";
  }
  return "unknown";
}

std::string_view cancelReasonName(CancelReason reason) {
  switch (reason) {
    case CancelReason::NotAVulnerability:
      return "not-a-vulnerability";
    case CancelReason::NoImpact:
      return "no-impact";
    case CancelReason::LowImpact:
      return "low-impact";
    case CancelReason::AlreadyPublished:
      return "already-published";
    case CancelReason::VendorNotifiesAllUsers:
      return "vendor-notifies-all-users";
  }
  return "unknown";
}

std::string_view contactResultName(ContactResult result) {
  switch (result) {
    case ContactResult::Sent:
      return "sent";
    case ContactResult::Bounced:
      return "bounced";
    case ContactResult::NoAnswer:
      return "no-answer";
    case ContactResult::Answered:
      return "answered";
  }
  return "unknown";
}

std::string_view coordinationImpossibleReasonName(CoordinationImpossibleReason reason) {
  switch (reason) {
    case CoordinationImpossibleReason::UnreachableSixMonths:
      return "unreachable-six-months";
    case CoordinationImpossibleReason::NoAgreement:
      return "no-agreement";
  }
  return "unknown";
}

std::string_view unreachableReasonName(UnreachableReason reason) {
  switch (reason) {
    case UnreachableReason::NoChannel:
      return "no-channel";
    case UnreachableReason::UnknownDeveloper:
      return "unknown-developer";
  }
  return "unknown";
}

namespace {

struct NameOf {
  std::string_view operator()(const command::Accept&) const { return "accept"; }
  std::string_view operator()(const command::Stop&) const { return "stop"; }
  std::string_view operator()(const command::AddVendor&) const { return "add-vendor"; }
  std::string_view operator()(const command::VendorRegistered&) const {
    return "vendor-registered";
  }
  std::string_view operator()(const command::SendSummary&) const { return "send-summary"; }
  std::string_view operator()(const command::SendDetails&) const { return "send-details"; }
  std::string_view operator()(const command::VendorRequestedDetails&) const {
    return "vendor-requested-details";
  }
  std::string_view operator()(const command::VendorNoAffectedProduct&) const {
    return "vendor-no-affected-product";
  }
  std::string_view operator()(const command::VendorStatement&) const { return "vendor-statement"; }
  std::string_view operator()(const command::SetPublicationDate&) const {
    return "set-publication-date";
  }
  std::string_view operator()(const command::MovePublicationDate&) const {
    return "move-publication-date";
  }
  std::string_view operator()(const command::MarkExploited&) const { return "mark-exploited"; }
  std::string_view operator()(const command::ProvidePriority&) const { return "provide-priority"; }
  std::string_view operator()(const command::Publish&) const { return "publish"; }
  std::string_view operator()(const command::Cancel&) const { return "cancel"; }
  std::string_view operator()(const command::Close&) const { return "close"; }
  std::string_view operator()(const command::Assess&) const { return "assess"; }
  std::string_view operator()(const command::Note&) const { return "note"; }
  std::string_view operator()(const command::ContactAttempt&) const { return "contact-attempt"; }
  std::string_view operator()(const command::DeadlineFired&) const { return "deadline-fired"; }
  std::string_view operator()(const command::CoordinationImpossible&) const {
    return "coordination-impossible";
  }
  std::string_view operator()(const command::RecordCommitteeOutcome&) const {
    return "committee-outcome";
  }
  std::string_view operator()(const command::MarkUnreachable&) const { return "mark-unreachable"; }
  std::string_view operator()(const command::VendorRequestedDate&) const {
    return "vendor-requested-date";
  }
  std::string_view operator()(const command::AddRelatedOrganisation&) const {
    return "add-related";
  }
  std::string_view operator()(const command::SendRelatedDetails&) const {
    return "send-related-details";
  }
  std::string_view operator()(const command::RelatedOrganisationAnswered&) const {
    return "related-organisation-answer";
  }
  std::string_view operator()(const command::InquiryAnswered&) const { return "inquiry-answered"; }
};

}  // namespace

std::string_view commandName(const Command& command) {
  return std::visit(NameOf{}, command);
}

bool noticeIsConfidential(std::string_view notice, NoticeRecipient recipient) {
  if (notice == "vulnerability-details" || notice == "priority-advisory" ||
      notice == "publication-reminder" || notice == "publication-date" ||
      notice == "publication-date-moved" || notice == "related-organisation-details" ||
      notice == "related-organisation-update")
    return true;
  // The reporter's copy of a cancellation is not marked: it tells them of their own report.
  if (notice == "publication-cancelled") return recipient != NoticeRecipient::Reporter;
  return false;
}

bool listedUnreachable(const CaseWorkflow& workflow, const VendorParticipant& vendor) {
  if (vendor.reachability != Reachability::Unreachable || vendor.handlingEnded) return false;
  // A stopped, cancelled or closed case has ended every vendor's part; a published one still
  // calls for its unreachable vendors (a fix may yet come from them).
  return workflow.stage != CaseStage::Stopped &&
         workflow.stage != CaseStage::PublicationCancelled && workflow.stage != CaseStage::Closed;
}

bool productsDisclosed(const VendorParticipant& vendor) {
  return vendor.productsDisclosedAt &&
         (!vendor.unreachableSince || *vendor.productsDisclosedAt >= *vendor.unreachableSince);
}

std::optional<CivilDate> startDate(const VendorParticipant& vendor, const TimeZone& tz) {
  if (!vendor.startedAt) return std::nullopt;
  return localDate(*vendor.startedAt, tz);
}

std::vector<std::string> untriedChannels(const VendorParticipant& vendor) {
  std::vector<std::string> out;
  for (const auto& channel : vendor.channels) {
    const bool tried =
        std::any_of(vendor.attempts.begin(), vendor.attempts.end(),
                    [&](const ContactAttemptRecord& a) { return a.channel == channel; });
    if (!tried) out.push_back(channel);
  }
  return out;
}

namespace {

constexpr std::initializer_list<CaseStage> kVendorStages{
    CaseStage::VendorsIdentified, CaseStage::Coordinating, CaseStage::PublicationScheduled};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

bool informed(const VendorParticipant& v) {
  return v.phase == VendorPhase::DetailsSent || v.phase == VendorPhase::StatementGiven;
}

// Told of the case (a summary or the details went out) and still taking part in it.
bool toldOfCase(const VendorParticipant& v) {
  return v.phase != VendorPhase::NotContacted && !v.handlingEnded;
}

// The operator's sends to a vendor whose handling the committee ended are refused: it
// takes no further part in the case.
struct SendsTo {
  std::string operator()(const command::SendSummary& c) const { return c.vendorId; }
  std::string operator()(const command::SendDetails& c) const { return c.vendorId; }
  template <class Other>
  std::string operator()(const Other&) const {
    return {};
  }
};

// One command applied to a copy of the workflow. Handlers return the history detail or
// the reason for refusal; they never touch the input workflow.
class Machine {
 public:
  Machine(const CaseWorkflow& before, const ApplyContext& context)
      : before_(before), wf_(before), ctx_(context) {}

  Result<Transition> run(const Command& command) {
    if (wf_.stage == CaseStage::Closed) {
      return illegal("cannot " + std::string(commandName(command)) +
                     ": the case is closed (terminal)");
    }
    if (const auto* ended = wf_.vendor(std::visit(SendsTo{}, command));
        ended != nullptr && ended->handlingEnded) {
      return illegal("cannot " + std::string(commandName(command)) + " to vendor " +
                     ended->vendorId + ": the publication committee ended its handling");
    }
    auto detail = std::visit([this](const auto& c) { return handle(c); }, command);
    if (!detail) return tl::unexpected(detail.error());
    diffDeadlines();
    HistoryEvent event{ctx_.now, ctx_.actor, std::string(commandName(command)), *detail};
    wf_.history.push_back(event);
    return Transition{std::move(wf_), std::move(effects_), std::move(event)};
  }

 private:
  // --- errors and guards ---------------------------------------------------------------

  std::string where() const {
    return "case " + wf_.caseId + " (" + std::string(caseStageName(wf_.stage)) + ")";
  }
  tl::unexpected<Error> illegal(std::string what) const {
    return fail(Errc::IllegalTransition, where(), std::move(what));
  }
  tl::unexpected<Error> missing(std::string what) const {
    return fail(Errc::InvalidConfig, where(), std::move(what));
  }
  bool stageIn(std::initializer_list<CaseStage> stages) const {
    return std::find(stages.begin(), stages.end(), wf_.stage) != stages.end();
  }
  std::string stageText() const { return "the case is " + std::string(caseStageName(wf_.stage)); }

  Result<VendorParticipant*> vendor(const std::string& vendorId) {
    for (auto& v : wf_.vendors) {
      if (v.vendorId == vendorId) return &v;
    }
    return fail(Errc::NotFound, where(), "no vendor \"" + vendorId + "\" in this case");
  }

  // --- shared steps ----------------------------------------------------------------------

  void alert(std::string code, std::string text) {
    effects_.emplace_back(effect::AlertOperator{std::move(code), std::move(text)});
  }
  void notice(std::string name, NoticeRecipient recipient, std::string vendorId) {
    // A vendor whose handling ended gets no further case notices, whatever sends them.
    if (const auto* v = wf_.vendor(vendorId); v != nullptr && v->handlingEnded) return;
    const bool confidential = noticeIsConfidential(name, recipient);
    effects_.emplace_back(
        effect::SendNotice{std::move(name), recipient, std::move(vendorId), confidential});
  }
  void noticeInformedVendors(const std::string& name) {
    for (const auto& v : wf_.vendors) {
      if (informed(v)) notice(name, NoticeRecipient::Vendor, v.vendorId);
    }
    // Related organisations that have the details hear of the case-wide changes (date set
    // or moved, cancelled, published) in their own notice; the publication reminder asks
    // for a vendor's status, which they do not have.
    if (name == "publication-reminder") return;
    for (const auto& r : wf_.relatedOrganisations) {
      if (r.detailsSentAt)
        notice("related-organisation-update", NoticeRecipient::RelatedOrganisation,
               r.organisationId);
    }
  }

  // Every attempt counts toward "all channels tried"; the first one sets the start date.
  void recordAttempt(VendorParticipant& v, const std::string& channel, ContactResult result) {
    if (!v.startedAt) v.startedAt = ctx_.now;
    v.attempts.push_back(ContactAttemptRecord{ctx_.now, channel, result});
    if (std::find(v.channels.begin(), v.channels.end(), channel) == v.channels.end()) {
      v.channels.push_back(channel);
    }
  }
  static std::string primaryChannel(const VendorParticipant& v) {
    return v.channels.empty() ? std::string("mail") : v.channels.front();
  }

  // Any answer by any channel stops the vendor's unreachable clocks (deadlinesFor reads
  // lastResponseAt); an unreachable vendor that answers resumes coordination.
  void recordResponse(VendorParticipant& v) {
    v.lastResponseAt = ctx_.now;
    if (v.reachability == Reachability::Unreachable) {
      v.reachability = Reachability::Resumed;
      // Off the unreachable-vendors list: listed again later, it starts from its name
      // (productsDisclosed() compares with the new listing; the disclosure stays counted).
      v.contactDeadlineAddedAt.reset();
      v.contactDeadline.reset();
      alert("VENDOR_RESUMED", "case " + wf_.caseId + ": vendor " + v.vendorId +
                                  " answered after being unreachable; coordination resumes "
                                  "(take it off the unreachable-vendors list)");
    } else if (v.reachability != Reachability::Resumed) {
      v.reachability = Reachability::Answered;
    }
  }

  // why: what made it unreachable, e.g. "has not answered on any channel for 3 months".
  void markUnreachable(VendorParticipant& v, const std::string& why) {
    v.reachability = Reachability::Unreachable;
    v.unreachableSince = ctx_.now;
    alert("VENDOR_UNREACHABLE",
          "case " + wf_.caseId + ": vendor " + v.vendorId + " " + why +
              ": unreachable (連絡不能); it may be listed on the unreachable-vendors list");
  }

  // Why the unreachable clock ran out: never answered since the start date, or silent
  // since a request after its last answer (003 §4-5).
  std::string silenceText(const VendorParticipant& v) const {
    const auto since = silentSince(v, ctx_.timeZone);
    const std::string from = since ? formatDate(*since) : std::string("?");
    if (!v.lastResponseAt) {
      return "has not answered on any channel for " +
             std::to_string(ctx_.policy.unreachableMonths) + " months since its start date " + from;
    }
    return "answered once but has not answered our request of " + from + " for " +
           std::to_string(ctx_.policy.silenceMonths) + " months";
  }

  bool unreachableDateReached(const VendorParticipant& v) const {
    const auto date = unreachableDate(v, ctx_.policy, ctx_.timeZone);
    return date && localDate(ctx_.now, ctx_.timeZone) >= *date;
  }

  // The effects that keep the caller's due-time index equal to the pending set.
  void diffDeadlines() {
    const std::set<std::string> fired(wf_.firedDeadlines.begin(), wf_.firedDeadlines.end());
    auto pending = [&](const CaseWorkflow& w) {
      std::map<std::string, Deadline> out;
      for (auto& d : deadlinesFor(w, ctx_.policy, ctx_.timeZone)) {
        if (!fired.contains(d.key())) out.emplace(d.key(), d);
      }
      return out;
    };
    const auto old = pending(before_);
    const auto now = pending(wf_);
    std::map<std::string, effect::CancelDeadlines> cancels;
    for (const auto& [key, d] : old) {
      if (now.contains(key)) continue;
      auto& c = cancels[d.vendorId];
      c.vendorId = d.vendorId;
      if (std::find(c.kinds.begin(), c.kinds.end(), d.kind) == c.kinds.end()) {
        c.kinds.push_back(d.kind);
      }
      c.keys.push_back(key);
    }
    for (auto& [vendorId, c] : cancels) effects_.emplace_back(std::move(c));
    std::vector<Deadline> added;
    for (const auto& [key, d] : now) {
      if (!old.contains(key)) added.push_back(d);
    }
    std::sort(added.begin(), added.end(), [](const Deadline& a, const Deadline& b) {
      return a.due != b.due ? a.due < b.due : a.key() < b.key();
    });
    for (auto& d : added) effects_.emplace_back(effect::ScheduleDeadline{std::move(d)});
  }

  // --- commands --------------------------------------------------------------------------

  Result<std::string> handle(const command::Accept&) {
    if (wf_.stage != CaseStage::Received) {
      return illegal("cannot accept: " + stageText() + "; only a received report is accepted");
    }
    wf_.stage = CaseStage::Accepted;
    notice("case-accepted", NoticeRecipient::Reporter, "");
    return std::string("accepted");
  }

  Result<std::string> handle(const command::Stop& c) {
    if (stageIn({CaseStage::Accepted, CaseStage::VendorsIdentified, CaseStage::Coordinating,
                 CaseStage::PublicationScheduled})) {
      return stopAfterAcceptance(c);
    }
    if (wf_.stage != CaseStage::Received) {
      return illegal("cannot stop: " + stageText() +
                     "; handling stops only before publication, cancellation or stopping");
    }
    wf_.stage = CaseStage::Stopped;
    wf_.stopReason = c.reason;
    notice("case-not-accepted", NoticeRecipient::Reporter, "");
    return "not accepted: " + std::string(stopReasonName(c.reason)) +
           (c.note.empty() ? "" : " (" + c.note + ")");
  }

  Result<std::string> handle(const command::AddVendor& c) {
    if (!stageIn({CaseStage::Accepted, CaseStage::VendorsIdentified, CaseStage::Coordinating,
                  CaseStage::PublicationScheduled})) {
      return illegal("cannot add vendor " + c.vendorId + ": " + stageText() +
                     "; vendors are added to an accepted case before publication");
    }
    if (c.vendorId.empty()) return missing("cannot add a vendor without an id");
    if (wf_.vendor(c.vendorId)) {
      return fail(Errc::Duplicate, where(), "vendor " + c.vendorId + " is already in the case");
    }
    VendorParticipant v;
    v.vendorId = c.vendorId;
    v.channels = c.channels;
    v.registered = c.registered;
    // The registration request the caller sends now is the first contact attempt (003
    // §2-3, 起算日): the start date, the reminders and the unreachable clock run from it.
    if (!c.registered && !v.channels.empty()) {
      recordAttempt(v, primaryChannel(v), ContactResult::Sent);
    }
    wf_.vendors.push_back(std::move(v));
    if (wf_.stage == CaseStage::Accepted) wf_.stage = CaseStage::VendorsIdentified;
    return "vendor " + c.vendorId + (c.registered ? "" : " (unregistered)") +
           ", channels: " + join(c.channels);
  }

  Result<std::string> handle(const command::VendorRegistered& c) {
    if (!stageIn({CaseStage::VendorsIdentified, CaseStage::Coordinating,
                  CaseStage::PublicationScheduled})) {
      return illegal("cannot register vendor " + c.vendorId + ": " + stageText());
    }
    auto v = vendor(c.vendorId);
    if (!v) return tl::unexpected(v.error());
    if ((*v)->registered) return illegal("vendor " + c.vendorId + " is already registered");
    (*v)->registered = true;
    recordResponse(**v);
    return "vendor " + c.vendorId + " registered";
  }

  Result<std::string> handle(const command::SendSummary& c) {
    if (!stageIn(kVendorStages)) {
      return illegal("cannot send the summary to vendor " + c.vendorId + ": " + stageText());
    }
    auto found = vendor(c.vendorId);
    if (!found) return tl::unexpected(found.error());
    VendorParticipant& v = **found;
    if (v.phase != VendorPhase::NotContacted) {
      return illegal("cannot send the summary to vendor " + c.vendorId + ": it is " +
                     std::string(vendorPhaseName(v.phase)) +
                     " (record a further attempt with contact-attempt)");
    }
    v.phase = VendorPhase::SummarySent;
    recordAttempt(v, primaryChannel(v), ContactResult::Sent);
    notice("vulnerability-summary", NoticeRecipient::Vendor, v.vendorId);
    if (wf_.stage == CaseStage::VendorsIdentified) wf_.stage = CaseStage::Coordinating;
    return "summary to " + v.vendorId + " via " + primaryChannel(v);
  }

  Result<std::string> handle(const command::SendDetails& c) {
    const std::string cannot = "cannot send details to vendor " + c.vendorId + ": ";
    if (!stageIn(kVendorStages)) return illegal(cannot + stageText());
    auto found = vendor(c.vendorId);
    if (!found) return tl::unexpected(found.error());
    VendorParticipant& v = **found;
    if (!v.registered) {
      return illegal(cannot +
                     "it is not registered; nothing technical is disclosed before it registers "
                     "(003 §2-3)");
    }
    switch (v.phase) {
      case VendorPhase::DetailsRequested:
        break;
      case VendorPhase::NotContacted:
        if (!c.skipSummary) {
          return illegal(cannot + "it has not requested them and the summary was not skipped");
        }
        v.summarySkipped = true;
        break;
      case VendorPhase::SummarySent:
        return illegal(cannot + "it has not requested them (summary sent, no answer yet)");
      case VendorPhase::NoAffectedProduct:
        return illegal(cannot + "it answered that it has no affected product");
      case VendorPhase::DetailsSent:
      case VendorPhase::StatementGiven:
        return illegal(cannot + "they were already sent");
    }
    v.phase = VendorPhase::DetailsSent;
    if (!v.publicStatus) v.publicStatus = PublicStatus::InformationProvided;
    recordAttempt(v, primaryChannel(v), ContactResult::Sent);
    notice("vulnerability-details", NoticeRecipient::Vendor, v.vendorId);
    if (wf_.stage == CaseStage::VendorsIdentified) wf_.stage = CaseStage::Coordinating;
    return "details to " + v.vendorId + (v.summarySkipped ? " (summary skipped)" : "");
  }

  Result<std::string> handle(const command::VendorRequestedDetails& c) {
    const std::string cannot = "cannot record a details request from vendor " + c.vendorId + ": ";
    if (!stageIn(kVendorStages)) return illegal(cannot + stageText());
    auto found = vendor(c.vendorId);
    if (!found) return tl::unexpected(found.error());
    VendorParticipant& v = **found;
    switch (v.phase) {
      case VendorPhase::SummarySent:
      case VendorPhase::NoAffectedProduct:
        break;
      case VendorPhase::NotContacted:
        return illegal(cannot + "it has not been sent the summary");
      case VendorPhase::DetailsRequested:
        return illegal(cannot + "it already requested them");
      case VendorPhase::DetailsSent:
      case VendorPhase::StatementGiven:
        return illegal(cannot + "it already has them");
    }
    // A vendor that first said "no affected product" may find one after all.
    if (v.phase == VendorPhase::NoAffectedProduct) v.publicStatus.reset();
    v.phase = VendorPhase::DetailsRequested;
    recordResponse(v);
    alert("DETAILS_REQUESTED", "case " + wf_.caseId + ": vendor " + v.vendorId +
                                   " requested the details" +
                                   (v.registered ? "" : "; it must register before they are sent"));
    return "vendor " + v.vendorId + " requested details";
  }

  Result<std::string> handle(const command::VendorNoAffectedProduct& c) {
    const std::string cannot =
        "cannot record 'no affected product' from vendor " + c.vendorId + ": ";
    if (!stageIn(kVendorStages)) return illegal(cannot + stageText());
    auto found = vendor(c.vendorId);
    if (!found) return tl::unexpected(found.error());
    VendorParticipant& v = **found;
    if (v.phase != VendorPhase::SummarySent && v.phase != VendorPhase::DetailsRequested) {
      return illegal(cannot + "it is " + std::string(vendorPhaseName(v.phase)) +
                     (informed(v) ? " (use vendor-statement with not-affected)" : ""));
    }
    v.phase = VendorPhase::NoAffectedProduct;
    v.publicStatus = PublicStatus::NotAffected;
    recordResponse(v);
    const bool allNotAffected = std::all_of(
        wf_.vendors.begin(), wf_.vendors.end(),
        [](const VendorParticipant& w) { return w.publicStatus == PublicStatus::NotAffected; });
    if (allNotAffected) {
      alert("ALL_VENDORS_NOT_AFFECTED", "case " + wf_.caseId +
                                            ": every vendor reports no affected product; consider "
                                            "cancelling publication (no impact)");
    }
    return "vendor " + v.vendorId + ": no affected product";
  }

  Result<std::string> handle(const command::VendorStatement& c) {
    const std::string cannot = "cannot record a statement from vendor " + c.vendorId + ": ";
    // Statements after publication amend the advisory (003 §6-5).
    if (!stageIn({CaseStage::VendorsIdentified, CaseStage::Coordinating,
                  CaseStage::PublicationScheduled, CaseStage::Published})) {
      return illegal(cannot + stageText());
    }
    auto found = vendor(c.vendorId);
    if (!found) return tl::unexpected(found.error());
    VendorParticipant& v = **found;
    if (!informed(v)) {
      return illegal(cannot + "it has not been sent the details (it is " +
                     std::string(vendorPhaseName(v.phase)) +
                     "); a 'no affected product' answer to the summary is "
                     "vendor-no-affected-product");
    }
    v.phase = VendorPhase::StatementGiven;
    v.publicStatus = c.status;
    v.comment = c.comment;
    v.commentPublic = c.commentPublic;
    v.advisoryUrl = c.advisoryUrl;
    v.fixAvailable = c.fixAvailable;
    recordResponse(v);
    if (c.exploitationReported && !v.exploitationReported) {
      v.exploitationReported = true;
      wf_.exploitationReported = true;
      alert("EXPLOITATION_REPORTED",
            "case " + wf_.caseId + ": vendor " + v.vendorId +
                " reports exploitation in the wild; keep it confidential and agree the "
                "advisory wording with the vendor");
    }
    if (wf_.stage == CaseStage::Published) {
      alert("ADVISORY_AMENDMENT", "case " + wf_.caseId + ": vendor " + v.vendorId +
                                      " changed its statement after publication; amend the "
                                      "advisory");
    }
    return "vendor " + v.vendorId + ": " + std::string(publicStatusName(c.status)) +
           (c.fixAvailable ? ", fix or workaround available" : "");
  }

  Result<std::string> dateAllowed(CivilDate date, const std::string& cannot) const {
    if (!date.ok()) return missing(cannot + "not a valid date");
    const CivilDate today = localDate(ctx_.now, ctx_.timeZone);
    if (date < today) {
      return illegal(cannot + formatDate(date) + " is before today (" + formatDate(today) + ")");
    }
    return std::string();
  }

  Result<std::string> handle(const command::SetPublicationDate& c) {
    const std::string cannot = "cannot set the publication date: ";
    if (wf_.stage == CaseStage::PublicationScheduled) {
      return illegal(cannot + "it is already set to " + formatDate(*wf_.publicationDate) +
                     "; move it instead");
    }
    if (wf_.stage != CaseStage::Coordinating) return illegal(cannot + stageText());
    if (std::none_of(wf_.vendors.begin(), wf_.vendors.end(), informed)) {
      return illegal(cannot + "no vendor has received the details yet");
    }
    if (auto ok = dateAllowed(c.date, cannot); !ok) return ok;
    wf_.publicationDate = c.date;
    wf_.publicationDateSetAt = ctx_.now;
    wf_.stage = CaseStage::PublicationScheduled;
    noticeInformedVendors("publication-date");
    notice("publication-date", NoticeRecipient::Reporter, "");
    const auto proposed = proposedPublicationDate(wf_, ctx_.policy, ctx_.timeZone);
    return "publication date " + formatDate(c.date) +
           (proposed ? " (target " + formatDate(*proposed) + ")" : "");
  }

  Result<std::string> handle(const command::MovePublicationDate& c) {
    const std::string cannot = "cannot move the publication date: ";
    if (wf_.stage != CaseStage::PublicationScheduled) {
      return illegal(cannot + stageText() +
                     (wf_.stage == CaseStage::Coordinating ? " and no date is set yet" : ""));
    }
    if (c.reason.empty()) return missing(cannot + "a reason is required (the others are told)");
    if (c.date == *wf_.publicationDate) {
      return illegal(cannot + "it is already " + formatDate(c.date));
    }
    if (auto ok = dateAllowed(c.date, cannot); !ok) return ok;
    const CivilDate from = *wf_.publicationDate;
    wf_.publicationDate = c.date;
    wf_.publicationDateSetAt = ctx_.now;
    noticeInformedVendors("publication-date-moved");
    notice("publication-date-moved", NoticeRecipient::Reporter, "");
    return "publication date " + formatDate(from) + " -> " + formatDate(c.date) + ": " + c.reason;
  }

  Result<std::string> handle(const command::MarkExploited& c) {
    if (stageIn({CaseStage::Stopped, CaseStage::PublicationCancelled})) {
      return illegal("cannot mark exploitation: " + stageText());
    }
    std::string by = "the reporter";
    if (!c.vendorId.empty()) {
      auto found = vendor(c.vendorId);
      if (!found) return tl::unexpected(found.error());
      (*found)->exploitationReported = true;
      recordResponse(**found);
      by = "vendor " + c.vendorId;
    }
    wf_.exploitationReported = true;
    // The alert names who reported it, never what was reported (it stays confidential).
    alert("EXPLOITATION_REPORTED",
          "case " + wf_.caseId + ": " + by +
              " reports exploitation in the wild; keep it confidential and agree the "
              "advisory wording with the vendor");
    return "exploitation reported by " + by + (c.detail.empty() ? "" : ": " + c.detail);
  }

  Result<std::string> handle(const command::ProvidePriority& c) {
    const std::string cannot = "cannot provide the advisory to priority recipients: ";
    if (wf_.stage != CaseStage::PublicationScheduled) {
      return illegal(cannot + stageText() +
                     "; only before publication, once the date is decided (003 §4-4)");
    }
    if (c.leakRisk) return illegal(cannot + "it risks a leak (003 §4-4)");
    if (std::none_of(wf_.vendors.begin(), wf_.vendors.end(),
                     [](const VendorParticipant& v) { return v.fixAvailable; })) {
      return illegal(cannot + "no vendor has reported a fix or workaround yet");
    }
    wf_.priorityProvisions.push_back(ctx_.now);
    notice("priority-advisory", NoticeRecipient::PriorityRecipients, "");
    return "advisory provided to priority recipients";
  }

  Result<std::string> handle(const command::Publish& c) {
    const std::string cannot = "cannot publish: ";
    if (wf_.stage != CaseStage::PublicationScheduled) {
      return illegal(
          cannot + stageText() +
          (wf_.stage == CaseStage::Coordinating ? " and no publication date is set" : ""));
    }
    const CivilDate today = localDate(ctx_.now, ctx_.timeZone);
    const bool early = today < *wf_.publicationDate;
    if (early && !c.force) {
      return illegal(cannot + "the publication date is " + formatDate(*wf_.publicationDate) +
                     "; publish earlier only with force (a leak, 003 §8-5)");
    }
    if (early && c.reason.empty()) return missing(cannot + "an early publication needs a reason");
    wf_.stage = CaseStage::Published;
    wf_.publishedAt = ctx_.now;
    wf_.publishedBeforeDate = early;
    noticeInformedVendors("published");
    notice("published", NoticeRecipient::Reporter, "");
    if (early) {
      alert("PUBLISHED_BEFORE_DATE", "case " + wf_.caseId + " published before its date " +
                                         formatDate(*wf_.publicationDate) + ": " + c.reason);
    }
    return "published" + (early ? " early: " + c.reason : std::string());
  }

  Result<std::string> handle(const command::Cancel& c) {
    if (!stageIn({CaseStage::Accepted, CaseStage::VendorsIdentified, CaseStage::Coordinating,
                  CaseStage::PublicationScheduled})) {
      return illegal("cannot cancel publication: " + stageText());
    }
    if (!c.vendorId.empty()) {
      auto found = vendor(c.vendorId);
      if (!found) return tl::unexpected(found.error());
    }
    wf_.stage = CaseStage::PublicationCancelled;
    wf_.cancelReason = c.reason;
    noticeInformedVendors("publication-cancelled");
    notice("publication-cancelled", NoticeRecipient::Reporter, "");
    return "publication cancelled: " + std::string(cancelReasonName(c.reason)) +
           (c.vendorId.empty() ? "" : " (vendor " + c.vendorId + ")");
  }

  Result<std::string> handle(const command::Close&) {
    if (!stageIn({CaseStage::Stopped, CaseStage::Published, CaseStage::PublicationCancelled})) {
      return illegal("cannot close: " + stageText() +
                     "; a case closes once stopped, published or cancelled");
    }
    wf_.stage = CaseStage::Closed;
    return std::string("closed");
  }

  Result<std::string> handle(const command::Assess& c) {
    if (stageIn({CaseStage::Closed})) return illegal("cannot assess: " + stageText());
    wf_.assessment = c.assessment;
    // Assessed after a vendor's coordination became impossible: the committee's course
    // is known only now, so the operator hears it now.
    for (const auto& v : wf_.vendors) {
      if (v.coordinationImpossible && !v.handlingEnded) {
        alert("COMMITTEE_DECISION", "case " + wf_.caseId + ": vendor " + v.vendorId +
                                        " coordination impossible; " + committeeText());
      }
    }
    return assessmentText(c.assessment) + ": " +
           std::string(committeeDecisionName(c.assessment.decision()));
  }

  // What table 4-2 says for this case, or how to get there when it is not assessed yet.
  std::string committeeText() const {
    if (!wf_.assessment) {
      return "refer the case to the publication committee (000 table 4-2); assess its impact "
             "and verifiability (cvdctl case assess) to name the committee's course";
    }
    const std::string basis = assessmentText(*wf_.assessment);
    switch (wf_.assessment->decision()) {
      case CommitteeDecision::CommitteeDecides:
        return basis + ": the publication committee decides (000 table 4-2)";
      case CommitteeDecision::CommitteeDecidesConsideringCost:
        return basis +
               ": the publication committee decides, considering the cost of verification "
               "(000 table 4-2)";
      case CommitteeDecision::HandlingEnds:
        return basis +
               ": handling ends and the vendor is removed from the unreachable list; tell "
               "the publication committee (000 table 4-2)";
    }
    return basis;
  }

  Result<std::string> handle(const command::Note& c) {
    if (c.text.empty()) return missing("an empty note");
    return c.text;
  }

  Result<std::string> handle(const command::ContactAttempt& c) {
    const std::string cannot = "cannot record a contact attempt with vendor " + c.vendorId + ": ";
    if (!stageIn(kVendorStages)) return illegal(cannot + stageText());
    if (c.channel.empty()) return missing(cannot + "no channel");
    auto found = vendor(c.vendorId);
    if (!found) return tl::unexpected(found.error());
    VendorParticipant& v = **found;
    recordAttempt(v, c.channel, c.result);
    if (c.result == ContactResult::Answered) {
      recordResponse(v);
    } else if (c.result == ContactResult::Bounced) {
      const auto untried = untriedChannels(v);
      alert("CONTACT_FAILED", "case " + wf_.caseId + ": vendor " + v.vendorId + " via " +
                                  c.channel + " failed" +
                                  (untried.empty() ? "" : "; untried: " + join(untried)));
    }
    // The three months may have passed while channels were still untried: the last
    // channel tried without an answer makes the vendor unreachable now.
    if (untriedChannels(v).empty() && unreachableDateReached(v)) {
      markUnreachable(v, silenceText(v));
    }
    return "vendor " + v.vendorId + " via " + c.channel + ": " +
           std::string(contactResultName(c.result));
  }

  Result<std::string> handle(const command::DeadlineFired& c) {
    const std::string key = c.deadline.key();
    if (std::find(wf_.firedDeadlines.begin(), wf_.firedDeadlines.end(), key) !=
        wf_.firedDeadlines.end()) {
      return fail(Errc::Duplicate, where(), "deadline " + key + " has already fired");
    }
    const auto current = deadlinesFor(before_, ctx_.policy, ctx_.timeZone);
    const auto it = std::find_if(current.begin(), current.end(),
                                 [&](const Deadline& d) { return d.key() == key; });
    if (it == current.end()) {
      return fail(Errc::NotFound, where(), "deadline " + key + " is no longer current");
    }
    const Deadline d = *it;
    if (d.due > ctx_.now) {
      return illegal("deadline " + key + " is not due until " + formatIso8601(d.due));
    }
    wf_.firedDeadlines.push_back(key);
    std::sort(wf_.firedDeadlines.begin(), wf_.firedDeadlines.end());

    VendorParticipant* v = nullptr;
    if (!d.vendorId.empty()) {
      auto found = vendor(d.vendorId);
      if (!found) return tl::unexpected(found.error());
      v = *found;
    }
    const std::string caseText = "case " + wf_.caseId;
    switch (d.kind) {
      case DeadlineKind::PublicationTarget:
        alert("PUBLICATION_TARGET_REACHED",
              caseText + ": vendor " + d.vendorId + " reached its publication target " +
                  formatDate(d.date) + " (start date + " +
                  std::to_string(ctx_.policy.publicationTargetDays) + " days) unpublished");
        break;
      case DeadlineKind::UnresponsiveReminder:
        if (v->reachability == Reachability::NotYetAnswered) {
          v->reachability = Reachability::Unresponsive;
        }
        recordAttempt(*v, primaryChannel(*v), ContactResult::Sent);
        notice("reminder", NoticeRecipient::Vendor, v->vendorId);
        break;
      case DeadlineKind::Unreachable: {
        const auto untried = untriedChannels(*v);
        if (!untried.empty()) {
          const auto since = silentSince(*v, ctx_.timeZone);
          alert(
              "UNREACHABLE_CHANNELS_UNTRIED",
              caseText + ": vendor " + v->vendorId + " has not answered since " +
                  (since ? formatDate(*since) : std::string("?")) +
                  "; try the remaining channels before declaring it unreachable: " + join(untried));
        } else {
          markUnreachable(*v, silenceText(*v));
        }
        break;
      }
      case DeadlineKind::CoordinationImpossible:
        v->coordinationImpossible = true;
        alert("COORDINATION_IMPOSSIBLE",
              caseText + ": vendor " + v->vendorId + " still unreachable " +
                  std::to_string(ctx_.policy.coordinationImpossibleMonths -
                                 ctx_.policy.unreachableMonths) +
                  " months after it was declared unreachable (" +
                  (v->unreachableSince ? formatDate(localDate(*v->unreachableSince, ctx_.timeZone))
                                       : std::string("?")) +
                  "): coordination impossible (調整不能, 003 §7-2); " + committeeText());
        if (listedUnreachable(wf_, *v)) return addContactDeadline(*v, d, key);
        break;
      case DeadlineKind::NonDisclosureEnd:
        notice("non-disclosure-withdrawable", NoticeRecipient::Reporter, "");
        alert("NON_DISCLOSURE_YEAR", caseText +
                                         ": one year since the start date; the "
                                         "reporter may withdraw the non-disclosure "
                                         "request (003 §4-5)");
        break;
      case DeadlineKind::PublicationReminder:
        // Each reminder is a contact attempt: a vendor silent since then is on its way to
        // unreachable again (003 §4-5).
        for (auto& w : wf_.vendors) {
          if (informed(w)) recordAttempt(w, primaryChannel(w), ContactResult::Sent);
        }
        noticeInformedVendors("publication-reminder");
        break;
      case DeadlineKind::UnreachableWarning:
      case DeadlineKind::CoordinationImpossibleWarning:
      case DeadlineKind::NonDisclosureWarning:
      case DeadlineKind::PublicationTargetWarning:
        return warn(d, current);
      case DeadlineKind::PublicationDue:
        alert("PUBLICATION_DUE",
              caseText + ": the publication date " + formatDate(d.date) + " has come");
        break;
      case DeadlineKind::ProductDisclosure:
        return discloseProducts(*v, key);
    }
    return key;
  }

  // --- ending and stopping (000 7) 受理後の対応, 3.(2) 調整不能, 付録5) -------------------

  // Handling stops after acceptance for the same reasons (ア)–(オ). The reporter is told
  // why; each vendor already told of the case hears only that coordination has ended and
  // that the information stays confidential. Stopped has no deadlines: diffDeadlines
  // cancels every pending one.
  Result<std::string> stopAfterAcceptance(const command::Stop& c) {
    const std::string from(caseStageName(wf_.stage));
    wf_.stage = CaseStage::Stopped;
    wf_.stopReason = c.reason;
    notice("handling-stopped", NoticeRecipient::Reporter, "");
    for (const auto& v : wf_.vendors) {
      if (toldOfCase(v)) notice("coordination-ended", NoticeRecipient::Vendor, v.vendorId);
    }
    return "handling stopped after acceptance (was " + from +
           "): " + std::string(stopReasonName(c.reason)) +
           (c.note.empty() ? "" : " (" + c.note + ")");
  }

  Result<std::string> handle(const command::CoordinationImpossible& c) {
    const std::string cannot =
        "cannot record coordination with vendor " + c.vendorId + " as impossible: ";
    if (!stageIn(kVendorStages)) return illegal(cannot + stageText());
    if (c.reason == CoordinationImpossibleReason::UnreachableSixMonths) {
      return illegal(cannot +
                     "six months unreachable ((ア)) is recorded by its deadline; the operator "
                     "records (イ) no-agreement");
    }
    auto found = vendor(c.vendorId);
    if (!found) return tl::unexpected(found.error());
    VendorParticipant& v = **found;
    if (v.handlingEnded) return illegal(cannot + "the publication committee ended its handling");
    if (v.coordinationImpossible) {
      return illegal(cannot + "it already is (" +
                     std::string(coordinationImpossibleReasonName(v.impossibleReason)) + ")");
    }
    if (v.phase == VendorPhase::NotContacted) {
      return illegal(cannot + "it has not been told of the case, so no agreement was sought");
    }
    v.coordinationImpossible = true;
    v.impossibleReason = c.reason;
    alert("COORDINATION_IMPOSSIBLE",
          "case " + wf_.caseId + ": vendor " + v.vendorId +
              ": no agreement on publication is reachable: coordination impossible (調整不能 "
              "(イ)); " +
              committeeText());
    return "vendor " + v.vendorId + ": coordination impossible (" +
           std::string(coordinationImpossibleReasonName(c.reason)) + ")" +
           (c.note.empty() ? "" : ": " + c.note);
  }

  Result<std::string> handle(const command::RecordCommitteeOutcome& c) {
    const std::string cannot =
        "cannot record the publication committee's outcome for vendor " + c.vendorId + ": ";
    if (!stageIn(kVendorStages)) return illegal(cannot + stageText());
    auto found = vendor(c.vendorId);
    if (!found) return tl::unexpected(found.error());
    VendorParticipant& v = **found;
    if (v.handlingEnded) return illegal(cannot + "its handling has already ended");
    if (!v.coordinationImpossible) {
      return illegal(cannot +
                     "coordination with it is not impossible (調整不能); the committee rules "
                     "only on such vendors (000 3.(2))");
    }
    v.committeeOutcome = c.outcome;
    const std::string caseText = "case " + wf_.caseId + ": ";
    std::string detail = "vendor " + v.vendorId + ": " +
                         std::string(committeeOutcomeName(c.outcome)) +
                         (c.note.empty() ? "" : " (" + c.note + ")");
    switch (c.outcome) {
      case CommitteeOutcome::Publish:
        alert("COMMITTEE_PUBLISH",
              caseText + "the publication committee decided to publish with vendor " + v.vendorId +
                  "'s status as it stands (" +
                  (v.publicStatus ? std::string(publicStatusName(*v.publicStatus))
                                  : std::string("no status")) +
                  "); set the publication date and publish");
        break;
      case CommitteeOutcome::Continue:
        alert("COMMITTEE_CONTINUE", caseText +
                                        "the publication committee decided that coordination "
                                        "with vendor " +
                                        v.vendorId + " continues");
        break;
      case CommitteeOutcome::EndHandling:
        endHandling(v);
        detail += "; take it off the unreachable-vendors list if it is listed (000 付録5)";
        break;
    }
    return detail;
  }

  // The vendor takes no further part (no deadlines: deadlinesFor skips it; no notices:
  // notice() drops them). The reporter and the other vendors told of the case hear which
  // vendor's handling ended, and nothing technical.
  void endHandling(VendorParticipant& ended) {
    ended.handlingEnded = true;
    notice("committee-handling-ended", NoticeRecipient::Reporter, "");
    for (const auto& v : wf_.vendors) {
      if (toldOfCase(v)) notice("committee-handling-ended", NoticeRecipient::Vendor, v.vendorId);
    }
    if (std::all_of(wf_.vendors.begin(), wf_.vendors.end(),
                    [](const VendorParticipant& v) { return v.handlingEnded; })) {
      alert("ALL_VENDORS_HANDLING_ENDED",
            "case " + wf_.caseId +
                ": the handling of every vendor has ended; stop the case (cvdctl case stop "
                "--reason ...) or cancel publication, then close it");
    }
  }

  // The operator's warning before a mark, naming the mark's date; a warning that fires
  // only once its mark is due (after downtime) is superseded by the mark itself.
  Result<std::string> warn(const Deadline& d, const std::vector<Deadline>& current) {
    const auto markKind = markKindOf(d.kind);
    const auto markIt = std::find_if(current.begin(), current.end(), [&](const Deadline& m) {
      return markKind && m.kind == *markKind && m.vendorId == d.vendorId;
    });
    // The history names the key alone, as for every deadline; the log says it fired.
    if (markIt == current.end() || localDate(ctx_.now, ctx_.timeZone) >= markIt->date) {
      return d.key();
    }
    std::string mark;
    switch (*markKind) {
      case DeadlineKind::Unreachable:
        mark = "the unreachable mark (連絡不能) unless it answers";
        break;
      case DeadlineKind::CoordinationImpossible:
        mark = "the coordination-impossible mark (調整不能, 003 §7-2) unless it answers";
        break;
      case DeadlineKind::NonDisclosureEnd:
        mark = "the end of the reporter's non-disclosure year (003 §4-5)";
        break;
      default:
        mark = "its publication target (start date + " +
               std::to_string(ctx_.policy.publicationTargetDays) + " days) unpublished";
        break;
    }
    alert("DEADLINE_APPROACHING",
          "case " + wf_.caseId + (d.vendorId.empty() ? "" : ": vendor " + d.vendorId) +
              (d.vendorId.empty() ? ": " : " reaches ") + mark + " on " + formatDate(markIt->date));
    return d.key();
  }

  Result<std::string> handle(const command::MarkUnreachable& c) {
    const std::string cannot = "cannot mark vendor " + c.vendorId + " unreachable: ";
    if (!stageIn(kVendorStages)) return illegal(cannot + stageText());
    auto found = vendor(c.vendorId);
    if (!found) return tl::unexpected(found.error());
    VendorParticipant& v = **found;
    if (v.reachability == Reachability::Unreachable) {
      return illegal(cannot + "it is already unreachable");
    }
    // 003 §2-3 counts such a vendor as unreachable at once; its clocks (the listing's
    // three months to coordination impossible) run from today.
    if (!v.startedAt) v.startedAt = ctx_.now;
    v.unreachableReason = c.reason;
    const std::string name(unreachableReasonName(c.reason));
    markUnreachable(
        v, (c.reason == UnreachableReason::NoChannel ? "has no contact channel at all"
                                                     : "is a product whose developer is unknown") +
               std::string(" (reason: ") + name + ", 003 §2-3)");
    return "vendor " + v.vendorId + " unreachable: " + name;
  }

  Result<std::string> handle(const command::VendorRequestedDate& c) {
    const std::string cannot =
        "cannot record a requested publication date from vendor " + c.vendorId + ": ";
    if (!stageIn(kVendorStages)) return illegal(cannot + stageText());
    if (!c.date.ok()) return missing(cannot + "not a valid date");
    auto found = vendor(c.vendorId);
    if (!found) return tl::unexpected(found.error());
    recordResponse(**found);
    // 003 §4-2 (すみやかに): the date is one for all vendors, so the operator decides now.
    alert("PUBLICATION_DATE_REQUESTED",
          "case " + wf_.caseId + ": vendor " + c.vendorId + " requests the publication date " +
              formatDate(c.date) + " (" +
              (wf_.publicationDate ? "agreed now: " + formatDate(*wf_.publicationDate)
                                   : std::string("none agreed yet")) +
              "); decide it for every vendor: cvdctl case set-date|move-date (003 §4-2)");
    return "vendor " + c.vendorId + " requests publication on " + formatDate(c.date);
  }

  // --- related organisations (003 §8-2) ---------------------------------------------------

  Result<RelatedOrganisationParticipant*> related(const std::string& organisationId) {
    for (auto& r : wf_.relatedOrganisations) {
      if (r.organisationId == organisationId) return &r;
    }
    return fail(Errc::NotFound, where(),
                "no related organisation \"" + organisationId + "\" in this case");
  }

  // --- the unreachable-vendors list (003 §7) ---------------------------------------------

  static std::string listingName(const VendorParticipant& v) {
    return "the unreachable-vendors list" +
           (v.inquiryNumber.empty() ? std::string() : " (" + v.inquiryNumber + ")");
  }

  // 003 §7-1 (figure 4): still no contact some months after the listing, the product name
  // and version are published too, calling on anyone who knows the developer. A history
  // event, not an alert: the list is regenerated from the workflows, nobody must act.
  Result<std::string> discloseProducts(VendorParticipant& v, const std::string& key) {
    v.productsDisclosedAt = ctx_.now;
    return key + "; product name and version added to " + listingName(v) + " (003 §7-1, figure 4)";
  }

  // 003 §7-2 (figure 5): judged 調整不能, the listing gets a contact deadline, and the
  // products where they were not on it yet; the committee deliberates once it has passed.
  Result<std::string> addContactDeadline(VendorParticipant& v, const Deadline& d,
                                         const std::string& key) {
    const bool withProducts = !productsDisclosed(v);
    if (withProducts) v.productsDisclosedAt = ctx_.now;
    v.contactDeadlineAddedAt = ctx_.now;
    v.contactDeadline = addCalendarMonths(d.date, ctx_.policy.contactDeadlineMonths);
    return key + "; " + (withProducts ? "product name and version and " : "") +
           "contact deadline " + formatDate(*v.contactDeadline) + " added to " + listingName(v) +
           " (003 §7-2, figure 5)";
  }

  // The vendor answered its inquiry: as any answer, it stops the clocks and, unreachable,
  // resumes coordination (recordResponse alerts VENDOR_RESUMED and takes it off the list).
  Result<std::string> handle(const command::InquiryAnswered& c) {
    const std::string cannot = "cannot record vendor " + c.vendorId + "'s answer to its inquiry: ";
    if (stageIn({CaseStage::Received, CaseStage::Accepted, CaseStage::Stopped,
                 CaseStage::PublicationCancelled})) {
      return illegal(cannot + stageText());
    }
    auto found = vendor(c.vendorId);
    if (!found) return tl::unexpected(found.error());
    VendorParticipant& v = **found;
    const bool wasListed = listedUnreachable(wf_, v);
    if (stageIn(kVendorStages)) {
      recordAttempt(v, c.channel.empty() ? primaryChannel(v) : c.channel, ContactResult::Answered);
    }
    recordResponse(v);
    return "vendor " + v.vendorId + " answered inquiry " + c.inquiryNumber +
           (c.channel.empty() ? "" : " via " + c.channel) +
           (wasListed ? ": coordination resumes, off the unreachable-vendors list"
                      : ": it was not listed");
  }

  Result<std::string> handle(const command::AddRelatedOrganisation& c) {
    const std::string cannot = "cannot add related organisation " + c.organisationId + ": ";
    if (!stageIn(kVendorStages)) return illegal(cannot + stageText());
    if (c.organisationId.empty()) return missing("cannot add a related organisation without an id");
    if (c.sharedBy.empty()) return missing(cannot + "which vendor shares the case with it?");
    if (wf_.relatedOrganisation(c.organisationId)) {
      return fail(Errc::Duplicate, where(),
                  "related organisation " + c.organisationId + " is already in the case");
    }
    if (wf_.vendor(c.organisationId)) {
      return illegal(cannot + "it takes part in the case as a vendor");
    }
    auto found = vendor(c.sharedBy);
    if (!found) return tl::unexpected(found.error());
    // Only what the vendor has can be shared: the details (003 §8-2).
    if (!informed(**found)) {
      return illegal(cannot + "vendor " + c.sharedBy + " has not been sent the details (it is " +
                     std::string(vendorPhaseName((*found)->phase)) + ")");
    }
    RelatedOrganisationParticipant r;
    r.organisationId = c.organisationId;
    r.sharedBy = c.sharedBy;
    r.channels = c.channels;
    r.addedAt = ctx_.now;
    wf_.relatedOrganisations.push_back(std::move(r));
    return "related organisation " + c.organisationId + " (shared by vendor " + c.sharedBy +
           "), channels: " + join(c.channels);
  }

  Result<std::string> handle(const command::SendRelatedDetails& c) {
    const std::string cannot =
        "cannot send details to related organisation " + c.organisationId + ": ";
    if (!stageIn(kVendorStages)) return illegal(cannot + stageText());
    auto found = related(c.organisationId);
    if (!found) return tl::unexpected(found.error());
    RelatedOrganisationParticipant& r = **found;
    if (r.detailsSentAt) {
      return illegal(cannot + "they were already sent on " + formatIso8601(*r.detailsSentAt));
    }
    r.detailsSentAt = ctx_.now;
    notice("related-organisation-details", NoticeRecipient::RelatedOrganisation, r.organisationId);
    return "details to related organisation " + r.organisationId;
  }

  Result<std::string> handle(const command::RelatedOrganisationAnswered& c) {
    const std::string cannot =
        "cannot record an answer from related organisation " + c.organisationId + ": ";
    if (stageIn({CaseStage::Received, CaseStage::Stopped})) return illegal(cannot + stageText());
    auto found = related(c.organisationId);
    if (!found) return tl::unexpected(found.error());
    if (c.text.empty()) return missing(cannot + "an empty answer");
    // Recorded, and nothing else: its answer is no vendor status and stops no clock.
    (*found)->answers.push_back(RelatedAnswer{ctx_.now, c.text});
    return "answer from related organisation " + c.organisationId + " recorded (" +
           std::to_string((*found)->answers.size()) + " so far)";
  }

  const CaseWorkflow& before_;
  CaseWorkflow wf_;
  const ApplyContext& ctx_;
  std::vector<Effect> effects_;
};

}  // namespace

Result<Transition> apply(const CaseWorkflow& workflow, const Command& command,
                         const ApplyContext& context) {
  return Machine(workflow, context).run(command);
}

}  // namespace cvdd::core
