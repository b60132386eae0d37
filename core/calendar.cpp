#include "core/calendar.hpp"

#include <cstdio>

namespace cvdd::core {

using namespace std::chrono;

CivilDate addCalendarMonths(CivilDate date, int months) {
  if (!date.ok()) return date;
  const year_month target = year_month{date.year(), date.month()} + std::chrono::months{months};
  const day last = year_month_day_last{target.year(), month_day_last{target.month()}}.day();
  return CivilDate{target.year(), target.month(), date.day() <= last ? date.day() : last};
}

CivilDate addDays(CivilDate date, int days) {
  if (!date.ok()) return date;
  return CivilDate{sys_days{date} + std::chrono::days{days}};
}

int daysBetween(CivilDate from, CivilDate to) {
  return static_cast<int>((sys_days{to} - sys_days{from}).count());
}

std::string formatDate(CivilDate date) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

std::optional<CivilDate> parseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](std::size_t from, std::size_t length) -> std::optional<int> {
    int value = 0;
    for (std::size_t i = from; i < from + length; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const auto y = number(0, 4);
  const auto m = number(5, 2);
  const auto d = number(8, 2);
  if (!y || !m || !d) return std::nullopt;
  const CivilDate date{year{*y}, month{static_cast<unsigned>(*m)}, day{static_cast<unsigned>(*d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

}  // namespace cvdd::core
