#pragma once
// The comparison model of a report: statistics per (benchmark, metric, sample labels, group),
// arranged in one section per benchmark family. Built by Aggregator (aggregate.hpp), judged by
// verdict.hpp, rendered by markdown.hpp and html.hpp. Pure data.
#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "report/direction.hpp"
#include "report/references.hpp"
#include "report/sample_row.hpp"
#include "stats/summary.hpp"

namespace cb::report {

/// Fewer values are not checked for outliers: with 3 or 4, the leave-one-out spread of the others
/// is too uncertain, and two close values would brand any third one.
inline constexpr std::size_t kMinValuesForOutliers = 5;

/// Cells with fewer values are marked, and counted in a warning: too few to show their spread.
inline constexpr std::size_t kFewValues = 3;

/// Run labels that say how a group's nodes ran (lab provider, VM acceleration, VM disk format and
/// cache); the report names their values per group.
inline constexpr std::array<std::string_view, 4> kSetupLabels = {"lab_provider", "accel",
                                                                 "disk_format", "disk_cache"};

/// The values of one row measured in one group.
struct Cell {
  std::vector<double> values;  // in store order
  stats::Summary summary;
  std::size_t outliers = 0;  // stats::outliers() at 3 sigmas, with kMinValuesForOutliers+
  std::vector<ReferenceCheck> checks;
};

struct Row {
  std::string benchmark;
  std::string metric;
  std::string unit;
  Labels labels;  // the samples' labels, plus "node" in Section::nodeRows
  Better better = Better::kNone;
  std::map<std::string, Cell> cells;  // by group; only groups with values
};

struct Section {
  std::string family;
  std::string title;
  std::vector<std::string> benchmarks;  // in first-seen order
  std::vector<Row> rows;                // benchmark, metric in first-seen order, then labels
  /// Per-node families (familyIsPerNode()): the same figures per node as well (the rows pool
  /// the nodes of a group, as the seeds' comparison does), labels holding "node".
  std::vector<Row> nodeRows;
};

struct Comparison {
  std::string groupBy;
  std::vector<std::string> groups;  // vm, container, bare first, then natural order
  std::map<std::string, std::set<std::string>> virtTech;  // by group; "" never stored
  /// By group, then kSetupLabels key: the values its compared runs carry.
  std::map<std::string, std::map<std::string, std::set<std::string>>> setup;
  std::vector<Section> sections;  // in familyRank() order
  std::set<std::int64_t> runIds;
  std::size_t samples = 0;            // compared
  std::size_t notSucceeded = 0;       // samples of results that did not succeed: left out
  std::set<std::string> notCompared;  // "benchmark metric" of Better::kNone metrics
};

/// A section's nodeRows ordered by node (natural order), keeping metric order within a node.
std::vector<const Row*> nodeRowsInOrder(const Section& section);

}  // namespace cb::report
