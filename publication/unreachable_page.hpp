#pragma once
// unreachable/index.html, index.ja.html and unreachable.json: the unreachable-vendors list
// (003 §7, figures 3–5) as one standalone page per language — no JavaScript, no external
// resource, well-formed XML (polyglot HTML5), every text escaped — and as JSON with
// stable keys. Each row carries data-inquiry (and data-stage) so tests and scripts can
// read it back. Only what core::unreachableListing gives is shown: no case ID, nothing
// of the vulnerability.
//
// unreachable.json: {"contact": how to answer, "vendors": [{inquiry_number, vendor,
//   related_link, listed_on, products, products_disclosed_on (or null), contact_deadline
//   (or null), contact_deadline_added_on (or null), stage, notes}]}, dates "YYYY-MM-DD".

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/language.hpp"
#include "core/unreachable_listing.hpp"

namespace cvdd::publication {

/// The page in `language`, naming contactAddress as where to write (subject: the inquiry
/// number); it links to its other-language twin and to unreachable.json. Total.
std::string renderUnreachablePage(const std::vector<core::UnreachableEntry>& entries,
                                  core::Language language, std::string_view contactAddress);

/// The list as the document above. Total.
nlohmann::json unreachableJson(const std::vector<core::UnreachableEntry>& entries,
                               std::string_view contactAddress);

}  // namespace cvdd::publication
