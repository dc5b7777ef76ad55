#pragma once
// Which charts a report section gets (DESIGN §6: plots where people would rather look than
// read). Pure: builds chart models from the comparison.
#include <optional>
#include <string>
#include <vector>

#include "report/comparison.hpp"
#include "report/svg_bar_chart.hpp"
#include "report/svg_line_chart.hpp"

namespace cb::report {

/// Grouped bars (mean, error bar = one standard deviation) of a section's rows, one chart per
/// unit and at most kMaxBarCategories rows each; iozone rows are left to recordSizeCharts().
/// Values are scaled to the display unit (bit/s as Gbit/s, ...).
std::vector<BarChart> barCharts(const Section& section, const std::vector<std::string>& groups);

inline constexpr std::size_t kMaxBarCategories = 12;

/// The same bars for a section's per-node rows (iperf3 per node and direction), one band per
/// node and metric; empty when the section has none.
std::vector<BarChart> nodeBarCharts(const Section& section, const std::vector<std::string>& groups);

/// Throughput against record size on a log2 axis: for iozone one chart per report (writer,
/// re_writer, reader, ...) with one line per file size and group (colour = file size, dashed =
/// groups after the first); for fio one chart of bandwidth per block size with one line per
/// rw/direction and group, when at least two block sizes were measured.
std::vector<LineChart> recordSizeCharts(const Section& section,
                                        const std::vector<std::string>& groups);

/// A size label in KiB: "64" -> 64, "4k" -> 4, "1m" -> 1024, "512" (fio bytes) with
/// `bytesWithoutSuffix` -> 0.5. nullopt when it is not a size.
std::optional<double> sizeInKiB(const std::string& text, bool bytesWithoutSuffix);

}  // namespace cb::report
