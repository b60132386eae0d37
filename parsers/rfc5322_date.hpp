#pragma once
// RFC 5322 Date fields as senders write them.

#include <chrono>
#include <optional>
#include <string_view>

#include "core/time.hpp"

namespace cvdd::parsers {

struct MessageDate {
  core::Timestamp utc;
  std::chrono::minutes offset{0};  // the zone it was written in: local = utc + offset
};

/// A date-time of RFC 5322 §3.3 including the obsolete forms of §4.3: optional weekday,
/// two- and three-digit years, named and military zones (unknown names read as UT),
/// missing seconds or zone, comments and extra whitespace. Hours past 23 roll over into
/// the next day, as Ruby's mail gem reads them (mail-jdec out_of_range_hour). nullopt
/// when it is no date (a day that does not exist, a year before 1900, text).
std::optional<MessageDate> parseRfc5322Date(std::string_view value);

}  // namespace cvdd::parsers
