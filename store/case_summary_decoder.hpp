#pragma once
// The case summary read back without building a JSON document: `cvdctl case list` and
// `cvdctl todo` decode every summary in the store, so this is their cost per case.

#include <string_view>

#include "store/records.hpp"

namespace cvdd::store::codec {

/// The summary encodeCaseSummary wrote. Throws std::invalid_argument on malformed JSON, a
/// required field missing (id, state, reporter, subject, receivedAt, language, messages),
/// a known field of the wrong type or an unknown name; fields it does not know are skipped.
CaseSummary decodeCaseSummaryEvents(std::string_view text);

}  // namespace cvdd::store::codec
