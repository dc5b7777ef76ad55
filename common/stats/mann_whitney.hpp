#pragma once
// The Mann–Whitney U (Wilcoxon rank-sum) test. Pure.
#include <cstddef>
#include <optional>
#include <vector>

namespace cb::stats {

/// Up to this many values in both samples together the p-value is exact.
inline constexpr std::size_t kMannWhitneyExactMax = 40;

struct MannWhitneyTest {
  double u = 0;        // pairs (x from a, y from b) with x > y, ties counting 1/2
  double p = 1;        // two-sided
  bool exact = false;  // permutation distribution rather than the normal approximation
};

/// Tests whether values of `a` tend to be larger or smaller than those of `b`. With at most
/// kMannWhitneyExactMax values the p-value is exact: the share of the C(n, n_a) ways to split the
/// pooled midranks whose rank sum lies at least as far from its mean as a's (ties included).
/// Above, the normal approximation with the tie correction of the variance and a continuity
/// correction of 1/2 (as scipy.stats.mannwhitneyu's "asymptotic" method). NaNs are not
/// expected. nullopt when either sample is empty.
std::optional<MannWhitneyTest> mannWhitneyU(const std::vector<double>& a,
                                            const std::vector<double>& b);

}  // namespace cb::stats
