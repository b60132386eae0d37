#pragma once
// One notice for one recipient, addressed and rendered: who gets a SendNotice effect, the
// template variables (daemon/notice_data.cpp, with its disclosure rule), the rendered
// subject and body, From/To/Reply-To (with the reply token), and the protection it will
// get. The coordination workflow queues what this builds; `cvdctl case preview` prints
// it. Both go through here, so a preview is exactly what would be sent. Reads only.

#include <memory>
#include <string>
#include <vector>

#include "daemon/coordination.hpp"

namespace cvdd::daemon {

struct NoticeRecipientAddress {
  std::string address;
  NoticeRecipientInfo info;
  std::string displayName;
};

/// The notice as it leaves the builder: the outbound request (message without Message-ID
/// and Date, which the queue assigns) and the subject as rendered.
struct BuiltNotice {
  OutboundRequest request;
  std::string notice;
  std::string language;  // "ja" or "en"
};

class NoticeBuilder {
 public:
  /// All references must outlive the builder. before/after: the workflow around the
  /// transition (the same for a notice no transition causes).
  NoticeBuilder(const store::ReadTxn& txn, const CoordinationEnvironment& env, const core::Case& c,
                const store::CaseReport& report, const core::CaseWorkflow& before,
                const core::CaseWorkflow& after, core::Timestamp now);

  /// The registered contacts of a vendor; for a vendor removed from the registry since it
  /// was added, its mail channels on the case.
  std::vector<NoticeRecipientAddress> vendorRecipients(const std::string& vendorId,
                                                       bool confidential);
  /// Every contact of every registered priority recipient (only of onlyId when not empty).
  std::vector<NoticeRecipientAddress> priorityRecipients(bool confidential,
                                                         const std::string& onlyId = "");
  /// The registered contacts of a related organisation (003 §8-2); none when it is no
  /// longer in the registry (it has no channels of its own to fall back on).
  std::vector<NoticeRecipientAddress> relatedRecipients(const std::string& organisationId,
                                                        bool confidential);
  NoticeRecipientAddress reporter(bool confidential) const;
  /// Who an effect's notice goes to.
  std::vector<NoticeRecipientAddress> recipientsOf(const core::effect::SendNotice& effect);

  /// Renders the notice for one recipient. Throws std::runtime_error when the template does
  /// not render (an override may be broken): the caller's transaction is then abandoned.
  BuiltNotice build(const std::string& notice, const NoticeRecipientAddress& recipient,
                    const NoticeExtras& extras) const;

  /// How build's request will be protected (the composer's own decision).
  ProtectionPlan protectionOf(const OutboundRequest& request) const;

  std::string reporterName() const;

 private:
  const store::ReadTxn& txn_;
  const CoordinationEnvironment& env_;
  const core::Case& case_;
  const store::CaseReport& report_;
  const core::CaseWorkflow& before_;
  const core::CaseWorkflow& after_;
  core::Timestamp now_;
  std::vector<std::unique_ptr<store::VendorRecord>> vendors_;  // stable addresses
};

}  // namespace cvdd::daemon
