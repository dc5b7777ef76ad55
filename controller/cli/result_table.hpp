#pragma once
// Per-node result tables shared by `run` and `results`.
#include <nlohmann/json.hpp>
#include <ostream>

namespace cb::cli {

/// One row per node result; one column per metric (in the order of the first result).
void printRunResults(const nlohmann::json& run, std::ostream& os);

}  // namespace cb::cli
