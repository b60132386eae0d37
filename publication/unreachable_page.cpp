#include "publication/unreachable_page.hpp"

#include "publication/html.hpp"
#include "publication/stats_labels.hpp"
#include "publication/xhtml_page.hpp"

namespace cvdd::publication {

namespace {

using core::Language;

const char* const kStyle =
    "body{font-family:sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222}"
    "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .6em}";

std::string th(std::string_view text) {
  return "<th>" + htmlEscape(text) + "</th>";
}

/// The notes column: why the vendor could not be reached, in the page's language.
std::string notes(const core::UnreachableEntry& e, Language l) {
  if (!e.reason) return {};
  return std::string(e.reason == core::UnreachableReason::UnknownDeveloper
                         ? pick(l, "developer of the product unknown", "製品の開発者が不明")
                         : pick(l, "no contact channel known", "連絡先が不明"));
}

std::string productsCell(const core::UnreachableEntry& e, Language l) {
  if (!e.productsDisclosedOn) return "<td class=\"products\"></td>";
  std::string out = "<td class=\"products\">" + htmlEscape(e.products) +
                    " <span class=\"disclosed\">" +
                    htmlEscape(core::formatDate(*e.productsDisclosedOn) +
                               std::string(pick(l, " (disclosed)", "（開示）"))) +
                    "</span>";
  if (e.contactDeadline) {
    out += "<br/><span class=\"contact-deadline\" data-deadline=\"" +
           core::formatDate(*e.contactDeadline) + "\">" +
           htmlEscape(std::string(pick(l, "Contact accepted until ", "連絡期限: ")) +
                      core::formatDate(*e.contactDeadline) +
                      (e.contactDeadlineAddedOn ? std::string(pick(l, " (added ", "（")) +
                                                      core::formatDate(*e.contactDeadlineAddedOn) +
                                                      std::string(pick(l, ")", " 追記）"))
                                                : std::string())) +
           "</span>";
  }
  return out + "</td>";
}

std::string row(const core::UnreachableEntry& e, Language l) {
  const std::string link = e.relatedLink.empty()
                               ? std::string()
                               : "<a href=\"" + htmlEscape(e.relatedLink) + "\" rel=\"nofollow\">" +
                                     htmlEscape(e.relatedLink) + "</a>";
  return "<tr data-inquiry=\"" + htmlEscape(e.inquiryNumber) + "\" data-stage=\"" +
         std::string(core::listingStageName(e.stage)) + "\"><td class=\"inquiry\">" +
         htmlEscape(e.inquiryNumber) + "</td><td class=\"vendor\">" + htmlEscape(e.vendorName) +
         "</td><td class=\"link\">" + link + "</td><td class=\"listed\">" +
         core::formatDate(e.listedOn) + "</td>" + productsCell(e, l) + "<td class=\"notes\">" +
         htmlEscape(notes(e, l)) + "</td></tr>";
}

}  // namespace

std::string renderUnreachablePage(const std::vector<core::UnreachableEntry>& entries, Language l,
                                  std::string_view contactAddress) {
  const bool ja = l == Language::Japanese;
  const std::string title(pick(l, "Unreachable vendors", "連絡不能開発者一覧"));
  std::string out = xhtmlPageStart(l, title, kStyle);
  out += "<h1>" + htmlEscape(title) + "</h1>";
  out += "<p class=\"links\"><a href=\"unreachable.json\">unreachable.json</a> · <a href=\"" +
         std::string(ja ? "index.html\" hreflang=\"en\">English"
                        : "index.ja.html\" hreflang=\"ja\">日本語") +
         "</a></p>";
  out += "<p class=\"about\">" +
         htmlEscape(pick(l,
                         "We are looking for the developers of software products below, or anyone "
                         "who can put us in touch with them, about a vulnerability report we "
                         "could not deliver.",
                         "届出のあったソフトウエア製品について、以下の製品開発者またはその関係者"
                         "からのご連絡を求めています。")) +
         "</p>";
  out += "<p class=\"contact\">" +
         htmlEscape(pick(l, "Contact: mail to ", "連絡先: Subject に問い合わせ番号を明記し ")) +
         "<a href=\"mailto:" + htmlEscape(contactAddress) + "\">" + htmlEscape(contactAddress) +
         "</a>" +
         htmlEscape(pick(l, " with the inquiry number in the subject.", " 宛にご連絡ください。")) +
         "</p>";
  out += "<table class=\"unreachable\"><thead><tr>" + th(pick(l, "Inquiry number", "問合せ番号")) +
         th(pick(l, "Vendor", "開発者名")) + th(pick(l, "Related link", "関連情報")) +
         th(pick(l, "Listed on", "一覧追加日")) + th(pick(l, "Products", "製品情報")) +
         th(pick(l, "Notes", "備考")) + "</tr></thead><tbody>";
  for (const auto& e : entries) out += row(e, l);
  out += "</tbody></table>";
  if (entries.empty())
    out += "<p class=\"empty\">" +
           htmlEscape(pick(l, "No vendor is listed.", "掲載中の開発者はありません。")) + "</p>";
  return out + "</body></html>\n";
}

nlohmann::json unreachableJson(const std::vector<core::UnreachableEntry>& entries,
                               std::string_view contactAddress) {
  auto optionalDate = [](const std::optional<core::CivilDate>& d) {
    return d ? nlohmann::json(core::formatDate(*d)) : nlohmann::json(nullptr);
  };
  nlohmann::json vendors = nlohmann::json::array();
  for (const auto& e : entries) {
    vendors.push_back({
        {"inquiry_number", e.inquiryNumber},
        {"vendor", e.vendorName},
        {"related_link", e.relatedLink},
        {"listed_on", core::formatDate(e.listedOn)},
        {"products", e.products},
        {"products_disclosed_on", optionalDate(e.productsDisclosedOn)},
        {"contact_deadline", optionalDate(e.contactDeadline)},
        {"contact_deadline_added_on", optionalDate(e.contactDeadlineAddedOn)},
        {"stage", core::listingStageName(e.stage)},
        {"notes", notes(e, Language::English)},
    });
  }
  return {{"contact",
           {{"address", std::string(contactAddress)},
            {"subject", "the inquiry number, e.g. DID#00001"}}},
          {"vendors", std::move(vendors)}};
}

}  // namespace cvdd::publication
