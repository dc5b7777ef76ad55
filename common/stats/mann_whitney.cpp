#include "stats/mann_whitney.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace cb::stats {
namespace {

struct Ranked {
  std::vector<std::int64_t> doubledRanks;  // 2 × midrank, in pooled order: a's values first
  double tieTerm = 0;                      // Σ (t³ - t) over groups of t tied values
};

Ranked rank(const std::vector<double>& a, const std::vector<double>& b) {
  const std::size_t n = a.size() + b.size();
  std::vector<std::pair<double, std::size_t>> pooled;
  pooled.reserve(n);
  for (std::size_t i = 0; i < a.size(); ++i) pooled.emplace_back(a[i], i);
  for (std::size_t i = 0; i < b.size(); ++i) pooled.emplace_back(b[i], a.size() + i);
  std::sort(pooled.begin(), pooled.end());
  Ranked r;
  r.doubledRanks.resize(n);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && pooled[j].first == pooled[i].first) ++j;
    // Ranks i+1 .. j share the midrank (i + 1 + j) / 2.
    const auto doubled = static_cast<std::int64_t>(i + 1 + j);
    for (std::size_t k = i; k < j; ++k) r.doubledRanks[pooled[k].second] = doubled;
    const double t = static_cast<double>(j - i);
    r.tieTerm += t * t * t - t;
    i = j;
  }
  return r;
}

/// P(|S - mean| >= |observed - mean|) for S the doubled rank sum of `na` values drawn without
/// replacement from `doubledRanks`, by counting subsets (dynamic programming over sums).
double exactP(const std::vector<std::int64_t>& doubledRanks, std::size_t na,
              std::int64_t observed) {
  std::int64_t total = 0;
  for (auto r : doubledRanks) total += r;
  const auto maxSum = static_cast<std::size_t>(total);
  // ways[k][s]: subsets of k of the ranks seen so far with doubled sum s. C(40, 20) < 2^38.
  std::vector<std::vector<std::uint64_t>> ways(na + 1, std::vector<std::uint64_t>(maxSum + 1));
  ways[0][0] = 1;
  for (auto r : doubledRanks) {
    const auto step = static_cast<std::size_t>(r);
    for (std::size_t k = na; k >= 1; --k) {
      for (std::size_t s = maxSum; s >= step; --s) ways[k][s] += ways[k - 1][s - step];
    }
  }
  // mean of S, doubled again to stay in integers: 2 · na · total / n.
  const auto n = static_cast<std::int64_t>(doubledRanks.size());
  const std::int64_t mean2 = 2 * static_cast<std::int64_t>(na) * total;
  const std::int64_t far = std::llabs(2 * n * observed - mean2);
  double all = 0, extreme = 0;
  for (std::size_t s = 0; s <= maxSum; ++s) {
    const auto count = static_cast<double>(ways[na][s]);
    all += count;
    if (std::llabs(2 * n * static_cast<std::int64_t>(s) - mean2) >= far) extreme += count;
  }
  return std::min(1.0, extreme / all);
}

}  // namespace

std::optional<MannWhitneyTest> mannWhitneyU(const std::vector<double>& a,
                                            const std::vector<double>& b) {
  if (a.empty() || b.empty()) return std::nullopt;
  const Ranked r = rank(a, b);
  std::int64_t sumA = 0;
  for (std::size_t i = 0; i < a.size(); ++i) sumA += r.doubledRanks[i];
  const double na = static_cast<double>(a.size());
  const double nb = static_cast<double>(b.size());
  const double n = na + nb;
  MannWhitneyTest m;
  m.u = static_cast<double>(sumA) / 2 - na * (na + 1) / 2;
  if (a.size() + b.size() <= kMannWhitneyExactMax) {
    m.exact = true;
    m.p = exactP(r.doubledRanks, a.size(), sumA);
    return m;
  }
  const double variance = na * nb / 12 * ((n + 1) - r.tieTerm / (n * (n - 1)));
  if (!(variance > 0)) return m;  // every value tied: no evidence of a difference
  const double z = std::max(0.0, std::fabs(m.u - na * nb / 2) - 0.5) / std::sqrt(variance);
  m.p = std::min(1.0, 2 * boost::math::cdf(boost::math::complement(boost::math::normal(), z)));
  return m;
}

}  // namespace cb::stats
