#pragma once
// Per-node result tables shared by `run` and `results`.
#include <ostream>

#include "control/control_types.hpp"

namespace cb::cli {

/// One row per node result; one column per metric (in the order of the first result).
void printRunResults(const control::RunSummary& run, std::ostream& os);

}  // namespace cb::cli
