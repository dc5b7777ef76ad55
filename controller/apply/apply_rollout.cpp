#include "apply/apply_rollout.hpp"

#include <map>

namespace cb::controller {

const char* toString(ApplyMode mode) {
  switch (mode) {
    case ApplyMode::kApply:
      return "apply";
    case ApplyMode::kDryRun:
      return "dry-run";
    case ApplyMode::kVerify:
      return "verify";
  }
  return "apply";
}

namespace {

std::map<std::string, int> countOutcomes(const std::vector<wire::ApplyStepView>& steps) {
  std::map<std::string, int> counts{
      {"changed", 0}, {"unchanged", 0}, {"failed", 0}, {"skipped", 0}};
  for (const auto& s : steps) ++counts[s.outcome];
  return counts;
}

}  // namespace

std::string summarizeSteps(const std::vector<wire::ApplyStepView>& steps) {
  auto counts = countOutcomes(steps);
  std::string out;
  for (const char* k : {"changed", "unchanged", "failed", "skipped"}) {
    if (counts[k] == 0) continue;
    if (!out.empty()) out += ", ";
    out += std::to_string(counts[k]) + " " + k;
  }
  for (const auto& s : steps) {
    if (s.outcome == "failed") out += "; " + s.applier + " failed: " + s.message;
  }
  return out.empty() ? "no steps" : out;
}

ApplyRollout::ApplyRollout(ApplyMode mode, std::string specFile)
    : mode_(mode), specFile_(std::move(specFile)) {}

void ApplyRollout::addNode(const std::string& nodeId, const std::string& hostname,
                           const std::string& applyId) {
  nodes_.push_back(NodeState{nodeId, hostname, applyId});
}

std::optional<std::string> ApplyRollout::onReport(const std::string& applyId,
                                                  const std::vector<wire::ApplyStepView>& steps,
                                                  const std::string& error) {
  for (auto& n : nodes_) {
    if (n.applyId != applyId || n.done) continue;
    n.done = true;
    n.steps = steps;
    n.error = error;
    auto counts = countOutcomes(steps);
    if (!error.empty() || counts["failed"] > 0) {
      n.status = "failed";
    } else {
      n.status = counts["changed"] > 0 ? "changed" : "unchanged";
    }
    std::string verb = mode_ == ApplyMode::kApply ? "" : " (dry run)";
    if (!error.empty()) return n.hostname + ": refused: " + error;
    return n.hostname + verb + ": " + summarizeSteps(steps);
  }
  return std::nullopt;
}

void ApplyRollout::expire(const std::string& why) {
  for (auto& n : nodes_) {
    if (n.done) continue;
    n.done = true;
    n.status = "timeout";
    n.error = why;
  }
}

bool ApplyRollout::done() const {
  for (const auto& n : nodes_) {
    if (!n.done) return false;
  }
  return true;
}

std::string ApplyRollout::status() const {
  bool failed = false, drift = false;
  for (const auto& n : nodes_) {
    if (n.status == "failed" || n.status == "timeout") failed = true;
    if (n.status == "changed") drift = true;
  }
  if (mode_ == ApplyMode::kVerify) return failed ? "failed" : drift ? "drift" : "in_sync";
  return failed ? "failed" : "succeeded";
}

std::vector<std::string> ApplyRollout::applyIds() const {
  std::vector<std::string> out;
  for (const auto& n : nodes_) out.push_back(n.applyId);
  return out;
}

ApplySummary ApplyRollout::reply(const std::vector<std::string>& warnings,
                                 const std::vector<std::string>& unassignedEntries,
                                 const std::vector<std::string>& unmatchedNodes) const {
  ApplySummary out{specFile_, toString(mode_),   status(),      {},
                   warnings,  unassignedEntries, unmatchedNodes};
  for (const auto& n : nodes_) {
    ApplyNodeReport node{n.nodeId, n.hostname, n.status, n.error, {}, {}};
    for (const auto& [outcome, count] : countOutcomes(n.steps)) {
      node.counts[outcome] = static_cast<std::uint64_t>(count);
    }
    for (const auto& s : n.steps) {
      node.steps.push_back({s.applier, s.outcome, s.diff, s.commands, s.message});
    }
    out.nodes.push_back(std::move(node));
  }
  return out;
}

}  // namespace cb::controller
