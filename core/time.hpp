#pragma once
// Time in the domain: UTC seconds, and an injected clock so decisions are testable.

#include <chrono>
#include <functional>
#include <string>

namespace cvdd::core {

using Timestamp = std::chrono::sys_seconds;

/// The clock is passed in, never read from the system inside core/.
using Clock = std::function<Timestamp()>;

/// ISO 8601 UTC, e.g. "2026-11-22T02:01:56Z".
std::string formatIso8601(Timestamp t);

}  // namespace cvdd::core

namespace cvdd::core {

/// RFC 5322 date-time in UTC, e.g. "Sun, 22 Nov 2026 02:01:56 +0000".
std::string formatRfc5322(Timestamp t);

}  // namespace cvdd::core
