#include "report/html_charts.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "report/natural_order.hpp"
#include "report/row_text.hpp"

namespace cb::report {
namespace {

/// "node02 sent_bits_per_second" (node rows), with the benchmark when the section has several.
std::string categoryTitle(bool withBenchmark, const Row& row) {
  std::string title = withBenchmark ? row.benchmark + " " + row.metric : row.metric;
  if (auto node = row.labels.find("node"); node != row.labels.end()) {
    title = node->second + " " + title;
  }
  return title;
}

/// One chart per unit (in first-seen order), at most kMaxBarCategories rows each.
std::vector<BarChart> barChartsByUnit(const std::string& title, bool withBenchmark,
                                      const std::vector<const Row*>& all,
                                      const std::vector<std::string>& groups) {
  std::vector<BarChart> charts;
  std::vector<std::string> units;
  std::map<std::string, std::vector<const Row*>> byUnit;
  for (const Row* row : all) {
    if (!byUnit.contains(row->unit)) units.push_back(row->unit);
    byUnit[row->unit].push_back(row);
  }
  for (const auto& unit : units) {
    const auto& rows = byUnit[unit];
    double magnitude = 0;
    for (const Row* r : rows) {
      for (const auto& [g, c] : r->cells) {
        magnitude = std::max(magnitude, std::fabs(c.summary.mean));
      }
    }
    const DisplayUnit shown = displayUnit(unit, magnitude);
    const std::size_t parts = (rows.size() + kMaxBarCategories - 1) / kMaxBarCategories;
    for (std::size_t part = 0; part < parts; ++part) {
      BarChart chart;
      chart.title = title + (shown.unit.empty() ? "" : ": " + shown.unit);
      if (parts > 1) {
        chart.title += " (" + std::to_string(part + 1) + "/" + std::to_string(parts) + ")";
      }
      chart.axisLabel = shown.unit + " (mean ± 1 standard deviation)";
      chart.series = groups;
      chart.values.assign(groups.size(), {});
      const std::size_t end = std::min(rows.size(), (part + 1) * kMaxBarCategories);
      for (std::size_t k = part * kMaxBarCategories; k < end; ++k) {
        const Row& row = *rows[k];
        chart.categories.push_back(categoryTitle(withBenchmark, row));
        Labels shownLabels = row.labels;
        shownLabels.erase("node");
        const std::string labels = labelsText(shownLabels);
        chart.subtitles.push_back((labels.empty() ? "" : labels + " · ") + betterName(row.better) +
                                  " is better");
        for (std::size_t g = 0; g < groups.size(); ++g) {
          auto it = row.cells.find(groups[g]);
          if (it == row.cells.end() || it->second.summary.n == 0) {
            chart.values[g].emplace_back();
            continue;
          }
          chart.values[g].push_back(BarValue{it->second.summary.mean / shown.divisor,
                                             it->second.summary.stddev / shown.divisor});
        }
      }
      charts.push_back(std::move(chart));
    }
  }
  return charts;
}

/// Line charts of `metric` rows against the size label `xLabel`, one line per distinct value of
/// the other labels (`seriesLabels`, in order) and group.
LineChart sizeChart(const std::vector<const Row*>& rows, const std::vector<std::string>& groups,
                    const std::string& xLabel, bool bytesWithoutSuffix,
                    const std::vector<std::string>& seriesLabels) {
  LineChart chart;
  chart.xTicks = XTicks::kKiB;
  std::map<std::string, std::size_t> colorOf;                        // series label text -> colour
  std::map<std::pair<std::string, std::size_t>, std::size_t> index;  // (text, group) -> series
  for (const Row* row : rows) {
    const auto x = row->labels.find(xLabel);
    if (x == row->labels.end()) continue;
    const auto kib = sizeInKiB(x->second, bytesWithoutSuffix);
    if (!kib) continue;
    std::string text;
    for (const auto& key : seriesLabels) {
      auto it = row->labels.find(key);
      if (it == row->labels.end()) continue;
      if (!text.empty()) text += " ";
      if (key == "file_size_kb") {
        auto size = sizeInKiB(it->second, false);
        text += size ? formatKiB(*size) : it->second;
      } else {
        text += it->second;
      }
    }
    const std::size_t color = colorOf.try_emplace(text, colorOf.size()).first->second;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      auto cell = row->cells.find(groups[g]);
      if (cell == row->cells.end() || cell->second.summary.n == 0) continue;
      auto [at, fresh] = index.try_emplace({text, g}, chart.series.size());
      if (fresh) {
        LineSeries s;
        s.name = (text.empty() ? "" : text + " ") + groups[g];
        s.color = color;
        s.dashed = g > 0;
        chart.series.push_back(std::move(s));
      }
      chart.series[at->second].points.push_back({*kib, cell->second.summary.mean});
    }
  }
  // Series sorted by colour (the size order of first appearance), then group.
  std::stable_sort(chart.series.begin(), chart.series.end(),
                   [](const LineSeries& a, const LineSeries& b) { return a.color < b.color; });
  return chart;
}

}  // namespace

std::optional<double> sizeInKiB(const std::string& text, bool bytesWithoutSuffix) {
  if (text.empty()) return std::nullopt;
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (...) {
    return std::nullopt;
  }
  if (!(v > 0)) return std::nullopt;
  const std::string suffix = text.substr(used);
  if (suffix.empty()) return bytesWithoutSuffix ? v / 1024 : v;
  const char s = static_cast<char>(std::tolower(static_cast<unsigned char>(suffix[0])));
  if (suffix.size() > 1 && !(suffix.size() == 2 && (suffix[1] == 'b' || suffix[1] == 'B'))) {
    return std::nullopt;
  }
  switch (s) {
    case 'k':
      return v;
    case 'm':
      return v * 1024;
    case 'g':
      return v * 1024 * 1024;
    default:
      return std::nullopt;
  }
}

std::vector<BarChart> barCharts(const Section& section, const std::vector<std::string>& groups) {
  if (section.family == "iozone") return {};
  std::vector<const Row*> rows;
  for (const Row& row : section.rows) rows.push_back(&row);
  return barChartsByUnit(section.title, section.benchmarks.size() > 1, rows, groups);
}

std::vector<BarChart> nodeBarCharts(const Section& section,
                                    const std::vector<std::string>& groups) {
  return barChartsByUnit(section.title + " per node", section.benchmarks.size() > 1,
                         nodeRowsInOrder(section), groups);
}

std::vector<LineChart> recordSizeCharts(const Section& section,
                                        const std::vector<std::string>& groups) {
  std::vector<LineChart> charts;
  std::vector<std::string> metrics;
  std::map<std::string, std::vector<const Row*>> byMetric;
  for (const Row& row : section.rows) {
    const std::string key = row.benchmark + " " + row.metric;
    if (!byMetric.contains(key)) metrics.push_back(key);
    byMetric[key].push_back(&row);
  }
  for (const auto& key : metrics) {
    const auto& rows = byMetric[key];
    const Row& first = *rows.front();
    if (first.benchmark == "iozone") {
      LineChart chart = sizeChart(rows, groups, "record_kb", false, {"file_size_kb"});
      chart.title = "iozone " + first.metric + " (" + first.unit + ")";
      chart.xLabel = "record size (one line per file size)";
      chart.yLabel = first.unit;
      if (!chart.series.empty()) charts.push_back(std::move(chart));
    } else if (first.benchmark == "fio" && first.metric == "bandwidth") {
      std::set<std::string> sizes;
      for (const Row* r : rows) {
        if (auto it = r->labels.find("bs"); it != r->labels.end()) sizes.insert(it->second);
      }
      if (sizes.size() < 2) continue;
      LineChart chart = sizeChart(rows, groups, "bs", true, {"rw", "direction"});
      chart.title = "fio bandwidth by block size (" + first.unit + ")";
      chart.xLabel = "block size (bytes)";
      chart.yLabel = first.unit;
      if (!chart.series.empty()) charts.push_back(std::move(chart));
    }
  }
  return charts;
}

}  // namespace cb::report
