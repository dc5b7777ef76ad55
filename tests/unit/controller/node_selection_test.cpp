#include <doctest/doctest.h>

#include "orchestrator/suite_runner.hpp"

using cb::controller::NodeView;
using cb::spec::NodeSelector;

namespace {
std::vector<NodeView> lab() {
  return {{"c", "node03", "198.18.0.4", "198.18.0.0/24", 2},
          {"a", "master", "198.18.0.2", "198.18.0.0/24", 2},
          {"b", "node02", "198.18.0.3", "198.18.0.0/24", 2}};
}
std::vector<std::string> hosts(const std::vector<NodeView>& v) {
  std::vector<std::string> out;
  for (const auto& n : v) out.push_back(n.hostname);
  return out;
}
}  // namespace

TEST_CASE("node selection: all, master, workers, lists") {
  cb::spec::SuiteStep step;
  step.selector = NodeSelector::kAll;
  CHECK((hosts(*cb::controller::selectNodes(step, lab())) ==
         std::vector<std::string>{"master", "node02", "node03"}));
  step.selector = NodeSelector::kMaster;
  CHECK((hosts(*cb::controller::selectNodes(step, lab())) == std::vector<std::string>{"master"}));
  step.selector = NodeSelector::kWorkers;
  CHECK((hosts(*cb::controller::selectNodes(step, lab())) ==
         std::vector<std::string>{"node02", "node03"}));
  step.selector = NodeSelector::kList;
  step.nodes = {"node03"};
  CHECK((hosts(*cb::controller::selectNodes(step, lab())) == std::vector<std::string>{"node03"}));
  step.nodes = {"node09"};
  auto missing = cb::controller::selectNodes(step, lab());
  REQUIRE_FALSE(missing);
  CHECK(missing.error() == "node 'node09' is not ready");
}

TEST_CASE("without a node named master, the first hostname is the master") {
  std::vector<NodeView> v{{"x", "beta", "", "", 1}, {"y", "alpha", "", "", 1}};
  CHECK(cb::controller::pickMaster(v)->hostname == "alpha");
  CHECK_FALSE(cb::controller::pickMaster({}));
  cb::spec::SuiteStep step;
  step.selector = NodeSelector::kWorkers;
  CHECK_FALSE(cb::controller::selectNodes(step, {{"x", "solo", "", "", 1}}));
}
