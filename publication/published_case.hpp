#pragma once
// What every published page and document of a case is built from: the case's report (the
// operator's public texts beside the confidential fields, which the builders never read),
// its coordination workflow and the vendor registry entries of its vendors.

#include <string>
#include <vector>

#include "core/language.hpp"
#include "core/lifecycle.hpp"
#include "store/records.hpp"

namespace cvdd::publication {

/// A case as the publication builders read it.
struct PublishedCase {
  std::string caseId;
  core::Language language = core::Language::English;  // the case's language
  store::CaseReport report;
  core::CaseWorkflow workflow;
  std::vector<store::VendorRecord> registry;  // looked up by vendor id; others are ignored
};

}  // namespace cvdd::publication
