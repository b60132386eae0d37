#include "core/time_zone.hpp"

#include <algorithm>
#include <cstdio>

namespace cvdd::core {

using namespace std::chrono;

namespace {

// No real zone is more than 26 hours from UTC; anything beyond is a malformed input.
constexpr seconds kMaxOffset = hours{26};

year yearOf(Timestamp t) {
  return year_month_day{floor<days>(t)}.year();
}

}  // namespace

CivilDate PosixRuleDate::in(year y) const {
  const sys_days jan1{y / January / 1};
  switch (kind) {
    case Kind::JulianNoLeap: {
      // Jn counts 1..365 and never Feb 29: from Mar 1 on a leap year is one day later.
      int ordinal = day;
      if (y.is_leap() && day >= 60) ++ordinal;
      return CivilDate{jan1 + days{ordinal - 1}};
    }
    case Kind::ZeroBased:
      return CivilDate{jan1 + days{day}};
    case Kind::MonthWeekDay: {
      const std::chrono::month m{static_cast<unsigned>(month)};
      const std::chrono::weekday wd{static_cast<unsigned>(weekday)};
      if (week >= 5) return CivilDate{sys_days{year_month_weekday_last{y, m, wd[last]}}};
      return CivilDate{sys_days{year_month_weekday{y, m, wd[static_cast<unsigned>(week)]}}};
    }
  }
  return CivilDate{jan1};
}

std::vector<OffsetTransition> PosixTzRule::transitionsIn(year y) const {
  if (!dst) return {};
  // The start time is read on the standard clock, the end time on the daylight clock.
  const Timestamp start = sys_days{dst->start.in(y)} + dst->startTime - standardOffset;
  const Timestamp end = sys_days{dst->end.in(y)} + dst->endTime - dst->offset;
  std::vector<OffsetTransition> out{{start, dst->offset}, {end, standardOffset}};
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
  return out;
}

seconds PosixTzRule::offsetAt(Timestamp t) const {
  if (!dst) return standardOffset;
  const year y = yearOf(t);
  std::optional<OffsetTransition> latest;
  for (year candidate = y - years{1}; candidate <= y + years{1}; candidate += years{1}) {
    for (const auto& tr : transitionsIn(candidate)) {
      if (tr.at <= t && (!latest || tr.at >= latest->at)) latest = tr;
    }
  }
  return latest ? latest->utcOffset : standardOffset;
}

namespace {

class PosixParser {
 public:
  explicit PosixParser(std::string_view text) : text_(text) {}

  Result<PosixTzRule> parse() {
    PosixTzRule rule;
    auto stdName = name();
    if (!stdName) return error("standard zone name expected");
    rule.standardName = *stdName;
    auto stdOffset = offset(24);
    if (!stdOffset) return error("standard offset expected");
    rule.standardOffset = -*stdOffset;  // POSIX counts west of Greenwich as positive
    if (atEnd()) return rule;

    PosixTzRule::Dst dst;
    auto dstName = name();
    if (!dstName) return error("daylight zone name expected");
    dst.name = *dstName;
    dst.offset = rule.standardOffset + hours{1};
    if (!atEnd() && peek() != ',') {
      auto dstOffset = offset(24);
      if (!dstOffset) return error("daylight offset expected");
      dst.offset = -*dstOffset;
    }
    if (atEnd()) return error("daylight saving time without a rule");
    if (!consume(',')) return error("',' expected before the start rule");
    auto start = ruleDate();
    if (!start) return error("start rule expected (Jn, n or Mm.w.d)");
    dst.start = *start;
    if (consume('/')) {
      auto time = offset(167);
      if (!time) return error("start time expected");
      dst.startTime = *time;
    }
    if (!consume(',')) return error("',' expected before the end rule");
    auto end = ruleDate();
    if (!end) return error("end rule expected (Jn, n or Mm.w.d)");
    dst.end = *end;
    if (consume('/')) {
      auto time = offset(167);
      if (!time) return error("end time expected");
      dst.endTime = *time;
    }
    if (!atEnd()) return error("unexpected trailing characters");
    rule.dst = dst;
    return rule;
  }

 private:
  bool atEnd() const { return pos_ >= text_.size(); }
  char peek() const { return atEnd() ? '\0' : text_[pos_]; }
  bool consume(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  static bool isAlpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
  static bool isDigit(char c) { return c >= '0' && c <= '9'; }

  tl::unexpected<Error> error(std::string what) const {
    return fail(Errc::InvalidConfig,
                "TZ string \"" + std::string(text_) + "\" @ " + std::to_string(pos_), what);
  }

  // "CET" (three or more letters) or "<+09>" (quoted, letters, digits, '+', '-').
  std::optional<std::string> name() {
    const std::size_t begin = pos_;
    if (consume('<')) {
      while (!atEnd() && peek() != '>') {
        const char c = peek();
        if (!isAlpha(c) && !isDigit(c) && c != '+' && c != '-') return std::nullopt;
        ++pos_;
      }
      if (!consume('>')) return std::nullopt;
      if (pos_ - begin - 2 < 3) return std::nullopt;
      return std::string(text_.substr(begin + 1, pos_ - begin - 2));
    }
    while (isAlpha(peek())) ++pos_;
    if (pos_ - begin < 3) return std::nullopt;
    return std::string(text_.substr(begin, pos_ - begin));
  }

  std::optional<int> number(int maxValue) {
    if (!isDigit(peek())) return std::nullopt;
    int value = 0;
    while (isDigit(peek())) {
      value = value * 10 + (peek() - '0');
      if (value > maxValue) return std::nullopt;
      ++pos_;
    }
    return value;
  }

  // [+-]hh[:mm[:ss]], hh up to maxHours; returned with the sign as written.
  std::optional<seconds> offset(int maxHours) {
    int sign = 1;
    if (consume('-')) {
      sign = -1;
    } else {
      consume('+');
    }
    auto h = number(maxHours);
    if (!h) return std::nullopt;
    int m = 0;
    int s = 0;
    if (consume(':')) {
      auto mm = number(59);
      if (!mm) return std::nullopt;
      m = *mm;
      if (consume(':')) {
        auto ss = number(59);
        if (!ss) return std::nullopt;
        s = *ss;
      }
    }
    return seconds{sign * (*h * 3600 + m * 60 + s)};
  }

  std::optional<PosixRuleDate> ruleDate() {
    PosixRuleDate date;
    if (consume('J')) {
      auto n = number(365);
      if (!n || *n < 1) return std::nullopt;
      date.kind = PosixRuleDate::Kind::JulianNoLeap;
      date.day = *n;
      return date;
    }
    if (consume('M')) {
      auto m = number(12);
      if (!m || *m < 1 || !consume('.')) return std::nullopt;
      auto w = number(5);
      if (!w || *w < 1 || !consume('.')) return std::nullopt;
      auto d = number(6);
      if (!d) return std::nullopt;
      date.kind = PosixRuleDate::Kind::MonthWeekDay;
      date.month = *m;
      date.week = *w;
      date.weekday = *d;
      return date;
    }
    auto n = number(365);
    if (!n) return std::nullopt;
    date.kind = PosixRuleDate::Kind::ZeroBased;
    date.day = *n;
    return date;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

Result<PosixTzRule> parsePosixTz(std::string_view text) {
  return PosixParser(text).parse();
}

TimeZone TimeZone::fixed(std::string name, seconds utcOffset) {
  TimeZone tz;
  tz.name_ = std::move(name);
  tz.initialOffset_ = utcOffset;
  return tz;
}

TimeZone TimeZone::utc() {
  return fixed("UTC", seconds{0});
}

Result<TimeZone> TimeZone::fromTransitions(std::string name, seconds initialOffset,
                                           std::vector<OffsetTransition> transitions,
                                           std::optional<PosixTzRule> tail) {
  const std::string where = "time zone " + name;
  auto plausible = [](seconds offset) { return offset > -kMaxOffset && offset < kMaxOffset; };
  if (!plausible(initialOffset)) return fail(Errc::InvalidConfig, where, "offset beyond 26 hours");
  for (std::size_t i = 0; i < transitions.size(); ++i) {
    if (!plausible(transitions[i].utcOffset)) {
      return fail(Errc::InvalidConfig, where + " transition " + std::to_string(i),
                  "offset beyond 26 hours");
    }
    if (i > 0 && transitions[i].at <= transitions[i - 1].at) {
      return fail(Errc::InvalidConfig, where + " transition " + std::to_string(i),
                  "transitions are not strictly ascending");
    }
  }
  if (tail && (!plausible(tail->standardOffset) || (tail->dst && !plausible(tail->dst->offset)))) {
    return fail(Errc::InvalidConfig, where + " footer", "offset beyond 26 hours");
  }
  TimeZone tz;
  tz.name_ = std::move(name);
  tz.initialOffset_ = initialOffset;
  tz.transitions_ = std::move(transitions);
  tz.tail_ = std::move(tail);
  return tz;
}

seconds TimeZone::offsetAt(Timestamp t) const {
  if (transitions_.empty()) return tail_ ? tail_->offsetAt(t) : initialOffset_;
  const auto after =
      std::upper_bound(transitions_.begin(), transitions_.end(), t,
                       [](Timestamp value, const OffsetTransition& tr) { return value < tr.at; });
  if (after == transitions_.begin()) return initialOffset_;
  // Past the table the footer rule speaks (RFC 8536 §3.3); without one the last offset
  // simply continues.
  if (after == transitions_.end() && tail_) return tail_->offsetAt(t);
  return std::prev(after)->utcOffset;
}

std::vector<OffsetTransition> TimeZone::transitionsBetween(Timestamp from, Timestamp to) const {
  std::vector<OffsetTransition> out;
  if (to <= from) return out;
  for (const auto& tr : transitions_) {
    if (tr.at >= from && tr.at < to) out.push_back(tr);
  }
  if (tail_ && tail_->dst) {
    // Rule transitions count only after the table's last one (a plain value, not an
    // optional: gcc -O2 warns, wrongly, that an optional here may be uninitialised).
    const Timestamp tableEnd = transitions_.empty() ? Timestamp::min() : transitions_.back().at;
    for (year y = yearOf(from) - years{1}; y <= yearOf(to) + years{1}; y += years{1}) {
      for (const auto& tr : tail_->transitionsIn(y)) {
        if (tr.at >= from && tr.at < to && tr.at > tableEnd) out.push_back(tr);
      }
    }
  }
  return out;
}

LocalDateTime toLocal(Timestamp t, const TimeZone& tz) {
  const Timestamp shifted = t + tz.offsetAt(t);
  const auto day = floor<days>(shifted);
  return LocalDateTime{CivilDate{day}, seconds{shifted - day}};
}

std::string formatLocalTime(Timestamp t, const TimeZone& tz) {
  const auto local = toLocal(t, tz);
  const auto minutesOfDay = duration_cast<minutes>(local.timeOfDay).count();
  const auto offset = duration_cast<minutes>(tz.offsetAt(t)).count();
  const auto absOffset = offset < 0 ? -offset : offset;
  char text[32];
  std::snprintf(text, sizeof text, " %02d:%02d %c%02d:%02d", static_cast<int>(minutesOfDay / 60),
                static_cast<int>(minutesOfDay % 60), offset < 0 ? '-' : '+',
                static_cast<int>(absOffset / 60), static_cast<int>(absOffset % 60));
  return formatDate(local.date) + text + " (" + tz.name() + ")";
}

CivilDate localDate(Timestamp t, const TimeZone& tz) {
  return toLocal(t, tz).date;
}

Timestamp firstInstantAtOrAfter(LocalDateTime local, const TimeZone& tz) {
  // The wall-clock reading as if it were UTC; the answer lies within a day or so of it.
  const Timestamp wall = sys_days{local.date} + local.timeOfDay;
  const Timestamp windowStart = wall - kMaxOffset - hours{1};
  const Timestamp windowEnd = wall + kMaxOffset + hours{1};
  // Within a stretch of constant offset o, local time t + o rises with t, so the first
  // instant with t + o >= wall is max(stretch start, wall - o); the earliest stretch that
  // contains its candidate wins (the first occurrence of a repeated hour, the end of a gap).
  Timestamp stretchStart = windowStart;
  seconds offset = tz.offsetAt(windowStart);
  auto transitions = tz.transitionsBetween(windowStart + seconds{1}, windowEnd);
  transitions.push_back(OffsetTransition{windowEnd, offset});
  for (const auto& tr : transitions) {
    const Timestamp candidate = std::max(stretchStart, wall - offset);
    if (candidate < tr.at) return candidate;
    stretchStart = tr.at;
    offset = tz.offsetAt(tr.at);
  }
  return wall - tz.offsetAt(wall);  // unreachable for offsets within ±26h
}

Timestamp startOfLocalDay(CivilDate date, const TimeZone& tz) {
  return firstInstantAtOrAfter(LocalDateTime{date, seconds{0}}, tz);
}

}  // namespace cvdd::core
