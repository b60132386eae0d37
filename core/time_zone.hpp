#pragma once
// A time zone as a value: UTC offsets over time, built by the caller. core/ never reads the
// system tz database (GCC 12 has no std::chrono::locate_zone, and reading files is I/O):
// fixed-offset zones are made here, everything else comes from TZif bytes (core/tzif.hpp)
// that an adapter has read from /usr/share/zoneinfo.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

namespace cvdd::core {

/// From `at` on (until the next transition), local time = UTC + utcOffset.
struct OffsetTransition {
  Timestamp at;
  std::chrono::seconds utcOffset{0};  // east of Greenwich is positive: Tokyo +32400

  friend bool operator==(const OffsetTransition&, const OffsetTransition&) = default;
};

/// The day of the year a POSIX TZ rule names: "Jn" (1..365, Feb 29 never counted),
/// "n" (0..365, Feb 29 counted) or "Mm.w.d" (weekday d of week w of month m, w 5 = last).
struct PosixRuleDate {
  enum class Kind { JulianNoLeap, ZeroBased, MonthWeekDay };
  Kind kind = Kind::MonthWeekDay;
  int day = 0;  // Jn: 1..365, n: 0..365
  int month = 1;
  int week = 1;
  int weekday = 0;  // 0 = Sunday

  /// The civil date this rule names in year y.
  CivilDate in(std::chrono::year y) const;
};

/// A POSIX TZ string (the TZif footer), e.g. "CET-1CEST,M3.5.0,M10.5.0/3" or "JST-9".
/// Offsets are stored east-positive (the opposite of the POSIX sign).
struct PosixTzRule {
  std::string standardName;
  std::chrono::seconds standardOffset{0};
  struct Dst {
    std::string name;
    std::chrono::seconds offset{0};
    PosixRuleDate start;
    std::chrono::seconds startTime{7200};  // local (standard) time of day, may exceed 24h
    PosixRuleDate end;
    std::chrono::seconds endTime{7200};  // local (daylight) time of day
  };
  std::optional<Dst> dst;

  /// The offset in effect at t.
  std::chrono::seconds offsetAt(Timestamp t) const;
  /// The DST start and end instants in UTC for year y, in time order; empty without DST.
  std::vector<OffsetTransition> transitionsIn(std::chrono::year y) const;
};

/// Parses a POSIX TZ string with the RFC 8536 §3.3 extensions (hours -167..167 in rule
/// times); Errc::InvalidConfig naming the position on any malformation, and for a DST
/// part without a rule (TZif footers always carry one).
Result<PosixTzRule> parsePosixTz(std::string_view text);

class TimeZone {
 public:
  /// A zone with one offset forever, e.g. fixed("Asia/Tokyo", 9h).
  static TimeZone fixed(std::string name, std::chrono::seconds utcOffset);
  /// UTC itself.
  static TimeZone utc();
  /// A transition table (what TZif data blocks hold) with the offset before the first
  /// transition, and optionally the footer rule for instants after the last one (without
  /// it the last offset continues forever). Errc::InvalidConfig when transitions are not
  /// strictly ascending or an offset is beyond ±26 hours.
  static Result<TimeZone> fromTransitions(std::string name, std::chrono::seconds initialOffset,
                                          std::vector<OffsetTransition> transitions,
                                          std::optional<PosixTzRule> tail = std::nullopt);

  /// The zone's name as given ("Asia/Tokyo"); only for display and storage.
  const std::string& name() const { return name_; }
  /// The UTC offset in effect at t; total, never fails.
  std::chrono::seconds offsetAt(Timestamp t) const;
  /// Every offset change at an instant in [from, to), in time order (table and footer).
  std::vector<OffsetTransition> transitionsBetween(Timestamp from, Timestamp to) const;

 private:
  std::string name_;
  std::chrono::seconds initialOffset_{0};
  std::vector<OffsetTransition> transitions_;
  std::optional<PosixTzRule> tail_;
};

/// A local wall-clock reading: a civil date and the seconds since its midnight.
struct LocalDateTime {
  CivilDate date;
  std::chrono::seconds timeOfDay{0};

  friend bool operator==(const LocalDateTime&, const LocalDateTime&) = default;
};

/// The local date and time at t in tz; total, never fails.
LocalDateTime toLocal(Timestamp t, const TimeZone& tz);

/// t as a reader in tz sees it: "2026-11-22 19:05 +09:00 (Asia/Tokyo)" (minutes; the
/// offset in effect at t, so DST shows). For the times in notices.
std::string formatLocalTime(Timestamp t, const TimeZone& tz);

/// The local civil date at t in tz; total, never fails.
CivilDate localDate(Timestamp t, const TimeZone& tz);

/// The first UTC instant whose local time in tz is at or after `local` (date + time of
/// day): the exact instant when that wall-clock time exists, the end of the gap when it
/// falls in a DST gap, the earlier instant when it occurs twice.
Timestamp firstInstantAtOrAfter(LocalDateTime local, const TimeZone& tz);

/// The UTC instant where local date `date` begins in tz (its 00:00, or the first valid
/// instant after it when midnight falls in a DST gap); total, never fails.
Timestamp startOfLocalDay(CivilDate date, const TimeZone& tz);

}  // namespace cvdd::core
