#include "report/comparison.hpp"

#include <algorithm>

#include "report/natural_order.hpp"

namespace cb::report {

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
