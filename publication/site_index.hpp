#pragma once
// index.html and index.ja.html: the published advisories, newest first (ID, title, date of
// publication, a link to each advisory page), and links to the statistics and the CSAF
// provider metadata. Well-formed XML (polyglot HTML5), every text escaped.

#include <string>
#include <vector>

#include "core/language.hpp"
#include "core/time_zone.hpp"
#include "publication/site.hpp"

namespace cvdd::publication {

/// The page in `language`; dates are local days in `zone`. Total.
std::string renderAdvisoryIndex(std::vector<AdvisoryListing> advisories,
                                const std::string& coordinatorName, const core::TimeZone& zone,
                                core::Language language);

}  // namespace cvdd::publication
