#pragma once
// Leave-one-out outlier detection for repeated measurements. Pure, O(n) per call.
#include <cstddef>
#include <vector>

namespace cb::stats {

/// Indexes (ascending) of values lying more than `sigmas` sample standard deviations from the
/// mean of the others (leave-one-out, so a single outlier cannot hide by inflating the stddev).
/// When the others have no spread (their stddev is below 1e-12 of the largest |value|, rounding
/// noise), any value differing from their mean by more than that noise is an outlier. NaNs are
/// not expected. Needs n >= 3; fewer values give none.
std::vector<std::size_t> outliers(const std::vector<double>& values, double sigmas = 3.0);

}  // namespace cb::stats
