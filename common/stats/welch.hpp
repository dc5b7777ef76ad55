#pragma once
// Welch's unequal-variances t-test. Pure.
#include <optional>

#include "stats/summary.hpp"

namespace cb::stats {

struct WelchTest {
  double t = 0;   // (mean a - mean b) / standard error of the difference
  double df = 0;  // Welch–Satterthwaite degrees of freedom
  double p = 1;   // two-sided, from Boost.Math's Student's t distribution
};

/// Tests equal means of the samples `a` and `b` describe (n, mean, sample stddev). nullopt when
/// either has fewer than 2 values or neither has any spread (the standard error is 0).
std::optional<WelchTest> welchTTest(const Summary& a, const Summary& b);

}  // namespace cb::stats
