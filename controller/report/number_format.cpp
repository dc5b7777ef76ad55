#include "report/number_format.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace cb::report {
namespace {

std::string printf1(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

/// `v` with `digits` significant digits, trailing zeros dropped (%g).
std::string significant(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

std::string groupThousands(double v) {
  const double rounded = std::round(v);
  std::string digits = printf1("%.0f", std::fabs(rounded));
  std::string out;
  const std::size_t lead = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  out.append(digits, 0, lead);
  for (std::size_t i = lead; i < digits.size(); i += 3) out.append(",").append(digits, i, 3);
  return rounded < 0 ? "-" + out : out;
}

}  // namespace

std::string formatValue(double v) {
  if (std::isnan(v)) return "n/a";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (std::fabs(v) >= 1000) return groupThousands(v);
  return significant(v, 4);
}

std::string formatRatio(double v) {
  if (std::isnan(v)) return "n/a";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (std::fabs(v) >= 1000) return groupThousands(v);
  return significant(v, 3);
}

std::string formatP(double p, double alpha) {
  if (std::isnan(p)) return "n/a";
  if (p < 0.001) return "< 0.001";
  // Two digits, more where rounding would carry p across alpha (0.0496 is not "0.05").
  for (int digits = 2;; ++digits) {
    std::string text = significant(p, digits);
    if (digits >= 6 || (std::stod(text) < alpha) == (p < alpha)) return text;
  }
}

std::string formatTick(double v) {
  if (std::isnan(v) || std::isinf(v)) return formatValue(v);
  struct Prefix {
    double scale;
    const char* symbol;
  };
  static constexpr Prefix kPrefixes[] = {{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}};
  for (const Prefix& p : kPrefixes) {
    if (std::fabs(v) >= p.scale) return printf1("%.3g", v / p.scale) + p.symbol;
  }
  if (std::fabs(v) < 1e-12) return "0";
  return printf1("%.3g", v);
}

DisplayUnit displayUnit(const std::string& unit, double magnitude) {
  if (unit == "bit/s") {
    const double m = std::fabs(magnitude);
    if (m >= 1e9) return {1e9, "Gbit/s"};
    if (m >= 1e6) return {1e6, "Mbit/s"};
    if (m >= 1e3) return {1e3, "kbit/s"};
  }
  return {1, unit};
}

}  // namespace cb::report
