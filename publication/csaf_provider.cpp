#include "publication/csaf_provider.hpp"

#include <algorithm>

namespace cvdd::publication {

nlohmann::json csafProviderMetadata(const CsafPublisher& publisher, std::string_view baseUrl,
                                    core::Timestamp lastUpdated) {
  const std::string csaf = std::string(baseUrl) + "/csaf/";
  return {{"canonical_url", csaf + "provider-metadata.json"},
          {"distributions", {{{"directory_url", csaf}}}},
          {"last_updated", core::formatIso8601(lastUpdated)},
          {"list_on_CSAF_aggregators", true},
          {"metadata_version", "2.0"},
          {"mirror_on_CSAF_aggregators", true},
          {"publisher",
           {{"category", "coordinator"},
            {"name", publisher.name},
            {"namespace", publisher.namespaceUrl}}},
          {"role", "csaf_provider"}};
}

std::string csafIndexTxt(std::vector<CsafEntry> entries) {
  std::sort(entries.begin(), entries.end(),
            [](const CsafEntry& a, const CsafEntry& b) { return a.path < b.path; });
  std::string out;
  for (const auto& e : entries) out += e.path + "\n";
  return out;
}

std::string csafChangesCsv(std::vector<CsafEntry> entries) {
  std::sort(entries.begin(), entries.end(), [](const CsafEntry& a, const CsafEntry& b) {
    return a.updatedAt != b.updatedAt ? a.updatedAt > b.updatedAt : a.path < b.path;
  });
  std::string out;
  // Paths are [a-z0-9+_-/.] (csafFileName): nothing to escape inside the quotes.
  for (const auto& e : entries)
    out += "\"" + e.path + "\",\"" + core::formatIso8601(e.updatedAt) + "\"\n";
  return out;
}

}  // namespace cvdd::publication
