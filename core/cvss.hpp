#pragma once
// CVSS v3.1 base vectors (FIRST, "CVSS v3.1 Specification Document", §7): parsed, checked and
// scored without I/O, so the advisory and the CSAF document show one score for one vector.

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace cvdd::core {

/// The qualitative rating of a score (§5): None 0.0, Low 0.1-3.9, Medium 4.0-6.9,
/// High 7.0-8.9, Critical 9.0-10.0.
enum class CvssSeverity { None, Low, Medium, High, Critical };

/// A checked CVSS v3.1 base vector and what follows from it.
struct CvssV31 {
  std::string vector;   // canonical: "CVSS:3.1/" then the eight base metrics in spec order
  int scoreTenths = 0;  // base score x 10 (9.8 -> 98): exact, no binary fraction
  CvssSeverity severity = CvssSeverity::None;

  /// The base score as the specification prints it (one decimal).
  double baseScore() const { return scoreTenths / 10.0; }
  friend bool operator==(const CvssV31&, const CvssV31&) = default;
};

/// "NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL" (the CSAF / NVD spelling).
std::string_view cvssSeverityName(CvssSeverity severity);

/// The severity of a base score given in tenths (0..100).
CvssSeverity cvssSeverityOf(int scoreTenths);

/// The specification's Roundup (Appendix A): the smallest one-decimal number >= value,
/// computed on integers so that 4.000000000000001 gives 4.0; returned in tenths.
int cvssRoundupTenths(double value);

/// Parses "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" (base metrics in any order) and
/// scores it. InvalidConfig naming the metric when the prefix is not CVSS:3.1, a metric is
/// unknown, missing, repeated or has an unknown value, or a temporal/environmental metric
/// is present (only the base vector is stored).
Result<CvssV31> parseCvssV31(std::string_view vector);

}  // namespace cvdd::core
