#pragma once
// ApplyService: `clusterbench apply/verify` rollouts of a cluster spec, and the automatic
// re-apply when a node joins. The last spec applied successfully by a client is kept in
// <stateDir>/cluster.yaml (0600); when a node registers for the first time since the controller
// started, that spec is applied again to every ready node (debounced), so a new worker gets its
// configuration and every /etc/hosts learns about it.
// Contract: a rollout answers its client exactly once — when every node reported or at its
// deadline (nodes without a report are named in the reply).
// Thread-safety: the controller loop only.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "util/asio.hpp"

#include "apply/apply_rollout.hpp"
#include "daemon/agent_link.hpp"
#include "daemon/reply_handle.hpp"
#include "registry/registry.hpp"
#include "schemas/protocol.capnp.h"
#include "spec/cluster_spec.hpp"

namespace cb::controller {

struct ApplyRequest {
  std::string yaml;      // empty for verify: the spec applied last
  std::string fileName;  // named in errors
  ApplyMode mode = ApplyMode::kApply;
  std::chrono::milliseconds timeout{std::chrono::minutes(15)};
};

class ApplyService {
 public:
  ApplyService(boost::asio::io_context& io, AgentLink& link, const Registry& registry,
               std::filesystem::path stateDir);
  ~ApplyService();

  /// Starts a rollout; a detached reply means an automatic apply.
  void start(ApplyRequest request, const ReplyHandle& reply);
  void onApplyReport(const std::string& nodeId, proto::ApplyReport::Reader report);
  /// A node registered for the first time: re-apply the saved spec soon (debounced).
  void onNodeJoined();

  std::size_t inFlight() const { return applies_.size(); }
  std::filesystem::path appliedSpecPath() const { return stateDir_ / "cluster.yaml"; }
  /// The node id the last successful apply gave the spec's master entry, kept beside the spec;
  /// "" when none (never applied, or the master entry matched no node).
  std::filesystem::path appliedMasterPath() const { return stateDir_ / "cluster-master"; }
  /// That node id, read from appliedMasterPath() ("" when absent or not a node id).
  std::string appliedMaster() const;

 private:
  struct Pending {
    Pending(boost::asio::io_context& io, ApplyMode mode, std::string file)
        : rollout(mode, std::move(file)), deadline(io) {}
    ApplyRollout rollout;
    boost::asio::steady_timer deadline;
    ReplyHandle reply;         // detached for an automatic apply
    std::string yaml;          // saved as the current spec when a client's apply succeeds
    std::string masterNodeId;  // the node of the spec's master entry ("" = unmatched)
    std::vector<std::string> warnings, unassigned, unmatched;
  };
  void finish(std::uint64_t id);
  spec::NodeIdentity identityOf(const NodeInfo& n) const;
  /// Registered nodes the spec does not list but whose address lies in its network still get a
  /// line in every node's hosts block (a worker started beyond the spec's entries).
  void addUnlistedHosts(const spec::ClusterSpec& spec, spec::Resolution& resolution) const;

  boost::asio::io_context& io_;
  AgentLink& link_;
  const Registry& registry_;
  std::filesystem::path stateDir_;
  std::map<std::uint64_t, std::unique_ptr<Pending>> applies_;
  std::map<std::string, std::uint64_t> owner_;  // per-node apply id -> applies_ key
  std::uint64_t nextApply_ = 1;
  std::uint64_t nextRequestId_ = 1;
  boost::asio::steady_timer autoTimer_;
  bool autoPending_ = false;
};

}  // namespace cb::controller
