#include "stats/summary.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace cb::stats {

double Summary::relativeStddev() const {
  if (n < 2 || mean == 0) return 0;
  return stddev / std::fabs(mean);
}

double tCritical95(std::size_t df) {
  if (df == 0) return 0;
  return boost::math::quantile(boost::math::students_t(static_cast<double>(df)), 0.975);
}

namespace {

double meanOf(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

double sampleStddev(const std::vector<double>& v, double mean) {
  if (v.size() < 2) return 0;
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

}  // namespace

Summary summarize(const std::vector<double>& values) {
  std::vector<double> v;
  v.reserve(values.size());
  for (double x : values) {
    if (!std::isnan(x)) v.push_back(x);
  }
  Summary s;
  s.n = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.min = v.front();
  s.max = v.back();
  s.median = v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
  s.mean = meanOf(v);
  s.stddev = sampleStddev(v, s.mean);
  const double half =
      v.size() < 2 ? 0 : tCritical95(v.size() - 1) * s.stddev / std::sqrt(double(v.size()));
  s.ciLow = s.mean - half;
  s.ciHigh = s.mean + half;
  return s;
}

}  // namespace cb::stats
