#include <algorithm>

#include "orchestrator/suite_runner.hpp"

namespace cb::controller {

Result<NodeView> pickMaster(const std::vector<NodeView>& ready, const std::string& masterNodeId) {
  if (masterNodeId.empty()) {
    return fail(
        "no master chosen: give `--master NODE`, or `clusterbench apply` a cluster spec (its "
        "master entry's node is the master); a lab's master is chosen by `lab up`");
  }
  for (const auto& n : ready) {
    if (n.nodeId == masterNodeId) return n;
  }
  return fail("the master node " + masterNodeId + " is not ready");
}

Result<std::string> resolveMasterNode(const std::string& requested, const std::string& recorded,
                                      const std::vector<NodeView>& registered) {
  if (requested.empty()) return recorded;
  std::vector<const NodeView*> byHostname;
  for (const auto& n : registered) {
    if (n.nodeId == requested) return n.nodeId;
    if (n.hostname == requested) byHostname.push_back(&n);
  }
  if (byHostname.size() == 1) return byHostname.front()->nodeId;
  if (byHostname.empty()) {
    return fail("--master '" + requested +
                "' is no ready node: give a node id or hostname from `clusterbench nodes`");
  }
  return fail("--master '" + requested + "' is the reported hostname of " +
              std::to_string(byHostname.size()) + " nodes: give the node id");
}

Result<std::vector<NodeView>> selectNodes(const spec::SuiteStep& step,
                                          const std::vector<NodeView>& ready,
                                          const std::string& masterNodeId) {
  std::vector<NodeView> out;
  switch (step.selector) {
    case spec::NodeSelector::kAll:
      out = ready;
      break;
    case spec::NodeSelector::kMaster: {
      auto m = pickMaster(ready, masterNodeId);
      if (!m) return fail(m.error());
      out.push_back(*m);
      break;
    }
    case spec::NodeSelector::kWorkers: {
      auto m = pickMaster(ready, masterNodeId);
      if (!m) return fail(m.error());
      for (const auto& n : ready) {
        if (n.nodeId != m->nodeId) out.push_back(n);
      }
      if (out.empty()) return fail("no ready workers besides the master " + m->hostname);
      break;
    }
    case spec::NodeSelector::kList:
      for (const auto& host : step.nodes) {
        auto it = std::find_if(ready.begin(), ready.end(),
                               [&](const auto& n) { return n.hostname == host; });
        if (it == ready.end()) return fail("node '" + host + "' is not ready");
        out.push_back(*it);
      }
      break;
  }
  if (out.empty()) return fail("no ready nodes");
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.hostname < b.hostname; });
  return out;
}

}  // namespace cb::controller
