#include "registry/registry.hpp"

#include <algorithm>

#include "labels/environment.hpp"

namespace cb::controller {

const char* toString(NodeState s) {
  return s == NodeState::kReady ? "ready" : "lost";
}

Registry::HelloOutcome Registry::onHello(const std::string& nodeId, const std::string& routingId,
                                         nlohmann::json facts, TimePoint now) {
  HelloOutcome out;
  auto [it, inserted] = nodes_.try_emplace(nodeId);
  NodeInfo& n = it->second;
  out.isNew = inserted;
  out.returned = !inserted && n.state == NodeState::kLost;
  if (!n.routingId.empty()) byRouting_.erase(n.routingId);
  n.nodeId = nodeId;
  n.routingId = routingId;
  n.hostname = facts.value("hostname", "");
  n.virtTech = facts.value("virt_tech", "none");
  auto environment = labels::environmentFromVirtKind(facts.value("virt_kind", "none"));
  n.environment = environment ? labels::toString(*environment) : "";
  n.facts = std::move(facts);
  n.state = NodeState::kReady;
  if (inserted) {
    n.registeredAt = now;
    n.joinOrder = ++joined_;
  }
  n.lastSeen = now;
  ++n.registrations;
  byRouting_[routingId] = nodeId;
  return out;
}

bool Registry::onHeartbeat(const std::string& nodeId, std::uint32_t runningTasks, TimePoint now) {
  auto it = nodes_.find(nodeId);
  if (it == nodes_.end() || it->second.state == NodeState::kLost) return false;
  it->second.lastSeen = now;
  it->second.runningTasks = runningTasks;
  return true;
}

void Registry::touch(const std::string& nodeId, TimePoint now) {
  if (auto it = nodes_.find(nodeId); it != nodes_.end() && it->second.state == NodeState::kReady) {
    it->second.lastSeen = now;
  }
}

bool Registry::rebind(const std::string& nodeId, const std::string& routingId) {
  auto it = nodes_.find(nodeId);
  if (it == nodes_.end()) return false;
  if (it->second.routingId == routingId) return true;
  if (!it->second.routingId.empty()) byRouting_.erase(it->second.routingId);
  it->second.routingId = routingId;
  byRouting_[routingId] = nodeId;
  return true;
}

std::optional<NodeInfo> Registry::remove(const std::string& nodeId) {
  auto it = nodes_.find(nodeId);
  if (it == nodes_.end()) return std::nullopt;
  NodeInfo n = std::move(it->second);
  nodes_.erase(it);
  if (auto r = byRouting_.find(n.routingId); r != byRouting_.end() && r->second == nodeId) {
    byRouting_.erase(r);
  }
  return n;
}

std::vector<std::string> Registry::sweep(TimePoint now) {
  std::vector<std::string> lost;
  for (auto& [id, n] : nodes_) {
    if (n.state == NodeState::kReady && now - n.lastSeen > lostAfter_) {
      n.state = NodeState::kLost;
      lost.push_back(id);
    }
  }
  return lost;
}

const NodeInfo* Registry::find(const std::string& nodeId) const {
  auto it = nodes_.find(nodeId);
  return it == nodes_.end() ? nullptr : &it->second;
}

const NodeInfo* Registry::findByIdOrHostname(const std::string& key) const {
  if (auto* n = find(key)) return n;
  for (const auto* n : all()) {
    if (n->hostname == key) return n;
  }
  return nullptr;
}

std::optional<std::string> Registry::nodeForRouting(const std::string& routingId) const {
  auto it = byRouting_.find(routingId);
  if (it == byRouting_.end()) return std::nullopt;
  return it->second;
}

std::vector<const NodeInfo*> Registry::all() const {
  std::vector<const NodeInfo*> out;
  for (const auto& [_, n] : nodes_) out.push_back(&n);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) {
    return a->hostname != b->hostname ? a->hostname < b->hostname : a->nodeId < b->nodeId;
  });
  return out;
}

std::vector<const NodeInfo*> Registry::ready() const {
  std::vector<const NodeInfo*> out;
  for (const auto* n : all()) {
    if (n->state == NodeState::kReady) out.push_back(n);
  }
  return out;
}

}  // namespace cb::controller
