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
  CHECK((hosts(*cb::controller::selectNodes(step, lab(), "a")) ==
         std::vector<std::string>{"master", "node02", "node03"}));
  step.selector = NodeSelector::kMaster;
  CHECK((hosts(*cb::controller::selectNodes(step, lab(), "a")) ==
         std::vector<std::string>{"master"}));
  step.selector = NodeSelector::kWorkers;
  CHECK((hosts(*cb::controller::selectNodes(step, lab(), "a")) ==
         std::vector<std::string>{"node02", "node03"}));
  step.selector = NodeSelector::kList;
  step.nodes = {"node03"};
  CHECK((hosts(*cb::controller::selectNodes(step, lab(), "a")) ==
         std::vector<std::string>{"node03"}));
  step.nodes = {"node09"};
  auto missing = cb::controller::selectNodes(step, lab(), "a");
  REQUIRE_FALSE(missing);
  CHECK(missing.error() == "node 'node09' is not ready");
}

TEST_CASE("the master is the chosen node id, never a reported hostname") {
  cb::spec::SuiteStep step;
  step.selector = NodeSelector::kMaster;
  // "a" reports hostname master; the chosen master is "b".
  CHECK((hosts(*cb::controller::selectNodes(step, lab(), "b")) ==
         std::vector<std::string>{"node02"}));
  step.selector = NodeSelector::kWorkers;
  CHECK((hosts(*cb::controller::selectNodes(step, lab(), "b")) ==
         std::vector<std::string>{"master", "node03"}));
  auto none = cb::controller::selectNodes(step, lab(), "");
  REQUIRE_FALSE(none);
  CHECK(none.error().rfind("no master chosen", 0) == 0);
  auto gone = cb::controller::pickMaster(lab(), "zz");
  REQUIRE_FALSE(gone);
  CHECK(gone.error() == "the master node zz is not ready");
  CHECK_FALSE(cb::controller::selectNodes(step, {{"x", "solo", "", "", 1}}, "x"));
}

TEST_CASE("--master resolves once to a node id: an id, or a hostname only one node reports") {
  using cb::controller::resolveMasterNode;
  CHECK(*resolveMasterNode("b", "", lab()) == "b");
  CHECK(*resolveMasterNode("node03", "", lab()) == "c");
  CHECK(*resolveMasterNode("", "a", lab()) == "a");
  CHECK(*resolveMasterNode("", "", lab()) == "");
  auto twins = lab();
  twins.push_back({"d", "master", "198.18.0.9", "198.18.0.0/24", 2});
  auto ambiguous = resolveMasterNode("master", "", twins);
  REQUIRE_FALSE(ambiguous);
  CHECK(ambiguous.error() ==
        "--master 'master' is the reported hostname of 2 nodes: give the node id");
  CHECK(*resolveMasterNode("d", "", twins) == "d");
  auto unknown = resolveMasterNode("node09", "", lab());
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().find("is no ready node") != std::string::npos);
}
