#include "daemon/notice_preview.hpp"

#include <array>
#include <utility>

#include "core/vendor_disclosure.hpp"

namespace cvdd::daemon {

namespace {

/// Who the workflow sends each notice to (core/lifecycle.cpp).
enum class SentTo { Reporter, Vendor, ReporterAndVendors, PriorityRecipients, RelatedOrganisation };

constexpr std::array<std::pair<std::string_view, SentTo>, 18> kNotices{{
    {"case-accepted", SentTo::Reporter},
    {"case-not-accepted", SentTo::Reporter},
    {"missing-information", SentTo::Reporter},
    {"non-disclosure-withdrawable", SentTo::Reporter},
    {"registration-request", SentTo::Vendor},
    {"vulnerability-summary", SentTo::Vendor},
    {"vulnerability-details", SentTo::Vendor},
    {"reminder", SentTo::Vendor},
    {"publication-reminder", SentTo::Vendor},
    {"publication-date", SentTo::ReporterAndVendors},
    {"publication-date-moved", SentTo::ReporterAndVendors},
    {"published", SentTo::ReporterAndVendors},
    {"publication-cancelled", SentTo::ReporterAndVendors},
    {"priority-advisory", SentTo::PriorityRecipients},
    {"handling-stopped", SentTo::Reporter},
    {"coordination-ended", SentTo::Vendor},
    {"related-organisation-details", SentTo::RelatedOrganisation},
    {"related-organisation-update", SentTo::RelatedOrganisation},
}};

}  // namespace

std::string previewableNotices() {
  std::string names;
  for (const auto& [name, _] : kNotices) names += (names.empty() ? "" : "|") + std::string(name);
  return names;
}

core::Result<std::vector<NoticePreview>> previewNotice(
    const store::ReadTxn& txn, const CoordinationEnvironment& env, std::string_view caseId,
    const std::string& notice, const std::string& vendorId, core::Timestamp now) {
  const auto* known = std::find_if(kNotices.begin(), kNotices.end(),
                                   [&](const auto& entry) { return entry.first == notice; });
  if (known == kNotices.end())
    return core::fail(core::Errc::NotFound, "notice " + notice,
                      "not a notice the workflow sends (one of: " + previewableNotices() + ")");
  auto state = loadCaseState(txn, caseId);
  if (!state) return tl::unexpected(state.error());
  const auto& [c, workflow, report] = *state;

  core::NoticeRecipient to = core::NoticeRecipient::Reporter;
  switch (known->second) {
    case SentTo::Reporter:
      if (!vendorId.empty())
        return core::fail(core::Errc::InvalidConfig, "notice " + notice,
                          "goes to the reporter only; name no vendor");
      break;
    case SentTo::Vendor:
      if (vendorId.empty())
        return core::fail(core::Errc::InvalidConfig, "notice " + notice,
                          "goes to a vendor: name the vendor");
      to = core::NoticeRecipient::Vendor;
      break;
    case SentTo::ReporterAndVendors:
      if (!vendorId.empty()) to = core::NoticeRecipient::Vendor;
      break;
    case SentTo::PriorityRecipients:
      to = core::NoticeRecipient::PriorityRecipients;
      break;
    case SentTo::RelatedOrganisation:
      if (vendorId.empty())
        return core::fail(core::Errc::InvalidConfig, "notice " + notice,
                          "goes to a related organisation: name it");
      to = core::NoticeRecipient::RelatedOrganisation;
      break;
  }
  if (!vendorId.empty() && !txn.getVendor(vendorId) && workflow.vendor(vendorId) == nullptr)
    return core::fail(core::Errc::NotFound, "vendor " + vendorId,
                      "neither in the registry nor on the case");

  NoticeBuilder builder(txn, env, c, report, workflow, workflow, now);
  const bool confidential = core::noticeIsConfidential(notice, to);
  std::vector<NoticeRecipientAddress> recipients;
  switch (to) {
    case core::NoticeRecipient::Reporter:
      recipients.push_back(builder.reporter(confidential));
      break;
    case core::NoticeRecipient::Vendor:
      recipients = builder.vendorRecipients(vendorId, confidential);
      break;
    case core::NoticeRecipient::PriorityRecipients:
      recipients = builder.priorityRecipients(confidential, vendorId);
      break;
    case core::NoticeRecipient::RelatedOrganisation:
      recipients = builder.relatedRecipients(vendorId, confidential);
      break;
  }
  if (recipients.empty())
    return core::fail(core::Errc::NotFound, "notice " + notice,
                      "no recipient with a mail address" +
                          (vendorId.empty() ? std::string() : " for " + vendorId));

  const bool carriesDetails =
      to != core::NoticeRecipient::Reporter && core::noticeCarriesDetails(notice);
  std::vector<NoticePreview> previews;
  for (const auto& r : recipients) {
    NoticePreview preview{builder.build(notice, r, NoticeExtras{}), {}, carriesDetails};
    preview.protection = builder.protectionOf(preview.built.request);
    previews.push_back(std::move(preview));
  }
  return previews;
}

}  // namespace cvdd::daemon
