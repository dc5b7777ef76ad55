#include "stats/outliers.hpp"

#include <algorithm>
#include <cmath>

namespace cb::stats {

// Removing x_i from n values with mean m and sum of squared deviations M2 leaves
//   mean  m_i  = m - (x_i - m) / (n - 1)
//   M2_i       = M2 - n / (n - 1) · (x_i - m)²
// so |x_i - m_i| = n / (n - 1) · |x_i - m| and the others' sample variance is M2_i / (n - 2):
// two passes over the values instead of one pass over the others per value.
std::vector<std::size_t> outliers(const std::vector<double>& values, double sigmas) {
  std::vector<std::size_t> out;
  const std::size_t n = values.size();
  if (n < 3) return out;
  double sum = 0;
  double scale = 0;
  for (double x : values) {
    sum += x;
    scale = std::max(scale, std::fabs(x));
  }
  const double dn = static_cast<double>(n);
  const double mean = sum / dn;
  double m2 = 0;
  for (double x : values) m2 += (x - mean) * (x - mean);
  const double noise = 1e-12 * scale;
  const double grow = dn / (dn - 1);
  for (std::size_t i = 0; i < n; ++i) {
    const double d = values[i] - mean;
    const double dist = grow * std::fabs(d);
    const double othersM2 = std::max(0.0, m2 - grow * d * d);
    const double sd = std::sqrt(othersM2 / (dn - 2));
    if (sd > noise ? dist > sigmas * sd : dist > noise) out.push_back(i);
  }
  return out;
}

}  // namespace cb::stats
