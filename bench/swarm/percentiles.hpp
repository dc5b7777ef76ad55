#pragma once
// Order statistics of a small set of timings (nearest-rank definition, no interpolation).
#include <vector>

namespace cb::swarm {

struct Summary {
  std::size_t count = 0;
  double min = 0;
  double p50 = 0;
  double p95 = 0;
  double p99 = 0;
  double max = 0;
  double mean = 0;
};

/// Nearest-rank quantile: the smallest value with at least q of the samples at or below it.
/// q in (0, 1]; 0 for an empty set.
double quantile(std::vector<double> values, double q);

/// All figures of `values` (any order); zeros for an empty set.
Summary summarize(const std::vector<double>& values);

}  // namespace cb::swarm
