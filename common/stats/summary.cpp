#include "stats/summary.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace cb::stats {

double Summary::relativeStddev() const {
  if (n < 2 || mean == 0) return 0;
  return stddev / std::fabs(mean);
}

double tCritical95(std::size_t df) {
  static constexpr std::array<double, 30> kTable = {
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
      2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
      2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (df == 0) return 0;
  if (df <= kTable.size()) return kTable[df - 1];
  if (df <= 60) return 2.042 + (2.000 - 2.042) * (static_cast<double>(df) - 30) / 30;
  if (df <= 120) return 2.000 + (1.980 - 2.000) * (static_cast<double>(df) - 60) / 60;
  return 1.960;
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

std::vector<std::size_t> outliers(const std::vector<double>& values, double sigmas) {
  std::vector<std::size_t> out;
  if (values.size() < 3) return out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::vector<double> others;
    for (std::size_t j = 0; j < values.size(); ++j) {
      if (j != i) others.push_back(values[j]);
    }
    const double m = meanOf(others);
    const double sd = sampleStddev(others, m);
    const double dist = std::fabs(values[i] - m);
    if ((sd > 0 && dist > sigmas * sd) || (sd == 0 && dist > 0)) out.push_back(i);
  }
  return out;
}

}  // namespace cb::stats
