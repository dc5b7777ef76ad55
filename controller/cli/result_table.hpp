#pragma once
// Per-node result tables shared by `run` and `results`.
#include <cstddef>
#include <ostream>

#include "control/control_types.hpp"

namespace cb::cli {

/// A table prints every row of runs up to this many results.
inline constexpr std::size_t kTableRowsUpTo = 64;

/// The run's header, then one row per node result with one column per metric (in the order of
/// the first result). A run of more than kTableRowsUpTo results, or a reply in the summary form,
/// prints its counts by status and only the rows that did not succeed, unless `allRows` (which
/// prints what the reply carries).
void printRunResults(const control::RunSummary& run, std::ostream& os, bool allRows = false);

}  // namespace cb::cli
