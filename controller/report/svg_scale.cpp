#include "report/svg_scale.hpp"

#include <cmath>

namespace cb::report {

double LinearScale::map(double v) const {
  if (d1 == d0) return r0;
  return r0 + (v - d0) / (d1 - d0) * (r1 - r0);
}

double Log2Scale::map(double v) const {
  if (d0 <= 0 || d1 <= 0 || v <= 0 || d1 == d0) return r0;
  return r0 + (std::log2(v) - std::log2(d0)) / (std::log2(d1) - std::log2(d0)) * (r1 - r0);
}

std::vector<double> niceTicks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {0, 1};
  if (hi < lo) std::swap(lo, hi);
  if (hi == lo) {
    const double pad = lo == 0 ? 1 : std::fabs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  if (target < 1) target = 1;
  const double raw = (hi - lo) / target;
  // The 1/2/5 step nearest to raw on a log scale (thresholds at the geometric means).
  const double magnitude = std::pow(10, std::floor(std::log10(raw)));
  const double error = raw / magnitude;
  const double step = magnitude * (error >= std::sqrt(50.0)   ? 10
                                   : error >= std::sqrt(10.0) ? 5
                                   : error >= std::sqrt(2.0)  ? 2
                                                              : 1);
  const double first = std::floor(lo / step) * step;
  const double last = std::ceil(hi / step) * step;
  std::vector<double> ticks;
  for (int i = 0;; ++i) {
    double t = first + i * step;
    if (std::fabs(t) < step * 1e-9) t = 0;  // no "-0" or 1e-17 from rounding
    ticks.push_back(t);
    if (t >= last - step * 1e-9 || i > 1000) break;
  }
  return ticks;
}

std::vector<double> log2Ticks(double lo, double hi) {
  std::vector<double> ticks;
  if (!(lo > 0) || !(hi > 0)) return ticks;
  if (hi < lo) std::swap(lo, hi);
  const int first = static_cast<int>(std::floor(std::log2(lo) + 1e-9));
  const int last = static_cast<int>(std::ceil(std::log2(hi) - 1e-9));
  for (int e = first; e <= last && ticks.size() < 64; ++e) ticks.push_back(std::ldexp(1.0, e));
  return ticks;
}

}  // namespace cb::report
