#include "control/control_types.hpp"

namespace cb::control {

std::uint64_t resultCount(const RunSummary& run) {
  std::uint64_t n = 0;
  for (const auto& [_, count] : run.counts) n += count;
  // A reply without counts: the rows it carries are all there is.
  return run.counts.empty() ? run.results.size() + run.resultsOmitted : n;
}

std::map<std::string, std::uint64_t> countByStatus(const std::vector<ResultSummary>& results) {
  std::map<std::string, std::uint64_t> out;
  for (const auto& r : results) ++out[r.status];
  return out;
}

}  // namespace cb::control
