#include "report/section_table.hpp"

#include <map>
#include <tuple>

#include "report/row_text.hpp"

namespace cb::report {

SectionTable sectionTable(const Section& section, const std::vector<std::string>& groups) {
  SectionTable t;
  const bool withBenchmark = section.benchmarks.size() > 1;
  bool withLabels = false;
  for (const Row& row : section.rows) withLabels = withLabels || !row.labels.empty();

  if (withBenchmark) t.header.push_back("Benchmark");
  t.header.push_back("Metric");
  if (withLabels) t.header.push_back("Labels");
  t.header.push_back("Unit");
  t.firstValueColumn = t.header.size();
  for (const auto& g : groups) t.header.push_back(g);
  for (std::size_t k = 1; k < groups.size(); ++k) {
    t.header.push_back(groups[k] + " / " + groups[0]);
  }
  const bool compare = groups.size() > 1;
  if (compare) {
    t.header.push_back("p");
    t.header.push_back("Better");
  }

  for (const Row& row : section.rows) {
    const DisplayUnit unit = rowDisplayUnit(row);
    const Verdict verdict = judge(row, groups);
    std::vector<std::string> cells;
    if (withBenchmark) cells.push_back(row.benchmark);
    cells.push_back(row.metric);
    if (withLabels) cells.push_back(labelsText(row.labels));
    cells.push_back(unit.unit);
    for (const auto& g : groups) {
      auto it = row.cells.find(g);
      if (it == row.cells.end()) {
        cells.emplace_back("–");
        continue;
      }
      std::string text = cellText(it->second, unit);
      if (const std::string mark = checkMark(it->second.checks); !mark.empty()) {
        text += " " + mark;
      }
      cells.push_back(std::move(text));
      for (const ReferenceCheck& c : it->second.checks) {
        std::string what = row.metric;
        if (!row.labels.empty()) what += " (" + labelsText(row.labels) + ")";
        t.checks.push_back(what + " [" + g + "]: " + checkText(c));
      }
    }
    for (const auto& r : verdict.ratios) cells.push_back(r ? formatRatio(*r) : "–");
    if (compare) {
      cells.push_back(testText(verdict));
      cells.push_back(betterText(verdict));
    }
    t.rows.push_back(std::move(cells));
  }
  return t;
}

SectionTable nodeTable(const Section& section, const std::string& groupBy,
                       const std::vector<std::string>& groups) {
  SectionTable t;
  if (section.nodeRows.empty()) return t;
  // Columns: one per metric (benchmark and metric when the section has several), in row order.
  std::vector<const Row*> rows = nodeRowsInOrder(section);
  std::vector<std::string> metrics;
  std::map<std::string, std::size_t> column;
  auto metricOf = [&](const Row& r) {
    return section.benchmarks.size() > 1 ? r.benchmark + " " + r.metric : r.metric;
  };
  for (const Row& r : section.nodeRows) {
    if (column.try_emplace(metricOf(r), metrics.size()).second) {
      metrics.push_back(metricOf(r) + " (" + rowDisplayUnit(r).unit + ")");
    }
  }
  t.header = {"Node", groupBy, "Labels"};
  t.firstValueColumn = t.header.size();
  t.header.insert(t.header.end(), metrics.begin(), metrics.end());
  // One line per node, group and other labels.
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> line;
  for (const Row* row : rows) {
    Labels labels = row->labels;
    const std::string node = labels["node"];
    labels.erase("node");
    const std::string text = labelsText(labels);
    for (const auto& g : groups) {
      auto cell = row->cells.find(g);
      if (cell == row->cells.end()) continue;
      auto [at, fresh] = line.try_emplace({node, g, text}, t.rows.size());
      if (fresh) {
        std::vector<std::string> cells = {node, g, text};
        cells.resize(t.header.size(), "–");
        t.rows.push_back(std::move(cells));
      }
      t.rows[at->second][t.firstValueColumn + column.at(metricOf(*row))] =
          cellText(cell->second, rowDisplayUnit(*row));
    }
  }
  return t;
}

std::string idRanges(const std::set<std::int64_t>& ids) {
  std::string out;
  for (auto it = ids.begin(); it != ids.end();) {
    const std::int64_t first = *it;
    std::int64_t last = first;
    for (++it; it != ids.end() && *it == last + 1; ++it) last = *it;
    if (!out.empty()) out += ", ";
    out += std::to_string(first);
    if (last != first) out += (last == first + 1 ? ", " : "–") + std::to_string(last);
  }
  return out;
}

}  // namespace cb::report
