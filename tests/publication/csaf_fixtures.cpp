// Writes the CSAF documents of the test cases (csaf_cases.hpp) into the directory given,
// one file per case, for tests/csaf/validate.mjs to check with the BSI's validator.

#include <fstream>
#include <iostream>

#include "tests/publication/csaf_cases.hpp"

int main(int argc, char** argv) {
  using namespace cvdd::publication;
  using namespace cvdd::publication::testing;
  if (argc != 2) {
    std::cerr << "usage: csaf_fixtures DIR\n";
    return 2;
  }
  auto withoutConsent = creditedCase();
  withoutConsent.caseId = "CVD#20260005";
  withoutConsent.report.caseId = withoutConsent.caseId;
  withoutConsent.workflow.caseId = withoutConsent.caseId;
  withoutConsent.report.publishName = "no";
  const std::pair<const char*, CsafSource> cases[] = {
      {"multi-vendor", multiVendorCase()},       {"no-affected-product", noAffectedProductCase()},
      {"cve-cvss-credit", creditedCase()},       {"without-consent", withoutConsent},
      {"planted-secrets", plantedSecretsCase()},
  };
  for (const auto& [name, source] : cases) {
    const auto changes = statusChangesAfterPublication(source.workflow);
    // Version 1 + one revision per later statement, and one regeneration on top.
    const int version = 2 + static_cast<int>(changes.size());
    const auto doc = csafDocument(source, kPublisher,
                                  csafRevisions(*source.workflow.publishedAt, version, changes,
                                                kPublishedAt + hours{24 * 40}));
    if (!doc) {
      std::cerr << name << ": " << doc.error().what << "\n";
      return 1;
    }
    std::ofstream out(std::string(argv[1]) + "/" + name + ".json");
    out << doc->dump(2) << "\n";
    if (!out) {
      std::cerr << name << ": cannot write\n";
      return 1;
    }
  }
  return 0;
}
