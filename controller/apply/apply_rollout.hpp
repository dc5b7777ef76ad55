#pragma once
// One `clusterbench apply` (or dry run, or verify) across the matched nodes: which nodes were
// sent a config, which reported back, and the reply for the CLI. Pure: sending and timers are the
// daemon's (daemon/apply_service.cpp). The reply is an ApplySummary (apply_summary.hpp); every
// node's counts name all four outcomes (changed, unchanged, failed, skipped).
// A verify is a dry run whose "changed" steps are drift.
#include <optional>
#include <string>
#include <vector>

#include "apply/apply_summary.hpp"
#include "wire/node_config_codec.hpp"

namespace cb::controller {

enum class ApplyMode { kApply, kDryRun, kVerify };
const char* toString(ApplyMode mode);

class ApplyRollout {
 public:
  ApplyRollout(ApplyMode mode, std::string specFile);

  void addNode(const std::string& nodeId, const std::string& hostname, const std::string& applyId);
  /// Records a node's report. Returns the progress line, or nullopt for an unknown or repeated
  /// applyId (a late or duplicated report is ignored).
  std::optional<std::string> onReport(const std::string& applyId,
                                      const std::vector<wire::ApplyStepView>& steps,
                                      const std::string& error);
  /// Marks every node still waiting as timed out (`why` becomes its error).
  void expire(const std::string& why);
  bool done() const;
  /// Overall: apply/dry-run fail when any node failed; verify says in_sync/drift/failed.
  std::string status() const;
  ApplySummary reply(const std::vector<std::string>& warnings,
                     const std::vector<std::string>& unassignedEntries,
                     const std::vector<std::string>& unmatchedNodes) const;
  ApplyMode mode() const { return mode_; }
  std::vector<std::string> applyIds() const;

 private:
  struct NodeState {
    std::string nodeId, hostname, applyId;
    bool done = false;
    std::string status;  // changed | unchanged | failed | timeout
    std::string error;
    std::vector<wire::ApplyStepView> steps;
  };
  ApplyMode mode_;
  std::string specFile_;
  std::vector<NodeState> nodes_;
};

/// "node02: 2 changed, 5 unchanged" style summary of one node's steps.
std::string summarizeSteps(const std::vector<wire::ApplyStepView>& steps);

}  // namespace cb::controller
