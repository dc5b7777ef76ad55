#pragma once
// Which group of a row is better, and whether that is more than noise: every pair of measured
// groups is tested (stats::testDifference(), 95 %), and a group is named only when it is
// significantly better than each other one. Pure.
#include <optional>
#include <string>
#include <vector>

#include "report/comparison.hpp"
#include "stats/difference_test.hpp"

namespace cb::report {

/// What a row's tests allow to say.
enum class Decision {
  kNone,            // fewer than two groups measured, or the metric has no better direction
  kTooFew,          // a measured group has fewer than stats::kMinValuesForTest values
  kNotSignificant,  // the best mean is not significantly better than every other group's
  kSignificant,     // it is, at 95 %
};

/// The test of one pair of measured groups (a before b in display order).
struct PairTest {
  std::string a;
  std::string b;
  std::optional<stats::DifferenceTest> test;  // nullopt: fewer than 2 values in a or b
};

/// How the groups of one row compare.
struct Verdict {
  /// mean(groups[k]) / mean(groups[0]) for k >= 1; nullopt where either has no values or the
  /// base mean is 0.
  std::vector<std::optional<double>> ratios;
  std::string best;   // the group with the best mean; "" unless two groups have values
  std::string worst;  // the group with the worst mean
  Decision decision = Decision::kNone;
  /// best against its closest rival: the largest p of best's pairs, which decides (a group is
  /// better only if better than each other one). Set for kSignificant and kNotSignificant.
  std::optional<stats::DifferenceTest> test;
  std::vector<PairTest> pairs;  // every pair of measured groups, in display order
  double factor = 1;            // best mean / worst mean, "how many times better" (>= 1)

  bool significant() const { return decision == Decision::kSignificant; }
};

Verdict judge(const Row& row, const std::vector<std::string>& groups);

/// One line of the "largest differences" summary.
struct Difference {
  const Section* section = nullptr;
  const Row* row = nullptr;
  Verdict verdict;
};

/// Per section, the row with a significant verdict whose best and worst groups differ most;
/// sections without a significant difference have none. Largest first, at most `limit`.
std::vector<Difference> largestDifferences(const Comparison& comparison, std::size_t limit);

}  // namespace cb::report
