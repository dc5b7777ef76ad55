#pragma once
// Builds the comparison model from sample rows, one at a time (memory grows with the number of
// distinct rows and the values kept for statistics, not with labels or text). Pure.
#include <string>
#include <unordered_map>
#include <vector>

#include "report/comparison.hpp"
#include "report/sample_row.hpp"

namespace cb::report {

class Aggregator {
 public:
  explicit Aggregator(std::string groupBy = kGroupByEnvironment);

  /// Adds one sample; `runReferences` are those stored with its run. Samples of results that did
  /// not succeed are only counted; metrics with Better::kNone are only named.
  void add(const SampleRow& sample, const std::vector<Reference>& runReferences);

  /// Statistics, reference checks, ordering. The aggregator is spent afterwards.
  Comparison finish();

 private:
  struct PendingRow {
    Row row;
    bool perNode = false;  // a Section::nodeRows row
    std::size_t benchmarkOrder = 0;
    std::size_t metricOrder = 0;
    std::map<std::string, std::vector<Reference>> references;  // by group, distinct
  };

  /// The row `sample` belongs to, created on first use; `perNode` adds the node to the key.
  PendingRow& rowFor(const SampleRow& sample, Better better, bool perNode);

  Comparison comparison_;
  std::vector<PendingRow> rows_;
  std::unordered_map<std::string, std::size_t> rowIndex_;
  std::unordered_map<std::string, std::size_t> firstSeen_;  // benchmark, benchmark+metric
  std::string key_;                                         // reused lookup key
  std::int64_t setupRun_ = -1;  // run and group whose setup labels were taken last
  std::string setupGroup_;
};

/// Display order of groups: vm, container, bare, then the others in natural order.
std::vector<std::string> orderGroups(std::vector<std::string> groups);

}  // namespace cb::report
