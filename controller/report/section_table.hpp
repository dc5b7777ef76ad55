#pragma once
// The comparison table of one report section as text cells, shared by the Markdown and HTML
// renderers (the seeds' final comparison tables). Pure.
#include <string>
#include <vector>

#include "report/comparison.hpp"

namespace cb::report {

struct SectionTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::size_t firstValueColumn = 0;  // columns from here on hold figures
  /// "metric (labels) [group]: <checkText>", one per reference check, in row order.
  std::vector<std::string> checks;
};

/// Columns: Benchmark (only when the section has several), Metric, Labels (only when a row has
/// labels), Unit, one per group ("mean ± stddev (n=N)" plus a reference mark), one ratio per
/// group after the first ("container / vm"), and with two groups or more p (testText(): the
/// p-value deciding the verdict) and Better (betterText(): the best group only when
/// significantly better than each other one, else "~" or "n too small").
SectionTable sectionTable(const Section& section, const std::vector<std::string>& groups);

/// The per-node table of a section (Section::nodeRows): Node, the group-by key (`groupBy`),
/// Labels (without the node), then one column per metric ("sent_bits_per_second (Gbit/s)") with
/// "mean ± stddev (n=N)"; one line per node, group and labels (e.g. direction), by node. Empty
/// without node rows.
SectionTable nodeTable(const Section& section, const std::string& groupBy,
                       const std::vector<std::string>& groups);

/// "1–4, 7, 9–10".
std::string idRanges(const std::set<std::int64_t>& ids);

}  // namespace cb::report
