#include <algorithm>

#include "orchestrator/suite_runner.hpp"

namespace cb::controller {

Result<NodeView> pickMaster(const std::vector<NodeView>& ready) {
  if (ready.empty()) return fail("no ready nodes");
  for (const auto& n : ready) {
    if (n.hostname == "master") return n;
  }
  auto sorted = ready;
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.hostname < b.hostname; });
  return sorted.front();
}

Result<std::vector<NodeView>> selectNodes(const spec::SuiteStep& step,
                                          const std::vector<NodeView>& ready) {
  std::vector<NodeView> out;
  switch (step.selector) {
    case spec::NodeSelector::kAll:
      out = ready;
      break;
    case spec::NodeSelector::kMaster: {
      auto m = pickMaster(ready);
      if (!m) return fail(m.error());
      out.push_back(*m);
      break;
    }
    case spec::NodeSelector::kWorkers: {
      auto m = pickMaster(ready);
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
