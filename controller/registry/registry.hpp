#pragma once
// The live registry of agents: who is registered, on which ZeroMQ routing id, and whether they
// are ready or lost (missed heartbeats). Pure logic: time is passed in, nothing is sent.
// Thread-safety: single-threaded (the controller loop).
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace cb::controller {

using TimePoint = std::chrono::steady_clock::time_point;

enum class NodeState { kReady, kLost };
const char* toString(NodeState s);

struct NodeInfo {
  std::string nodeId;
  std::string routingId;  // ROUTER identity frame of the agent's current connection
  std::string hostname;
  std::string environment;  // labels::toString(Environment), "" for an unknown virt_kind
  std::string virtTech;
  nlohmann::json facts;  // everything the agent reported
  NodeState state = NodeState::kReady;
  TimePoint registeredAt{};
  TimePoint lastSeen{};
  std::uint32_t runningTasks = 0;
  std::uint64_t registrations = 0;  // hellos accepted for this node since the controller started
  std::uint64_t joinOrder = 0;      // 1 for the first node registered since the controller started, 2, ...
};

class Registry {
 public:
  explicit Registry(std::chrono::milliseconds lostAfter) : lostAfter_(lostAfter) {}

  struct HelloOutcome {
    bool isNew = false;     // first registration since the controller started
    bool returned = false;  // was lost, is ready again
  };
  /// Registers (or re-registers) a node; the latest routing id wins.
  HelloOutcome onHello(const std::string& nodeId, const std::string& routingId,
                       nlohmann::json facts, TimePoint now);
  /// Records liveness; false when the node is unknown (it must say hello first).
  bool onHeartbeat(const std::string& nodeId, std::uint32_t runningTasks, TimePoint now);
  /// Any other message from a registered node also proves liveness.
  void touch(const std::string& nodeId, TimePoint now);
  /// The node's connection is now `routingId` (a message authenticated by the node's own key
  /// arrived on it); false when the node is unknown.
  bool rebind(const std::string& nodeId, const std::string& routingId);
  /// Forgets the node (its key was rejected or deleted); returns its record, if it was known.
  std::optional<NodeInfo> remove(const std::string& nodeId);
  /// Marks nodes silent for longer than lostAfter as lost; returns their ids.
  std::vector<std::string> sweep(TimePoint now);

  const NodeInfo* find(const std::string& nodeId) const;
  /// By node id first, then by hostname (first match).
  const NodeInfo* findByIdOrHostname(const std::string& key) const;
  /// Node id for a routing id; nullopt when that connection never said hello.
  std::optional<std::string> nodeForRouting(const std::string& routingId) const;
  std::vector<const NodeInfo*> all() const;  // ordered by hostname
  std::vector<const NodeInfo*> ready() const;
  std::size_t size() const { return nodes_.size(); }

 private:
  std::chrono::milliseconds lostAfter_;
  std::map<std::string, NodeInfo> nodes_;
  std::map<std::string, std::string> byRouting_;
  std::uint64_t joined_ = 0;
};

}  // namespace cb::controller
