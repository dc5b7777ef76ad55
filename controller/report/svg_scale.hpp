#pragma once
// Axis scales and tick choice for the report's charts. Pure.
#include <vector>

namespace cb::report {

/// Maps [d0, d1] linearly onto [r0, r1] (a degenerate domain maps everything to r0).
struct LinearScale {
  double d0 = 0, d1 = 1, r0 = 0, r1 = 1;
  double map(double v) const;
};

/// Maps [d0, d1] (both > 0) onto [r0, r1] by log2, so each doubling takes the same distance.
struct Log2Scale {
  double d0 = 1, d1 = 2, r0 = 0, r1 = 1;
  double map(double v) const;
};

/// Ticks at a "nice" step (1, 2 or 5 × 10^k, the one nearest to (hi - lo) / target) from the
/// largest multiple of the step <= lo to the smallest multiple >= hi. lo == hi gives a small
/// range around them.
std::vector<double> niceTicks(double lo, double hi, int target);

/// Powers of two from the largest one <= lo to the smallest one >= hi (lo, hi > 0).
std::vector<double> log2Ticks(double lo, double hi);

}  // namespace cb::report
