#include "core/cvss.hpp"

#include <array>
#include <cmath>
#include <optional>

namespace cvdd::core {

namespace {

/// One base metric: its abbreviation and the values it may take, each with its weight
/// (§7.4). PR's weights depend on Scope; they are looked up separately.
struct MetricValue {
  char letter;
  double weight;
};
struct BaseMetric {
  std::string_view name;
  std::array<std::optional<MetricValue>, 4> values;
};

constexpr std::size_t kAV = 0, kAC = 1, kPR = 2, kUI = 3, kS = 4, kC = 5, kI = 6, kA = 7;

const std::array<BaseMetric, 8> kBaseMetrics{{
    {"AV",
     {MetricValue{'N', 0.85}, MetricValue{'A', 0.62}, MetricValue{'L', 0.55},
      MetricValue{'P', 0.2}}},
    {"AC", {MetricValue{'L', 0.77}, MetricValue{'H', 0.44}, std::nullopt, std::nullopt}},
    {"PR", {MetricValue{'N', 0.85}, MetricValue{'L', 0.62}, MetricValue{'H', 0.27}, std::nullopt}},
    {"UI", {MetricValue{'N', 0.85}, MetricValue{'R', 0.62}, std::nullopt, std::nullopt}},
    {"S", {MetricValue{'U', 0.0}, MetricValue{'C', 0.0}, std::nullopt, std::nullopt}},
    {"C", {MetricValue{'H', 0.56}, MetricValue{'L', 0.22}, MetricValue{'N', 0.0}, std::nullopt}},
    {"I", {MetricValue{'H', 0.56}, MetricValue{'L', 0.22}, MetricValue{'N', 0.0}, std::nullopt}},
    {"A", {MetricValue{'H', 0.56}, MetricValue{'L', 0.22}, MetricValue{'N', 0.0}, std::nullopt}},
}};

constexpr std::string_view kPrefix = "CVSS:3.1/";

tl::unexpected<Error> invalid(std::string what) {
  return fail(Errc::InvalidConfig, "cvss", std::move(what));
}

}  // namespace

std::string_view cvssSeverityName(CvssSeverity severity) {
  switch (severity) {
    case CvssSeverity::None:
      return "NONE";
    case CvssSeverity::Low:
      return "LOW";
    case CvssSeverity::Medium:
      return "MEDIUM";
    case CvssSeverity::High:
      return "HIGH";
    case CvssSeverity::Critical:
      return "CRITICAL";
  }
  return "NONE";
}

CvssSeverity cvssSeverityOf(int scoreTenths) {
  if (scoreTenths <= 0) return CvssSeverity::None;
  if (scoreTenths < 40) return CvssSeverity::Low;
  if (scoreTenths < 70) return CvssSeverity::Medium;
  if (scoreTenths < 90) return CvssSeverity::High;
  return CvssSeverity::Critical;
}

int cvssRoundupTenths(double value) {
  // Appendix A: work on the value x 100 000 rounded to an integer, so that a float just
  // above a tenth (4.000000000000001) is not rounded up to the next one.
  const auto scaled = static_cast<long long>(std::llround(value * 100000.0));
  if (scaled % 10000 == 0) return static_cast<int>(scaled / 10000);
  return static_cast<int>(scaled / 10000 + 1);
}

Result<CvssV31> parseCvssV31(std::string_view vector) {
  if (!vector.starts_with(kPrefix))
    return invalid("a CVSS v3.1 base vector starts with \"CVSS:3.1/\", e.g. " +
                   std::string(kPrefix) + "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  std::array<std::optional<std::size_t>, 8> chosen;  // index into the metric's values
  std::string_view rest = vector.substr(kPrefix.size());
  while (true) {
    const auto slash = rest.find('/');
    const std::string_view part = rest.substr(0, slash);
    const auto colon = part.find(':');
    if (colon == std::string_view::npos)
      return invalid("\"" + std::string(part) + "\" is not METRIC:VALUE");
    const std::string_view name = part.substr(0, colon), value = part.substr(colon + 1);
    std::size_t m = 0;
    while (m < kBaseMetrics.size() && kBaseMetrics[m].name != name) ++m;
    if (m == kBaseMetrics.size())
      return invalid("\"" + std::string(name) +
                     "\" is not a CVSS v3.1 base metric (only the base vector is accepted)");
    if (chosen[m]) return invalid("metric " + std::string(name) + " is given twice");
    std::size_t v = 0;
    const auto& values = kBaseMetrics[m].values;
    while (v < values.size() &&
           !(values[v] && value.size() == 1 && value.front() == values[v]->letter))
      ++v;
    if (v == values.size())
      return invalid("\"" + std::string(value) + "\" is not a value of metric " +
                     std::string(name));
    chosen[m] = v;
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  std::string canonical(kPrefix);
  for (std::size_t m = 0; m < kBaseMetrics.size(); ++m) {
    if (!chosen[m]) return invalid("metric " + std::string(kBaseMetrics[m].name) + " is missing");
    if (m > 0) canonical += '/';
    canonical +=
        std::string(kBaseMetrics[m].name) + ':' + kBaseMetrics[m].values[*chosen[m]]->letter;
  }
  auto weight = [&](std::size_t m) { return kBaseMetrics[m].values[*chosen[m]]->weight; };
  const bool changed = kBaseMetrics[kS].values[*chosen[kS]]->letter == 'C';
  // PR weighs more when the scope changes (§7.4: L 0.68, H 0.5).
  double privileges = weight(kPR);
  if (changed && *chosen[kPR] == 1) privileges = 0.68;
  if (changed && *chosen[kPR] == 2) privileges = 0.5;

  const double iss = 1 - (1 - weight(kC)) * (1 - weight(kI)) * (1 - weight(kA));
  const double impact =
      changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
  const double exploitability = 8.22 * weight(kAV) * weight(kAC) * privileges * weight(kUI);
  int tenths = 0;
  if (impact > 0)
    tenths = changed ? cvssRoundupTenths(std::min(1.08 * (impact + exploitability), 10.0))
                     : cvssRoundupTenths(std::min(impact + exploitability, 10.0));
  return CvssV31{std::move(canonical), tenths, cvssSeverityOf(tenths)};
}

}  // namespace cvdd::core
