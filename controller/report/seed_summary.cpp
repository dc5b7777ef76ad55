#include "report/seed_summary.hpp"

#include <algorithm>

#include "labels/environment.hpp"
#include "report/row_text.hpp"
#include "stats/outliers.hpp"

namespace cb::report {
namespace {

/// Every value of `metric` of `benchmark` in `group`, over all rows (labels) in store order.
std::vector<double> pooled(const Comparison& c, std::string_view benchmark, std::string_view metric,
                           const std::string& group) {
  std::vector<double> out;
  for (const Section& s : c.sections) {
    for (const Row& row : s.rows) {
      if (row.benchmark != benchmark || row.metric != metric) continue;
      auto it = row.cells.find(group);
      if (it == row.cells.end()) continue;
      out.insert(out.end(), it->second.values.begin(), it->second.values.end());
    }
  }
  return out;
}

bool hasValues(const Comparison& c, std::string_view benchmark, std::string_view metric) {
  for (const auto& g : c.groups) {
    if (!pooled(c, benchmark, metric, g).empty()) return true;
  }
  return false;
}

}  // namespace

const std::vector<SummaryItem>& seedSummaryItems() {
  static const std::vector<SummaryItem> kItems = {
      {"sysbench CPU (events/s)", {"sysbench-cpu"}, "events_per_second", 1},
      {"sysbench memory (MiB/s)", {"sysbench-memory"}, "transfer_rate", 1},
      {"sysbench file I/O (events/s)", {"sysbench-fileio"}, "events_per_second", 1},
      {"iperf3 (Gbit/s)", {"iperf3-client"}, "received_bits_per_second", 1e9},
      {"HPL (Gflop/s)", {"hpcc-mpi", "hpcc"}, "hpl_gflops", 1},
      {"PTRANS (GB/s)", {"hpcc-mpi", "hpcc"}, "ptrans_gbs", 1},
      {"MPI RandomAccess (GUP/s)", {"hpcc-mpi", "hpcc"}, "mpi_random_access_gups", 1},
      {"STREAM Triad (GB/s)", {"hpcc-mpi", "hpcc"}, "star_stream_triad_gbs", 1},
      {"MPI FFT (Gflop/s)", {"hpcc-mpi", "hpcc"}, "mpi_fft_gflops", 1},
  };
  return kItems;
}

std::vector<std::pair<std::string, std::string>> summaryColumns(const Comparison& c) {
  std::vector<std::pair<std::string, std::string>> out;
  if (c.groupBy == kGroupByEnvironment) {
    out = {{labels::toString(labels::Environment::kVm), "VM"},
           {labels::toString(labels::Environment::kContainer), "Container"},
           {labels::toString(labels::Environment::kBare), "Native"}};
  }
  for (const auto& g : c.groups) {
    const bool known =
        std::any_of(out.begin(), out.end(), [&](const auto& p) { return p.first == g; });
    if (!known) out.emplace_back(g, g);
  }
  return out;
}

SectionTable seedSummaryTable(const Comparison& c, const std::vector<SummaryItem>& items) {
  SectionTable t;
  const auto columns = summaryColumns(c);
  bool any = false;
  for (const SummaryItem& item : items) {
    auto benchmark = std::find_if(item.benchmarks.begin(), item.benchmarks.end(),
                                  [&](std::string_view b) { return hasValues(c, b, item.metric); });
    std::vector<std::string> cells = {std::string(item.title)};
    for (const auto& [group, title] : columns) {
      if (benchmark == item.benchmarks.end()) {
        cells.emplace_back("–");
        continue;
      }
      Cell cell;
      cell.values = pooled(c, *benchmark, item.metric, group);
      cell.summary = stats::summarize(cell.values);
      if (cell.summary.n == 0) {
        cells.emplace_back("–");
        continue;
      }
      if (cell.values.size() >= kMinValuesForOutliers) {
        cell.outliers = stats::outliers(cell.values).size();
      }
      any = true;
      cells.push_back(cellText(cell, DisplayUnit{item.divisor, ""}));
    }
    t.rows.push_back(std::move(cells));
  }
  if (!any) return {};
  t.header = {"Item"};
  for (const auto& [group, title] : columns) t.header.push_back(title);
  t.firstValueColumn = 1;
  return t;
}

std::string seedSummaryText() {
  return "The seeds' summary: each figure pools every sample of its metric in that "
         "environment (all nodes, repetitions and configurations, e.g. both iperf3 directions; "
         "iperf3 as received, the HPCC figures of hpcc-mpi where it ran, else hpcc), as mean ± "
         "standard deviation (n values); – where nothing was measured. The tables below keep "
         "configurations apart and test the differences.";
}

}  // namespace cb::report
