#pragma once
// Pure splitting of sysbench 1.0.x text holding several reports (see saved_reports.hpp).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace cb::bench {

/// One figures block of a sysbench report.
struct SysbenchBlock {
  std::string test;      // "cpu", "memory" or "fileio"
  std::size_t line = 0;  // 1-based line of the block's first line ("CPU speed:", ...)
  std::string text;      // from that line up to the next block, banner or the end
};

/// The figures blocks of `text` in order; empty when `text` has no "sysbench <version>" banner.
/// An error when a test's headers ("Prime numbers limit:", "Running memory speed test",
/// "Extra file open flags:") outnumber its figures blocks: a process started and printed no
/// figures; the error names the test and the line of the first header left without figures.
Result<std::vector<SysbenchBlock>> splitSysbenchBlocks(std::string_view text);

}  // namespace cb::bench
