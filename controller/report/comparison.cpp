#include "report/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "report/natural_order.hpp"

namespace cb::report {

Verdict judge(const Row& row, const std::vector<std::string>& groups) {
  Verdict v;
  const Cell* base = nullptr;
  if (!groups.empty()) {
    auto it = row.cells.find(groups.front());
    if (it != row.cells.end() && it->second.summary.n > 0) base = &it->second;
  }
  for (std::size_t k = 1; k < groups.size(); ++k) {
    auto it = row.cells.find(groups[k]);
    if (base == nullptr || base->summary.mean == 0 || it == row.cells.end() ||
        it->second.summary.n == 0) {
      v.ratios.emplace_back();
      continue;
    }
    v.ratios.emplace_back(it->second.summary.mean / base->summary.mean);
  }
  if (row.better == Better::kNone) return v;

  const Cell* best = nullptr;
  const Cell* worst = nullptr;
  std::size_t measured = 0;
  for (const auto& g : groups) {
    auto it = row.cells.find(g);
    if (it == row.cells.end() || it->second.summary.n == 0) continue;
    ++measured;
    const Cell& c = it->second;
    const bool higher = row.better == Better::kHigher;
    if (best == nullptr ||
        (higher ? c.summary.mean > best->summary.mean : c.summary.mean < best->summary.mean)) {
      best = &c;
      v.best = g;
    }
    if (worst == nullptr ||
        (higher ? c.summary.mean < worst->summary.mean : c.summary.mean > worst->summary.mean)) {
      worst = &c;
      v.worst = g;
    }
  }
  if (measured < 2) {
    v.best.clear();
    v.worst.clear();
    return v;
  }
  if (v.worst == v.best) {  // every mean equal: any other group is the "worst"
    for (const auto& g : groups) {
      auto it = row.cells.find(g);
      if (g != v.best && it != row.cells.end() && it->second.summary.n > 0) {
        v.worst = g;
        worst = &it->second;
        break;
      }
    }
  }
  v.clear = true;
  for (const auto& [g, c] : row.cells) {
    if (&c == best || c.summary.n == 0) continue;
    if (c.summary.ciHigh >= best->summary.ciLow && c.summary.ciLow <= best->summary.ciHigh) {
      v.clear = false;
    }
  }
  const double b = std::fabs(best->summary.mean);
  const double w = std::fabs(worst->summary.mean);
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
      if (v.best.empty() || !v.clear || !std::isfinite(v.factor) || v.factor <= 1) continue;
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

std::vector<const Row*> nodeRowsInOrder(const Section& section) {
  std::vector<const Row*> rows;
  for (const Row& row : section.nodeRows) rows.push_back(&row);
  auto node = [](const Row* r) {
    auto it = r->labels.find("node");
    return it == r->labels.end() ? std::string() : it->second;
  };
  // nodeRows come in metric order: keep it within a node.
  std::stable_sort(rows.begin(), rows.end(),
                   [&](const Row* a, const Row* b) { return naturalLess(node(a), node(b)); });
  return rows;
}

}  // namespace cb::report
