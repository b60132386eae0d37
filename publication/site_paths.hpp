#pragma once
// Where each file of the published site lives, relative to [publication] dir. The layout is
// fixed (issue 12 item 1) so that scripts, links and tests can rely on it:
//   index.html, index.ja.html                 the published advisories
//   advisories/<dir>/index.html ...           one case (<dir> = advisoryDirName(case ID))
//   csaf/<year>/<file>.json                   its CSAF document (csafFileName; the UTC year
//                                             of its initial release, CSAF 2.0 §7.1.11)
//   csaf/provider-metadata.json, index.txt, changes.csv    CSAF 2.0 §7.1.7, 7.1.13, 7.1.14
//   unreachable/...                           the unreachable-vendors list
//   stats/index.html, index.ja.html, stats.json
// Every link between pages is made from these functions, never spelled out again.

#include <string>
#include <string_view>

#include "core/language.hpp"
#include "core/time.hpp"

namespace cvdd::publication {

/// The directory name of a case: stable, safe in a path and in a URL without escaping, and
/// one-to-one. Letters and digits stay, '#' becomes '-', every other byte "_xx" (its hex),
/// so "CVD#20260001" -> "CVD-20260001" and no two case IDs share a name. Total.
std::string advisoryDirName(std::string_view caseId);

/// "advisories/<advisoryDirName>/": the case's directory, ending in '/'.
std::string advisoryDir(std::string_view caseId);

/// The case's advisory page in `language`: advisoryDir + "index.html" or "index.ja.html".
std::string advisoryPage(std::string_view caseId, core::Language language);

/// "csaf/<year>/<csafFileName>": where the case's CSAF document lives; the year is the UTC
/// year of the initial release (the publication), as in the document's canonical URL.
std::string csafDocumentPath(std::string_view caseId, core::Timestamp initialRelease);

/// "index.html" or "index.ja.html": the name of a page in a language, in any directory.
std::string pageName(core::Language language);

}  // namespace cvdd::publication
