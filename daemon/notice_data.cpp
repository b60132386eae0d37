#include "daemon/notice_data.hpp"

#include "core/calendar.hpp"
#include "core/deadlines.hpp"
#include "core/report_consent.hpp"
#include "daemon/reporter_answers.hpp"
#include "parsers/vendor_reply_form.hpp"

namespace cvdd::daemon {

namespace {

bool japanese(const std::string& language) {
  return language == "ja";
}

std::string stopReasonText(core::StopReason reason, const std::string& language) {
  // 000 「受理後の対応」 (ア)-(オ), word for word where a reason clause allows.
  const bool ja = japanese(language);
  switch (reason) {
    case core::StopReason::NotVulnerabilityInformation:
      return ja ? "脆弱性関連情報に該当しないため" : "it is not vulnerability-related information";
    case core::StopReason::OutOfScope:
      return ja ? "取扱いの適用範囲外であるため"
                : "it is outside the scope of the disclosure guideline we follow";
    case core::StopReason::LowImpact:
      return ja ? "脆弱性による影響が小さいため" : "the impact of the vulnerability is small";
    case core::StopReason::AlreadyPublished:
      return ja ? "脆弱性関連情報が既知であり、かつ公表されているため"
                : "the vulnerability information is already known and published";
    case core::StopReason::VendorNotifiesUsers:
      return ja ? "製品開発者がすべての製品利用者に通知するため"
                  "（システム構築事業者を介して通知するケースを含みます）"
                : "the vendor notifies all users of the product "
                  "(including notification through system integrators)";
  }
  return std::string(core::stopReasonName(reason));
}

std::string cancelReasonText(core::CancelReason reason, const std::string& language) {
  // 003 §4-2 and 000 「公表日決定後の対応」 (ア)-(オ).
  const bool ja = japanese(language);
  switch (reason) {
    case core::CancelReason::NotAVulnerability:
      return ja ? "通知を行った製品開発者から脆弱性情報に該当しないとの連絡を受けたため"
                : "a vendor we notified told us it is not vulnerability information";
    case core::CancelReason::NoImpact:
      return ja ? "通知を行った製品開発者から脆弱性による影響がないとの連絡を受けたため"
                : "a vendor we notified told us the vulnerability has no impact";
    case core::CancelReason::LowImpact:
      return ja ? "通知を行った製品開発者から脆弱性による影響が小さいとの連絡を受けたため"
                : "a vendor we notified told us the impact of the vulnerability is small";
    case core::CancelReason::AlreadyPublished:
      return ja ? "脆弱性関連情報が既知であり、脆弱性情報等が公表されているため"
                : "the vulnerability information is already known and has been published";
    case core::CancelReason::VendorNotifiesAllUsers:
      return ja ? "製品開発者がすべての製品利用者に脆弱性情報と対策情報を通知するため"
                  "（システム構築事業者を介して通知するケースを含みます）"
                : "the vendor notifies all users of the product of the vulnerability and "
                  "its fix (including notification through system integrators)";
  }
  return std::string(core::cancelReasonName(reason));
}

std::string statusLabel(core::PublicStatus status, const std::string& language) {
  if (japanese(language)) return std::string(core::publicStatusLabelJa(status));
  switch (status) {
    case core::PublicStatus::Affected:
      return "Affected";
    case core::PublicStatus::AffectedInvestigating:
      return "Affected (investigating)";
    case core::PublicStatus::NotAffected:
      return "Not affected";
    case core::PublicStatus::NotAffectedInvestigating:
      return "Not affected (investigating)";
    case core::PublicStatus::InformationProvided:
      return "Information provided";
  }
  return std::string(core::publicStatusName(status));
}

/// The advisory's vendor table: informed vendors with their status, comment and URL.
std::string vendorStatusTable(const core::CaseWorkflow& wf, const std::string& language) {
  std::string table;
  for (const auto& v : wf.vendors) {
    if (!v.publicStatus) continue;
    table += "    " + v.vendorId + ": " + statusLabel(*v.publicStatus, language) + "\n";
    if (!v.comment.empty()) table += "        " + v.comment + "\n";
    if (!v.advisoryUrl.empty()) table += "        " + v.advisoryUrl + "\n";
  }
  if (!table.empty() && table.back() == '\n') table.pop_back();
  return table;
}

std::string contactAttemptsText(const core::VendorParticipant& v, const core::TimeZone& tz) {
  std::string text;
  for (const auto& a : v.attempts) {
    text += "    " + core::formatDate(core::localDate(a.at, tz)) + " " + a.channel + " " +
            std::string(core::contactResultName(a.result)) + "\n";
  }
  if (!text.empty()) text.pop_back();
  return text;
}

std::string registrationInstructions(const std::string& language) {
  if (japanese(language)) {
    return "    本メールへのご返信にて、次の事項をお知らせくださいますよう\n"
           "    お願いいたします。\n"
           "    - 組織名\n"
           "    - 担当部署・担当者名\n"
           "    - 連絡先メールアドレス（窓口）\n"
           "    - 電話番号\n"
           "    - OpenPGP 公開鍵（暗号化した連絡をご希望の場合）";
  }
  return "    Please reply to this message with:\n"
         "    - your organisation's name;\n"
         "    - the department and person responsible;\n"
         "    - the mail address of your contact point;\n"
         "    - a telephone number;\n"
         "    - an OpenPGP public key, if you want encrypted mail.";
}

const core::VendorParticipant* participantOf(const core::CaseWorkflow& wf,
                                             const store::VendorRecord* vendor) {
  if (vendor == nullptr) return nullptr;
  return wf.vendor(vendor->id);
}

/// A registered related organisation's notices (003 §8-2): who it is, which vendor shared
/// the case, and which case-wide change an update tells of (read from the transition:
/// the notice itself carries no more than its name). The registration request, sent
/// before it is registered, has no record and gets its names from the extras.
void relatedOrganisationData(templates::NoticeData& data, const NoticeContext& ctx,
                             const store::VendorRecord& organisation) {
  const core::CaseWorkflow& wf = *ctx.workflow;
  data["related_organisation_name"] = organisation.organisation;
  const auto* r = wf.relatedOrganisation(organisation.id);
  if (r != nullptr && data["requesting_vendor_name"].empty())
    data["requesting_vendor_name"] = r->sharedBy;
  const bool moved = ctx.before != nullptr && ctx.before->publicationDate &&
                     ctx.before->publicationDate != wf.publicationDate;
  if (wf.stage == core::CaseStage::Published)
    data["related_update_published"] = "yes";
  else if (wf.stage == core::CaseStage::PublicationCancelled)
    data["related_update_cancelled"] = "yes";
  else if (moved)
    data["related_update_moved"] = "yes";
  else if (wf.publicationDate)
    data["related_update_date_set"] = "yes";
}

}  // namespace

std::string caseTitle(const core::Case& c, const store::CaseReport& report,
                      const std::string& product, const std::string& language) {
  if (!report.title.empty()) return report.title;
  if (!product.empty()) {
    return japanese(language) ? product + " の脆弱性" : "Vulnerability in " + product;
  }
  return c.id;
}

core::ReportProvenance provenanceOf(const store::CaseReport& report) {
  core::ReportProvenance p;
  p.identityConsented = report.shareIdentityWithVendor == "yes";
  p.creditConsented = report.publishName == "yes";
  p.productByOperator = report.productByOperator;
  p.directContactConsented = report.vendorMayContactDirectly == "yes";
  if (report.detailsSource == core::detailsSourceName(core::DetailsSource::Operator))
    p.details = core::DetailsSource::Operator;
  else if (report.detailsSource == core::detailsSourceName(core::DetailsSource::ReportConfirmed))
    p.details = core::DetailsSource::ReportConfirmed;
  return p;
}

core::Reader readerOf(NoticeAudience audience) {
  switch (audience) {
    case NoticeAudience::Reporter:
      return core::Reader::Reporter;
    case NoticeAudience::Operator:
      return core::Reader::Coordinator;
    case NoticeAudience::Vendor:
    case NoticeAudience::PriorityRecipient:
    case NoticeAudience::RelatedOrganisation:
      break;
  }
  return core::Reader::ThirdParty;
}

std::string publicationDateText(core::CivilDate date, const core::TimeZone& tz,
                                std::optional<std::chrono::minutes> publicationTime) {
  if (!publicationTime) return core::formatDate(date);
  return core::formatLocalTime(
      core::firstInstantAtOrAfter(core::LocalDateTime{date, *publicationTime}, tz), tz);
}

std::string missingFieldsText(const std::vector<std::string>& missing,
                              const std::string& language) {
  std::string text;
  for (const auto& field : missing) {
    std::string label = field;
    if (field == "contact")
      label = japanese(language) ? "連絡先" : "how to contact you";
    else if (field == "product")
      label = japanese(language) ? "製品名とバージョン" : "product name and version";
    else if (field == "vulnerability")
      label = japanese(language) ? "脆弱性の詳細（再現手順、結果）"
                                 : "the vulnerability: environment, steps, result";
    text += "- " + label + "\n";
  }
  if (!text.empty()) text.pop_back();
  return text;
}

std::string missingConsentsText(const store::CaseReport& report, const std::string& language) {
  // Each line is a label the report form reader knows (parsers/report_form.cpp), so the
  // reporter's answer written after the colon is read back as that consent.
  const bool ja = japanese(language);
  std::string text;
  for (const auto topic : core::unansweredConsents(consentsOf(report))) {
    switch (topic) {
      case core::ConsentTopic::ShareIdentity:
        text += ja ? "    (ウ) お名前と連絡先の製品開発者への通知の可否（可／不可）：\n"
                   : "    May we pass on your name and contact address to vendors (yes/no):\n";
        break;
      case core::ConsentTopic::DirectContact:
        text += ja ? "    (エ) 製品開発者から直接連絡を受けることの可否（可／不可）：\n"
                   : "    May vendors contact you directly (yes/no):\n";
        break;
      case core::ConsentTopic::Credit:
        text += ja ? "    (オ) お名前の公表の可否（可／不可）：\n"
                   : "    May we publish your name in the advisory as credit (yes/no):\n";
        break;
    }
  }
  if (!text.empty()) text.pop_back();
  return text;
}

templates::NoticeData noticeData(const NoticeContext& ctx, const NoticeRecipientInfo& recipient,
                                 const NoticeExtras& extras) {
  const core::Case& c = *ctx.caseRecord;
  const store::CaseReport& report = *ctx.report;
  const core::CaseWorkflow& wf = *ctx.workflow;
  const core::TimeZone& tz = *ctx.timeZone;
  const std::string& lang = ctx.language;
  const core::CivilDate today = core::localDate(ctx.now, tz);
  const core::Disclosure may =
      core::disclosureFor(readerOf(recipient.audience), provenanceOf(report));
  const std::string product = may.product ? report.product : std::string();

  templates::NoticeData data{
      {"case_id", c.id},
      {"coordinator_name", ctx.coordinatorName},
      {"intake_address", ctx.intakeAddress},
      {"case_title", caseTitle(c, report, product, lang)},
      {"product", product},
      {"received_at", core::formatLocalTime(c.receivedAt, tz)},
  };
  if (may.originalSubject) data["original_subject"] = c.subject;
  data["vulnerability_summary"] =
      !report.summary.empty()
          ? report.summary
          : (japanese(lang) ? "貴社（貴団体）の製品に関する脆弱性の報告を受け付けました。"
                            : "We have received a vulnerability report that may concern your "
                              "products.");
  // The details are embargoed: only a confidential (encrypted or held) notice gets them.
  // They are the text the operator wrote or confirmed, never the report as received.
  if (recipient.confidential) {
    if (may.details) data["vulnerability_details"] = report.details;
    data["solution"] = report.solution;
  }
  if (wf.publicationDate)
    data["publication_date"] = publicationDateText(*wf.publicationDate, tz, ctx.publicationTime);
  if (ctx.before != nullptr && ctx.before->publicationDate)
    data["previous_publication_date"] =
        publicationDateText(*ctx.before->publicationDate, tz, ctx.publicationTime);
  if (!extras.moveReason.empty()) data["move_reason"] = extras.moveReason;
  if (wf.stopReason) {
    data["stop_reason"] = stopReasonText(*wf.stopReason, lang) +
                          (extras.stopNote.empty() ? "" : " (" + extras.stopNote + ")");
  }
  if (wf.cancelReason) data["cancel_reason"] = cancelReasonText(*wf.cancelReason, lang);
  if (!report.missing.empty()) data["missing_fields"] = missingFieldsText(report.missing, lang);
  if (recipient.audience == NoticeAudience::Reporter) {
    if (auto text = missingConsentsText(report, lang); !text.empty())
      data["missing_consents"] = std::move(text);
  }
  // Only the statement the operator agreed with the vendors (000 4.8), never the
  // reporter's own words about exploitation.
  if (!report.exploitationStatement.empty())
    data["exploitation_statement"] = report.exploitationStatement;
  data["advisory_url"] = report.advisoryUrl;
  data["vendor_status_table"] = vendorStatusTable(wf, lang);
  const int answerDays = ctx.policy->unresponsiveReminderDays.empty()
                             ? 7
                             : ctx.policy->unresponsiveReminderDays.front();
  data["deadline_date"] = core::formatDate(core::addDays(today, answerDays));
  data["registration_instructions"] = registrationInstructions(lang);
  data["related_organisation_name"] = extras.relatedOrganisationName;
  data["related_organisation_contact"] = extras.relatedOrganisationContact;
  data["requesting_vendor_name"] = extras.requestingVendorName;
  data["ended_vendor_name"] = extras.endedVendorName;

  // The case-wide start date: the earliest vendor's (the reporter's one-year clock).
  std::optional<core::CivilDate> caseStart;
  for (const auto& v : wf.vendors) {
    if (auto s = core::startDate(v, tz); s && (!caseStart || *s < *caseStart)) caseStart = s;
  }
  auto setStart = [&](std::optional<core::CivilDate> start) {
    if (!start) return;
    data["start_date"] = core::formatDate(*start);
    data["days_since_start"] = std::to_string(core::daysBetween(*start, today));
  };
  setStart(caseStart);

  const std::string reporterName =
      extras.unauthenticatedReporter ? std::string()
      : !report.reporterName.empty()
          ? report.reporterName
          : (c.participants.empty() ? std::string() : c.participants.front().name);
  switch (recipient.audience) {
    case NoticeAudience::Reporter:
      data["reporter_name"] = reporterName;
      data["reporter_address"] = c.reporter;
      // The reporter reads what its consents let vendors see (case-accepted).
      if (may.reporterIdentity) data["reporter_identity_consented"] = "yes";
      if (may.reporterDirectContact) data["reporter_direct_contact"] = "yes";
      break;
    case NoticeAudience::Vendor: {
      if (recipient.vendor != nullptr) data["vendor_name"] = recipient.vendor->organisation;
      // A vendor's clocks run from its own start date (003 §2-3), never another vendor's.
      data.erase("start_date");
      data.erase("days_since_start");
      if (const auto* v = participantOf(wf, recipient.vendor)) {
        if (v->publicStatus) data["vendor_status"] = statusLabel(*v->publicStatus, lang);
        setStart(core::startDate(*v, tz));
      }
      data["reply_form"] = parsers::blankVendorReplyForm(lang, c.id, ctx.replyReference);
      if (may.reporterIdentity) {
        data["reporter_identity_consented"] = "yes";
        data["reporter_name"] = reporterName;
      }
      // The address only with leave to contact the reporter directly (エ), see
      // core/vendor_disclosure: otherwise the vendor goes through the coordinator.
      if (may.reporterDirectContact) {
        data["reporter_direct_contact"] = "yes";
        data["reporter_address"] = c.reporter;
      }
      break;
    }
    case NoticeAudience::Operator:
      data["alert_code"] = extras.alertCode;
      data["alert_text"] = extras.alertText;
      if (recipient.vendor != nullptr) {
        data["vendor_name"] = recipient.vendor->organisation;
        // An alert about a vendor counts from that vendor's start date.
        data.erase("start_date");
        data.erase("days_since_start");
        if (const auto* v = participantOf(wf, recipient.vendor)) {
          setStart(core::startDate(*v, tz));
          data["contact_attempts"] = contactAttemptsText(*v, tz);
        }
      }
      break;
    case NoticeAudience::PriorityRecipient:
      break;
    case NoticeAudience::RelatedOrganisation:
      if (recipient.vendor != nullptr) relatedOrganisationData(data, ctx, *recipient.vendor);
      break;
  }
  // Credit is public once the advisory is out, and only with the reporter's consent (オ).
  if (may.credit && report.publishName == "yes")
    data["reporter_credit"] = !report.credit.empty() ? report.credit : reporterName;
  return data;
}

}  // namespace cvdd::daemon
