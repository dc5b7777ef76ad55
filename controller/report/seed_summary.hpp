#pragma once
// The summary table the seeds end with ("Item | VM | Container"), with a native column: one line
// per headline figure (sysbench cpu/memory/fileio, iperf3, the HPCC headline figures), one
// column per environment. It opens the report, before the detailed tables. Pure.
#include <string>
#include <string_view>
#include <vector>

#include "report/comparison.hpp"
#include "report/section_table.hpp"

namespace cb::report {

/// One line of the summary: the first of `benchmarks` with values in any group is used, and
/// every value of `metric` of that benchmark is pooled per group (all sample labels: both iperf3
/// directions, every sysbench configuration), as the seeds give one figure per item.
struct SummaryItem {
  std::string_view title;                    // "sysbench CPU (events/s)"
  std::vector<std::string_view> benchmarks;  // in order of preference
  std::string_view metric;                   // as the parser in common/bench names it
  double divisor = 1;                        // stored unit -> the title's unit
};

/// The seeds' items: sysbench CPU events/s, memory MiB/s, file I/O events/s, iperf3 Gbit/s
/// (received), HPL Gflop/s, PTRANS GB/s, MPI RandomAccess GUP/s, STREAM Triad GB/s (star), MPI FFT
/// Gflop/s; HPCC figures from hpcc-mpi, else hpcc.
const std::vector<SummaryItem>& seedSummaryItems();

/// The summary's columns: with groupBy "environment" VM, Container and Native (vm, container,
/// bare) always, then any other group; otherwise the comparison's groups. Pairs of (group, title).
std::vector<std::pair<std::string, std::string>> summaryColumns(const Comparison& comparison);

/// Header "Item", then summaryColumns()' titles; one row per item with "mean ± stddev (n=N)" in
/// the item's unit (row_text cellText()), "–" where a group has no value. Empty (no header, no
/// rows) when no item has a value at all.
SectionTable seedSummaryTable(const Comparison& comparison,
                              const std::vector<SummaryItem>& items = seedSummaryItems());

/// "Each figure pools ..." : how to read the summary.
std::string seedSummaryText();

}  // namespace cb::report
