#pragma once
// The outcome of one `clusterbench apply`, dry run or verify, as the rollout produces it and the
// control protocol carries it (Reply.apply). Plain values.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cb::controller {

struct ApplyStepReport {
  std::string applier, outcome, diff;
  std::vector<std::string> commands;
  std::string message;
  bool operator==(const ApplyStepReport&) const = default;
};

struct ApplyNodeReport {
  std::string nodeId, hostname;
  std::string status;  // changed | unchanged | failed | timeout
  std::string error;
  std::map<std::string, std::uint64_t> counts;  // steps by outcome
  std::vector<ApplyStepReport> steps;
  bool operator==(const ApplyNodeReport&) const = default;
};

/// The answer to `apply`, a dry run or `verify`.
struct ApplySummary {
  std::string spec;
  std::string mode;    // apply | dry-run | verify
  std::string status;  // succeeded | failed (apply, dry-run); in_sync | drift | failed (verify)
  std::vector<ApplyNodeReport> nodes;
  std::vector<std::string> warnings, unassignedEntries, unmatchedNodes;
  bool operator==(const ApplySummary&) const = default;
};

}  // namespace cb::controller
