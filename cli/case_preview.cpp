// `cvdctl case preview ID NOTICE [VENDOR]`: what a notice would contain if it were sent
// now — subject, From/To/Reply-To, the protection it would get and the body — printed
// from a read transaction. It runs daemon::previewNotice, which builds the notice with
// the workflow's own NoticeBuilder, so the preview and the mail sent are the same text.

#include <iostream>

#include "cli/commands.hpp"
#include "daemon/notice_preview.hpp"

namespace cvdd::cli {

namespace {

std::string addressText(const templates::Address& a) {
  return a.displayName.empty() ? a.address : a.displayName + " <" + a.address + ">";
}

std::string protectionText(const daemon::ProtectionPlan& plan) {
  const std::string name(core::protectionName(plan.protection));
  switch (plan.protection) {
    case core::Protection::SignedEncrypted:
      return name + " (to key " + plan.recipientKey.value_or("?") + ")";
    case core::Protection::SmimeEncrypted:
      return name + " (to certificate " + plan.recipientCertificate.value_or("?") + ")";
    case core::Protection::Held:
      return name +
             " (confidential, and no usable key or certificate for the recipient: not sent in "
             "clear)";
    case core::Protection::Plain:
    case core::Protection::Signed:
      break;
  }
  return name;
}

nlohmann::json previewJson(const daemon::NoticePreview& p) {
  const auto& m = p.built.request.message;
  return {{"to", m.to.front().address},
          {"to_name", m.to.front().displayName},
          {"from", addressText(m.from)},
          {"reply_to", m.replyTo.empty() ? "" : m.replyTo.front().address},
          {"language", p.built.language},
          {"confidential", p.built.request.confidential},
          {"protection", core::protectionName(p.protection.protection)},
          {"encrypt_to", p.protection.recipientKey.value_or("")},
          {"subject", m.subject},
          {"body", m.bodyText}};
}

void printPreview(const daemon::NoticePreview& p) {
  const auto& m = p.built.request.message;
  std::cout << "Notice:     " << p.built.notice << " (" << p.built.language << ")\n"
            << "From:       " << addressText(m.from) << "\n"
            << "To:         " << addressText(m.to.front()) << "\n"
            << "Reply-To:   " << (m.replyTo.empty() ? "" : addressText(m.replyTo.front())) << "\n"
            << "Protection: " << protectionText(p.protection) << "\n"
            << "Subject:    " << m.subject << "\n"
            << "\n"
            << m.bodyText;
  if (!m.bodyText.empty() && m.bodyText.back() != '\n') std::cout << "\n";
}

}  // namespace

void addCasePreviewCommand(CLI::App* group, Context& ctx) {
  struct Args {
    std::string caseId, notice, vendorId;
  };
  auto args = std::make_shared<Args>();
  auto* preview = group->add_subcommand(
      "preview", "show exactly what a notice would contain, without sending anything");
  preview->add_option("id", args->caseId, "case ID, e.g. CVD#12345678")->required();
  preview->add_option("notice", args->notice, daemon::previewableNotices())->required();
  preview->add_option("vendor", args->vendorId,
                      "vendor id (the reporter's copy when omitted; priority-advisory: one "
                      "priority recipient)");
  preview->add_flag("--json", ctx.json, "print JSON");
  preview->callback([&ctx, args] {
    const auto& env = ctx.coordination();
    auto txn = ctx.store().read();
    auto previews =
        daemon::previewNotice(txn, env, args->caseId, args->notice, args->vendorId, ctx.now());
    if (!previews) {
      const auto& e = previews.error();
      throw CommandError(e.code == core::Errc::NotFound ? 1 : 2, e.where + ": " + e.what);
    }
    const auto& first = previews->front();
    if (first.carriesDetails) {
      auto report = txn.getReport(args->caseId).value_or(store::CaseReport{});
      if (auto released = core::detailsReleasable(daemon::provenanceOf(report)); !released)
        std::cerr << "cvdctl: note: this notice would be refused now: " << released.error().what
                  << "\n";
    }
    if (ctx.json) {
      nlohmann::json recipients = nlohmann::json::array();
      for (const auto& p : *previews) recipients.push_back(previewJson(p));
      std::cout << nlohmann::json{{"case_id", args->caseId},
                                  {"notice", args->notice},
                                  {"vendor_id", args->vendorId},
                                  {"recipients", std::move(recipients)}}
                       .dump(2)
                << "\n";
      return;
    }
    for (std::size_t i = 0; i < previews->size(); ++i) {
      if (i > 0) std::cout << std::string(72, '=') << "\n";
      printPreview((*previews)[i]);
    }
  });
}

}  // namespace cvdd::cli
