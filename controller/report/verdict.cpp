#include "report/verdict.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cb::report {
namespace {

const Cell* measuredCell(const Row& row, const std::string& group) {
  auto it = row.cells.find(group);
  return it == row.cells.end() || it->second.summary.n == 0 ? nullptr : &it->second;
}

}  // namespace

Verdict judge(const Row& row, const std::vector<std::string>& groups) {
  Verdict v;
  const Cell* base = groups.empty() ? nullptr : measuredCell(row, groups.front());
  for (std::size_t k = 1; k < groups.size(); ++k) {
    const Cell* c = measuredCell(row, groups[k]);
    if (base == nullptr || base->summary.mean == 0 || c == nullptr) {
      v.ratios.emplace_back();
      continue;
    }
    v.ratios.emplace_back(c->summary.mean / base->summary.mean);
  }
  if (row.better == Better::kNone) return v;

  std::vector<std::string> measured;
  for (const auto& g : groups) {
    if (measuredCell(row, g) != nullptr) measured.push_back(g);
  }
  if (measured.size() < 2) return v;
  const bool higher = row.better == Better::kHigher;
  auto better = [&](const std::string& a, const std::string& b) {
    const double ma = row.cells.at(a).summary.mean, mb = row.cells.at(b).summary.mean;
    return higher ? ma > mb : ma < mb;
  };
  v.best = v.worst = measured.front();
  for (const auto& g : measured) {
    if (better(g, v.best)) v.best = g;
    if (better(v.worst, g)) v.worst = g;
  }
  if (v.worst == v.best) {  // every mean equal: any other group is the "worst"
    v.worst = *std::find_if(measured.begin(), measured.end(),
                            [&](const std::string& g) { return g != v.best; });
  }

  bool tooFew = false;
  bool allSignificant = true;
  for (std::size_t i = 0; i < measured.size(); ++i) {
    for (std::size_t j = i + 1; j < measured.size(); ++j) {
      PairTest& p = v.pairs.emplace_back();
      p.a = measured[i];
      p.b = measured[j];
      p.test = stats::testDifference(row.cells.at(p.a).values, row.cells.at(p.b).values,
                                     kMinValuesForOutliers);
      if (p.a != v.best && p.b != v.best) continue;
      if (!p.test) {
        tooFew = true;
        continue;
      }
      allSignificant = allSignificant && p.test->significant();
      if (!v.test || p.test->p > v.test->p) v.test = p.test;
    }
  }
  if (tooFew) {
    v.decision = Decision::kTooFew;
    v.test.reset();
  } else {
    v.decision = allSignificant ? Decision::kSignificant : Decision::kNotSignificant;
  }

  const double b = std::fabs(row.cells.at(v.best).summary.mean);
  const double w = std::fabs(row.cells.at(v.worst).summary.mean);
  const double lo = std::min(b, w);
  v.factor = lo > 0 ? std::max(b, w) / lo : std::numeric_limits<double>::infinity();
  return v;
}

std::vector<Difference> largestDifferences(const Comparison& comparison, std::size_t limit) {
  std::vector<Difference> out;
  for (const Section& section : comparison.sections) {
    std::optional<Difference> pick;
    for (const Row& row : section.rows) {
      Verdict v = judge(row, comparison.groups);
      if (!v.significant() || !std::isfinite(v.factor) || v.factor <= 1) continue;
      if (!pick || v.factor > pick->verdict.factor) pick = Difference{&section, &row, std::move(v)};
    }
    if (pick) out.push_back(std::move(*pick));
  }
  std::stable_sort(out.begin(), out.end(), [](const Difference& a, const Difference& b) {
    return a.verdict.factor > b.verdict.factor;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace cb::report
