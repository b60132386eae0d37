#pragma once
// Civil dates for the case clocks: calendar months clamped to month end, plain days.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cvdd::core {

/// A day in some calendar, with no time zone: "the start date", "the publication date".
using CivilDate = std::chrono::year_month_day;

/// `months` calendar months later (earlier when negative), the day clamped to the last day
/// of the target month: Nov 30 + 3 = Feb 28 (Feb 29 in leap years), Aug 31 + 6 = Feb 28/29.
/// An invalid input date (`!date.ok()`) is returned unchanged.
CivilDate addCalendarMonths(CivilDate date, int months);

/// `days` days later (earlier when negative); an invalid input date is returned unchanged.
CivilDate addDays(CivilDate date, int days);

/// Signed number of days from `from` to `to` (positive when `to` is later).
int daysBetween(CivilDate from, CivilDate to);

/// ISO 8601 calendar date, "2026-02-28".
std::string formatDate(CivilDate date);

/// Parses exactly "YYYY-MM-DD" into a valid date; nullopt for anything else (Feb 30 too).
std::optional<CivilDate> parseDate(std::string_view text);

}  // namespace cvdd::core
