#pragma once
// The public advisory of a published case (003 §6-4 figures 1 and 2, §7-2 figure 6):
// advisories/<ID>/index.html and index.ja.html, the same content as index.md and
// index.ja.md, and one page per vendor on the table, vendors/<file>.html (.ja.html).
// Pages are standalone polyglot XHTML (well-formed XML, no JavaScript, no external
// resource, inline CSS) and link to their other-language twin.
//
// What is shown comes from the operator's public texts on the report (title, summary,
// description, impact, solution, references, coordinator notes, CVE, CVSS, the agreed
// exploitation statement, the credit only with the reporter's consent), the statements of
// the vendors on the table and the registry's organisation names and products. Never read:
// the report's vulnerability text, the details, the reporter's contact, personal data,
// other facts or organisations, non-public vendor comments, notices, registry ids shown as
// names, or anything of a vendor that was never given the details.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/language.hpp"
#include "core/time_zone.hpp"
#include "publication/csaf.hpp"
#include "publication/published_case.hpp"

namespace cvdd::publication {

/// Whether the case may be shown to the public: published (or closed after publication).
bool advisoryIsPublic(const PublishedCase& c);

/// The vendors on the advisory's table, in the order they joined the case (stable across
/// regenerations): each vendor given the details, and each vendor the publication
/// committee ruled to publish. Related organisations never.
std::vector<std::string> advisoryVendorIds(const PublishedCase& c);

/// The vendor page's file name for a registry id ("acme" -> "acme.html", Japanese
/// "acme.ja.html"): lower-case letters, digits and '-' are kept, every other byte becomes
/// "_XX" (its hex), so distinct ids give distinct names and none can climb out of
/// vendors/ or hide (no '/', '.', or leading dot); over-long ids are cut and suffixed with
/// a hash. Total.
std::string vendorPageFileName(std::string_view vendorId,
                               core::Language language = core::Language::English);

/// advisories/<ID>/index.html (English) or index.ja.html; revisions as csafRevisions
/// gives them (the revision history). "" when the case is not public.
std::string renderAdvisoryHtml(const PublishedCase& c, const std::vector<CsafRevision>& revisions,
                               core::Language language, const core::TimeZone& timeZone);

/// index.md / index.ja.md: the same content in Markdown, every text escaped so that it
/// cannot change the document's structure. "" when the case is not public.
std::string renderAdvisoryMarkdown(const PublishedCase& c,
                                   const std::vector<CsafRevision>& revisions,
                                   core::Language language, const core::TimeZone& timeZone);

/// vendors/<vendorPageFileName> : the vendor's status, public comment, advisory URL, its
/// public history (given the details, each statement) and, after the committee, the
/// figure-6 timeline. nullopt for a vendor not on the table or a case not public.
std::optional<std::string> renderVendorPage(const PublishedCase& c, std::string_view vendorId,
                                            core::Language language,
                                            const core::TimeZone& timeZone);

/// One vendor page of a case.
struct VendorPage {
  std::string vendorId;
  std::string fileName;  // vendorPageFileName(vendorId, language)
  std::string html;
};

/// Every vendor page of the case in one pass (what the site builds: rendering them one by
/// one with renderVendorPage reads the case's history once per vendor). Empty when the case
/// is not public.
std::vector<VendorPage> renderVendorPages(const PublishedCase& c, core::Language language,
                                          const core::TimeZone& timeZone);

}  // namespace cvdd::publication
