// The advisory pages of three cases (advisory_cases.hpp) against golden files under
// tests/publication/golden/<case>/, laid out as the site is (index.html, index.ja.html,
// index.md, index.ja.md, vendors/<file>.html). CVDD_UPDATE_GOLDEN=1 rewrites them instead
// (then read the diff before committing).

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/publication/advisory_cases.hpp"

namespace cvdd::publication::advisory_testing {
namespace {

namespace fs = std::filesystem;
using core::Language;

const fs::path kGolden = CVDD_PUBLICATION_GOLDEN_DIR;

bool updating() {
  const char* env = std::getenv("CVDD_UPDATE_GOLDEN");
  return env && std::string_view(env) == "1";
}

void expectGolden(const fs::path& relative, const std::string& actual) {
  const fs::path file = kGolden / relative;
  if (updating()) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(file, std::ios::binary);
  ASSERT_TRUE(in) << file << " is missing (CVDD_UPDATE_GOLDEN=1 writes it)";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << relative << " differs from its golden file";
}

/// Every page of a case, as the site lays it out, against the golden files.
void expectCaseGolden(const std::string& name, const PublishedCase& c, bool vendorPages) {
  const auto& tz = tokyo();
  const auto revisions = revisionsOf(c);
  for (const auto l : {Language::English, Language::Japanese}) {
    const std::string suffix = l == Language::Japanese ? ".ja" : "";
    expectGolden(fs::path(name) / ("index" + suffix + ".html"),
                 renderAdvisoryHtml(c, revisions, l, tz));
    expectGolden(fs::path(name) / ("index" + suffix + ".md"),
                 renderAdvisoryMarkdown(c, revisions, l, tz));
    if (!vendorPages) continue;
    for (const auto& page : renderVendorPages(c, l, tz))
      expectGolden(fs::path(name) / "vendors" / page.fileName, page.html);
  }
}

TEST(AdvisoryGolden, MultiVendorCaseWithAllFiveStatuses) {
  expectCaseGolden("multi-vendor", multiVendorCase(), true);
}

TEST(AdvisoryGolden, VendorWithNoAffectedProduct) {
  expectCaseGolden("no-affected-product", noAffectedProductCase(), false);
}

TEST(AdvisoryGolden, PublishedAfterTheCommittee) {
  expectCaseGolden("committee", committeeCase(), true);
}

}  // namespace
}  // namespace cvdd::publication::advisory_testing
