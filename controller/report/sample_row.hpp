#pragma once
// A stored sample as the report sees it: its run's labels parsed, its environment and group
// decided (issue 5). One SampleRow is one CSV/JSON row.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "report/references.hpp"
#include "store/store.hpp"

namespace cb::report {

using Labels = std::map<std::string, std::string>;

/// The group-by key that groups by environment (the default).
inline constexpr const char* kGroupByEnvironment = "environment";
/// Group of a sample whose run lacks the group-by label.
inline constexpr const char* kNoGroup = "(none)";

struct SampleRow {
  std::int64_t runId = 0;
  std::int64_t startedAt = 0;  // ms since the epoch
  std::string benchmark;
  std::string node;  // host name
  std::string environment;
  std::string virtTech;  // "" when unknown
  std::string group;
  std::string status;  // of the result holding the sample
  std::string metric;
  std::string unit;
  double value = 0;
  Labels labels;     // the sample's own
  Labels runLabels;  // the run's (suite, step, repetition, environment, ...)
};

/// A run's labels object as strings: numbers and booleans as JSON text, nested values as JSON,
/// nulls dropped; anything but an object gives no labels.
Labels parseRunLabels(const std::string& json);

/// Turns store rows into SampleRows, parsing each run's labels and references once.
///  - environment: the run label "environment" when set (a user's `--label environment=...`),
///    else the result's environment (node facts), else "unknown";
///  - virtTech: the run label "virt_tech" when set, else the node's virt_tech when the
///    environment is the node's own;
///  - group: the environment, or with another group-by key that run label (kNoGroup if absent).
class RowResolver {
 public:
  explicit RowResolver(std::string groupBy);

  /// Fills `out` from `row`. The run's labels are copied into `out` only when the run (or `out`)
  /// changes, so callers must not modify out.runLabels between calls.
  void resolve(const store::ReportRow& row, SampleRow& out);
  /// References stored with the run of the row last resolved.
  const std::vector<Reference>& references() const { return references_; }

 private:
  std::string groupBy_;
  std::int64_t runId_ = -1;
  Labels runLabels_;
  const SampleRow* filled_ = nullptr;  // the SampleRow holding runLabels_ of run filledRun_
  std::int64_t filledRun_ = -1;
  std::vector<Reference> references_;
};

}  // namespace cb::report
