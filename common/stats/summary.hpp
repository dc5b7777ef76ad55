#pragma once
// Descriptive statistics of repeated measurements (DESIGN §6). Pure functions, no I/O.
#include <cstddef>
#include <vector>

namespace cb::stats {

struct Summary {
  std::size_t n = 0;
  double mean = 0;
  double stddev = 0;  // sample standard deviation (n - 1); 0 when n < 2
  double min = 0;
  double max = 0;
  double median = 0;
  double ciLow = 0;   // 95 % confidence interval of the mean (Student's t); == mean when n < 2
  double ciHigh = 0;
  /// stddev / |mean|; 0 when n < 2 or mean == 0.
  double relativeStddev() const;
};

/// Statistics of `values` (NaNs ignored). n == 0 when nothing is left.
Summary summarize(const std::vector<double>& values);

/// Two-sided 95 % Student's t critical value (the 0.975 quantile) for `degreesOfFreedom` >= 1,
/// from Boost.Math; 0 for 0 degrees of freedom.
double tCritical95(std::size_t degreesOfFreedom);

}  // namespace cb::stats
