#pragma once
// A saved output may hold several reports: `mpirun -np N sysbench ... | tee FILE` writes every
// process's report into one file (each process prints its header when it starts and its figures
// when it ends, so the headers come first), `mpirun -np N stress-ng ... 2>&1 | tee FILE`
// interleaves the processes' lines, and the seeds' `iozone ... | awk '/Excel output is below:/
// ...'` keeps every process's Excel tables. splitReports() finds those reports so that each is
// parsed on its own. Pure: no I/O, no logging.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace cb::bench {

/// One report inside a saved output.
struct SavedReport {
  std::size_t line = 1;  // 1-based line of the output where the report starts
  std::string text;      // what the tool's parser receives
};

/// The reports of `output`, in order. A single report is the whole output, unchanged (line 1).
/// Several reports are found in
///  - sysbench text: one per figures block ("CPU speed:", "Total operations:", "File operations:"),
///    each up to the next block or "sysbench <version>" banner;
///  - stress-ng --metrics-brief text: one per process (its lines, by pid);
///  - iozone output: one per "Excel output is below:" section.
/// Errors, never a silent drop: a sysbench run whose figures are missing (more headers of a test
/// than figures blocks), a stress-ng process without a metrics table; each names the line.
Result<std::vector<SavedReport>> splitReports(std::string_view output);

}  // namespace cb::bench
