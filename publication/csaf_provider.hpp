#pragma once
// The files that make the site a CSAF 2.0 provider with a directory-based distribution
// (CSAF 2.0 §7.1.7, §7.1.11–7.1.14): csaf/provider-metadata.json, csaf/index.txt and
// csaf/changes.csv beside the year folders csaf/<year>/<file>.json. Serve the site over
// TLS and point /.well-known/csaf/provider-metadata.json (or a security.txt "CSAF:" line)
// at csaf/provider-metadata.json (§7.1.8, §7.1.9).

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "publication/csaf.hpp"

namespace cvdd::publication {

/// One document of the distribution.
struct CsafEntry {
  std::string path;           // relative to csaf/, e.g. "2026/cvd_20260001.json"
  core::Timestamp updatedAt;  // its tracking.current_release_date
};

/// provider-metadata.json: role csaf_provider, canonical URL
/// <baseUrl>/csaf/provider-metadata.json, one directory distribution <baseUrl>/csaf/, the
/// documents' publisher, listing and mirroring on aggregators allowed (every document is
/// TLP:CLEAR), last_updated as given.
nlohmann::json csafProviderMetadata(const CsafPublisher& publisher, std::string_view baseUrl,
                                    core::Timestamp lastUpdated);

/// index.txt: every document's path, one per line, in path order (§7.1.13).
std::string csafIndexTxt(std::vector<CsafEntry> entries);

/// changes.csv: "path","current_release_date" per document, newest first, ties by path
/// (§7.1.14).
std::string csafChangesCsv(std::vector<CsafEntry> entries);

}  // namespace cvdd::publication
