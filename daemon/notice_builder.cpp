#include "daemon/notice_builder.hpp"

#include <stdexcept>

#include "core/participant.hpp"
#include "daemon/notice_reference.hpp"
#include "templates/notice.hpp"

namespace cvdd::daemon {

namespace {

std::string languageFor(const core::Case& c, const store::VendorRecord* vendor) {
  if (vendor != nullptr && (vendor->language == "ja" || vendor->language == "en"))
    return vendor->language;
  return std::string(core::languageCode(c.language));
}

core::Language languageOf(const std::string& code) {
  return code == "ja" ? core::Language::Japanese : core::Language::English;
}

}  // namespace

NoticeBuilder::NoticeBuilder(const store::ReadTxn& txn, const CoordinationEnvironment& env,
                             const core::Case& c, const store::CaseReport& report,
                             const core::CaseWorkflow& before, const core::CaseWorkflow& after,
                             core::Timestamp now)
    : txn_(txn), env_(env), case_(c), report_(report), before_(before), after_(after), now_(now) {}

std::vector<NoticeRecipientAddress> NoticeBuilder::vendorRecipients(const std::string& vendorId,
                                                                    bool confidential) {
  std::vector<NoticeRecipientAddress> out;
  auto vendor = txn_.getVendor(vendorId);
  if (!vendor) {
    // Removed from the registry since it was added: fall back to its mail channels.
    if (const auto* v = after_.vendor(vendorId)) {
      for (const auto& channel : v->channels)
        if (channel.starts_with("mail:"))
          out.push_back(
              {channel.substr(5), {NoticeAudience::Vendor, nullptr, confidential}, vendorId});
    }
    return out;
  }
  vendors_.push_back(std::make_unique<store::VendorRecord>(std::move(*vendor)));
  const auto* record = vendors_.back().get();
  for (const auto& contact : record->contacts)
    out.push_back(
        {contact.address, {NoticeAudience::Vendor, record, confidential}, record->organisation});
  return out;
}

std::vector<NoticeRecipientAddress> NoticeBuilder::priorityRecipients(bool confidential,
                                                                      const std::string& onlyId) {
  std::vector<NoticeRecipientAddress> out;
  for (auto& record : txn_.listVendors()) {
    if (record.kind != store::ParticipantKind::PriorityRecipient) continue;
    if (!onlyId.empty() && record.id != onlyId) continue;
    vendors_.push_back(std::make_unique<store::VendorRecord>(std::move(record)));
    const auto* r = vendors_.back().get();
    for (const auto& contact : r->contacts)
      out.push_back(
          {contact.address, {NoticeAudience::PriorityRecipient, r, confidential}, r->organisation});
  }
  return out;
}

std::vector<NoticeRecipientAddress> NoticeBuilder::relatedRecipients(
    const std::string& organisationId, bool confidential) {
  std::vector<NoticeRecipientAddress> out;
  auto record = txn_.getVendor(organisationId);
  if (!record || record->kind != store::ParticipantKind::RelatedOrganisation) return out;
  vendors_.push_back(std::make_unique<store::VendorRecord>(std::move(*record)));
  const auto* r = vendors_.back().get();
  for (const auto& contact : r->contacts)
    out.push_back(
        {contact.address, {NoticeAudience::RelatedOrganisation, r, confidential}, r->organisation});
  return out;
}

NoticeRecipientAddress NoticeBuilder::reporter(bool confidential) const {
  return {case_.reporter, {NoticeAudience::Reporter, nullptr, confidential}, reporterName()};
}

std::vector<NoticeRecipientAddress> NoticeBuilder::recipientsOf(const core::effect::SendNotice& e) {
  switch (e.recipient) {
    case core::NoticeRecipient::Reporter:
      return {reporter(e.confidential)};
    case core::NoticeRecipient::Vendor:
      return vendorRecipients(e.vendorId, e.confidential);
    case core::NoticeRecipient::PriorityRecipients:
      return priorityRecipients(e.confidential);
    case core::NoticeRecipient::RelatedOrganisation:
      return relatedRecipients(e.vendorId, e.confidential);
  }
  return {};
}

std::string NoticeBuilder::reporterName() const {
  if (!report_.reporterName.empty()) return report_.reporterName;
  return case_.participants.empty() ? std::string() : case_.participants.front().name;
}

BuiltNotice NoticeBuilder::build(const std::string& notice, const NoticeRecipientAddress& r,
                                 const NoticeExtras& extras) const {
  const Config& config = *env_.config;
  const std::string language = languageFor(case_, r.info.vendor);
  NoticeContext ctx{&case_,
                    &report_,
                    &after_,
                    &before_,
                    env_.timeZone,
                    &config.deadlines,
                    config.coordinator.name,
                    config.coordinator.intake,
                    now_,
                    language,
                    {}};
  ctx.publicationTime = config.coordinator.publicationTime;
  if (env_.replyTokens != nullptr && r.info.audience != NoticeAudience::Operator)
    ctx.replyReference = nextNoticeReference(*env_.replyTokens, case_, r.address, notice);
  // A related organisation reads which vendor shared the case by its organisation name,
  // never the registry's internal id.
  NoticeExtras withNames = extras;
  if (r.info.audience == NoticeAudience::RelatedOrganisation && r.info.vendor != nullptr &&
      withNames.requestingVendorName.empty()) {
    if (const auto* related = after_.relatedOrganisation(r.info.vendor->id))
      if (auto sharer = txn_.getVendor(related->sharedBy))
        withNames.requestingVendorName = sharer->organisation;
  }
  const auto data = noticeData(ctx, r.info, withNames);
  auto rendered =
      templates::renderNotice(notice, languageOf(language), data, config.templates.overrideDir);
  if (!rendered)
    throw std::runtime_error("template " + notice + ": " + rendered.error().where + ": " +
                             rendered.error().what);

  BuiltNotice built{{}, notice, language};
  OutboundRequest& request = built.request;
  auto& message = request.message;
  message.from = {config.coordinator.name, config.coordinator.intake};
  message.to = {{r.displayName, r.address}};
  std::string replyAddress = config.coordinator.intake;
  if (env_.replyTokens != nullptr && r.info.audience != NoticeAudience::Operator)
    replyAddress = crypto::taggedAddress(
        config.coordinator.intake,
        env_.replyTokens->tokenFor(case_.id, core::normalizeAddress(r.address)));
  message.replyTo = {{config.coordinator.name, replyAddress}};
  message.subject = rendered->subject;
  message.date = core::formatRfc5322(now_);
  message.bodyText = rendered->body;
  message.autoSubmitted = "auto-generated";
  request.caseId = case_.id;
  request.envelopeFrom = config.coordinator.intake;
  request.recipient = core::normalizeAddress(r.address);
  request.confidential = r.info.confidential;
  request.now = now_;
  if (const auto* participant = core::findParticipant(case_.participants, r.address))
    request.recipientKey = participant->keyFingerprint;
  return built;
}

ProtectionPlan NoticeBuilder::protectionOf(const OutboundRequest& request) const {
  return planProtection(request, txn_, env_.signer);
}

}  // namespace cvdd::daemon
