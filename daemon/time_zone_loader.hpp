#pragma once
// Reads a zone from the system's tz database (/usr/share/zoneinfo) for the pure core.

#include <string_view>

#include "core/error.hpp"
#include "core/time_zone.hpp"

namespace cvdd::daemon {

/// The zone named by an IANA name ("Asia/Tokyo"); "UTC" needs no file. Errors name the
/// zone and the file.
core::Result<core::TimeZone> loadTimeZone(std::string_view name);

}  // namespace cvdd::daemon
