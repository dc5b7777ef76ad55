#pragma once
// Is the difference between two groups of measurements significant? Chooses the test and applies
// it. Pure.
#include <cstddef>
#include <optional>
#include <vector>

namespace cb::stats {

/// Significance level of every comparison: 95 % confidence.
inline constexpr double kAlpha = 0.05;

/// From this many values on, a sample's shape is judged by the Jarque–Bera test as well.
inline constexpr std::size_t kMinValuesForShapeTest = 20;

/// Fewer values in either group are not tested.
inline constexpr std::size_t kMinValuesForTest = 2;

enum class TestMethod { kWelch, kMannWhitney };

struct DifferenceTest {
  TestMethod method = TestMethod::kWelch;
  double p = 1;  // two-sided
  bool significant() const { return p < kAlpha; }
};

/// "Welch's t" or "Mann–Whitney U".
const char* methodName(TestMethod method);

/// Jarque–Bera normality test (skewness and kurtosis against the normal's 0 and 3; the statistic
/// is chi-squared with 2 degrees of freedom): the p-value. 1 with fewer than 3 values or no
/// spread.
double jarqueBeraP(const std::vector<double>& values);

/// True when `values` are clearly not normal: from `minValuesForOutliers` values on,
/// stats::outliers() at 3 sigmas flags one; from kMinValuesForShapeTest values on instead, the
/// Jarque–Bera p-value is below kAlpha (among many normal values a few lie beyond 3 sigmas, so
/// an outlier alone says nothing there). Fewer values are never judged not normal: they cannot
/// show it.
bool clearlyNotNormal(const std::vector<double>& values, std::size_t minValuesForOutliers);

/// Tests the difference between `a` and `b` (NaNs ignored): Welch's t-test, or the Mann–Whitney
/// U test when either sample is clearly not normal (see clearlyNotNormal()) or neither has any
/// spread (Welch's standard error is 0). nullopt when either has fewer than kMinValuesForTest
/// values.
std::optional<DifferenceTest> testDifference(const std::vector<double>& a,
                                             const std::vector<double>& b,
                                             std::size_t minValuesForOutliers = 5);

}  // namespace cb::stats
