#include "stats/difference_test.hpp"

#include <cmath>

#include "stats/mann_whitney.hpp"
#include "stats/outliers.hpp"
#include "stats/summary.hpp"
#include "stats/welch.hpp"

namespace cb::stats {
namespace {

std::vector<double> withoutNaN(const std::vector<double>& values) {
  std::vector<double> out;
  out.reserve(values.size());
  for (double x : values) {
    if (!std::isnan(x)) out.push_back(x);
  }
  return out;
}

}  // namespace

const char* methodName(TestMethod method) {
  return method == TestMethod::kWelch ? "Welch's t" : "Mann–Whitney U";
}

double jarqueBeraP(const std::vector<double>& values) {
  const std::size_t count = values.size();
  if (count < 3) return 1;
  const double n = static_cast<double>(count);
  double sum = 0;
  for (double x : values) sum += x;
  const double mean = sum / n;
  double m2 = 0, m3 = 0, m4 = 0;  // central moments (population)
  for (double x : values) {
    const double d = x - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  if (!(m2 > 0)) return 1;
  const double skewness = m3 / std::pow(m2, 1.5);
  const double kurtosis = m4 / (m2 * m2);
  const double jb = n / 6 * (skewness * skewness + (kurtosis - 3) * (kurtosis - 3) / 4);
  return std::exp(-jb / 2);  // survival function of chi-squared with 2 degrees of freedom
}

bool clearlyNotNormal(const std::vector<double>& values, std::size_t minValuesForOutliers) {
  if (values.size() >= kMinValuesForShapeTest) return jarqueBeraP(values) < kAlpha;
  return values.size() >= minValuesForOutliers && !outliers(values).empty();
}

std::optional<DifferenceTest> testDifference(const std::vector<double>& rawA,
                                             const std::vector<double>& rawB,
                                             std::size_t minValuesForOutliers) {
  const std::vector<double> a = withoutNaN(rawA);
  const std::vector<double> b = withoutNaN(rawB);
  if (a.size() < kMinValuesForTest || b.size() < kMinValuesForTest) return std::nullopt;
  const bool rank =
      clearlyNotNormal(a, minValuesForOutliers) || clearlyNotNormal(b, minValuesForOutliers);
  if (!rank) {
    if (auto w = welchTTest(summarize(a), summarize(b))) {
      return DifferenceTest{TestMethod::kWelch, w->p};
    }
  }
  const auto m = mannWhitneyU(a, b);
  return DifferenceTest{TestMethod::kMannWhitney, m ? m->p : 1};
}

}  // namespace cb::stats
