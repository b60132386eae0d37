#pragma once
// A quarantine item as cvdctl's --json output shows it.

#include <nlohmann/json.hpp>

#include "store/records.hpp"

namespace cvdd::cli {

nlohmann::json quarantineItemJson(const store::QuarantineItem& item);

}  // namespace cvdd::cli
