#pragma once
// Numbers as reports print them. Pure.
#include <string>

namespace cb::report {

/// Table value: |v| >= 1000 as a rounded integer with thousands separators ("61,141,029"),
/// else 4 significant digits ("58.94", "1.127", "0.02281"); "n/a" for NaN, "inf"/"-inf".
std::string formatValue(double v);

/// A ratio or factor with 3 significant digits ("1.04", "33", "0.512").
std::string formatRatio(double v);

/// A p-value with 2 significant digits ("0.021", "0.57", "1"), more where rounding would carry it
/// across `alpha` ("0.0496"); "< 0.001" below 0.001.
std::string formatP(double p, double alpha = 0.05);

/// Axis tick: short, with an SI prefix from 1e3 up ("250", "1.5k", "40G", "0.25").
std::string formatTick(double v);

/// A unit that reads better with a prefix: bit/s values shown in kbit/s, Mbit/s or Gbit/s.
struct DisplayUnit {
  double divisor = 1;
  std::string unit;
};

/// The display unit for values of `unit` around `magnitude` (e.g. the largest mean of a row).
DisplayUnit displayUnit(const std::string& unit, double magnitude);

}  // namespace cb::report
